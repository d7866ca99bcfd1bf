import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { statementActionsOf } from './action-grants';
import { redundantActionsOf, redundantResourcesOf, redundantValues, resourceHead } from './redundant-values';

test('redundantActionsOf finds repeats and covered actions, keeping the first of two equals', () => {
  const [grants] = statementActionsOf(parsePolicy(JSON.stringify({ Statement: [{ Action: ['s3:GetObject', 's3:Get*', 'S3:GETOBJECT', 's3:get*', 'ec2:DescribeImages', '*:Describe*'] }] })));
  assert.deepEqual(
    redundantActionsOf(grants).map((r) => [r.value.value, r.by.value, r.duplicate]),
    [
      ['s3:GetObject', 's3:Get*', false],
      ['S3:GETOBJECT', 's3:GetObject', true],
      ['s3:get*', 's3:Get*', true],
      ['ec2:DescribeImages', '*:Describe*', false],
    ],
  );
});

test('redundantValues compares resources case-sensitively and skips policy variables', () => {
  const [statement] = parsePolicy(JSON.stringify({ Statement: [{ Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::a/x', 'arn:aws:s3:::A/x', 'arn:aws:s3:::a/${aws:username}'] }] })).statements;
  assert.deepEqual(
    redundantValues(statement.resource!, resourceHead, false).map((r) => r.value.value),
    ['arn:aws:s3:::a/x'],
  );
});

test('redundantResourcesOf keeps its answer for a list, with the spans of each parse, and answers an edited list anew', () => {
  const resourcesOf = (text: string) => parsePolicy(text).statements[0].resource!;
  const found = (text: string) => redundantResourcesOf(resourcesOf(text)).map((r) => [text.slice(r.value.span.start, r.value.span.end), r.by.value, r.duplicate]);
  const text = JSON.stringify({ Statement: [{ Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::a/x', 'arn:aws:s3:::a/x'] }] });
  assert.deepEqual(found(text), [
    ['"arn:aws:s3:::a/x"', 'arn:aws:s3:::a/*', false],
    ['"arn:aws:s3:::a/x"', 'arn:aws:s3:::a/x', true],
  ]);
  const moved = found(`  ${text}`);
  assert.deepEqual(moved, found(text), 'the same answer, read at the new spans');
  assert.deepEqual(found(text.replace('a/*', 'b/*')), [['"arn:aws:s3:::a/x"', 'arn:aws:s3:::a/x', true]]);
  assert.deepEqual(found(text.replace('a/*', 'A/*')), [['"arn:aws:s3:::a/x"', 'arn:aws:s3:::a/x', true]], 'ARNs differ in case');
});
