import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { defaultConfiguration } from '../config/configuration';
import { AccountEvaluator } from './account-evaluator';
import { documentEscalations, escalationProblems, readDocumentAccount } from './escalation-findings';
import { readCdkAccount } from './from-cdk';
import type { Account } from './model';
import { principal } from '../../../../test/helpers/account-principal';
import { accountSourceKindOf, readAccountSource } from './workspace-sources';
import { whoCan } from './who-can';
import { loadPythonParser } from '../hosts/cdk/python';
import { loadJavaParser } from '../hosts/cdk/java';
import { loadGoParser } from '../hosts/cdk/go';
import { loadCSharpParser } from '../hosts/cdk/csharp';

before(() => Promise.all([loadPythonParser(), loadJavaParser(), loadGoParser(), loadCSharpParser()]));

const STACK = `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export class AppStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    const deployer = new iam.Role(this, 'Deployer', {
      roleName: 'deployer',
      assumedBy: new iam.CompositePrincipal(new iam.AccountPrincipal('444455556666'), new iam.ServicePrincipal('codebuild.amazonaws.com')),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
      inlinePolicies: {
        Artifacts: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::artifacts/*'] })] }),
      },
    });
    deployer.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [\`arn:aws:sqs:us-east-1:\${this.account}:jobs\`] }));
    const readers = new iam.Group(this, 'Readers');
    const alice = new iam.User(this, 'Alice', { userName: 'alice' });
    alice.addToGroup(readers);
    const readData = new iam.ManagedPolicy(this, 'ReadData', {
      managedPolicyName: 'read-data',
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] })],
    });
    readers.addManagedPolicy(readData);
    const handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      initialPolicy: [new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [\`arn:aws:dynamodb:\${this.region}:\${this.account}:table/orders\`] })],
    });
    handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [deployer.roleArn] }));
  }
}
`;

/** The escalation-path findings of a CDK source, as the editor and `lint` show them: rule and span. */
function escalationFindings(file: string, text: string): [string, { start: number; end: number }][] {
  const documentAccount = readDocumentAccount('cdk', [{ file, text }]);
  assert.ok(documentAccount);
  return (escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration).get(file) ?? []).map((problem) => [problem.ruleId, problem.span]);
}

function account(text = STACK, file = '/app/lib/app-stack.ts'): Account {
  const result = readCdkAccount(text, file, { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  return result.account!;
}

test('a CDK stack makes the roles, users and groups CloudFormation will have, with the policies the code gives them', () => {
  const read = account();
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.attached, role.inline.map((policy) => policy.name)]),
    [
      ['deployer', ['arn:aws:iam::aws:policy/ReadOnlyAccess'], ['Artifacts', 'deployerDefaultPolicy']],
      ['HandlerServiceRole', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], ['HandlerServiceRoleDefaultPolicy']],
    ],
  );
  assert.deepEqual(
    [...read.users.values()].map((user) => [user.name, user.groups]),
    [['alice', ['Readers']]],
  );
  assert.deepEqual(
    [...read.groups.values()].map((group) => [group.name, group.attached]),
    [['Readers', ['arn:aws:iam::111122223333:policy/read-data']]],
  );
  const deployer = read.roles.get('arn:aws:iam::111122223333:role/deployer')!;
  // The trust CDK writes for a CompositePrincipal: a statement per principal.
  assert.deepEqual(JSON.parse(deployer.trust!.text).Statement, [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' },
    { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ]);
  // The stack's own account is the account's; a role of the file named by its roleArn is that role.
  const defaults = JSON.parse(deployer.inline[1].text).Statement;
  assert.deepEqual(defaults[0].Resource, ['arn:aws:sqs:us-east-1:111122223333:jobs']);
  const handler = read.roles.get('arn:aws:iam::111122223333:role/HandlerServiceRole')!;
  assert.deepEqual(JSON.parse(handler.inline[0].text).Statement[1].Resource, ['arn:aws:iam::111122223333:role/deployer']);
});

test('who-can and the evaluator answer for a CDK stack: through a group, a managed policy, a role the function may assume', () => {
  const read = account();
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'alice'), 's3:GetObject', 'arn:aws:s3:::data/report.csv').decision, 'Allowed');
  assert.equal(evaluator.decide(principal(read, 'alice'), 's3:PutObject', 'arn:aws:s3:::artifacts/x').decision, 'ImplicitlyDenied');
  assert.equal(evaluator.decide(principal(read, 'deployer'), 's3:PutObject', 'arn:aws:s3:::artifacts/x').decision, 'Allowed');
  // The stack's Region is known at deploy: the function's read waits on it.
  assert.equal(evaluator.decide(principal(read, 'HandlerServiceRole'), 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders').decision, 'Conditional');
  const writers = whoCan(evaluator, 's3:PutObject', 'arn:aws:s3:::artifacts/x').allowed;
  assert.deepEqual(
    writers.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::111122223333:role/deployer', 'Allowed']],
  );
  // Who can assume the deployer: the account its trust names, and CodeBuild; not the function's role, whose own
  // policy allows sts:AssumeRole on it but whom the trust does not name.
  assert.deepEqual(writers[0].assumableBy?.map((entry) => entry.principal).sort(), ['arn:aws:iam::444455556666:root', 'codebuild.amazonaws.com']);
});

