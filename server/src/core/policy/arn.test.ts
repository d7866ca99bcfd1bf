import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAccountField, isArnPattern, isRegionField, parseArn, splitArn } from './arn';

const texts = (text: string) => splitArn(text).map((field) => field.text);

test('splitArn splits at the first five colons and keeps the rest in the resource', () => {
  assert.deepEqual(texts('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*'), ['arn', 'aws', 'logs', 'us-east-1', '123456789012', 'log-group:/aws/lambda/x:*']);
  assert.deepEqual(texts('arn:aws:s3'), ['arn', 'aws', 's3']);
  assert.deepEqual(texts(''), ['']);
});

test('splitArn gives offsets into the string', () => {
  const text = 'arn:aws:s3:::bucket/key';
  for (const field of splitArn(text)) assert.equal(text.slice(field.start, field.end), field.text);
  assert.deepEqual(splitArn(text)[3], { text: '', start: 11, end: 11 });
});

test('a colon or slash inside a policy variable is no separator', () => {
  assert.deepEqual(texts('arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*'), ['arn', 'aws', 's3', '', '', 'bucket/${aws:PrincipalTag/team}/*']);
  assert.deepEqual(texts('arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}'), ['arn', 'aws', 'iam', '', '${aws:PrincipalAccount}', 'user/${aws:username}']);
  assert.deepEqual(texts("arn:aws:s3:::b/${aws:userid, 'anonymous:x'}"), ['arn', 'aws', 's3', '', '', "b/${aws:userid, 'anonymous:x'}"]);
});

test('an unclosed ${ is plain text', () => {
  assert.deepEqual(texts('arn:aws:s3:::${a:b'), ['arn', 'aws', 's3', '', '', '${a:b']);
  assert.deepEqual(texts('${x:y${'), ['${x', 'y${']);
});

test('parseArn names the fields and splits the resource at its first separator', () => {
  const arn = parseArn('arn:aws:iam::123456789012:role/path/admin')!;
  assert.equal(arn.partition.text, 'aws');
  assert.equal(arn.service.text, 'iam');
  assert.equal(arn.region.text, '');
  assert.equal(arn.account.text, '123456789012');
  assert.equal(arn.resource.text, 'role/path/admin');
  assert.equal(arn.resourceType?.text, 'role');
  assert.equal(arn.resourceId?.text, 'path/admin');
  assert.deepEqual([arn.resourceType!.start, arn.resourceId!.start], [26, 31]);
  const fn = parseArn('arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod')!;
  assert.equal(fn.resourceType?.text, 'function');
  assert.equal(fn.resourceId?.text, 'my-fn:prod');
  const topic = parseArn('arn:aws:sns:us-east-1:123456789012:my-topic')!;
  assert.equal(topic.resourceType, undefined);
  assert.equal(parseArn('arn:aws:s3:::${aws:username}/x')!.resourceType?.text, '${aws:username}');
});

test('parseArn refuses what is no complete ARN', () => {
  assert.equal(parseArn('arn:aws:s3'), undefined);
  assert.equal(parseArn('ARN:aws:s3:::bucket'), undefined);
  assert.equal(parseArn('aws:s3:::bucket:x'), undefined);
  assert.equal(parseArn('*'), undefined);
});

test('isArnPattern tells patterns from plain ARNs', () => {
  assert.equal(isArnPattern('arn:aws:s3:::bucket'), false);
  assert.equal(isArnPattern('arn:aws:s3:::bucket/*'), true);
  assert.equal(isArnPattern('us-east-?'), true);
  assert.equal(isArnPattern('${aws:username}'), true);
  assert.equal(isArnPattern('${*}'), false);
});

test('isRegionField accepts Region codes and patterns that could match one', () => {
  for (const region of [
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-north-1',
    'cn-northwest-1',
    'ap-southeast-5',
    'us-isob-east-1',
    'eusc-de-east-1',
    'il-central-1',
    '*',
    'us-*',
    'eu-west-?',
    '${aws:RequestedRegion}',
  ]) {
    assert.equal(isRegionField(region), true, region);
  }
  for (const region of ['us-east', 'US-EAST-1', 'us-east-1a', 'useast1', 'global', 'us_east_1', 'US-*']) assert.equal(isRegionField(region), false, region);
});

test('isAccountField accepts 12 digits, aws, partner and patterns that could match one', () => {
  for (const account of ['123456789012', 'aws', 'partner', '*', '1234*', '12345678901?', '${aws:PrincipalAccount}', 'a*']) assert.equal(isAccountField(account), true, account);
  for (const account of ['12345678901', '1234567890123', '1234-5678-9012', 'my-account', '1234567890123*', '12345678901??']) {
    assert.equal(isAccountField(account), false, account);
  }
});
