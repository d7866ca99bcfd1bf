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

test('resource-missing accepts an ECR repository or EFS file system policy file without Resource, as AWS writes them', () => {
  const repositoryPolicy = policyWith({
    Sid: 'CrossAccountPull',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::444455556666:root' },
    Action: ['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:BatchCheckLayerAvailability'],
  });
  assert.deepEqual(runCheck(resourceMissing, repositoryPolicy, 'resource'), []);
  const fileSystemPolicy = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'] });
  assert.deepEqual(runCheck(resourceMissing, fileSystemPolicy, 'resource'), []);
  // One action of another service, or an identity policy, still needs a Resource.
  const mixed = policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['ecr:BatchGetImage', 's3:GetObject'] });
  assert.equal(runCheck(resourceMissing, mixed, 'resource').length, 1);
  assert.equal(runCheck(resourceMissing, policyWith({ Effect: 'Allow', Action: 'ecr:BatchGetImage' }), 'identity').length, 1);
});

test('resource-missing: a resource policy statement of "Action": "*" names no service, so it may be an ECR repository policy: a warning', () => {
  // The Landing Zone Accelerator's ECR repository policy file: perimeter Denies of every action, no Resource.
  const { actual, expected } = spansOf(
    resourceMissing,
    '{"Statement": [«{»"Sid": "DenyOutsideOrg", "Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(resourceMissing, policyWith({ Effect: 'Deny', Principal: '*', Action: '*' }), 'resource');
  assert.equal(problem.severity, 'warning');
  assert.match(problem.message, /only an ECR repository or EFS file system policy may leave it out/);
  // An identity policy, or a resource policy that names a service, still gets the error.
  assert.equal(runCheck(resourceMissing, policyWith({ Effect: 'Allow', Action: '*' }), 'identity')[0].severity, 'error');
  assert.equal(runCheck(resourceMissing, policyWith({ Effect: 'Deny', Principal: '*', Action: ['*', 's3:GetObject'] }), 'resource')[0].severity, 'error');
});
