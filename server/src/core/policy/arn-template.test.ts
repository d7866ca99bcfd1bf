import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitArn } from './arn';
import { arnMatchesTemplate, arnResourceMatchesTemplate } from './arn-template';

const bucket = 'arn:${Partition}:s3:::${BucketName}';
const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const role = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
const table = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';
const index = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}';
const logGroup = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}';
const logStream = 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}';
const lambda = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}';
const dmsEndpoint = 'arn:${Partition}:dms:${Region}:${Account}:endpoint:*';
const parameter = 'arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}';
const queue = 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}';
const user = 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}';
const tableBucket = 'arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}';
const kmsKey = 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}';
const kmsAlias = 'arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}';
const s3Table = 'arn:${Partition}:s3tables:${Region}:${Account}:bucket/${TableBucketName}/table/${TableID}';

const matches: Array<[arn: string, template: string, expected: boolean]> = [
  ['arn:aws:s3:::my-bucket', bucket, true],
  ['arn:aws:s3:::my-bucket', object, false],
  ['arn:aws:s3:::my-bucket/*', object, true],
  ['arn:aws:s3:::my-bucket/*', bucket, false],
  ['arn:aws:s3:::my-bucket/photos/2024/a.jpg', object, true],
  ['arn:aws:s3:::my-bucket*', bucket, true],
  ['arn:aws:s3:::my-bucket*', object, true],
  ['arn:aws:s3:::*', bucket, true],
  ['arn:aws:s3:::*', object, true],
  ['arn:aws:s3:::my-bucket/', object, false],
  // A table bucket's name holds no `/` either (AI sweep: s3tables:ListTables granted on the tables only).
  ['arn:aws:s3tables:eu-west-1:111122223333:bucket/b/table/*', tableBucket, false],
  ['arn:aws:s3tables:eu-west-1:111122223333:bucket/b/table/*', s3Table, true],
  ['arn:aws:s3tables:eu-west-1:111122223333:bucket/b', tableBucket, true],
  ['arn:aws:s3tables:eu-west-1:111122223333:bucket/*', tableBucket, true],
  // A KMS key's ID holds no `:` or `/`, so the Region's `*` does not run on to an alias inside one (KMS sweep).
  ['arn:aws:kms:*:*:alias/*', kmsKey, false],
  ['arn:aws:kms:*:*:alias/*', kmsAlias, true],
  ['arn:aws:kms:*:*:key/*', kmsKey, true],
  ['arn:aws:kms:*:*:*', kmsKey, true],
  // An alias's name holds no `:` either: an empty account names neither keys nor aliases (AWSRefactoringToolkitFullAccess).
  ['arn:aws:kms:*::*', kmsKey, false],
  ['arn:aws:kms:*::*', kmsAlias, false],
  ['arn:aws:lambda:us-east-1:111122223333:function:f:live', 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Alias}', true],
  ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', kmsKey, true],
  ['arn:aws:s3:us-east-1::my-bucket', bucket, false],
  ['arn:aws:s3:::${aws:username}', bucket, true],
  ['arn:aws:s3:::home/${aws:username}/*', object, true],
  ['arn:*:s3:::b', bucket, true],
  ['arn:aws-cn:s3:::b', bucket, true],
  ['arn:aws:s3:::b', role, false],
  ['arn:aws:iam::123456789012:role/admin', role, true],
  ['arn:aws:iam::123456789012:role/team/admin', role, true],
  ['arn:aws:iam::*:role/idt-*', role, true],
  ['arn:aws:iam::123456789012:role/', role, false],
  ['arn:aws:iam::123456789012:user/bob', role, false],
  ['arn:aws:dynamodb:us-east-1:123456789012:table/books', table, true],
  // A trailing placeholder may hold slashes (object keys, IAM paths), so the table format also takes index ARNs.
  ['arn:aws:dynamodb:us-east-1:123456789012:table/books/index/by-author', table, true],
  ['arn:aws:dynamodb:us-east-1:123456789012:table/books/index/by-author', index, true],
  ['arn:aws:dynamodb:*:*:table/books*', index, true],
  ['arn:aws:dynamodb::123456789012:table/books', table, false],
  ['arn:aws:logs:*:*:log-group:/aws/lambda/*', logGroup, true],
  // CloudWatch Logs writes log group ARNs with a trailing ":*" itself.
  ['arn:aws:logs:*:*:log-group:/aws/lambda/x:*', logGroup, true],
  ['arn:aws:logs:*:*:log-group:x:log-stream:y', logGroup, true],
  ['arn:aws:logs:us-east-1:123456789012:log-group:a:b:log-stream:y', logStream, false],
  ['arn:aws:logs:*:*:log-group:/aws/lambda/x:*', logStream, true],
  ['arn:aws:logs:*:*:*', logStream, true],
  ['arn:aws:lambda:us-east-1:123456789012:function:my-fn', lambda, true],
  ['arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod', lambda, true],
  ['arn:aws:dms:us-east-1:123456789012:endpoint:ABC', dmsEndpoint, true],
  ['arn:aws:dms:us-east-1:123456789012:endpoint:', dmsEndpoint, true],
  // Systems Manager's public parameters are AWS's, without an account; an SQS queue always has one.
  ['arn:aws:ssm:us-east-1::parameter/aws/service/*', parameter, true],
  ['arn:aws:ssm:us-east-1:123456789012:parameter/app', parameter, true],
  ['arn:aws:ssm:us-east-1::parameter', parameter, false],
  ['arn:aws:sqs:eu-west-2::queue', queue, false],
  ['arn:aws:s3:::b?', bucket, true],
  ['arn:aws:s3:::?', object, false],
  ['arn:aws:s3:::a${*}b', bucket, true],
  ['*', object, true],
  ['arn:aws:*', role, true],
  ['', bucket, false],
  // The service an ARN names is the one it means: the partition's `*` does not stand for another service's ARN up to a
  // `:logs:` in its resource path (Chalice's generated policy pairs this with execute-api and apigateway actions).
  ['arn:*:logs:*:*:*', logStream, true],
  ['arn:*:logs:*:*:*', 'arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}', false],
  ['arn:*:logs:*:*:*', role, false],
  ['arn:aws:s*:::b', bucket, true],
  ['arn:aws:${aws:service}:::b', bucket, true],
  // A template's placeholder holds colons of its own: the service is still the field after it.
  ['arn:${AWS::Partition}:securityhub:*:*:*', 'arn:${Partition}:securityhub:${Region}:${Account}:product/${Company}/${ProductId}', true],
  ['arn:${AWS::Partition}:logs:*:*:*', role, false],
  // A variable written as a whole leading field is that field's one value (a template's account ID): it does not run
  // on into the resource, so `role/da*` after it names no user; a `*` there may expand past the colons.
  ['arn:aws:iam::${account_id}:role/da*', user, false],
  ['arn:aws:iam::${account_id}:role/da*', role, true],
  ['arn:${partition}:iam::${aws:PrincipalAccount}:user/ci', user, true],
  ['arn:aws:logs:${region}:${account_id}:log-group:/app/*', logGroup, true],
  ['arn:aws:logs:${region}:${account_id}:log-group:/app/*', role, false],
  ['arn:aws:iam::x${suffix}:role/da*', role, true],
];