test('escalation-path in a CDK stack sits on the statement that allows the first step', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
const admin = new iam.Role(this, 'Admin', {
  roleName: 'admin',
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
});
const app = new iam.Role(this, 'App', { roleName: 'app', assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
app.addToPolicy(new iam.PolicyStatement({ actions: [«'iam:PassRole'», 'lambda:CreateFunction', 'lambda:InvokeFunction'], resources: ['*'] }));
`);
  const file = 'file:///app/lib/escalation.ts';
  assert.deepEqual(escalationFindings(file, text), [['escalation-path', spans[0]]]);
});

test('an action known only at deploy on a queue, a table or a bucket acts on that type alone: no escalation through IAM', () => {
  // aws-solutions-constructs' apigateway-sqs adds each action through a method parameter, on the queue a helper makes.
  const stack = (queue: string, resource: string) => `import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
export class S extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props: { table: { tableArn: string } }) {
    super(scope, id);
    this.queue = ${queue};
    this.role = new iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    this.add('sqs:SendMessage');
  }
  private add(action: string) {
    this.role.addToPolicy(new iam.PolicyStatement({ resources: [${resource}], actions: [action] }));
  }
}
`;
  const file = 'file:///app/lib/queue.ts';
  assert.deepEqual(escalationFindings(file, stack("new sqs.Queue(this, 'Q')", 'this.queue.queueArn')), []);
  assert.deepEqual(escalationFindings(file, stack("new sqs.Queue(this, 'Q', { queueName: 'jobs' })", 'this.queue.queueArn')), []);
  assert.deepEqual(escalationFindings(file, stack('buildQueue(this)', 'this.queue.queueArn')), []);
  assert.deepEqual(escalationFindings(file, stack('buildQueue(this)', 'props.table.tableArn')), []);
  // An ARN of no known type may be the role's own: the role may rewrite its own policy.
  assert.deepEqual(
    escalationFindings(file, stack('buildQueue(this)', 'props.roleArnOfSomething')).map(([rule]) => rule),
    ['escalation-path'],
  );
});

test('the trust of a role holds the principals the code adds to its CompositePrincipal afterwards', () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
const principals = new iam.CompositePrincipal(new iam.ArnPrincipal('arn:aws:iam::111122223333:role/admin'));
principals.addPrincipals(new iam.ServicePrincipal('ssm.amazonaws.com'));
new iam.Role(this, 'Member', { roleName: 'member', assumedBy: principals });
`);
  const trust = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/member')!.trust!.text).Statement;
  assert.deepEqual(
    trust.map((statement: { Principal: unknown }) => statement.Principal),
    [{ AWS: 'arn:aws:iam::111122223333:role/admin' }, { Service: 'ssm.amazonaws.com' }],
  );
});

