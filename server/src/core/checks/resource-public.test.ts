import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { resourcePublic } from './resource-public';

test('resource-public flags "*" and {"AWS": "*"} in Allow statements of resource policies', () => {
  const { actual, expected } = spansOf(
    resourcePublic,
    `{"Statement": [
      {"Effect": "Allow", "Principal": «"*"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"},
      {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", «"*"»]}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket",
       "Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}},
      {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('resource-public says "public" and what would limit the caller', () => {
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:queue' }] });
  const [problem] = runCheck(resourcePublic, text, 'resource');
  assert.equal(
    problem.message,
    'This statement makes the resource public: it allows "*" (anyone, from any AWS account or none) and it has no condition. Name the principals, or add a condition such as "aws:PrincipalOrgID", "aws:SourceAccount", "aws:SourceVpce" or "aws:SourceIp".',
  );
  const conditioned = JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }],
  });
  assert.match(runCheck(resourcePublic, conditioned, 'resource')[0].message, /its conditions do not limit the caller/);
});

test('resource-public accepts pinned callers, named principals, endpoint policies and other policy types', () => {
  const cases: [unknown[], string?][] = [
    [[{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]],
    [[{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }]],
    [[{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }]],
    [[{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' }]],
    // A VPC endpoint policy: AWS's default statement, and a filter for Amazon Linux repositories beside it.
    [
      [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*' },
      ],
    ],
    [[{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 'dynamodb:GetItem'], Resource: 'arn:aws:s3:::bucket/*' }]],
    // Trust policies are the trust rules'.
    [[{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }], 'trust'],
  ];
  for (const [statements, type] of cases) {
    assert.deepEqual(runCheck(resourcePublic, JSON.stringify({ Statement: statements }), (type ?? 'resource') as 'resource'), [], JSON.stringify(statements));
  }
});
