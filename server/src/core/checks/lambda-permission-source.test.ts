import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { lambdaPermissionSource } from './lambda-permission-source';

const policyOf = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const invoke = { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:fn' };

// Lambda's own example of add-permission for SNS, which "doesn't restrict the Amazon SNS topic that triggers the invocation".
test('lambda-permission-source flags a service principal allowed to invoke a function without a source, at the principal', () => {
  const { actual, expected } = spansOf(
    lambdaPermissionSource,
    '{"Version": "2012-10-17", "Statement": [{"Sid": "sns", "Effect": "Allow", "Principal": {"Service": [«"sns.amazonaws.com"», "111122223333"]}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-2:123456789012:function:my-function"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(lambdaPermissionSource, policyOf({ ...invoke, Principal: { Service: 'events.amazonaws.com' } }), 'resource');
  assert.equal(
    problem.message,
    '"events.amazonaws.com" may invoke this function for any of its resources, also one in another account. Name the resource that invokes it with an "aws:SourceArn" condition (SourceArn on a Lambda permission), or at least its account with "aws:SourceAccount".',
  );
});

test('lambda-permission-source accepts a source condition, accounts, other actions and other policy types', () => {
  const accepted: [string, 'resource' | 'trust' | 'identity'][] = [
    [policyOf({ ...invoke, Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket' } } }), 'resource'],
    [policyOf({ ...invoke, Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } }), 'resource'],
    [policyOf({ ...invoke, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'resource'],
    [policyOf({ ...invoke, Principal: { Service: 'alexa-appkit.amazon.com' } }), 'resource'],
    // A load balancer invokes only functions of its own account (AI sweep: BedrockProxy's ALB target).
    [policyOf({ ...invoke, Principal: { Service: 'elasticloadbalancing.amazonaws.com' } }), 'resource'],
    [policyOf({ ...invoke, Action: 'lambda:GetFunction', Principal: { Service: 'events.amazonaws.com' } }), 'resource'],
    [policyOf({ ...invoke, Effect: 'Deny', Principal: { Service: 'events.amazonaws.com' } }), 'resource'],
    [policyOf({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'],
  ];
  for (const [text, type] of accepted) assert.deepEqual(runCheck(lambdaPermissionSource, text, type), [], text);
});
