import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { hasExpired, latestApplicableTime } from './time-bounds';

function statementWith(condition: unknown) {
  return parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: condition }] })).statements[0];
}

const now = Date.parse('2026-06-01T00:00:00Z');

test('a DateLessThan on the request time or the session issue time caps when a statement applies', () => {
  assert.equal(latestApplicableTime(statementWith({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } })), Date.parse('2020-01-01T00:00:00Z'));
  assert.equal(latestApplicableTime(statementWith({ DateLessThan: { 'aws:EpochTime': '1577836800' } })), Date.parse('2020-01-01T00:00:00Z'));
  assert.equal(latestApplicableTime(statementWith({ NumericLessThanEquals: { 'aws:EpochTime': 1577836800 } })), Date.parse('2020-01-01T00:00:00Z'));
  // A session issued just before the date may be used for up to 36 hours more.
  assert.equal(latestApplicableTime(statementWith({ DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } })), Date.parse('2020-01-02T12:00:01Z'));
  // Several values are alternatives: the latest counts.
  assert.equal(latestApplicableTime(statementWith({ DateLessThan: { 'aws:CurrentTime': ['2020-01-01', '2030-01-01'] } })), Date.parse('2030-01-01'));
});

test('hasExpired: past caps expire the statement; lower bounds, IfExists, negations and unreadable dates do not', () => {
  assert.ok(hasExpired(statementWith({ DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }), now));
  assert.ok(!hasExpired(statementWith({ DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' } }), now));
  for (const condition of [
    { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } },
    // Long-term access keys carry no token issue time, so IfExists lets them through.
    { DateLessThanIfExists: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } },
    { DateNotEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
    { DateLessThan: { 'aws:CurrentTime': '2020-02-30T00:00:00Z' } },
    { DateLessThan: { 'aws:MultiFactorAuthAge': '2020-01-01T00:00:00Z' } },
  ]) {
    assert.ok(!hasExpired(statementWith(condition), now), JSON.stringify(condition));
  }
});
