import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { deadStatement } from './dead-statement';

test('dead-statement flags conditions no request can pass together', () => {
  const { actual, expected } = spansOf(
    deadStatement,
    `{"Statement": [
      {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:RequestedRegion": "true"}, "StringEquals": {«"aws:RequestedRegion"»: "eu-west-1"}}},
      {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["ops"]}, "StringNotEquals": {«"aws:PrincipalTag/team"»: ["ops", "dev"]}}},
      {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "StringLike": {«"aws:RequestedRegion"»: "us-*"}}},
      {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "7200"}, "NumericLessThan": {«"aws:MultiFactorAuthAge"»: "3600"}}},
      {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "DateLessThan": {«"aws:CurrentTime"»: "2025-01-01T00:00:00Z"}}}
    ]}`,
  );
  assert.deepEqual(actual, expected);
});

test('dead-statement says which tests contradict each other', () => {
  const [problem] = runCheck(
    deadStatement,
    policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Null: { 'aws:RequestedRegion': 'true' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }),
  );
  assert.equal(
    problem.message,
    '"aws:RequestedRegion" must be absent ("Null": "true") and also pass "StringEquals", which needs it present, so this statement never applies to any request. Remove or correct one of the tests.',
  );
});

test('dead-statement accepts ranges with room, IfExists tests and values that can match', () => {
  const conditions = [
    { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '60' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    { NumericGreaterThanEquals: { 's3:max-keys': '10' }, NumericLessThanEquals: { 's3:max-keys': '10' } },
    { Null: { 'aws:RequestedRegion': 'true' }, StringEqualsIfExists: { 'aws:RequestedRegion': 'eu-west-1' } },
    { Null: { 'aws:RequestedRegion': 'true' }, StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] }, StringLike: { 'aws:RequestedRegion': 'us-*' } },
    { StringEquals: { 'aws:PrincipalTag/team': ['ops', 'web'] }, StringNotEquals: { 'aws:PrincipalTag/team': ['ops'] } },
    { StringEquals: { 'aws:PrincipalTag/team': '${aws:username}' }, StringNotEquals: { 'aws:PrincipalTag/team': '${aws:username}' } },
  ];
  for (const condition of conditions) assert.deepEqual(runCheck(deadStatement, policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition })), [], JSON.stringify(condition));
});

test('dead-statement leaves keys known only at deploy time alone: two template keys may name different keys', () => {
  // Terraform's `variable = "${condition.value}:sub"` in two dynamic condition blocks, one per OIDC provider URL.
  const condition = { StringEquals: { '${condition.value}:sub': 'system:serviceaccount:a:b' }, StringLike: { '${condition.value}:sub': 'system:serviceaccount:c:*' } };
  assert.deepEqual(runCheck(deadStatement, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*', Condition: condition })), []);
});
