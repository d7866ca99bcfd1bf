import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, hasWildcard, matchesWildcard, matchGlob, matchTokens, patternCovers, patternTokens } from './wildcard';

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

// No wall-clock assertion (load on a shared machine would flake it): the input is sized so that a backtracking or
// quadratic implementation runs for minutes, a linear one for milliseconds, and the test's timeout fails the former.
test('matchesWildcard stays linear on patterns that make naive matchers backtrack', { timeout: 20_000 }, () => {
  const text = 'a'.repeat(1_000_000);
  const pattern = `${'*a'.repeat(10)}*b`;
  assert.equal(matchesWildcard(pattern, text, true), false);
  assert.equal(matchesWildcard(pattern, `${text}b`, true), true);
  assert.equal(matchesWildcard(`${'?'.repeat(50)}*${'a?'.repeat(20)}c`, text, false), false);
});

test('hasWildcard spots * and ?', () => {
  assert.equal(hasWildcard('s3:Get*'), true);
  assert.equal(hasWildcard('ec2:Describe?ags'), true);
  assert.equal(hasWildcard('s3:GetObject'), false);
});

test('patternCovers says a glob covers the strings and globs inside it', () => {
  const covered: [string, string][] = [
    ['*', 'anything'],
    ['*', 's3:Get*'],
    ['s3:Get*', 's3:GetObject'],
    ['s3:Get*', 's3:GetObject*'],
    ['s3:*Object', 's3:Get?Object'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/reports/*'],
    ['arn:aws:s3:::b*', 'arn:aws:s3:::b/x'],
    ['a?c', 'abc'],
    ['a?c', 'a?c'],
  ];
  for (const [outer, inner] of covered) assert.ok(patternCovers(outer, inner, false), `${outer} covers ${inner}`);
});

test('patternCovers never claims a cover that does not hold', () => {
  const open: [string, string][] = [
    ['s3:Get*', 's3:Put*'],
    ['s3:GetObject', 's3:Get*'],
    ['a?c', 'a*c'],
    ['s3:Get?', 's3:Get*'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
    ['S3:Get*', 's3:GetObject'],
  ];
  for (const [outer, inner] of open) assert.ok(!patternCovers(outer, inner, false), `${outer} does not cover ${inner}`);
  assert.ok(patternCovers('S3:Get*', 's3:GetObject', true), 'ignoring case');
});

test('every entry point of the one matcher gives the same answer on literal text', () => {
  // A reference matcher for short strings: tries every split, exponential but obviously right.
  const naive = (pattern: string, text: string): boolean => {
    if (pattern === '') return text === '';
    if (pattern[0] === '*') return [...Array(text.length + 1).keys()].some((i) => naive(pattern.slice(1), text.slice(i)));
    return text !== '' && (pattern[0] === '?' || pattern[0] === text[0]) && naive(pattern.slice(1), text.slice(1));
  };
  let seed = 11;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let round = 0; round < 2000; round++) {
    const pattern = Array.from({ length: random(7) }, () => 'ab*?'[random(4)]).join('');
    const text = Array.from({ length: random(7) }, () => 'ab'[random(2)]).join('');
    const expected = naive(pattern, text);
    const tokens: number[] = [];
    patternTokens(pattern, tokens);
    assert.equal(matchesWildcard(pattern, text, false), expected, `matchesWildcard ${pattern} ~ ${text}`);
    assert.equal(matchGlob(compileGlob(pattern), text), expected, `matchGlob ${pattern} ~ ${text}`);
    assert.equal(matchTokens(Int32Array.from(tokens), text), expected, `matchTokens ${pattern} ~ ${text}`);
    assert.equal(patternCovers(pattern, text, false), expected, `patternCovers ${pattern} ~ ${text}`);
  }
});
