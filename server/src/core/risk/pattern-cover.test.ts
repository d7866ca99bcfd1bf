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
