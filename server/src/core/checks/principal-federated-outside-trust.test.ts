import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { principalFederatedOutsideTrust } from './principal-federated-outside-trust';

test('principal-federated-outside-trust flags Federated in a resource-based policy', () => {
  const { actual, expected } = spansOf(
    principalFederatedOutsideTrust,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333", «"Federated"»: "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "s3:GetObject", "Resource": "*"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(principalFederatedOutsideTrust, policyWith({ Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 's3:GetObject', Resource: '*' }), 'resource');
  assert.equal(
    problem.message,
    'A resource-based policy cannot name an identity provider under "Federated"; only role trust policies can. Trust the provider in a role\'s trust policy and name that role under "AWS" here.',
  );
});

test('principal-federated-outside-trust accepts Federated in a role trust policy', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML' });
  assert.deepEqual(runCheck(principalFederatedOutsideTrust, trust, 'trust'), []);
  assert.deepEqual(runCheck(principalFederatedOutsideTrust, policyWith({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }), 'resource'), []);
});
