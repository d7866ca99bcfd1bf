// The account view's requests over the fixture account (test/fixtures/account): the export in account 111122223333
// and the template, whose entities get the synthetic account 000000000000. The answers were worked out by hand from
// the fixture's policies (see server/src/core/account/questions.test.ts for the same account through the core).
import { after, test } from 'node:test';
import picomatch from 'picomatch';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import type {
  AccountEntityDetails,
  AccountLink,
  AccountPermissionsResult,
  AccountViewResult,
  AccountWhoCanResult,
  SimulationInputsResult,
  SimulationRange,
  ServerStats,
  SimulationResult,
} from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';

const fixtures = join(__dirname, '..', 'fixtures', 'account');
const exportText = readFileSync(join(fixtures, 'authorization-details.json'), 'utf8');
const templateText = readFileSync(join(fixtures, 'template.yaml'), 'utf8');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-account-view-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A server whose workspace is `dir`; it waits for `iamPolicy/account/changed` notifications on request. */
async function serverFor(dir: string, settings: Record<string, unknown> = {}) {
  const client = new TestClient();
  client.settings = settings;
  let changes = 0;
  const waiters: (() => void)[] = [];
  client.connection.onNotification('iamPolicy/account/changed', () => {
    changes++;
    waiters.splice(0).forEach((wake) => wake());
  });
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    initializationOptions: shortTimings,
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  const changed = (after: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no iamPolicy/account/changed notification within 20 s')), 20_000);
      const check = () => (changes > after ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });
  return { client, changed, changes: () => changes };
}

/**
 * A server for a workspace that tests only ask questions of (they open no source, change no file): started by the
 * first test that needs it, and stopped after the file's tests.
 */
function sharedServer(files: Record<string, string>): () => Promise<{ dir: string; client: TestClient }> {
  let started: Promise<{ dir: string; client: TestClient }> | undefined;
  return () => {
    if (!started) {
      const dir = workspace(files);
      started = serverFor(dir).then(({ client }) => ({ dir, client }));
      sharedServers.push(started);
    }
    return started;
  };
}
const sharedServers: Promise<{ client: TestClient }>[] = [];
after(async () => {
  for (const server of sharedServers) {
    const { client } = await server;
    try {
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.process.kill();
    }
  }
});

// package.json is no source, and node_modules is never read: the account is that of the export and the template.
const exportAndTemplate = sharedServer({
  'export/authorization-details.json': exportText,
  'template.yaml': templateText,
  'package.json': '{"name": "x"}',
  'node_modules/dep/template.yaml': templateText,
});
const exportOnly = sharedServer({ 'export/authorization-details.json': exportText });

const view = (client: TestClient) => client.request<AccountViewResult>('iamPolicy/account/view');
const textAt = (text: string, range: SimulationRange | undefined) => {
  const lines = new LineIndex(text);
  return range ? text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end)) : undefined;
};
const linkText = (link: AccountLink | undefined, texts: Record<string, string>) => (link?.uri ? textAt(texts[link.uri], link.range) : undefined);

