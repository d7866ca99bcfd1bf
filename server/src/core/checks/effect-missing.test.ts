import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { effectMissing } from './effect-missing';

test('effect-missing flags the opening brace of a statement without Effect', () => {
  const { actual, expected } = spansOf(effectMissing, '{"Statement": [{"Effect": "Allow"}, «{»"Sid": "NoEffect", "Action": "*"}]}');
  assert.deepEqual(actual, expected);
  assert.match(runCheck(effectMissing, '{"Statement": [{"Sid": "NoEffect"}]}')[0].message, /^Statement "NoEffect" has no "Effect"/);
  assert.match(runCheck(effectMissing, '{"Statement": [{}, {}]}')[1].message, /^Statement 2 has no "Effect"/);
});

test('effect-missing accepts a statement with any Effect value', () => {
  assert.deepEqual(runCheck(effectMissing, '{"Statement": [{"Effect": "Deny"}, {"Effect": 1}]}'), []);
});
