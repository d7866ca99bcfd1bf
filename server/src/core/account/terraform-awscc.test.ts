import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import { whoCan } from './who-can';
import { readInlineModules } from '../../../../test/helpers/inline-modules';

// The AWS Cloud Control provider's IAM resources in the account model: CloudFormation's, under snake_case names.

before(() => loadTerraformParser());

const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

const MODULE = `resource "awscc_iam_role" "deployer" {
  role_name                   = "deployer"
  path                        = "/ci/"
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = awscc_iam_user.ci.arn }, Action = "sts:AssumeRole" }] })
  managed_policy_arns         = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  permissions_boundary        = awscc_iam_managed_policy.boundary.policy_arn
  tags                        = [{ key = "team", value = "platform" }]
  policies = [{
    policy_name     = "deploy"
    policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "*" }] })
  }]
}

resource "awscc_iam_user" "ci" {
  user_name = "ci"
  groups    = [awscc_iam_group.builders.group_name]
}

resource "awscc_iam_group" "builders" {
  group_name          = "builders"
  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSCodeBuildReadOnlyAccess"]
}

resource "awscc_iam_managed_policy" "boundary" {
  managed_policy_name = "deployer-boundary"
  policy_document     = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["lambda:*", "s3:Get*"], Resource = "*" }] })
}

resource "awscc_iam_managed_policy" "logs" {
  managed_policy_name = "logs"
  roles               = [awscc_iam_role.deployer.role_name]
  policy_document     = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
}

resource "awscc_iam_user_policy" "assume" {
  user_name       = awscc_iam_user.ci.user_name
  policy_name     = "assume"
  policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = awscc_iam_role.deployer.arn }] })
}
`;

test("awscc roles, users, groups and managed policies are the account's principals and policies, each as CloudFormation's", () => {
  const account = readInlineModules({ 'root/main.tf': MODULE });
  const role = account.roles.get(arn('role/ci/deployer'))!;
  assert.ok(role, 'the role is named by role_name under its path');
  assert.deepEqual(role.attached, ['arn:aws:iam::aws:policy/ReadOnlyAccess', arn('policy/logs')]);
  assert.deepEqual(
    role.inline.map((policy) => policy.name),
    ['deploy'],
  );
  assert.equal(role.boundary, arn('policy/deployer-boundary'));
  assert.deepEqual(role.tags, { team: 'platform' });
  assert.deepEqual(role.trust?.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: arn('user/ci') }, Action: 'sts:AssumeRole' }],
  });
  const user = account.users.get(arn('user/ci'))!;
  assert.deepEqual(user.groups, ['builders']);
  assert.deepEqual(
    user.inline.map((policy) => policy.name),
    ['assume'],
  );
  assert.deepEqual(account.groups.get(arn('group/builders'))!.attached, ['arn:aws:iam::aws:policy/AWSCodeBuildReadOnlyAccess']);
  assert.deepEqual([...account.policies.keys()], [arn('policy/deployer-boundary'), arn('policy/logs')]);
  assert.deepEqual(account.warnings, []);
});

test('who-can over awscc principals: the inline policy grants, the boundary caps, and the user reaches the role through its trust', () => {
  const account = readInlineModules({ 'root/main.tf': MODULE });
  const evaluator = new AccountEvaluator(account);
  const principals = (action: string, resource: string) =>
    whoCan(evaluator, action, resource)
      .allowed.map((entry) => `${entry.principal} ${entry.decision}`)
      .sort();
  const fn = 'arn:aws:lambda:us-east-1:111122223333:function:api';
  assert.deepEqual(principals('lambda:UpdateFunctionCode', fn), [`${arn('role/ci/deployer')} Allowed`]);
  // ReadOnlyAccess allows s3:ListBucket, but the boundary allows only lambda:* and s3:Get*.
  assert.deepEqual(principals('s3:ListBucket', 'arn:aws:s3:::artifacts'), []);
  assert.deepEqual(principals('s3:GetObject', 'arn:aws:s3:::artifacts/app.zip'), [`${arn('role/ci/deployer')} Allowed`]);
  assert.deepEqual(principals('sts:AssumeRole', arn('role/ci/deployer')), [`${arn('user/ci')} Allowed`]);
});