test('the roles CodeBuild projects, state machines and ECS task definitions make for themselves hold what the code adds', () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecs from 'aws-cdk-lib/aws-ecs';
const project = new codebuild.PipelineProject(this, 'Build', {});
project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
const task = new ecs.FargateTaskDefinition(this, 'Task', {});
task.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::inputs/*'] }));
task.executionRole?.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }));
const given = new codebuild.Project(this, 'Given', { role: iam.Role.fromRoleArn(this, 'R', 'arn:aws:iam::111122223333:role/ci') });
`);
  assert.deepEqual(
    [...read.roles.values()].map((role) => [
      role.name,
      JSON.parse(role.trust!.text).Statement[0].Principal.Service,
      role.inline.map((policy) => JSON.parse(policy.text).Statement.map((statement: { Action: string[] }) => statement.Action[0])),
    ]),
    [
      // A project writes its logs' and reports' statements in its role's policy unasked, as CDK does.
      ['BuildRole', ['codebuild.amazonaws.com'], [['logs:CreateLogGroup', 'codebuild:CreateReportGroup', 'ecr:GetAuthorizationToken']]],
      ['TaskTaskRole', ['ecs-tasks.amazonaws.com'], [['s3:GetObject']]],
      ['TaskExecutionRole', ['ecs-tasks.amazonaws.com'], [['secretsmanager:GetSecretValue']]],
    ],
  );
  const build = read.roles.get('arn:aws:iam::111122223333:role/BuildRole')!;
  assert.deepEqual(JSON.parse(build.inline[0].text).Statement[1].Resource, ['arn:aws:codebuild:*:111122223333:report-group/*-*']);
});

test("resource policies: a bucket's and a queue's statements, a key's policy, each governing its resource; who-can reads them", () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as kms from 'aws-cdk-lib/aws-kms';
const reports = new s3.Bucket(this, 'Reports', { bucketName: 'corp-reports' });
reports.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('444455556666')], actions: ['s3:GetObject'], resources: [reports.arnForObjects('shared/*')] }));
const jobs = new sqs.Queue(this, 'Jobs');
jobs.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('sns.amazonaws.com')], actions: ['sqs:SendMessage'], resources: [jobs.queueArn] }));
new kms.Key(this, 'Key', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })] }) });
`);
  assert.deepEqual(
    read.resourcePolicies.map((entry) => [
      entry.type,
      entry.resources.map((resource) => (typeof resource === 'string' ? resource : resource.parts.map((part) => (typeof part === 'string' ? part : '<' + part.source + '>')).join(''))),
    ]),
    [
      ['AWS::S3::BucketPolicy', ['arn:aws:s3:::corp-reports', 'arn:aws:s3:::corp-reports/*']],
      ['AWS::SQS::QueuePolicy', ['arn:aws:sqs:<this.region>:111122223333:<jobs.queueName>']],
      ['AWS::KMS::Key', ['arn:aws:kms:<this.region>:111122223333:key/<Key.keyId>']],
    ],
  );
  // The bucket's own ARN in its statement is the one it governs: the other account may read the shared objects.
  assert.deepEqual(JSON.parse(read.resourcePolicies[0].policy.text).Statement[0].Resource, ['arn:aws:s3:::corp-reports/shared/*']);
  const readers = whoCan(new AccountEvaluator(read), 's3:GetObject', 'arn:aws:s3:::corp-reports/shared/q3.csv').allowed;
  assert.deepEqual(
    readers.map((entry) => [entry.principal, entry.type]),
    [['arn:aws:iam::444455556666:root', 'other-account']],
  );
});

test("a role a resource policy names by its name (Role.fromRoleName) is the stack's role of that name: who-can answers it", () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
new iam.Role(this, 'Deploy', { roleName: 'deploy', assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
const reports = new s3.Bucket(this, 'Reports', { bucketName: 'corp-reports' });
reports.addToResourcePolicy(new iam.PolicyStatement({ principals: [iam.Role.fromRoleName(this, 'D', 'deploy')], actions: ['s3:GetObject'], resources: [reports.arnForObjects('*')] }));
`);
  assert.deepEqual(JSON.parse(read.resourcePolicies[0].policy.text).Statement[0].Principal, { AWS: ['arn:aws:iam::111122223333:role/deploy'] });
  const readers = whoCan(new AccountEvaluator(read), 's3:GetObject', 'arn:aws:s3:::corp-reports/q3.csv').allowed;
  assert.deepEqual(
    readers.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::111122223333:role/deploy', 'Allowed']],
  );
});

test("statements added to a role's assumeRolePolicy are its trust", () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
const role = new iam.Role(this, 'Builder', { roleName: 'builder', assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.ServicePrincipal('ec2.amazonaws.com')] }));
`);
  const trust = read.roles.get('arn:aws:iam::111122223333:role/builder')!.trust!;
  assert.deepEqual(
    JSON.parse(trust.text).Statement.map((statement: { Principal: unknown }) => statement.Principal),
    [{ Service: 'codebuild.amazonaws.com' }, { Service: ['ec2.amazonaws.com'] }],
  );
  assert.deepEqual(
    trust.written?.statements.map((statement) => statement.index),
    [0, 1],
  );
});

test('constructs of different scopes that share an id are different principals', () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
class Reader extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
  }
}
class Writer extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['*'] }));
  }
}
`);
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.inline.map((policy) => JSON.parse(policy.text).Statement[0].Action)]),
    [
      ['Role', [['s3:GetObject']]],
      ['Role-2', [['s3:PutObject']]],
    ],
  );
});

test('a CDK source is an account source of its own; other TypeScript is none', () => {
  assert.equal(accountSourceKindOf('/app/lib/app-stack.ts', STACK), 'cdk');
  assert.equal(accountSourceKindOf('/app/lib/app-stack.d.ts', STACK), undefined);
  assert.equal(accountSourceKindOf('/app/src/index.ts', "import express from 'express';\nconst app = express();\n"), undefined);
  const reading = readAccountSource('cdk', '/app/lib/app-stack.ts', [{ file: '/app/lib/app-stack.ts', text: STACK }], { accountId: '111122223333' });
  assert.equal(reading.error, undefined);
  assert.equal(reading.account?.roles.size, 2);
});

test("grants add CDK's statements to the grantee's default policy, placed at the grant; who-can and the evaluator read them", () => {
  const { text, spans } = marked(`import * as s3 from 'aws-cdk-lib/aws-s3';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Function, Runtime, Code } from 'aws-cdk-lib/aws-lambda';
const reports = new s3.Bucket(this, 'Reports', { bucketName: 'reports' });
const table = new dynamodb.Table(this, 'Orders', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
const worker = new Function(this, 'Worker', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset('src') });
const repo = new codecommit.Repository(this, 'Repo', { repositoryName: 'app' });
«reports.grantRead(worker, 'daily/*')»;
«table.grant(worker, 'dynamodb:DescribeStream')»;
«props.events.grantStreamRead(worker)»;
repo.grantPull(worker);
const auditor = new iam.Role(this, 'Auditor', { roleName: 'auditor', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const audit = new Function(this, 'Audit', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromAsset('src'), role: auditor });
«reports.grantReadWrite(audit)»;
`);
  const read = account(text);
  const worker = read.roles.get('arn:aws:iam::111122223333:role/WorkerServiceRole')!;
  const policy = worker.inline.find((held) => held.name === 'WorkerServiceRoleDefaultPolicy')!;
  const statements = JSON.parse(policy.text).Statement;
  // The bucket's ARN is known from its name; the key pattern is the one given. A CodeCommit repository's grantPull is
  // no ECR grant, and adds nothing.
  assert.deepEqual(statements[0], { Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/daily/*'] });
  assert.deepEqual(
    statements.map((statement: { Action: string[] }) => statement.Action),
    [['s3:GetObject*', 's3:GetBucket*', 's3:List*'], ['dynamodb:DescribeStream'], ['dynamodb:ListStreams'], ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']],
  );
  assert.deepEqual(
    policy.written?.statements.map((statement) => statement.span),
    [spans[0], spans[1], spans[2], spans[2]],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 's3:GetObject', 'arn:aws:s3:::reports/daily/1.csv').decision, 'Allowed');
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 's3:GetObject', 'arn:aws:s3:::reports/monthly/1.csv').decision, 'ImplicitlyDenied');
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 's3:PutObject', 'arn:aws:s3:::reports/daily/1.csv').decision, 'ImplicitlyDenied');
  // The table's ARN is known only at deploy: the answer waits on it.
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 'dynamodb:DescribeStream', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders').decision, 'Conditional');
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 'codecommit:GitPull', 'arn:aws:codecommit:us-east-1:111122223333:app').decision, 'ImplicitlyDenied');
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 'ecr:GetAuthorizationToken', '*').decision, 'ImplicitlyDenied');
  // A function given its role: the grant goes to that role.
  const auditor = read.roles.get('arn:aws:iam::111122223333:role/auditor')!;
  assert.deepEqual(
    auditor.inline.map((held) => [held.name, held.written?.statements.map((statement) => statement.span)]),
    [['auditorDefaultPolicy', [spans[3]]]],
  );
  assert.deepEqual(
    whoCan(evaluator, 's3:PutObject', 'arn:aws:s3:::reports/daily/1.csv').allowed.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::111122223333:role/auditor', 'Allowed']],
  );
});

test("Grant.addToPrincipal adds its statement to the grantee's default policy; a grantee the code does not make adds nothing", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
const worker = new iam.Role(this, 'Worker', { roleName: 'worker', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
«iam.Grant.addToPrincipal({ grantee: worker, actions: ['sqs:SendMessage'], resourceArns: ['arn:aws:sqs:us-east-1:111122223333:jobs'] })»;
iam.Grant.addToPrincipal({ grantee: props.other, actions: ['sqs:DeleteQueue'], resourceArns: ['*'] });
`);
  const read = account(text);
  const worker = read.roles.get('arn:aws:iam::111122223333:role/worker')!;
  assert.deepEqual(
    worker.inline.map((held) => [held.name, JSON.parse(held.text).Statement, held.written?.statements.map((statement) => statement.span)]),
    [['workerDefaultPolicy', [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:us-east-1:111122223333:jobs'] }], [spans[0]]]],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'worker'), 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs').decision, 'Allowed');
  assert.deepEqual(
    whoCan(evaluator, 'sqs:DeleteQueue', 'arn:aws:sqs:us-east-1:111122223333:jobs').allowed.map((entry) => entry.principal),
    [],
  );
});

test('a CDK source whose principals get their permissions from grants alone is an account source', () => {
  const text = `import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
const fn = new lambda.Function(this, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset('src') });
new dynamodb.Table(this, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }).grantReadData(fn);
`;
  assert.equal(accountSourceKindOf('/app/lib/data-stack.ts', text), 'cdk');
  const statements = JSON.parse(account(text).roles.get('arn:aws:iam::111122223333:role/FnServiceRole')!.inline[0].text).Statement;
  assert.deepEqual(statements[0].Action, ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable']);
});

test('a grant on a construct the file does not make is read by its declared type or by the import that names it', () => {
  const read = account(`import s3 = require('@aws-cdk/aws-s3');
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as iam from 'aws-cdk-lib/aws-iam';
interface ReaderProps {
  archive: s3.IBucket;
  events?: kinesis.IStream;
  other: Exporter;
}
export class ReaderStack extends Stack {
  constructor(scope: Construct, id: string, props: ReaderProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Reader', { roleName: 'reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    props.archive.grantRead(role);
    props.events?.grantRead(role);
    const logs = s3.Bucket.fromBucketName(this, 'Logs', 'corp-logs');
    logs.grantPut(role);
    props.other.grantRead(role);
  }
}
`);
  const statements = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0].text).Statement;
  // A type that is no known construct (\`Exporter\`) with a method many have (grantRead) adds nothing.
  assert.deepEqual(
    statements.map((statement: { Action: string[] }) => statement.Action[0]),
    ['s3:GetObject*', 'kinesis:DescribeStreamSummary', 's3:PutObject'],
  );
  // The bucket's ARN is known at deploy: each resource is any bucket's (an IBucket's bucketArn is one), and the
  // statement waits on it.
  assert.deepEqual(statements[0].Resource, ['arn:aws:s3:::*', 'arn:aws:s3:::*/*']);
  assert.deepEqual(statements[0].Condition, { StringLike: { 'deploy-time:props.archive.bucketArn': '*' } });
});

