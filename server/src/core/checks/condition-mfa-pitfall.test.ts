import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
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
  const [problem] = runCheck(
    conditionMfaPitfall,
    policyWith({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false', 'aws:SecureTransport': 'false' } } }),
  );
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

// The S3 User Guide's "require MFA" bucket policy denies a missing aws:MultiFactorAuthAge in a sibling statement:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
test('condition-mfa-pitfall sees a Null deny of the key in a sibling statement that covers the same requests', () => {
  const bucketPolicy = (nullKey: string, nullResource: string) => `{"Version": "2012-10-17", "Statement": [
    {"Sid": "", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "${nullResource}", "Condition": {"Null": {"${nullKey}": true}}},
    {"Sid": "", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/taxdocuments/*", "Condition": {"NumericGreaterThan": {«"aws:MultiFactorAuthAge"»: 3600}}}]}`;
  assert.deepEqual(runCheck(conditionMfaPitfall, marked(bucketPolicy('aws:MultiFactorAuthAge', 'arn:aws:s3:::bucket/taxdocuments/*')).text), []);
  assert.deepEqual(runCheck(conditionMfaPitfall, marked(bucketPolicy('aws:MultiFactorAuthAge', 'arn:aws:s3:::bucket/*')).text), []);
  // A Null deny of aws:MultiFactorAuthPresent misses temporary credentials made without MFA; one on fewer resources misses the rest.
  for (const [key, resource] of [
    ['aws:MultiFactorAuthPresent', 'arn:aws:s3:::bucket/taxdocuments/*'],
    ['aws:MultiFactorAuthAge', 'arn:aws:s3:::bucket/taxdocuments/2024/*'],
  ]) {
    const { text, spans } = marked(bucketPolicy(key, resource));
    assert.deepEqual(
      runCheck(conditionMfaPitfall, text).map((p) => p.span),
      spans,
      `${key} on ${resource}`,
    );
  }
});

test('condition-mfa-pitfall accepts Bool "false" when a sibling denies a missing aws:MultiFactorAuthPresent', () => {
  const text = `{"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}}},
    {"Effect": "Deny", "Action": ["ec2:StopInstances", "ec2:TerminateInstances"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}`;
  assert.deepEqual(runCheck(conditionMfaPitfall, text), []);
  // With a second condition the sibling denies only some of those requests.
  const { text: narrowed, spans } = marked(`{"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}, "StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
    {"Effect": "Deny", "Action": "ec2:StopInstances", "Resource": "*", "Condition": {"Bool": {«"aws:MultiFactorAuthPresent"»: "false"}}}]}`);
  assert.deepEqual(
    runCheck(conditionMfaPitfall, narrowed).map((p) => p.span),
    spans,
  );
});
