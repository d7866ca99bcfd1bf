import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpRange } from '../policy/condition-values';
import { hasHostBits, networkOf } from './ip-ranges';

test('hasHostBits and networkOf find and clear the bits after the prefix', () => {
  const range = (text: string) => parseIpRange(text)!;
  assert.ok(hasHostBits(range('10.1.2.3/16')));
  assert.equal(networkOf(range('10.1.2.3/16')), '10.1.0.0/16');
  assert.equal(networkOf(range('192.0.2.130/25')), '192.0.2.128/25');
  assert.ok(!hasHostBits(range('10.0.0.0/8')));
  assert.ok(!hasHostBits(range('192.0.2.1')), 'a bare address is /32');
  assert.equal(networkOf(range('2001:DB8:0:0:1::5/64')), '2001:db8::/64');
  assert.equal(networkOf(range('2001:db8:1:2:3:4:5:6/128')), '2001:db8:1:2:3:4:5:6/128');
});
