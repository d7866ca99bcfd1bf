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

// From real Terraform: `Action` written twice, the second (the one jsonencode keeps) the right one.
test('duplicate-key does not tell the author which of the two values to drop', () => {
  const [problem] = runCheck(duplicateKey, '{"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*"}]}');
  assert.equal(
    problem.message,
    'Duplicate key "Action": only one of its values takes effect (most JSON parsers and Terraform\'s object syntax keep the last). Keep one "Action" with the value you mean, merging the values if both are meant.',
  );
});