test('arnMatchesTemplate decides whether a policy ARN can name a resource of a format', () => {
  for (const [arn, template, expected] of matches) assert.equal(arnMatchesTemplate(arn, template), expected, `${arn} vs ${template}`);
});

test('arnResourceMatchesTemplate compares only the resource parts', () => {
  assert.equal(arnResourceMatchesTemplate('my-bucket/*', object), true);
  assert.equal(arnResourceMatchesTemplate('my-bucket', object), false);
  assert.equal(arnResourceMatchesTemplate('table/books', table), true);
  assert.equal(arnResourceMatchesTemplate('stateMachine:x', table), false);
  assert.equal(arnResourceMatchesTemplate('x', 'arn:aws:s3'), false);
});

// No wall-clock assertion (load on a shared machine would flake it): the input is sized so that a backtracking or
// quadratic implementation runs for minutes, a linear one for milliseconds, and the test's timeout fails the former.
test('arnMatchesTemplate stays fast on hostile patterns', { timeout: 20_000 }, () => {
  const hostile = `arn:aws:s3:::${'*a'.repeat(900)}b`;
  for (let i = 0; i < 20; i++) arnMatchesTemplate(hostile, object);
  assert.equal(arnMatchesTemplate(`arn:aws:s3:::${'x'.repeat(5000)}`, role), true, 'overlong values are taken to match');
  const unclosed = '${'.repeat(400_000);
  assert.deepEqual(splitArn(unclosed), [{ text: unclosed, start: 0, end: unclosed.length }]);
});
