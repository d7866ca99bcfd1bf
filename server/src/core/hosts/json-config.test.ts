import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { jsonConfigReader } from './json-config';

const analyze = (text: string, uri = 'file:///repo/permission-sets/ReadOnly.json', config = defaultConfiguration) => analyzeDocument({ text, uri }, { config });

test('an IAM Identity Center permission set kept as a file: its CustomPolicy is a policy, checked at its place in the file', () => {
  // aws-samples/aws-iam-identity-center-pipeline's format (SSO sweep): unread before, "not an IAM policy".
  const { text, spans } = marked(`{
  "Name": "ReadOnly",
  "Description": "Read-only access",
  "SessionDuration": "PT4H",
  "ManagedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  "CustomPolicy": {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": ["s3:«GetObjects»"], "Resource": "arn:aws:s3:::reports/*" }]
  }
}
`);
  const analysis = analyze(text);
  assert.equal(analysis.kind, 'json-config');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType, policy.policyTypeInferred]),
    [['CustomPolicy', 'identity', false]],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('policies in a list of settings are named by their path and typed by their key, else by their content', () => {
  const text = `{
  "permissionSets": [
    { "Name": "Ops", "InlinePolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*" }] } },
    { "Name": "None", "InlinePolicy": null }
  ],
  "role": {
    "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
    "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sqs:SendMessage", "Resource": "*" }] }
  }
}
`;
  assert.deepEqual(
    analyze(text, 'file:///repo/config/landing-zone.json').policies.map((policy) => [policy.name, policy.policyType, policy.policyTypeInferred]),
    [
      ['permissionSets[0].InlinePolicy', 'identity', false],
      ['role.AssumeRolePolicyDocument', 'trust', false],
      ['role.PolicyDocument', 'resource', true],
    ],
  );
});

test("a file that is a policy, holds no policy under a policy key, or holds another service's document is not claimed", () => {
  const read = (text: string, uri = 'file:///repo/x.json', config = defaultConfiguration) => jsonConfigReader.read({ text, uri, config });
  assert.equal(read('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'), undefined);
  assert.equal(read('{"name": "app", "scripts": {"Statement": "echo"}}'), undefined);
  // An SNS data protection policy has statements, but is no IAM policy.
  assert.equal(read('{"DataProtectionPolicy": {"Name": "x", "Version": "2021-06-01", "Statement": [{"DataIdentifier": [], "Operation": {"Deny": {}}}]}}'), undefined);
  const settings = '{"CustomPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}';
  // A key written twice is the last one (ScoutSuite's rule-test inputs, JSON config sweep).
  const twice =
    '{"rule": {"InlinePolicy": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}, "InlinePolicy": {"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}}}';
  assert.deepEqual(
    read(twice)?.policies.map((policy) => policy.policy.statements[0].effect?.value?.value),
    ['Deny'],
  );
  assert.equal(read(settings)?.policies.length, 1);
  assert.equal(read(settings, 'file:///repo/x.json', { ...defaultConfiguration, detectByContent: false }), undefined);
  assert.equal(read(settings, 'file:///repo/x.yaml'), undefined);
  // An account's authorization details are what is deployed, the account views' input.
  const roles = '{"RoleDetailList": [{"RoleName": "r", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}]}';
  assert.equal(read(roles, 'file:///repo/authorization-details.json'), undefined);
});

test("a policy written as a string of its JSON, as the AWS CLI's input files write it, is checked inside the string", () => {
  // `aws iam create-role --cli-input-json file://role.json`: AssumeRolePolicyDocument is a string, escapes and all.
  const { text, spans } = marked(`{
  "RoleName": "deployer",
  "AssumeRolePolicyDocument": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"lambda.amazonaws.com\\"}, \\"Action\\": \\"sts:«AssumeRoles»\\"}]}",
  "Description": "Deploys the app"
}
`);
  const analysis = analyze(text, 'file:///repo/cli/role.json');
  assert.equal(analysis.kind, 'json-config');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['AssumeRolePolicyDocument', 'trust']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a string under a policy key that is not a policy of JSON is left alone', () => {
  const read = (text: string) => jsonConfigReader.read({ text, uri: 'file:///repo/x.json', config: defaultConfiguration });
  assert.equal(read('{"PolicyDocument": "arn:aws:iam::aws:policy/ReadOnlyAccess", "Note": "\\"Statement\\""}'), undefined);
  assert.equal(read('{"PolicyDocument": "{\\"Name\\": \\"x\\", \\"Statement\\": []}"}'), undefined);
});

test("a managed policy's version saved from `aws iam get-policy-version` is read under its Document key", () => {
  const { text, spans } = marked(`{
  "PolicyVersion": {
    "Document": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:«GetObjects»", "Resource": "*" }] },
    "VersionId": "v3",
    "IsDefaultVersion": true,
    "CreateDate": "2026-01-05T10:00:00Z"
  }
}
`);
  const analysis = analyze(text, 'file:///repo/policies/reader-v3.json');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['PolicyVersion.Document'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});
