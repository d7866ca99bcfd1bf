import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { credentialsExposure } from './credentials-exposure';

test('credentials-exposure flags actions that hand out credentials on every resource', () => {
  const { actual, expected } = spansOf(credentialsExposure, '{"Statement": [{"Effect": "Allow", "Action": [«"sts:AssumeRole"», "s3:GetObject", «"redshift:GetCluster*"»], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('credentials-exposure names the actions and says what to do', () => {
  const [problem] = runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'ec2:GetPasswordData', Resource: '*' }));
  assert.equal(
    problem.message,
    '"ec2:GetPasswordData" allows ec2:GetPasswordData on every resource and without conditions; it returns credentials or access to other identities and systems. Name the roles, users, databases or instances this policy is for in "Resource".',
  );
});

test('credentials-exposure accepts named resources, narrowing conditions, Deny, "*" and policies that grant nothing', () => {
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/deployer' })), []);
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ops' } } })), []);
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })), []);
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' })), []);
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }), 'scp'), []);
});

test('credentials-exposure leaves out actions the policy denies unconditionally', () => {
  const { actual, expected } = spansOf(
    credentialsExposure,
    `{"Statement": [
      {"Effect": "Allow", "Action": ["sts:AssumeRole", «"ec2:GetPasswordData"»], "Resource": "*"},
      {"Effect": "Deny", "Action": "sts:*", "Resource": "*"}]}`,
  );
  assert.deepEqual(actual, expected);
});

test('credentials-exposure flags the database connections that sign an authentication token: Aurora DSQL, ElastiCache, MemoryDB', () => {
  const { actual, expected } = spansOf(
    credentialsExposure,
    '{"Statement": [{"Effect": "Allow", "Action": [«"dsql:DbConnect*"», «"elasticache:Connect"», «"memorydb:Connect"», "dsql:GetCluster"], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'dsql:DbConnect*', Resource: '*' }));
  assert.match(problem.message, /allows dsql:DbConnect and dsql:DbConnectAdmin on every resource/);
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'elasticache:Connect', Resource: 'arn:aws:elasticache:us-east-1:111122223333:user:app' })), []);
});

test('credentials-exposure says nothing of a statement with no Resource, which IAM rejects (resource-missing says so)', () => {
  // A trust policy written where an identity policy goes: its sts:AssumeRole is no grant on every resource.
  assert.deepEqual(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'identity'), []);
  assert.equal(runCheck(credentialsExposure, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::111122223333:role/admin' }), 'identity').length, 1);
});
