import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse-policy';
import {
  federationKind,
  hasServicePrincipalSuffix,
  isAccountId,
  isAccountPrincipal,
  isDomainName,
  isPrincipalArn,
  namesPrincipals,
  principalValuesOf,
  requiredAssumeRoleAction,
  uniqueIdKind,
} from './principals';

test('principalValuesOf walks Principal and NotPrincipal values in order', () => {
  const policy = parsePolicy('{"Statement": {"Principal": {"AWS": ["1", "2"], "Service": "s"}, "NotPrincipal": {"Federated": "f"}}}');
  assert.deepEqual(
    [...principalValuesOf(policy.statements[0])].map((p) => [p.element, p.type, p.value.value]),
    [
      ['Principal', 'AWS', '1'],
      ['Principal', 'AWS', '2'],
      ['Principal', 'Service', 's'],
      ['NotPrincipal', 'Federated', 'f'],
    ],
  );
  assert.deepEqual([...principalValuesOf(parsePolicy('{"Statement": {"Principal": "*"}}').statements[0])], []);
});

test('namesPrincipals holds for resource-based and trust policies only', () => {
  assert.deepEqual((['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'] as const).filter(namesPrincipals), ['resource', 'trust']);
});

test('account IDs, principal ARNs and unique IDs are told apart', () => {
  assert.equal(isAccountId('111122223333'), true);
  assert.equal(isAccountId('11112222333'), false);
  assert.equal(isPrincipalArn('arn:aws:iam::111122223333:role/x'), true);
  assert.equal(isPrincipalArn('arn:aws-us-gov:sts::111122223333:assumed-role/x/s'), true);
  assert.equal(isPrincipalArn('arn:aws:s3:::bucket'), false);
  assert.equal(uniqueIdKind('AROADBQP57FF2AEXAMPLE'), 'role');
  assert.equal(uniqueIdKind('AIDACKCEVSQ6C2EXAMPLE'), 'user');
  assert.equal(uniqueIdKind('AKIAIOSFODNN7EXAMPLE'), undefined);
});

test('federated principals are SAML or OIDC by ARN or by web identity domain', () => {
  assert.equal(federationKind('arn:aws:iam::111122223333:saml-provider/Okta'), 'saml');
  assert.equal(federationKind('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'), 'oidc');
  assert.equal(federationKind('cognito-identity.amazonaws.com'), 'oidc');
  assert.equal(federationKind('accounts.google.com'), 'oidc');
  assert.equal(federationKind('arn:aws:iam::111122223333:role/x'), undefined);
});

test('the partition and account of a principal ARN may be deploy-time references of CloudFormation or Terraform', () => {
  for (const [partition, account] of [
    ['${AWS::Partition}', '${AWS::AccountId}'],
    ['aws', '${AccountParam}'],
    ['${data.aws_partition.current.partition}', '${data.aws_caller_identity.current.account_id}'],
    ['${local.partition}', '${local.account_id}'],
    ['aws', '${var.account_ids["prod"]}'],
  ]) {
    assert.equal(isPrincipalArn(`arn:${partition}:iam::${account}:role/ci`), true, `${partition} ${account}`);
    assert.equal(federationKind(`arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com`), 'oidc', `${partition} ${account}`);
  }
  // An IAM policy variable is no deploy-time value, and IAM takes none in a principal.
  assert.equal(federationKind('arn:aws:iam::${aws:PrincipalAccount}:saml-provider/Okta'), undefined);
  assert.equal(isPrincipalArn('arn:${aws:partition}:iam::111122223333:role/x'), false);
});

test('requiredAssumeRoleAction picks the variant for each kind of principal', () => {
  assert.equal(requiredAssumeRoleAction('AWS', 'arn:aws:iam::111122223333:root'), 'sts:AssumeRole');
  assert.equal(requiredAssumeRoleAction('Service', 'ec2.amazonaws.com'), 'sts:AssumeRole');
  assert.equal(requiredAssumeRoleAction('Federated', 'arn:aws:iam::111122223333:saml-provider/x'), 'sts:AssumeRoleWithSAML');
  assert.equal(requiredAssumeRoleAction('Federated', 'graph.facebook.com'), 'sts:AssumeRoleWithWebIdentity');
  assert.equal(requiredAssumeRoleAction('Federated', 'example.com'), undefined);
  assert.equal(requiredAssumeRoleAction('AWS', 'arn:aws:iam::*:root'), undefined);
  assert.equal(requiredAssumeRoleAction('CanonicalUser', 'abc'), undefined);
});

test('service principal suffixes cover every partition and Alexa', () => {
  for (const host of ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn', 'logs.us-east-1.amazonaws.com', 'alexa-appkit.amazon.com']) {
    assert.equal(hasServicePrincipalSuffix(host), true, host);
  }
  for (const host of ['ec2.amazon.com', 'amazonaws.com', 'ec2.example.com']) assert.equal(hasServicePrincipalSuffix(host), false, host);
  assert.equal(isDomainName('token.actions.githubusercontent.com'), true);
  assert.equal(isDomainName('not a domain'), false);
  assert.equal(isDomainName('ec2'), false);
});

test('isAccountPrincipal: an account ID or root ARN, its account and partition possibly known only at deploy time', () => {
  const hole = (value: string, source: string, kind: 'account' | 'partition' | 'string' | 'arn') => ({ start: value.indexOf(source), end: value.indexOf(source) + source.length, kind, source });
  const valueOf = (value: string, ...holes: [string, 'account' | 'partition' | 'string' | 'arn'][]) => ({
    value,
    span: { start: 0, end: value.length + 2 },
    placeholders: holes.map(([source, kind]) => hole(value, source, kind)),
  });
  assert.equal(isAccountPrincipal(valueOf('111122223333')), true);
  assert.equal(isAccountPrincipal(valueOf('arn:aws-us-gov:iam::111122223333:root')), true);
  const cloudFormation = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root';
  assert.equal(isAccountPrincipal(valueOf(cloudFormation, ['${AWS::Partition}', 'partition'], ['${AWS::AccountId}', 'account'])), true);
  const terraform = 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root';
  assert.equal(isAccountPrincipal(valueOf(terraform, ['${data.aws_caller_identity.current.account_id}', 'account'])), true);
  assert.equal(isAccountPrincipal(valueOf('${AWS::AccountId}', ['${AWS::AccountId}', 'account'])), true);
  // A role of the account, a parameter that may hold anything, a whole ARN from elsewhere: no account.
  assert.equal(isAccountPrincipal(valueOf('arn:aws:iam::${AWS::AccountId}:role/App', ['${AWS::AccountId}', 'account'])), false);
  assert.equal(isAccountPrincipal(valueOf('arn:aws:iam::${Trusted}:root', ['${Trusted}', 'string'])), false);
  assert.equal(isAccountPrincipal(valueOf('!GetAtt Role.Arn', ['!GetAtt Role.Arn', 'arn'])), false);
  assert.equal(isAccountPrincipal(valueOf('*')), false);
});
