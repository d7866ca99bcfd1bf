import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionValueNegation } from './condition-value-negation';

// From a real bucket policy: a Deny meant to spare one role's sessions, which applied to nobody.
test('condition-value-negation flags values that start with "!", at the value', () => {
  const { actual, expected } = spansOf(
    conditionValueNegation,
    `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {
      "StringLike": {"aws:userid": ["«!*:serverless»", "AROA*:ci"]}, "ArnNotEquals": {"aws:PrincipalArn": "«!arn:aws:iam::111122223333:role/admin»"}, "StringEquals": {"aws:RequestTag/name": "!"}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(
    conditionValueNegation,
    policyWith({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringLike: { 'aws:userid': '!*:serverless' } } }),
    'resource',
  );
  assert.equal(
    problem.message,
    '"!*:serverless" starts with "!", which IAM reads as a character, not as "all but": under "StringLike" it matches only values that begin with "!". To exclude "*:serverless", test it with "StringNotLike".',
  );
});

test('condition-value-negation names the operator that does what a negated one with "!" meant', () => {
  const [problem] = runCheck(
    conditionValueNegation,
    policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': '!vpce-1a2b3c4d' } } }),
  );
  assert.match(problem.message, /To require "vpce-1a2b3c4d", test it with "StringEqualsIfExists"\.$/);
  assert.deepEqual(runCheck(conditionValueNegation, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } })), []);
});
