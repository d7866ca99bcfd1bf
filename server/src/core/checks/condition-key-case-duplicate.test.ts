import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionKeyCaseDuplicate } from './condition-key-case-duplicate';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-key-case-duplicate flags a key repeated with other capitalisation in one block', () => {
  const { actual, expected } = spansOf(
    conditionKeyCaseDuplicate,
    policy('{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24", «"aws:sourceip"»: "198.51.100.0/24", «"AWS:SOURCEIP"»: "192.0.2.0/24"}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-key-case-duplicate names both spellings and says to merge them', () => {
  const [problem] = runCheck(conditionKeyCaseDuplicate, policy('{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24", "aws:sourceip": "198.51.100.0/24"}}'));
  assert.equal(problem.message, 'Condition key "aws:sourceip" repeats "aws:SourceIp" in the same "NotIpAddress" block; key names ignore case. Merge their values into one key.');
});

test('condition-key-case-duplicate accepts the same key in different blocks and leaves exact duplicates to duplicate-key', () => {
  assert.deepEqual(runCheck(conditionKeyCaseDuplicate, policy('{"StringEquals": {"aws:username": "a"}, "StringLike": {"AWS:Username": "b*"}}')), []);
  assert.deepEqual(runCheck(conditionKeyCaseDuplicate, policy('{"StringEquals": {"aws:username": "a", "aws:username": "b"}}')), []);
});
