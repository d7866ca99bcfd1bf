import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { elementConflict } from './element-conflict';

test('element-conflict flags the later key of each conflicting pair', () => {
  const { actual, expected } = spansOf(
    elementConflict,
    '{"Statement": [{"Action": "*", «"NotAction"»: "s3:*", "Resource": "*", «"NotResource"»: "x", "Principal": "*", «"NotPrincipal"»: {"AWS": "a"}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('element-conflict accepts one of each pair', () => {
  assert.deepEqual(runCheck(elementConflict, policyWith({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'x', Principal: '*' })), []);
});
