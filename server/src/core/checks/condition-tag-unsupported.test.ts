import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionTagUnsupported } from './condition-tag-unsupported';

test("condition-tag-unsupported flags tag keys that none of the statement's actions support", () => {
  const { actual, expected } = spansOf(
    conditionTagUnsupported,
    '{"Statement": [{"Effect": "Deny", "Action": "kms:DescribeKey", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {«"aws:TagKeys"»: ["team"]}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('condition-tag-unsupported says a Deny that relies on the key fails open', () => {
  const [problem] = runCheck(conditionTagUnsupported, policyWith({ Effect: 'Deny', Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'red' } } }));
  assert.equal(
    problem.message,
    'kms:DescribeKey does not support "aws:RequestTag/team": the key is never in its requests, so this Deny never applies: it fails open. Use a condition key the actions support, or give the actions that support tags a statement of their own.',
  );
  const [negated] = runCheck(conditionTagUnsupported, policyWith({ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestTag/team': 'red' } } }));
  assert.match(negated.message, /so the condition limits nothing\./);
});

test('condition-tag-unsupported accepts supported keys, mixed statements, "*" and NotAction', () => {
  const cases = [
    { Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    // One action that supports the key is enough: the condition works for it.
    { Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'web' } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    { Effect: 'Deny', NotAction: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    { Effect: 'Deny', Action: 'kms:DescribeKey', Resource: '*', Condition: { Null: { 'aws:RequestTag/team': 'true' } } },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(conditionTagUnsupported, policyWith(statement)), [], JSON.stringify(statement));
});
