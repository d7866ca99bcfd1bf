import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countPolicyCharacters, measurePolicySize, minifyPolicyText, policySizeQuota } from './size';

test('countPolicyCharacters leaves out white space outside strings when IAM would', () => {
  const text = '{\n  "Sid": "a b",\t"Action" : [ "s3:*" ]\r\n}';
  assert.equal(countPolicyCharacters(text, { countWhitespace: false }), '{"Sid":"a b","Action":["s3:*"]}'.length);
  assert.equal(countPolicyCharacters(text, { countWhitespace: true }), text.length);
});

test('countPolicyCharacters keeps escaped quotes and backslashes inside the string', () => {
  const text = '{"Sid": "say \\"hi\\" \\\\ ok"}';
  assert.equal(countPolicyCharacters(text, { countWhitespace: false }), text.length - 1);
});

test('countPolicyCharacters counts a character outside the BMP once', () => {
  assert.equal(countPolicyCharacters('"😀"', { countWhitespace: true }), 3);
});

test('countPolicyCharacters counts each surrogate pair once, in strings and out, and a lone surrogate once', () => {
  const text = '"a\uD83D\uDE00 b" \uD83D\uDE00 \uD83D \uDE00\uDE00 \uDBFF\uD83D\uDE00';
  // Characters: the string (6: quotes, a, the pair, space, b), then space, pair, space, high, space, low, low, space, high, pair.
  assert.equal(countPolicyCharacters(text, { countWhitespace: true }), 16);
  assert.equal(countPolicyCharacters(text, { countWhitespace: false }), 12);
});

test('countPolicyCharacters: an unclosed string runs to the end, a backslash at the end included', () => {
  // Only the space after "{" is outside a string.
  assert.equal(countPolicyCharacters('{ "a b \\', { countWhitespace: false }), 7);
  // The escaped quote does not close the string, so the spaces after it are inside.
  assert.equal(countPolicyCharacters('{ "a\\" : 1 ', { countWhitespace: false }), 10);
});

test('countPolicyCharacters agrees with JSON.stringify on a parsed policy', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe*'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a b c' } } }] };
  assert.equal(countPolicyCharacters(JSON.stringify(policy, null, 4), { countWhitespace: false }), JSON.stringify(policy).length);
});

test('minifyPolicyText removes white space outside strings only', () => {
  assert.equal(minifyPolicyText('{ "a" : "x y",\n  "b\\" c" : [ 1, 2 ] }'), '{"a":"x y","b\\" c":[1,2]}');
});

test('policySizeQuota follows the AWS quotas per type', () => {
  assert.deepEqual(
    (['identity', 'boundary', 'trust', 'session', 'scp', 'rcp', 'resource'] as const).map((type) => {
      const quota = policySizeQuota(type);
      return [type, quota.limit, quota.countsWhitespace, quota.raisableTo];
    }),
    [
      ['identity', 6144, false, undefined],
      ['boundary', 6144, false, undefined],
      ['trust', 2048, false, 8192],
      ['session', 2048, true, undefined],
      ['scp', 5120, true, undefined],
      ['rcp', 5120, true, undefined],
      ['resource', 20480, true, undefined],
    ],
  );
});

test('measurePolicySize counts as the type counts', () => {
  const text = '{ "Statement": [] }';
  assert.equal(measurePolicySize(text, 'scp').size, text.length);
  assert.equal(measurePolicySize(text, 'identity').size, '{"Statement":[]}'.length);
});
