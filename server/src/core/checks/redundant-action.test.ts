import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { redundantAction } from './redundant-action';

test('redundant-action flags duplicates and actions a wildcard of the same list matches', () => {
  const { actual, expected } = spansOf(
    redundantAction,
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*", «"s3:GetObject"», "s3:PutObject", «"S3:putobject"», «"s3:GetObjectAcl"»], "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('redundant-action says what covers the action, and removes it safely', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*"}]}';
  const [problem] = runCheck(redundantAction, text);
  assert.equal(problem.message, '"s3:GetObject" is already matched by "s3:Get*" in the same list. Remove it.');
  assert.equal(applyFix(text, problem, 0), '{"Statement": [{"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}]}');
  assert.equal(problem.fixes![0].isPreferred, true);
});

test('redundant-action offers to sort the list and drop duplicates, keeping its layout', () => {
  const text = [
    '{',
    '  "Statement": [{',
    '    "Effect": "Deny",',
    '    "NotAction": [',
    '      "sts:GetSessionToken",',
    '      "iam:ChangePassword",',
    '      "sts:getsessiontoken"',
    '    ],',
    '    "Resource": "*"',
    '  }]',
    '}',
  ].join('\n');
  const [problem] = runCheck(redundantAction, text);
  assert.equal(problem.message, '"sts:getsessiontoken" is listed twice in "NotAction". Remove it.');
  assert.equal(
    applyFix(text, problem, 1),
    ['{', '  "Statement": [{', '    "Effect": "Deny",', '    "NotAction": [', '      "iam:ChangePassword",', '      "sts:GetSessionToken"', '    ],', '    "Resource": "*"', '  }]', '}'].join('\n'),
  );
  assert.equal(problem.fixes![1].isPreferred, undefined);
});

test('redundant-action keeps the first of two values that cover each other, and accepts distinct actions', () => {
  const [problem] = runCheck(redundantAction, policyWith({ Effect: 'Allow', Action: ['s3:Get*', 'S3:get*'], Resource: '*' }));
  assert.equal(problem.message, '"S3:get*" is listed twice in "Action". Remove it.');
  assert.deepEqual(runCheck(redundantAction, policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:List*', 'ec2:Describe*'], Resource: '*' })), []);
  // A single string cannot hold a second value, and a lone array item has nothing to repeat.
  assert.deepEqual(runCheck(redundantAction, policyWith({ Effect: 'Allow', Action: ['s3:*'], Resource: '*' })), []);
});
