import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, serverBundle } from '../helpers/lsp-client';

// A server runs for as long as its editor does, and an editor may end it without `exit` (a killed window): the code
// cache is written ten seconds after start, not only at exit (server/src/lsp/launcher.ts).
test('a server that runs on writes its code cache ten seconds after start, before any exit', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'iam-policy-server-cache-'));
  const folder = join(cache, 'iam-policy-author');
  const files = () => {
    try {
      return readdirSync(folder).filter((name) => name.endsWith('.v8cache'));
    } catch {
      return [];
    }
  };
  const started = Date.now();
  const client = new TestClient(['--stdio'], [], serverBundle, { IAM_POLICY_NO_CACHE: '', XDG_CACHE_HOME: cache });
  try {
    await client.initialize();
    client.open('file:///long.policy.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }));
    await client.diagnostics('file:///long.policy.json', (p) => p.diagnostics.length > 0);
    assert.deepEqual(files(), [], 'nothing written in the first seconds');
    while (files().length === 0 && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(Date.now() - started >= 10_000, `written after ${Date.now() - started} ms`);
    assert.match(files()[0], /^server-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  } finally {
    client.process.kill();
  }
});
