import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, serverBundle } from '../helpers/lsp-client';
import { ESCALATING_ROLES } from '../bench/template-bench';

// dist/server.js loads the language server (dist/server-main.js) with V8's code cache, kept in
// $XDG_CACHE_HOME/iam-policy-author. A cache is only ever a saving: with or without one, the server answers alike.

const uri = 'file:///launcher.policy.json';
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] });

/** A session as an editor has one: start, open a policy, take its diagnostics, shut down. */
async function session(env: Record<string, string>) {
  const client = new TestClient(['--stdio'], [], serverBundle, { IAM_POLICY_NO_CACHE: '', ...env });
  try {
    await client.initialize();
    client.open(uri, policy);
    const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(await client.shutdown(), 0);
    return diagnostics.map(({ code, range, message }) => ({ code, range, message }));
  } finally {
    client.process.kill();
  }
}

const cacheFiles = (cache: string) => {
  try {
    return readdirSync(join(cache, 'iam-policy-author')).filter((name) => name.endsWith('.v8cache'));
  } catch {
    return [];
  }
};

test('a session writes the code cache at exit, the next start reads it and reports the same; --version writes none', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'iam-policy-server-cache-'));
  const version = spawnSync(process.execPath, [serverBundle, '--version'], { encoding: 'utf8', env: { ...process.env, IAM_POLICY_NO_CACHE: '', XDG_CACHE_HOME: cache } });
  assert.equal(version.status, 0, version.stderr);
  assert.deepEqual(cacheFiles(cache), []);

  const first = await session({ XDG_CACHE_HOME: cache });
  assert.equal(first[0].code, 'effect-value');
  const [name] = cacheFiles(cache);
  assert.match(name, /^server-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  const path = join(cache, 'iam-policy-author', name);
  const written = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };

  // Read and accepted, so not written again.
  assert.deepEqual(await session({ XDG_CACHE_HOME: cache }), first);
  assert.deepEqual(readFileSync(path), written.bytes);
  assert.equal(statSync(path).mtimeMs, written.mtime);
  assert.deepEqual(cacheFiles(cache), [name]);
});

test('a session that analysed a template escalation (its worker thread started) writes a cache the next start accepts', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'iam-policy-server-cache-'));
  const templateUri = 'file:///launcher-stack.yaml';
  const template = `Resources:\n${ESCALATING_ROLES}`;
  const escalations = async () => {
    const client = new TestClient(['--stdio'], [], serverBundle, { IAM_POLICY_NO_CACHE: '', XDG_CACHE_HOME: cache });
    try {
      await client.initialize();
      client.open(templateUri, template, 'yaml');
      const diagnostics = await client.diagnostics(templateUri, (p) => p.diagnostics.some((d) => d.code === 'escalation-path'));
      assert.equal(await client.shutdown(), 0);
      return diagnostics.filter((d) => d.code === 'escalation-path').map(({ range, message }) => ({ range, message }));
    } finally {
      client.process.kill();
    }
  };
  const first = await escalations();
  assert.ok(first.length > 0);
  const [name] = cacheFiles(cache);
  const path = join(cache, 'iam-policy-author', name);
  const written = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
  // Accepted, so not written again: the worker left V8's flags as the cache was made under (a flag it set and kept
  // made every next start refuse the cache, and write it anew).
  assert.deepEqual(await escalations(), first);
  assert.deepEqual(readFileSync(path), written.bytes);
  assert.equal(statSync(path).mtimeMs, written.mtime);
});

test('IAM_POLICY_NO_CACHE=1 writes no cache; a damaged cache is refused and written anew', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'iam-policy-server-cache-'));
  const expected = await session({ XDG_CACHE_HOME: cache, IAM_POLICY_NO_CACHE: '1' });
  assert.deepEqual(cacheFiles(cache), []);

  assert.deepEqual(await session({ XDG_CACHE_HOME: cache }), expected);
  const [name] = cacheFiles(cache);
  const path = join(cache, 'iam-policy-author', name);
  const garbage = Buffer.alloc(4096, 7);
  writeFileSync(path, garbage);
  assert.deepEqual(await session({ XDG_CACHE_HOME: cache }), expected);
  assert.notDeepEqual(readFileSync(path), garbage);
});
