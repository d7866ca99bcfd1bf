import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { trustRolesAnywhereCondition } from './trust-roles-anywhere-condition';

const actions = '"Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]';

test('trust-roles-anywhere-condition flags a Roles Anywhere trust that names neither the trust anchor nor the certificate', () => {
  // The AWS provider's own example for aws_rolesanywhere_profile, and a role trusting the service with "*" (rare-services sweep).
  const { actual, expected } = spansOf(
    trustRolesAnywhereCondition,
    `{"Statement": [
      {"Effect": "Allow", "Principal": {"Service": «"rolesanywhere.amazonaws.com"»}, ${actions}},
      {"Effect": "Allow", "Principal": {"Service": «"rolesanywhere.amazonaws.com"»}, "Action": "*", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}`,
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-roles-anywhere-condition accepts a test of the trust anchor, the certificate or the source identity, and other policy types', () => {
  const conditions = [
    '{"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:eu-central-1:111122223333:trust-anchor/a1b2"}}',
    '{"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "my-macbook"}}',
    '{"StringLike": {"aws:PrincipalTag/x509Subject/OU": "batch-*"}}',
    '{"StringEquals": {"aws:PrincipalTag/x509Issuer/CN": "Corp CA"}}',
    '{"StringEquals": {"sts:SourceIdentity": "runner-1"}}',
  ];
  for (const condition of conditions) {
    const text = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, ${actions}, "Condition": ${condition}}]}`;
    assert.deepEqual(runCheck(trustRolesAnywhereCondition, text, 'trust'), [], condition);
  }
  const other = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`;
  assert.deepEqual(runCheck(trustRolesAnywhereCondition, other, 'trust'), []);
  const deny = `{"Statement": [{"Effect": "Deny", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, ${actions}}]}`;
  assert.deepEqual(runCheck(trustRolesAnywhereCondition, deny, 'trust'), []);
  const identity = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, ${actions}}]}`;
  assert.deepEqual(runCheck(trustRolesAnywhereCondition, identity, 'resource'), []);
});

test('trust-roles-anywhere-condition explains the risk and adds an aws:SourceArn condition when the service is the only principal', () => {
  const text = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, ${actions}}]}`;
  const [problem] = runCheck(trustRolesAnywhereCondition, text, 'trust');
  assert.match(problem.message, /can assume this role for any certificate of any trust anchor in the account/);
  assert.equal(
    applyFix(text, problem),
    text.replace('sts:SetSourceIdentity"]}', 'sts:SetSourceIdentity"], "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:${Region}:${AccountId}:trust-anchor/${TrustAnchorId}"}}}'),
  );
  const shared = `{"Statement": [{"Effect": "Allow", "Principal": {"Service": ["rolesanywhere.amazonaws.com", "ec2.amazonaws.com"]}, ${actions}}]}`;
  const [withOthers] = runCheck(trustRolesAnywhereCondition, shared, 'trust');
  assert.deepEqual(withOthers.fixes ?? [], []);
});
