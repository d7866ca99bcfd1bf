import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { dataExfiltration } from './data-exfiltration';

test('data-exfiltration flags object, secret and parameter reads on every resource', () => {
  const { actual, expected } = spansOf(dataExfiltration, '{"Statement": [{"Effect": "Allow", "Action": [«"s3:Get*"», "s3:ListBucket", «"secretsmanager:GetSecretValue"»], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('data-exfiltration counts service-wide ARNs as every resource and says what can be read', () => {
  const [problem] = runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }));
  assert.equal(
    problem.message,
    '"s3:GetObject" allows s3:GetObject on every resource and without conditions, so the holder can read every S3 object in reach. Name the ones this policy needs in "Resource".',
  );
});

test('data-exfiltration accepts named buckets and secrets, narrowing conditions, Deny and "*"', () => {
  assert.deepEqual(runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' })), []);
  assert.deepEqual(runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:*:111122223333:secret:app/*' })), []);
  assert.deepEqual(
    runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/app': 'web' } } })),
    [],
  );
  assert.deepEqual(runCheck(dataExfiltration, policyWith({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' })), []);
  assert.deepEqual(runCheck(dataExfiltration, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: { AWS: '111122223333' } }), 'resource'), []);
});

test('data-exfiltration leaves out reads the policy denies unconditionally, and keeps those a Deny only may take away', () => {
  const { actual, expected } = spansOf(
    dataExfiltration,
    `{"Statement": [
      {"Effect": "Allow", "Action": ["s3:GetObject", «"secretsmanager:GetSecretValue"»], "Resource": "*"},
      {"Effect": "Deny", "Action": "s3:*", "Resource": "*"},
      {"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:ResourceTag/team": "a"}}}]}`,
  );
  assert.deepEqual(actual, expected);
});

// A permissions boundary sets the most its user or role may get and grants nothing by itself:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
test('data-exfiltration is quiet in a permissions boundary, SCP and RCP, which grant nothing', () => {
  const text = policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 'secretsmanager:GetSecretValue'], Resource: '*' });
  assert.equal(runCheck(dataExfiltration, text, 'identity').length, 2);
  for (const type of ['boundary', 'scp', 'rcp'] as const) assert.deepEqual(runCheck(dataExfiltration, text, type), [], type);
});
