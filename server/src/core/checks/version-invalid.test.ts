import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix } from '../../../../test/helpers/checks';
import { versionInvalid } from './version-invalid';

test('version-invalid flags a date that is not a policy language version', () => {
  const { actual, expected } = spansOf(versionInvalid, '{"Version": «"2012-10-18"», "Statement": []}');
  assert.deepEqual(actual, expected);
  const text = '{"Version": "2024-01-01", "Statement": []}';
  assert.equal(applyFix(text, runCheck(versionInvalid, text)[0]), '{"Version": "2012-10-17", "Statement": []}');
});

test('version-invalid accepts both versions IAM knows', () => {
  for (const v of ['2012-10-17', '2008-10-17']) assert.deepEqual(runCheck(versionInvalid, `{"Version": "${v}", "Statement": []}`), []);
});
