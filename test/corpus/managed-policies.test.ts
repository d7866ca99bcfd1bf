import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPolicy } from '../../server/src/core/lint';
import { managedPolicies } from '../helpers/managed-policies';

// AWS's own managed policies are the false-positive check: no rule may report an error on them. The services and
// actions AWS retired or never documented that some still grant (DeepRacer, CloudHSM Classic ...) are information,
// naming the managed policy that grants them.
test('no rule reports an error on any AWS managed policy', () => {
  const policies = managedPolicies();
  assert.ok(policies.length > 1000, `expected the whole corpus, got ${policies.length} policies`);
  const unexpected: string[] = [];
  for (const { name, text } of policies) {
    const { problems } = lintPolicy(text, { policyType: 'identity' });
    for (const problem of problems) {
      if (problem.severity !== 'error') continue;
      unexpected.push(`${name}: ${problem.ruleId} at "${text.slice(problem.span.start, problem.span.end)}": ${problem.message}`);
    }
  }
  assert.deepEqual(unexpected, []);
});
