import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { duplicateKey } from './duplicate-key';

test('duplicate-key flags the second occurrence of a key at any depth', () => {
  const { actual, expected } = spansOf(duplicateKey, '{"Statement": [{"Effect": "Allow", «"Effect"»: "Deny", "Condition": {"Bool": {"a": "1", «"a"»: "2"}}}]}');
  assert.deepEqual(actual, expected);
});

test('duplicate-key accepts the same key in different objects', () => {
  assert.deepEqual(runCheck(duplicateKey, '{"Statement": [{"Effect": "Allow"}, {"Effect": "Deny"}]}'), []);
});
