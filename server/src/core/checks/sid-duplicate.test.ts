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