test('the view lists the principals of the export and the template; each, expanded, links to where it and its policies are written', async () => {
  const { dir, client } = await exportAndTemplate();
  const exportUri = pathToFileURL(join(dir, 'export/authorization-details.json')).toString();
  const templateUri = pathToFileURL(join(dir, 'template.yaml')).toString();
  const texts = { [exportUri]: exportText, [templateUri]: templateText };
  const result = await view(client);
  assert.equal(result.message, undefined);
  // node_modules is never read; package.json is no account source.
  assert.deepEqual(result.sources, [
    { uri: exportUri, kind: 'authorization-details' },
    { uri: templateUri, kind: 'cloudformation' },
  ]);
  const names = ['alice', 'alice', 'bob', 'bob', 'carol', 'carol', 'dave', 'dave', 'erin', 'erin', 'frank', 'frank', 'ops-admin', 'ops-admin'];
  assert.deepEqual(
    result.users.map((u) => u.name),
    names,
  );
  assert.deepEqual(
    result.roles.map((r) => r.arn),
    ['admin-lambda', 'deployer', 'reader'].flatMap((name) => [`arn:aws:iam::000000000000:role/${name}`, `arn:aws:iam::111122223333:role/${name}`]),
  );
  const details = (arn: string) => client.request<AccountEntityDetails | null>('iamPolicy/account/entity', { arn });
  const groups: [string, string[]][] = [];
  for (const group of result.groups) groups.push([group.arn, (await details(group.arn))!.related]);
  assert.deepEqual(groups, [
    ['arn:aws:iam::000000000000:group/developers', ['arn:aws:iam::000000000000:user/alice']],
    ['arn:aws:iam::111122223333:group/developers', ['arn:aws:iam::111122223333:user/alice']],
    ['arn:aws:iam::000000000000:group/support', ['arn:aws:iam::000000000000:user/carol']],
    ['arn:aws:iam::111122223333:group/support', ['arn:aws:iam::111122223333:user/carol']],
  ]);
  assert.deepEqual(
    result.policies.map((p) => p.name),
    ['BobTools', 'BobTools', 'DevRead', 'DevRead', 'S3Only', 'S3Only'],
  );

  assert.equal(result.users.find((u) => u.arn === 'arn:aws:iam::000000000000:user/alice')!.detail, '000000000000 · template.yaml');
  const alice = (await details('arn:aws:iam::000000000000:user/alice'))!;
  assert.deepEqual(alice.related, ['arn:aws:iam::000000000000:group/developers']);
  assert.equal(linkText(alice.link, texts), 'Alice:');
  assert.deepEqual(
    alice.policies.map((p) => [p.label, p.uri]),
    [
      ['ReadOwnHome (inline)', templateUri],
      ['DevRead (customer managed)', templateUri],
    ],
  );
  assert.match(linkText(alice.policies[0], texts)!, /^Version: '2012-10-17'\n\s+Statement:\n\s+- Sid: OwnHome\n[\s\S]*\$\{!aws:username\}\/\*'$/);

  const exportedErin = (await details('arn:aws:iam::111122223333:user/erin'))!;
  assert.deepEqual(
    exportedErin.policies.map((p) => [p.label, p.uri?.replace(exportUri, 'export')]),
    [
      ['Data (inline)', 'export'],
      ['IAMFullAccess (AWS managed)', 'iam-policy-managed:/IAMFullAccess.iam.json'],
      ['S3Only (permissions boundary)', 'export'],
    ],
  );
  assert.ok(linkText(exportedErin.link, texts)!.startsWith('{\n      "Path": "/",\n      "UserName": "erin"'));

  // Roles carry who can assume them: the trust policy of reader names frank (and a deleted principal's id).
  const reader = (await details('arn:aws:iam::111122223333:role/reader'))!;
  assert.deepEqual(reader.assumableBy, [{ principal: 'arn:aws:iam::111122223333:user/frank', decision: 'Allowed' }]);
  assert.deepEqual(
    reader.policies.map((p) => p.label),
    ['AmazonS3ReadOnlyAccess (AWS managed)', 'trust policy'],
  );
  // A customer managed policy: where it is written and who holds it.
  const s3Only = (await details('arn:aws:iam::111122223333:policy/S3Only'))!;
  assert.deepEqual(s3Only.related, ['arn:aws:iam::111122223333:user/erin']);
  assert.match(linkText(s3Only.link, texts)!, /^\{\s*"Version": "2012-10-17",\s*"Statement": \[\s*\{ "Sid": "S3Only"/);
  assert.equal(await details('arn:aws:iam::111122223333:user/nobody'), null);
});

test("a principal's permissions by service and access level, each linking to the granting statement", async () => {
  const { dir, client } = await exportAndTemplate();
  const exportUri = pathToFileURL(join(dir, 'export/authorization-details.json')).toString();
  const templateUri = pathToFileURL(join(dir, 'template.yaml')).toString();
  const texts = { [exportUri]: exportText, [templateUri]: templateText };
  const frank = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: 'arn:aws:iam::111122223333:user/frank' });
  const shape = (result: AccountPermissionsResult) =>
    result.services.map((service) => [service.prefix, service.name, service.levels.map((level) => [level.level, level.actions.map((a) => ({ ...a, via: a.via.map((i) => result.links[i].label) }))])]);
  const both = ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*'];
  const mfa = ['Bool aws:MultiFactorAuthPresent (DataAccess › WriteWithMfa)'];
  const expected = [
    [
      's3',
      'Amazon S3',
      [
        ['List', [{ action: 's3:ListBucket', resources: both, decision: 'Allowed', via: ['DataAccess › Read'] }]],
        ['Read', [{ action: 's3:GetObject', resources: both, decision: 'Allowed', via: ['DataAccess › Read'] }]],
        [
          'Write',
          [
            {
              action: 's3:DeleteObject',
              resources: ['arn:aws:s3:::corp-data/*'],
              decision: 'Conditional',
              conditions: mfa,
              denied: ['arn:aws:s3:::corp-data/audit/*'],
              via: ['DataAccess › WriteWithMfa'],
            },
            { action: 's3:PutObject', resources: ['arn:aws:s3:::corp-data/*'], decision: 'Conditional', conditions: mfa, via: ['DataAccess › WriteWithMfa'] },
          ],
        ],
      ],
    ],
  ];
  assert.deepEqual(shape(frank), expected);
  assert.deepEqual(frank.errors, []);
  // Each statement once (in the order the actions come: s3:DeleteObject first), in the export at its object.
  assert.deepEqual(
    frank.links.map((link) => [link.uri, linkText(link, texts)]),
    [
      [
        exportUri,
        '{ "Sid": "WriteWithMfa", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::corp-data/*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }',
      ],
      [exportUri, '{ "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::corp-data", "arn:aws:s3:::corp-data/*"] }'],
    ],
  );

  // The same user of the template: the same answer, linking into the YAML.
  const templateFrank = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: 'arn:aws:iam::000000000000:user/frank' });
  assert.deepEqual(shape(templateFrank), expected);
  assert.deepEqual(
    templateFrank.links.map((link) => [link.uri, linkText(link, texts)]),
    [
      [
        templateUri,
        "Sid: WriteWithMfa\n            Effect: Allow\n            Action: [s3:PutObject, s3:DeleteObject]\n            Resource: arn:aws:s3:::corp-data/*\n            Condition:\n              Bool:\n                aws:MultiFactorAuthPresent: 'true'",
      ],
      [templateUri, 'Sid: Read\n            Effect: Allow\n            Action: [s3:GetObject, s3:ListBucket]\n            Resource: [arn:aws:s3:::corp-data, arn:aws:s3:::corp-data/*]'],
    ],
  );

  // An administrator: every service, through the bundled AdministratorAccess, linked once.
  const admin = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: 'arn:aws:iam::111122223333:user/ops-admin' });
  assert.deepEqual(
    admin.links.map((link) => [link.label, link.uri, link.range]),
    [['AdministratorAccess › #1', 'iam-policy-managed:/AdministratorAccess.iam.json', { start: { line: 3, character: 8 }, end: { line: 7, character: 9 } }]],
  );
  const iam = admin.services.find((s) => s.prefix === 'iam')!;
  assert.deepEqual(
    iam.levels.map((l) => l.level),
    ['List', 'Read', 'Write', 'Permissions management', 'Tagging'],
  );
  assert.ok(iam.levels[4].actions.some((a) => a.action === 'iam:TagRole' && a.decision === 'Allowed' && a.resources.join() === '*'));

  assert.equal(await client.request('iamPolicy/account/permissions', { principal: 'arn:aws:iam::111122223333:user/nobody' }), null);
});

