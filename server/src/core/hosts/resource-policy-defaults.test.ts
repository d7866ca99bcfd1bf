import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownRuleIds } from '../rules';
import { endpointPolicySeverities, grantRules, ownResourcePolicySeverities } from './resource-policy-defaults';

test('the host defaults for endpoint and repository policies name rules that exist', () => {
  for (const id of [...grantRules, ...Object.keys(endpointPolicySeverities), ...Object.keys(ownResourcePolicySeverities)]) assert.ok(knownRuleIds().has(id), id);
  assert.deepEqual(Object.keys(endpointPolicySeverities).sort(), [...grantRules].sort());
});
