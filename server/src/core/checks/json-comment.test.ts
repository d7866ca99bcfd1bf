import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { jsonComment } from './json-comment';

test('json-comment flags line and block comments', () => {
  const { actual, expected } = spansOf(jsonComment, '{«// why»\n"Statement": [«/* no */»]}');
  assert.deepEqual(actual, expected);
});

test('json-comment accepts a policy without comments, even with // inside strings', () => {
  assert.deepEqual(runCheck(jsonComment, policyWith({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::a//b' })), []);
});
