import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies, compilePolicy, deriveContext, describePolicy, evaluate } from '../../server/src/core/evaluator/index';
import type { EvaluationOutcome, EvaluationResult, StatementMiss } from '../../server/src/core/evaluator/types';
import { marked } from '../helpers/marked';

const alice = 'arn:aws:iam::111122223333:user/alice';
const getObject = { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' };

function outcome(result: EvaluationResult): EvaluationOutcome {
  assert.equal(result.errors, undefined, result.errors?.map((e) => e.message).join('; '));
  return result as EvaluationOutcome;
}

function misses(result: EvaluationResult): StatementMiss[] {
  return outcome(result).explanation!.policies.flatMap((policy) => policy.notMatched);
}

test('the deciding statement carries its Sid, index and the span of the statement object', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [«{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}»]}`);
  const result = outcome(evaluate(getObject, { identity: [text] }));
  assert.equal(result.decision, 'Allowed');
  assert.deepEqual(result.reason!.statements, [{ policy: { kind: 'identity', index: 0 }, index: 0, sid: 'Read', effect: 'Allow', span: spans[0] }]);
});

test('an explicit deny names every Deny statement that applies, across policies', () => {
  const allow = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}';
  const boundary = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "B", "Effect": "Deny", "Action": "s3:Get*", "Resource": "*"}]}';
  const result = outcome(evaluate(getObject, { identity: [allow], permissionsBoundary: boundary }));
  assert.equal(result.decision, 'ExplicitlyDenied');
  assert.equal(result.reason!.code, 'explicit-deny');
  assert.deepEqual(
    result.reason!.statements.map((s) => [s.policy.kind, s.sid]),
    [
      ['identity', 'A'],
      ['permissionsBoundary', 'B'],
    ],
  );
  assert.match(result.reason!.message, /identity-based policy 1, permissions boundary/);
});

test('a statement that does not match says which element failed, with its span', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", «"Action": "ec2:*"», "Resource": "*"}]}`);
  const [miss] = misses(evaluate(getObject, { identity: [text] }));
  assert.deepEqual(miss.failure, { element: 'Action', span: spans[0] });
});

