import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFolder } from './code-cache';

test('makeFolder makes a folder and its missing parents, readable by the user alone', () => {
  const root = mkdtempSync(join(tmpdir(), 'iam-policy-cache-'));
  const folder = join(root, 'a', 'b', 'cache');
  makeFolder(folder);
  assert.ok(existsSync(folder));
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  // A folder that exists is left as it is.
  makeFolder(folder);
});

test('makeFolder fails at once where the system refuses the name, as under /proc, instead of never returning', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  // node 20's mkdirSync(…, { recursive: true }) loops for ever on /proc/none; a child process keeps a regression from
  // hanging the suite.
  const script = `const { makeFolder } = require(${JSON.stringify(require.resolve('./code-cache'))}); try { makeFolder('/proc/iam-policy-none/cache'); console.log('made'); } catch (error) { console.log(error.code); }`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.error, undefined, 'the child process ended');
  assert.equal(result.stdout.trim(), 'ENOENT');
});
