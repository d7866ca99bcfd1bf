import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import {
  epochToIsoDate,
  isBase64Value,
  isDateValue,
  isEpochMilliseconds,
  isEpochValue,
  isIsoDateValue,
  isNumericValue,
  ipInRange,
  isPrivateIpRange,
  parseBooleanValue,
  parseIpRange,
  readBase64Text,
  readDateText,
  readIpv4Into,
  readNumberText,
} from './condition-values';

test('isNumericValue accepts integers and decimals', () => {
  for (const value of ['10', '-1', '+2', '1.5', '.5', '3.', '1e3', '0']) assert.ok(isNumericValue(value), value);
  for (const value of ['', 'ten', '1,000', '1 000', '0x10', '10*', '${aws:x}', '1.2.3', 'true']) assert.ok(!isNumericValue(value), value);
});

test('parseBooleanValue reads true and false', () => {
  assert.equal(parseBooleanValue('true'), true);
  assert.equal(parseBooleanValue('false'), false);
  assert.equal(parseBooleanValue('True'), true);
  assert.equal(parseBooleanValue('yes'), undefined);
  assert.equal(parseBooleanValue('1'), undefined);
});

test('isBase64Value checks the alphabet, the length and the padding', () => {
  for (const value of ['QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'YWJj', 'YWI=', '']) assert.ok(isBase64Value(value), value);
  for (const value of ['YWJ', 'YW=I', 'YW!=', 'Y===', 'hello world']) assert.ok(!isBase64Value(value), value);
});

test('isIsoDateValue accepts the W3C profile of ISO 8601', () => {
  for (const value of ['2020', '2020-01', '2020-01-01', '2020-01-01T00:00Z', '2020-01-01T00:00:01Z', '1997-07-16T19:20:30.45+01:00', '2020-02-29T23:59:59-0500', '2020-01-01T12:00:00']) {
    assert.ok(isIsoDateValue(value), value);
  }
  for (const value of ['2020-13-01', '2019-02-29', '2020-04-31', '2020-01-01T24:00:00Z', '2020-01-01 00:00:00', '01/02/2020', 'yesterday', '2020-1-1', '2020-01-01T00Z']) {
    assert.ok(!isIsoDateValue(value), value);
  }
});

test('isDateValue also accepts epoch seconds', () => {
  assert.ok(isDateValue('1700000000'));
  assert.ok(isEpochValue('1700000000'));
  assert.ok(!isEpochValue('2020-01-01'));
  assert.ok(!isDateValue('2020-01-01T00:00:00ZZ'));
});

test('epoch values convert to ISO 8601 in UTC, and milliseconds are recognised', () => {
  assert.equal(epochToIsoDate('1700000000'), '2023-11-14T22:13:20Z');
  assert.equal(epochToIsoDate('1700000000123', true), '2023-11-14T22:13:20.123Z');
  assert.equal(epochToIsoDate('abc'), undefined);
  assert.ok(isEpochMilliseconds('1700000000000'));
  assert.ok(!isEpochMilliseconds('1700000000'));
});

test('parseIpRange reads IPv4 and IPv6 addresses and CIDR ranges', () => {
  assert.deepEqual(parseIpRange('203.0.113.0/24'), { version: 4, bytes: [203, 0, 113, 0], prefixLength: 24 });
  assert.deepEqual(parseIpRange('203.0.113.7'), { version: 4, bytes: [203, 0, 113, 7], prefixLength: 32 });
  assert.equal(parseIpRange('2001:DB8:1234:5678::/64')?.prefixLength, 64);
  assert.deepEqual(parseIpRange('::1')?.bytes, [...new Array(15).fill(0), 1]);
  assert.deepEqual(parseIpRange('::ffff:192.0.2.1')?.bytes.slice(10), [0xff, 0xff, 192, 0, 2, 1]);
  assert.equal(parseIpRange('1:2:3:4:5:6:7:8/128')?.version, 6);
  for (const value of ['10.0.0.*', '256.0.0.1', '10.0.0', '10.0.0.0/33', '10.0.0.0/', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '::/129', 'gggg::', ' 10.0.0.1', '10.0.0.1/8 ', 'localhost']) {
    assert.equal(parseIpRange(value), undefined, value);
  }
});

test('isPrivateIpRange is true only for ranges wholly inside private, loopback or link-local blocks', () => {
  const isPrivate = (value: string) => isPrivateIpRange(parseIpRange(value)!);
  for (const value of ['10.0.0.0/8', '10.1.2.3', '172.16.0.0/12', '172.31.255.255', '192.168.1.0/24', '127.0.0.1', '169.254.169.254', 'fd00::/8', 'fe80::1', '::1']) {
    assert.ok(isPrivate(value), value);
  }
  for (const value of ['203.0.113.0/24', '10.0.0.0/7', '172.32.0.0/16', '0.0.0.0/0', '192.169.0.1', '2001:db8::/32', '::/0']) {
    assert.ok(!isPrivate(value), value);
  }
});

test('readDateText reads calendar dates and epoch seconds, and nothing else', () => {
  assert.equal(readDateText('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  assert.equal(readDateText('2024-05-06T07:08:09Z'), Date.UTC(2024, 4, 6, 7, 8, 9));
  assert.equal(readDateText('2020-01-01T10:00+02:00'), Date.UTC(2020, 0, 1, 8));
  assert.equal(readDateText('2020-01-01T10:00:00.25-0130'), Date.UTC(2020, 0, 1, 11, 30, 0, 250));
  assert.equal(readDateText('1577836800'), Date.UTC(2020, 0, 1));
  for (const value of ['2024-02-30T00:00:00Z', '2023-02-29', '2020-04-31', '-5', '1.5', '+10', '2020-01-01T24:00:00Z', '2020-01-01T10:00+24:00', '']) {
    assert.equal(readDateText(value), undefined, value);
  }
});

test('readNumberText reads finite decimal numbers only', () => {
  assert.equal(readNumberText('-2.5e1'), -25);
  for (const value of ['1h', '1e999', '0x10', '']) assert.equal(readNumberText(value), undefined, value);
});

test('readBase64Text decodes strict base64', () => {
  assert.equal(readBase64Text('YWJj'), 'abc');
  assert.equal(readBase64Text('YWI='), 'ab');
  assert.equal(readBase64Text('YWJ'), undefined);
});

test('ipInRange compares the prefix of the range; readIpv4Into reads into a buffer', () => {
  const inRange = (ip: string, range: string) => ipInRange(parseIpRange(ip)!, parseIpRange(range)!);
  assert.ok(inRange('10.1.2.3', '10.0.0.0/8'));
  assert.ok(inRange('10.1.2.3', '0.0.0.0/0'));
  assert.ok(!inRange('11.1.2.3', '10.0.0.0/8'));
  assert.ok(inRange('2001:db8::1', '2001:DB8::/32'));
  assert.ok(!inRange('10.0.0.1', '::/0'));
  const bytes = [0, 0, 0, 0];
  assert.ok(readIpv4Into('192.0.2.7', bytes));
  assert.deepEqual(bytes, [192, 0, 2, 7]);
  for (const value of ['192.0.2', '192.0.2.256', '1.2.3.4.5', '1..2.3', '1.2.3.', '1.2.3.4/8']) assert.ok(!readIpv4Into(value, [0, 0, 0, 0]), value);
});

test('IPv6 addresses are read as RFC 4291 writes them, the same as node:net decides', () => {
  const bytesOf = (text: string) => parseIpRange(text)?.bytes;
  assert.deepEqual(bytesOf('::'), new Array(16).fill(0));
  assert.deepEqual(bytesOf('1::'), [0, 1, ...new Array(14).fill(0)]);
  assert.deepEqual(bytesOf('1:2:3:4:5:6:192.0.2.1'), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 192, 0, 2, 1]);
  assert.deepEqual(bytesOf('2001:DB8::ff00:42:8329'), [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29]);
  for (const value of [':1::2', '1:', ':', ':::', '1:2:3:4:5:6:7:1.2.3.4', '00000::', '::1.2.3', '::1.2.3.4:5', '1::2:', 'fe80::1%eth0']) assert.equal(parseIpRange(value), undefined, value);
  // Every short string over a small alphabet: valid exactly when node:net says it is an IPv6 address.
  const alphabet = ['0', 'f', ':', '.', '1'];
  let seed = 3;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let round = 0; round < 20000; round++) {
    const text = Array.from({ length: 2 + random(14) }, () => alphabet[random(alphabet.length)]).join('');
    if (!text.includes(':')) continue;
    assert.equal(parseIpRange(text) !== undefined, isIPv6(text), text);
  }
});