test('a CDK app in Python makes the same account: roles, users and groups, trust, default policies, grants', () => {
  const { text, spans } = marked(`from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3, aws_lambda as _lambda
from constructs import Construct


class AppStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.reports = s3.Bucket(self, "Reports", bucket_name="corp-reports")
        deployer = iam.Role(
            self,
            "Deployer",
            role_name="deployer",
            assumed_by=iam.CompositePrincipal(iam.AccountPrincipal("444455556666"), iam.ServicePrincipal("codebuild.amazonaws.com")),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
        )
        deployer.add_to_policy(iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[f"arn:aws:sqs:us-east-1:{self.account}:jobs"]))
        deployer.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject"], resources=[self.reports.arn_for_objects("shared/*")]))
        worker = _lambda.Function(self, "Worker", runtime=_lambda.Runtime.PYTHON_3_12, handler="index.handler", code=_lambda.Code.from_asset("src"))
        «self.reports.grant_read(worker, "daily/*")»
        worker.add_to_role_policy(iam.PolicyStatement(actions=[«"iam:PassRole"», "lambda:CreateFunction", "lambda:InvokeFunction"], resources=["*"]))
        alice = iam.User(self, "Alice", user_name="alice")
        readers = iam.Group(self, "Readers")
        alice.add_to_group(readers)
        admin = iam.Role(self, "Admin", role_name="admin", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"), managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")])
`);
  const file = 'file:///app/app/app_stack.py';
  const read = readCdkAccount(text, file, { accountId: '111122223333' }).account!;
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.attached.length, role.inline.map((policy) => policy.name)]),
    [
      ['deployer', 1, ['deployerDefaultPolicy']],
      ['WorkerServiceRole', 1, ['WorkerServiceRoleDefaultPolicy']],
      ['admin', 1, []],
    ],
  );
  assert.deepEqual(
    [...read.users.values()].map((user) => [user.name, user.groups]),
    [['alice', ['Readers']]],
  );
  const deployer = read.roles.get('arn:aws:iam::111122223333:role/deployer')!;
  assert.deepEqual(
    JSON.parse(deployer.trust!.text).Statement.map((statement: { Principal: unknown }) => statement.Principal),
    [{ AWS: 'arn:aws:iam::444455556666:root' }, { Service: 'codebuild.amazonaws.com' }],
  );
  // So are \`{self.account}\` and \`self.reports.arn_for_objects(…)\`, as \`\${this.account}\` and \`this.reports.arnForObjects(…)\` are.
  assert.deepEqual(
    JSON.parse(deployer.inline[0].text).Statement.map((statement: { Resource: string[] }) => statement.Resource),
    [['arn:aws:sqs:us-east-1:111122223333:jobs'], ['arn:aws:s3:::corp-reports/shared/*']],
  );
  const worker = read.roles.get('arn:aws:iam::111122223333:role/WorkerServiceRole')!;
  // The statement the code writes sits on its \`iam.PolicyStatement(…)\`, the grant's on its call.
  const statementStart = text.indexOf('iam.PolicyStatement(actions=["iam:PassRole"');
  assert.deepEqual(
    worker.inline[0].written?.statements.map((statement) => statement.span),
    [{ start: statementStart, end: text.indexOf('resources=["*"])', statementStart) + 'resources=["*"])'.length }, spans[0]],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 's3:GetObject', 'arn:aws:s3:::corp-reports/daily/1.csv').decision, 'Allowed');
  assert.equal(evaluator.decide(principal(read, 'WorkerServiceRole'), 's3:GetObject', 'arn:aws:s3:::corp-reports/monthly/1.csv').decision, 'ImplicitlyDenied');
  assert.deepEqual(escalationFindings(file, text), [['escalation-path', spans[1]]]);
  assert.equal(accountSourceKindOf('/app/app/app_stack.py', text), 'cdk');
  assert.equal(accountSourceKindOf('/app/app/helpers.py', 'import boto3\nboto3.client("iam").create_role(RoleName="x")\n'), undefined);
});

