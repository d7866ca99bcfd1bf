import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { cidrHostBits } from './cidr-host-bits';

test('cidr-host-bits flags IP ranges with host bits set', () => {
  const { actual, expected } = spansOf(
    cidrHostBits,
    '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "«198.51.100.7/24»", "«2001:DB8::1/32»"]}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('cidr-host-bits says how IAM reads the range and writes the network address', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.1.2.3/16"}}}]}';
  const [problem] = runCheck(cidrHostBits, text);
  assert.equal(problem.message, '"10.1.2.3/16" has host bits set, so IAM reads it as the whole range 10.1.0.0/16. Write "10.1.0.0/16", or "10.1.2.3/32" if one address was meant.');
  assert.equal(applyFix(text, problem), text.replace('10.1.2.3/16', '10.1.0.0/16'));
  assert.equal(problem.fixes![0].isPreferred, true);
  const v6 = '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "2001:DB8:0:0:1::5/64"}}}]}';
  assert.equal(applyFix(v6, runCheck(cidrHostBits, v6)[0]), v6.replace('2001:DB8:0:0:1::5/64', '2001:db8::/64'));
});

test('cidr-host-bits accepts network addresses, single addresses and other operators', () => {
  const cases = [{ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.1', '192.0.2.1/32', '2001:db8::/32'] } }, { StringEquals: { 'aws:PrincipalTag/cidr': '10.1.2.3/16' } }];
  for (const condition of cases) assert.deepEqual(runCheck(cidrHostBits, policyWith({ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition })), []);
});
