import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { principalNotAllowed } from './principal-not-allowed';

test('principal-not-allowed flags Principal and NotPrincipal in policies that name no principals', () => {
  for (const type of ['identity', 'scp', 'boundary', 'session'] as const) {
    const { actual, expected } = spansOf(
      principalNotAllowed,
      '{"Statement": [{"Effect": "Allow", «"Principal"»: "*", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", «"NotPrincipal"»: {"AWS": "111122223333"}}]}',
      type,
    );
    assert.deepEqual(actual, expected, type);
  }
});

test('principal-not-allowed says why and removes the element', () => {
  const text = policyWith({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: '*' });
  const [problem] = runCheck(principalNotAllowed, text, 'identity');
  assert.equal(problem.message, 'An identity-based policy cannot name principals: it applies to the user, group or role it is attached to. Remove "Principal".');
  assert.equal(applyFix(text, problem), policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
  // A quick fix to choose, not one "Fix all" or `lint --fix` applies: the policy may be read as the wrong type.
  assert.equal(problem.fixes?.[0].isPreferred, undefined);
  assert.match(runCheck(principalNotAllowed, text, 'scp')[0].message, /^SCPs do not support principals/);
});

test('principal-not-allowed flags NotPrincipal in trust policies and RCPs', () => {
  for (const type of ['trust', 'rcp'] as const) {
    const { actual, expected } = spansOf(principalNotAllowed, '{"Statement": [{"Effect": "Deny", «"NotPrincipal"»: {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}', type);
    assert.deepEqual(actual, expected, type);
  }
  const [problem] = runCheck(principalNotAllowed, '{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "1"}}]}', 'trust');
  assert.equal(problem.message, 'Role trust policies do not support "NotPrincipal". Name the principals that may assume the role in "Principal" instead.');
  assert.equal(problem.severity, 'error');
});

test('principal-not-allowed warns about NotPrincipal with Allow in a resource-based policy', () => {
  const { text, spans } = marked('{"Statement": [{"Effect": "Allow", «"NotPrincipal"»: {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}]}');
  const problems = runCheck(principalNotAllowed, text, 'resource');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(problems[0].severity, 'warning');
});

test('principal-not-allowed accepts principals where they belong', () => {
  assert.deepEqual(runCheck(principalNotAllowed, policyWith({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(principalNotAllowed, policyWith({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(principalNotAllowed, policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'), []);
  assert.deepEqual(runCheck(principalNotAllowed, policyWith({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), 'rcp'), []);
  assert.deepEqual(runCheck(principalNotAllowed, policyWith({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'identity'), []);
});
