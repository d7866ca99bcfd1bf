import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { arnPartition } from './arn-partition';

test('arn-partition flags unknown and empty partitions', () => {
  const { actual, expected } = spansOf(
    arnPartition,
    '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:«awz»:s3:::b/*", "arn:«AWS»:s3:::b/*", "arn:«:»s3:::b/*", "arn:«aws-china»:s3:::b/*"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-partition suggests the closest partition and fixes it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:awz:s3:::b/*"}]}';
  const [problem] = runCheck(arnPartition, text);
  assert.equal(problem.message, '"awz" is not an AWS partition. Did you mean "aws"?');
  assert.equal(applyFix(text, problem), text.replace('awz', 'aws'));
});

test('arn-partition offers "aws" for an empty partition', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn::s3:::b/*"}]}';
  const [problem] = runCheck(arnPartition, text);
  assert.equal(problem.message, 'ARN "arn::s3:::b/*" has no partition. Use "aws" for AWS Regions, "aws-cn" for China or "aws-us-gov" for AWS GovCloud (US).');
  assert.equal(applyFix(text, problem), text.replace('arn::s3', 'arn:aws:s3'));
});

test('arn-partition checks principal ARNs and ARN-typed condition values', () => {
  const { actual, expected } = spansOf(
    arnPartition,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:«aws-gov»:iam::123456789012:root"}, "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:«amazon»:sns:us-east-1:123456789012:t"}}}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('arn-partition accepts every AWS partition, wildcards and variables', () => {
  const resources = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*', 'aws*', '${aws:partition}'].map((p) => `arn:${p}:s3:::b/*`);
  assert.deepEqual(runCheck(arnPartition, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] })), []);
});
