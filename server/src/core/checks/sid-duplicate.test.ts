import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { sidDuplicate } from './sid-duplicate';

test('sid-duplicate flags every repeat of a Sid', () => {
  const { actual, expected } = spansOf(sidDuplicate, '{"Statement": [{"Sid": "A"}, {"Sid": «"A"»}, {"Sid": "B"}, {"Sid": «"A"»}]}');
  assert.deepEqual(actual, expected);
});

test('sid-duplicate accepts distinct Sids, case-sensitively, and statements without one', () => {
  assert.deepEqual(runCheck(sidDuplicate, '{"Statement": [{"Sid": "A"}, {"Sid": "a"}, {}, {}]}'), []);
});

test('sid-duplicate accepts an empty Sid on several statements, as in the S3 User Guide and Terraform output', () => {
  assert.deepEqual(runCheck(sidDuplicate, '{"Statement": [{"Sid": ""}, {"Sid": ""}, {"Sid": ""}]}'), []);
  const { actual, expected } = spansOf(sidDuplicate, '{"Statement": [{"Sid": ""}, {"Sid": "A"}, {"Sid": ""}, {"Sid": «"A"»}]}');
  assert.deepEqual(actual, expected);
});

test('sid-duplicate accepts a repeated Sid in a KMS key policy, as the key policy AWS writes for aws/secretsmanager has', () => {
  const statement = (action: string) => ({ Sid: 'Allow access through AWS Secrets Manager', Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: '*' });
  const keyPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [statement('kms:Decrypt'), statement('kms:GenerateDataKey*')] });
  assert.deepEqual(runCheck(sidDuplicate, keyPolicy, 'resource'), []);
  // A bucket policy, or an identity policy of KMS actions, still must not repeat one.
  const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [statement('kms:Decrypt'), statement('s3:GetObject')] });
  assert.equal(runCheck(sidDuplicate, bucketPolicy, 'resource').length, 1);
  assert.equal(runCheck(sidDuplicate, keyPolicy, 'identity').length, 1);
});

// AWS's Security Reference Architecture deploys a GuardDuty delivery bucket whose policy repeats a Sid.
test('sid-duplicate says only information of a repeated Sid in an S3 bucket policy, which S3 accepts', () => {
  const statement = (principal: unknown) => ({ Sid: 'AWSBucketPermissionsCheck', Effect: 'Allow', Principal: principal, Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: 'arn:aws:s3:::b' });
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement({ Service: 'guardduty.amazonaws.com' }), statement('*')] });
  const [problem] = runCheck(sidDuplicate, text, 'resource');
  assert.equal(problem.severity, 'information');
  assert.equal(problem.message, 'Sid "AWSBucketPermissionsCheck" is already used by an earlier statement. S3 accepts that, but the Sid no longer names one statement: give each its own.');
  // In an identity policy, or a resource policy of another service, it stays an error.
  assert.equal(runCheck(sidDuplicate, text, 'identity')[0].severity, 'error');
  assert.equal(runCheck(sidDuplicate, text.replaceAll('s3:ListBucket', 'sqs:SendMessage'), 'resource')[0].severity, 'error');
});
