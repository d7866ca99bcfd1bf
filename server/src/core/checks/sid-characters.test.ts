import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { sidCharacters } from './sid-characters';

test('sid-characters flags spaces and punctuation and strips them in the fix', () => {
  const { text, spans } = marked('{"Statement": [{"Sid": «"Read only-S3"»}]}');
  const problems = runCheck(sidCharacters, text, 'identity');
  assert.deepEqual(problems.map((p) => p.span), spans);
  assert.equal(problems[0].severity, 'error');
  assert.equal(applyFix(text, problems[0]), '{"Statement": [{"Sid": "ReadonlyS3"}]}');
});

test('sid-characters only warns in a resource policy, where some services allow more', () => {
  const [problem] = runCheck(sidCharacters, '{"Statement": [{"Sid": "Allow read", "Principal": "*"}]}', 'resource');
  assert.equal(problem.severity, 'warning');
});

test('sid-characters accepts letters and digits', () => {
  assert.deepEqual(runCheck(sidCharacters, '{"Statement": [{"Sid": "AllowRead2"}, {"Sid": ""}]}'), []);
});
