import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import { acceptCompletion } from '../../../../../test/helpers/completion';
import { analyzeDocument, policyAt } from '../../analyze';
import { getCatalog } from '../../catalog/catalog';
import { completionsAt } from '../../completion/completion';
import { completionHostOf } from '../completion-host';
import { defaultConfiguration } from '../../config/configuration';
import { readServerlessAccount } from '../../account/from-serverless';
import { accountSourceKindOf } from '../../account/workspace-sources';
import { documentEscalations, escalationProblems, readDocumentAccount } from '../../account/escalation-findings';

// The shape of the framework's TypeScript template (aws-nodejs-typescript): a typed const, statements shared by a
// spread, a function imported from another file, CloudFormation resources as objects.
const SERVICE = `import type { AWS } from '@serverless/typescript';
import hello from '@functions/hello';

const tableStatements = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query', 'dynamodb:«GetItme»'],
    Resource: { 'Fn::GetAtt': ['UsersTable', 'Arn'] },
  },
];

const serverlessConfiguration: AWS = {
  service: 'users-api',
  frameworkVersion: '3',
  provider: {
    name: 'aws',
    runtime: 'nodejs18.x',
    iam: {
      role: {
        statements: [
          ...tableStatements,
          { Effect: «'allow'», Action: 's3:GetObject', Resource: \`arn:aws:s3:::\${process.env.BUCKET}/*\` },
          { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:\${aws:region}:\${aws:accountId}:jobs' },
        ],
      },
    },
  },
  functions: { hello },
  resources: {
    Resources: {
      UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'users' } },
      AuditRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'audit', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:«LookupEvent»', Resource: '*' }] } }],
        },
      },
    },
  },
};

module.exports = serverlessConfiguration;
`;

test('a serverless.ts is read as a serverless.yml: its statements and resources, each finding on the string that writes it', () => {
  const { text, spans } = marked(SERVICE);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.ts', languageId: 'typescript' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['provider › iam › role › statements', 'AuditRole › AssumeRolePolicyDocument', 'AuditRole › Policies[0] › PolicyDocument'],
  );
  // The spread statement's action in the const it comes from; the GetAtt object, the template literal's `${…}` and
  // the framework's variables are values known when the service is packaged, and draw nothing.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['effect-value', spans[1]],
      ['action-unknown', spans[2]],
    ],
  );
  // A fix is written as TypeScript, in the literal's own quotes.
  assert.equal(applyFix(text, analysis.problems[1]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
  assert.equal(applyFix(text, analysis.problems[0]), text.replace("'dynamodb:GetItme'", "'dynamodb:GetItem'"));
});

test('the exported object is the service, however it is exported; another file or provider is not claimed', () => {
  const service = `export default {
  service: 'api',
  provider: { name: 'aws', iamRoleStatements: [{ Effect: 'Allow', Action: ['s3:«GetObjekt»'], Resource: '*' }] },
};
`;
  const { text, spans } = marked(service);
  for (const uri of ['file:///app/serverless.ts', 'file:///app/serverless.js', 'file:///app/serverless.mjs']) {
    const analysis = analyzeDocument({ text, uri }, { config: defaultConfiguration });
    assert.equal(analysis.kind, 'serverless', uri);
    assert.deepEqual(
      analysis.problems.map((problem) => [problem.ruleId, problem.span]),
      [['action-unknown', spans[0]]],
      uri,
    );
  }
  const typed = `import type { AWS } from '@serverless/typescript';\nconst config = ${text.slice('export default '.length).trimEnd().replace(/;$/, '')} satisfies AWS;\nexport = config;\n`;
  assert.equal(analyzeDocument({ text: typed, uri: 'file:///app/serverless.ts' }, { config: defaultConfiguration }).problems[0]?.ruleId, 'action-unknown');
  // Another name, another provider, or no service: not a service file.
  assert.notEqual(analyzeDocument({ text, uri: 'file:///app/config.ts' }, { config: defaultConfiguration }).kind, 'serverless');
  assert.equal(analyzeDocument({ text: text.replace("'aws'", "'azure'"), uri: 'file:///app/serverless.ts' }, { config: defaultConfiguration }).kind, undefined);
  assert.equal(analyzeDocument({ text: text.replace('service:', 'app:'), uri: 'file:///app/serverless.ts' }, { config: defaultConfiguration }).kind, undefined);
  // A service built by a function call is only known when it runs.
  assert.equal(
    analyzeDocument({ text: 'export default makeService({ service: "api", provider: { name: "aws" } });\n', uri: 'file:///app/serverless.ts' }, { config: defaultConfiguration }).kind,
    undefined,
  );
});

