import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { hostReaders, prepareHostReaders } from '../../server/src/core/hosts/index';
import { LineIndex } from '../../server/src/core/text/positions';
import { Random } from '../helpers/random';
import { hostSeeds as seeds } from './host-seeds';
import { mutate } from './mutate';

// fuzz.test.ts damages plain policies; this damages the documents policies are written in, for every host reader.
// Seeded and bounded: a few seconds in CI. FUZZ_ITERATIONS=20000 FUZZ_SEED=n runs longer or replays a failure.
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 400);
const seed = Number(process.env.FUZZ_SEED ?? 20261205);

// Damage YAML and HCL carry besides JSON's: indentation, tabs, tags, document markers, anchors, unclosed blocks.
const hostDamage = [
  '\t',
  '  ',
  '\n  - ',
  ': ',
  '!Ref ',
  '!Sub ',
  '\n---\n',
  '&a ',
  '*a',
  '<<: *a',
  '"${',
  '%{ if x }',
  '}\n',
  '{',
  '|\n  ',
  '#',
  "'",
  '`',
  '...',
  '(',
  ')',
  '"""',
  'f"',
  '.build()',
  '{{',
  ' + ',
  '**',
  ':\n    ',
];

function damage(text: string, random: Random): string {
  if (random.int(2) === 0) return mutate(text, random);
  const at = random.int(text.length + 1);
  return text.slice(0, at) + random.pick(hostDamage) + text.slice(at);
}

before(async () => {
  // Every reader, those loaded on demand (C#'s grammar) too.
  await prepareHostReaders(hostReaders);
});

test(`fuzzed host documents never throw, stay in range and are deterministic (${iterations} inputs, seed ${seed})`, () => {
  const random = new Random(seed);
  for (let i = 0; i < iterations; i++) {
    const source = random.pick(seeds);
    let text = source.text;
    for (let m = 1 + random.int(3); m > 0; m--) text = damage(text, random);
    const context = `input ${i} (${source.uri}, seed ${seed})`;
    // Each reader on its own: the pipeline skips a reader that throws, which would hide the bug.
    for (const reader of hostReaders) {
      let document;
      try {
        document = reader.read({ text, uri: source.uri, config: defaultConfiguration });
      } catch (error) {
        assert.fail(`${context}: the ${reader.kind} reader threw ${(error as Error).stack}`);
      }
      for (const problem of document?.problems ?? []) assert.notEqual(problem.ruleId, 'internal-error', `${context}: ${reader.kind}: ${problem.message}`);
    }
    const first = analyzeDocument({ text, uri: source.uri }, { config: defaultConfiguration });
    const lines = new LineIndex(text);
    for (const problem of first.problems) {
      assert.notEqual(problem.ruleId, 'internal-error', `${context}: ${problem.message}`);
      assert.ok(problem.span.start >= 0 && problem.span.start <= problem.span.end && problem.span.end <= text.length, `${context}: span ${JSON.stringify(problem.span)} outside ${text.length}`);
      assert.equal(lines.offsetAt(lines.positionAt(problem.span.start)), problem.span.start, `${context}: offset/position round trip`);
      for (const fix of problem.fixes ?? [])
        for (const edit of fix.edits) assert.ok(edit.span.start >= 0 && edit.span.end <= text.length && edit.span.start <= edit.span.end, `${context}: fix edit out of range`);
    }
    const again = analyzeDocument({ text, uri: source.uri }, { config: defaultConfiguration });
    assert.deepEqual(
      again.problems.map((problem) => [problem.ruleId, problem.span, problem.message]),
      first.problems.map((problem) => [problem.ruleId, problem.span, problem.message]),
      `${context}: not deterministic`,
    );
  }
});
