import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accountV8Flags, batchV8Flags, lintV8Flags, v8FlagsFor } from '../../server/src/cli/batch-tuning';

test('lint runs with the batch JIT settings and without allocation-site pretenuring', () => {
  assert.deepEqual(v8FlagsFor('lint', '11.3.244.8'), [...batchV8Flags, '--no-allocation-site-pretenuring']);
});

test('the account questions get the batch JIT settings and a young generation that stays at its first size', () => {
  for (const command of ['who-can', 'what-can', 'escalations']) {
    assert.deepEqual(v8FlagsFor(command, '12.4.254.21'), [...batchV8Flags, '--semi-space-growth-factor=1'], command);
  }
});

test('the other commands, and a V8 whose flags are not known, run with the defaults', () => {
  for (const command of [undefined, '--version', '--help', 'simulate', 'test', 'check']) assert.deepEqual(v8FlagsFor(command, '11.3.244.8'), [], String(command));
  assert.deepEqual(v8FlagsFor('lint', '10.2.154.26'), []);
  assert.deepEqual(v8FlagsFor('lint', '14.0.1'), []);
});

// V8 prints an error for a flag it does not know and goes on without it: a renamed flag would cost silently.
test("this node's V8 knows every flag set", () => {
  for (const flag of [...batchV8Flags, ...lintV8Flags, ...accountV8Flags]) {
    const run = spawnSync(process.execPath, [flag, '-e', ''], { encoding: 'utf8' });
    assert.equal(run.status, 0, flag);
    assert.equal(run.stderr, '', flag);
  }
});
