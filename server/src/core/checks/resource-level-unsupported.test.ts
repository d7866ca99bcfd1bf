import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { resourceLevelUnsupported } from './resource-level-unsupported';

test('resource-level-unsupported flags actions that take only "*" beside specific ARNs', () => {
  const { actual, expected } = spansOf(
    resourceLevelUnsupported,
    '{"Statement": [{"Effect": "Allow", "Action": ["«ec2:DescribeInstances»", "ec2:StartInstances", "«iam:ListRoles»"], "Resource": "arn:aws:ec2:*:*:instance/*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('resource-level-unsupported says to move the action to a statement with "Resource": "*"', () => {
  const [problem] = runCheck(resourceLevelUnsupported, policyWith({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: 'arn:aws:iam::123456789012:role/*' }));
  assert.equal(problem.message, '"iam:ListRoles" does not support resource-level permissions, so it most likely never matches this statement\'s ARNs. Move it to a statement with "Resource": "*".');
  assert.equal(problem.severity, 'information');
});

test('resource-level-unsupported accepts "*", service-wide patterns and actions with resource types', () => {
  const statements = [
    { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
    // The S3 guide grants s3:ListAllMyBuckets on "arn:aws:s3:::*".
    { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' },
    { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: 'arn:aws:ec2:*:*:instance/*' },
  ];
  assert.deepEqual(runCheck(resourceLevelUnsupported, JSON.stringify({ Statement: statements })), []);
});

test("resource-level-unsupported accepts Step Functions' HTTP Task on the state machine that runs it, as its guide grants it", () => {
  // A Salesforce disaster recovery stack (EventBridge sweep) and the Developer Guide's "Call HTTPS APIs" policy.
  const statement = {
    Effect: 'Allow',
    Action: 'states:InvokeHTTPEndpoint',
    Resource: 'arn:aws:states:us-east-1:111122223333:stateMachine:orders',
    Condition: { StringEquals: { 'states:HTTPMethod': 'POST' }, StringLike: { 'states:HTTPEndpoint': 'https://api.example.com/*' } },
  };
  assert.deepEqual(runCheck(resourceLevelUnsupported, policyWith(statement)), []);
});

test("resource-level-unsupported accepts logs:PutAccountPolicy on a log destination, as an account-level subscription's destination policy grants it", () => {
  const statement = {
    Effect: 'Allow',
    Principal: { AWS: '111122223333' },
    Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'],
    Resource: 'arn:aws:logs:us-east-1:999999999999:destination:central',
  };
  assert.deepEqual(runCheck(resourceLevelUnsupported, policyWith(statement), 'resource'), []);
});
