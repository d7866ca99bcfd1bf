import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { jsonSyntax } from './json-syntax';
import { parsePolicy } from '../policy/parse-policy';
import { embeddedJsonMessage } from '../text/json-errors';

test('json-syntax flags a trailing comma on the comma, the one character to remove', () => {
  const { actual, expected } = spansOf(jsonSyntax, '{"Statement": [{"Effect": "Allow"}«,»\n  ]}');
  assert.deepEqual(actual, expected);
  assert.equal(runCheck(jsonSyntax, '{"Statement": [{"Effect": "Allow"},\n  ]}')[0].message, 'Trailing comma: JSON allows no comma before "]", and IAM rejects the policy. Remove it.');
  // A value missing after a colon is no trailing comma.
  assert.match(runCheck(jsonSyntax, '{"Statement": [{"Effect": }]}')[0].message, /^Value expected/);
});

test('json-syntax flags a missing comma and names it', () => {
  const { text } = marked('{"Version": "2012-10-17" "Statement": []}');
  const [problem] = runCheck(jsonSyntax, text);
  assert.match(problem.message, /Comma expected/);
  assert.equal(text.slice(problem.span.start, problem.span.end), '"Statement"');
});

test('json-syntax flags an unterminated document at its last character', () => {
  const problems = runCheck(jsonSyntax, '{"Statement": [');
  assert.ok(problems.length > 0);
  for (const p of problems) assert.ok(p.span.end <= 15 && p.span.start >= 0);
});

test('json-syntax leaves valid JSON and comments alone', () => {
  assert.deepEqual(runCheck(jsonSyntax, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(jsonSyntax, '{"Statement": [] // note\n}'), []);
});

// A JavaScript object pasted as a policy: jsonc-parser reports two or three errors after each unquoted name.
test('json-syntax reports each property name written without quotes once, with one fix that quotes them all', () => {
  const { text, spans } = marked(`{
  «Version»: "2012-10-17",
  «Statement»: [{ «Effect»: "Allow", «Action»: "s3:GetObject", «Resource»: "*" }]
}`);
  const problems = runCheck(jsonSyntax, text);
  assert.deepEqual(
    problems.map((problem) => problem.span),
    spans,
  );
  assert.equal(problems[0].message, 'Property name Version is not in double quotes, which JSON requires: write "Version".');
  assert.equal(
    applyFix(text, problems[2]),
    `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
}`,
  );
  // What the names hide is still reported, at its place: a trailing comma.
  const {
    text: withComma,
    spans: [comma],
  } = marked('{ Version: "2012-10-17", Statement: []«,» }');
  assert.deepEqual(
    runCheck(jsonSyntax, withComma).map((problem) => [problem.span, problem.message.slice(0, 22)]),
    [
      [{ start: 2, end: 9 }, 'Property name Version '],
      [{ start: 25, end: 34 }, 'Property name Statemen'],
      [comma, 'Trailing comma: JSON a'],
    ],
  );
});

// AWSControlTowerServiceRolePolicy as AWS's Control Tower guide prints it: a shell-style comment after a value.
test('json-syntax reports a # comment once, with a fix that removes it, and the policy around it is still read', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",   # needed for opt-in Regions
    "Action": ["account:EnableRegion", "iam:*"],
    "Resource": "*"
  }]
}`;
  const problems = runCheck(jsonSyntax, text);
  assert.equal(problems.length, 1);
  const [problem] = problems;
  assert.equal(problem.message, 'JSON has no comments, and IAM rejects a policy with one: remove "# needed for opt-in Regions".');
  assert.equal(text.slice(problem.span.start, problem.span.end), '# needed for opt-in Regions');
  assert.equal(applyFix(text, problem), text.replace('   # needed for opt-in Regions', ''));
  const policy = parsePolicy(text);
  assert.deepEqual(
    policy.statements[0].action?.values.map((value) => value.value),
    ['account:EnableRegion', 'iam:*'],
  );
  // A # inside a string is text, and an error after a comment (the comma missing before it) is still found where it is.
  assert.deepEqual(runCheck(jsonSyntax, policyWith({ Sid: 'a#b', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), []);
  const { text: broken, spans } = marked('{"Statement": [{"Effect": "Allow" # a\n «"Action"»: "*"}]}');
  assert.deepEqual(
    runCheck(jsonSyntax, broken).map((p) => p.span.start),
    [broken.indexOf('#'), spans[0].start],
  );
});

// amazon.aws's kms_key EXAMPLES: `{ <SOME STATEMENT> }` left to fill in; community.aws's test "Ceci n'est pas une JSON".
test('json-syntax reports a run of invalid symbols on one line once, over the run', () => {
  const { actual, expected } = spansOf(jsonSyntax, '{"Version": "2012-10-17", "Statement": [ { «<SOME STATEMENT>» } ]}');
  assert.deepEqual(actual, expected);
  // Words on two lines are two runs.
  assert.equal(runCheck(jsonSyntax, '{"Statement": [ { <SOME\nSTATEMENT> } ]}').length, 2);
});

test('json-syntax names the closer left out where a closer of the other kind stands, once, without the errors that follow from it', () => {
  // A statement not closed before the Statement list is (OIDC sweep: AFT's trust policy template, three errors, two of them wrong).
  const unclosedStatement = spansOf(
    jsonSyntax,
    '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Condition": {"Bool": {"aws:SecureTransport": "true"}}\n  «]»\n}\n',
  );
  assert.deepEqual(unclosedStatement.actual, unclosedStatement.expected);
  assert.equal(runCheck(jsonSyntax, '{"Statement": [{"Effect": "Allow"]}')[0].message, 'Closing brace "}" expected before "]": an object opened before it is not closed.');
  const unclosedList = runCheck(jsonSyntax, '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}}');
  assert.deepEqual(
    unclosedList.map((problem) => problem.message),
    ['Closing bracket "]" expected before "}": a list opened before it is not closed.'],
  );
});

test('json-syntax speaks of a trailing comma only where there is one', () => {
  // A Vault test's broken fixture `"Statement": {true}` (Roles Anywhere sweep) was told twice to remove a trailing comma.
  const messages = (text: string) => runCheck(jsonSyntax, text).map((problem) => problem.message);
  assert.deepEqual(messages('{"Version": "2012-10-17", "Statement": [{true}]}'), [
    'Property name expected: an object holds "Key": value pairs, each key in double quotes.',
    'Value expected: a string, a number, an object, an array, true, false or null.',
  ]);
  assert.deepEqual(messages('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}'), ['Trailing comma: JSON allows no comma before "}", and IAM rejects the policy. Remove it.']);
  // The same in JSON a host holds (a Terraform heredoc, a JSON template).
  assert.equal(embeddedJsonMessage('ValueExpected', 'policy'), 'Value expected in the policy JSON: a string, a number, an object, an array, true, false or null.');
});
