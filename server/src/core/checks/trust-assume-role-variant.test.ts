import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { trustAssumeRoleVariant } from './trust-assume-role-variant';

test('trust-assume-role-variant flags an AssumeRole variant that does not fit the principal', () => {
  const { actual, expected } = spansOf(
    trustAssumeRoleVariant,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": «"sts:AssumeRole"»},
      {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": [«"sts:AssumeRole"», "sts:TagSession"]},
      {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": «"sts:AssumeRoleWithWebIdentity"»},
      {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": «"sts:assumerolewithsaml"»}
    ]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-assume-role-variant names the right variant and replaces the wrong one', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRole' });
  const [problem] = runCheck(trustAssumeRoleVariant, text, 'trust');
  assert.equal(problem.message, '"sts:AssumeRole" does not work with the SAML provider "arn:aws:iam::111122223333:saml-provider/Okta". Use "sts:AssumeRoleWithSAML" instead.');
  assert.equal(applyFix(text, problem), text.replace('"sts:AssumeRole"', '"sts:AssumeRoleWithSAML"'));
});

test('trust-assume-role-variant removes a wrong variant when the right one is already there', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'] });
  const [problem] = runCheck(trustAssumeRoleVariant, text, 'trust');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: ['sts:AssumeRoleWithWebIdentity'] }));
});

test('trust-assume-role-variant asks for all three Roles Anywhere permissions and adds the missing ones', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
  const [problem] = runCheck(trustAssumeRoleVariant, text, 'trust');
  assert.equal(problem.message, 'IAM Roles Anywhere needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume the role. Add "sts:SetSourceIdentity" to "Action".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }));
});

test('trust-assume-role-variant accepts the matching variants, mixed principals and wildcards', () => {
  const policies = [
    { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] },
    { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
    { Effect: 'Allow', Principal: { AWS: '111122223333', Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithSAML'] },
    { Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'] },
    { Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: 'sts:*' },
    { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRoleWithSAML' },
  ];
  for (const statement of policies) assert.deepEqual(runCheck(trustAssumeRoleVariant, policyWith(statement), 'trust'), [], JSON.stringify(statement));
  assert.deepEqual(runCheck(trustAssumeRoleVariant, policyWith(policies[0]), 'resource'), []);
});

// The Terraform provider's example of a role for several principals: firehose and a role use sts:AssumeRole, but the
// SAML provider and Cognito beside them need their own variants, which the statement does not allow.
test('trust-assume-role-variant flags principals that no action of the statement serves, beside those it does', () => {
  const { actual, expected } = spansOf(
    trustAssumeRoleVariant,
    `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "firehose.amazonaws.com", "AWS": "arn:aws:iam::111122223333:role/x",
      "Federated": [«"arn:aws:iam::111122223333:saml-provider/okta"», «"cognito-identity.amazonaws.com"»]}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
  const [, cognito] = runCheck(
    trustAssumeRoleVariant,
    policyWith({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'firehose.amazonaws.com', Federated: ['arn:aws:iam::111122223333:saml-provider/okta', 'cognito-identity.amazonaws.com'] },
    }),
    'trust',
  );
  assert.equal(
    cognito.message,
    'The OIDC provider "cognito-identity.amazonaws.com" cannot assume this role: it needs "sts:AssumeRoleWithWebIdentity", which this statement does not allow. Give it a statement of its own with that action and conditions on its claims, or remove it.',
  );
  // A wildcard that covers each variant serves them all.
  const served = policyWith({ Effect: 'Allow', Action: 'sts:AssumeRole*', Principal: { Service: 'firehose.amazonaws.com', Federated: 'cognito-identity.amazonaws.com' } });
  assert.deepEqual(runCheck(trustAssumeRoleVariant, served, 'trust'), []);
});
