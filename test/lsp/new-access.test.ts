// "No new access vs HEAD" over LSP, against the bundled server (run `node esbuild.mjs` first): the client sends the
// committed text (iamPolicy/baseText), the server puts a lens above each policy and answers iamPolicy/newAccess with
// every class of new access and its witness. The server never runs git itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { evaluate } from '../../server/src/core/evaluator/index';
import type { RequestContext } from '../../server/src/core/evaluator/types';
import type { BaseTextParams, NewAccessReport, Witness } from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;
let dir: string;
const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();
const at = (line: number, character = 0) => ({ start: { line, character }, end: { line, character } });

const committed = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
    {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"},
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:DeleteItem"], "Resource": "*"}
  ]
}
`;
const edited = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::*"},
    {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:DeleteItem"], "Resource": "*"}
  ]
}
`;
const reordered = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:DeleteItem"], "Resource": "*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"},
    {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
  ]
}
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iam-policy-new-access-lsp-'));
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

async function openWithBase(name: string, text: string, base: string | null, languageId = 'iam-policy'): Promise<string> {
  const uri = uriOf(name);
  client.open(uri, text, languageId);
  await client.diagnostics(uri);
  assert.equal(await client.request<boolean>('iamPolicy/baseText', { uri, ref: 'HEAD', text: base } satisfies BaseTextParams), true);
  return uri;
}

const newAccessLenses = async (uri: string) =>
  (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((lens) => lens.command?.command === 'iamPolicy.showNewAccess');

/** The verdict of one policy text on a witness: the new policy must allow it, the committed one must not. */
function verdictOn(witness: Witness, policy: string): string {
  const result = evaluate(
    { action: witness.action, resource: witness.resource, ...(witness.principal !== undefined ? { principal: witness.principal } : {}), context: witness.context as RequestContext },
    { identity: [policy] },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.explanation!.policies[0].verdict;
}

test('a policy file that grants new access: one lens at the top, before the simulation lenses', async () => {
  const uri = await openWithBase('app.policy.json', edited, committed);
  const all = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(all[0], {
    range: at(0),
    command: {
      title: 'Grants new access: 4 actions…',
      tooltip: 'The new policy allows 4 actions (dynamodb:DeleteItem, s3:GetObject, s3:PutObject, sqs:SendMessage) that the old one does not allow on some request.',
      command: 'iamPolicy.showNewAccess',
      arguments: [{ uri }],
    },
  });
  assert.equal(all[1].command?.command, 'iamPolicy.simulate');
});

test('iamPolicy/newAccess describes each class of new access with a witness the evaluator confirms', async () => {
  const uri = await openWithBase('report.policy.json', edited, committed);
  const report = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri });
  assert.equal(report.result, 'FAIL');
  assert.equal(report.ref, 'HEAD');
  assert.equal(report.hasBase, true);
  assert.equal(report.policyType, 'identity');
  assert.equal(report.policyName, undefined);
  const principal = 'arn:aws:iam::111122223333:user/witness';
  assert.deepEqual(
    report.differences.map(({ kind, actions, services, witness, oldStatement, oldValues, conditions, detail }) => ({ kind, actions, services, witness, oldStatement, oldValues, conditions, detail })),
    [
      {
        kind: 'removed-deny',
        actions: ['dynamodb:DeleteItem'],
        services: [{ service: 'dynamodb', accessLevel: 'Write', actions: ['dynamodb:DeleteItem'] }],
        witness: { action: 'dynamodb:DeleteItem', resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/x', principal, context: {} },
        oldStatement: 'Deny statement 3 "NoDelete"',
        oldValues: undefined,
        conditions: undefined,
        detail: 'The old policy\'s Deny statement 3 "NoDelete" denied this request; the new policy has no Deny that does.',
      },
      {
        kind: 'wider-resource',
        actions: ['s3:GetObject'],
        services: [{ service: 's3', accessLevel: 'Read', actions: ['s3:GetObject'] }],
        witness: { action: 's3:GetObject', resource: 'arn:aws:s3:::x/x', principal, context: {} },
        oldStatement: 'Allow statement 1 "Read"',
        oldValues: ['arn:aws:s3:::reports/*'],
        conditions: undefined,
        detail: 'The old policy\'s Allow statement 1 "Read" allowed s3:GetObject on other resources; the new policy also allows it on arn:aws:s3:::x/x.',
      },
      {
        kind: 'new-action',
        actions: ['s3:PutObject'],
        services: [{ service: 's3', accessLevel: 'Write', actions: ['s3:PutObject'] }],
        witness: { action: 's3:PutObject', resource: 'arn:aws:s3:::x/x', principal, context: {} },
        oldStatement: undefined,
        oldValues: undefined,
        conditions: undefined,
        detail: 'The old policy allows s3:PutObject nowhere.',
      },
      {
        kind: 'looser-condition',
        actions: ['sqs:SendMessage'],
        services: [{ service: 'sqs', accessLevel: 'Write', actions: ['sqs:SendMessage'] }],
        witness: { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111122223333:x', principal, context: {} },
        oldStatement: 'Allow statement 2 "Send"',
        oldValues: undefined,
        conditions: [{ operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] }],
        detail: 'The old policy\'s Allow statement 2 "Send" allowed sqs:SendMessage only under Bool aws:SecureTransport; this request does not meet it.',
      },
    ],
  );
  for (const { witness } of report.differences) {
    assert.equal(verdictOn(witness, edited), 'Allow', witness.action);
    assert.notEqual(verdictOn(witness, committed), 'Allow', witness.action);
  }
});

test('reordered statements: "No new access vs HEAD"; the report has no differences', async () => {
  const uri = await openWithBase('same.policy.json', reordered, committed);
  assert.deepEqual(await newAccessLenses(uri), [
    {
      range: at(0),
      command: {
        title: 'No new access vs HEAD',
        tooltip: "The new policy allows no request the old one does not (catalog mode: action wildcards mean today's catalog actions).",
        command: 'iamPolicy.showNewAccess',
        arguments: [{ uri }],
      },
    },
  ]);
  const report = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri });
  assert.deepEqual([report.result, report.differences, report.witness], ['PASS', [], undefined]);
});