test("a Python grant's receiver is read by its type hint: a parameter's, an Optional one's, a props class field's", () => {
  const read = account(
    `from typing import Optional
from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3, aws_kinesis as kinesis


class ReaderProps:
    logs: s3.IBucket


class ReaderStack(Stack):
    def __init__(self, scope, construct_id: str, *, archive: s3.IBucket, events: Optional[kinesis.IStream] = None, props: ReaderProps, other: Exporter, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        role = iam.Role(self, "Reader", role_name="reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        archive.grant_read(role)
        events.grant_read(role)
        props.logs.grant_read_write(role)
        other.grant_read(role)
`,
    '/app/app/app_stack.py',
  );
  const statements = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0].text).Statement;
  assert.deepEqual(
    statements.map((statement: { Action: string[] }) => statement.Action.length),
    [3, 8, 10],
  );
  assert.deepEqual(
    statements.map((statement: { Action: string[] }) => statement.Action[0]),
    ['s3:GetObject*', 'kinesis:DescribeStreamSummary', 's3:GetObject*'],
  );
});

test("a function's policy: addPermission and grantInvoke of a service write it, and who-can reads it", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
const fn = new lambda.Function(this, 'Thumbnails', { functionName: 'thumbnails', runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset('src') });
«fn.addPermission('S3', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: 'arn:aws:s3:::uploads', sourceAccount: this.account })»;
«fn.grantInvoke(new iam.ServicePrincipal('events.amazonaws.com'))»;
const caller = new iam.Role(this, 'Caller', { roleName: 'caller', assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
fn.grantInvoke(caller);
`);
  const read = account(text);
  assert.deepEqual(
    read.resourcePolicies.map((entry) => [
      entry.type,
      entry.resources.map((resource) => (typeof resource === 'string' ? resource : resource.parts.map((part) => (typeof part === 'string' ? part : `<${part.source}>`)).join(''))),
    ]),
    [['AWS::Lambda::Permission', ['arn:aws:lambda:<this.region>:111122223333:function:thumbnails', 'arn:aws:lambda:<this.region>:111122223333:function:thumbnails:*']]],
  );
  const policy = read.resourcePolicies[0].policy;
  // The function's ARN holds its Region, known at deploy: each statement waits on it, beside its own conditions.
  assert.deepEqual(
    JSON.parse(policy.text).Statement.map((statement: { Principal: unknown; Action: string; Condition: Record<string, unknown> }) => [
      statement.Principal,
      statement.Action,
      statement.Condition.ArnLike,
      statement.Condition.StringEquals,
    ]),
    [
      [{ Service: 's3.amazonaws.com' }, 'lambda:InvokeFunction', { 'AWS:SourceArn': 'arn:aws:s3:::uploads' }, { 'AWS:SourceAccount': '111122223333' }],
      [{ Service: 'events.amazonaws.com' }, 'lambda:InvokeFunction', undefined, undefined],
    ],
  );
  assert.deepEqual(
    policy.written?.statements.map((statement) => statement.span),
    [spans[0], spans[1]],
  );
  // The role is granted in its own policy, as before; the services in the function's.
  const evaluator = new AccountEvaluator(read, { context: { 'aws:SourceArn': 'arn:aws:s3:::uploads', 'aws:SourceAccount': '111122223333' } });
  const invokers = whoCan(evaluator, 'lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:thumbnails');
  assert.deepEqual(invokers.allowed.map((entry) => entry.principal).sort(), ['arn:aws:iam::111122223333:role/caller', 'events.amazonaws.com', 's3.amazonaws.com']);
});

test("a grant on a construct the code names holds its ARN, any Region; a table's grants cover the indexes the code gives it", () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
const reader = new iam.Role(this, 'Reader', { roleName: 'reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const orders = new dynamodb.Table(this, 'Orders', { tableName: 'orders', partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
orders.grantReadData(reader);
orders.addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING } });
const events = new dynamodb.Table(this, 'Events', { tableName: 'events', partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
events.grantReadData(reader);
new sns.Topic(this, 'Alerts', { topicName: 'alerts' }).grantPublish(reader);
`);
  const evaluator = new AccountEvaluator(read);
  const decide = (action: string, resource: string) => evaluator.decide(principal(read, 'reader'), action, resource).decision;
  // Known but for the Region, which waits on deploy.
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders'), 'Conditional');
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/byCustomer'), 'Conditional');
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/other'), 'ImplicitlyDenied');
  // The table without indexes: CDK's grant names the table alone.
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/events'), 'Conditional');
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/events/index/byType'), 'ImplicitlyDenied');
  assert.equal(decide('sns:Publish', 'arn:aws:sns:eu-west-1:111122223333:alerts'), 'Conditional');
  assert.equal(decide('sns:Publish', 'arn:aws:sns:eu-west-1:111122223333:other'), 'ImplicitlyDenied');
});

