import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyVariablePlacement } from './policy-variable-placement';

test('policy-variable-placement flags variables in Action, NotAction, Principal and NotPrincipal', () => {
  const { actual, expected } = spansOf(
    policyVariablePlacement,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::«${aws:PrincipalAccount}»:root"}, "Action": ["s3:«${aws:username}»", "s3:GetObject"], "Resource": "*"}, {"Effect": "Deny", "NotPrincipal": {"AWS": "«${x}»"}, "NotAction": "«${}»", "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('policy-variable-placement says where variables work', () => {
  const [problem] = runCheck(policyVariablePlacement, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:${aws:username}", "Resource": "*"}]}');
  assert.equal(problem.message, 'Policy variables work only in Resource and Condition values; in Action, IAM reads "${aws:username}" as plain text. Write the value out.');
  // A template's pseudo parameter written without !Sub (zalando's etcd stack) is CloudFormation's, never replaced.
  const [pseudo] = runCheck(
    policyVariablePlacement,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${AWS::AccountId}:root"}, "Action": "kms:*", "Resource": "*"}]}',
  );
  assert.equal(
    pseudo.message,
    '"${AWS::AccountId}" is a CloudFormation pseudo parameter, which CloudFormation replaces only inside Fn::Sub (!Sub); written as plain text it reaches IAM as it is, and Principal takes no variable. Write the value in !Sub, or write it out.',
  );
});

test('policy-variable-placement accepts variables in Resource, NotResource and Condition values', () => {
  const text =
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}}, {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/${aws:username}/*"}]}';
  assert.deepEqual(runCheck(policyVariablePlacement, text), []);
});
