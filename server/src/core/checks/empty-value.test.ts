import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { emptyValue } from './empty-value';

test('empty-value flags empty arrays and objects in every element', () => {
  const { actual, expected } = spansOf(
    emptyValue,
    '{"Statement": [{"Action": «[]», "Resource": ["*"], "Principal": {"AWS": «[]»}, "Condition": {"StringEquals": {"aws:username": «[]»}, "Bool": «{}»}}, {"Condition": «{}»}]}',
  );
  assert.deepEqual(actual, expected);
  assert.equal(runCheck(emptyValue, '{"Statement": []}')[0].message, '"Statement" is an empty array. Add the statements this policy is for.');
});

test('empty-value accepts filled values', () => {
  assert.deepEqual(runCheck(emptyValue, policyWith({ Effect: 'Allow', Action: ['a'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), []);
});

test('empty-value asks a resource or trust policy to name its principals rather than remove Principal', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": {}, "Action": "kms:Decrypt", "Resource": "*"}]}';
  assert.equal(runCheck(emptyValue, text, 'resource')[0].message, '"Principal" is an empty object. Name the principals it is for.');
  assert.equal(runCheck(emptyValue, text, 'identity')[0].message, '"Principal" is an empty object. Add a value or remove "Principal".');
});