test('a serverless.ts in the account views: the functions’ role with the provider’s statements, and the resources’ roles', () => {
  const text = marked(SERVICE).text;
  assert.equal(accountSourceKindOf('/app/serverless.ts', text), 'serverless');
  assert.equal(accountSourceKindOf('/app/config.ts', text), undefined);
  const { account, error } = readServerlessAccount(text, '/app/serverless.ts');
  assert.equal(error, undefined);
  const roles = [...account!.roles.values()];
  assert.deepEqual(roles.map((role) => role.name).sort(), ['AuditRole', 'users-api-dev-us-east-1-lambdaRole']);
  const frameworkRole = roles.find((role) => role.name === 'users-api-dev-us-east-1-lambdaRole')!;
  const actions = frameworkRole.inline.flatMap((policy) => (JSON.parse(policy.text) as { Statement: { Action: unknown }[] }).Statement.map((statement) => statement.Action));
  assert.deepEqual(actions, [['dynamodb:Query', 'dynamodb:GetItme'], 's3:GetObject', ['sqs:SendMessage']]);
});

test('in the account views, functions imported from their folders are read there: tsconfig paths, re-exports, a spread namespace, imported statements', () => {
  // The framework's TypeScript template: `@functions/*` mapped in tsconfig.paths.json, which tsconfig.json extends.
  const files: Record<string, string> = {
    '/app/tsconfig.json': `{ "extends": "./tsconfig.paths.json", /* the template's */ "compilerOptions": { "strict": true } }`,
    '/app/tsconfig.paths.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@functions/*": ["src/functions/*"], "@libs/*": ["src/libs/*"] } } }`,
    '/app/src/functions/hello/index.ts': `import { handlerPath } from '@libs/handler-resolver';
export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  iamRoleStatementsInherit: true,
  iamRoleStatements: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
};
`,
    // An index that re-exports, and names itself (a cycle the reader must not follow for ever).
    '/app/src/jobs/index.ts': `export { default as cleanup } from './cleanup';\nexport * from './index';\n`,
    '/app/src/iam.ts': `export const shared = [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }];\n`,
    '/app/src/jobs/cleanup.js': `module.exports = { handler: 'src/jobs/cleanup.main', iamRoleStatements: [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::tmp/*' }] };\n`,
  };
  const text = `import type { AWS } from '@serverless/typescript';
import hello from '@functions/hello';
import * as jobs from './src/jobs';
import { shared } from './src/iam';

const config: AWS = {
  service: 'users-api',
  provider: { name: 'aws', iam: { role: { statements: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*' }, ...shared] } } },
  functions: { hello, ...jobs },
};
module.exports = config;
`;
  const read: string[] = [];
  const { account } = readServerlessAccount(text, '/app/serverless.ts', { readFile: (path) => (read.push(path), files[path]) });
  const statements = (name: string) =>
    account!.roles
      .get(`arn:aws:iam::000000000000:role/${name}`)!
      .inline.flatMap((policy) => (JSON.parse(policy.text) as { Statement: { Action: string }[] }).Statement.map((statement) => statement.Action));
  assert.deepEqual([...account!.roles.values()].map((role) => role.name).sort(), [
    'users-api-dev-cleanup-us-east-1-lambdaRole',
    'users-api-dev-hello-us-east-1-lambdaRole',
    'users-api-dev-us-east-1-lambdaRole',
  ]);
  assert.deepEqual(statements('users-api-dev-hello-us-east-1-lambdaRole'), ['sns:Publish', 'dynamodb:Query', 'kms:Decrypt']);
  assert.deepEqual(statements('users-api-dev-cleanup-us-east-1-lambdaRole'), ['s3:DeleteObject']);
  // Each file is read once; the package imports are not looked for.
  assert.equal(new Set(read).size, read.length);
  assert.ok(!read.some((path) => path.includes('@serverless') || path.includes('handler-resolver')));
  // Without readFile (the editor's lint of the service file), an imported name is a value known when packaged.
  assert.deepEqual(
    [...readServerlessAccount(text, '/app/serverless.ts').account!.roles.values()].map((role) => role.name),
    ['users-api-dev-us-east-1-lambdaRole'],
  );
  // escalation-path of an imported function's role is reported in the service file, on the name that imports it.
  files['/app/src/functions/hello/index.ts'] = files['/app/src/functions/hello/index.ts'].replace("'sns:Publish'", "'iam:PutRolePolicy'");
  const documentAccount = readDocumentAccount('serverless', [{ file: '/app/serverless.ts', text }], { readFile: (path) => files[path] })!;
  const escalations = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration);
  const helloAt = text.indexOf('hello,');
  assert.deepEqual(
    [...escalations].map(([file, found]) => [file, found.map((problem) => [problem.ruleId, problem.span])]),
    [['/app/serverless.ts', [['escalation-path', { start: helloAt, end: helloAt + 'hello'.length }]]]],
  );
});