test("the grants object's methods (`bucket.grants.read(fn)`) add what CDK writes for them, with the arguments they take", () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
const worker = new iam.Role(this, 'Worker', { roleName: 'worker', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const reports = new s3.Bucket(this, 'Reports', { bucketName: 'reports' });
const jobs = new sqs.Queue(this, 'Jobs', { queueName: 'jobs' });
«reports.grants.read(worker, 'daily/*')»;
«reports.grants.write(worker, 'out/*', ['s3:PutObject'])»;
«jobs.grants.actions(worker, ['sqs:SendMessage'])»;
«props.flow.grants.startExecution(worker)»;
reports.grants.publicAccess('site/*');
`);
  const read = account(text);
  const policy = read.roles.get('arn:aws:iam::111122223333:role/worker')!.inline[0];
  const statements = JSON.parse(policy.text).Statement;
  assert.deepEqual(
    statements.map((statement: { Action: string[]; Resource: string[] }) => [statement.Action, statement.Resource]),
    [
      [
        ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
        ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/daily/*'],
      ],
      [['s3:PutObject'], ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/out/*']],
      [['sqs:SendMessage'], ['arn:aws:sqs:*:111122223333:jobs']],
      // A state machine the file does not make, named by the only known class whose grants object has the method: any
      // state machine's ARN.
      [['states:StartExecution'], ['arn:aws:states:*:*:stateMachine:*']],
    ],
  );
  assert.deepEqual(
    policy.written?.statements.map((statement) => statement.span),
    [spans[0], spans[1], spans[2], spans[3]],
  );
  const evaluator = new AccountEvaluator(read);
  const decide = (action: string, resource: string) => evaluator.decide(principal(read, 'worker'), action, resource).decision;
  assert.equal(decide('s3:GetObject', 'arn:aws:s3:::reports/daily/1.csv'), 'Allowed');
  assert.equal(decide('s3:DeleteObject', 'arn:aws:s3:::reports/out/1.csv'), 'ImplicitlyDenied');
});

test('a Python app grants through the grants object as the TypeScript one does', () => {
  const text = `from aws_cdk import Stack, aws_iam as iam, aws_dynamodb as dynamodb
class DataStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        reader = iam.Role(self, "Reader", role_name="reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        orders = dynamodb.Table(self, "Orders", table_name="orders", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING))
        orders.grants.read_write_data(reader)
`;
  const read = readCdkAccount(text, 'file:///app/app/data_stack.py', { accountId: '111122223333' }).account!;
  const statements = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0].text).Statement;
  // `read_write_data` is `readWriteData`; CDK writes its stream reads as a statement of their own.
  assert.deepEqual(
    statements.map((statement: { Action: string[]; Resource: string[] }) => [statement.Action.length, statement.Action[0], statement.Resource]),
    [
      [10, 'dynamodb:BatchGetItem', ['arn:aws:dynamodb:*:111122223333:table/orders']],
      [2, 'dynamodb:GetRecords', ['arn:aws:dynamodb:*:111122223333:table/orders']],
    ],
  );
});

test('a grant on a construct with its own KMS key covers the key, as CDK writes it; who-can reads it', () => {
  const { text, spans } = marked(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
const reader = new iam.Role(this, 'Reader', { roleName: 'reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const dataKey = new kms.Key(this, 'DataKey');
const reports = new s3.Bucket(this, 'Reports', { bucketName: 'reports', encryptionKey: dataKey });
const jobs = new sqs.Queue(this, 'Jobs', { encryption: sqs.QueueEncryption.KMS });
const plain = new sqs.Queue(this, 'Plain', { encryption: sqs.QueueEncryption.KMS_MANAGED });
«reports.grantRead(reader)»;
«jobs.grants.sendMessages(reader)»;
plain.grantSendMessages(reader);
`);
  const read = account(text);
  const policy = read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0];
  const statements = JSON.parse(policy.text).Statement;
  assert.deepEqual(
    statements.map((statement: { Action: string[]; Condition?: object }) => [statement.Action, Object.keys(Object.values(statement.Condition ?? {})[0] ?? {})]),
    [
      [['s3:GetObject*', 's3:GetBucket*', 's3:List*'], []],
      // The key of the file is known at deploy, as its ARN holds an id CloudFormation makes.
      [['kms:Decrypt', 'kms:DescribeKey'], ['deploy-time:dataKey.keyArn']],
      [['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], ['deploy-time:jobs.queueArn']],
      // The key CDK creates for the queue.
      [['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], ['deploy-time:jobs.encryptionKey.keyArn']],
      // A queue encrypted with the AWS managed key: no grant on a key.
      [['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], ['deploy-time:plain.queueArn']],
    ],
  );
  assert.deepEqual(
    policy.written?.statements.slice(0, 4).map((statement) => statement.span),
    [spans[0], spans[0], spans[1], spans[1]],
  );
  const decrypters = whoCan(new AccountEvaluator(read), 'kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  assert.deepEqual(
    decrypters.allowed.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::111122223333:role/reader', 'Conditional']],
  );
});

test("a Python construct's own key, given or created, is granted with it", () => {
  const text = `from aws_cdk import Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3, aws_dynamodb as dynamodb
class DataStack(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        reader = iam.Role(self, "Reader", role_name="reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        self.data_key = kms.Key(self, "DataKey")
        bucket = s3.Bucket(self, "Reports", encryption_key=self.data_key)
        bucket.grant_read(reader)
        table = dynamodb.Table(self, "Orders", encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED, partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING))
        table.grants.write_data(reader)
`;
  const read = readCdkAccount(text, 'file:///app/app/data_stack.py', { accountId: '111122223333' }).account!;
  const statements = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0].text).Statement;
  assert.deepEqual(
    statements.map((statement: { Action: string[]; Condition?: object }) => [statement.Action[0], Object.keys(Object.values(statement.Condition ?? {})[0] ?? {})]),
    [
      ['s3:GetObject*', ['deploy-time:bucket.bucketArn']],
      ['kms:Decrypt', ['deploy-time:data_key.keyArn']],
      // CDK writes a table's write grant before its key's, and its read grant after.
      ['dynamodb:BatchWriteItem', ['deploy-time:table.tableArn']],
      ['kms:Decrypt', ['deploy-time:table.encryptionKey.keyArn']],
    ],
  );
});

test('a CDK app in Java makes the same account: builders, getters, a props interface, grants and grants objects', () => {
  const { text, spans } = marked(`package com.myorg;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.*;
import software.amazon.awscdk.services.s3.*;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import java.util.List;

public class GrantStack extends Stack {
    public GrantStack(final Construct scope, final String id, final GrantStackProps props) {
        super(scope, id);
        Key key = new Key(this, "DataKey");
        Bucket reports = Bucket.Builder.create(this, "Reports").bucketName("reports").encryptionKey(key).build();
        Role worker = Role.Builder.create(this, "Worker")
            .roleName("worker")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("ReadOnlyAccess")))
            .build();
        «reports.grantRead(worker, "daily/*")»;
        Function fn = Function.Builder.create(this, "Fn").handler("index.handler").build();
        Table orders = Table.Builder.create(this, "Orders").tableName("orders").build();
        «orders.getGrants().readData(fn)»;
        «props.getArchive().grantReadWrite(fn)»;
        fn.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of(«"iam:PassRole"», "lambda:CreateFunction", "lambda:InvokeFunction")).resources(List.of("*")).build());
        User alice = User.Builder.create(this, "Alice").userName("alice").build();
        Group readers = new Group(this, "Readers");
        alice.addToGroup(readers);
        Role.Builder.create(this, "Admin").roleName("admin").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess"))).build();
    }
}
interface GrantStackProps extends StackProps {
    IBucket getArchive();
}
`);
  const file = 'file:///app/src/main/java/com/myorg/GrantStack.java';
  const read = readCdkAccount(text, file, { accountId: '111122223333' }).account!;
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.attached, role.inline.map((policy) => policy.name)]),
    [
      ['worker', ['arn:aws:iam::aws:policy/ReadOnlyAccess'], ['workerDefaultPolicy']],
      ['FnServiceRole', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], ['FnServiceRoleDefaultPolicy']],
      ['admin', ['arn:aws:iam::aws:policy/AdministratorAccess'], []],
    ],
  );
  assert.deepEqual(
    [...read.users.values()].map((user) => [user.name, user.groups]),
    [['alice', ['Readers']]],
  );
  const worker = read.roles.get('arn:aws:iam::111122223333:role/worker')!.inline[0];
  assert.deepEqual(
    JSON.parse(worker.text).Statement.map((statement: { Action: string[] }) => statement.Action[0]),
    ['s3:GetObject*', 'kms:Decrypt'],
  );
  assert.deepEqual(
    worker.written?.statements.map((statement) => statement.span),
    [spans[0], spans[0]],
  );
  const fn = read.roles.get('arn:aws:iam::111122223333:role/FnServiceRole')!.inline[0];
  // The statement the code writes, then the grants: the table's object, the props' bucket by its getter's type.
  assert.deepEqual(
    JSON.parse(fn.text).Statement.map((statement: { Action: string[] }) => statement.Action[0]),
    ['iam:PassRole', 'dynamodb:BatchGetItem', 'dynamodb:GetRecords', 's3:GetObject*'],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'worker'), 's3:GetObject', 'arn:aws:s3:::reports/daily/1.csv').decision, 'Allowed');
  assert.equal(evaluator.decide(principal(read, 'FnServiceRole'), 'dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders').decision, 'Conditional');
  // The function's role may pass the admin role to a function it makes and invokes: an escalation path, found in the Java source.
  assert.deepEqual(escalationFindings(file, text), [['escalation-path', spans[3]]]);
  assert.equal(accountSourceKindOf('/app/src/main/java/com/myorg/GrantStack.java', text), 'cdk');
  assert.equal(accountSourceKindOf('/app/src/main/java/com/myorg/App.java', 'import software.amazon.awscdk.App;\nnew GrantStack(app, "Grants");\n'), undefined);
});

