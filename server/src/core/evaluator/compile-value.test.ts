import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedPolicies } from '../../../../test/helpers/managed-policies';
import { compilePolicy } from './compile';
import { compilePolicyValue } from './compile-value';
import type { PolicyRef } from './types';

const ref: PolicyRef = { kind: 'identity', index: 0 };

/** The compiled statements without positions, which the fast path does not have. */
function shape(value: unknown): string {
  return JSON.stringify(value, (key, v) => (/span$/i.test(key) || key === 'document' ? undefined : v));
}

test('compiles every AWS managed policy exactly as compilePolicy does, positions aside', () => {
  for (const { name, text } of managedPolicies()) {
    const slow = compilePolicy(text, ref);
    const fast = compilePolicyValue(JSON.parse(text), ref);
    assert.deepEqual(fast.errors, [], name);
    assert.equal(shape(fast), shape(slow), name);
  }
});

test('names the policy in its ref', () => {
  const fast = compilePolicyValue({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }, { kind: 'resource', index: 0 }, 'bucket.json');
  assert.deepEqual(fast.ref, { kind: 'resource', index: 0, name: 'bucket.json' });
  assert.equal(fast.statements.length, 1);
});

test('principals, conditions with numbers and booleans, and NotResource compile as from text', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'A',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'], Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } },
      },
      { Effect: 'Deny', NotPrincipal: '*', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] } } },
    ],
  };
  assert.equal(shape(compilePolicyValue(policy, ref)), shape(compilePolicy(JSON.stringify(policy), ref)));
});

test('anything not plainly valid goes through compilePolicy, with its exact errors', () => {
  const cases: unknown[] = [
    [],
    'text',
    {},
    { Statement: [] },
    { Statement: [{ Effect: 'allow', Action: 's3:*', Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Action: 's3:*', NotAction: 'ec2:*', Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Action: ['s3:*', 3], Resource: '*' }] },
    { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } }] },
    { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:username': { nested: 1 } } } }] },
    { Version: 2012, Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
  ];
  for (const value of cases) {
    const fast = compilePolicyValue(value, ref, 'p.json');
    const slow = compilePolicy({ name: 'p.json', policy: JSON.stringify(value) }, ref);
    assert.deepEqual(fast.errors, slow.errors, JSON.stringify(value));
    assert.equal(shape(fast), shape(slow), JSON.stringify(value));
  }
  // The ones IAM rejects are reported, not compiled.
  assert.deepEqual(
    compilePolicyValue({ Statement: [{ Effect: 'allow', Action: 's3:*', Resource: '*' }] }, ref).errors.map((e) => e.ruleId),
    ['effect-value'],
  );
  assert.deepEqual(
    compilePolicyValue({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualz: { k: 'a' } } }] }, ref).errors.map((e) => e.ruleId),
    ['condition-operator-unknown'],
  );
});

test('the policy model of a value-compiled policy is built on first read, with the statements as written', () => {
  const value = { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }] };
  const fast = compilePolicyValue(value, ref);
  const { document } = fast;
  assert.equal(document.version?.value?.value, '2012-10-17');
  assert.deepEqual(
    document.statements.map((s) => [s.sid?.value?.value, s.effect?.value?.value, s.action?.values.map((v) => v.value), s.resource?.values.map((v) => v.value)]),
    [['Read', 'Allow', ['s3:GetObject'], ['arn:aws:s3:::b/*']]],
  );
  assert.equal(fast.document, document);
});

test('resource values with ARN-segment wildcards, ? and variables compile as from text', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:Get*', '*Object', '*et*', 'S3:?ut*'],
        Resource: ['arn:aws:s3:::b/*', 'arn:aws:ec2:us-*:111122223333:instance/*', 'arn:aws:ec2:*-east-1:*:instance/i-?', 'arn:aws:s?s:*:*:q', 'arn:aws:s3:::b/${aws:username}/*', '**'],
      },
      { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:iam::*:role/x*y', 'arn:aws:logs:*:1:log-group:/a:*'] },
    ],
  };
  assert.equal(shape(compilePolicyValue(policy, ref)), shape(compilePolicy(JSON.stringify(policy), ref)));
  const unversioned = { Statement: policy.Statement };
  assert.equal(shape(compilePolicyValue(unversioned, ref)), shape(compilePolicy(JSON.stringify(unversioned), ref)));
});
