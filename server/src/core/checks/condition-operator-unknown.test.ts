import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionOperatorUnknown } from './condition-operator-unknown';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-operator-unknown flags operators IAM does not know, case slips included', () => {
  const { actual, expected } = spansOf(
    conditionOperatorUnknown,
    policy('{«"stringEquals"»: {"aws:username": "a"}, «"StringEqual"»: {"aws:username": "b"}, «"forallvalues:StringLike"»: {"aws:TagKeys": "c"}, «"Matches"»: {"aws:username": "d"}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-operator-unknown suggests the operator and fixes the name', () => {
  const text = policy('{"stringEquals": {"aws:username": "alice"}}');
  const [problem] = runCheck(conditionOperatorUnknown, text);
  assert.equal(problem.message, '"stringEquals" is not a condition operator; IAM rejects the policy. Did you mean "StringEquals"?');
  assert.equal(problem.fixes?.[0].isPreferred, true);
  assert.equal(applyFix(text, problem), policy('{"StringEquals": {"aws:username": "alice"}}'));
});

test('condition-operator-unknown restores a set qualifier without its colon', () => {
  const text = policy('{"ForAnyValueStringLike": {"aws:TagKeys": "team*"}}');
  const [problem] = runCheck(conditionOperatorUnknown, text);
  assert.equal(applyFix(text, problem), policy('{"ForAnyValue:StringLike": {"aws:TagKeys": "team*"}}'));
});

test('condition-operator-unknown offers no rename that would duplicate an operator of the same Condition', () => {
  const [problem] = runCheck(conditionOperatorUnknown, policy('{"StringEquals": {"aws:username": "a"}, "stringequals": {"aws:userid": "b"}}'));
  assert.equal(problem.fixes, undefined);
});

test('condition-operator-unknown lists examples when nothing is close', () => {
  const [problem] = runCheck(conditionOperatorUnknown, policy('{"Zebra": {"aws:username": "a"}}'));
  assert.match(problem.message, /Use an operator such as "StringEquals"/);
  assert.equal(problem.fixes, undefined);
});

test('condition-operator-unknown accepts every valid operator and leaves NullIfExists to condition-null-operator', () => {
  const text = policy(
    '{"StringEquals": {}, "ForAllValues:StringLikeIfExists": {}, "ForAnyValue:ArnNotLike": {}, "NumericLessThanEqualsIfExists": {}, "DateGreaterThan": {}, "Bool": {}, "BinaryEquals": {}, "NotIpAddress": {}, "Null": {}, "NullIfExists": {}}',
  );
  assert.deepEqual(runCheck(conditionOperatorUnknown, text), []);
});

test('condition-operator-unknown leaves an operator that is one template placeholder to the template', () => {
  // oniops' IRSA module renders its trust policy with templatefile(), the operator a variable
  // (`"${assume_role_condition_test}": {…}`): StringEquals or StringLike, whichever the caller passes.
  const text = policy('{"${assume_role_condition_test}": {"aws:username": "a"}, "${op}Like": {"aws:userid": "b"}}');
  const problems = runCheck(conditionOperatorUnknown, text);
  assert.deepEqual(
    problems.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['"${op}Like"'],
  );
});
