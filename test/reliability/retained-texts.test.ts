import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// The parser's values are views into the document text, and the rules' caches outlive each parse: a cache that keeps
// such a view keeps the whole text alive, in the editor one version of the document per edit. The probe analyses
// every managed policy and a few mistakes, each text marked, lets the analyses go and looks for the texts in a heap
// snapshot (in a process of its own, so that nothing of this runner's is counted).
test('no cache keeps a policy text alive after its analysis', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'retained-texts.ts')], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(run.status, 0, run.stderr);
  const { analysed, problems, retained } = JSON.parse(run.stdout) as { analysed: number; problems: number; retained: number[] };
  assert.ok(analysed > 1500, `analysed ${analysed} texts`);
  // The rules ran: the managed policies alone have some 10,000 findings.
  assert.ok(problems > 10_000, `${problems} problems`);
  assert.deepEqual(retained, [], `the heap still holds ${retained.length} of the ${analysed} texts after their analyses`);
});
