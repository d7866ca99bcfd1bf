import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, matchGlob, matchTokens, ONE, SEGMENT_STAR, STAR } from '../../server/src/core/text/wildcard';
import { compileArnPattern, compileResourcePattern, matchArnPattern, matchResourcePattern, MATCH, NO_MATCH } from '../../server/src/core/evaluator/patterns';
import { ContextLookup } from '../../server/src/core/evaluator/context';
import { ipInRange, readDate, readIpRange, readNumber } from '../../server/src/core/evaluator/values';
import { readPrincipal } from '../../server/src/core/evaluator/principal';
import { evaluate } from '../../server/src/core/evaluator/index';
import { conditionValueFormat } from '../../server/src/core/checks/condition-value-format';
import { runCheck } from '../helpers/checks';

function tokensOf(pattern: string): Int32Array {
  return Int32Array.from([...pattern].map((c) => (c === '*' ? STAR : c === '?' ? ONE : c.charCodeAt(0))));
}

// A reference matcher for short strings: tries every split, exponential but obviously right.
function naive(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern[0] === '*') return [...Array(text.length + 1).keys()].some((i) => naive(pattern.slice(1), text.slice(i)));
  if (text === '') return false;
  return (pattern[0] === '?' || pattern[0] === text[0]) && naive(pattern.slice(1), text.slice(1));
}

test('compiled globs and token matching agree with a reference matcher', () => {
  const alphabet = ['a', 'b', '*', '?', ':'];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
  for (let round = 0; round < 3000; round++) {
    const pattern = Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const text = Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * 3) === 2 ? 4 : Math.floor(random() * 2)]).join('');
    const expected = naive(pattern, text);
    assert.equal(matchGlob(compileGlob(pattern), text), expected, `${pattern} ~ ${text}`);
    assert.equal(matchTokens(tokensOf(pattern), text), expected, `tokens ${pattern} ~ ${text}`);
  }
});

test('ignore-case globs fold both sides', () => {
  assert.ok(matchGlob(compileGlob('S3:Get*', true), 's3:getobject'));
  assert.ok(matchGlob(compileGlob('s3:get*', true), 'S3:GETOBJECT'));
  assert.ok(!matchGlob(compileGlob('s3:get*', false), 'S3:GETOBJECT'));
});

test('a segment star does not cross a colon, a ? takes a whole surrogate pair', () => {
  const segment = Int32Array.from([97, SEGMENT_STAR, 98]);
  assert.ok(matchTokens(segment, 'axxb'));
  assert.ok(!matchTokens(segment, 'ax:xb'));
  assert.ok(matchTokens(tokensOf('a?b'), 'a😀b'));
  assert.ok(!matchTokens(tokensOf('a??b'), 'a😀b'));
  assert.ok(
    matchTokens(
      Int32Array.from('a😀b'.split(''), (unit) => unit.charCodeAt(0)),
      'a😀b',
    ),
  );
  assert.ok(
    !matchTokens(
      Int32Array.from('a😀b'.split(''), (unit) => unit.charCodeAt(0)),
      'a😁b',
    ),
  );
});

// No wall-clock assertion (load on a shared machine would flake it): the input is sized so that a backtracking or
// quadratic implementation runs for minutes, a linear one for milliseconds, and the test's timeout fails the former.
test('matching stays fast on hostile patterns', { timeout: 20_000 }, () => {
  const pattern = '*a'.repeat(200) + 'b';
  const text = 'a'.repeat(5000);
  assert.ok(!matchGlob(compileGlob(pattern), text));
  assert.ok(!matchTokens(tokensOf(pattern), text));
});

test('resource patterns: a star ending a segment spans colons, one inside a segment does not', () => {
  const context = new ContextLookup();
  const match = (pattern: string, arn: string) => matchResourcePattern(compileResourcePattern(pattern, true), arn, context);
  assert.equal(match('arn:aws:logs:*', 'arn:aws:logs:us-east-1:1:log-group:g'), MATCH);
  assert.equal(match('arn:aws:sqs:us-*-1:1:q', 'arn:aws:sqs:us-east-1:1:q'), MATCH);
  assert.equal(match('arn:aws:sqs:u*1:q', 'arn:aws:sqs:us-east-1:111:q'), NO_MATCH);
  assert.equal(match('arn:aws:s3:::b/*', 'arn:aws:s3:::b/a:b/c'), MATCH);
});

