import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from '../policy/parse-policy';
import { actionsMatching, actionsOfStatementWhere, compressActions, describeLevels, formatCount, listForMessage, strongestFirst, summarizeActions, summaryOfPattern } from './action-expansion';
import { statementActionsOf } from './action-grants';

const catalog = getCatalog();

test('summaryOfPattern counts the actions of a pattern per access level', () => {
  const summary = summaryOfPattern(catalog, 'sqs:Delete*');
  assert.equal(summary.count, 2);
  assert.equal(summary.levels.Write, 2);
  assert.equal(describeLevels(summary), '2 Write');
  assert.equal(describeLevels(summaryOfPattern(catalog, 'dynamodb:*Item')), '3 Read and 4 Write');
});

test('summaryOfPattern summarizes an expansion made before it was asked, and plain names too', () => {
  // The summary is made on first use, after other rules have expanded the pattern.
  const actions = actionsMatching(catalog, 'kms:Re*');
  assert.deepEqual(summaryOfPattern(catalog, 'KMS:re*'), summarizeActions(actions));
  assert.deepEqual(summaryOfPattern(catalog, 'kms:Re*').count, actions.length);
  assert.deepEqual(
    actionsMatching(catalog, 'S3:GetObject').map((a) => a.fullName),
    ['s3:GetObject'],
  );
  assert.equal(summaryOfPattern(catalog, 's3:getobject').levels.Read, 1);
  assert.deepEqual(actionsMatching(catalog, 's3:NoSuchAction'), []);
  assert.equal(summaryOfPattern(catalog, 's3:NoSuchAction').count, 0);
});

test('formatCount writes counts with thousands separators, as en-US does', () => {
  const counts = [0, 7, 999, 1000, 22091, 100000, 1234567, -1234, 2 ** 53 - 1, 2.5, 12345.5];
  assert.deepEqual(counts.map(formatCount), ['0', '7', '999', '1,000', '22,091', '100,000', '1,234,567', '-1,234', '9,007,199,254,740,991', '2.5', '12,345.5']);
  assert.deepEqual(
    counts.map(formatCount),
    counts.map((n) => n.toLocaleString('en-US')),
  );
});

test('compressActions writes whole verbs as wildcards and the rest by name', () => {
  const reads = actionsMatching(catalog, 'sqs:*').filter((a) => a.accessLevel === 'Read' || a.accessLevel === 'List');
  assert.deepEqual(compressActions(catalog, reads), ['sqs:Get*', 'sqs:List*', 'sqs:ReceiveMessage']);
});

test('strongestFirst and listForMessage order and shorten names for messages', () => {
  assert.deepEqual(
    strongestFirst(actionsMatching(catalog, 'sqs:*'), 2).map((a) => a.accessLevel),
    ['Permissions management', 'Permissions management'],
  );
  assert.equal(listForMessage(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
  assert.equal(listForMessage(['a', 'b']), 'a and b');
});

test('actionsOfStatementWhere expands a statement once, and not "*"', () => {
  const isWrite = (a: { accessLevel: string }) => a.accessLevel === 'Write';
  const [some, all] = statementActionsOf(parsePolicy(JSON.stringify({ Statement: [{ Action: ['sqs:Delete*', 'sqs:DeleteQueue', 'sqs:GetQueueUrl'] }, { Action: '*' }] })));
  assert.deepEqual(
    actionsOfStatementWhere(catalog, some, isWrite)?.map((a) => a.fullName),
    ['sqs:DeleteMessage', 'sqs:DeleteQueue'],
  );
  assert.equal(actionsOfStatementWhere(catalog, all, isWrite), undefined);
});

test('actionsOfStatementWhere keeps what the filter keeps, whether it keeps all, some or none of a value', () => {
  const policy = (action: string) => statementActionsOf(parsePolicy(JSON.stringify({ Statement: [{ Action: action }] })))[0];
  const isWrite = (a: { accessLevel: string }) => a.accessLevel === 'Write';
  const any = () => true;
  const none = () => false;
  // A filter that keeps every action of a value answers with the value's expansion as it is.
  assert.deepEqual(actionsOfStatementWhere(catalog, policy('sqs:Delete*'), any), actionsMatching(catalog, 'sqs:Delete*'));
  assert.deepEqual(actionsOfStatementWhere(catalog, policy('sqs:Delete*'), none), []);
  assert.deepEqual(actionsOfStatementWhere(catalog, policy('sqs:*'), isWrite), actionsMatching(catalog, 'sqs:*').filter(isWrite));
  assert.deepEqual(actionsOfStatementWhere(catalog, policy('sqs:GetQueueUrl'), isWrite), []);
  assert.deepEqual(
    actionsOfStatementWhere(catalog, policy('sqs:GetQueueUrl'), any)?.map((a) => a.fullName),
    ['sqs:GetQueueUrl'],
  );
});
