import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serverBundle, shortTimings, TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';
import { LineIndex } from '../../server/src/core/text/positions';

const brokenSource = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": «"allow"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}
  ]
}`;

// The first test starts its own server and stops it; the others share one, each with its own documents (and, where a
// test sets them, its own settings for them).
let shared: TestClient;

before(async () => {
  shared = new TestClient();
  await shared.initialize(null, shortTimings);
});
after(async () => {
  await shared.shutdown();
});

test('the bundled server speaks LSP over stdio: initialize, didOpen, didChange, publishDiagnostics, shutdown', async () => {
  const client = new TestClient();
  try {
    // An initialization option out of range is named in the log, and its wait keeps its default.
    const init = (await client.initialize(null, { ...shortTimings, accountChangeDelayMs: -1 })) as {
      capabilities: { textDocumentSync: number; codeActionProvider: unknown };
      serverInfo: { name: string };
    };
    assert.equal(init.serverInfo.name, 'IAM Policy Author');
    assert.equal(init.capabilities.textDocumentSync, 2);
    assert.ok(init.capabilities.codeActionProvider);
    assert.deepEqual(
      client.logs.filter((line) => line.startsWith('Invalid initialization option')),
      ['Invalid initialization option: initializationOptions.accountChangeDelayMs must be a number of milliseconds from 0 to 10000; using 400.'],
    );

    const uri = 'file:///work/broken.policy.json';
    const { text, spans } = marked(brokenSource);
    client.open(uri, text);
    const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const lines = new LineIndex(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.source, d.message, d.range]),
      [['effect-value', 1, 'iam-policy', 'Effect "allow" is not valid. Use "Allow" or "Deny".', { start: lines.positionAt(spans[0].start), end: lines.positionAt(spans[0].end) }]],
    );
    assert.match(diagnostics[0].codeDescription!.href, /^file:\/\/.*docs\/rules\/effect-value\.md$/);

    const version = client.change(uri, text.replace('"allow"', '"Allow"'));
    const fixed = await client.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(fixed, []);

    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('JSON that is not a policy gets nothing, even when it has errors; a policy under a policy key in JSON is checked', async () => {
  const client = shared;
  client.open('file:///work/package.json', '{"name": "x", "version": "1.0.0", "scripts": {"a": 1}}', 'json');
  client.open('file:///work/report.json', '{"Findings": {"R": {"Details": {"Statement": [{"Effect": "allow"}]}}}}', 'json');
  // A template's fragment (a Serverless resources file) holds a policy under PolicyDocument: read as a JSON file's policy.
  client.open('file:///work/template.json', '{"Resources": {"R": {"Properties": {"PolicyDocument": {"Statement": [{"Effect": "allow"}]}}}}}', 'json');
  client.open('file:///work/inline.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
  // The policy detected by content is published too, which proves the ones before it were handled.
  const detected = await client.diagnostics('file:///work/inline.json', (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    detected.map((d) => d.code),
    ['effect-value'],
  );
  assert.deepEqual(await client.diagnostics('file:///work/package.json'), []);
  assert.deepEqual(await client.diagnostics('file:///work/report.json'), []);
  const nested = await client.diagnostics('file:///work/template.json', (p) => p.diagnostics.length > 0);
  assert.ok(nested.some((d) => d.code === 'effect-value'));
});

test('settings from the client change severities and policy detection', async () => {
  const client = shared;
  const settings = { rules: { 'effect-value': 'warning', 'version-missing': 'off' }, files: ['**/policies/*.json'], detectByContent: false };
  client.scopedSettings.set('file:///work/policies/', settings);
  client.scopedSettings.set('file:///work/other/', settings);
  client.open('file:///work/policies/a.json', '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
  client.open('file:///work/other/b.json', '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
  const diagnostics = await client.diagnostics('file:///work/policies/a.json', (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [['effect-value', 2]],
  );
  assert.deepEqual(await client.diagnostics('file:///work/other/b.json'), []);
});

test('code actions: the fix edits exactly the value; suppress and documentation come after it', async () => {
  const client = shared;
  const uri = 'file:///work/fix.policy.json';
  const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "Admin", "Effect": "deny", "Action": "*", "Resource": "*"}]}';
  client.open(uri, text);
  const [diagnostic] = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  type Action = {
    title: string;
    kind: string;
    isPreferred?: boolean;
    edit?: { changes: Record<string, { range: unknown; newText: string }[]> };
    command?: { command: string; arguments: unknown[] };
  };
  const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind]),
    [
      ['Change to "Deny"', 'quickfix'],
      ['Suppress effect-value for statement Admin', 'quickfix'],
      ['Suppress effect-value in this file', 'quickfix'],
      ['Show documentation for effect-value', 'quickfix'],
      ['Fix all auto-fixable IAM policy problems', 'source.fixAll.iamPolicy'],
    ],
  );
  assert.equal(actions[0].isPreferred, true);
  assert.deepEqual(actions[0].edit!.changes[uri], [{ range: diagnostic.range, newText: '"Deny"' }]);
  assert.deepEqual(actions[1].command, { title: 'Suppress effect-value for statement Admin', command: 'iamPolicy.suppress', arguments: [{ uri, rule: 'effect-value', statement: 'Admin' }] });
  assert.deepEqual(actions[3].command!.arguments, ['effect-value']);
  const only = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [], only: ['source.fixAll'] } });
  assert.deepEqual(
    only.map((a) => a.title),
    ['Fix all auto-fixable IAM policy problems'],
  );
});

test('fix all applies every preferred fix that does not overlap another', async () => {
  const client = shared;
  const uri = 'file:///work/fixall.policy.json';
  const text = '{"Version": "2012-10-18", "Statement": [{"Effect": "allow", "Action": "IAM:passrole", "Resource": "*"}, {"effect": "Deny", "Action": "*", "Resource": "*"}]}';
  client.open(uri, text);
  await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  type Action = { title: string; edit: { changes: Record<string, { range: { start: { character: number }; end: { character: number } }; newText: string }[]> } };
  const [fixAll] = await client.request<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  let fixed = text;
  for (const edit of [...fixAll.edit.changes[uri]].sort((a, b) => b.range.start.character - a.range.start.character)) {
    fixed = fixed.slice(0, edit.range.start.character) + edit.newText + fixed.slice(edit.range.end.character);
  }
  assert.equal(fixed, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}');
});

test('suppressions from settings silence a rule for one statement', async () => {
  const client = shared;
  const uri = 'file:///work/suppressed.policy.json';
  client.scopedSettings.set(uri, { suppressions: [{ rule: 'effect-value', file: '**/work/*.policy.json', statement: '#1' }] });
  client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}, {"Effect": "allow", "Action": "*", "Resource": "*"}]}');
  const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.character]),
    [['effect-value', 104]],
  );
});

test('the server explains its usage when started without a transport', () => {
  const result = spawnSync(process.execPath, [serverBundle], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Usage: iam-policy-language-server --stdio/);
});

test('invalid settings are reported once in the log and the server keeps validating with defaults', async () => {
  const client = shared;
  const uri = 'file:///work/settings.policy.json';
  client.scopedSettings.set(uri, { rules: { 'effect-value': 'loud' }, files: 42 });
  client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}');
  const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [['effect-value', 1]],
  );
  const warnings = client.logs.filter((line) => line.startsWith('Invalid setting'));
  assert.deepEqual(warnings, [
    'Invalid setting, using the default instead: iamPolicy.files must be an array of glob patterns.',
    'Invalid setting, using the default instead: iamPolicy.rules.effect-value must be one of off, error, warning, information, hint.',
  ]);
});
