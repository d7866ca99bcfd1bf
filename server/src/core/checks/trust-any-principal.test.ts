import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { trustAnyPrincipal } from './trust-any-principal';

test('trust-any-principal flags "*" whose conditions do not limit who the caller is', () => {
  const { actual, expected } = spansOf(
    trustAnyPrincipal,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": «"*"»}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "abc"}, "Bool": {"aws:SecureTransport": "true"}}}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-any-principal names the keys the condition tests', () => {
  const [problem] = runCheck(
    trustAnyPrincipal,
    policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } }),
    'trust',
  );
  assert.equal(
    problem.message,
    'Any principal of any AWS account can assume this role: the condition tests only "aws:PrincipalTag/team", which does not limit who the caller is. Add "aws:PrincipalOrgID", "aws:PrincipalAccount" or "aws:PrincipalArn", or name the principals.',
  );
});

test('trust-any-principal accepts identifying conditions, named principals, no condition (trust-policy-elements) and other policy types', () => {
  assert.deepEqual(
    runCheck(trustAnyPrincipal, policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }), 'trust'),
    [],
  );
  assert.deepEqual(
    runCheck(
      trustAnyPrincipal,
      policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      'trust',
    ),
    [],
  );
  assert.deepEqual(runCheck(trustAnyPrincipal, policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), 'trust'), []);
  assert.deepEqual(
    runCheck(trustAnyPrincipal, policyWith({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), 'trust'),
    [],
  );
});
