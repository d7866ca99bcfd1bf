import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { allowDenied } from './allow-denied';

const policyOf = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const guardDuty = { StringLike: { 'aws:PrincipalServiceName': 'guardduty.*.amazonaws.com' } };
const upload = { Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' };

// AWS's SRA GuardDuty delivery bucket, as deployed: the opt-in Regions' Deny kept only its second Condition.
test('allow-denied flags an Allow that a Deny with a subset of its conditions overrides, at the Allow', () => {
  const { actual, expected } = spansOf(
    allowDenied,
    `{"Version": "2012-10-17", "Statement": [«{»"Sid": "AWSBucketDeliveryOptinRegions", "Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*", "Condition": {"StringLike": {"aws:PrincipalServiceName": "guardduty.*.amazonaws.com"}, "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
     {"Sid": "DenyUnencryptedObjectUploadsOptinRegions", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*", "Condition": {"StringLike": {"aws:PrincipalServiceName": "guardduty.*.amazonaws.com"}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(allowDenied, policyOf({ ...upload, Effect: 'Allow', Condition: guardDuty }, { ...upload, Effect: 'Deny', Condition: guardDuty }), 'resource');
  assert.equal(
    problem.message,
    "Statement 1 allows nothing: statement 2 of this policy denies every request it allows, and an explicit Deny overrides an Allow. Remove the Allow, or narrow the Deny (a condition the Allow's requests do not meet).",
  );
});

test('allow-denied counts several Denies that together match every action, and wider actions and resources', () => {
  const problems = runCheck(
    allowDenied,
    policyOf(
      { Effect: 'Allow', Action: ['iam:CreateUser', 'S3:GetObject'], Resource: 'arn:aws:s3:::b/k' },
      { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
      { Sid: 'NoReads', Effect: 'Deny', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' },
    ),
  );
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      'Statement 1 allows nothing: statement "NoIam" and statement "NoReads" of this policy deny every request it allows, and an explicit Deny overrides an Allow. Remove the Allow, or narrow the Deny (a condition the Allow\'s requests do not meet).',
    ],
  );
});

test('allow-denied accepts an Allow a Deny narrows but does not cover', () => {
  const accepted = [
    // The Deny tests something the Allow does not: it applies to some of its requests only.
    policyOf({ ...upload, Effect: 'Allow' }, { ...upload, Effect: 'Deny', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }),
    // The same key, other values.
    policyOf({ ...upload, Effect: 'Allow', Condition: guardDuty }, { ...upload, Effect: 'Deny', Condition: { StringLike: { 'aws:PrincipalServiceName': 'config.amazonaws.com' } } }),
    // Some of the actions, resources or principals only.
    policyOf({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }, { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' }),
    policyOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/secret/*' }),
    policyOf({ ...upload, Effect: 'Allow', Principal: { AWS: ['111122223333', '444455556666'] } }, { ...upload, Effect: 'Deny', Principal: { AWS: '111122223333' } }),
    // NotAction and NotResource denies are not weighed.
    policyOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }),
    policyOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::c/*' }),
    // Deny statements alone.
    policyOf({ Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }),
  ];
  for (const text of accepted) assert.deepEqual(runCheck(allowDenied, text, text.includes('Principal') ? 'resource' : 'identity'), [], text);
});
