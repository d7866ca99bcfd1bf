import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerStats } from '../../server/src/protocol';
import { TestClient } from '../helpers/lsp-client';
import { managedPolicies } from '../helpers/managed-policies';

test('1,000 rapid changes end with the diagnostics of the final text only', async () => {
  const client = new TestClient();
  try {
    await client.initialize();
    const uri = 'file:///storm.policy.json';
    client.open(uri, '{}');
    let version = 1;
    for (let i = 0; i < 1000; i++) {
      // Every intermediate text has an error; only the last one is clean.
      version = client.change(uri, `{"Version": "2012-10-17", "Statement": [{"Effect": "allow${i}", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}`);
    }
    const finalText = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}';
    version = client.change(uri, finalText);
    assert.deepEqual(await client.diagnostics(uri, (p) => p.version === version), []);
    // Give a stale validation time to publish, should one be queued, then check none did after the final one.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const publishes = client.publishes(uri);
    assert.equal(publishes.at(-1)!.version, version, 'a stale result was published after the final text');
    assert.ok(publishes.length < 20, `debouncing should leave few publishes, got ${publishes.length}`);
    for (const publish of publishes) assert.ok(publish.version === 1 || publish.version === version || publish.diagnostics.length > 0);
  } finally {
    client.process.kill();
  }
});

test('memory returns to its baseline after documents close', async () => {
  const client = new TestClient(['--stdio'], ['--expose-gc']);
  try {
    await client.initialize();
    const stats = () => client.request<ServerStats>('iamPolicy/serverStats');
    const large = managedPolicies()
      .slice()
      .sort((a, b) => b.text.length - a.text.length)
      .slice(0, 40);
    const cycle = async (round: number) => {
      for (const [i, policy] of large.entries()) client.open(`file:///r${round}/doc${i}.policy.json`, policy.text);
      // Every document analysed, however long the machine takes: at a load average of 20 on two cores the first
      // round took over 20 s. The deadline only guards against a server that never answers; the heap figures below
      // are what the server still holds after a forced collection, whatever the timing.
      for (let i = 0; i < large.length; i++) await client.diagnostics(`file:///r${round}/doc${i}.policy.json`, () => true, 180_000);
      const loaded = await stats();
      for (let i = 0; i < large.length; i++) client.close(`file:///r${round}/doc${i}.policy.json`);
      return { loaded, closed: await stats() };
    };
    // The first cycle also fills the bounded caches (catalog indexes, resolved actions, ARN formats); the baseline is
    // what is left after it. Every later cycle must come back to that baseline: anything more is kept per document.
    const first = await cycle(1);
    assert.equal(first.loaded.openDocuments, large.length);
    assert.equal(first.loaded.cachedAnalyses, large.length);
    assert.equal(first.closed.openDocuments, 0);
    assert.equal(first.closed.cachedAnalyses, 0);
    for (const round of [2, 3]) {
      const { loaded, closed } = await cycle(round);
      assert.equal(closed.cachedAnalyses, 0);
      const grew = closed.heapUsedBytes - first.closed.heapUsedBytes;
      const held = loaded.heapUsedBytes - first.closed.heapUsedBytes;
      assert.ok(grew < 0.1 * held + 2e6, `round ${round}: heap grew by ${grew} bytes after closing (documents held ${held} bytes while open)`);
    }
  } finally {
    client.process.kill();
  }
});

test('a file with thousands of problems gets the first 1,000 and one summary', async () => {
  const client = new TestClient();
  try {
    await client.initialize();
    const uri = 'file:///many.policy.json';
    const statements = Array.from({ length: 1500 }, (_, i) => `{"Sid": "S${i}", "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}`);
    client.open(uri, `{"Version": "2012-10-17", "Statement": [${statements.join(',')}]}`);
    const diagnostics = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.equal(diagnostics.length, 1001);
    // 1,500 lowercase Effects and the policy-size warning: the file is far over the 6,144-character quota.
    assert.equal(diagnostics.at(-1)!.message, 'Showing the first 1,000 of 1,501 problems in this file. Fix those, or run `iam-policy lint` to see them all.');
  } finally {
    client.process.kill();
  }
});
