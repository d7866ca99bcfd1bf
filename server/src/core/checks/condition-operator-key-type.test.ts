import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionOperatorKeyType } from './condition-operator-key-type';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-operator-key-type flags operators that do not suit the key type', () => {
  const { actual, expected } = spansOf(
    conditionOperatorKeyType,
    policy(
      '{"StringEquals": {«"aws:MultiFactorAuthPresent"»: "true", «"aws:MultiFactorAuthAge"»: "3600"}, "Bool": {«"aws:username"»: "true"}, "StringLike": {«"aws:SourceIp"»: "10.*"}, "NumericLessThan": {«"aws:CurrentTime"»: "5"}, "DateGreaterThan": {«"aws:PrincipalArn"»: "2020-01-01"}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('condition-operator-key-type names the type and the operator to use, and fixes a lone key', () => {
  const text = policy('{"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}');
  const [problem] = runCheck(conditionOperatorKeyType, text);
  assert.equal(problem.message, 'Condition key "aws:MultiFactorAuthPresent" has type Bool, but "StringEquals" compares strings. Use a Bool operator such as "Bool".');
  assert.equal(applyFix(text, problem), policy('{"Bool": {"aws:MultiFactorAuthPresent": "true"}}'));

  const numeric = policy('{"StringNotEqualsIfExists": {"s3:max-keys": "10"}}');
  assert.equal(applyFix(numeric, runCheck(conditionOperatorKeyType, numeric)[0]), policy('{"NumericNotEqualsIfExists": {"s3:max-keys": "10"}}'));
  const ip = policy('{"StringNotEquals": {"aws:SourceIp": "203.0.113.7"}}');
  assert.equal(applyFix(ip, runCheck(conditionOperatorKeyType, ip)[0]), policy('{"NotIpAddress": {"aws:SourceIp": "203.0.113.7"}}'));
  const date = policy('{"NumericLessThan": {"aws:CurrentTime": "2030-01-01"}}');
  assert.equal(applyFix(date, runCheck(conditionOperatorKeyType, date)[0]), policy('{"DateLessThan": {"aws:CurrentTime": "2030-01-01"}}'));
});

test('condition-operator-key-type offers no fix when the block has other keys or no operator is equivalent', () => {
  const [shared] = runCheck(conditionOperatorKeyType, policy('{"StringEquals": {"aws:MultiFactorAuthPresent": "true", "aws:username": "a"}}'));
  assert.equal(shared.fixes, undefined);
  const [like] = runCheck(conditionOperatorKeyType, policy('{"StringLike": {"aws:SourceIp": "10.*"}}'));
  assert.equal(like.fixes, undefined);
  assert.match(like.message, /Use an IpAddress operator such as "IpAddress"\./);
});

test('condition-operator-key-type accepts NumericLessThan on glacier:ArchiveAgeInDays, as the Vault Lock example writes it, and still warns on Bool', () => {
  assert.deepEqual(runCheck(conditionOperatorKeyType, policy('{"NumericLessThan": {"glacier:ArchiveAgeInDays": "365"}}')), []);
  const [bool] = runCheck(conditionOperatorKeyType, policy('{"Bool": {"glacier:ArchiveAgeInDays": "true"}}'));
  assert.match(bool.message, /Use a Numeric operator such as "NumericEquals"\./);
});

test('condition-operator-key-type accepts String and ARN operators on String and ARN keys, Null anywhere, and aws:EpochTime with Numeric', () => {
  const text = policy(
    '{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}, "ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:*"}, "ArnEquals": {"aws:SourceArn": "arn:aws:sns:*"}, "Null": {"aws:MultiFactorAuthAge": "true"}, "NumericLessThan": {"aws:EpochTime": "1700000000"}, "DateLessThan": {"aws:EpochTime": "2030-01-01"}, "Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}, "StringEquals": {"x-unknown:key": "1", "aws:Nope": "2"}}',
  );
  assert.deepEqual(runCheck(conditionOperatorKeyType, text), []);
});
