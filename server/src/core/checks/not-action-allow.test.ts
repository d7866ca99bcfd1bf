import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { notActionAllow } from './not-action-allow';

test('not-action-allow flags NotAction in an Allow statement', () => {
  const { actual, expected } = spansOf(notActionAllow, '{"Statement": [{"Effect": "Allow", «"NotAction"»: ["iam:*", "organizations:*"], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('not-action-allow says how many actions the statement grants', () => {
  const [problem] = runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
  assert.match(
    problem.message,
    /^"NotAction" with "Allow" grants [\d,]+ of the [\d,]+ actions AWS defines today \(all but the \d+ it matches\) on every resource, and every action AWS adds later\. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny"\.$/,
  );
});

test('not-action-allow accepts NotAction with Deny, Action with Allow, and policies that grant nothing', () => {
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' })), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'boundary'), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'scp'), []);
});
