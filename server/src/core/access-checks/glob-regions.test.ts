import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourcePatternTokens } from '../evaluator/patterns';
import { matchesWildcard } from '../text/wildcard';
import { findRegions, literalPattern, RegionLimitError, wildcardPattern } from './glob-regions';

function regions(patterns: string[], ignoreCase = false) {
  return findRegions(patterns.map((p) => wildcardPattern(p, ignoreCase))).map((r) => ({ text: r.text, matches: r.matches.join(',') }));
}

test('findRegions gives the shortest string of every combination the patterns can tell apart', () => {
  const found = regions(['a*', '*b']);
  assert.deepEqual(new Set(found.map((r) => r.matches)), new Set(['true,false', 'false,true', 'true,true', 'false,false']));
  assert.deepEqual(found.find((r) => r.matches === 'true,true')!.text, 'ab');
  for (const { text, matches } of found) assert.equal([matchesWildcard('a*', text, false), matchesWildcard('*b', text, false)].join(','), matches);
});

test('findRegions proves inclusion: a? inside a*, so no region matches a? but not a*', () => {
  const found = regions(['a*', 'a?']);
  assert.ok(!found.some((r) => r.matches === 'false,true'));
  assert.ok(found.some((r) => r.matches === 'true,false'));
});

test('ARN stars in the first five segments do not cross a colon', () => {
  const inner = { tokens: resourcePatternTokens('arn:aws:ec2:us-*-1:1:instance/*'), ignoreCase: false };
  const outer = { tokens: resourcePatternTokens('arn:aws:ec2:*:1:instance/*'), ignoreCase: false };
  assert.ok(!findRegions([outer, inner]).some((r) => !r.matches[0] && r.matches[1]));
  const reverse = findRegions([inner, outer]).find((r) => !r.matches[0] && r.matches[1]);
  assert.equal(reverse?.text, 'arn:aws:ec2::1:instance/');
});

test('ignore-case literals cover every casing; case-sensitive ones only their own', () => {
  const found = findRegions([literalPattern('Home', true), literalPattern('home', false)]);
  assert.deepEqual(new Set(found.map((r) => r.matches.join(','))), new Set(['true,true', 'true,false', 'false,false']));
});

test('needFresh keeps only strings that hold a character no pattern uses', () => {
  const found = findRegions([wildcardPattern('s3:*', true), wildcardPattern('s3:get*', true)], { require: [0], needFresh: true });
  assert.deepEqual(found.map((r) => r.text).sort(), ['s3:getx', 's3:x']);
});

test('findRegions stops at its state budget', () => {
  assert.throws(
    () =>
      findRegions(
        ['*a*b*c*d*e*f*g*h*', '*h*g*f*e*d*c*b*a*'].map((p) => wildcardPattern(p, false)),
        { maxStates: 50 },
      ),
    RegionLimitError,
  );
});
