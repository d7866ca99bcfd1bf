import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternSet, patternCovers } from './pattern-cover';

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

test('PatternSet finds a covering value among those that share the head', () => {
  const set = new PatternSet((value) => value.split(':')[0], true);
  ['s3:Get*', 'ec2:Describe*', '*:List*'].forEach((value, i) => set.add(value, i));
  assert.equal(set.coveringIndex('s3:GetObject', 5), 0);
  assert.equal(set.coveringIndex('iam:ListRoles', 5), 2);
  assert.equal(set.coveringIndex('s3:PutObject', 5), undefined);
  assert.equal(set.coveringIndex('s3:Get*', 0), undefined, 'a value does not cover itself');
});
