import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyAccountMessage } from './contents';
import { readTemplateAccount } from './from-cloudformation';
import { emptyAccount } from './model';

function account(text: string) {
  const result = readTemplateAccount(text, 'template.yaml', { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  return result.account!;
}

const bucketPolicy = (id: string, bucket: string) => `
  ${id}:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: ${bucket}
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::444455556666:root }
            Action: s3:GetObject
            Resource: arn:aws:s3:::${bucket}/*`;

test('an account of resource policies only says which kinds it defines, and what was left out', () => {
  const read = account(`Resources:${bucketPolicy('Logs', 'logs-bucket')}${bucketPolicy('Assets', 'assets-bucket')}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: kms:*
            Resource: "*"
  Attach:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [elsewhere]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
`);
  assert.equal(
    emptyAccountMessage(read),
    'The account sources define no users, groups, roles or managed policies, only resource-based policies: 2 bucket policies and 1 key policy; 1 entry was left out. See Sources for what was read.',
  );
});

test('an empty account says so, with nothing else to name', () => {
  assert.equal(emptyAccountMessage(emptyAccount()), 'The account sources define no users, groups, roles or managed policies. See Sources for what was read.');
});
