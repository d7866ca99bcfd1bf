import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplateAccount } from './from-cloudformation';
import { AccountEvaluator } from './account-evaluator';
import { findPrincipal } from './principal-policies';
import { whoCan } from './who-can';
import type { Account } from './model';

// SAM connectors (AWS::Serverless::Connector, and Connectors embedded in a resource) in the account model: the IAM
// managed policies SAM writes for them, from the connector profiles of aws-sam-translator (sam-data.json).

function account(text: string): Account {
  const result = readTemplateAccount(text, 'template.yaml', { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  return result.account!;
}

function decide(account: Account, who: string, action: string, resource: string, context?: Record<string, string>): string {
  const principal = findPrincipal(account, who);
  assert.ok(typeof principal !== 'string', String(principal));
  return new AccountEvaluator(account, { context }).decide(principal, action, resource).decision;
}

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: reader
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
    Connectors:
      ToOrders:
        Properties:
          Destination: {Id: Orders}
          Permissions: [Read, Write]
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports
  Orders:
    Type: AWS::Serverless::SimpleTable
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
  Alerts:
    Type: AWS::SNS::Topic
  ReaderToReports:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination: {Id: Reports}
      Permissions: [Read]
  FanOut:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination:
        - Id: Jobs
        - Type: AWS::SNS::Topic
          Arn: arn:aws:sns:us-east-1:111122223333:alerts
      Permissions: [Write]
  JobsToReader:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Jobs}
      Destination: {Id: Reader}
      Permissions: [Read, Write]
  Deleter:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination: {Id: Reports}
      Permissions: [Delete]
  AlertsToJobs:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Alerts}
      Destination: {Id: Jobs}
      Permissions: [Write]
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
  ApiToReader:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Api}
      Destination: {Id: Reader}
      Permissions: [Write]