test('the lens follows edits: the next version is compared with the same committed text', async () => {
  const uri = await openWithBase('edits.policy.json', reordered, committed);
  assert.equal((await newAccessLenses(uri))[0].command?.title, 'No new access vs HEAD');
  client.change(uri, edited);
  await client.diagnostics(uri, (params) => params.version === 2);
  assert.equal((await newAccessLenses(uri))[0].command?.title, 'Grants new access: 4 actions…');
});

test('Cannot compare: the committed version is not a policy, or cannot be evaluated; the reason is in the title', async () => {
  const notPolicy = await openWithBase('was-notes.json', edited, '{"name": "notes"}', 'json');
  assert.equal((await newAccessLenses(notPolicy))[0].command?.title, 'Cannot compare: the HEAD version is not a policy');
  const broken = await openWithBase('was-broken.policy.json', edited, '{"name": "notes"}');
  const [lens] = await newAccessLenses(broken);
  assert.equal(lens.command?.title, 'Cannot compare: The HEAD version cannot be evaluated: The policy has no "Statement". Add "Statement": [{"…');
  assert.match(lens.command!.tooltip!, /^The old policy cannot be evaluated: The policy has no "Statement"/);
});

test('no lens without a committed text (an untracked file), nor with iamPolicy.checks.noNewAccessLens off', async () => {
  const untracked = await openWithBase('untracked.policy.json', edited, null);
  assert.deepEqual(await newAccessLenses(untracked), []);
  assert.equal(await client.request('iamPolicy/newAccess', { uri: untracked }), null);
  const tracked = await openWithBase('off.policy.json', edited, committed);
  assert.equal((await newAccessLenses(tracked)).length, 1);
  client.settings = { checks: { noNewAccessLens: false } };
  client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  try {
    for (let attempt = 0; attempt < 50 && (await newAccessLenses(tracked)).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await newAccessLenses(tracked), []);
  } finally {
    client.settings = {};
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }
});

