import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument, policyAt } from '../analyze';
import { getCatalog } from '../catalog/catalog';
import { defaultConfiguration } from '../config/configuration';
import { prepareHostReaders } from '../hosts/index';
import { hoverAt } from './hover';

before(async () => {
  await prepareHostReaders();
});

/** The hover at the cursor of a host document, and the «…» span it should explain. */
function hover(source: string, uri: string, languageId: string) {
  const { text, cursor, spans } = marked(source);
  const analysis = analyzeDocument({ text, uri, languageId }, { config: defaultConfiguration });
  const at = policyAt(analysis, cursor);
  assert.ok(at, 'a policy at the cursor');
  return { result: hoverAt(at.policy, cursor, getCatalog()), spans };
}

const yaml = (source: string) => hover(source, 'file:///w/template.yaml', 'yaml');
const tf = (source: string) => hover(source, 'file:///w/main.tf', 'terraform');

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: {AWS: [«'arn:aws:iam::111122223333:role/ad|min'»]}
            Action: [«s3:Get|*»]
            Resource: «!Sub 'arn:\${AWS::Partition}:s3:::\${Data}/|*'»
            Condition:
              «Bo|ol»: {«aws:Secure|Transport»: false}
          - Effect: Allow
            Principal: «'|*'»
            Action: «s3:Get|Object»
            Resource: «arn:aws:s3:::bucket/|*»
`;

/** The template with only the n-th cursor and span kept. */
function nth(source: string, n: number): string {
  let cursor = 0;
  let open = 0;
  let close = 0;
  return source.replace(/[|«»]/g, (mark) => {
    const index = mark === '|' ? cursor++ : mark === '«' ? open++ : close++;
    return index === n ? mark : '';
  });
}

test('hover inside a YAML template explains principals, wildcards, ARNs under !Sub, operators and condition keys at their YAML spans', () => {
  const expected: RegExp[] = [
    /\*\*arn:aws:iam::111122223333:role\/admin\*\*: an IAM role in account 111122223333/,
    /^\*\*s3:Get\*\*\* matches \d+ actions/,
    /^\*\*ARN\*\* `arn:\$\{AWS::Partition\}:s3:::\$\{Data\}\/\*`[^]*Known at deploy time: `\$\{AWS::Partition\}`, `\$\{Data\}`\./,
    /^\*\*Bool\*\* · Bool operator/,
    /^\*\*aws:SecureTransport\*\* · Bool/,
    /every principal, including anonymous users/,
    /^\*\*s3:GetObject\*\* · Read/,
    /\| service \| `s3` \|/,
  ];
  expected.forEach((pattern, n) => {
    const { result, spans } = yaml(nth(template, n));
    assert.ok(result, `a hover for place ${n}`);
    assert.match(result.markdown, pattern);
    assert.deepEqual(result.span, spans[0], `span of place ${n}`);
  });
});

const document = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = [«"sts:Assume|Role"»]
    principals {
      type        = "Service"
      identifiers = [«"ec2.amazon|aws.com"»]
    }
    condition {
      test     = «"StringEqu|als"»
      variable = «"aws:Source|Account"»
      values   = ["111122223333"]
    }
  }
  statement {
    actions   = [«"s3:List|*"»]
    resources = [«"arn:aws:s3:::bucket/&{aws:user|name}/*"»]
  }
}
`;

test('hover inside a .tf file explains actions, principals, operators, keys and ARNs at their HCL spans', () => {
  const expected: RegExp[] = [
    /^\*\*sts:AssumeRole\*\* · /,
    /^\*\*ec2\.amazonaws\.com\*\*: the AWS service principal of ec2/,
    /^\*\*StringEquals\*\* · String operator/,
    /^\*\*aws:SourceAccount\*\* · String/,
    /^\*\*s3:List\*\*\* matches \d+ actions/,
    /^\*\*ARN\*\* `arn:aws:s3:::bucket\/\$\{aws:username\}\/\*`/,
  ];
  expected.forEach((pattern, n) => {
    const { result, spans } = tf(nth(document, n));
    assert.ok(result, `a hover for place ${n}`);
    assert.match(result.markdown, pattern);
    assert.deepEqual(result.span, spans[0], `span of place ${n}`);
  });
});

test('hover on a deploy-time ARN says what the template makes of it: the resource it names, a parameter default', () => {
  const source = (resource: string) => `Parameters:
  Prefix:
    Type: String
    Default: reports
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Data:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [sqs:SendMessage, s3:GetObject]
            Resource: ${resource}
`;
  const queue = yaml(source('«!GetAtt Que|ue.Arn»'));
  assert.ok(
    queue.result?.markdown.startsWith(
      [
        '**ARN** `${Queue.Arn}`',
        '',
        'Known at deploy time: `!GetAtt Queue.Arn` (the ARN of a sqs queue).',
        '',
        '**Matches the resource type**',
        '- `queue` (sqs): `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`\n\n---\n',
      ].join('\n'),
    ),
    queue.result?.markdown,
  );
  assert.deepEqual(queue.result?.span, queue.spans[0]);
  const objects = yaml(source("«!Sub 'arn:${AWS::Partition}:s3:::${Data}/${Prefix}|/*'»"));
  assert.match(
    objects.result!.markdown,
    /Known at deploy time: `\$\{AWS::Partition\}`, `\$\{Data\}` \(the name of a s3 bucket\), `\$\{Prefix\}` \(default `reports`, unless the deployment gives another value\)\./,
  );
  assert.match(objects.result!.markdown, /\*\*Matches the resource type\*\*\n- `object` \(s3\)/);
  assert.deepEqual(objects.result?.span, objects.spans[0]);
});
