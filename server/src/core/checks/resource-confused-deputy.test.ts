import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { resourceConfusedDeputy } from './resource-confused-deputy';

// From real templates: a CloudTrail bucket policy, an S3-to-SNS topic policy and a CloudFront OAC bucket policy
// without the source conditions their guides give.
test('resource-confused-deputy flags services let into a resource policy without a source condition, at the principal', () => {
  const { actual, expected } = spansOf(
    resourceConfusedDeputy,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Service": «"cloudtrail.amazonaws.com"»}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::trail/AWSLogs/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
      {"Effect": "Allow", "Principal": {"Service": [«"s3.amazonaws.com"», «"events.amazonaws.com"»]}, "Action": "sns:Publish", "Resource": "*"},
      {"Effect": "Allow", "Principal": {"Service": «"cloudfront.amazonaws.com"»}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('resource-confused-deputy says what the service could do, and adds an aws:SourceAccount condition', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' });
  const [problem] = runCheck(resourceConfusedDeputy, text, 'resource');
  assert.equal(
    problem.message,
    '"cloudfront.amazonaws.com" is let in without an "aws:SourceArn" or "aws:SourceAccount" condition, so any CloudFront distribution, another account\'s too, can serve what it allows (the confused deputy problem). Name the resource it acts for with "aws:SourceArn", or your account with "aws:SourceAccount".',
  );
  assert.deepEqual(JSON.parse(applyFix(text, problem)).Statement[0].Condition, { StringEquals: { 'aws:SourceAccount': '${AccountId}' } });
  // A principal the condition would lock out: no fix.
  const mixed = runCheck(
    resourceConfusedDeputy,
    policyWith({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sqs:SendMessage', Resource: '*' }),
    'resource',
  );
  assert.equal(mixed.length, 1);
  assert.equal(mixed[0].fixes, undefined);
});

test('resource-confused-deputy says a statement that only reads lets the service read for another account, not write', () => {
  // Sumo Logic's CloudTrail bucket policy (SaaS sweep): the GetBucketAcl and ListBucket statements said "can write its logs here".
  const messageOf = (action: string | string[]) =>
    runCheck(resourceConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: action, Resource: 'arn:aws:s3:::trail' }), 'resource')[0].message;
  assert.match(messageOf('s3:GetBucketAcl'), /, so the service can read this for a trail in another account too \(the confused deputy problem\)/);
  assert.match(messageOf(['s3:ListBucket', 's3:Get*']), /can read this for a trail in another account too/);
  assert.match(messageOf(['s3:GetBucketAcl', 's3:PutObject']), /, so a trail in another account can write its logs here \(/);
});

test('resource-confused-deputy accepts source conditions, key policies bound by encryption context, other services and policy types', () => {
  const cases: [Record<string, unknown>, 'resource' | 'identity' | 'trust'][] = [
    [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } },
      },
      'resource',
    ],
    [
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::uploads' }, StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
      'resource',
    ],
    [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
      },
      'resource',
    ],
    // Services whose guides ask for nothing here, a Deny, a Lambda permission (lambda-permission-source's).
    [{ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Encrypt*', Resource: '*' }, 'resource'],
    [{ Effect: 'Deny', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:DeleteObject', Resource: '*' }, 'resource'],
    [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: '*' }, 'resource'],
    [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }, 'trust'],
    // A value the template gives at deploy is its writer's.
    [{ Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } } }, 'resource'],
  ];
  for (const [statement, type] of cases) assert.deepEqual(runCheck(resourceConfusedDeputy, policyWith(statement), type), [], JSON.stringify(statement));
});

