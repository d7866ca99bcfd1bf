import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPolicy } from './lint';
import { withoutSuppressed } from './suppressions';

const text = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'allow', Action: '*', Resource: '*' },
    { Effect: 'allow', Action: '*', Resource: '*' },
  ],
});

function remaining(suppressions: Parameters<typeof withoutSuppressed>[2], fileMatches = true) {
  const { policy, problems } = lintPolicy(text);
  return withoutSuppressed(problems, policy, suppressions, () => fileMatches).map((p) => [p.ruleId, p.span.start]);
}

test('a statement suppression silences one rule in one statement, by Sid or by position', () => {
  const all = remaining([]);
  assert.equal(all.filter(([id]) => id === 'effect-value').length, 2);
  assert.equal(remaining([{ rule: 'effect-value', statement: 'A' }]).filter(([id]) => id === 'effect-value').length, 1);
  assert.equal(remaining([{ rule: 'effect-value', statement: '#2' }]).filter(([id]) => id === 'effect-value').length, 1);
  assert.equal(
    remaining([
      { rule: 'effect-value', statement: 'A' },
      { rule: 'effect-value', statement: '#2' },
    ]).filter(([id]) => id === 'effect-value').length,
    0,
  );
});

test('a file suppression silences the rule everywhere in matching files only', () => {
  assert.equal(remaining([{ rule: 'effect-value', file: '**/x.json' }]).filter(([id]) => id === 'effect-value').length, 0);
  assert.equal(remaining([{ rule: 'effect-value', file: '**/x.json' }], false).filter(([id]) => id === 'effect-value').length, 2);
  assert.deepEqual(remaining([{ rule: 'other-rule' }]), remaining([]));
});
