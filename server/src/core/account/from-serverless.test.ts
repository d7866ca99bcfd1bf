import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServerlessAccount } from './from-serverless';
import { accountSourceKindOf } from './workspace-sources';
import { AccountEvaluator } from './account-evaluator';
import { whoCan } from './who-can';

const SERVICE = `service: orders
provider:
  name: aws
  stage: prod
  region: eu-west-1
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess
      permissionsBoundary: arn:aws:iam::111122223333:policy/boundary
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::reports/*
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:\${aws:region}:\${aws:accountId}:\${self:service}-jobs
functions:
  create:
    handler: create.handler
    iamRoleStatements:
      - Effect: Allow
        Action: sns:Publish
        Resource: arn:aws:sns:eu-west-1:111122223333:alerts
  list:
    handler: list.handler
resources:
  Resources:
    Auditor:
      Type: AWS::IAM::Role
      Properties:
        RoleName: auditor
        AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '111122223333'}, Action: sts:AssumeRole}]}
        ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`;

test('a service file makes the role the framework writes for its functions, a role per function with statements, and its resources', () => {
  const result = readServerlessAccount(SERVICE, 'serverless.yml', { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  const account = result.account!;
  const roles = [...account.roles.values()];
  assert.deepEqual(
    roles.map((role) => [role.name, role.inline.map((policy) => policy.name), role.attached, role.boundary ?? null]),
    [
      ['orders-prod-eu-west-1-lambdaRole', ['orders-prod-lambda'], ['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'], 'arn:aws:iam::111122223333:policy/boundary'],
      ['orders-prod-create-eu-west-1-lambdaRole', ['orders-prod-create-lambda'], [], null],
      ['auditor', [], ['arn:aws:iam::aws:policy/ReadOnlyAccess'], null],
    ],
  );
  // Who can send to the service's queue: the framework's role, its account and Region placeholders filled in.
  const evaluator = new AccountEvaluator(account);
  const senders = whoCan(evaluator, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:orders-jobs').allowed.map((entry) => [entry.principal, entry.decision]);
  assert.deepEqual(senders, [['arn:aws:iam::111122223333:role/orders-prod-eu-west-1-lambdaRole', 'Conditional']]);
  const publishers = whoCan(evaluator, 'sns:Publish', 'arn:aws:sns:eu-west-1:111122223333:alerts').allowed.map((entry) => [entry.principal, entry.decision]);
  assert.deepEqual(publishers, [['arn:aws:iam::111122223333:role/orders-prod-create-eu-west-1-lambdaRole', 'Allowed']]);
  // Each inline statement is placed in the service file.
  const [frameworkRole] = roles;
  const written = frameworkRole.inline[0].written!;
  assert.equal(SERVICE.slice(written.statements[0].span.start, written.statements[0].span.end).startsWith('Effect: Allow\n          Action: s3:GetObject'), true);
});

test('a role the file names replaces the framework’s; a file for another provider or without a service is no account', () => {
  const own = readServerlessAccount('service: s\nprovider:\n  name: aws\n  iam:\n    role: arn:aws:iam::111122223333:role/existing\nfunctions:\n  f:\n    handler: f.handler\n', 'serverless.yml');
  assert.deepEqual([...own.account!.roles.keys()], []);
  assert.match(readServerlessAccount('service: s\nprovider:\n  name: google\n', 'serverless.yml').error!, /for google, not AWS/);
  assert.match(readServerlessAccount('name: ci\n', 'serverless.yml').error!, /not a Serverless Framework service file/);
});

test('the workspace account reads a serverless.yml with functions or IAM statements as a source of its own kind', () => {
  assert.equal(accountSourceKindOf('/app/serverless.yml', SERVICE), 'serverless');
  assert.equal(accountSourceKindOf('/app/serverless.yml', 'service: s\nprovider:\n  name: aws\n'), undefined);
  // A service file of another name (`sls deploy --config serverless-prod.yml`) is one too; a YAML file that is no service is not.
  assert.equal(accountSourceKindOf('/app/serverless-prod.yml', SERVICE), 'serverless');
  assert.equal(accountSourceKindOf('/app/other.yml', 'name: ci\non: push\n'), undefined);
  // A serverless.json writes the same keys quoted.
  const json = JSON.stringify({ service: 's', provider: { name: 'aws' }, functions: { f: { handler: 'f.handler' } } }, null, 2);
  assert.equal(accountSourceKindOf('/app/serverless.json', json), 'serverless');
  assert.equal(accountSourceKindOf('/app/serverless.json', JSON.stringify({ service: 's', provider: { name: 'aws' } })), undefined);
});

test('a function’s plugin role inherits the provider’s statements when it says so, or when the plugin’s default does', () => {
  const service = (inherit: string) => `service: s
custom:
  serverless-iam-roles-per-function:
    defaultInherit: true
provider:
  name: aws
  iamRoleStatements:
    - {Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::reports/*'}
functions:
  f:
    handler: f.handler${inherit}
    iamRoleStatements:
      - {Effect: Allow, Action: sns:Publish, Resource: '*'}
`;
  const policiesOf = (text: string) =>
    readServerlessAccount(text, 'serverless.yml')
      .account!.roles.get('arn:aws:iam::000000000000:role/s-dev-f-us-east-1-lambdaRole')!
      .inline.map((policy) => policy.name);
  assert.deepEqual(policiesOf(service('')), ['s-dev-f-lambda', 's-dev-lambda']);
  assert.deepEqual(policiesOf(service('\n    iamRoleStatementsInherit: false')), ['s-dev-f-lambda']);
  assert.deepEqual(policiesOf(service('').replace('defaultInherit: true', 'defaultInherit: false')), ['s-dev-f-lambda']);
  // `iamRoleStatementsName` names the plugin's role instead.
  const named = readServerlessAccount(service('\n    iamRoleStatementsName: reports-publisher'), 'serverless.yml').account!;
  assert.deepEqual(
    [...named.roles.values()].map((role) => role.name),
    ['s-dev-us-east-1-lambdaRole', 'reports-publisher'],
  );
});

test('what a service reads with ${file(…)} is its own: role statements, a statement under a key, and resources, at the variable', async () => {
  const { marked } = await import('../../../../test/helpers/marked');
  const { documentEscalations, escalationProblems, readDocumentAccount } = await import('./escalation-findings');
  const { defaultConfiguration } = await import('../config/configuration');
  // As Aythrox's backtome-api (`iam: ${file(resources/iam.yml)}`), kaicoh's customers service (a statement under a
  // key) and services that list `resources: - ${file(resources/roles.yml)}`.
  const files: Record<string, string> = {
    '/work/app/resources/iam.yml': `role:
  statements:
    - Effect: Allow
      Action: dynamodb:Query
      Resource: arn:aws:dynamodb:\${self:provider.region}:*:table/\${self:service}-users
`,
    '/work/app/sls/iam.yml': `putRolePolicy:
  Effect: Allow
  Action: iam:PutRolePolicy
  Resource: '*'
`,
    '/work/app/resources/roles.yml': `Resources:
  Auditor:
    Type: AWS::IAM::Role
    Properties:
      RoleName: auditor
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '111122223333'}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: audit
          PolicyDocument: {Statement: [{Effect: Allow, Action: cloudtrail:LookupEvents, Resource: '*'}]}
`,
  };
  const { text, spans } = marked(`service: backtome
provider:
  name: aws
  region: us-east-1
  iam: \${file(resources/iam.yml)}
functions:
  report:
    handler: report.handler
    iamRoleStatements:
      - «\${file(./sls/iam.yml):putRolePolicy}»
resources:
  - \${file(resources/roles.yml)}
`);
  const read: string[] = [];
  const readFile = (path: string) => (read.push(path), files[path]);
  const result = readServerlessAccount(text, '/work/app/serverless.yml', { accountId: '111122223333', readFile });
  assert.deepEqual(read.sort(), ['/work/app/resources/iam.yml', '/work/app/resources/roles.yml', '/work/app/sls/iam.yml']);
  const roles = [...result.account!.roles.values()];
  assert.deepEqual(
    roles.map((role) => [role.name, role.inline.map((policy) => JSON.parse(policy.text).Statement.map((s: { Action: string; Resource: string }) => `${s.Action} ${s.Resource}`))]),
    [
      ['backtome-dev-us-east-1-lambdaRole', [['dynamodb:Query arn:aws:dynamodb:us-east-1:*:table/backtome-users']]],
      ['backtome-dev-report-us-east-1-lambdaRole', [['iam:PutRolePolicy *']]],
      ['auditor', [['cloudtrail:LookupEvents *']]],
    ],
  );
  // Both of the included role's policies are placed at the variable, and each is read as written: its trust is not
  // taken for a second build of its inline policy (once, both read as a value known only at deploy).
  assert.deepEqual(JSON.parse(roles[2].trust!.text).Statement[0].Principal, { AWS: '111122223333' });
  // The function's role can write itself any policy: the path is reported where the service reads the statement.
  const documentAccount = readDocumentAccount('serverless', [{ file: '/work/app/serverless.yml', text }], { readFile })!;
  const problems = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration);
  assert.deepEqual(
    [...problems].map(([file, found]) => [file, found.map((problem) => [problem.ruleId, problem.span])]),
    [['/work/app/serverless.yml', [['escalation-path', spans[0]]]]],
  );
  // A service file named by a path without a folder (`iam-policy escalations --account serverless.yml`) reads beside it.
  const beside = new Map(Object.entries(files).map(([path, content]) => [path.slice('/work/app/'.length), content]));
  const relative = readServerlessAccount(text, 'serverless.yml', { readFile: (path) => beside.get(path) });
  assert.equal([...relative.account!.roles.values()][0].inline[0].text.includes('dynamodb:Query'), true);
  // Without a reader (or a file that cannot be read), the variables are values as written: no statement of theirs.
  assert.deepEqual(
    [...readServerlessAccount(text, '/work/app/serverless.yml', { accountId: '111122223333' }).account!.roles.values()].map((role) => role.name),
    ['backtome-dev-us-east-1-lambdaRole', 'backtome-dev-report-us-east-1-lambdaRole'],
  );
});

test('functions the service reads from other files are its own: `functions: ${file(…)}`, a list of such files, one function’s file', () => {
  const files: Record<string, string> = {
    '/app/functions.yml': `create:
  handler: create.handler
  iamRoleStatements:
    - Effect: Allow
      Action: sns:Publish
      Resource: arn:aws:sns:us-east-1:111122223333:orders
`,
    '/app/admin.yml': `functions:
  report:
    handler: report.handler
    iamRoleStatements:
      - Effect: Allow
        Action: s3:GetObject
        Resource: arn:aws:s3:::reports/*
`,
    '/app/cleanup.yml': `handler: cleanup.handler
iamRoleStatements:
  - Effect: Allow
    Action: s3:DeleteObject
    Resource: arn:aws:s3:::tmp/*
`,
  };
  const service = (functions: string) => `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: dynamodb:Query
          Resource: '*'
functions: ${functions}
`;
  const rolesOf = (text: string) =>
    [...readServerlessAccount(text, '/app/serverless.yml', { accountId: '111122223333', readFile: (path) => files[path] }).account!.roles.values()].map((role) => [
      role.name,
      role.inline.flatMap((policy) => (JSON.parse(policy.text) as { Statement: { Action: string }[] }).Statement.map((statement) => statement.Action)),
    ]);
  // The provider, too, may be read from a file.
  files['/app/provider.yml'] = `name: aws\nstage: prod\niam:\n  role:\n    statements:\n      - Effect: Allow\n        Action: sqs:SendMessage\n        Resource: '*'\n`;
  assert.deepEqual(rolesOf('service: orders\nprovider: ${file(./provider.yml)}\nfunctions: ${file(./functions.yml)}\n'), [
    ['orders-prod-us-east-1-lambdaRole', ['sqs:SendMessage']],
    ['orders-prod-create-us-east-1-lambdaRole', ['sns:Publish']],
  ]);
  // Every function is in a file: the framework still writes its functions' role.
  assert.deepEqual(rolesOf(service('${file(./functions.yml)}')), [
    ['orders-dev-us-east-1-lambdaRole', ['dynamodb:Query']],
    ['orders-dev-create-us-east-1-lambdaRole', ['sns:Publish']],
  ]);
  assert.deepEqual(rolesOf(service('\n  - ${file(./functions.yml)}\n  - ${file(./admin.yml):functions}\n  - cleanup: ${file(./cleanup.yml)}')), [
    ['orders-dev-us-east-1-lambdaRole', ['dynamodb:Query']],
    ['orders-dev-create-us-east-1-lambdaRole', ['sns:Publish']],
    ['orders-dev-report-us-east-1-lambdaRole', ['s3:GetObject']],
    ['orders-dev-cleanup-us-east-1-lambdaRole', ['s3:DeleteObject']],
  ]);
});

test('resources that change the framework’s role without a Type add their policies to it; its other properties are theirs', () => {
  const service = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:us-east-1:111122223333:jobs
functions:
  create:
    handler: create.handler
resources:
  Resources:
    IamRoleLambdaExecution:
      Properties:
        RoleName: orders-functions
        Policies:
          - PolicyName: reports
            PolicyDocument:
              Version: '2012-10-17'
              Statement:
                - Effect: Allow
                  Action: s3:GetObject
                  Resource: arn:aws:s3:::reports/*
`;
  const account = readServerlessAccount(service, 'serverless.yml', { accountId: '111122223333' }).account!;
  const roles = [...account.roles.values()];
  assert.deepEqual(
    roles.map((role) => [role.name, role.inline.map((policy) => policy.name)]),
    [['orders-functions', ['orders-dev-lambda', 'reports']]],
  );
  const evaluator = new AccountEvaluator(account);
  const readers = whoCan(evaluator, 's3:GetObject', 'arn:aws:s3:::reports/q1.csv').allowed.map((entry) => entry.principal);
  assert.deepEqual(readers, ['arn:aws:iam::111122223333:role/orders-functions']);
});
