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

test('condition-tag-unsupported answers per key for lists it has seen, whatever their case, and after an edit', () => {
  const deny = (action: unknown, key: string) => ({ Effect: 'Deny', Action: action, Resource: '*', Condition: { StringEquals: { [key]: 'x' } } });
  // The same list twice (once in other case), asked two keys: the answers kept with the list must be per key.
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [deny(['kms:DescribeKey', 'kms:ListKeys'], 'aws:TagKeys'), deny(['KMS:describekey', 'kms:listkeys'], 'aws:RequestTag/team')],
  });
  assert.deepEqual(
    runCheck(conditionTagUnsupported, text).map((p) => p.message.slice(0, 60)),
    ['kms:DescribeKey and kms:ListKeys do not support "aws:TagKeys', 'kms:DescribeKey and kms:ListKeys do not support "aws:Request'],
  );
  // The list edited to hold an action that supports the key: answered anew.
  assert.deepEqual(runCheck(conditionTagUnsupported, policyWith(deny(['kms:DescribeKey', 'kms:CreateKey'], 'aws:RequestTag/team'))), []);
  assert.equal(runCheck(conditionTagUnsupported, policyWith(deny(['kms:DescribeKey', 'kms:ListKeys'], 'aws:RequestTag/team'))).length, 1);
});
