import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { arnRegion } from './arn-region';

test('arn-region flags values that are no Region code', () => {
  const { actual, expected } = spansOf(
    arnRegion,
    '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ["arn:aws:dynamodb:«us-east»:123456789012:table/t", "arn:aws:dynamodb:«US-EAST-1»:123456789012:table/t", "arn:aws:dynamodb:«us-east-1a»:123456789012:table/t"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-region fixes an Availability Zone or upper case', () => {
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ["arn:aws:dynamodb:us-east-1a:123456789012:table/t", "arn:aws:dynamodb:EU-WEST-1:123456789012:table/t"]}]}';
  const [zone, upper] = runCheck(arnRegion, text);
  assert.equal(zone.message, '"us-east-1a" is not a Region code. Did you mean "us-east-1"?');
  assert.equal(applyFix(text, zone), text.replace('us-east-1a', 'us-east-1'));
  assert.equal(applyFix(text, upper), text.replace('EU-WEST-1', 'eu-west-1'));
});

test('arn-region flags a Region in the ARN of a global resource and removes it', () => {
  const { actual, expected } = spansOf(
    arnRegion,
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "iam:GetRole"], "Resource": ["arn:aws:s3:«us-east-1»::my-bucket", "arn:aws:iam:«eu-west-1»:123456789012:role/admin"]}]}',
  );
  assert.deepEqual(actual, expected);
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:us-east-1::my-bucket"}]}';
  const [problem] = runCheck(arnRegion, text);
  assert.equal(problem.message, 'The ARN format of s3 bucket (arn:${Partition}:s3:::${BucketName}) has no Region, so this ARN never matches. Remove "us-east-1".');
  assert.equal(problem.severity, 'error');
  assert.equal(applyFix(text, problem), text.replace('us-east-1', ''));
});

test('arn-region warns about a missing Region where the format has one', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb::123456789012:table/t"}]}';
  const { actual, expected } = spansOf(arnRegion, '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:«:»123456789012:table/t"}]}');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(arnRegion, text);
  assert.equal(problem.severity, 'warning');
  assert.equal(applyFix(text, problem), text.replace('dynamodb::', 'dynamodb:*:'));
});

test('arn-region checks ARN-typed condition values', () => {
  const { actual, expected } = spansOf(
    arnRegion,
    '{"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:«us-west-2»::my-bucket"}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-region accepts Regions where formats take them, wildcards, variables and Regionless formats', () => {
  const resources = [
    'arn:aws:dynamodb:us-east-1:123456789012:table/t',
    'arn:aws:dynamodb:*:123456789012:table/t',
    'arn:aws:dynamodb:${aws:RequestedRegion}:123456789012:table/t',
    'arn:aws:s3:::my-bucket',
    'arn:aws:s3:*::my-bucket',
    'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
    'arn:aws:s3::123456789012:accesspoint/mrap.mrap',
    'arn:aws:iam::123456789012:role/admin',
    'arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/*',
    'arn:aws:ec2:ap-southeast-5:123456789012:instance/*',
    'arn:aws:braket:::device/qpu/ionq/*',
    'arn:aws:unknownservice::123456789012:thing',
  ];
  assert.deepEqual(runCheck(arnRegion, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: resources }] })), []);
});

test('arn-region judges each parse by its own texts, though it remembers the ARNs it found fine', () => {
  const policy = (resource: string) => `{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "${resource}"}]}`;
  assert.deepEqual(runCheck(arnRegion, policy('arn:aws:s3:::my-bucket')), []);
  assert.equal(runCheck(arnRegion, policy('arn:aws:s3:us-east-1::my-bucket')).length, 1);
  assert.equal(runCheck(arnRegion, policy('arn:aws:s3:us-east-1::my-bucket')).length, 1, 'reported again');
  assert.deepEqual(runCheck(arnRegion, policy('arn:aws:s3:::my-bucket')), []);
});

test('arn-region names a placeholder left in as one', () => {
  const [problem] = runCheck(arnRegion, '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:<region>:111122223333:q"}]}');
  assert.equal(problem.message, '"<region>" is a placeholder left in, not a Region code. Replace it with a code such as "us-east-1", or "*" for any Region.');
});
