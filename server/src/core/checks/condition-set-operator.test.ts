import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionSetOperator } from './condition-set-operator';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-set-operator flags multivalued keys without a set operator and ForAllValues on single-valued keys', () => {
  const { actual, expected } = spansOf(
    conditionSetOperator,
    policy(
      '{"StringEquals": {«"aws:TagKeys"»: "team", "aws:username": "a"}, "ForAllValues:StringLike": {«"aws:PrincipalTag/team"»: "blue", "aws:TagKeys": "t*"}, "ForAnyValue:StringEquals": {«"aws:username"»: "b"}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('condition-set-operator offers both set operators for a multivalued key', () => {
  const text = policy('{"StringEqualsIfExists": {"aws:TagKeys": ["team", "env"]}}');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "aws:TagKeys" can have several values in a request. Use "ForAllValues:StringEqualsIfExists" if every value must match, or "ForAnyValue:StringEqualsIfExists" if at least one must.',
  );
  assert.equal(applyFix(text, problem, 0), policy('{"ForAllValues:StringEqualsIfExists": {"aws:TagKeys": ["team", "env"]}}'));
  assert.equal(applyFix(text, problem, 1), policy('{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["team", "env"]}}'));
  assert.ok(problem.fixes?.every((fix) => !fix.isPreferred));
});

test('condition-set-operator removes ForAllValues from a block of single-valued keys', () => {
  const text = policy('{"ForAllValues:StringEquals": {"aws:RequestedRegion": "eu-west-1"}}');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "aws:RequestedRegion" has a single value, and "ForAllValues:" also matches requests without the key, which can be overly permissive. Use "StringEquals", or "StringEqualsIfExists" to keep matching requests without the key (where some of the statement\'s actions or resources lack it).',
  );
  // The preferred fix keeps what the statement matches (ForAllValues: matches a request without the key, as IfExists
  // does); the plain operator is the other, since it would break ec2:RunInstances on "*" with ec2:InstanceType.
  assert.equal(problem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(text, problem, 0), policy('{"StringEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}'));
  assert.equal(problem.fixes?.[1].isPreferred, undefined);
  assert.equal(applyFix(text, problem, 1), policy('{"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}'));
  // Already IfExists: only the plain operator is left to write.
  const [ifExists] = runCheck(conditionSetOperator, policy('{"ForAllValues:StringEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}'));
  assert.ok(ifExists.message.endsWith('Use "StringEqualsIfExists".'), ifExists.message);
});

test('condition-set-operator says a Deny with ForAllValues on a single-valued key also denies requests without it', () => {
  const text = policy('{"ForAllValues:StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}').replace('"Allow"', '"Deny"');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "aws:SourceVpce" has a single value, and "ForAllValues:" also matches requests without the key, so this statement denies them too. Use "StringNotEquals", or "StringNotEqualsIfExists" to keep matching requests without the key (where some of the statement\'s actions or resources lack it).',
  );
});

// From a real SCP: aws:PrincipalArn is in every request, so no request lacks it.
test('condition-set-operator does not speak of requests without a key every request carries', () => {
  const text = policy('{"ForAllValues:StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}').replace('"Allow"', '"Deny"');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "aws:PrincipalArn" has a single value, and every request carries it, so set operators, meant for multivalued keys, only blur what the test means. Use "StringNotLike".',
  );
});

test('condition-set-operator explains that ForAnyValue is meant for multivalued keys, as information: it matches as the plain operator does', () => {
  const [problem] = runCheck(conditionSetOperator, policy('{"ForAnyValue:StringEquals": {"iam:AWSServiceName": "ec2.amazonaws.com"}}'));
  assert.equal(problem.message, 'Condition key "iam:AWSServiceName" has a single value, and set operators are meant for multivalued keys. Use "StringEquals".');
  assert.equal(problem.severity, 'information');
  // ForAllValues: matches requests without the key too: a warning.
  const [forAll] = runCheck(conditionSetOperator, policy('{"ForAllValues:StringEquals": {"iam:AWSServiceName": "ec2.amazonaws.com"}}'));
  assert.equal(forAll.severity, 'warning');
});

// AWS's SCP example: RAM checks a share's resources in request contexts without ram:Principal, which the negated
// ForAnyValue: leaves alone and StringNotEquals would deny (no resource could be shared at all).
const ramScp = (effect: string, operator: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": ["ram:AssociateResourceShare", "ram:CreateResourceShare"], "Resource": "*", "Condition": {"${operator}": {"ram:Principal": ["arn:aws:organizations::123456789012:organization/o-12345abcdef", "111111111111"]}}}]}`;

test('condition-set-operator says what a negated ForAnyValue on a single-valued key leaves out, without a preferred fix', () => {
  const text = ramScp('Deny', 'ForAnyValue:StringNotEquals');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "ram:Principal" has a single value: "ForAnyValue:StringNotEquals" matches only requests that carry it, so this statement does not deny requests without the key. To deny them too, use "StringNotEquals"; if they are meant to pass, "StringNotEquals" with "Null": {"ram:Principal": "false"} says the same plainly.',
  );
  assert.equal(problem.severity, 'warning');
  assert.equal(text.slice(problem.span.start, problem.span.end), '"ram:Principal"');
  assert.equal(applyFix(text, problem, 0), ramScp('Deny', 'StringNotEquals'));
  assert.ok(problem.fixes?.every((fix) => !fix.isPreferred));
  // Renaming the block's operator would change a multivalued key beside it too: no fix then.
  const mixed = text.replace('"ram:Principal"', '"aws:TagKeys": ["a"], "ram:Principal"');
  const [alone] = runCheck(conditionSetOperator, mixed).filter((p) => mixed.slice(p.span.start, p.span.end) === '"ram:Principal"');
  assert.equal(alone.fixes, undefined);
});

