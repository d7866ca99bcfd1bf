import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { effectValue } from './effect-value';

test('effect-value flags a lowercase effect', () => {
  const { actual, expected } = spansOf(effectValue, '{"Statement": [{"Effect": «"allow"», "Action": "s3:GetObject", "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('effect-value fixes the casing and says what to use', () => {
  const text = '{"Statement": [{"Effect": "DENY"}]}';
  const [problem] = runCheck(effectValue, text);
  assert.equal(problem.message, 'Effect "DENY" is not valid. Use "Allow" or "Deny".');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Effect": "Deny"}]}');
});

test('effect-value offers no fix for an effect that is not a casing slip', () => {
  assert.equal(runCheck(effectValue, '{"Statement": [{"Effect": "Permit"}]}')[0].fixes, undefined);
});

test('effect-value accepts Allow and Deny', () => {
  for (const effect of ['Allow', 'Deny']) assert.deepEqual(runCheck(effectValue, policyWith({ Effect: effect })), []);
});
