import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { privilegeEscalation } from './privilege-escalation';

test('privilege-escalation flags single-action methods at the action', () => {
  const { actual, expected } = spansOf(
    privilegeEscalation,
    '{"Statement": [{"Effect": "Allow", "Action": [«"iam:AttachUserPolicy"», "iam:ListUsers", «"iam:CreatePolicyVersion"»], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('privilege-escalation combines actions across statements and names the method', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' },
    ],
  });
  const problems = runCheck(privilegeEscalation, text);
  assert.equal(problems.length, 1);
  assert.equal(text.slice(problems[0].span.start, problems[0].span.end), '"ec2:RunInstances"');
  assert.equal(
    problems[0].message,
    '"ec2:RunInstances" allows privilege escalation: the holder can launch an EC2 instance with a more privileged role and use its credentials from the instance (ec2:RunInstances + iam:PassRole). Limit these actions to the resources they need, add conditions, or make sure only principals who may hold these permissions get this policy.',
  );
});

test('privilege-escalation groups the methods one wildcard opens', () => {
  const [problem] = runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }));
  assert.match(problem.message, /^"iam:\*" allows \d+ known ways of privilege escalation: the holder can write a new default version of a customer managed policy/);
});

test('privilege-escalation counts a pass of the role only to the service the method uses', () => {
  const passTo = (service: string) =>
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': service } } },
      ],
    });
  assert.equal(runCheck(privilegeEscalation, passTo('lambda.amazonaws.com')).length, 1);
  assert.deepEqual(runCheck(privilegeEscalation, passTo('ec2.amazonaws.com')), []);
});

test('privilege-escalation accepts self-service, named roles, narrowing conditions and Deny', () => {
  const cases = [
    // Managing one's own access keys and password, as the IAM User Guide's self-service example does.
    { Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    // Passing roles picked by name is delegation the author chose.
    [
      { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/web-server' },
    ],
    // Roles under a path made for a service.
    { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::*:role/service-role/*' },
    { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } },
    { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    [
      { Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:Put*', Resource: '*' },
    ],
    // Allowing everything leaves nothing to escalate to; wildcard-action reports it.
    { Effect: 'Allow', Action: '*', Resource: '*' },
  ];
  for (const statements of cases) assert.deepEqual(runCheck(privilegeEscalation, JSON.stringify({ Statement: statements })), [], JSON.stringify(statements));
  assert.deepEqual(runCheck(privilegeEscalation, policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), 'boundary'), []);
});