test('resource-confused-deputy says what the service could do with a topic, a key, or writes to a bucket (log-delivery sweep)', () => {
  const messageOf = (service: string, action: string | string[], resource = '*') =>
    runCheck(resourceConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: service }, Action: action, Resource: resource }), 'resource')[0]?.message;
  assert.match(messageOf('cloudtrail.amazonaws.com', 'sns:Publish'), /, so a trail in another account can publish its notifications to this topic \(/);
  assert.match(messageOf('cloudtrail.amazonaws.com', 'kms:GenerateDataKey*'), /, so a trail in another account can encrypt its logs with this key \(/);
  assert.match(messageOf('config.amazonaws.com', 'sns:Publish'), /, so another account's AWS Config can publish to this topic \(/);
  assert.match(messageOf('cloudfront.amazonaws.com', 's3:PutObject', 'arn:aws:s3:::logs/*'), /can write what it allows into this bucket \(/);
  assert.match(messageOf('cloudfront.amazonaws.com', 's3:GetObject', 'arn:aws:s3:::site/*'), /can serve what it allows \(/);
});

test('resource-confused-deputy knows GuardDuty findings export and Route 53 query logging, and not a rule writing to a log group', () => {
  const { actual, expected } = spansOf(
    resourceConfusedDeputy,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Service": «"guardduty.amazonaws.com"»}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::findings/*"},
      {"Effect": "Allow", "Principal": {"Service": «"route53.amazonaws.com"»}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/*"},
      {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/events/*:*"},
      {"Effect": "Allow", "Principal": {"Service": «"events.amazonaws.com"»}, "Action": "sqs:SendMessage", "Resource": "*"}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [guardDuty] = runCheck(resourceConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: 'guardduty.amazonaws.com' }, Action: 'kms:GenerateDataKey', Resource: '*' }), 'resource');
  assert.match(guardDuty.message, /, so another account's GuardDuty detector can encrypt its findings with this key \(/);
});

test("resource-confused-deputy knows CloudWatch Logs' Regional principal in a key policy, and says what a service could do with a key", () => {
  // A key policy letting logs.eu-west-2.amazonaws.com encrypt with no encryption context (cross-account and Terraform
  // composition sweeps), and S3's principal on a key, which was said to "send its event notifications here".
  const messageOf = (service: string, condition?: Record<string, unknown>) =>
    runCheck(
      resourceConfusedDeputy,
      policyWith({ Effect: 'Allow', Principal: { Service: service }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'], Resource: '*', ...(condition ? { Condition: condition } : {}) }),
      'resource',
    )[0]?.message;
  assert.match(
    messageOf('logs.eu-west-2.amazonaws.com')!,
    /^"logs\.eu-west-2\.amazonaws\.com" is let in without a condition on "kms:EncryptionContext:aws:logs:arn", so another account's log groups can be encrypted with this key \(/,
  );
  assert.match(messageOf('logs.${var.region}.amazonaws.com')!, /, so another account's log groups can be encrypted with this key \(/);
  assert.equal(messageOf('logs.eu-west-2.amazonaws.com', { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:111122223333:log-group:*' } }), undefined);
  assert.match(messageOf('s3.amazonaws.com')!, /, so a bucket in another account can use this key \(/);
});

test('resource-confused-deputy flags a report bucket that lets Cost and Usage Reports or Data Exports in without source conditions (billing sweep)', () => {
  const { actual, expected } = spansOf(
    resourceConfusedDeputy,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Service": «"billingreports.amazonaws.com"»}, "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy"], "Resource": "arn:aws:s3:::cur-reports"},
      {"Effect": "Allow", "Principal": {"Service": [«"billingreports.amazonaws.com"», «"bcm-data-exports.amazonaws.com"»]}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::cur-reports/*"},
      {"Effect": "Allow", "Principal": {"Service": ["billingreports.amazonaws.com", "bcm-data-exports.amazonaws.com"]}, "Action": ["s3:PutObject", "s3:GetBucketPolicy"], "Resource": ["arn:aws:s3:::cur-reports", "arn:aws:s3:::cur-reports/*"],
       "Condition": {"StringLike": {"aws:SourceAccount": "111122223333", "aws:SourceArn": ["arn:aws:cur:us-east-1:111122223333:definition/*", "arn:aws:bcm-data-exports:us-east-1:111122223333:export/*"]}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});
