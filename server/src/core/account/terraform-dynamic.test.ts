// `dynamic "statement"` blocks of policy document data sources in the account model
// (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks): over a collection the module
// instance knows (a called module's variable set by its caller), one statement per element, placed at the content
// block; over one known only at apply, the one statement the block reads, which may be made any number of times.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import { whoCan } from './who-can';
import { readInlineModules } from '../../../../test/helpers/inline-modules';

before(() => loadTerraformParser());

const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

const caller = `
module "app" {
  source = "../modules/policy"
  name   = "app"
  policy_statements = {
    read   = { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::data/*"] }
    assume = { actions = ["sts:AssumeRole"], resources = ["*"], condition = [{ test = "StringEquals", variable = "aws:PrincipalTag/team", values = ["ops"] }] }
    deny   = { effect = "Deny", not_actions = ["s3:GetObject"], resources = ["arn:aws:s3:::data/*"] }
  }
}
variable "later" {}
data "aws_iam_policy_document" "later" {
  dynamic "statement" {
    for_each = var.later
    content {
      actions   = ["iam:PassRole"]
      resources = ["*"]
    }
  }
}
resource "aws_iam_policy" "later" {
  name   = "later"
  policy = data.aws_iam_policy_document.later.json
}
resource "aws_iam_user" "u" {
  name = "u"
}
resource "aws_iam_user_policy_attachment" "later" {
  user       = aws_iam_user.u.name
  policy_arn = aws_iam_policy.later.arn
}
`;

const called = `
variable "name" {}
variable "policy_statements" { default = {} }
data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Fixed"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::data"]
  }
  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid         = statement.key
      effect      = lookup(statement.value, "effect", null)
      actions     = lookup(statement.value, "actions", null)
      not_actions = lookup(statement.value, "not_actions", null)
      resources   = try(statement.value.resources, null)
      dynamic "condition" {
        for_each = lookup(statement.value, "condition", [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
resource "aws_iam_policy" "this" {
  name   = var.name
  policy = data.aws_iam_policy_document.this.json
}
`;

function spanOf(text: string, needle: string, end: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  return { start, end: text.indexOf(end, start) + end.length };
}

test("a dynamic statement over a called module's variable is one statement per key, each placed at the content block", () => {
  const account = readInlineModules({ 'root/main.tf': caller, 'modules/policy/main.tf': called });
  const policy = account.policies.get(arn('policy/app'))!.policy;
  assert.deepEqual(policy.value, {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Fixed', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' },
      // Keys in lexical order; an absent key is null through lookup() and try(), so the argument is unset.
      { Sid: 'assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } },
      { Sid: 'deny', Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
      { Sid: 'read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
    ],
  });
  const content = spanOf(called, 'content {\n      sid', '    }\n  }\n}');
  content.end -= '\n  }\n}'.length;
  assert.deepEqual(policy.written?.statements, [
    { index: 0, sid: 'Fixed', span: spanOf(called, 'statement {', '  }') },
    { index: 1, sid: 'assume', span: content },
    { index: 2, sid: 'deny', span: content },
    { index: 3, sid: 'read', span: content },
  ]);
  assert.equal(policy.written?.file, 'modules/policy/main.tf');
  // Every value of the app policy is known: the one warning is the other policy's.
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('modules/policy')),
    [],
  );
});

test('a dynamic statement over a variable known only at apply may or may not be made: answered Conditional, and said so', () => {
  const account = readInlineModules({ 'root/main.tf': caller, 'modules/policy/main.tf': called });
  assert.deepEqual(account.policies.get(arn('policy/later'))!.policy.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringLike: { 'deploy-time:var.later': '*' } } }],
  });
  assert.deepEqual(account.warnings, [
    'root/main.tf: aws_iam_policy.later policy holds values known only at apply (var.later); statements using them are answered as conditional on deploy-time:… keys.',
  ]);
  const evaluator = new AccountEvaluator(account);
  assert.deepEqual(
    whoCan(evaluator, 'iam:PassRole', arn('role/any')).allowed.map((entry) => [entry.principal, entry.decision]),
    [[arn('user/u'), 'Conditional']],
  );
});

test('a condition block whose variable is computed is a test known only at apply: the statement waits on it', () => {
  // cloudposse/terraform-aws-eks-iam-role: the key is the cluster's issuer, `format("%s:sub", local.issuer)`.
  const module = `
variable "issuer_url" {}
locals {
  issuer = replace(var.issuer_url, "https://", "")
}
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = format("%s:sub", local.issuer)
      values   = ["system:serviceaccount:default:app"]
    }
  }
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
resource "aws_iam_user" "dev" {
  name = "dev"
}
resource "aws_iam_user_policy" "dev" {
  user   = aws_iam_user.dev.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}
`;
  const account = readInlineModules({ 'root/main.tf': module });
  assert.deepEqual(account.warnings, [
    'root/main.tf: aws_iam_role.app assume_role_policy holds values known only at apply (format("%s:sub", local.issuer)); statements using them are answered as conditional on deploy-time:… keys.',
  ]);
  const evaluator = new AccountEvaluator(account);
  const dev = whoCan(evaluator, 'sts:AssumeRole', arn('role/app')).allowed.find((entry) => entry.principal === arn('user/dev'));
  assert.equal(dev?.decision, 'Conditional');
});
