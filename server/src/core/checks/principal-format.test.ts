import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { principalFormat } from './principal-format';

test('principal-format flags AWS principals that are neither an account ID nor an IAM or STS ARN', () => {
  const { actual, expected } = spansOf(
    principalFormat,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [«"my-role"», «"12345"», «"arn:aws:s3:::bucket"», "111122223333", "arn:aws:iam::111122223333:role/r", "arn:aws:sts::111122223333:assumed-role/r/s", "*", "AROADBQP57FF2AEXAMPLE", "arn:aws:iam::*:root"]}, "Action": "s3:*", "Resource": "*"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('principal-format says what an AWS principal may be', () => {
  const [problem] = runCheck(principalFormat, policyWith({ Effect: 'Allow', Principal: { AWS: 'admin' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(
    problem.message,
    '"admin" is not a valid AWS principal. Use "*", a 12-digit account ID or the ARN of an account, user, role, role session or federated user, such as "arn:aws:iam::111122223333:role/name".',
  );
});

test('principal-format writes an account ID without its dashes', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: '1111-2222-3333' }, Action: 's3:GetObject', Resource: '*' });
  const [problem] = runCheck(principalFormat, text, 'resource');
  assert.equal(applyFix(text, problem), text.replace('1111-2222-3333', '111122223333'));
});

test('principal-format moves a service principal from AWS to Service', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const [problem] = runCheck(principalFormat, text, 'trust');
  assert.equal(problem.message, '"ec2.amazonaws.com" is a service principal, not an AWS principal. Name services under "Service" instead of "AWS".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
  const mixed = policyWith({ Effect: 'Allow', Principal: { AWS: 'ec2.amazonaws.com', Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
  assert.equal(runCheck(principalFormat, mixed, 'trust')[0].fixes, undefined);
});

test('principal-format flags federated principals that are neither a provider ARN nor a domain in a trust policy', () => {
  const { actual, expected } = spansOf(
    principalFormat,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": [«"arn:aws:iam::111122223333:role/x"», «"Okta SAML"», "arn:aws:iam::111122223333:saml-provider/Okta", "accounts.google.com", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]}, "Action": "sts:AssumeRoleWithSAML"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('principal-format flags canonical users in trust policies and malformed ones elsewhere', () => {
  const id = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const inTrust = spansOf(principalFormat, `{"Statement": [{"Principal": {"CanonicalUser": «"${id}"»}}]}`, 'trust');
  assert.deepEqual(inTrust.actual, inTrust.expected);
  const inBucketPolicy = spansOf(principalFormat, `{"Statement": [{"Principal": {"CanonicalUser": [«"79a59df9"», "${id}"]}}]}`, 'resource');
  assert.deepEqual(inBucketPolicy.actual, inBucketPolicy.expected);
});

test('principal-format accepts valid principals and leaves other policy types alone', () => {
  const valid = policyWith({
    Effect: 'Allow',
    Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:user/u', 'arn:aws-cn:iam::111122223333:root', 'arn:aws:sts::111122223333:federated-user/f'] },
    Action: 's3:GetObject',
    Resource: '*',
  });
  assert.deepEqual(runCheck(principalFormat, valid, 'resource'), []);
  assert.deepEqual(runCheck(principalFormat, policyWith({ Principal: { AWS: 'admin' } }), 'identity'), []);
  assert.deepEqual(runCheck(principalFormat, policyWith({ Principal: { AWS: 'admin' } }), 'rcp'), []);
  assert.deepEqual(runCheck(principalFormat, policyWith({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'trust'), []);
});

test('principal-format names a placeholder left in a principal', () => {
  const [aws] = runCheck(principalFormat, policyWith({ Effect: 'Allow', Principal: { AWS: '<YOUR ADMIN USER ARN>' }, Action: 'kms:*', Resource: '*' }), 'resource');
  assert.equal(
    aws.message,
    '"<YOUR ADMIN USER ARN>" holds the placeholder "<YOUR ADMIN USER ARN>", left in for someone to fill. Write the principal it stands for: "*", a 12-digit account ID or the ARN of an account, user, role, role session or federated user.',
  );
  const provider = 'arn:aws:iam::<account_id>:oidc-provider/token.actions.githubusercontent.com';
  const [federated] = runCheck(principalFormat, policyWith({ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'trust');
  assert.match(federated.message, /^"arn:aws:iam::<account_id>:oidc-provider\/token\.actions\.githubusercontent\.com" holds the placeholder "<account_id>"/);
  // The provider's name left to fill, as AWS's EKS pages write it: the ARN has a provider's shape and names none.
  const named = 'arn:aws:iam::111122223333:oidc-provider/<OIDC_provider_name>';
  const [eks] = runCheck(principalFormat, policyWith({ Effect: 'Allow', Principal: { Federated: named }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'trust');
  assert.match(eks.message, /^"arn:aws:iam::111122223333:oidc-provider\/<OIDC_provider_name>" holds the placeholder "<OIDC_provider_name>"/);
});

// From a real StackSet template: a role written as an STS ARN.
test('principal-format flags IAM and STS ARNs of things that cannot be principals, and moves a role to its IAM ARN', () => {
  const { actual, expected } = spansOf(
    principalFormat,
    `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": [
      «"arn:aws:iam::111122223333:group/Admins"», «"arn:aws:iam::111122223333:instance-profile/web"»,
      «"arn:aws:sts::111122223333:role/Deployer"», «"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"»,
      "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/ops/alice", "arn:aws:iam::111122223333:role/service-role/app",
      "arn:aws:sts::111122223333:assumed-role/Admin/alice", "arn:aws:sts::111122223333:federated-user/bob", "arn:aws:iam::111122223333:\${RoleName}"
    ]}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
  const text = policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:${AWS::Partition}:sts::${Account}:role/${RoleName}' } });
  const [problem] = runCheck(principalFormat, text, 'trust');
  assert.match(problem.message, /an STS ARN names a role session/);
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:${AWS::Partition}:iam::${Account}:role/${RoleName}' } }));
  const [group] = runCheck(
    principalFormat,
    policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Principal: { AWS: 'arn:aws:iam::111122223333:group/Admins' } }),
    'resource',
  );
  assert.equal(
    group.message,
    '"arn:aws:iam::111122223333:group/Admins" is an IAM group, which cannot be a principal, so IAM rejects the policy. Name the account, users, roles or role sessions it stands for.',
  );
});

test('principal-format flags an account ARN with text after "root", and writes the account', () => {
  // A CDK pipeline construct trusted `arn:aws:iam::${devAccountId}:root/` (CodePipeline sweep).
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root/', 'arn:aws:iam::111122223333:root'] }, Action: 'sts:AssumeRole' });
  const [problem, ...rest] = runCheck(principalFormat, text, 'trust');
  assert.deepEqual(rest, []);
  assert.equal(text.slice(problem.span.start, problem.span.end), '"arn:aws:iam::111122223333:root/"');
  assert.equal(applyFix(text, problem), text.replace('root/', 'root'));
});
