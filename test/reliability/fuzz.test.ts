import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPolicy } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/text/positions';
import { Random } from '../helpers/random';
import { managedPolicies } from '../helpers/managed-policies';
import { mutate } from './mutate';

// Seeded and bounded: a few seconds in CI. FUZZ_ITERATIONS=100000 FUZZ_SEED=n runs longer or replays a failure.
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 1000);
const seed = Number(process.env.FUZZ_SEED ?? 20261123);

function seedTexts(): string[] {
  const examples = join(__dirname, '..', '..', 'examples');
  const files = [...readdirSync(examples).map((f) => join(examples, f)), ...readdirSync(join(examples, 'broken')).map((f) => join(examples, 'broken', f))];
  const policies = managedPolicies();
  return [
    ...files.filter((f) => f.endsWith('.json')).map((f) => readFileSync(f, 'utf8')),
    ...[0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987].map((i) => policies[i % policies.length].text),
  ];
}

test(`fuzzed policies never throw, stay in range and are deterministic (${iterations} inputs, seed ${seed})`, () => {
  const random = new Random(seed);
  const seeds = seedTexts();
  for (let i = 0; i < iterations; i++) {
    let text = random.pick(seeds);
    for (let m = 1 + random.int(3); m > 0; m--) text = mutate(text, random);
    const context = `input ${i} (seed ${seed})`;
    const first = lintPolicy(text);
    const lines = new LineIndex(text);
    for (const problem of first.problems) {
      assert.notEqual(problem.ruleId, 'internal-error', `${context}: ${problem.message}`);
      assert.ok(problem.ruleId && problem.message, `${context}: a problem without id or message`);
      assert.ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `${context}: span ${JSON.stringify(problem.span)} outside ${text.length}`);
      const start = lines.positionAt(problem.span.start);
      assert.equal(lines.offsetAt(start), problem.span.start, `${context}: offset/position round trip`);
      for (const fix of problem.fixes ?? []) {
        for (const edit of fix.edits) assert.ok(edit.span.start >= 0 && edit.span.end <= text.length && edit.span.start <= edit.span.end, `${context}: fix edit out of range`);
      }
    }
    assert.deepEqual(lintPolicy(text).problems, first.problems, `${context}: not deterministic`);
  }
});
