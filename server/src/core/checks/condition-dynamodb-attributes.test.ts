import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionDynamodbAttributes } from './condition-dynamodb-attributes';

test('condition-dynamodb-attributes flags dynamodb:Attributes without dynamodb:Select on reads', () => {
  const { actual, expected } = spansOf(
    conditionDynamodbAttributes,
    '{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:Query", "dynamodb:GetItem"], "Resource": "arn:aws:dynamodb:*:*:table/t", "Condition": {"ForAllValues:StringEquals": {«"dynamodb:Attributes"»: ["id", "name"]}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('condition-dynamodb-attributes adds the dynamodb:Select pairing of the IAM User Guide', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id"]}}}]}';
  const [problem] = runCheck(conditionDynamodbAttributes, text);
  assert.equal(
    problem.message,
    '"dynamodb:Attributes" alone does not stop Query and Scan from returning every attribute: a request with Select ALL_ATTRIBUTES passes it. Add "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}.',
  );
  assert.equal(
    applyFix(text, problem),
    '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id"]}, "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}]}',
  );
});

test('condition-dynamodb-attributes accepts the paired condition, writes only, and Deny', () => {
  const attributes = { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['id'] } };
  assert.deepEqual(
    runCheck(
      conditionDynamodbAttributes,
      policyWith({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*', Condition: { ...attributes, StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } } }),
    ),
    [],
  );
  assert.deepEqual(runCheck(conditionDynamodbAttributes, policyWith({ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*', Condition: attributes })), []);
  assert.deepEqual(runCheck(conditionDynamodbAttributes, policyWith({ Effect: 'Deny', Action: 'dynamodb:Query', Resource: '*', Condition: attributes })), []);
});

test('condition-dynamodb-attributes flags a dynamodb:Select that allows every attribute beside the attribute list', () => {
  // A Terraform module's attribute allow-list beside "dynamodb:Select": "ALL_ATTRIBUTES" (DynamoDB sweep).
  const condition = (select: string) =>
    `{"Statement": [{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:*:*:table/t", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id"]}, ${select}}}]}`;
  const every = spansOf(conditionDynamodbAttributes, condition('"StringEquals": {"dynamodb:Select": "«ALL_ATTRIBUTES»"}'));
  assert.deepEqual(every.actual, every.expected);
  const pattern = spansOf(conditionDynamodbAttributes, condition('"StringLike": {"dynamodb:Select": ["SPECIFIC_ATTRIBUTES", "«ALL_*»"]}'));
  assert.deepEqual(pattern.actual, pattern.expected);
  const [problem] = runCheck(conditionDynamodbAttributes, condition('"StringEquals": {"dynamodb:Select": "ALL_PROJECTED_ATTRIBUTES"}'));
  assert.equal(
    problem.message,
    '"dynamodb:Select" allows ALL_PROJECTED_ATTRIBUTES here, so Query and Scan can return every attribute whatever "dynamodb:Attributes" allows. Allow only "SPECIFIC_ATTRIBUTES".',
  );
  // Keeping them out is what the pairing is for.
  assert.deepEqual(runCheck(conditionDynamodbAttributes, condition('"StringNotEquals": {"dynamodb:Select": "ALL_ATTRIBUTES"}')), []);
  assert.deepEqual(runCheck(conditionDynamodbAttributes, condition('"StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}')), []);
});
