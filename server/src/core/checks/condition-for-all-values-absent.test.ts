import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionForAllValuesAbsent } from './condition-for-all-values-absent';

test('condition-for-all-values-absent flags ForAllValues in Allow on keys a request can lack', () => {
  const { actual, expected } = spansOf(
    conditionForAllValuesAbsent,
    '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAllValues:StringLike": {«"aws:PrincipalOrgPaths"»: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('condition-for-all-values-absent explains the hole and adds a Null check', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["app"]}}}]}';
  const [problem] = runCheck(conditionForAllValuesAbsent, text);
  assert.equal(
    problem.message,
    '"ForAllValues:StringEquals" is also true when the request has no "kms:EncryptionContextKeys" at all, so this Allow statement also grants requests without it. If the key must be present, add "Null": {"kms:EncryptionContextKeys": "false"}.',
  );
  assert.equal(
    applyFix(text, problem),
    '{"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["app"]}, "Null": {"kms:EncryptionContextKeys": "false"}}}]}',
  );
});

test('condition-for-all-values-absent accepts the guarded patterns, Deny, and keys that list what a request adds', () => {
  const cases = [
    // A Null check, or a ForAnyValue test of the same key, requires the key.
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] }, Null: { 'kms:EncryptionContextKeys': 'false' } } },
    {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'aws:CalledVia': ['athena.amazonaws.com'] }, 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['athena.amazonaws.com'] } },
    },
    // A pair of the encryption context the request must carry makes its keys present (from a real key policy).
    {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'env'] }, StringEquals: { 'kms:EncryptionContext:env': 'prod' } },
    },
    {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'env'] }, Null: { 'kms:EncryptionContext:tenant': 'false' } },
    },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } } },
    // A request that adds no tags has no tag keys to restrict; AWS's examples use this on purpose.
    { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(conditionForAllValuesAbsent, policyWith(statement)), [], JSON.stringify(statement));
});

test('condition-for-all-values-absent: a context pair tested only if it exists does not make the keys present', () => {
  const statement = {
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['env'] }, StringEqualsIfExists: { 'kms:EncryptionContext:env': 'prod' } },
  };
  assert.equal(runCheck(conditionForAllValuesAbsent, policyWith(statement)).length, 1);
});
