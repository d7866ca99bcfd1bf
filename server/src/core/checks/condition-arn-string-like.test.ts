import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionArnStringLike } from './condition-arn-string-like';

test('condition-arn-string-like flags StringLike on ARN-typed keys', () => {
  const { actual, expected } = spansOf(
    conditionArnStringLike,
    '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"StringLike": {«"aws:SourceArn"»: "arn:aws:sns:*:111122223333:*"}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('condition-arn-string-like is a hint and switches to the ARN operator, keeping IfExists and Not', () => {
  const text = '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotLikeIfExists": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}}]}';
  const [problem] = runCheck(conditionArnStringLike, text);
  assert.equal(problem.severity, 'hint');
  assert.equal(
    problem.message,
    '"aws:PrincipalArn" holds an ARN: use "ArnNotLikeIfExists", which matches it part by part, so that a wildcard cannot run across the colons as it can with "StringNotLikeIfExists".',
  );
  assert.equal(applyFix(text, problem), text.replace('StringNotLikeIfExists', 'ArnNotLikeIfExists'));
});

test('condition-arn-string-like accepts ARN operators, string keys and values that are no ARN', () => {
  assert.deepEqual(runCheck(conditionArnStringLike, policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } })), []);
  assert.deepEqual(runCheck(conditionArnStringLike, policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': 'ops-*' } } })), []);
  assert.deepEqual(runCheck(conditionArnStringLike, policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:SourceArn': '*' } } })), []);
});
