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

test('sid-duplicate accepts an empty Sid on several statements, as in the S3 User Guide and Terraform output', () => {
  assert.deepEqual(runCheck(sidDuplicate, '{"Statement": [{"Sid": ""}, {"Sid": ""}, {"Sid": ""}]}'), []);
  const { actual, expected } = spansOf(sidDuplicate, '{"Statement": [{"Sid": ""}, {"Sid": "A"}, {"Sid": ""}, {"Sid": «"A"»}]}');
  assert.deepEqual(actual, expected);
});
