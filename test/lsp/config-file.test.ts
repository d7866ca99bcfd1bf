import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shortTimings, TestClient } from '../helpers/lsp-client';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-lsp-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// version-missing (information) and effect-value (error).
const policy = '{"Statement": [{"Sid": "Read", "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}';
const codes = (diagnostics: { code?: string | number; severity?: number }[]) => diagnostics.map((d) => `${d.code}/${d.severity}`);

// One server for both tests: each has its own workspace folder and documents.
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(async () => {
  try {
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.process.kill();
  }
});

test('the server reads .iam-policy.json from disk, settings win over it, and it re-reads it when the file changes', async () => {
  const dir = workspace({ '.iam-policy.json': '{"rules": {"version-missing": "off", "effect-value": "hint"}}', 'p/a.json': policy });
  const uri = pathToFileURL(join(dir, 'p/a.json')).toString();
  client.open(uri, policy, 'json');
  assert.deepEqual(codes(await client.diagnostics(uri)), ['effect-value/4']);

  // VS Code settings take precedence over the file.
  client.settings = { rules: { 'effect-value': 'warning' } };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  assert.deepEqual(codes(await client.diagnostics(uri, (p) => codes(p.diagnostics).join() === 'effect-value/2')), ['effect-value/2']);

  client.settings = {};
  writeFileSync(join(dir, '.iam-policy.json'), '{"suppressions": {"p/*.json": [{"rule": "effect-value", "statement": "Read"}]}}');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.iam-policy.json')).toString(), type: 2 }] });
  assert.deepEqual(codes(await client.diagnostics(uri, (p) => codes(p.diagnostics).join() === 'version-missing/3')), ['version-missing/3']);
});

test('mistakes in an open .iam-policy.json are diagnostics in it, and policies keep being checked', async () => {
  const configText = '{\n  "rules": {"effect-value": "loud", "version-missing": "off"}\n}';
  const dir = workspace({ '.iam-policy.json': configText, 'a.json': policy });
  const configUri = pathToFileURL(join(dir, '.iam-policy.json')).toString();
  client.open(configUri, configText, 'json');
  const [diagnostic, ...rest] = await client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(rest, []);
  assert.deepEqual(
    [diagnostic.code, diagnostic.severity, diagnostic.message, diagnostic.range],
    ['config-invalid', 1, 'Rule "effect-value" must be set to off, error, warning, info or hint.', { start: { line: 1, character: 28 }, end: { line: 1, character: 34 } }],
  );
  // As typed, before it is saved.
  const version = client.change(configUri, '{"rules": {"version-missing": "off"}}');
  assert.deepEqual(await client.diagnostics(configUri, (p) => p.version === version), []);

  const uri = pathToFileURL(join(dir, 'a.json')).toString();
  client.open(uri, policy, 'json');
  assert.deepEqual(codes(await client.diagnostics(uri)), ['effect-value/1']);
});
