import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionValueMixedTypes } from './condition-value-mixed-types';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-value-mixed-types flags the values whose JSON type differs', () => {
  const { actual, expected } = spansOf(conditionValueMixedTypes, policy('{"NumericLessThanEquals": {"s3:max-keys": ["10", «20», "30"]}, "Bool": {"aws:SecureTransport": [«true», "false"]}}'));
  assert.deepEqual(actual, expected);
});

test('condition-value-mixed-types quotes the odd value', () => {
  const text = policy('{"NumericLessThanEquals": {"s3:max-keys": ["10", 20]}}');
  const [problem] = runCheck(conditionValueMixedTypes, text);
  assert.equal(problem.message, 'Condition key "s3:max-keys" mixes JSON types: 20 is a number, but other values are strings. Write it as the string "20".');
  assert.equal(applyFix(text, problem), policy('{"NumericLessThanEquals": {"s3:max-keys": ["10", "20"]}}'));
});

test('condition-value-mixed-types compares with the first value when no value is a string', () => {
  const [problem] = runCheck(conditionValueMixedTypes, policy('{"StringEquals": {"aws:username": [1, true]}}'));
  assert.match(problem.message, /true is a Boolean, but the first value is a number/);
});

test('condition-value-mixed-types accepts values of one type and leaves null to value-type', () => {
  for (const condition of [
    '{"NumericEquals": {"s3:max-keys": [10, 20]}}',
    '{"Bool": {"aws:SecureTransport": "true"}}',
    '{"StringEquals": {"aws:username": ["a", "b"]}}',
    '{"StringEquals": {"aws:username": ["a", null]}}',
  ]) {
    assert.deepEqual(runCheck(conditionValueMixedTypes, policy(condition)), [], condition);
  }
});
