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

test("API Gateway's execute-api:/stage/METHOD/path matches its API's method ARNs, in any Region, account and API", () => {
  const request = 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/GET/pets';
  const every = compileResourcePattern('execute-api:/*/*/*', true);
  assert.equal(every.text, 'execute-api:/*/*/*');
  assert.equal(matchResourcePattern(every, request, NO_CONTEXT), MATCH);
  assert.equal(matchResourcePattern(compileResourcePattern('execute-api:/prod/GET/pets', true), request, NO_CONTEXT), MATCH);
  assert.equal(matchResourcePattern(compileResourcePattern('execute-api:/prod/POST/pets', true), request, NO_CONTEXT), NO_MATCH);
  assert.equal(matchResourcePattern(compileResourcePattern('execute-api:/test/*', true), request, NO_CONTEXT), NO_MATCH);
  // Another service's resource is no method of the API.
  assert.equal(matchResourcePattern(every, 'arn:aws:s3:::bucket/prod/GET/pets', NO_CONTEXT), NO_MATCH);
  // The access checks compare patterns by their tokens: the shorthand's are those of the ARN pattern it stands for.
  assert.deepEqual(resourcePatternTokens('execute-api:/prod/*'), resourcePatternTokens('arn:*:execute-api:*:*:*/prod/*'));
  assert.deepEqual(every.glob, globOfTokens(resourcePatternTokens('execute-api:/*/*/*')));
});
