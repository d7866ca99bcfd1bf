import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { rcpElements } from './rcp-elements';

test('rcp-elements flags named principals, NotAction and Allow statements beyond RCPFullAWSAccess', () => {
  const { actual, expected } = spansOf(
    rcpElements,
    `{"Statement": [
      {"Effect": "Deny", "Principal": «{"AWS": "111122223333"}», "Action": "s3:*", "Resource": "*"},
      {"Effect": "Deny", "Principal": "*", «"NotAction"»: "s3:GetObject", "Resource": "*"},
      {"Effect": «"Allow"», "Principal": "*", "Action": "s3:*", "Resource": "*"}
    ]}`,
    'rcp',
  );
  assert.deepEqual(actual, expected);
});

test('rcp-elements says what keeps an Allow statement from the RCPFullAWSAccess form', () => {
  const [problem] = runCheck(rcpElements, policyWith({ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::b', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), 'rcp');
  assert.equal(
    problem.message,
    'RCPs support "Allow" only as in RCPFullAWSAccess, with "Principal", "Action" and "Resource" all "*" and no "Condition", but here "Resource" is not "*" and it has a "Condition". RCPs restrict access with "Deny" statements; write this one as a Deny.',
  );
});

test('rcp-elements turns a named principal into "*"', () => {
  const text = policyWith({ Effect: 'Deny', Principal: { AWS: ['111122223333'] }, Action: 's3:*', Resource: '*' });
  const [problem] = runCheck(rcpElements, text, 'rcp');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }));
});

test('rcp-elements accepts RCPFullAWSAccess and Deny statements for all principals', () => {
  assert.deepEqual(runCheck(rcpElements, policyWith({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }), 'rcp'), []);
  const deny = policyWith({ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:*', 'sqs:*'], Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } });
  assert.deepEqual(runCheck(rcpElements, deny, 'rcp'), []);
  assert.deepEqual(runCheck(rcpElements, policyWith({ Effect: 'Deny', Principal: { AWS: '111122223333' }, NotAction: 's3:*', Resource: '*' }), 'resource'), []);
});
