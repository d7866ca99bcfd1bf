import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { findManagedPolicyRefs, isSamTemplateText, managedPolicyRefAt } from './managed-policy-refs';

const spansOf = (source: string, sam = false) => {
  const { text, spans } = marked(source);
  return { refs: findManagedPolicyRefs(text, sam), spans, text };
};

test('finds AWS managed policy ARNs in a CloudFormation template: ManagedPolicyArns, PermissionsBoundary and policy values', () => {
  const { refs, spans } = spansOf(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - «arn:aws:iam::aws:policy/ReadOnlyAccess»
        - !Sub "«arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaRole»"
        - arn:aws:iam::123456789012:policy/Mine
        - !Ref Custom
      PermissionsBoundary: «arn:aws-us-gov:iam::aws:policy/PowerUserAccess»
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:AttachRolePolicy
                Resource: arn:aws:iam::aws:policy/*
                Condition:
                  ArnEquals:
                    iam:PolicyARN: «arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess»
`);
  assert.deepEqual(
    refs.map((r) => r.span),
    spans,
  );
  assert.deepEqual(
    refs.map((r) => [r.arn, r.partition]),
    [
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'aws'],
      // A deploy-time partition is looked up in `aws`, and says so.
      ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole', undefined],
      ['arn:aws-us-gov:iam::aws:policy/PowerUserAccess', 'aws-us-gov'],
      ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'aws'],
    ],
  );
});

test('finds SAM Policies entries that are managed policy names, not policy templates or statements', () => {
  const source = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - «AmazonS3ReadOnlyAccess»
        - S3ReadPolicy:
            BucketName: b
        - «arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess»
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: "*"
        - «CloudWatchLogsReadOnlyAccess» # a comment
      Handler: index.handler
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Policies: «AWSLambdaExecute»
      Runtime: nodejs22.x
`;
  const { refs, spans, text } = spansOf(source, true);
  assert.ok(isSamTemplateText(text));
  assert.deepEqual(
    refs.map((r) => r.span),
    spans,
  );
  assert.deepEqual(
    refs.map((r) => r.arn).filter((a) => !a.includes('Xray')),
    ['AmazonS3ReadOnlyAccess', 'CloudWatchLogsReadOnlyAccess', 'AWSLambdaExecute'].map((n) => `arn:aws:iam::aws:policy/${n}`),
  );
  // Without SAM, bare names are not references: `Policies:` of an AWS::IAM::Role holds inline policies.
  assert.deepEqual(
    findManagedPolicyRefs(text).map((r) => r.arn),
    ['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'],
  );
});

test('finds policy_arn, managed_policy_arns and permissions_boundary in Terraform, with interpolated partitions', () => {
  const { refs, spans } = spansOf(`resource "aws_iam_role_policy_attachment" "ro" {
  role       = aws_iam_role.r.name
  policy_arn = "«arn:aws:iam::aws:policy/ReadOnlyAccess»"
}
resource "aws_iam_role" "r" {
  name                 = "r"
  managed_policy_arns  = ["«arn:\${data.aws_partition.current.partition}:iam::aws:policy/AmazonSQSFullAccess»", aws_iam_policy.mine.arn]
  permissions_boundary = "«arn:aws:iam::aws:policy/PowerUserAccess»"
  description          = "arn:aws:iam::aws:policy/\${var.name}"
}
`);
  assert.deepEqual(
    refs.map((r) => r.span),
    spans,
  );
  assert.equal(refs[1].arn, 'arn:aws:iam::aws:policy/AmazonSQSFullAccess');
  assert.equal(refs[1].partition, undefined);
});

test('managedPolicyRefAt finds the reference under the cursor, ends included', () => {
  const { text, cursor } = marked('{"Resource": "arn:aws:iam::aws:policy/ReadOnly|Access"}');
  const refs = findManagedPolicyRefs(text);
  assert.equal(managedPolicyRefAt(refs, cursor)?.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(managedPolicyRefAt(refs, refs[0].span.end)?.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(managedPolicyRefAt(refs, 2), undefined);
});
