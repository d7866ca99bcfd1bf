import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TestClient } from '../helpers/lsp-client';
import { managedPolicies } from '../helpers/managed-policies';

test('the server opens no network connection, starts no process and writes no file while serving policies', async () => {
  const client = new TestClient(['--stdio'], ['--require', join(__dirname, 'watch-side-effects.cjs')]);
  try {
    await client.initialize();
    const policies = managedPolicies().slice(0, 30);
    for (const [i, policy] of policies.entries()) client.open(`file:///safety/p${i}.policy.json`, policy.text);
    const uri = 'file:///safety/typed.policy.json';
    client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "arn:aws:s3:::b/*", "Principal": {"Service": "lambda.amazonaws.com"}}]}');
    await client.diagnostics(uri);
    for (const character of [70, 80, 100, 130]) {
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character } });
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } });
    }
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } }, context: { diagnostics: [] } });
    await client.request('textDocument/documentLink', { textDocument: { uri } });
    // "No new access vs HEAD": the client hands over the committed text; the server compares without running git.
    await client.request('iamPolicy/baseText', { uri, ref: 'HEAD', text: policies[0].text });
    await client.request('textDocument/codeLens', { textDocument: { uri } });
    await client.request('iamPolicy/newAccess', { uri });
    await client.request('iamPolicy/serverStats');
    await client.shutdown();
    const sideEffects = client.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('SIDE-EFFECT:'));
    assert.deepEqual(sideEffects, []);
  } finally {
    client.process.kill();
  }
});

test('the side-effect watcher itself reports what it is meant to catch', async () => {
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(
    process.execPath,
    ['--require', join(__dirname, 'watch-side-effects.cjs'), '-e', "require('node:fs').writeFileSync('/dev/null', 'x'); require('node:net').connect(9, '127.0.0.1').on('error', () => {});"],
    { encoding: 'utf8' },
  );
  assert.match(result.stderr, /SIDE-EFFECT: fs\.writeFileSync \/dev\/null/);
  assert.match(result.stderr, /SIDE-EFFECT: net\.connect/);
});
