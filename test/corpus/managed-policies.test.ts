import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPolicy } from '../../server/src/core/lint';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import { managedPolicies } from '../helpers/managed-policies';

// AWS's own managed policies are the false-positive check: no rule may report an error on them, except that
// some still name services or actions AWS has retired and the catalog no longer lists (DeepLens, DeepRacer ...).
const retiredActionRules = new Set(['action-service-unknown', 'action-unknown', 'action-wildcard-no-match']);

test('no rule reports an error on any AWS managed policy, except actions the catalog no longer lists', () => {
  const policies = managedPolicies();
  assert.ok(policies.length > 1000, `expected the whole corpus, got ${policies.length} policies`);
  const catalog = getCatalog();
  const unexpected: string[] = [];
  const retired = new Set<string>();
  for (const { name, text } of policies) {
    const { problems } = lintPolicy(text, { policyType: 'identity' });
    for (const problem of problems) {
      if (problem.severity !== 'error') continue;
      const quoted = text.slice(problem.span.start, problem.span.end);
      if (retiredActionRules.has(problem.ruleId)) {
        // The exception holds only while the catalog really lacks the action.
        const action = JSON.parse(`"${text.slice(text.lastIndexOf('"', problem.span.start - 1) + 1, text.indexOf('"', problem.span.end))}"`) as string;
        assert.equal(catalog.matchActions(action).length, 0, `${name}: ${action} is in the catalog, yet ${problem.ruleId} fired`);
        retired.add(action.split(':')[0]);
        continue;
      }
      unexpected.push(`${name}: ${problem.ruleId} at "${quoted}": ${problem.message}`);
    }
  }
  assert.deepEqual(unexpected, []);
  assert.ok(retired.size < 40, `more retired services than expected: ${[...retired].join(', ')}`);
});
