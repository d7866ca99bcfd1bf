import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { arnResourceType } from './arn-resource-type';

test('arn-resource-type flags resource parts that fit no format of the service', () => {
  const { actual, expected } = spansOf(
    arnResourceType,
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:«tabel/books»", "arn:aws:states:*:*:«statemachine:*»", "arn:aws:logs:us-east-1:123456789012:«/aws/lambda/*»"], "NotResource": "arn:aws:kms:*:*:«:*»"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-resource-type suggests the closest resource type and fixes it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "states:StartExecution", "Resource": "arn:aws:states:us-east-1:123456789012:statemachine:orders"}]}';
  const [problem] = runCheck(arnResourceType, text);
  assert.equal(problem.severity, 'warning');
  assert.match(problem.message, /^"statemachine:orders" fits none of the ARN formats of states\. Did you mean "stateMachine"\? The resource part of states ARNs is one of: /);
  assert.equal(applyFix(text, problem), text.replace('statemachine', 'stateMachine'));
});

test('arn-resource-type lists the formats when it has no suggestion', () => {
  const [problem] = runCheck(arnResourceType, '{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:secret/x"}]}');
  assert.equal(problem.message, '"secret/x" fits none of the ARN formats of kms. The resource part of kms ARNs is one of: alias/${Alias}, key/${KeyId}.');
  assert.equal(problem.fixes, undefined);
});

test('arn-resource-type accepts ARNs of known formats, patterns, and services without formats', () => {
  const resources = [
    'arn:aws:s3:::my-bucket',
    'arn:aws:s3:::my-bucket/photos/*',
    'arn:aws:iam::123456789012:role/team/admin',
    'arn:aws:logs:*:*:log-group:/aws/lambda/*:*',
    'arn:aws:lambda:*:*:function:my-fn:prod',
    'arn:aws:dynamodb:*:*:table/books/index/*',
    'arn:aws:backup:*:*:recovery-point:*',
    'arn:aws:ec2:*:*:*',
    'arn:aws:sqs:*:*:${aws:username}-*',
    'arn:aws:*:*:*:nothing/like/this',
    'arn:aws:devops-guru:*:*:/channels',
    // AWS's own CloudFormation macros, documented in the CloudFormation User Guide rather than the reference.
    'arn:aws:cloudformation:us-east-1:aws:transform/Serverless-2016-10-31',
  ];
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: resources }] });
  assert.deepEqual(runCheck(arnResourceType, text), []);
});

test('arn-resource-type leaves condition values alone', () => {
  const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b:x:y' } } }] });
  assert.deepEqual(runCheck(arnResourceType, text), []);
});

// AWS's Glue managed policies (AWSGlueConsoleFullAccess) and Crossplane's provider-aws example: the account's star
// reaches past the colon, so the ARN matches the log groups /aws-glue/*.
test('arn-resource-type reads a resource part after a star that can begin no format as the end of one', () => {
  const policy = (resource: string) => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: resource }] });
  assert.deepEqual(runCheck(arnResourceType, policy('arn:aws:logs:*:*:/aws-glue/*')), []);
  assert.deepEqual(runCheck(arnResourceType, policy('arn:aws:logs:us-east-1:*:/aws/lambda/AmazonSecurityLake*')), []);
  // Without the star, or with a misspelt type, it is still reported.
  assert.equal(runCheck(arnResourceType, policy('arn:aws:logs:us-east-1:111122223333:/aws-glue/*')).length, 1);
  assert.equal(runCheck(arnResourceType, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:*:*:tabel/x' }] })).length, 1);
});

test('arn-resource-type reports a word of a format written in another case, which a name swallows, and fixes its case', () => {
  // Amplify sweep (Copilot's `${ddb.Arn}/Index/*`, written out here): DynamoDB writes `index`, and ARNs are case-sensitive.
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/orders/«Index»/*", "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/*", "arn:aws:dynamodb:us-east-1:111122223333:table/orders"]}]}';
  const { actual, expected } = spansOf(arnResourceType, text);
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(arnResourceType, text.replace(/[«»]/g, ''));
  assert.match(problem.message, /"Index" is "index" in dynamodb's ARNs of index/);
  assert.equal(applyFix(text.replace(/[«»]/g, ''), problem), text.replace(/[«»]/g, '').replace('orders/Index/*', 'orders/index/*'));
});
