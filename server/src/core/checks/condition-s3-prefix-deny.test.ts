import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionS3PrefixDeny } from './condition-s3-prefix-deny';

test('condition-s3-prefix-deny flags a Deny that matches s3:prefix values', () => {
  const { actual, expected } = spansOf(
    conditionS3PrefixDeny,
    '{"Statement": [{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {«"s3:prefix"»: "payroll/*"}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('condition-s3-prefix-deny says why the Deny does not hide the keys', () => {
  const [problem] = runCheck(conditionS3PrefixDeny, policyWith({ Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringEquals: { 's3:prefix': 'payroll/' } } }));
  assert.equal(
    problem.message,
    'This Deny applies only when the caller asks for a matching prefix; a listing with a shorter prefix, or none, returns the same keys. To keep keys private, deny listing with "StringNotLike" on the prefixes that are allowed, and deny s3:GetObject on the objects themselves.',
  );
});

test('condition-s3-prefix-deny accepts StringNotLike guardrails and s3:prefix in Allow', () => {
  assert.deepEqual(
    runCheck(conditionS3PrefixDeny, policyWith({ Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringNotLike: { 's3:prefix': ['home/${aws:username}/*', ''] } } })),
    [],
  );
  assert.deepEqual(
    runCheck(conditionS3PrefixDeny, policyWith({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } })),
    [],
  );
});
