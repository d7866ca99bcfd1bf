import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { describeFailure, statementLabel } from './describe';
import { policySetOf, roleOfPolicyType, simulate, type SimulationPolicy } from './simulate';

const alice = 'arn:aws:iam::111122223333:user/alice';
const allowAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
const ec2Only = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}';

test('the report names the deciding statement, with its span, and says why each other statement did not apply', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [
    «{"Sid": "Home", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/\${aws:username}/*"}»,
    «{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {«"aws:SecureTransport": "false"»}}}»
  ]}`);
  const report = simulate({ principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a', context: { 'aws:SecureTransport': 'true' } }, [
    { name: 'home.json', text, role: 'identity' },
  ]);
  assert.equal(report.decision, 'Allowed');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.decidedBy, [{ policy: 'home.json', index: 0, sid: 'Home', effect: 'Allow', label: 'Allow statement 1 "Home"', span: spans[0], applies: true, decided: true }]);
  assert.deepEqual(report.policies[0].statements[1], {
    policy: 'home.json',
    index: 1,
    effect: 'Deny',
    label: 'Deny statement 2',
    span: spans[1],
    applies: false,
    decided: false,
    why: 'Condition Bool "aws:SecureTransport": the request value does not match',
    whySpan: spans[2],
  });
  assert.equal(report.request.context?.['aws:username'], 'alice', 'derived from the principal');
  assert.equal(report.requestSummary, 'user principal, same account (111122223333)');
});

test('context: null keeps a derivable key out; deriveContext false uses only what is given; lists are read from JSON', () => {
  const text =
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "StringEquals": {"aws:username": "alice"}}}]}';
  const policies: SimulationPolicy[] = [{ name: 'p.json', text, role: 'identity' }];
  const base = { principal: alice, action: 's3:GetObject', resource: '*' };
  assert.equal(simulate({ ...base, context: { 'aws:TagKeys': '["env", "team"]' } }, policies).decision, 'Allowed');
  assert.equal(simulate({ ...base, context: { 'aws:TagKeys': '["env", "cost"]' } }, policies).decision, 'ImplicitlyDenied');
  const cleared = simulate({ ...base, context: { 'aws:username': null } }, policies);
  assert.equal(cleared.decision, 'ImplicitlyDenied');
  assert.equal(cleared.policies[0].statements[0].why, 'Condition StringEquals "aws:username": the key is not in the request context');
  assert.equal('aws:username' in (cleared.request.context ?? {}), false);
  const literal = simulate({ ...base, context: {}, deriveContext: false }, policies);
  assert.deepEqual(literal.request.context, {});
});

test('SCP and RCP levels are sorted and packed; a second resource policy, boundary or session policy is noted and left out', () => {
  const policies: SimulationPolicy[] = [
    { name: 'id.json', text: allowAll, role: 'identity' },
    { name: 'ou.json', text: ec2Only, role: 'scp', level: 5 },
    { name: 'root.json', text: allowAll, role: 'scp', level: 0 },
    { name: 'b1.json', text: allowAll, role: 'permissionsBoundary' },
    { name: 'b2.json', text: ec2Only, role: 'permissionsBoundary' },
  ];
  const { set, notes } = policySetOf(policies);
  assert.deepEqual(
    set.scps?.map((level) => level.map((p) => (p as { name: string }).name)),
    [['root.json'], ['ou.json']],
  );
  assert.deepEqual(notes, ['b2.json is left out: a request has one permissions boundary, and b1.json is it.']);
  const report = simulate({ principal: alice, action: 's3:GetObject', resource: '*' }, policies);
  assert.equal(report.decision, 'ImplicitlyDenied');
  assert.equal(report.reason?.code, 'scp-implicit-deny');
  assert.deepEqual(report.levels, ['SCP level 0: allows', 'SCP level 1: no statement allows']);
  // The report keeps the levels as given.
  assert.deepEqual(
    report.policies.map((p) => [p.name, p.description, p.level]),
    [
      ['root.json', 'SCP 1 at level 0', 0],
      ['ou.json', 'SCP 1 at level 1', 5],
      ['id.json', 'identity-based policy 1', undefined],
      ['b1.json', 'permissions boundary', undefined],
    ],
  );
});

test('an invalid policy gives errors with its name and span instead of a decision', () => {
  const { text, spans } = marked('{"Statement": [{"Effect": «"allow"», "Action": "*", "Resource": "*"}]}');
  const report = simulate({ action: 's3:GetObject', resource: '*' }, [{ name: 'bad.json', text, role: 'identity' }]);
  assert.equal(report.decision, undefined);
  assert.deepEqual(report.errors, [{ message: 'Effect "allow" is not valid. Use "Allow" or "Deny".', ruleId: 'effect-value', policy: 'bad.json', span: spans[0] }]);
  const noAction = simulate({ action: '', resource: '*' }, [{ name: 'p.json', text: allowAll, role: 'identity' }]);
  assert.deepEqual(
    noAction.errors.map((e) => [e.ruleId, e.policy]),
    [['request', undefined]],
  );
});

test('policy types map to the part they play', () => {
  assert.deepEqual(
    ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'].map((t) => roleOfPolicyType(t as Parameters<typeof roleOfPolicyType>[0])),
    ['identity', 'resource', 'resource', 'scp', 'rcp', 'permissionsBoundary', 'session'],
  );
});

test('statement labels and failure descriptions', () => {
  const policy = { kind: 'identity' as const, index: 0 };
  assert.equal(statementLabel({ policy, index: 2, sid: 'X', effect: 'Deny', span: { start: 0, end: 1 } }), 'Deny statement 3 "X"');
  const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  const span = { start: 0, end: 1 };
  assert.equal(describeFailure({ element: 'NotAction', span }, request), 'NotAction covers s3:GetObject');
  assert.equal(describeFailure({ element: 'Principal', span }, request), 'Principal does not name an anonymous caller');
  assert.equal(
    describeFailure({ element: 'Condition', operator: 'StringEquals', key: 'aws:PrincipalTag/team', span, reason: 'unresolved-variable', variable: 'aws:username' }, request),
    'Condition StringEquals "aws:PrincipalTag/team": ${aws:username} has no value in the request',
  );
});
