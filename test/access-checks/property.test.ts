// Property test for no-new-access over random policy pairs (seeded, so a failure reproduces): every FAIL's witness
// must be allowed by the new policy and not by the old one according to `evaluate`, and for every PASS no random
// request (drawn from the same small vocabulary of actions, resources and context values) may be allowed by the new
// policy and not by the old one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNoNewAccess } from '../../server/src/core/access-checks/index';
import { evaluate } from '../../server/src/core/evaluator/index';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import { actionAcceptsArn } from '../../server/src/core/policy/arn-formats';
import type { RequestContext } from '../../server/src/core/evaluator/types';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const actionPatterns = ['s3:GetObject', 's3:PutObject', 's3:Get*', 's3:*Object', 's3:*', 'sqs:SendMessage', 'sqs:*', '*'];
const resourcePatterns = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/a*', 'arn:aws:s3:::b/a?', 'arn:aws:s3:::*/x', 'arn:aws:sqs:*:111122223333:q'];
const conditions: object[] = [
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.1.0.0/16' } },
  { StringLike: { 's3:prefix': 'home/*' } },
  { StringEqualsIfExists: { 's3:prefix': 'home/a' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } },
];
const requestActions = ['s3:GetObject', 's3:PutObject', 's3:GetBucketPolicy', 's3:DeleteObject', 'sqs:SendMessage', 'sqs:DeleteQueue', 'ec2:RunInstances'];
const requestResources = ['arn:aws:s3:::b/a', 'arn:aws:s3:::b/ab', 'arn:aws:s3:::b/z', 'arn:aws:s3:::c/x', 'arn:aws:sqs:us-east-1:111122223333:q', '*'];
const contextValues: Record<string, unknown[]> = {
  'aws:SecureTransport': [undefined, 'true', 'false'],
  'aws:SourceIp': [undefined, '10.0.0.1', '10.1.2.3', '192.0.2.1'],
  's3:prefix': [undefined, 'home/a', 'home/b', 'other'],
  's3:max-keys': [undefined, '5', '10', '50'],
  'aws:TagKeys': [undefined, ['env'], ['env', 'team'], ['owner'], ['env', 'owner']],
};

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)];
}

function randomPolicy(next: () => number): string {
  const statements = [];
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const statement: Record<string, unknown> = { Effect: next() < 0.2 ? 'Deny' : 'Allow' };
    statement[next() < 0.15 ? 'NotAction' : 'Action'] = [pick(next, actionPatterns), ...(next() < 0.4 ? [pick(next, actionPatterns)] : [])];
    statement[next() < 0.1 ? 'NotResource' : 'Resource'] = pick(next, resourcePatterns);
    if (next() < 0.5) statement.Condition = pick(next, conditions);
    statements.push(statement);
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Whether AWS sends the request at all: its resource is of a type the action takes (only "*" for an action that takes
 * none). Catalog mode answers for such requests only; a string match on another resource is no access.
 */
function sent(request: { action: string; resource: string }): boolean {
  const action = getCatalog().findAction(request.action);
  if (!action) return true;
  return action.resourceTypes.length === 0 ? request.resource === '*' : actionAcceptsArn(action, request.resource);
}

function allows(policy: string, request: { action: string; resource: string; context: RequestContext }): boolean {
  const result = evaluate({ principal: 'arn:aws:iam::111122223333:user/witness', ...request }, { identity: [policy] });
  return result.decision === 'Allowed';
}

test('no-new-access: random pairs, witnesses re-checked and PASSes sampled (seeded)', () => {
  const next = random(20261202);
  const counts = { PASS: 0, FAIL: 0, UNKNOWN: 0 };
  for (let round = 0; round < 150; round++) {
    const oldPolicy = randomPolicy(next);
    const newPolicy = randomPolicy(next);
    const result = checkNoNewAccess(oldPolicy, newPolicy);
    counts[result.result]++;
    const label = `round ${round}\nold ${oldPolicy}\nnew ${newPolicy}`;
    if (result.result === 'FAIL') {
      const witness = result.witness!;
      const request = { action: witness.action, resource: witness.resource, context: witness.context as RequestContext };
      assert.ok(allows(newPolicy, request), `new must allow the witness: ${label}`);
      assert.ok(!allows(oldPolicy, request), `old must not allow the witness: ${label}`);
    } else if (result.result === 'PASS') {
      for (let sample = 0; sample < 60; sample++) {
        const context: Record<string, unknown> = {};
        for (const [key, values] of Object.entries(contextValues)) {
          const value = pick(next, values);
          if (value !== undefined) context[key] = value;
        }
        const request = { action: pick(next, requestActions), resource: pick(next, requestResources), context: context as RequestContext };
        assert.ok(!(sent(request) && allows(newPolicy, request) && !allows(oldPolicy, request)), `PASS, yet ${JSON.stringify(request)} is new access: ${label}`);
      }
    }
  }
  // The generator must exercise both outcomes, or the property says little.
  assert.ok(counts.PASS >= 20 && counts.FAIL >= 20, JSON.stringify(counts));
  assert.equal(counts.UNKNOWN, 0, JSON.stringify(counts));
});
