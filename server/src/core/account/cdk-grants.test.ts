import { test } from 'node:test';
import assert from 'node:assert/strict';
import grantData from './cdk-grants.json';
import { classesWithGrant, grantStatements, type GrantArgument } from './cdk-grants';
import { DeployString, type DeployValue } from './deploy-time';

test("every token in the grants' and own roles' resources is one the account reader can fill", () => {
  type Statements = { resources: string[] }[];
  for (const [className, construct] of Object.entries(grantData.constructs)) {
    const grants = construct.grants as Record<string, { statements: Statements; variants?: Record<string, Statements> }>;
    const lists: Record<string, Statements> = 'ownRole' in construct ? { ownRole: construct.ownRole as Statements } : {};
    for (const [method, grant] of Object.entries(grants)) {
      lists[method] = grant.statements;
      for (const [flags, statements] of Object.entries(grant.variants ?? {})) lists[`${method} (${flags})`] = statements;
    }
    for (const [method, statements] of Object.entries(lists)) {
      for (const resource of statements.flatMap((statement) => statement.resources)) {
        for (const [, token] of resource.matchAll(/\$\{([^}]+)\}/g)) {
          const known = /^AWS::(?:Partition|Region|AccountId|URLSuffix)$/.test(token) || token === 'objectsKeyPattern' || token.replace(/:\d+$/, '') in construct.attributes;
          assert.ok(known, `${className}.${method}: \${${token}} in ${resource}`);
        }
      }
    }
  }
});

test('a method names its class when only one known construct has it', () => {
  assert.deepEqual(classesWithGrant('grantReadWriteData'), ['Table']);
  assert.deepEqual(classesWithGrant('grantEncryptDecrypt'), ['Key']);
  assert.ok(classesWithGrant('grantRead').length > 1);
  assert.deepEqual(classesWithGrant('grantNothing'), []);
  assert.deepEqual(classesWithGrant('grants.readWriteData'), ['Table']);
  assert.deepEqual(classesWithGrant('grants.read').sort(), ['Bucket', 'LogGroup', 'StateMachine']);
});

test("a grant's statements with the construct's tokens filled in, and the actions a generic grant names", () => {
  const seen: [string | undefined, string][] = [];
  const statements = grantStatements('StringParameter', 'grantRead', { arguments: [] }, (attribute, token) => {
    seen.push([attribute, token]);
    return token === 'Ref' ? 'app/db-url' : { source: token };
  });
  assert.deepEqual(seen, [
    [undefined, 'AWS::Partition'],
    [undefined, 'AWS::Region'],
    [undefined, 'AWS::AccountId'],
    ['parameterName', 'Ref'],
  ]);
  const resource = statements![0].Resource as DeployString[];
  assert.deepEqual(resource[0].parts, ['arn:', { source: 'AWS::Partition' }, ':ssm:', { source: 'AWS::Region' }, ':', { source: 'AWS::AccountId' }, ':parameter/app/db-url']);
  const queueArn = () => 'arn:aws:sqs:us-east-1:111122223333:jobs';
  const generic = grantStatements('Queue', 'grant', { arguments: [argument('sqs:SendMessage'), argument('sqs:GetQueueUrl')] }, queueArn);
  assert.deepEqual(generic, [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueUrl'], Resource: ['arn:aws:sqs:us-east-1:111122223333:jobs'] }]);
  assert.equal(
    grantStatements('Queue', 'grantNothing', { arguments: [] }, () => ''),
    undefined,
  );
});

test("an encrypted construct's grants cover its key, in the order CDK writes them, with the other variants", () => {
  const token = (attribute: string | undefined, name: string) => (attribute === 'encryptionKey.keyArn' ? 'arn:aws:kms:us-east-1:111122223333:key/k1' : name);
  const actionsOf = (statements: { [key: string]: unknown }[] | undefined) => statements?.map((statement) => statement.Action);
  assert.deepEqual(actionsOf(grantStatements('Bucket', 'grantRead', { arguments: [], encrypted: true }, token)), [
    ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
    ['kms:Decrypt', 'kms:DescribeKey'],
  ]);
  const table = grantStatements('Table', 'grants.readData', { arguments: [], encrypted: true, indexed: true }, token);
  assert.deepEqual(table?.[0], { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: ['arn:aws:kms:us-east-1:111122223333:key/k1'] });
  assert.deepEqual(table?.[1].Resource, ['Arn', 'Arn/index/*']);
  const limited = grantStatements('Bucket', 'grantWrite', { arguments: [argument('*'), argument(['s3:PutObject'])], encrypted: true }, token);
  assert.deepEqual(actionsOf(limited), [['s3:PutObject'], ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt']]);
  // A construct whose grants never touch a key: as without.
  assert.deepEqual(grantStatements('StringParameter', 'grantRead', { arguments: [], encrypted: true }, token), grantStatements('StringParameter', 'grantRead', { arguments: [] }, token));
});

const argument = (value: DeployValue, source = JSON.stringify(value)): GrantArgument => ({ value, source });
const bucketToken = (attribute: string | undefined, token: string) => (attribute === 'bucketArn' ? 'arn:aws:s3:::reports' : token);

test("a grants object's methods take their arguments as CDK's do: actions as one list or as the rest, a key pattern first", () => {
  const queueArn = () => 'arn:aws:sqs:us-east-1:111122223333:jobs';
  assert.deepEqual(grantStatements('Queue', 'grants.actions', { arguments: [argument(['sqs:SendMessage', 'sqs:GetQueueUrl'])] }, queueArn)?.[0].Action, ['sqs:SendMessage', 'sqs:GetQueueUrl']);
  assert.deepEqual(grantStatements('Queue', 'grants.actions', { arguments: [argument(new DeployString([{ source: 'ACTIONS' }]), 'ACTIONS')] }, queueArn)?.[0].Action, [
    new DeployString([{ source: 'ACTIONS' }]),
  ]);
  const onKeys = grantStatements('Bucket', 'grants.actionsOnObjectKeys', { arguments: [argument('in/*'), argument('s3:GetObject'), argument('s3:PutObject')] }, bucketToken);
  assert.deepEqual(onKeys, [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::reports/in/*'] }]);
  const read = grantStatements('Bucket', 'grants.read', { arguments: [] }, bucketToken);
  assert.deepEqual(read?.[0].Resource, ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']);
  const pattern = grantStatements('Bucket', 'grants.read', { arguments: [argument(new DeployString([{ source: 'prefix' }]), 'prefix')] }, bucketToken);
  assert.deepEqual(pattern?.[0].Resource, ['arn:aws:s3:::reports', new DeployString(['arn:aws:s3:::reports/', { source: 'prefix' }])]);
});

test('a write that names the actions it gives grants those alone, as CDK writes it', () => {
  const write = grantStatements('Bucket', 'grantWrite', { arguments: [argument('out/*')] }, bucketToken);
  assert.ok((write?.[0].Action as string[]).includes('s3:DeleteObject*'));
  const limited = grantStatements('Bucket', 'grants.write', { arguments: [argument('out/*'), argument(['s3:PutObject'])] }, bucketToken);
  assert.deepEqual(limited, [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/out/*'] }]);
});
