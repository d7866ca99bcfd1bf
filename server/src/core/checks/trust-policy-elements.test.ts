import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { trustPolicyElements } from './trust-policy-elements';

test('trust-policy-elements flags Resource, "Principal": "*" and actions a trust policy cannot grant', () => {
  const { actual, expected } = spansOf(
    trustPolicyElements,
    '{"Statement": [{"Effect": "Allow", "Principal": «"*"», "Action": ["sts:AssumeRole", «"s3:GetObject"», "sts:*"], «"Resource"»: "*"}, {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": «"iam:PassRole"», «"NotResource"»: "x"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});

test('trust-policy-elements removes Resource', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' });
  const [problem] = runCheck(trustPolicyElements, text, 'trust');
  assert.equal(problem.message, 'A role trust policy applies to the role it is attached to, so it cannot have "Resource". Remove "Resource".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
});

test('trust-policy-elements warns about {"AWS": "*"} without a condition', () => {
  const { actual, expected } = spansOf(trustPolicyElements, '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": «"*"»}, "Action": "sts:AssumeRole"}]}', 'trust');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(trustPolicyElements, policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(problem.severity, 'warning');
  const withCondition = policyWith({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
  assert.deepEqual(runCheck(trustPolicyElements, withCondition, 'trust'), []);
});

test('trust-policy-elements accepts an ordinary trust policy and ignores other policy types', () => {
  const trust = policyWith({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'STS:setcontext'] });
  assert.deepEqual(runCheck(trustPolicyElements, trust, 'trust'), []);
  assert.deepEqual(runCheck(trustPolicyElements, policyWith({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'resource'), []);
});
