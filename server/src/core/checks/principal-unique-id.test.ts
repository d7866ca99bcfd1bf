import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { principalUniqueId } from './principal-unique-id';

test('principal-unique-id flags roles and users given by unique ID', () => {
  const { actual, expected } = spansOf(
    principalUniqueId,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [«"AROADBQP57FF2AEXAMPLE"», «"AIDACKCEVSQ6C2EXAMPLE"», "arn:aws:iam::111122223333:role/r"]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('principal-unique-id explains why the ID is there', () => {
  const [problem] = runCheck(principalUniqueId, policyWith({ Effect: 'Allow', Principal: { AWS: 'AROADBQP57FF2AEXAMPLE' }, Action: 's3:GetObject', Resource: '*' }), 'resource');
  assert.equal(problem.severity, 'warning');
  assert.equal(
    problem.message,
    '"AROADBQP57FF2AEXAMPLE" is the unique ID of an IAM role, not its ARN. IAM shows the ID when the role this policy named was deleted, and the statement now matches no role, not even a new one with the same name. Replace it with the role\'s ARN, or remove it.',
  );
});

test('principal-unique-id accepts ARNs and account IDs', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:role/r', '111122223333'] }, Action: 's3:GetObject', Resource: '*' });
  assert.deepEqual(runCheck(principalUniqueId, text, 'resource'), []);
  assert.deepEqual(runCheck(principalUniqueId, policyWith({ Effect: 'Allow', Principal: { Service: 'AROADBQP57FF2AEXAMPLE' }, Action: 'sts:AssumeRole' }), 'trust'), []);
});
