import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { policyVariableOperator } from './policy-variable-operator';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": ${condition}}]}`;

test('policy-variable-operator flags variables under operators that do not substitute them', () => {
  const { actual, expected } = spansOf(
    policyVariableOperator,
    policy(
      '{"NumericLessThan": {"s3:max-keys": "«${aws:PrincipalTag/limit}»"}, "DateGreaterThan": {"aws:CurrentTime": "«${aws:TokenIssueTime}»"}, "IpAddress": {"aws:SourceIp": "«${aws:PrincipalTag/cidr}»"}, "Null": {"aws:TokenIssueTime": "«${x:y}»"}, "BinaryEquals": {"k:b": "a«${*}»"}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('policy-variable-operator names the operator and what to do', () => {
  const [problem] = runCheck(policyVariableOperator, policy('{"DateGreaterThan": {"aws:CurrentTime": "${aws:TokenIssueTime}"}}'));
  assert.equal(
    problem.message,
    'IAM does not substitute policy variables in Date conditions, so "DateGreaterThan" compares "${aws:TokenIssueTime}" as plain text. Use a literal value, or a String or ARN operator.',
  );
});

test('policy-variable-operator accepts variables in String, ARN and Bool conditions', () => {
  const text = policy(
    '{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}, "ArnLike": {"aws:SourceArn": "arn:aws:s3:::${aws:username}"}, "Bool": {"aws:SecureTransport": "${aws:ViaAWSService}"}, "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "${aws:username}*"}, "Nope": {"a:b": "${x:y}"}}',
  );
  assert.deepEqual(runCheck(policyVariableOperator, text), []);
});
