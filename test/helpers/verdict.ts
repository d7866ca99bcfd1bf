import assert from 'node:assert/strict';
import type { Witness } from '../../server/src/core/access-checks/index';
import { evaluate } from '../../server/src/core/evaluator/index';
import type { RequestContext } from '../../server/src/core/evaluator/types';

// Shared by the access-check tests (cases.test.ts, budget.test.ts), which re-check every FAIL's witness. It lives
// here rather than in a test file: importing a test file runs its tests a second time, inside the importer's.

/** The verdict of one policy on the witness: Allow, Deny or NoMatch. */
export function verdictOn(witness: Witness, policy: object | string, policyType: 'identity' | 'resource'): string {
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
  const result = evaluate(
    { action: witness.action, resource: witness.resource, ...(witness.principal !== undefined ? { principal: witness.principal } : {}), context: witness.context as RequestContext },
    policyType === 'identity' ? { identity: [text] } : { resource: text },
  );
  assert.ok(!result.errors, JSON.stringify(result.errors));
  return result.explanation!.policies[0].verdict;
}
