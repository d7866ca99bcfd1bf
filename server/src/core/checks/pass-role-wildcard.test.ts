import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { passRoleWildcard } from './pass-role-wildcard';
import { checkPolicy } from '../lint';
import { terraformReader } from '../hosts/terraform/index';

// NotAction leaves both iam:PassRole and iam:CreateServiceLinkedRole allowed, hence two findings on its key.
test('pass-role-wildcard flags iam:PassRole on every role, however the statement reaches it', () => {
  const { actual, expected } = spansOf(
    passRoleWildcard,
    `{"Statement": [
      {"Effect": "Allow", "Action": [«"iam:PassRole"»], "Resource": "*"},
      {"Effect": "Allow", "Action": [«"iam:*"»], "Resource": "arn:aws:iam::111122223333:role/*"},
      {"Effect": "Allow", ««"NotAction"»»: "s3:*", "Resource": "*"},
      {"Effect": "Allow", "Action": «"iam:PassRole"», "NotResource": "arn:aws:iam::111122223333:role/admin"}
    ]}`,
  );
  assert.deepEqual(actual, expected);
});

test('pass-role-wildcard flags iam:CreateServiceLinkedRole for every service', () => {
  const text = policyWith({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' });
  const [problem] = runCheck(passRoleWildcard, text);
  assert.equal(
    problem.message,
    '"iam:CreateServiceLinkedRole" is allowed for every service ("*"): whoever holds this policy can create the service-linked role of any AWS service, which then acts in the account with that service\'s permissions. Limit it to the services this policy is for with an "iam:AWSServiceName" condition.',
  );
});

test('pass-role-wildcard says what passing any role allows and what to add', () => {
  const [problem] = runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }));
  assert.equal(
    problem.message,
    '"iam:*" allows iam:PassRole on every role ("*"): whoever holds this policy can hand any role, however privileged, to an AWS service (an EC2 instance, a Lambda function) and act with its permissions. Name the roles to pass in "Resource" and the services they go to with an "iam:PassedToService" condition.',
  );
});

test('pass-role-wildcard adds an iam:PassedToService condition to a statement that only passes roles', () => {
  const text = ['{', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Action": "iam:PassRole",', '      "Resource": "*"', '    }', '  ]', '}'].join('\n');
  const [problem] = runCheck(passRoleWildcard, text);
  assert.equal(
    applyFix(text, problem),
    [
      '{',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Action": "iam:PassRole",',
      '      "Resource": "*",',
      '      "Condition": {',
      '        "StringEquals": {',
      '          "iam:PassedToService": "${ServicePrincipal}"',
      '        }',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n'),
  );
});

test('pass-role-wildcard adds the key to an existing StringEquals block, and offers nothing where it would narrow other actions', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333"}}}]}';
  const [problem] = runCheck(passRoleWildcard, text);
  assert.equal(
    applyFix(text, problem),
    '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333", "iam:PassedToService": "${ServicePrincipal}"}}}]}',
  );
  const [mixed] = runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }));
  assert.equal(mixed.fixes, undefined);
});

