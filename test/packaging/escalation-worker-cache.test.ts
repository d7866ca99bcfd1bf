import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import type { EscalationRequest } from '../../server/src/lsp/escalation-run';
import { EscalationRunner } from '../../server/src/lsp/escalation-runner';
import { ESCALATING_ROLES } from '../bench/template-bench';
import { serverBundle } from '../helpers/lsp-client';

// The escalation worker (dist/escalation-worker.js) loads its bundle with V8's code cache, written five seconds after
// the worker starts (server/src/lsp/escalation-worker-launcher.ts): the server stops an idle worker without its exit
// handlers. A worker started later reads the cache, accepts it (so writes none), and finds the same.
test('the escalation worker writes its code cache while it runs, and the next worker reads it and finds the same', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'iam-policy-worker-cache-'));
  const saved = { dir: process.env.IAM_POLICY_CACHE_DIR, off: process.env.IAM_POLICY_NO_CACHE };
  // A worker thread takes this process's environment as it is when the worker starts.
  process.env.IAM_POLICY_CACHE_DIR = cache;
  delete process.env.IAM_POLICY_NO_CACHE;
  const log = { info: () => undefined, error: (message: string) => assert.fail(message) };
  const request: EscalationRequest = { key: 'file:///a.yaml', kind: 'cloudformation', files: [{ file: 'file:///a.yaml', text: `Resources:\n${ESCALATING_ROLES}` }], config: defaultConfiguration };
  const files = () => readdirSync(cache).filter((name) => name.endsWith('.v8cache'));
  const waitFor = async (done: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; !done() && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  try {
    const first = new EscalationRunner(join(dirname(serverBundle), 'escalation-worker.js'), log);
    const started = Date.now();
    const findings = await first.run(request);
    assert.equal(findings?.problems.length, 1);
    assert.deepEqual(files(), [], 'nothing written in the first seconds');
    await waitFor(() => files().length > 0, 30_000);
    assert.ok(Date.now() - started >= 5_000, `written after ${Date.now() - started} ms`);
    first.dispose();
    const [name] = files();
    assert.match(name, /^escalation-worker-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
    const written = statSync(join(cache, name)).mtimeMs;

    const second = new EscalationRunner(join(dirname(serverBundle), 'escalation-worker.js'), log);
    assert.deepEqual(await second.run(request), findings);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    second.dispose();
    assert.deepEqual(files(), [name]);
    assert.equal(statSync(join(cache, name)).mtimeMs, written, 'the cache was accepted, not written again');
  } finally {
    if (saved.dir === undefined) delete process.env.IAM_POLICY_CACHE_DIR;
    else process.env.IAM_POLICY_CACHE_DIR = saved.dir;
    if (saved.off !== undefined) process.env.IAM_POLICY_NO_CACHE = saved.off;
    rmSync(cache, { recursive: true, force: true });
  }
});
