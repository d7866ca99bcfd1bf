import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionVpcFormat } from './condition-vpc-format';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-vpc-format flags values that are not VPC or VPC endpoint IDs', () => {
  const { actual, expected } = spansOf(
    conditionVpcFormat,
    policy(
      '{"StringNotEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "«vpc-xxxxxxxx»", "«my-vpc»"], "aws:SourceVpce": ["vpce-0123456789abcdef0", "«vpc-1a2b3c4d»"]}, "StringLike": {"aws:SourceVpc": ["vpc-*", "«vpce-*»"]}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('condition-vpc-format says what an ID looks like and spots IDs under the wrong key', () => {
  const text = policy('{"StringEquals": {"aws:SourceVpc": "vpce-1a2b3c4d"}}');
  const [problem] = runCheck(conditionVpcFormat, text);
  assert.equal(problem.message, '"vpce-1a2b3c4d" is not a VPC ID, which is "vpc-" followed by 8 or 17 hexadecimal digits, so it never matches. It looks like a VPC endpoint ID: use "aws:SourceVpce".');
  assert.equal(applyFix(text, problem), policy('{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}'));
  assert.equal(runCheck(conditionVpcFormat, policy('{"StringEquals": {"aws:SourceVpc": "vpc-123"}}'))[0].fixes, undefined);
});

test('condition-vpc-format accepts IDs, patterns that can match one, case-insensitive operators and variables', () => {
  const text = policy(
    '{"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-0123456789abcdef0", "vpc-*"], "aws:Ec2InstanceSourceVpc": "vpc-1a2b3c4d", "aws:SourceVpce": "vpce-1a2b3c4d"}, "StringLike": {"aws:SourceVpce": ["vpce-*", "*", "vpce-0a*"], "aws:SourceVpc": "${aws:PrincipalTag/vpc}"}, "StringEqualsIgnoreCase": {"aws:SourceVpc": "VPC-1A2B3C4D"}, "Null": {"aws:SourceVpc": "true"}}',
  );
  assert.deepEqual(runCheck(conditionVpcFormat, text), []);
});