const template = (policies: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${policies}
                Resource: !Sub "\${Bucket.Arn}/*"
`;

test('a template: a lens per policy, each compared with the committed policy of the same name', async () => {
  const text = template('[s3:GetObject, s3:PutObject]');
  const uri = await openWithBase('stack.yaml', text, template('s3:GetObject'), 'yaml');
  const lenses = await newAccessLenses(uri);
  assert.deepEqual(
    lenses.map((lens) => [lens.range.start.line, lens.range.start.character, lens.command?.title, lens.command?.arguments]),
    [
      [9, 8, 'No new access vs HEAD', [{ uri, policyIndex: 0 }]],
      [18, 12, 'Grants new access: 1 action…', [{ uri, policyIndex: 1 }]],
    ],
  );
  const report = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri, policyIndex: 1 });
  assert.equal(report.policyName, 'AppRole › Policies[0] › PolicyDocument');
  assert.deepEqual(
    report.differences.map((d) => [d.kind, d.witness]),
    [['new-action', { action: 's3:PutObject', resource: '${Bucket.Arn}/', principal: 'arn:aws:iam::111122223333:user/witness', context: {} }]],
  );
  assert.match(report.reasons.at(-1)!, /^Values known only at deploy time \(\$\{Bucket\.Arn\}\)/);
  const trust = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri, policyIndex: 0 });
  assert.deepEqual([trust.result, trust.policyType, trust.policyName], ['PASS', 'resource', 'AppRole › AssumeRolePolicyDocument']);
});

test('a policy added to a template: "New policy: grants …", everything it allows is new', async () => {
  const extra = `  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sqs:ReceiveMessage
            Resource: "*"
`;
  const uri = await openWithBase('grown.yaml', template('s3:GetObject') + extra, template('s3:GetObject'), 'yaml');
  const titles = (await newAccessLenses(uri)).map((lens) => lens.command?.title);
  assert.deepEqual(titles, ['No new access vs HEAD', 'No new access vs HEAD', 'New policy: grants 1 action…']);
  const report = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri, policyIndex: 2 });
  assert.deepEqual([report.hasBase, report.differences.map((d) => [d.kind, d.detail])], [false, [['new-action', 'The policy is new: it allows sqs:ReceiveMessage.']]]);
});

test('a template inline policy inserted before the others: they stay matched by PolicyName; a rename is a new policy', async () => {
  const inserted = template('s3:GetObject').replace(
    '      Policies:\n',
    `      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: "*"
`,
  );
  const uri = await openWithBase('inserted.yaml', inserted, template('s3:GetObject'), 'yaml');
  assert.deepEqual(
    (await newAccessLenses(uri)).map((lens) => lens.command?.title),
    ['No new access vs HEAD', 'New policy: grants 1 action…', 'No new access vs HEAD'],
  );
  const report = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri, policyIndex: 2 });
  assert.deepEqual([report.policyName, report.hasBase, report.result], ['AppRole › Policies[1] › PolicyDocument', true, 'PASS']);
  // The same policy text under another PolicyName: AWS deploys it as a new inline policy, and the lens follows.
  client.change(uri, inserted.replace('PolicyName: app', 'PolicyName: application'));
  await client.diagnostics(uri, (params) => params.version === 2);
  assert.deepEqual(
    (await newAccessLenses(uri)).map((lens) => lens.command?.title),
    ['No new access vs HEAD', 'New policy: grants 1 action…', 'New policy: grants 1 action…'],
  );
  const renamed = await client.request<NewAccessReport>('iamPolicy/newAccess', { uri, policyIndex: 2 });
  assert.deepEqual([renamed.hasBase, renamed.result, renamed.differences.map((d) => d.actions)], [false, 'FAIL', [['s3:GetObject']]]);
});

test('a new committed text asks the client to refresh its lenses; the same text again does not', async () => {
  const own = new TestClient();
  try {
    let refreshes = 0;
    own.connection.onRequest('workspace/codeLens/refresh', () => {
      refreshes++;
      return null;
    });
    await own.request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    await own.connection.sendNotification('initialized', {});
    const uri = uriOf('refresh.policy.json');
    own.open(uri, edited);
    await own.diagnostics(uri);
    const send = (text: string | null) => own.request<boolean>('iamPolicy/baseText', { uri, ref: 'HEAD', text });
    await send(committed);
    await send(committed);
    await send(reordered);
    await send(null);
    // The refresh requests are sent without waiting; a round trip later they have all arrived.
    await own.request('iamPolicy/serverStats');
    assert.equal(refreshes, 3);
  } finally {
    own.process.kill();
  }
});
