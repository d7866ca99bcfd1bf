import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { sidDuplicate } from './sid-duplicate';

test('sid-duplicate flags every repeat of a Sid', () => {
  const { actual, expected } = spansOf(sidDuplicate, '{"Statement": [{"Sid": "A"}, {"Sid": «"A"»}, {"Sid": "B"}, {"Sid": «"A"»}]}');
  assert.deepEqual(actual, expected);
});

test('sid-duplicate accepts distinct Sids, case-sensitively, and statements without one', () => {
  assert.deepEqual(runCheck(sidDuplicate, '{"Statement": [{"Sid": "A"}, {"Sid": "a"}, {}, {}]}'), []);
});