test('a CDK app in C# makes the same account: props objects, properties, a props interface, grants and grants objects', () => {
  const { text, spans } = marked(`using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace MyApp
{
    public interface IGrantStackProps : IStackProps
    {
        IBucket Archive { get; }
    }

    public class GrantStack : Stack
    {
        internal GrantStack(Construct scope, string id, IGrantStackProps props) : base(scope, id, props)
        {
            var key = new Key(this, "DataKey");
            var reports = new Bucket(this, "Reports", new BucketProps { BucketName = "reports", EncryptionKey = key });
            var worker = new Role(this, "Worker", new RoleProps
            {
                RoleName = "worker",
                AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
                ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("ReadOnlyAccess") }
            });
            «reports.GrantRead(worker, "daily/*")»;
            var fn = new Function(this, "Fn", new FunctionProps { Handler = "index.handler" });
            var orders = new Table(this, "Orders", new TableProps { TableName = "orders" });
            «orders.Grants.ReadData(fn)»;
            «props.Archive.GrantReadWrite(fn)»;
            fn.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { «"iam:PassRole"», "lambda:CreateFunction", "lambda:InvokeFunction" }, Resources = new[] { "*" } }));
            var alice = new User(this, "Alice", new UserProps { UserName = "alice" });
            var readers = new Group(this, "Readers");
            alice.AddToGroup(readers);
            new Role(this, "Admin", new RoleProps
            {
                RoleName = "admin",
                AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
                ManagedPolicies = new[] { ManagedPolicy.FromAwsManagedPolicyName("AdministratorAccess") }
            });
        }
    }
}
`);
  const file = 'file:///app/src/MyApp/GrantStack.cs';
  const read = readCdkAccount(text, file, { accountId: '111122223333' }).account!;
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.attached, role.inline.map((policy) => policy.name)]),
    [
      ['worker', ['arn:aws:iam::aws:policy/ReadOnlyAccess'], ['workerDefaultPolicy']],
      ['FnServiceRole', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], ['FnServiceRoleDefaultPolicy']],
      ['admin', ['arn:aws:iam::aws:policy/AdministratorAccess'], []],
    ],
  );
  assert.deepEqual(
    [...read.users.values()].map((user) => [user.name, user.groups]),
    [['alice', ['Readers']]],
  );
  const worker = read.roles.get('arn:aws:iam::111122223333:role/worker')!.inline[0];
  assert.deepEqual(
    JSON.parse(worker.text).Statement.map((statement: { Action: string[] }) => statement.Action[0]),
    ['s3:GetObject*', 'kms:Decrypt'],
  );
  assert.deepEqual(
    worker.written?.statements.map((statement) => statement.span),
    [spans[0], spans[0]],
  );
  const fn = read.roles.get('arn:aws:iam::111122223333:role/FnServiceRole')!.inline[0];
  // The statement the code writes, then the grants: the table's object, the props' bucket by the interface's type.
  assert.deepEqual(
    JSON.parse(fn.text).Statement.map((statement: { Action: string[] }) => statement.Action[0]),
    ['iam:PassRole', 'dynamodb:BatchGetItem', 'dynamodb:GetRecords', 's3:GetObject*'],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'worker'), 's3:GetObject', 'arn:aws:s3:::reports/daily/1.csv').decision, 'Allowed');
  assert.equal(evaluator.decide(principal(read, 'FnServiceRole'), 'dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders').decision, 'Conditional');
  // The function's role may pass the admin role to a function it makes and invokes: an escalation path, found in the C# source.
  assert.deepEqual(escalationFindings(file, text), [['escalation-path', spans[3]]]);
  assert.equal(accountSourceKindOf('/app/src/MyApp/GrantStack.cs', text), 'cdk');
  assert.equal(accountSourceKindOf('/app/src/MyApp/Program.cs', 'using Amazon.CDK;\nvar app = new App();\nnew GrantStack(app, "Grants", null);\n'), undefined);
});