test('pass-role-wildcard accepts named roles, iam:PassedToService, Deny and policies that grant nothing', () => {
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' })), []);
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })), []);
  assert.deepEqual(
    runCheck(
      passRoleWildcard,
      policyWith({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringLike: { 'iam:AWSServiceName': 'elasticbeanstalk.amazonaws.com' } } }),
    ),
    [],
  );
  // A service-linked role's ARN is fixed by its service, so a pattern of them is a real limit.
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/*' })), []);
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' })), []);
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })), []);
  assert.deepEqual(runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }), 'boundary'), []);
});

test('pass-role-wildcard is quiet when the policy denies iam:PassRole unconditionally wherever it allows it', () => {
  assert.deepEqual(runCheck(passRoleWildcard, '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:Pass*", "Resource": "*"}]}'), []);
  const { actual, expected } = spansOf(
    passRoleWildcard,
    `{"Statement": [
      {"Effect": "Allow", "Action": «"iam:PassRole"», "Resource": "*"},
      {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/admin-*"},
      {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}`,
  );
  assert.deepEqual(actual, expected);
});

// Automated Security Response's remediation boundary: Allow "*", Deny iam:* unless iam:PassedToService is SSM's. A
// CreateServiceLinkedRole request carries no iam:PassedToService, so the Deny always takes it; PassRole's may pass it.
test('pass-role-wildcard is quiet on an action a Deny of the policy takes whenever its tested key is missing, as it always is for that action', () => {
  const { actual, expected } = spansOf(
    passRoleWildcard,
    `{"Statement": [
      {"Effect": "Allow", "Action": «"*"», "Resource": "*"},
      {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"iam:PassedToService": "ssm.amazonaws.com"}}}]}`,
  );
  assert.deepEqual(actual, expected);
  const [passRole] = runCheck(
    passRoleWildcard,
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"iam:PassedToService": "ssm.amazonaws.com"}}}]}',
  );
  assert.match(passRole!.message, /iam:PassRole/);
  // A key the action's requests carry (iam:AWSServiceName for CreateServiceLinkedRole, not PassRole), or a global one,
  // may match: the finding stays.
  const found = (key: string) =>
    runCheck(
      passRoleWildcard,
      `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"StringNotEquals": {"${key}": "x"}}}]}`,
    ).map((problem) => /iam:PassRole/.test(problem.message));
  assert.deepEqual(found('iam:AWSServiceName'), [false]);
  assert.deepEqual(found('aws:PrincipalTag/team'), [true, false]);
});

// A policy in a .tf.json string escapes its quotes: the message said `\"iam:Pass*\" allows iam:PassRole`.
test('pass-role-wildcard quotes the action as it is, not as a .tf.json string escapes it', async () => {
  await terraformReader.prepare!();
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }] });
  const text = JSON.stringify({ resource: { aws_iam_policy: { deployer: { policy } } } });
  const [embedded] = terraformReader.read({ text, uri: 'file:///w/main.tf.json' })!.policies;
  const [problem] = checkPolicy(embedded.policy, { policyType: 'identity' }, [passRoleWildcard]);
  assert.match(problem.message, /^"iam:Pass\*" allows iam:PassRole on every role/);
});

test('pass-role-wildcard leaves alone a statement whose condition narrows the roles, as privilege-escalation does', () => {
  // An ABAC policy (ABAC sweep): everything, on resources tagged with the product; the caller's own tags narrow nothing.
  const byTag = policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:ResourceTag/product': 'testproduct' } } });
  assert.deepEqual(runCheck(passRoleWildcard, byTag), []);
  const byCaller = policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' } } });
  assert.equal(runCheck(passRoleWildcard, byCaller).length, 1);
  // A request's tags are never in iam:PassRole's request: ForAllValues over none holds (EC2 sweep: a GitLab runner's
  // manager role), as does a negated or IfExists test; a plain test of them never does, so that statement passes nothing.
  const byRequestTags = (condition: Record<string, unknown>) => runCheck(passRoleWildcard, policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: condition })).length;
  assert.equal(byRequestTags({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['InstanceProfile'] } }), 1);
  assert.equal(byRequestTags({ StringNotEquals: { 'aws:RequestTag/team': 'web' } }), 1);
  assert.equal(byRequestTags({ StringEquals: { 'aws:RequestTag/team': 'web' } }), 0);
});

test('pass-role-wildcard still reports any role passed through CloudFormation or the MCP Server', () => {
  // AdministratorAccess-Amplify and AWSMcpServiceActionsFullAccess: how the request comes limits no role.
  const viaStacks = policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com'] } } });
  assert.equal(runCheck(passRoleWildcard, viaStacks).length, 1);
  const viaMcp = policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:IsMcpServiceAction': 'true' } } });
  assert.equal(runCheck(passRoleWildcard, viaMcp).length, 2);
});
