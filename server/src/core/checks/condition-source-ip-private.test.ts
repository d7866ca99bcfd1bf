import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionSourceIpPrivate } from './condition-source-ip-private';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-source-ip-private flags aws:SourceIp lists of only private ranges', () => {
  const { actual, expected } = spansOf(
    conditionSourceIpPrivate,
    policy('{"IpAddress": {«"aws:SourceIp"»: ["10.0.0.0/8", "192.168.1.0/24"]}, "NotIpAddressIfExists": {«"AWS:sourceip"»: ["172.16.0.0/12", "fd00::/8"]}}'),
  );
  assert.deepEqual(actual, expected);
});

test('condition-source-ip-private explains the effect and offers aws:VpcSourceIp', () => {
  const text = policy('{"NotIpAddress": {"aws:SourceIp": "10.1.0.0/16"}}');
  const [problem] = runCheck(conditionSourceIpPrivate, text);
  assert.equal(problem.message, 'aws:SourceIp is the public address of the request, so "NotIpAddress" with only private addresses always matches. Use aws:VpcSourceIp to test addresses inside a VPC.');
  assert.equal(problem.fixes?.[0].isPreferred, undefined);
  assert.equal(applyFix(text, problem), policy('{"NotIpAddress": {"aws:VpcSourceIp": "10.1.0.0/16"}}'));
  assert.match(runCheck(conditionSourceIpPrivate, policy('{"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}'))[0].message, /never matches/);
});

test('condition-source-ip-private accepts public or mixed lists, other keys and values it cannot read', () => {
  for (const condition of [
    '{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}',
    '{"IpAddress": {"aws:SourceIp": "10.0.0.0/7"}}',
    '{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}',
    '{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.*"]}}',
    '{"StringEquals": {"aws:SourceIp": "10.0.0.1"}}',
  ]) {
    assert.deepEqual(runCheck(conditionSourceIpPrivate, policy(condition)), [], condition);
  }
});
