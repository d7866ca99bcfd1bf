import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionMfaPitfall } from './condition-mfa-pitfall';

test('condition-mfa-pitfall flags MFA conditions that let requests without MFA through', () => {
  const { actual, expected } = spansOf(
    conditionMfaPitfall,
    `{"Statement": [
      {"Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": {"Bool": {«"aws:MultiFactorAuthPresent"»: "false"}}},
      {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"BoolIfExists": {«"aws:MultiFactorAuthPresent"»: true}}},
      {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Null": {«"aws:MultiFactorAuthPresent"»: "false"}}},
      {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"NumericGreaterThan": {«"aws:MultiFactorAuthAge"»: "3600"}}}
    ]}`,
  );
  assert.deepEqual(actual, expected);
});

test('condition-mfa-pitfall explains why Bool misses long-term keys and switches to BoolIfExists', () => {
  const text = '{"Statement": [{"Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}';
  const [problem] = runCheck(conditionMfaPitfall, text);
  assert.equal(
    problem.message,
    'Requests signed with long-term access keys carry no "aws:MultiFactorAuthPresent", so "Bool" with "false" does not deny them. Use "BoolIfExists", as the IAM User Guide does, to deny every request without MFA.',
  );
  assert.equal(applyFix(text, problem), text.replace('"Bool"', '"BoolIfExists"'));
});

test('condition-mfa-pitfall offers no rename when the block tests other keys too', () => {
  const [problem] = runCheck(conditionMfaPitfall, policyWith({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false', 'aws:SecureTransport': 'false' } } }));
  assert.equal(problem.fixes, undefined);
});

test('condition-mfa-pitfall accepts the patterns the IAM User Guide recommends', () => {
  const cases = [
    { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    { Effect: 'Deny', NotAction: 'iam:ChangePassword', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } },
  ];
  for (const statement of cases) assert.deepEqual(runCheck(conditionMfaPitfall, policyWith(statement)), [], JSON.stringify(statement));
});
