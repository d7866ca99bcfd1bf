import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import { completionsAt } from '../../server/src/core/completion/completion';
import { hoverAt } from '../../server/src/core/hover/hover';
import { lintPolicy } from '../../server/src/core/lint';
import { matchesWildcard } from '../../server/src/core/text/wildcard';
import { pathologicalInputs } from './pathological';

// Correctness on hostile inputs; how long each takes is printed by `npm run bench`, not asserted here.
for (const input of pathologicalInputs()) {
  test(`pathological input completes without internal errors: ${input.name}`, () => {
    const { policy, problems } = lintPolicy(input.text);
    assert.deepEqual(
      problems.filter((p) => p.ruleId === 'internal-error'),
      [],
    );
    for (const p of problems) assert.ok(p.span.end <= input.text.length);
    const catalog = getCatalog();
    for (const offset of [1, Math.floor(input.text.length / 2), input.text.length - 2]) {
      completionsAt({ policy, offset, catalog, policyType: 'identity' });
      hoverAt(policy, offset, catalog);
    }
  });
}

test('the 100,000-element Action array is checked entry by entry', () => {
  const input = pathologicalInputs().find((i) => i.name.startsWith('100,000'))!;
  const unknown = lintPolicy(input.text).problems.filter((p) => p.ruleId === 'action-unknown');
  // Every entry that is not a wildcard names an action S3 does not have.
  assert.equal(unknown.length, 100_000 - Math.ceil(100_000 / 7));
});

test('wildcard matching stays linear: *a*a…*b never matches a string without b, and matches one ending in b', () => {
  const pattern = `${'*a'.repeat(30)}*b`;
  assert.equal(matchesWildcard(pattern, 'a'.repeat(100_000), false), false);
  assert.equal(matchesWildcard(pattern, `${'a'.repeat(100_000)}b`, false), true);
});