test('ARN condition patterns compare six segments', () => {
  const compile = (text: string) => compileArnPattern([...text].map((c) => (c === '*' ? STAR : c === '?' ? ONE : c.charCodeAt(0))));
  assert.ok(matchArnPattern(compile('arn:aws:sns:*:1:t-*'), 'arn:aws:sns:us-east-1:1:t-a'));
  assert.ok(!matchArnPattern(compile('arn:aws:sns:*:1:t-*'), 'arn:aws:sns:us-east-1:2:1:t-a'));
  assert.ok(matchArnPattern(compile('arn:aws:logs:r:1:log-group:*'), 'arn:aws:logs:r:1:log-group:g:log-stream:s'));
  assert.ok(!matchArnPattern(compile('arn:aws:sns'), 'arn:aws:sns'));
  assert.ok(matchArnPattern(compile('*'), 'anything'));
});

test('IP ranges: IPv4, IPv6, compression, embedded IPv4 and bad input', () => {
  const inRange = (ip: string, range: string) => ipInRange(readIpRange(ip)!, readIpRange(range)!);
  assert.ok(inRange('10.1.2.3', '10.0.0.0/8'));
  assert.ok(!inRange('11.1.2.3', '10.0.0.0/8'));
  assert.ok(inRange('2001:db8::1', '2001:DB8::/32'));
  assert.ok(inRange('::ffff:192.0.2.1', '::ffff:192.0.2.0/120'));
  assert.ok(inRange('::1', '::1'));
  assert.ok(!inRange('10.0.0.1', '::/0'));
  for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.1/33', '1::2::3', '2001:db8::/129', 'fe80::1%eth0', '']) assert.equal(readIpRange(bad), undefined, bad);
});

test('numbers and dates are read strictly', () => {
  assert.equal(readNumber('10'), 10);
  assert.equal(readNumber('-2.5e1'), -25);
  assert.equal(readNumber('0x10'), undefined);
  assert.equal(readNumber(''), undefined);
  assert.equal(readDate('2020-01-01'), Date.UTC(2020, 0, 1));
  assert.equal(readDate('2020-01-01T10:00+02:00'), Date.UTC(2020, 0, 1, 8));
  assert.equal(readDate('1577836800'), Date.UTC(2020, 0, 1));
  assert.equal(readDate('2020-13-01'), undefined);
  assert.equal(readDate('soon'), undefined);
});

test('principal ARNs are read by kind', () => {
  assert.equal(readPrincipal('arn:aws:iam::111122223333:user/path/alice').kind, 'user');
  assert.equal(readPrincipal('arn:aws:iam::111122223333:role/app').kind, 'role');
  assert.deepEqual(readPrincipal('arn:aws:sts::111122223333:assumed-role/app/s1'), {
    arn: 'arn:aws:sts::111122223333:assumed-role/app/s1',
    kind: 'assumed-role',
    account: '111122223333',
    roleName: 'app',
  });
  assert.equal(readPrincipal('arn:aws:sts::111122223333:federated-user/dana').kind, 'federated-user');
  assert.equal(readPrincipal('arn:aws-cn:iam::111122223333:root').kind, 'root');
  assert.equal(readPrincipal('s3.amazonaws.com').kind, 'service');
  assert.equal(readPrincipal('alexa-appkit.amazon.com').kind, 'service');
  assert.equal(readPrincipal('example.com').kind, 'other');
  assert.equal(readPrincipal(undefined).kind, 'anonymous');
  assert.equal(readPrincipal('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be').kind, 'other');
});

test('the linter and the evaluator agree on which condition values can be read', () => {
  // Each value is both the policy value and the request value: a value the operator can read equals itself, so the
  // Allow applies exactly when condition-value-format does not flag the value.
  const families: Array<[string, string, string[]]> = [
    [
      'DateEquals',
      'aws:CurrentTime',
      [
        '2024-02-29T00:00:00Z',
        '2024-02-30T00:00:00Z',
        '2023-02-29',
        '-5',
        '1700000000',
        '1.5',
        '2020-01-01T24:00:00Z',
        '2020-01-01T23:59:60Z',
        '2020-01-01T10:00+02:00',
        '2020-01-01T10:00+24:00',
        '2020',
        'soon',
      ],
    ],
    ['NumericEquals', 'custom:n', ['10', '-2.5e1', '1h', '0x10', '1e999', '.5', '']],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '10.0.0.0/33', '10.1.*', '2001:db8::/32', '2001:db8::/129', '256.0.0.1', ' 10.0.0.1']],
    ['Bool', 'aws:SecureTransport', ['true', 'FALSE', '1', 'yes']],
    ['BinaryEquals', 'custom:b', ['QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'YWJ', 'YW=I']],
  ];
  for (const [operator, key, values] of families) {
    for (const value of values) {
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: value } } }] });
      const flagged = runCheck(conditionValueFormat, policy).length > 0;
      const result = evaluate({ principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { [key]: value } }, { identity: [policy] });
      assert.equal(result.decision === 'Allowed', !flagged, `${operator} ${JSON.stringify(value)}: linter ${flagged ? 'flags' : 'accepts'} it, evaluator ${result.decision}`);
    }
  }
});
