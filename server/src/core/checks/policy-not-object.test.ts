import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyNotObject } from './policy-not-object';

test('policy-not-object flags an array document', () => {
  const { actual, expected } = spansOf(policyNotObject, '«[{"Effect": "Allow"}]»');
  assert.deepEqual(actual, expected);
  assert.match(runCheck(policyNotObject, '[]')[0].message, /not an array/);
});

test('policy-not-object accepts an object and an empty document', () => {
  assert.deepEqual(runCheck(policyNotObject, '{}'), []);
  assert.deepEqual(runCheck(policyNotObject, ''), []);
});
