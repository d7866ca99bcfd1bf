import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFileNames } from './file-order';

test('files are ordered by name ignoring case, then as written', () => {
  const names = ['b.json', 'A.json', 'a.json', 'B.JSON', 'a-1.json', 'a.tf', 'Z/main.tf', 'ä.json', 'z.json', '10.json', '9.json'];
  assert.deepEqual(names.sort(compareFileNames), ['10.json', '9.json', 'a-1.json', 'A.json', 'a.json', 'a.tf', 'B.JSON', 'b.json', 'z.json', 'Z/main.tf', 'ä.json']);
});

test('the order is total: equal only for the same name', () => {
  assert.equal(compareFileNames('policy.json', 'policy.json'), 0);
  assert.equal(Math.sign(compareFileNames('Policy.json', 'policy.json')), -1);
  assert.equal(Math.sign(compareFileNames('policy.json', 'Policy.json')), 1);
});