test('a Java construct of a package imported with others by wildcard is known by the package the file names', () => {
  const text = `import software.amazon.awscdk.services.iam.*;
import software.amazon.awscdk.services.s3.*;
import software.amazon.awscdk.services.sqs.*;
class Stack {
    Stack() {
        Role reader = Role.Builder.create(this, "Reader").roleName("reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        Bucket reports = Bucket.Builder.create(this, "Reports").bucketName("reports").build();
        reports.grantRead(reader);
        Queue jobs = new Queue(this, "Jobs");
        jobs.grantSendMessages(reader);
    }
}
`;
  const read = readCdkAccount(text, '/app/Stack.java', { accountId: '111122223333' }).account!;
  const statements = JSON.parse(read.roles.get('arn:aws:iam::111122223333:role/reader')!.inline[0].text).Statement;
  assert.deepEqual(
    statements.map((statement: { Action: string[]; Resource: string[] }) => [statement.Action[0], statement.Resource[0]]),
    [
      ['s3:GetObject*', 'arn:aws:s3:::reports'],
      // CloudFormation names the queue: any queue of the account.
      ['sqs:SendMessage', 'arn:aws:sqs:*:111122223333:*'],
    ],
  );
});

test('a construct the code imports is granted by the ARN or name it gives, a table with the indexes it is imported with', () => {
  const read = account(`import * as iam from 'aws-cdk-lib/aws-iam';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
const reader = new iam.Role(this, 'Reader', { roleName: 'reader', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
const orders = dynamodb.Table.fromTableAttributes(this, 'Orders', { tableName: 'orders', globalIndexes: ['byCustomer'] });
orders.grantReadData(reader);
const events = dynamodb.Table.fromTableName(this, 'Events', 'events');
events.grantReadData(reader);
const jobs = sqs.Queue.fromQueueArn(this, 'Jobs', 'arn:aws:sqs:eu-west-1:111122223333:jobs');
jobs.grantSendMessages(reader);
const logs = s3.Bucket.fromBucketName(this, 'Logs', 'corp-logs');
logs.grantRead(reader);
`);
  const evaluator = new AccountEvaluator(read);
  const decide = (action: string, resource: string) => evaluator.decide(principal(read, 'reader'), action, resource).decision;
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/byCustomer'), 'Conditional');
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/other'), 'ImplicitlyDenied');
  // Imported by name alone: the table, not its indexes.
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/events'), 'Conditional');
  assert.equal(decide('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/events/index/byType'), 'ImplicitlyDenied');
  // Imported by ARN: that queue, known now.
  assert.equal(decide('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:jobs'), 'Allowed');
  assert.equal(decide('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:other'), 'ImplicitlyDenied');
  assert.equal(decide('s3:GetObject', 'arn:aws:s3:::corp-logs/2026/1.log'), 'Allowed');
  assert.equal(decide('s3:GetObject', 'arn:aws:s3:::other/1.log'), 'ImplicitlyDenied');
});

test('a CDK app in Go makes the same account: New… functions, structs of props, getters, grants with nil options', () => {
  const { text, spans } = marked(`package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/jsii-runtime-go"
)

type GrantStackProps struct {
	awscdk.StackProps
	Archive awss3.IBucket
}

func NewGrantStack(scope constructs.Construct, id string, props *GrantStackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	reports := awss3.NewBucket(stack, jsii.String("Reports"), &awss3.BucketProps{BucketName: jsii.String("reports")})
	worker := awsiam.NewRole(stack, jsii.String("Worker"), &awsiam.RoleProps{
		RoleName:        jsii.String("worker"),
		AssumedBy:       awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		ManagedPolicies: &[]awsiam.IManagedPolicy{awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("ReadOnlyAccess"))},
	})
	«reports.GrantRead(worker, nil)»
	fn := awslambda.NewFunction(stack, jsii.String("Fn"), &awslambda.FunctionProps{Handler: jsii.String("index.handler")})
	orders := awsdynamodb.NewTable(stack, jsii.String("Orders"), &awsdynamodb.TableProps{TableName: jsii.String("orders")})
	«orders.Grants().ReadData(fn)»
	«props.Archive.GrantReadWrite(fn, nil)»
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings(«"iam:PassRole"», "lambda:CreateFunction", "lambda:InvokeFunction"), Resources: jsii.Strings("*")}))
	awsiam.NewRole(stack, jsii.String("Admin"), &awsiam.RoleProps{
		RoleName:        jsii.String("admin"),
		AssumedBy:       awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		ManagedPolicies: &[]awsiam.IManagedPolicy{awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String("AdministratorAccess"))},
	})
	return stack
}
`);
  const file = 'file:///app/grant_stack.go';
  const read = readCdkAccount(text, file, { accountId: '111122223333' }).account!;
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.name, role.attached, role.inline.map((policy) => policy.name)]),
    [
      ['worker', ['arn:aws:iam::aws:policy/ReadOnlyAccess'], ['workerDefaultPolicy']],
      ['FnServiceRole', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], ['FnServiceRoleDefaultPolicy']],
      ['admin', ['arn:aws:iam::aws:policy/AdministratorAccess'], []],
    ],
  );
  const worker = read.roles.get('arn:aws:iam::111122223333:role/worker')!.inline[0];
  // `nil` for the key pattern is the grant's default, every object.
  assert.deepEqual(JSON.parse(worker.text).Statement[0].Resource, ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']);
  assert.deepEqual(
    worker.written?.statements.map((statement) => statement.span),
    [spans[0]],
  );
  const fn = read.roles.get('arn:aws:iam::111122223333:role/FnServiceRole')!.inline[0];
  assert.deepEqual(
    JSON.parse(fn.text).Statement.map((statement: { Action: string[] }) => statement.Action[0]),
    ['iam:PassRole', 'dynamodb:BatchGetItem', 'dynamodb:GetRecords', 's3:GetObject*'],
  );
  const evaluator = new AccountEvaluator(read);
  assert.equal(evaluator.decide(principal(read, 'worker'), 's3:GetObject', 'arn:aws:s3:::reports/daily/1.csv').decision, 'Allowed');
  assert.deepEqual(escalationFindings(file, text), [['escalation-path', spans[3]]]);
  assert.equal(accountSourceKindOf('/app/grant_stack.go', text), 'cdk');
  assert.equal(accountSourceKindOf('/app/main.go', 'package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2"\nfunc main() { app := awscdk.NewApp(nil) }\n'), undefined);
});