test('escalation-path in a serverless.ts: the functions’ role may write itself any policy, reported on the statement', () => {
  const { text, spans } = marked(`export default {
  service: 'ops',
  provider: { name: 'aws', iamRoleStatements: [{ Effect: 'Allow', Action: [«'iam:PutRolePolicy'»], Resource: '*' }] },
  functions: { run: { handler: 'run.handler' } },
};
`);
  const documentAccount = readDocumentAccount('serverless', [{ file: '/app/serverless.ts', text }])!;
  const problems = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration);
  assert.deepEqual(
    [...problems].map(([file, found]) => [file, found.map((problem) => [problem.ruleId, problem.span, problem.message.split(':')[0]])]),
    [['/app/serverless.ts', [['escalation-path', spans[0], 'Role ops-dev-us-east-1-lambdaRole can become administrator']]]],
  );
});

test('completion in a serverless.ts writes actions, ARNs and condition keys as TypeScript literals in their own quotes', () => {
  const service = (statement: string) => `export default { service: 'a', provider: { name: 'aws', iamRoleStatements: [${statement}] } };\n`;
  const cases: [string, string, string][] = [
    [service("{ Effect: 'Allow', Action: ['s3:GetOb«»'], Resource: '*' }"), 's3:GetObject', service("{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }")],
    [
      service('{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "«»" }'),
      'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
      service('{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::BucketName/ObjectName" }'),
    ],
    [
      service("{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:Sou«»': 'x' } } }"),
      'aws:SourceAccount',
      service("{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': 'x' } } }"),
    ],
  ];
  for (const [source, label, expected] of cases) {
    const { text, spans } = marked(source);
    const cursor = spans[0].start;
    const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.ts', languageId: 'typescript' }, { config: defaultConfiguration });
    const at = policyAt(analysis, cursor)!;
    const host = completionHostOf(at, analysis.kind, text)!;
    const items = completionsAt({ policy: at.policy, offset: cursor, catalog: getCatalog(), policyType: at.policyType, host });
    assert.equal(acceptCompletion(text, items, label), expected, label);
  }
});

test('a serverless.ts in a folder of a larger project finds the nearest tsconfig.json above it, as TypeScript does', () => {
  const files: Record<string, string> = {
    '/repo/tsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@api/*": ["services/api/src/*"] } } }`,
    '/repo/services/api/src/handlers/index.ts': `export const hello = { handler: 'h.main', iamRoleStatements: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };\n`,
  };
  const text = `import { hello } from '@api/handlers';\nmodule.exports = {\n  service: 'api',\n  provider: { name: 'aws' },\n  functions: { hello },\n};\n`;
  const read: string[] = [];
  const { account } = readServerlessAccount(text, '/repo/services/api/serverless.ts', { readFile: (path) => (read.push(path), files[path]) });
  assert.deepEqual([...account!.roles.values()].map((role) => role.name).sort(), ['api-dev-hello-us-east-1-lambdaRole', 'api-dev-us-east-1-lambdaRole']);
  // Beside the service, then each folder up to the one that has it; no further.
  assert.deepEqual(
    read.filter((path) => path.endsWith('tsconfig.json')),
    ['/repo/services/api/tsconfig.json', '/repo/services/tsconfig.json', '/repo/tsconfig.json'],
  );
});
