import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternSet } from './pattern-cover';

test('PatternSet finds a covering value among those that share the head', () => {
  const set = new PatternSet((value) => value.split(':')[0], true);
  ['s3:Get*', 'ec2:Describe*', '*:List*'].forEach((value, i) => set.add(value, i));
  assert.equal(set.coveringIndex('s3:GetObject', 5), 0);
  assert.equal(set.coveringIndex('iam:ListRoles', 5), 2);
  assert.equal(set.coveringIndex('s3:PutObject', 5), undefined);
  assert.equal(set.coveringIndex('s3:Get*', 0), undefined, 'a value does not cover itself');
});

const arnHead = (value: string) => value.split(':').slice(0, 3).join(':');

test('PatternSet answers the earliest covering value, whatever the length of its literal head', () => {
  const deeperFirst = new PatternSet(arnHead, false);
  ['arn:aws:s3:::b/x/*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::*'].forEach((value, i) => deeperFirst.add(value, i));
  assert.equal(deeperFirst.coveringIndex('arn:aws:s3:::b/x/y', 9), 0);
  assert.equal(deeperFirst.coveringIndex('arn:aws:s3:::b/y', 9), 1);
  assert.equal(deeperFirst.coveringIndex('arn:aws:s3:::c', 9), 2);
  const shallowFirst = new PatternSet(arnHead, false);
  ['arn:aws:s3:::*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/*'].forEach((value, i) => shallowFirst.add(value, i));
  assert.equal(shallowFirst.coveringIndex('arn:aws:s3:::b/x/y', 9), 0);
  assert.equal(shallowFirst.coveringIndex('arn:aws:s3:::b/x/*', 2), 0, 'a pattern covered by an earlier one');
  assert.equal(shallowFirst.coveringIndex('arn:aws:s3:::*', 0), undefined, 'covered only by later values it covers too');
});

test('PatternSet holds a value against the text after the last wildcard of each pattern', () => {
  const set = new PatternSet(arnHead, false);
  ['arn:aws:s3:::b/*.json', 'arn:aws:s3:::b/*/raw', 'arn:aws:s3:::b/?', 'arn:aws:s3:::c/*/logs/*.gz'].forEach((value, i) => set.add(value, i));
  assert.equal(set.coveringIndex('arn:aws:s3:::b/a.json', 9), 0);
  assert.equal(set.coveringIndex('arn:aws:s3:::b/2026/*.json', 9), 0, 'a pattern the glob covers');
  assert.equal(set.coveringIndex('arn:aws:s3:::b/a.csv', 9), undefined);
  assert.equal(set.coveringIndex('arn:aws:s3:::b/*', 9), undefined, 'a wider pattern is not covered');
  assert.equal(set.coveringIndex('arn:aws:s3:::b/x/raw', 9), 1);
  assert.equal(set.coveringIndex('arn:aws:s3:::b/x/raw2', 9), undefined);
  assert.equal(set.coveringIndex('arn:aws:s3:::b/k', 9), 2);
  assert.equal(set.coveringIndex('arn:aws:s3:::b/kk', 9), undefined);
  assert.equal(set.coveringIndex('arn:aws:s3:::c/app/logs/day1.gz', 9), 3, 'the text after the last wildcard, not the first');
  assert.equal(set.coveringIndex('arn:aws:s3:::c/app/logs/day1.zip', 9), undefined);
});

test('PatternSet lets the earlier of two patterns that cover each other cover the later', () => {
  const set = new PatternSet(() => undefined, false);
  ['team-*', 'team-**', 'team-a*'].forEach((value, i) => set.add(value, i));
  assert.equal(set.coveringIndex('team-**', 1, true), 0);
  assert.equal(set.coveringIndex('team-*', 0, true), undefined);
  assert.equal(set.coveringIndex('team-*', 0, false), 1, 'without earlierWins, the later one covers too');
  assert.equal(set.coveringIndex('team-a*', 2, true), 0);
});