`;

test('a connector attaches the managed policy SAM writes to the role of its source, with the categories its Permissions name', () => {
  const read = account(template);
  const policy = (name: string) => `arn:aws:iam::111122223333:policy/${name}`;
  const role = read.roles.get('arn:aws:iam::111122223333:role/ReaderRole')!;
  assert.deepEqual(
    role.attached.filter((arn) => arn.includes(':policy/') && !arn.includes('iam::aws:')),
    [policy('ReaderToOrdersPolicy'), policy('ReaderToReportsPolicy'), policy('FanOutPolicyDestination0'), policy('FanOutPolicyDestination1'), policy('JobsToReaderPolicy')],
  );
  // Read on the bucket, not Write: the bucket's name is written out, so its ARN is known.
  assert.equal(decide(read, 'ReaderRole', 's3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv'), 'Allowed');
  assert.equal(decide(read, 'ReaderRole', 's3:PutObject', 'arn:aws:s3:::reports/2026/q1.csv'), 'ImplicitlyDenied');
  // The embedded connector: Read and Write on the table.
  assert.equal(
    decide(read, 'ReaderRole', 'dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders', { 'deploy-time:GetAtt/Orders.Arn': 'arn:aws:dynamodb:us-east-1:111122223333:table/orders' }),
    'Allowed',
  );
  // Each of several destinations has its own policy: Write to the queue, and to the topic by its written ARN.
  const queue = { 'deploy-time:GetAtt/Jobs.Arn': 'arn:aws:sqs:us-east-1:111122223333:jobs' };
  assert.equal(decide(read, 'ReaderRole', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs', queue), 'Allowed');
  assert.equal(decide(read, 'ReaderRole', 'sns:Publish', 'arn:aws:sns:us-east-1:111122223333:alerts'), 'Allowed');
  assert.equal(decide(read, 'ReaderRole', 'sns:Subscribe', 'arn:aws:sns:us-east-1:111122223333:alerts'), 'ImplicitlyDenied');
  // A pull source's policy goes to the destination's role: the function reads the queue.
  assert.equal(decide(read, 'ReaderRole', 'sqs:ReceiveMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs', queue), 'Allowed');
});

test('a connector SAM rejects is named in a warning and left out', () => {
  const read = account(template);
  assert.deepEqual(
    read.warnings.filter((warning) => warning.includes('Resources.Deleter ')),
    ['template.yaml: Resources.Deleter asks for Delete from AWS::Lambda::Function to AWS::S3::Bucket, which SAM does not accept, so the transform fails; it is left out.'],
  );
  assert.ok(
    read.warnings.includes(
      'template.yaml: SAM generates 5 managed policies for connectors whose names are generated at deploy (ReaderToOrdersPolicy, ReaderToReportsPolicy, FanOutPolicyDestination0, FanOutPolicyDestination1, JobsToReaderPolicy); each is named by its logical id here.',
    ),
  );
});

test('a connector that makes SAM write a queue policy or a Lambda permission is a resource policy of its destination: who-can names the service', () => {
  const read = account(template);
  assert.deepEqual(
    read.resourcePolicies.map((entry) => [entry.type, entry.policy.name, entry.source.path]),
    [
      ['AWS::SQS::QueuePolicy', 'queue policy AlertsToJobsQueuePolicy', 'Resources.AlertsToJobs'],
      ['AWS::Lambda::Permission', 'function policy ApiToReaderLambdaPermission', 'Resources.ApiToReader'],
    ],
  );
  // SNS may send to the queue from the topic (ArnEquals aws:SourceArn), API Gateway invoke the function from the API.
  const queue = 'arn:aws:sqs:us-east-1:111122223333:jobs';
  const context = { 'deploy-time:AWS::Region': 'us-east-1', 'deploy-time:GetAtt/Jobs.Arn': queue };
  assert.deepEqual(
    whoCan(new AccountEvaluator(read, { context }), 'sqs:SendMessage', queue)
      .allowed.filter((entry) => entry.principal.endsWith('.amazonaws.com'))
      .map((entry) => [entry.principal, entry.decision]),
    [['sns.amazonaws.com', 'Conditional']],
  );
  assert.deepEqual(
    whoCan(new AccountEvaluator(read, { context }), 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:reader')
      .allowed.filter((entry) => entry.principal.endsWith('.amazonaws.com'))
      .map((entry) => [entry.principal, entry.decision]),
    [['apigateway.amazonaws.com', 'Conditional']],
  );
});

test("the connector policies match the SAM translator's own output for its connector_function_to_table test", () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sam-connectors', 'connector_function_to_table.yaml'), 'utf8');
  const read = account(text);
  const reads = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect'];
  const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'];
  // tests/translator/output/connector_function_to_table.json: each policy's Roles and its statements' actions.
  const expected: Record<string, { role: string; actions: string[][] }> = {
    MyConnectorPolicy: { role: 'MyRole', actions: [reads] },
    MyConnectorWith2ACsPolicy: { role: 'MyRole', actions: [reads, writes] },
    MyConnectorWithRoleNamePolicy: { role: 'MyRole', actions: [reads] },
    MyConnectorWithTableArnPolicy: { role: 'MyServerlessFunctionRole', actions: [reads] },
  };
  for (const [name, { role, actions }] of Object.entries(expected)) {
    const arn = `arn:aws:iam::111122223333:policy/${name}`;
    assert.ok(read.roles.get(`arn:aws:iam::111122223333:role/${role}`)?.attached.includes(arn), `${name} is attached to ${role}`);
    const statements = (read.policies.get(arn)?.policy.value as { Statement: { Action: string[] }[] }).Statement;
    assert.deepEqual(
      statements.map((statement) => statement.Action),
      actions,
      name,
    );
  }
  // Every statement's resources are the table and its indexes, its ARN known at deploy.
  assert.equal(
    decide(read, 'MyRole', 'dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/t/index/byDate', { 'deploy-time:GetAtt/MyTable.Arn': 'arn:aws:dynamodb:us-east-1:111122223333:table/t' }),
    'Allowed',
  );
});
