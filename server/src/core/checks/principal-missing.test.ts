import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, applyFix, policyWith } from '../../../../test/helpers/checks';
import { principalMissing } from './principal-missing';

test('principal-missing flags statements without Principal in resource-based, trust and RCP policies', () => {
  for (const type of ['resource', 'trust', 'rcp'] as const) {
    const { actual, expected } = spansOf(
      principalMissing,
      '{"Statement": [«{»"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "NotPrincipal": {"AWS": "1"}, "Action": "s3:*"}]}',
      type,
    );
    assert.deepEqual(actual, expected, type);
  }
});

test('principal-missing says what to add', () => {
  const [problem] = runCheck(principalMissing, '{"Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'resource');
  assert.equal(problem.message, 'Statement "Read" has no "Principal". A resource-based policy must say whom it applies to: add "Principal", for example {"AWS": "111122223333"}.');
  assert.equal(problem.fixes, undefined);
});

test('principal-missing adds "Principal": "*" to an RCP statement', () => {
  const text = policyWith({ Effect: 'Deny', Action: 's3:*', Resource: '*' });
  const [problem] = runCheck(principalMissing, text, 'rcp');
  assert.equal(applyFix(text, problem), policyWith({ Principal: '*', Effect: 'Deny', Action: 's3:*', Resource: '*' }));
});

test('principal-missing accepts policies that name no principals, and statements that have one', () => {
  const noPrincipal = policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  for (const type of ['identity', 'scp', 'boundary', 'session'] as const) assert.deepEqual(runCheck(principalMissing, noPrincipal, type), [], type);
  assert.deepEqual(runCheck(principalMissing, policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'), []);
});
