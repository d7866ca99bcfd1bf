import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionNullOperator } from './condition-null-operator';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-null-operator flags NullIfExists, set qualifiers on Null and values that are not true or false', () => {
  const { actual, expected } = spansOf(
    conditionNullOperator,
    policy('{«"NullIfExists"»: {"aws:TokenIssueTime": "true"}, «"ForAnyValue:Null"»: {"aws:TagKeys": "false"}, "Null": {"aws:MultiFactorAuthAge": ["«yes»", false]}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-null-operator removes the IfExists suffix', () => {
  const text = policy('{"NullIfExists": {"aws:TokenIssueTime": "true"}}');
  const [problem] = runCheck(conditionNullOperator, text);
  assert.equal(problem.message, '"NullIfExists" is not valid: Null checks whether a key is present, so it takes no IfExists suffix. Use "Null".');
  assert.equal(problem.severity, 'error');
  assert.equal(applyFix(text, problem), policy('{"Null": {"aws:TokenIssueTime": "true"}}'));
});

test('condition-null-operator warns that a qualified Null always gives the same answer', () => {
  const text = policy('{"ForAllValues:Null": {"aws:TagKeys": "false"}}');
  const [problem] = runCheck(conditionNullOperator, text);
  assert.equal(problem.message, '"ForAllValues:Null" always evaluates to true: a set qualifier does not apply to the Null check. Use "Null".');
  assert.equal(problem.severity, 'warning');
  assert.equal(applyFix(text, problem), policy('{"Null": {"aws:TagKeys": "false"}}'));
});

test('condition-null-operator offers no rename onto an existing Null block', () => {
  const [problem] = runCheck(conditionNullOperator, policy('{"Null": {"aws:TagKeys": "false"}, "NullIfExists": {"aws:TokenIssueTime": "true"}}'));
  assert.equal(problem.fixes, undefined);
});

test('condition-null-operator accepts Null with true or false, as strings or JSON Booleans', () => {
  assert.deepEqual(
    runCheck(conditionNullOperator, policy('{"Null": {"aws:TokenIssueTime": "true", "aws:TagKeys": false, "aws:MultiFactorAuthAge": ["false"]}, "StringEqualsIfExists": {"aws:username": "yes"}}')),
    [],
  );
});
