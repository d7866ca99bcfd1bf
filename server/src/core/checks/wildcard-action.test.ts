import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { wildcardAction } from './wildcard-action';

test('wildcard-action flags "*", a whole service and wildcards that reach Write actions in Allow statements', () => {
  const { actual, expected } = spansOf(
    wildcardAction,
    '{"Statement": [{"Effect": "Allow", "Action": [«"*"», «"sqs:*"», «"dynamodb:*Item"», "s3:GetObject", "s3:Get*"], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('wildcard-action says how many actions a wildcard allows and at which access levels', () => {
  const [service] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }));
  assert.match(service.message, /^"sqs:\*" allows all \d+ actions of Amazon SQS \(\d+ Read, \d+ Tagging, \d+ Write and \d+ Permissions management\), and those AWS adds later\. Allow only the actions this policy needs\.$/);
  assert.equal(service.severity, 'warning');
  const [all] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' }));
  assert.match(all.message, /^"\*" allows every action of every service: [\d,]+ actions today \(.*\), and every action AWS adds later\./);
  const [one] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'iam:PassRol*', Resource: '*' }));
  assert.equal(one.message, '"iam:PassRol*" allows 1 action, iam:PassRole (Write). Write the action\'s full name, so that actions AWS adds later are not allowed too.');
  assert.equal(one.severity, 'information');
});

test('wildcard-action names the few Write actions a read-style wildcard sweeps in, as information', () => {
  const [problem] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'cognito-idp:Get*', Resource: '*' }));
  assert.equal(problem.severity, 'information');
  assert.match(problem.message, /among them cognito-idp:GetTokensFromRefreshToken \(Write\)\./);
});

test('wildcard-action replaces a wildcard with the actions it matches, or with its Read and List actions', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:*Item", "Resource": "*"}]}';
  const [problem] = runCheck(wildcardAction, text);
  assert.equal(
    applyFix(text, problem, 0),
    '{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], "Resource": "*"}]}',
  );
  assert.equal(
    applyFix(text, problem, 1),
    '{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem"], "Resource": "*"}]}',
  );
  assert.ok(problem.fixes!.every((fix) => !fix.isPreferred), 'narrowing changes what the policy allows');
});

test('wildcard-action keeps one value per line and shortens whole verbs to a wildcard', () => {
  const text = ['{', '    "Statement": [{', '        "Effect": "Allow",', '        "Action": [', '            "sqs:*",', '            "s3:GetObject"', '        ],', '        "Resource": "*"', '    }]', '}'].join('\n');
  const problem = runCheck(wildcardAction, text).find((p) => p.fixes?.length);
  assert.ok(problem);
  const readOnly = problem.fixes!.findIndex((fix) => fix.title.includes('Read and List'));
  assert.equal(
    applyFix(text, problem, readOnly),
    ['{', '    "Statement": [{', '        "Effect": "Allow",', '        "Action": [', '            "sqs:Get*",', '            "sqs:List*",', '            "sqs:ReceiveMessage",', '            "s3:GetObject"', '        ],', '        "Resource": "*"', '    }]', '}'].join('\n'),
  );
});

test('wildcard-action accepts Deny, exact names, read-only wildcards and policies that grant nothing', () => {
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Deny', Action: '*', Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })), []);
  for (const type of ['scp', 'rcp', 'boundary'] as const) assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' }), type), []);
});