test('a Resource failure points at the Resource element and names an unresolved variable', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", «"Resource": "arn:aws:s3:::bucket/\${aws:username}/*"»}]}`);
  const [miss] = misses(evaluate(getObject, { identity: [text] }));
  assert.deepEqual(miss.failure, { element: 'Resource', span: spans[0], unresolvedVariable: 'aws:username' });
});

test('a Condition failure names the operator, the key, and whether the key was missing', () => {
  const { text, spans } = marked(
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {«"aws:PrincipalTag/team": "blue"»}, "Bool": {«"aws:SecureTransport": "true"»}}}]}`,
  );
  const missing = misses(evaluate(getObject, { identity: [text] }))[0];
  assert.deepEqual(missing.failure, { element: 'Condition', operator: 'StringEquals', key: 'aws:PrincipalTag/team', span: spans[0], reason: 'missing-key' });
  const second = misses(evaluate({ ...getObject, context: { 'aws:principaltag/team': 'blue', 'aws:SecureTransport': false } }, { identity: [text] }))[0];
  assert.deepEqual(second.failure, { element: 'Condition', operator: 'Bool', key: 'aws:SecureTransport', span: spans[1], reason: 'no-match' });
});

test('a Condition test that fails outright is reported over an earlier one whose key the request lacks', () => {
  const { text, spans } = marked(
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {«"aws:PrincipalTag/team": "blue"», «"aws:PrincipalTag/unit": "\${aws:PrincipalTag/owner}"»}, "Bool": {«"aws:SecureTransport": "true"»}}}]}`,
  );
  const failureWith = (context: Record<string, string | boolean>) => misses(evaluate({ ...getObject, context }, { identity: [text] }))[0].failure;
  assert.deepEqual(failureWith({ 'aws:SecureTransport': false }), { element: 'Condition', operator: 'Bool', key: 'aws:SecureTransport', span: spans[2], reason: 'no-match' });
  // With nothing failing outright, the first test that waits on context is the reason.
  assert.deepEqual(failureWith({ 'aws:SecureTransport': true }), { element: 'Condition', operator: 'StringEquals', key: 'aws:PrincipalTag/team', span: spans[0], reason: 'missing-key' });
  assert.deepEqual(failureWith({ 'aws:SecureTransport': true, 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/unit': 'x' }), {
    element: 'Condition',
    operator: 'StringEquals',
    key: 'aws:PrincipalTag/unit',
    span: spans[1],
    reason: 'unresolved-variable',
    variable: 'aws:PrincipalTag/owner',
  });
});

test('Principal failures and a missing Principal in a resource-based policy are reported', () => {
  const named = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/carol"}, "Action": "s3:*", "Resource": "*"}]}';
  assert.equal(misses(evaluate(getObject, { resource: named }))[0].failure.element, 'Principal');
  const none = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
  assert.deepEqual((({ element, missing }) => ({ element, missing }))(misses(evaluate(getObject, { resource: none }))[0].failure as { element: string; missing?: boolean }), {
    element: 'Principal',
    missing: true,
  });
});

test('the resource-based policy verdict says how its Principal names the requester', () => {
  const session = 'arn:aws:sts::111122223333:assumed-role/app/s1';
  const policy = (principal: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${principal}"}, "Action": "s3:*", "Resource": "*"}]}`;
  const grantFor = (principal: string) => outcome(evaluate({ ...getObject, principal: session }, { resource: policy(principal) })).explanation!.policies[0].grant;
  assert.equal(grantFor(session), 'direct');
  assert.equal(grantFor('arn:aws:iam::111122223333:role/app'), 'role');
  assert.equal(grantFor('111122223333'), 'account');
  assert.equal(grantFor('arn:aws:iam::111122223333:role/other'), undefined);
});

test('SCP and RCP levels are listed, RCP levels with the implicit RCPFullAWSAccess', () => {
  const allowAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
  const ec2Only = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}';
  const result = outcome(evaluate(getObject, { identity: [allowAll], scps: [[allowAll], [ec2Only]], rcps: [[]] }));
  assert.equal(result.decision, 'ImplicitlyDenied');
  assert.equal(result.reason!.code, 'scp-implicit-deny');
  assert.equal(result.reason!.level, 1);
  assert.deepEqual(result.explanation!.levels, [
    { kind: 'rcp', level: 0, allows: true, implicitFullAccess: true },
    { kind: 'scp', level: 0, allows: true },
    { kind: 'scp', level: 1, allows: false },
  ]);
  assert.deepEqual(
    result.explanation!.policies.map((p) => [describePolicy(p.policy), p.verdict]),
    [
      ['SCP 1 at level 0', 'Allow'],
      ['SCP 1 at level 1', 'NoMatch'],
      ['identity-based policy 1', 'Allow'],
    ],
  );
});

test('SCPs are shown but ignored for service principals', () => {
  const denyAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}';
  const bucket = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "*"}]}';
  const result = outcome(evaluate({ principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', resource: 'arn:aws:s3:::logs/x' }, { resource: bucket, scps: [[denyAll]] }));
  assert.equal(result.decision, 'Allowed');
  assert.equal(result.explanation!.principal.kind, 'service');
  assert.match(result.explanation!.policies[0].ignored!, /SCPs apply only to IAM principals/);
});

test('RCPs are shown but ignored for a service they do not support, and counted for one they do', () => {
  const denyAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}';
  const allow = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
  const publish = outcome(evaluate({ principal: alice, action: 'sns:Publish', resource: 'arn:aws:sns:us-east-1:111122223333:t' }, { identity: [allow], rcps: [[denyAll]] }));
  assert.equal(publish.decision, 'Allowed');
  const [rcp] = publish.explanation!.policies;
  assert.equal(rcp.policy.kind, 'rcp');
  assert.equal(rcp.verdict, 'Deny', 'the statement matches; the policy is ignored');
  assert.equal(rcp.ignored, 'RCPs apply only to the services AWS lists as supported, and "sns" is not one of them.');
  const get = outcome(evaluate(getObject, { identity: [allow], rcps: [[denyAll]] }));
  assert.equal(get.decision, 'ExplicitlyDenied');
  assert.equal(get.explanation!.policies[0].ignored, undefined);
});

test('named policies are named in references and messages', () => {
  const deny = { name: 'DenyS3', policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}' };
  const result = outcome(evaluate(getObject, { identity: [deny] }));
  assert.equal(result.reason!.statements[0].policy.name, 'DenyS3');
  assert.match(result.reason!.message, /identity-based policy 1 "DenyS3"/);
});

test('the explanation records the principal, the resource account and whether the request is cross-account', () => {
  const result = outcome(evaluate({ principal: 'arn:aws:iam::444455556666:user/bob', action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t' }, {}));
  assert.deepEqual(result.explanation!.principal, { arn: 'arn:aws:iam::444455556666:user/bob', kind: 'user', account: '444455556666' });
  assert.equal(result.explanation!.resourceAccount, '111122223333');
  assert.equal(result.explanation!.crossAccount, true);
});

test('explain: false returns shared frozen results and agrees with the explained decision', () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  const compiled = compilePolicies({ identity: [policy] });
  const first = evaluate(getObject, compiled, { explain: false });
  const second = evaluate({ ...getObject, resource: 'arn:aws:s3:::other/key' }, compiled, { explain: false });
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first));
  assert.deepEqual(first, { decision: 'Allowed' });
  assert.equal(evaluate({ ...getObject, action: 's3:PutObject' }, compiled, { explain: false }).decision, 'ImplicitlyDenied');
});

test('invalid policies give errors with the policy, the rule id and the span instead of a decision', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [{"Effect": «"allow"», "Action": "*", "Resource": "*"}]}`);
  const result = evaluate(getObject, { scps: [[text]] });
  assert.equal(result.decision, undefined);
  assert.deepEqual(result.errors, [{ policy: { kind: 'scp', index: 0, level: 0 }, ruleId: 'effect-value', message: 'Effect "allow" is not valid. Use "Allow" or "Deny".', span: spans[0] }]);
});

test('an unknown condition operator is an error pointing at the operator', () => {
  const { text, spans } = marked(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {«"StringEqual"»: {"aws:username": "a"}}}]}`);
  const policy = compilePolicy(text, { kind: 'identity', index: 0 });
  assert.deepEqual(
    policy.errors.map((e) => [e.ruleId, e.span]),
    [['condition-operator-unknown', spans[0]]],
  );
});

test('an empty policy text is an error, not a policy that allows nothing', () => {
  for (const text of ['', '  \n'])
    assert.deepEqual(
      compilePolicy(text, { kind: 'identity', index: 0 }).errors.map((e) => [e.ruleId, e.message]),
      [['policy-not-object', 'The policy is empty: a policy is a JSON object with a "Statement".']],
    );
  assert.equal(evaluate(getObject, { identity: [''] }).decision, undefined);
});

test('request errors', () => {
  assert.equal(evaluate({ principal: alice, action: 's3:GetObject', resource: '' }, {}).errors?.[0].ruleId, 'request');
});

test('Date objects and epoch numbers work as context values in process', () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]}';
  assert.equal(evaluate({ ...getObject, context: { 'aws:CurrentTime': new Date('2029-12-31T23:59:59Z') } }, { identity: [policy] }).decision, 'Allowed');
  assert.equal(evaluate({ ...getObject, context: { 'aws:CurrentTime': new Date('2030-01-01T00:00:00Z') } }, { identity: [policy] }).decision, 'ImplicitlyDenied');
});

test('deriveContext adds the principal keys without overriding given ones', () => {
  const now = new Date('2024-05-06T07:08:09.123Z');
  assert.deepEqual(deriveContext(alice, { 'AWS:USERNAME': 'override' }, now), {
    'AWS:USERNAME': 'override',
    'aws:CurrentTime': '2024-05-06T07:08:09Z',
    'aws:EpochTime': 1714979289,
    'aws:PrincipalAccount': '111122223333',
    'aws:PrincipalArn': alice,
    'aws:PrincipalType': 'User',
    'aws:PrincipalIsAWSService': false,
  });
  assert.equal(deriveContext('arn:aws:sts::111122223333:assumed-role/app/s1', {}, now)['aws:PrincipalArn'], 'arn:aws:iam::111122223333:role/app');
});

test('compiled policies are reused across many requests with different contexts', () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}';
  const compiled = compilePolicies({ identity: [policy] });
  for (const user of ['alice', 'bob', 'carol']) {
    assert.equal(evaluate({ ...getObject, resource: `arn:aws:s3:::home/${user}/x`, context: { 'aws:username': user } }, compiled, { explain: false }).decision, 'Allowed');
    assert.equal(evaluate({ ...getObject, resource: `arn:aws:s3:::home/${user}/x`, context: { 'aws:username': 'mallory' } }, compiled, { explain: false }).decision, 'ImplicitlyDenied');
  }
});
