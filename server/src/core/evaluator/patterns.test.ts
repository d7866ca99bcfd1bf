import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileResourcePattern, globOfTokens, matchResourcePattern, MATCH, NO_MATCH, resourcePatternTokens } from './patterns';
import type { ContextLookup } from './context';

const NO_CONTEXT = { get: () => undefined } as unknown as ContextLookup;

test('a Resource value without variables compiles to the glob of its segment-bound tokens', () => {
  const values = [
    'arn:aws:s3:::bucket/*',
    'arn:aws:s3:::bucket',
    'arn:aws:dynamodb:*:111122223333:table/t',
    'arn:aws:ec2:us-*:111122223333:instance/*',
    'arn:aws:ec2:*-east-1:111122223333:instance/*',
    'arn:aws:s?s:us-east-1:111122223333:queue',
    'arn:aws:logs:*:111122223333:log-group:/app/1:*',
    'arn:aws:iam::*:role/a*b',
    'arn:*:iam::111122223333:user/*',
    '*:*',
    'a*b',
    '**',
    'arn:aws:s3:::b/${aws:username}',
  ];
  for (const value of values) {
    for (const variables of [false, true]) {
      if (variables && value.includes('${')) continue;
      const pattern = compileResourcePattern(value, variables);
      assert.deepEqual(pattern.glob, globOfTokens(resourcePatternTokens(value)), value);
    }
  }
});

test('a star inside one of the first five ARN segments stays in its segment; one that ends a segment does not', () => {
  const inSegment = compileResourcePattern('arn:aws:ec2:*-east-1:111122223333:instance/i-1', true);
  assert.equal(matchResourcePattern(inSegment, 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', NO_CONTEXT), MATCH);
  assert.equal(matchResourcePattern(inSegment, 'arn:aws:ec2:a:b-east-1:111122223333:instance/i-1', NO_CONTEXT), NO_MATCH);
  const endsSegment = compileResourcePattern('arn:aws:ec2:us-*:111122223333:instance/*', true);
  assert.equal(matchResourcePattern(endsSegment, 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', NO_CONTEXT), MATCH);
});
