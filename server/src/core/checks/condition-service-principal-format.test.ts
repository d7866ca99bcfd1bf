import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionServicePrincipalFormat } from './condition-service-principal-format';

// From AWS's EKS guide, copied into several repositories: the service-linked role can never be created.
test('condition-service-principal-format flags service names where a service principal or endpoint belongs, at the value', () => {
  const { actual, expected } = spansOf(
    conditionServicePrincipalFormat,
    `{"Statement": [
      {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"iam:AWSServiceName": "«eks»"}}},
      {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": ["lambda.amazonaws.com", "«ec2»"]}}},
      {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringNotEquals": {"aws:CalledVia": "«Athena»"}, "StringLike": {"kms:ViaService": ["«s3»", "ec2.*.amazonaws.com"]}}}]}`,
  );
  assert.deepEqual(actual, expected);
});

test('condition-service-principal-format writes the service principal, and names the endpoint form for kms:ViaService', () => {
  const text = policyWith({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'eks' } } });
  const [problem] = runCheck(conditionServicePrincipalFormat, text);
  assert.equal(problem.message, '"eks" is not a service principal: iam:AWSServiceName holds one such as "eks.amazonaws.com", so this value never matches. Write "eks.amazonaws.com".');
  assert.equal(problem.severity, 'warning');
  assert.equal(applyFix(text, problem), text.replace('"eks"', '"eks.amazonaws.com"'));
  const [endpoint] = runCheck(conditionServicePrincipalFormat, policyWith({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3' } } }));
  assert.equal(
    endpoint.message,
    '"s3" is not a service endpoint: kms:ViaService holds the endpoint of the service that calls AWS KMS, such as "ec2.us-west-2.amazonaws.com", so this value never matches.',
  );
  assert.equal(endpoint.fixes, undefined);
});

test('condition-service-principal-format accepts service principals, patterns, policy variables, other keys and operators', () => {
  const cases = [
    { StringEquals: { 'iam:AWSServiceName': ['autoscaling.amazonaws.com', 'dynamodb.application-autoscaling.amazonaws.com'], 'iam:PassedToService': 'ec2.amazonaws.com.cn' } },
    { StringEquals: { 'kms:ViaService': 'ec2.us-west-2.amazonaws.com', 'aws:CalledViaFirst': 'cloudformation.amazonaws.com' } },
    { StringLike: { 'iam:PassedToService': ['*', 'lambda*'] } },
    { StringEquals: { 'iam:PassedToService': '${aws:PrincipalTag/service}' } },
    { StringEquals: { 'aws:username': 'eks', 'ec2:InstanceType': 't3' } },
    { Null: { 'iam:AWSServiceName': 'false' } },
    { StringEquals: { 'iam:AWSServiceName': '' } },
  ];
  for (const Condition of cases) {
    const text = policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition });
    assert.deepEqual(runCheck(conditionServicePrincipalFormat, text), [], JSON.stringify(Condition));
  }
});
