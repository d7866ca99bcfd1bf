import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { TestClient, serverBundle } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';
import { LineIndex } from '../../server/src/core/text/positions';

const brokenSource = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": «"allow"», "Action": "s3:GetObject", "Resource": "*"}
  ]
}`;

test('the bundled server speaks LSP over stdio: initialize, didOpen, didChange, publishDiagnostics, shutdown', async () => {
  const client = new TestClient();
  try {
    const init = (await client.initialize()) as { capabilities: { textDocumentSync: number; codeActionProvider: unknown }; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'IAM Policy Author');
    assert.equal(init.capabilities.textDocumentSync, 2);
    assert.ok(init.capabilities.codeActionProvider);

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

test('JSON that is not a policy gets nothing, even when it has errors', async () => {
  const client = new TestClient();
  try {
    await client.initialize();
    client.open('file:///work/package.json', '{"name": "x", "version": "1.0.0", "scripts": {"a": 1}}', 'json');
    client.open('file:///work/template.json', '{"Resources": {"R": {"Properties": {"PolicyDocument": {"Statement": [{"Effect": "allow"}]}}}}}', 'json');
    client.open('file:///work/inline.json', '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
    // The policy detected by content is published too, which proves the two before it were handled.
    const detected = await client.diagnostics('file:///work/inline.json', (p) => p.diagnostics.length > 0);
    assert.deepEqual(detected.map((d) => d.code), ['effect-value']);
    assert.deepEqual(await client.diagnostics('file:///work/package.json'), []);
    assert.deepEqual(await client.diagnostics('file:///work/template.json'), []);
  } finally {
    client.process.kill();
  }
});

test('settings from the client change severities and policy detection', async () => {
  const client = new TestClient();
  try {
    client.settings = { rules: { 'effect-value': 'warning', 'version-missing': 'off' }, files: ['**/policies/*.json'], detectByContent: false };
    await client.initialize();
    client.open('file:///work/policies/a.json', '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
    client.open('file:///work/other/b.json', '{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}', 'json');
    const diagnostics = await client.diagnostics('file:///work/policies/a.json', (p) => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['effect-value', 2]]);
    assert.deepEqual(await client.diagnostics('file:///work/other/b.json'), []);
  } finally {
    client.process.kill();
  }
});

test('the quick fix for a lowercase Effect edits exactly the value', async () => {
  const client = new TestClient();
  try {
    await client.initialize();
    const uri = 'file:///work/fix.policy.json';
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "deny", "Action": "*", "Resource": "*"}]}';
    client.open(uri, text);
    const [diagnostic] = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const actions = (await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as { title: string; isPreferred: boolean; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Change to "Deny"', true]]);
    assert.deepEqual(actions[0].edit.changes[uri], [{ range: diagnostic.range, newText: '"Deny"' }]);
  } finally {
    client.process.kill();
  }
});

test('the server explains its usage when started without a transport', () => {
  const result = spawnSync(process.execPath, [serverBundle], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /Usage: iam-policy-language-server --stdio/);
});