test('a Terraform module: its folder is one source, and a permission links into the policy document data source', async () => {
  const usersTf = readFileSync(join(fixtures, 'terraform/users.tf'), 'utf8');
  const dir = workspace({ 'infra/users.tf': usersTf, 'infra/roles.tf': readFileSync(join(fixtures, 'terraform/roles.tf'), 'utf8'), 'infra/outputs.tf': 'output "x" {\n  value = 1\n}\n' });
  const { client } = await serverFor(dir);
  try {
    const usersUri = pathToFileURL(join(dir, 'infra/users.tf')).toString();
    const result = await view(client);
    assert.deepEqual(result.sources, [{ uri: pathToFileURL(join(dir, 'infra')).toString(), kind: 'terraform' }]);
    assert.equal(result.users.length, 7);
    const frank = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: 'arn:aws:iam::000000000000:user/frank' });
    assert.deepEqual(
      frank.links.map((link) => [link.label, link.uri, textAt(usersTf, link.range)?.split('\n')[1]]),
      [
        ['DataAccess › WriteWithMfa', usersUri, '    sid       = "WriteWithMfa"'],
        ['DataAccess › Read', usersUri, '    sid       = "Read"'],
      ],
    );
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test("a serverless.yml is a source: the role the framework writes for its functions links into the file's statements", async () => {
  const service = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Sid: Reports
          Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::reports/*
functions:
  list:
    handler: list.handler
`;
  const dir = workspace({ 'api/serverless.yml': service });
  const { client } = await serverFor(dir);
  try {
    const uri = pathToFileURL(join(dir, 'api/serverless.yml')).toString();
    const result = await view(client);
    assert.deepEqual(result.sources, [{ uri, kind: 'serverless' }]);
    const role = 'arn:aws:iam::000000000000:role/orders-dev-us-east-1-lambdaRole';
    assert.deepEqual(
      result.roles.map((entry) => entry.arn),
      [role],
    );
    const permissions = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: role });
    assert.deepEqual(
      permissions.links.map((link) => [link.label, link.uri, textAt(service, link.range)?.split('\n')[0]]),
      [['orders-dev-lambda › Reports', uri, 'Sid: Reports']],
    );
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test("a CDK app's source is a source: a role's permissions link into the statements the code hands it", async () => {
  const stack = `import * as iam from 'aws-cdk-lib/aws-iam';
import * as node from 'aws-cdk-lib/aws-lambda-nodejs';
export function build(scope: any): void {
  const reports = new node.NodejsFunction(scope, 'Reports', { entry: 'src/reports.ts' });
  reports.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadReports', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }));
}
`;
  const dir = workspace({ 'infra/lib/reports.ts': stack, 'src/reports.ts': 'export const handler = async () => 200;\n' });
  const { client } = await serverFor(dir);
  try {
    const uri = pathToFileURL(join(dir, 'infra/lib/reports.ts')).toString();
    const result = await view(client);
    // The function's own code imports no CDK module: it is no source.
    assert.deepEqual(result.sources, [{ uri, kind: 'cdk' }]);
    const role = 'arn:aws:iam::000000000000:role/ReportsServiceRole';
    assert.deepEqual(
      result.roles.map((entry) => entry.arn),
      [role],
    );
    const permissions = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: role });
    const statement = permissions.links.find((link) => link.label.endsWith('ReadReports'));
    assert.ok(statement, JSON.stringify(permissions.links.map((link) => link.label)));
    assert.equal(statement.uri, uri);
    assert.match(textAt(stack, statement.range) ?? '', /^new iam\.PolicyStatement\(\{ sid: 'ReadReports'/);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test("a Pulumi program is a source: a role's permissions link into the policy the program gives it", async () => {
  const program = `import * as aws from '@pulumi/aws';
const worker = new aws.iam.Role('worker', {
  assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
});
new aws.iam.RolePolicy('read-reports', {
  role: worker.name,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }),
});
`;
  const dir = workspace({ 'infra/index.ts': program, 'src/handler.ts': 'export const handler = async () => 200;\n' });
  const { client } = await serverFor(dir);
  try {
    const uri = pathToFileURL(join(dir, 'infra/index.ts')).toString();
    const result = await view(client);
    assert.deepEqual(result.sources, [{ uri, kind: 'pulumi' }]);
    const role = 'arn:aws:iam::000000000000:role/worker';
    assert.deepEqual(
      result.roles.map((entry) => entry.arn),
      [role],
    );
    const permissions = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: role });
    const statement = permissions.links.find((link) => link.label.endsWith('ReadReports'));
    assert.ok(statement, JSON.stringify(permissions.links.map((link) => link.label)));
    assert.equal(statement.uri, uri);
    assert.match(textAt(program, statement.range) ?? '', /^\{ Sid: 'ReadReports'/);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('a Pulumi project is one source: a policy in one file links into the role another file exports', async () => {
  const iam = `import * as aws from '@pulumi/aws';
export const worker = new aws.iam.Role('worker', {
  assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
});
`;
  const policies = `import * as aws from '@pulumi/aws';
import { worker } from './iam';
new aws.iam.RolePolicy('read-reports', {
  role: worker.name,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }),
});
`;
  const dir = workspace({ 'infra/Pulumi.yaml': 'name: infra\nruntime: nodejs\n', 'infra/index.ts': "import './iam';\nimport './policies';\n", 'infra/iam.ts': iam, 'infra/policies.ts': policies });
  const { client } = await serverFor(dir);
  try {
    const result = await view(client);
    assert.deepEqual(result.sources, [{ uri: pathToFileURL(join(dir, 'infra')).toString(), kind: 'pulumi' }]);
    const role = 'arn:aws:iam::000000000000:role/worker';
    const permissions = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: role });
    const statement = permissions.links.find((link) => link.label.endsWith('ReadReports'));
    assert.ok(statement, JSON.stringify(permissions.links.map((link) => link.label)));
    assert.equal(statement.uri, pathToFileURL(join(dir, 'infra/policies.ts')).toString());
    assert.match(textAt(policies, statement.range) ?? '', /^\{ Sid: 'ReadReports'/);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test("a TypeScript file that becomes a CDK app's source on disk is read then", async () => {
  const dir = workspace({ 'lib/stack.ts': 'export const stage = "dev";\n' });
  const { client, changed, changes } = await serverFor(dir);
  try {
    assert.deepEqual((await view(client)).sources, []);
    // The editor is asked to watch such files, so that it tells the server of the change below.
    const watchers = client.registrations
      .filter((registration) => registration.method === 'workspace/didChangeWatchedFiles')
      .flatMap((registration) => (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers);
    assert.ok(
      watchers.some((watcher) => picomatch(watcher.globPattern)('lib/stack.ts')),
      JSON.stringify(watchers),
    );
    // Changed on disk, the file is read again, not taken for the TypeScript it was.
    const stack = "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.User(this, 'Ops', { userName: 'ops' });\n";
    writeFileSync(join(dir, 'lib/stack.ts'), stack);
    utimesSync(join(dir, 'lib/stack.ts'), new Date(), new Date(Date.now() + 5000));
    const before = changes();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'lib/stack.ts')).toString(), type: 2 }] });
    await changed(before);
    assert.deepEqual(
      (await view(client)).users.map((user) => user.name),
      ['ops'],
    );
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('Terraform module calls: only the root folder is a source; roles of the called modules link into their files', async () => {
  const nested = join(__dirname, '..', 'fixtures', 'terraform', 'nested');
  const files = ['main.tf', 'modules/role/main.tf', 'modules/logs/main.tf', 'modules/loop/main.tf'];
  const dir = workspace(Object.fromEntries(files.map((file) => [`infra/${file}`, readFileSync(join(nested, file), 'utf8')])));
  const { client } = await serverFor(dir);
  try {
    const uri = (file: string) => pathToFileURL(join(dir, 'infra', file)).toString();
    const texts = Object.fromEntries(files.map((file) => [uri(file), readFileSync(join(nested, file), 'utf8')]));
    const result = await view(client);
    // modules/role, modules/logs and modules/loop are read through main.tf's calls, not as modules of their own.
    assert.deepEqual(result.sources, [{ uri: pathToFileURL(join(dir, 'infra')).toString(), kind: 'terraform' }]);
    assert.deepEqual(
      result.roles.map((r) => r.arn),
      ['audit-reader', 'billing-reader', 'deployer', 'worker-0', 'worker-1'].map((name) => `arn:aws:iam::000000000000:role/${name}`),
    );
    assert.deepEqual(
      result.users.map((u) => u.arn),
      ['arn:aws:iam::000000000000:user/ci', 'arn:aws:iam::000000000000:user/looper'],
    );
    const details = (arn: string) => client.request<AccountEntityDetails | null>('iamPolicy/account/entity', { arn });
    const audit = (await details('arn:aws:iam::000000000000:role/audit-reader'))!;
    assert.equal(audit.link?.uri, uri('modules/role/main.tf'));
    assert.equal(linkText(audit.link, texts), 'resource "aws_iam_role" "this"');
    assert.deepEqual(
      audit.policies.map((p) => [p.label, p.uri, linkText(p, texts)?.split('\n')[0]]),
      [
        ['audit-reader-logs (customer managed)', uri('modules/logs/main.tf'), 'jsonencode({'],
        ['trust policy', uri('modules/role/main.tf'), 'data "aws_iam_policy_document" "trust" {'],
      ],
    );
    // ci may assume the deployer: the granting statement is the trust policy the called module writes.
    const ci = await client.request<AccountPermissionsResult>('iamPolicy/account/permissions', { principal: 'arn:aws:iam::000000000000:user/ci' });
    assert.deepEqual(
      ci.links.map((link) => [link.label, link.uri, linkText(link, texts)?.split('\n')[0]]),
      [['trust policy › #1', uri('modules/role/main.tf'), 'statement {']],
    );
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('who can: allowed and conditional principals, roles with who can assume them, each linking to the statement', async () => {
  const { dir, client } = await exportOnly();
  const exportUri = pathToFileURL(join(dir, 'export/authorization-details.json')).toString();
  const answer = await client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action: 's3:DeleteObject', resource: 'arn:aws:s3:::corp-data/reports/q1.csv' });
  assert.deepEqual(
    answer.allowed.map((e) => [e.principal, e.type, e.decision, e.via.map((v) => [v.label, v.uri]), e.conditions, e.assumableBy]),
    [
      ['arn:aws:iam::111122223333:user/ops-admin', 'user', 'Allowed', [['AdministratorAccess › #1', 'iam-policy-managed:/AdministratorAccess.iam.json']], undefined, undefined],
      ['arn:aws:iam::111122223333:user/frank', 'user', 'Conditional', [['DataAccess › WriteWithMfa', exportUri]], ['Bool aws:MultiFactorAuthPresent (DataAccess › WriteWithMfa)'], undefined],
      [
        'arn:aws:iam::111122223333:role/admin-lambda',
        'role',
        'Allowed',
        [['AdministratorAccess › #1', 'iam-policy-managed:/AdministratorAccess.iam.json']],
        undefined,
        [{ principal: 'lambda.amazonaws.com', decision: 'Allowed' }],
      ],
    ],
  );
  assert.deepEqual(answer.errors, []);
  // The audit prefix is denied to frank by KeepAudit, whatever the MFA.
  const audit = await client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action: 's3:DeleteObject', resource: 'arn:aws:s3:::corp-data/audit/2024.log' });
  assert.deepEqual(
    audit.allowed.map((e) => e.principal),
    ['arn:aws:iam::111122223333:user/ops-admin', 'arn:aws:iam::111122223333:role/admin-lambda'],
  );
  // The trust policy is the role's resource policy: frank is named in reader's. An administrator's identity policy
  // is not enough: a trust policy must admit the principal.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (role trust policies)
  const assume = await client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/reader' });
  assert.deepEqual(
    assume.allowed.map((e) => [e.principal, e.decision, e.via.map((v) => v.label)]),
    [['arn:aws:iam::111122223333:user/frank', 'Allowed', ['trust policy › #1']]],
  );
  const trust = assume.allowed[0].via[0];
  assert.equal(trust.uri, exportUri);
  assert.match(textAt(exportText, trust.range)!, /^\{\s*"Effect": "Allow", "Principal": \{ "AWS": \["arn:aws:iam::111122223333:user\/frank"/);

  assert.deepEqual(await client.request('iamPolicy/account/whoCan', { action: 'GetObject', resource: '*' }), {
    message: '"GetObject" is not an action: write it as service:Action, such as s3:GetObject.',
    allowed: [],
    errors: [],
  });
});

test('simulate as a principal: its gathered policies, the deciding statement where the file writes it', async () => {
  const { dir, client } = await exportOnly();
  const exportUri = pathToFileURL(join(dir, 'export/authorization-details.json')).toString();
  const request = { action: 's3:DeleteObject', resource: 'arn:aws:s3:::corp-data/audit/x', context: { 'aws:MultiFactorAuthPresent': 'true' } };
  const result = await client.request<SimulationResult>('iamPolicy/account/simulate', { principal: 'arn:aws:iam::111122223333:user/frank', request });
  assert.equal(result.decision, 'ExplicitlyDenied');
  assert.deepEqual(
    result.decidedBy.map((s) => [s.label, s.uri, textAt(exportText, s.range)]),
    [['Deny statement 3 "KeepAudit"', exportUri, '{ "Sid": "KeepAudit", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::corp-data/audit/*" }']],
  );
  assert.deepEqual(
    result.policies.map((p) => [p.name, p.role, p.verdict, p.uri]),
    [['DataAccess (inline)', 'identity', 'Deny', exportUri]],
  );
  // Erin: IAMFullAccess is capped by the S3Only boundary.
  const erin = await client.request<SimulationResult>('iamPolicy/account/simulate', {
    principal: 'erin',
    request: { action: 'iam:CreateUser', resource: 'arn:aws:iam::111122223333:user/new', context: {} },
  });
  assert.equal(erin.decision, 'ImplicitlyDenied');
  assert.deepEqual(
    erin.policies.map((p) => [p.name, p.role, p.verdict]),
    [
      ['Data (inline)', 'identity', 'NoMatch'],
      ['IAMFullAccess (AWS managed)', 'identity', 'Allow'],
      ['S3Only (permissions boundary)', 'permissionsBoundary', 'NoMatch'],
    ],
  );
  const inputs = await client.request<SimulationInputsResult>('iamPolicy/account/simulationInputs', { principal: 'arn:aws:iam::111122223333:user/frank' });
  assert.equal(inputs.role, 'user frank');
  assert.deepEqual(
    inputs.actions.map((a) => a.name),
    ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:DeleteObject'],
  );
  assert.equal(await client.request('iamPolicy/account/simulate', { principal: 'nobody', request }), null);
});

test('the account is read again when a source changes on disk or in the editor, and iamPolicy.account.sources narrows it', async () => {
  const dir = workspace({ 'template.yaml': templateText });
  const { client, changed, changes } = await serverFor(dir);
  try {
    assert.equal((await view(client)).users.length, 7);
    const extra = 'Resources:\n  Grace:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: grace\n';
    writeFileSync(join(dir, 'users.yaml'), extra);
    const before = changes();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'users.yaml')).toString(), type: 1 }] });
    await changed(before);
    assert.ok((await view(client)).users.some((u) => u.name === 'grace'));

    // Unsaved text of an open source counts.
    const uri = pathToFileURL(join(dir, 'users.yaml')).toString();
    client.open(uri, extra.replace('grace', 'heidi'), 'yaml');
    const afterOpen = changes();
    client.change(uri, extra.replace('grace', 'ivan'));
    await changed(afterOpen);
    const names = (await view(client)).users.map((u) => u.name);
    assert.ok(names.includes('ivan') && !names.includes('grace'), names.join());

    // The setting leaves the template out.
    client.settings = { account: { sources: ['!template.yaml'] } };
    const beforeSettings = changes();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await changed(beforeSettings);
    assert.deepEqual(
      (await view(client)).users.map((u) => u.name),
      ['ivan'],
    );
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('a policy file a module reads with templatefile() is read again when it changes on disk or in the editor', async () => {
  const policy = (action: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${action}", "Resource": "*"}]}`;
  const main =
    'resource "aws_iam_user" "ci" {\n  name = "ci"\n}\nresource "aws_iam_user_policy" "ci" {\n  user   = aws_iam_user.ci.name\n  policy = templatefile("${path.module}/ci.json.tftpl", {})\n}\n';
  const dir = workspace({ 'infra/main.tf': main, 'infra/ci.json.tftpl': policy('s3:GetObject') });
  const { client, changed, changes } = await serverFor(dir);
  const whoCan = async (action: string) => (await client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action, resource: 'arn:aws:s3:::b/k' })).allowed.map((e) => e.principal);
  try {
    assert.deepEqual(await whoCan('s3:GetObject'), ['arn:aws:iam::000000000000:user/ci']);
    const file = join(dir, 'infra/ci.json.tftpl');
    writeFileSync(file, policy('s3:PutObject'));
    const before = changes();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
    await changed(before);
    assert.deepEqual(await whoCan('s3:GetObject'), []);
    assert.deepEqual(await whoCan('s3:PutObject'), ['arn:aws:iam::000000000000:user/ci']);
    // Unsaved text in the editor counts.
    const uri = pathToFileURL(file).toString();
    client.open(uri, policy('s3:PutObject'), 'terraform');
    const afterOpen = changes();
    client.change(uri, policy('s3:DeleteObject'));
    await changed(afterOpen);
    assert.deepEqual(await whoCan('s3:PutObject'), []);
    assert.deepEqual(await whoCan('s3:DeleteObject'), ['arn:aws:iam::000000000000:user/ci']);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('typing in a source tells the view; the account is read again when the view asks, not at each pause', async () => {
  const users = (name: string) => `Resources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: ${name}\n`;
  const dir = workspace({ 'template.yaml': templateText, 'users.yaml': users('grace') });
  const { client, changed, changes } = await serverFor(dir);
  const reads = async () => (await client.request<ServerStats>('iamPolicy/serverStats')).accountReads;
  try {
    const uri = pathToFileURL(join(dir, 'users.yaml')).toString();
    client.open(uri, users('grace'), 'yaml');
    assert.ok((await view(client)).users.some((u) => u.name === 'grace'));
    assert.equal(await reads(), 1);
    // A pause in the typing, the view hidden (it does not ask): the view is told, and nothing is read.
    const before = changes();
    client.change(uri, users('heidi'));
    await changed(before);
    assert.equal(await reads(), 1);
    // The view asks when shown again, after more typing: the account is read once, from the text as it is then.
    client.change(uri, users('ivan'));
    const names = (await view(client)).users.map((u) => u.name);
    assert.ok(names.includes('ivan') && !names.includes('grace') && !names.includes('heidi'), names.join());
    assert.equal(await reads(), 2);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('an empty workspace or a broken source: the view says so, nothing fails', async () => {
  const empty = await serverFor(workspace({ 'README.md': '# nothing here', 'package.json': '{"name": "x"}' }));
  try {
    const result = await view(empty.client);
    assert.deepEqual(result, {
      message:
        'No CloudFormation/SAM template with IAM resources, Terraform module with aws_iam_* resources or authorization-details export (aws iam get-account-authorization-details) in this workspace.',
      sources: [],
      warnings: [],
      users: [],
      groups: [],
      roles: [],
      policies: [],
      resourcePolicies: [],
    });
    const answer = await empty.client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action: 's3:GetObject', resource: '*' });
    assert.equal(answer.message, result.message);
    assert.equal(await empty.client.shutdown(), 0);
  } finally {
    empty.client.process.kill();
  }

  const dir = workspace({ 'broken.json': '{"UserDetailList": [', 'template.yaml': templateText });
  const broken = await serverFor(dir);
  try {
    const result = await view(broken.client);
    assert.equal(result.sources[0].kind, 'authorization-details');
    assert.match(result.sources[0].error!, /broken\.json is not valid JSON/);
    assert.equal(result.users.length, 7);
    assert.equal(await broken.client.shutdown(), 0);
  } finally {
    broken.client.process.kill();
  }
});

test('a code action on an action name or an ARN of a statement asks who can', async () => {
  // Any server will do: the document is outside its workspace, and the account is only read when a question is asked.
  const { client } = await exportOnly();
  const uri = 'file:///who-can/policy.json';
  const source = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:PutOb|ject"], "Resource": "arn:aws:s3:::corp-data/*"}]}`;
  const { text, cursor } = marked(source);
  client.open(uri, text, 'iam-policy');
  const lines = new LineIndex(text);
  const actionsAt = (offset: number) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: lines.positionAt(offset), end: lines.positionAt(offset) }, context: { diagnostics: [] } });
  const onAction = (await actionsAt(cursor)).filter((a) => a.command?.command === 'iamPolicy.whoCan');
  assert.deepEqual(
    onAction.map((a) => [a.title, a.command?.arguments]),
    [['Who can s3:PutObject on arn:aws:s3:::corp-data/*? (IAM account)', [{ action: 's3:PutObject', resource: 'arn:aws:s3:::corp-data/*' }]]],
  );
  const onArn = (await actionsAt(text.indexOf('corp-data'))).filter((a) => a.command?.command === 'iamPolicy.whoCan');
  assert.deepEqual(
    onArn.map((a) => a.command?.arguments),
    [[{ action: 's3:PutObject', resource: 'arn:aws:s3:::corp-data/*' }]],
  );
  // Elsewhere (the Effect), none.
  assert.deepEqual(
    (await actionsAt(text.indexOf('Allow'))).filter((a) => a.command?.command === 'iamPolicy.whoCan'),
    [],
  );
});

test('resource policies: each with what it governs and its statements, linking to where they are written; who can links to them', async () => {
  const yaml = readFileSync(join(fixtures, 'resource-policies.yaml'), 'utf8');
  const tf = readFileSync(join(fixtures, 'resource-policies-tf/main.tf'), 'utf8');
  const dir = workspace({ 'template.yaml': yaml, 'infra/main.tf': tf });
  const { client } = await serverFor(dir);
  try {
    const yamlUri = pathToFileURL(join(dir, 'template.yaml')).toString();
    const tfUri = pathToFileURL(join(dir, 'infra/main.tf')).toString();
    const texts = { [yamlUri]: yaml, [tfUri]: tf };
    const firstLine = (link: AccountLink) => [link.label, link.uri, linkText(link, texts)?.split('\n')[0]];
    const result = await view(client);
    // Sources in path order: the Terraform folder infra/ before template.yaml. The key's ARN has deploy-time parts.
    assert.deepEqual(
      result.resourcePolicies.map((r) => [r.type, r.resources, r.detail, firstLine(r.link), r.statements.map((s) => [s.label, s.effect, s.actions, ...firstLine(s.link)])]),
      [
        [
          'aws_s3_bucket_policy',
          ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::reports-bucket/*'],
          'main.tf',
          ['bucket policy aws_s3_bucket_policy.reports', tfUri, 'data "aws_iam_policy_document" "reports" {'],
          [
            ['ReaderGetsReports', 'Allow', 's3:GetObject', 'bucket policy aws_s3_bucket_policy.reports › ReaderGetsReports', tfUri, 'statement {'],
            ['NoInterns', 'Deny', 's3:*', 'bucket policy aws_s3_bucket_policy.reports › NoInterns', tfUri, 'statement {'],
          ],
        ],
        [
          'aws_kms_key',
          ['arn:aws:kms:${data.aws_region.current.name}:000000000000:key/${aws_kms_key.data.key_id}'],
          'main.tf',
          ['key policy aws_kms_key.data', tfUri, 'jsonencode({'],
          [['KeyAdminOnly', 'Allow', 'kms:*', 'key policy aws_kms_key.data › KeyAdminOnly', tfUri, '{']],
        ],
        [
          'AWS::S3::BucketPolicy',
          ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::reports-bucket/*'],
          'template.yaml',
          ['bucket policy ReportsBucketPolicy', yamlUri, "Version: '2012-10-17'"],
          [
            ['ReaderGetsReports', 'Allow', 's3:GetObject', 'bucket policy ReportsBucketPolicy › ReaderGetsReports', yamlUri, 'Sid: ReaderGetsReports'],
            ['NoInterns', 'Deny', 's3:*', 'bucket policy ReportsBucketPolicy › NoInterns', yamlUri, 'Sid: NoInterns'],
          ],
        ],
        [
          'AWS::KMS::Key',
          ['arn:aws:kms:${AWS::Region}:000000000000:key/${Ref DataKey}'],
          'template.yaml',
          ['key policy DataKey', yamlUri, "Version: '2012-10-17'"],
          [['KeyAdminOnly', 'Allow', 'kms:*', 'key policy DataKey › KeyAdminOnly', yamlUri, 'Sid: KeyAdminOnly']],
        ],
      ],
    );
    // The Terraform statements' ranges end where they do: the whole statement block / object, nothing more.
    const tfBucket = result.resourcePolicies[0].statements[1].link;
    assert.equal(
      linkText(tfBucket, texts),
      'statement {\n    sid       = "NoInterns"\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = ["arn:aws:s3:::reports-bucket", "arn:aws:s3:::reports-bucket/*"]\n    principals {\n      type        = "AWS"\n      identifiers = [aws_iam_user.intern.arn]\n    }\n  }',
    );
    assert.equal(
      linkText(result.resourcePolicies[3].statements[0].link, texts),
      "Sid: KeyAdminOnly\n            Effect: Allow\n            Principal: { AWS: !GetAtt KeyAdmin.Arn }\n            Action: kms:*\n            Resource: '*'",
    );
    assert.deepEqual(result.resourcePolicies[3].statements[0].link.range, { start: { line: 104, character: 12 }, end: { line: 108, character: 25 } });

    // Who can: reader is allowed s3:GetObject only by the bucket policy (the first governing one, the module's), and
    // key-admin kms:Decrypt only by the key policy; each links to the resource policy's statement.
    const whoCan = async (action: string, resource: string) =>
      (await client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action, resource })).allowed.map((e) => [e.principal, e.decision, e.via.map(firstLine)]);
    assert.deepEqual(await whoCan('s3:GetObject', 'arn:aws:s3:::reports-bucket/q1.csv'), [
      ['arn:aws:iam::000000000000:user/analyst', 'Allowed', [['ReadReports › ReadReports', yamlUri, 'Sid: ReadReports']]],
      ['arn:aws:iam::000000000000:role/reader', 'Allowed', [['bucket policy aws_s3_bucket_policy.reports › ReaderGetsReports', tfUri, 'statement {']]],
    ]);
    assert.deepEqual(await whoCan('kms:Decrypt', 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab'), [
      ['arn:aws:iam::000000000000:role/key-admin', 'Allowed', [['key policy aws_kms_key.data › KeyAdminOnly', tfUri, '{']]],
    ]);
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }

  // The template alone: who can links into the template's bucket policy.
  const aloneDir = workspace({ 'template.yaml': yaml });
  const alone = await serverFor(aloneDir);
  try {
    const uri = pathToFileURL(join(aloneDir, 'template.yaml')).toString();
    const answer = await alone.client.request<AccountWhoCanResult>('iamPolicy/account/whoCan', { action: 's3:GetObject', resource: 'arn:aws:s3:::reports-bucket/q1.csv' });
    const reader = answer.allowed.find((e) => e.principal === 'arn:aws:iam::000000000000:role/reader')!;
    assert.deepEqual(
      reader.via.map((v) => [v.label, v.uri, textAt(yaml, v.range)]),
      [
        [
          'bucket policy ReportsBucketPolicy › ReaderGetsReports',
          uri,
          'Sid: ReaderGetsReports\n            Effect: Allow\n            Principal: { AWS: !GetAtt Reader.Arn }\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::reports-bucket/*',
        ],
      ],
    );
    assert.equal(await alone.client.shutdown(), 0);
  } finally {
    alone.client.process.kill();
  }
});
