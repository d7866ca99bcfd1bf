import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { trustExternalId } from './trust-external-id';

test('trust-external-id points at the first account principal of a statement without sts:ExternalId', () => {
  const { actual, expected } = spansOf(
    trustExternalId,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [«"arn:aws:iam::444455556666:root"», "555566667777"]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-external-id is information, hedged, with a fix that adds the condition', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"}]}';
  const [problem] = runCheck(trustExternalId, text, 'trust');
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    'If account 444455556666 belongs to a third party that assumes this role for you, require the external ID it gave you with an "sts:ExternalId" condition; otherwise it could be tricked into using this role on behalf of another of its customers (the confused deputy problem).',
  );
  assert.equal(
    applyFix(text, problem),
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "${ExternalId}"}}}]}',
  );
});

test('trust-external-id accepts an external ID, organization and MFA conditions, services and other policy types', () => {
  const conditions = [{ StringEquals: { 'sts:ExternalId': 'abc' } }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }];
  for (const condition of conditions) {
    assert.deepEqual(runCheck(trustExternalId, policyWith({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Condition: condition }), 'trust'), []);
  }
  assert.deepEqual(runCheck(trustExternalId, policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'), []);
  assert.deepEqual(runCheck(trustExternalId, policyWith({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'resource'), []);
});

test('trust-external-id leaves conditions known only at deploy time alone', () => {
  const statement = (Condition: string) => ({ Principal: "{AWS: 'arn:aws:iam::444455556666:root'}", Action: 'sts:AssumeRole', Condition });
  assert.deepEqual(runCheckOnTemplateStatement(trustExternalId, statement('{StringEquals: !GetAtt Conditions.Value}'), 'trust'), []);
  assert.equal(runCheckOnTemplateStatement(trustExternalId, statement("{Bool: {'aws:SecureTransport': 'true'}}"), 'trust').length, 1);
});