test('condition-set-operator reads a negated ForAnyValue in an Allow as the narrower grant it is: information, no fix that would widen it', () => {
  const [problem] = runCheck(conditionSetOperator, ramScp('Allow', 'ForAnyValue:StringNotEquals'));
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    'Condition key "ram:Principal" has a single value: "ForAnyValue:StringNotEquals" matches only requests that carry it, so this statement allows nothing without the key; "StringNotEquals" with "Null": {"ram:Principal": "false"} says the same plainly.',
  );
  assert.equal(problem.fixes, undefined);
});

// AWS's CloudTrail guide: require a stage tag from a list, one Deny for a missing tag and one for any other value.
test('condition-set-operator reads a negated ForAnyValue beside a Deny of requests without the key as style only', () => {
  const deny = (condition: object) => ({ Effect: 'Deny', Action: 'cloudtrail:CreateEventDataStore', Resource: '*', Condition: condition });
  const negated = deny({ 'ForAnyValue:StringNotEquals': { 'aws:RequestTag/stage': ['alpha', 'beta', 'gamma', 'prod'] } });
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [deny({ Null: { 'aws:RequestTag/stage': 'true' } }), negated] });
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(problem.severity, 'information');
  assert.equal(problem.message, 'Condition key "aws:RequestTag/stage" has a single value, and set operators are meant for multivalued keys. Use "StringNotEquals".');
  assert.equal(problem.fixes?.[0].isPreferred, true);
  // A Null test of another key, of "false", or of other actions closes no gap.
  for (const other of [
    deny({ Null: { 'aws:RequestTag/team': 'true' } }),
    deny({ Null: { 'aws:RequestTag/stage': 'false' } }),
    { ...deny({ Null: { 'aws:RequestTag/stage': 'true' } }), Action: 'cloudtrail:CreateTrail' },
  ]) {
    const [gap] = runCheck(conditionSetOperator, JSON.stringify({ Version: '2012-10-17', Statement: [other, negated] }));
    assert.equal(gap.severity, 'warning', JSON.stringify(other));
  }
});

test('condition-set-operator reads a negated ForAnyValue as style only where it means the plain operator: IfExists, or a key every request carries', () => {
  for (const [operator, key, plain] of [
    ['ForAnyValue:StringNotEqualsIfExists', 'ram:Principal', 'StringNotEqualsIfExists'],
    ['ForAnyValue:StringNotLike', 'aws:PrincipalArn', 'StringNotLike'],
  ]) {
    const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ram:CreateResourceShare", "Resource": "*", "Condition": {"${operator}": {"${key}": "a*"}}}]}`;
    const [problem] = runCheck(conditionSetOperator, text);
    assert.equal(problem.severity, 'information', operator);
    assert.ok(problem.message.endsWith(`Use "${plain}".`), problem.message);
    assert.equal(problem.fixes?.[0].isPreferred, true);
  }
});

test('condition-set-operator offers no rename when the keys of the block disagree', () => {
  const [problem] = runCheck(conditionSetOperator, policy('{"StringEquals": {"aws:TagKeys": "team", "aws:username": "a"}}'));
  assert.equal(problem.fixes, undefined);
});

test('condition-set-operator accepts set operators on multivalued keys, Null and unknown keys', () => {
  const text = policy(
    '{"ForAllValues:StringEquals": {"aws:TagKeys": "team"}, "ForAnyValue:StringLike": {"aws:CalledVia": "athena.*", "x-idp.example.com:groups": "a"}, "Null": {"aws:TagKeys": "false"}, "StringEquals": {"aws:username": "b", "x-idp.example.com:groups": "c"}}',
  );
  assert.deepEqual(runCheck(conditionSetOperator, text), []);
});

// The catalog types cognito-identity.amazonaws.com:amr as a String, but Cognito documents the amr claim as
// multivalued and writes ForAnyValue:StringLike: https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
test("condition-set-operator treats Cognito's amr as the multivalued key AWS documents", () => {
  const trust = (condition: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ${condition}}]}`;
  assert.deepEqual(
    runCheck(
      conditionSetOperator,
      trust(
        '{"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-dead-beef-cafe-123456790ab"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}',
      ),
    ),
    [],
  );
  const { actual, expected } = spansOf(conditionSetOperator, trust('{"StringLike": {«"cognito-identity.amazonaws.com:amr"»: "authenticated"}}'));
  assert.deepEqual(actual, expected);
});
