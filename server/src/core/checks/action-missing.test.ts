import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionMissing } from './action-missing';

test('action-missing flags a statement with neither Action nor NotAction', () => {
  const { actual, expected } = spansOf(actionMissing, '{"Statement": [«{»"Effect": "Allow", "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('action-missing accepts Action or NotAction', () => {
  assert.deepEqual(runCheck(actionMissing, '{"Statement": [{"Action": "*"}, {"NotAction": "*"}]}'), []);
});
