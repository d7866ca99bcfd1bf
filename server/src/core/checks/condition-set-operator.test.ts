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
    'Condition key "aws:RequestedRegion" has a single value, and "ForAllValues:" also matches requests without the key, which can be overly permissive. Use "StringEquals".',
  );
  assert.equal(problem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(text, problem), policy('{"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}'));
});

test('condition-set-operator says a Deny with ForAllValues on a single-valued key also denies requests without it', () => {
  const text = policy('{"ForAllValues:StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}').replace('"Allow"', '"Deny"');
  const [problem] = runCheck(conditionSetOperator, text);
  assert.equal(
    problem.message,
    'Condition key "aws:SourceVpce" has a single value, and "ForAllValues:" also matches requests without the key, so this statement denies them too. Use "StringNotEquals".',
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
  // ForAllValues: matches requests without the key too, and a negated ForAnyValue: does not where the plain one does:
  // warnings.
  const [forAll] = runCheck(conditionSetOperator, policy('{"ForAllValues:StringEquals": {"iam:AWSServiceName": "ec2.amazonaws.com"}}'));
  assert.equal(forAll.severity, 'warning');
  const [negated] = runCheck(conditionSetOperator, policy('{"ForAnyValue:StringNotEquals": {"iam:AWSServiceName": "ec2.amazonaws.com"}}'));
  assert.equal(negated.severity, 'warning');
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
