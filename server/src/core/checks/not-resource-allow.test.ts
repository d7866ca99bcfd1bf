import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { notResourceAllow } from './not-resource-allow';

test('not-resource-allow flags NotResource in an Allow statement', () => {
  const { actual, expected } = spansOf(notResourceAllow, '{"Statement": [{"Effect": "Allow", "Action": "s3:*", «"NotResource"»: "arn:aws:s3:::payroll/*"}]}');
  assert.deepEqual(actual, expected);
});

test('not-resource-allow says what the statement reaches', () => {
  const [problem] = runCheck(notResourceAllow, policyWith({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*' }));
  assert.equal(
    problem.message,
    '"NotResource" with "Allow" grants the statement\'s actions on every resource except "arn:aws:s3:::payroll/*", in this account and any other the actions reach. List the resources to allow in "Resource" instead, or pair "NotResource" with "Deny".',
  );
});

test('not-resource-allow accepts NotResource with Deny, actions without resource types, and policies that grant nothing', () => {
  assert.deepEqual(runCheck(notResourceAllow, policyWith({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::mine', 'arn:aws:s3:::mine/*'] })), []);
  assert.deepEqual(runCheck(notResourceAllow, policyWith({ Effect: 'Allow', Action: 'ec2:DescribeInstances', NotResource: 'arn:aws:ec2:*:*:instance/i-1' })), []);
  assert.deepEqual(runCheck(notResourceAllow, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mine/*' })), []);
  assert.deepEqual(runCheck(notResourceAllow, policyWith({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::x' }), 'scp'), []);
});

test("not-resource-allow accepts KMS keys used only through a service, as Amazon MWAA's guide grants the AWS-owned key of its queues", () => {
  const mwaa = {
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt'],
    NotResource: 'arn:aws:kms:*:111122223333:key/*',
    Condition: { StringLike: { 'kms:ViaService': ['sqs.us-east-1.amazonaws.com'] } },
  };
  assert.deepEqual(runCheck(notResourceAllow, policyWith(mwaa)), []);
  // Not through a service, or not only KMS's actions: every other key, or every other resource.
  assert.equal(runCheck(notResourceAllow, policyWith({ ...mwaa, Condition: { StringNotLike: { 'kms:ViaService': ['sqs.us-east-1.amazonaws.com'] } } })).length, 1);
  assert.equal(runCheck(notResourceAllow, policyWith({ ...mwaa, Action: ['kms:Decrypt', 's3:GetObject'] })).length, 1);
});
