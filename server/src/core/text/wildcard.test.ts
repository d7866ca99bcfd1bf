import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasWildcard, matchesWildcard } from './wildcard';

const cases: Array<[pattern: string, text: string, expected: boolean]> = [
  ['s3:GetObject', 's3:GetObject', true],
  ['s3:GetObject', 's3:GetObjects', false],
  ['s3:GetObject', 's3:GetObjec', false],
  ['*', '', true],
  ['*', 's3:GetObject', true],
  ['', '', true],
  ['', 'a', false],
  ['s3:Get*', 's3:GetObject', true],
  ['s3:Get*', 's3:Get', true],
  ['s3:Get*', 's3:PutObject', false],
  ['*:List*', 'iam:ListRoles', true],
  ['*:List*', 'iam:GetRole', false],
  ['s3:*Object*', 's3:GetObjectAcl', true],
  ['s3:*Object*', 's3:ListBucket', false],
  ['ec2:Describe?ags', 'ec2:DescribeTags', true],
  ['ec2:Describe?ags', 'ec2:DescribeFlags', false],
  ['ec2:Describe?ags', 'ec2:Describeags', false],
  ['a?c', 'abc', true],
  ['???', 'ab', false],
  ['*?', '', false],
  ['*?', 'x', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'aXcYb', false],
  ['a*a', 'a', false],
  ['*a*b', 'aaab', true],
  ['*ab', 'aabab', true],
  ['**x**', 'x', true],
  ['[a]', '[a]', true],
  ['a.c', 'abc', false],
  ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/photos/cat.png', true],
];

test('matchesWildcard follows IAM glob rules', () => {
  for (const [pattern, text, expected] of cases) {
    assert.equal(matchesWildcard(pattern, text, false), expected, `${pattern} vs ${text}`);
  }
});

test('matchesWildcard ignores case only when asked', () => {
  assert.equal(matchesWildcard('S3:get*', 's3:GetObject', true), true);
  assert.equal(matchesWildcard('S3:get*', 's3:GetObject', false), false);
  assert.equal(matchesWildcard('EC2:describe?AGS', 'ec2:DescribeTags', true), true);
  assert.equal(matchesWildcard('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false), false);
  assert.equal(matchesWildcard('ÄRN*', 'ärn:x', true), true);
  assert.equal(matchesWildcard('ÄRN*', 'ärn:x', false), false);
});

test('? matches a character outside the BMP as one character', () => {
  assert.equal(matchesWildcard('a?b', 'a😀b', false), true);
  assert.equal(matchesWildcard('a??b', 'a😀b', false), false);
  assert.equal(matchesWildcard('*???', 'x😀', false), false);
  assert.equal(matchesWildcard('*??', 'x😀', false), true);
});

test('matchesWildcard stays linear on patterns that make naive matchers backtrack', () => {
  const text = 'a'.repeat(100_000);
  const pattern = `${'*a'.repeat(10)}*b`;
  const started = performance.now();
  assert.equal(matchesWildcard(pattern, text, true), false);
  assert.equal(matchesWildcard(pattern, `${text}b`, true), true);
  assert.equal(matchesWildcard(`${'?'.repeat(50)}*${'a?'.repeat(20)}c`, text, false), false);
  const elapsed = performance.now() - started;
  // A backtracking matcher needs far longer than this (it does not finish at all in practice).
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});

test('hasWildcard spots * and ?', () => {
  assert.equal(hasWildcard('s3:Get*'), true);
  assert.equal(hasWildcard('ec2:Describe?ags'), true);
  assert.equal(hasWildcard('s3:GetObject'), false);
});
