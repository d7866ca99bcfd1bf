import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { statementMissing } from './statement-missing';

test('statement-missing flags the opening brace of a policy without Statement', () => {
  const { actual, expected } = spansOf(statementMissing, '«{»"Version": "2012-10-17"}');
  assert.deepEqual(actual, expected);
});

test('statement-missing accepts a policy with Statement, even a wrongly typed one', () => {
  assert.deepEqual(runCheck(statementMissing, '{"Statement": {}}'), []);
  assert.deepEqual(runCheck(statementMissing, '{"Statement": 3}'), []);
});
