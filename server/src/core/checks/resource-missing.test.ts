import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { resourceMissing } from './resource-missing';

test('resource-missing flags a statement with neither Resource nor NotResource', () => {
  const { actual, expected } = spansOf(resourceMissing, '{"Statement": [«{»"Effect": "Allow", "Action": "s3:GetObject"}]}');
  assert.deepEqual(actual, expected);
});

test('resource-missing accepts a role trust policy without Resource', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  assert.deepEqual(runCheck(resourceMissing, trust), []);
  assert.deepEqual(runCheck(resourceMissing, '{"Statement": [{"Resource": "*"}, {"NotResource": "x"}]}'), []);
});

test('resource-missing still flags a resource policy without Resource', () => {
  const bucketPolicy = policyWith({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject' });
  assert.equal(runCheck(resourceMissing, bucketPolicy).length, 1);
});
