import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyVariableSyntax } from './policy-variable-syntax';

const policy = (resource: string, condition = '{}') => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": ${resource}, "Condition": ${condition}}]}`;

test('policy-variable-syntax flags malformed variables in Resource and Condition values', () => {
  const { actual, expected } = spansOf(
    policyVariableSyntax,
    policy('["arn:aws:s3:::b/«${aws:username»", "arn:aws:s3:::b/«${}»/x"]', '{"StringLike": {"s3:prefix": ["«${aws: username}»/*", "«${aws:userid, anonymous}»", "«${aws:user#id}»"]}}'),
  );
  assert.deepEqual(actual, expected);
});

test('policy-variable-syntax explains each problem', () => {
  const messages = runCheck(policyVariableSyntax, policy('["${aws:username", "${}", "${aws: username}", "${aws:user#id}", "${aws:userid, anonymous}"]')).map((p) => p.message);
  assert.deepEqual(messages, [
    'Policy variable "${aws:username" has no closing brace. Add "}" after the key name.',
    '"${}" is an empty policy variable. Put a key name between the braces, as in "${aws:username}", or remove it.',
    'Policy variable "${aws: username}" has a space in its name, which IAM does not allow. Write "${aws:username}".',
    'Policy variable "${aws:user#id}" has a character that no condition key name has. Remove it.',
    'The default value in "${aws:userid, anonymous}" must be in single quotes: "${aws:userid, \'anonymous\'}".',
  ]);
});

test('policy-variable-syntax fixes spaces and unquoted defaults', () => {
  const text = policy('"arn:aws:s3:::b/${aws: username}/*"', '{"StringEquals": {"s3:prefix": "${aws:userid, anonymous}"}}');
  const [space, quote] = runCheck(policyVariableSyntax, text);
  assert.equal(applyFix(text, space), policy('"arn:aws:s3:::b/${aws:username}/*"', '{"StringEquals": {"s3:prefix": "${aws:userid, anonymous}"}}'));
  assert.equal(applyFix(text, quote), policy('"arn:aws:s3:::b/${aws: username}/*"', '{"StringEquals": {"s3:prefix": "${aws:userid, \'anonymous\'}"}}'));
});

test('policy-variable-syntax finds variables after escaped characters', () => {
  const { actual, expected } = spansOf(policyVariableSyntax, policy('"arn:aws:s3:::b/\\"q\\"/«${}»"'));
  assert.deepEqual(actual, expected);
});

test('policy-variable-syntax accepts well-formed variables and leaves other elements to policy-variable-placement', () => {
  const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:\${}", "Resource": ["arn:aws:s3:::b/\${aws:username}/\${*}", "arn:aws:s3:::\${aws:PrincipalTag/team, 'none'}"], "Condition": {"StringLike": {"s3:prefix": "\${cognito-identity.amazonaws.com:sub}/*"}}}]}`;
  assert.deepEqual(runCheck(policyVariableSyntax, text), []);
});

// EUC sweep: an AppStream SAML role tested "appstream:userId" against "{saml:sub}", which no user's ID is.
test('policy-variable-syntax flags a variable written without its "$", and writes it', () => {
  const { actual, expected } = spansOf(
    policyVariableSyntax,
    '{"Statement": [{"Effect": "Allow", "Action": "appstream:Stream", "Resource": "arn:aws:s3:::b/«{aws:username}»/*", "Condition": {"StringEquals": {"appstream:userId": "«{saml:sub}»"}}}]}',
  );
  assert.deepEqual(actual, expected);
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/{aws:username}/*"}]}';
  const [problem] = runCheck(policyVariableSyntax, text);
  assert.equal(problem.message, '"{aws:username}" is not a policy variable: without "$" IAM compares the text as written. Write "${aws:username}".');
  assert.equal(applyFix(text, problem), text.replace('{aws:username}', '${aws:username}'));
  // Other text in braces, and a variable written right, are left alone.
  assert.deepEqual(runCheck(policyVariableSyntax, text.replace('{aws:username}', '{team}')), []);
  assert.deepEqual(runCheck(policyVariableSyntax, text.replace('{aws:username}', '${aws:username}')), []);
});
