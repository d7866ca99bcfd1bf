import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix } from '../../../../test/helpers/checks';
import { versionMissing } from './version-missing';

test('version-missing flags a policy without Version and inserts it on its own line', () => {
  const text = '{\n  "Statement": []\n}';
  const [problem] = runCheck(versionMissing, text);
  assert.deepEqual(problem.span, { start: 0, end: 1 });
  assert.equal(problem.severity, 'information');
  assert.equal(applyFix(text, problem), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
});

test('version-missing inserts inline in a one-line policy', () => {
  const text = '{"Statement": []}';
  assert.equal(applyFix(text, runCheck(versionMissing, text)[0]), '{"Version": "2012-10-17", "Statement": []}');
});

test('version-missing accepts any Version element', () => {
  assert.deepEqual(runCheck(versionMissing, '{"Version": "2008-10-17", "Statement": []}'), []);
  assert.deepEqual(runCheck(versionMissing, '{"Version": 5, "Statement": []}'), []);
});
