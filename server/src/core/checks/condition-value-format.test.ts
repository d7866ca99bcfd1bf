import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionValueFormat } from './condition-value-format';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-value-format flags values the operator cannot read, inside the quotes', () => {
  const { actual, expected } = spansOf(
    conditionValueFormat,
    policy(
      '{"NumericLessThanEquals": {"s3:max-keys": ["10", "«ten»", «true»]}, "DateGreaterThan": {"aws:CurrentTime": "«2020-13-01»"}, "Bool": {"aws:SecureTransport": "«yes»"}, "BinaryEquals": {"x:y": "«not base64!»"}, "IpAddressIfExists": {"aws:SourceIp": ["203.0.113.0/24", "«10.0.*»", "«2001:db8::/200»"]}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('condition-value-format says what the operator expects', () => {
  const [problem] = runCheck(conditionValueFormat, policy('{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}'));
  assert.equal(problem.message, '"one hour" is not a number, so "NumericLessThan" cannot compare it. Write an integer or a decimal number, such as "10" or "1.5".');
  const [date] = runCheck(conditionValueFormat, policy('{"DateLessThan": {"aws:CurrentTime": "31/01/2025"}}'));
  assert.equal(date.message, '"31/01/2025" is not a date, so "DateLessThan" cannot compare it. Write an ISO 8601 date such as "2025-01-31" or "2025-01-31T12:00:00Z".');
});

test('condition-value-format turns IP wildcards into CIDR ranges and trims stray spaces', () => {
  const cases: Array<[string, string]> = [
    ['10.0.*', '10.0.0.0/16'],
    ['10.1.2.*', '10.1.2.0/24'],
    ['192.168.*.*', '192.168.0.0/16'],
    ['203.*', '203.0.0.0/8'],
    [' 203.0.113.7 ', '203.0.113.7'],
  ];
  for (const [value, range] of cases) {
    const text = policy(`{"IpAddress": {"aws:SourceIp": "${value}"}}`);
    const [problem] = runCheck(conditionValueFormat, text);
    assert.equal(applyFix(text, problem), policy(`{"IpAddress": {"aws:SourceIp": "${range}"}}`), value);
  }
  assert.equal(runCheck(conditionValueFormat, policy('{"IpAddress": {"aws:SourceIp": "*"}}'))[0].fixes, undefined);
});

test('condition-value-format accepts well-formed values, and leaves strings, variables and nulls alone', () => {
  const text = policy(
    '{"NumericEquals": {"s3:max-keys": [10, "1.5", "-2"]}, "DateLessThan": {"aws:CurrentTime": ["2025-01-31", "2025-01-31T12:00:00Z", 1700000000]}, "Bool": {"aws:SecureTransport": [true, "false", "TRUE"]}, "BinaryEquals": {"x:y": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}, "NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64", "198.51.100.7"]}, "StringEquals": {"aws:username": "*"}, "ArnLike": {"aws:SourceArn": "x"}, "Null": {"aws:TokenIssueTime": "maybe"}, "NumericLessThan": {"s3:max-keys": "${aws:username}"}, "DateEquals": {"aws:CurrentTime": null}}',
  );
  assert.deepEqual(runCheck(conditionValueFormat, text), []);
});
