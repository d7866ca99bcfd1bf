import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { sidCharacters } from './sid-characters';

test('sid-characters flags spaces and punctuation and strips them in the fix', () => {
  const { text, spans } = marked('{"Statement": [{"Sid": «"Read only-S3"»}]}');
  const problems = runCheck(sidCharacters, text, 'identity');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(problems[0].severity, 'error');
  assert.equal(applyFix(text, problems[0]), '{"Statement": [{"Sid": "ReadonlyS3"}]}');
});

test('sid-characters is a hint in a resource policy, where S3, KMS, SNS and SQS accept spaces and hyphens', () => {
  const { text, spans } = marked(
    '{"Statement": [{"Sid": «"Enable IAM User Permissions"», "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}, {"Sid": «"allow-read"», "Principal": "*"}]}',
  );
  const problems = runCheck(sidCharacters, text);
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.deepEqual(
    problems.map((p) => p.severity),
    ['hint', 'hint'],
  );
  assert.equal(problems[0].message, 'Sid "Enable IAM User Permissions" has characters other than letters and digits: resource policies accept them, IAM policies and SCPs do not.');
});

test('sid-characters stays an error in an SCP and a role trust policy', () => {
  for (const type of ['scp', 'trust'] as const) {
    const [problem] = runCheck(sidCharacters, '{"Statement": [{"Sid": "Deny-leave"}]}', type);
    assert.equal(problem.severity, 'error', type);
  }
});

test('sid-characters accepts letters and digits', () => {
  assert.deepEqual(runCheck(sidCharacters, '{"Statement": [{"Sid": "AllowRead2"}, {"Sid": ""}]}'), []);
});
