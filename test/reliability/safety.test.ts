import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TestClient, serverBundle } from '../helpers/lsp-client';
import { managedPolicies } from '../helpers/managed-policies';

test('the server opens no network connection, starts no process and writes no file but its code cache while serving policies', async () => {
  // A cache folder of this test's own, empty: the server writes its code cache there at exit (launch/code-cache.ts).
  const cacheFolder = join(mkdtempSync(join(tmpdir(), 'iam-policy-safety-')), 'code-cache');
  const client = new TestClient(['--stdio'], ['--require', join(__dirname, 'watch-side-effects.cjs')], serverBundle, { IAM_POLICY_NO_CACHE: '', IAM_POLICY_CACHE_DIR: cacheFolder });
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
    const cacheFile = (name: string) => dirname(name) === cacheFolder && /^server-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache\.\d+\.tmp$/.test(basename(name));
    const [made, written, renamed, ...others] = sideEffects.map((line) => line.slice('SIDE-EFFECT: '.length).split(' '));
    assert.deepEqual(others, [], sideEffects.join('\n'));
    assert.deepEqual(made, ['fs.mkdirSync', cacheFolder]);
    assert.ok(written[0] === 'fs.writeFileSync' && cacheFile(written[1]), sideEffects.join('\n'));
    assert.deepEqual(renamed, ['fs.renameSync', written[1]]);
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
