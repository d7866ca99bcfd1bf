import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { resourceUnused } from './resource-unused';

test('resource-unused flags resources that no action of the statement acts on', () => {
  const { actual, expected } = spansOf(
    resourceUnused,
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "iam:GetRole"], "Resource": ["arn:aws:s3:::b/*", "«arn:aws:s3:::b»", "arn:aws:iam::123456789012:role/r", "«arn:aws:sqs:us-east-1:123456789012:q»"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('resource-unused says the resource has no effect', () => {
  const [problem] = runCheck(resourceUnused, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'] }));
  assert.equal(problem.message, 'No action of this statement acts on "arn:aws:s3:::b", so it has no effect here. Remove it, or add the actions meant for it.');
  assert.equal(problem.severity, 'information');
});

test('resource-unused is silent when an action might act on anything or the resource is reported elsewhere', () => {
  const statements = [
    { Effect: 'Allow', Action: ['s3:GetObject', '*:List*'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'] },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:NoSuchAction'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'] },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'] },
    // An action without resource types keeps its own service's ARNs from being called unused.
    { Effect: 'Allow', Action: 'fsx:DescribeBackups', Resource: 'arn:aws:fsx:*:*:backup/*' },
    // A resource that fits no format of its service is arn-resource-type's.
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: ['arn:aws:dynamodb:*:*:table/t', 'arn:aws:dynamodb:*:*:tabel/t'] },
  ];
  assert.deepEqual(runCheck(resourceUnused, JSON.stringify({ Statement: statements })), []);
});

test('resource-unused says which empty Region or account keeps a resource from being acted on, and fills it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ["arn:aws:dynamodb:us-east-1:111122223333:table/a", "arn:aws:dynamodb:::table/b"]}]}';
  const [problem] = runCheck(resourceUnused, text);
  assert.equal(
    problem.message,
    'No action of this statement acts on "arn:aws:dynamodb:::table/b": one would, but its Region and account are empty, so it matches only resources that have none. Write them, or "*" for any.',
  );
  assert.equal(applyFix(text, problem), text.replace('dynamodb:::table/b', 'dynamodb:*:*:table/b'));
});

test('resource-unused says a KMS alias ARN beside key actions names aliases, not their keys (KMS sweep)', () => {
  const { actual, expected } = spansOf(
    resourceUnused,
    '{"Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": ["«arn:aws:kms:*:*:alias/*»", "arn:aws:kms:*:*:key/*"]}]}',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(resourceUnused, policyWith({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['arn:aws:kms:*:*:key/*', 'arn:aws:kms:us-east-1:111122223333:alias/app'] }));
  assert.equal(
    problem.message,
    'No action of this statement acts on "arn:aws:kms:us-east-1:111122223333:alias/app": it names an alias, not the key it points to, and KMS authorizes a key\'s actions on the key\'s ARN. Name the key (key/…), or allow keys by their aliases with the condition key "kms:ResourceAliases".',
  );
  // An alias's own actions act on it.
  assert.deepEqual(runCheck(resourceUnused, policyWith({ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:Decrypt'], Resource: ['arn:aws:kms:*:*:alias/*', 'arn:aws:kms:*:*:key/*'] })), []);
});
