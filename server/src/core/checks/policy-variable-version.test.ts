import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyVariableVersion } from './policy-variable-version';

const statement = '{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*", "Condition": {"StringLike": {"s3:prefix": "${aws:username}/${*}"}}}';

test('policy-variable-version flags variables in a policy without Version or with 2008-10-17', () => {
  for (const version of ['', '"Version": "2008-10-17", ']) {
    const { actual, expected } = spansOf(
      policyVariableVersion,
      `{${version}"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/«\${aws:username}»/*", "Condition": {"StringLike": {"s3:prefix": "«\${aws:username}»/«\${*}»"}}}]}`,
    );
    assert.deepEqual(actual, expected, version);
  }
});

test('policy-variable-version explains and changes the Version', () => {
  const text = `{"Version": "2008-10-17", "Statement": [${statement}]}`;
  const [problem] = runCheck(policyVariableVersion, text);
  assert.equal(problem.message, '"${aws:username}" is plain text here because the policy is "Version": "2008-10-17". Use "Version": "2012-10-17" for policy variables.');
  assert.equal(applyFix(text, problem), `{"Version": "2012-10-17", "Statement": [${statement}]}`);
});

test('policy-variable-version adds a missing Version in the style of the document', () => {
  const inline = `{"Statement": [${statement}]}`;
  const [problem] = runCheck(policyVariableVersion, inline);
  assert.match(problem.message, /the policy has no Version, so IAM reads it as 2008-10-17/);
  assert.equal(applyFix(inline, problem), `{"Version": "2012-10-17", "Statement": [${statement}]}`);
  const pretty = `{\n  "Statement": [${statement}]\n}`;
  assert.equal(applyFix(pretty, runCheck(policyVariableVersion, pretty)[0]), `{\n  "Version": "2012-10-17",\n  "Statement": [${statement}]\n}`);
});

test('policy-variable-version accepts 2012-10-17, policies without variables, and leaves invalid versions alone', () => {
  assert.deepEqual(runCheck(policyVariableVersion, `{"Version": "2012-10-17", "Statement": [${statement}]}`), []);
  assert.deepEqual(runCheck(policyVariableVersion, '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'), []);
  assert.deepEqual(runCheck(policyVariableVersion, `{"Version": "2012-10-18", "Statement": [${statement}]}`), []);
  assert.deepEqual(runCheck(policyVariableVersion, '{"Statement": [{"Effect": "Allow", "Action": "s3:${aws:username}", "Resource": "*"}]}'), []);
});
