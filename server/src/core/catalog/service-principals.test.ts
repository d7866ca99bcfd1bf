import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedPolicies } from '../../../../test/helpers/managed-policies';
import { servicePrincipals } from '../completion/service-principals';
import { knownServicePrincipals } from './service-principals';

test('every service principal the AWS managed policies name, and every one completion offers, is known', () => {
  const named = new Set<string>();
  for (const { text } of managedPolicies()) {
    for (const [, name] of text.matchAll(/"([a-z0-9.-]+)\.amazonaws\.com(?:\.cn)?"/g)) {
      // Regional forms (`logs.us-east-1`) are the name before the Region.
      named.add(name.replace(/\.[a-z]{2}(?:-gov)?-[a-z]+-\d$/, ''));
    }
  }
  for (const [principal] of servicePrincipals) named.add(principal.replace(/\.amazonaws\.com$/, ''));
  const missing = [...named].filter((name) => !knownServicePrincipals.has(name)).sort();
  assert.deepEqual(missing, [], 'add these to service-principals.ts');
  assert.ok(knownServicePrincipals.has('lambda') && knownServicePrincipals.has('delivery.logs'));
});
