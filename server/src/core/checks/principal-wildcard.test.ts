import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { checkPolicy } from '../lint';
import { terraformReader } from '../hosts/terraform/index';
import { principalWildcard } from './principal-wildcard';

test('principal-wildcard flags wildcards inside principal values', () => {
  const { actual, expected } = spansOf(
    principalWildcard,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [«"arn:aws:iam::*:role/admin"», «"arn:aws:iam::111122223333:user/dev-?"», "*"], "Service": «"*.amazonaws.com"», "Federated": «"*"»}, "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "NotPrincipal": {"AWS": «"arn:aws:sts::111122223333:assumed-role/r/*"»}, "Action": "s3:*", "Resource": "*"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('principal-wildcard suggests a condition on aws:PrincipalArn', () => {
  const [problem] = runCheck(principalWildcard, policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app-*' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(
    problem.message,
    '"arn:aws:iam::111122223333:role/app-*" under "AWS" contains a wildcard, which IAM does not support in a principal. Name each principal exactly, or use "*" and the condition "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}.',
  );
});

test('principal-wildcard accepts "*" alone and exact principals', () => {
  assert.deepEqual(runCheck(principalWildcard, policyWith({ Effect: 'Allow', Principal: { AWS: ['*', '111122223333'] }, Action: 's3:GetObject', Resource: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(principalWildcard, policyWith({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(principalWildcard, policyWith({ Principal: { AWS: 'arn:aws:iam::*:root' } }), 'identity'), []);
});

test("principal-wildcard reads a * inside a placeholder as the host's, not a wildcard", async () => {
  // cloudposse's EKS node group: the account from Terraform's splat `data.aws_caller_identity.current.*.account_id`.
  await terraformReader.prepare!();
  const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::\${join("", data.aws_caller_identity.current.*.account_id)}:role/node", "arn:aws:iam::\${var.account}:role/app-*"]
    }
  }
}
`;
  const [embedded] = terraformReader.read({ text, uri: 'file:///work/splat-principal.tf' })!.policies;
  const problems = checkPolicy(embedded.policy, { policyType: 'trust' }, [principalWildcard]);
  assert.deepEqual(
    problems.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['"arn:aws:iam::${var.account}:role/app-*"'],
  );
});
