import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

// Dynamic blocks fed from a variable (the idiom of terraform-aws-modules: `for_each = var.policy_statements`,
// `sid = lookup(statement.value, "sid", null)`) hold values known only at plan time. Nothing about them is reported;
// what is written literally beside them still is.

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function findings(text: string): [string, { start: number; end: number }][] {
  const analysis = analyzeDocument({ text, uri: `file:///work/dynamic-${documents++}.tf` }, { config: defaultConfiguration });
  return analysis.problems.map((problem) => [problem.ruleId, problem.span]);
}

// A trust policy has no Resource, so its dynamic statements (terraform-aws-lambda's assume_role) leave `resources` out.
const dynamicStatement = (resources: boolean) => `  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid         = lookup(statement.value, "sid", null)
      effect      = lookup(statement.value, "effect", null)
      actions     = lookup(statement.value, "actions", null)
      not_actions = lookup(statement.value, "not_actions", null)
${resources ? '      resources   = try(statement.value.resources, null)\n' : ''}      dynamic "principals" {
        for_each = lookup(statement.value, "principals", [])
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "not_principals" {
        for_each = lookup(statement.value, "not_principals", [])
        content {
          type        = not_principals.value.type
          identifiers = not_principals.value.identifiers
        }
      }
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
`;

test('a dynamic statement fed from a variable reports nothing in an identity policy', () => {
  const text = `data "aws_iam_policy_document" "inline" {\n${dynamicStatement(true)}}\nresource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.inline.json\n}\n`;
  assert.deepEqual(findings(text), []);
});

test('a dynamic statement fed from a variable reports nothing in a trust policy', () => {
  const text = `data "aws_iam_policy_document" "trust" {\n${dynamicStatement(false)}}\nresource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n`;
  assert.deepEqual(findings(text), []);
});

test('literal text beside dynamic parts is still checked, and real conflicts still reported', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "mixed" {
  statement {
    actions     = ["s3:«GetObjekt»"]
    «not_actions» = ["s3:PutObject"]
    resources   = ["arn:aws:s3:::b/*"]
  }
  statement {
    actions       = ["s3:ListBucket"]
    not_actions   = lookup(var.extra, "not_actions", null)
    resources     = ["arn:aws:s3:::b"]
    dynamic "condition" {
      for_each = var.conditions
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
    condition {
      test     = «"StringEqual"»
      variable = "aws:PrincipalTag/team"
      values   = ["ops"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.mixed.json
}
`);
  assert.deepEqual(findings(text), [
    ['action-unknown', spans[0]],
    ['element-conflict', spans[1]],
    ['condition-operator-unknown', spans[2]],
  ]);
});

test('compact() drops the empty string a conditional gives: no empty action', () => {
  const text = `data "aws_iam_policy_document" "logs" {
  statement {
    actions   = compact([var.create_group ? "logs:CreateLogGroup" : "", "logs:CreateLogStream", "logs:PutLogEvents"])
    resources = ["arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.logs.json
}
`;
  assert.deepEqual(findings(text), []);
  const [embedded] = terraformReader.read({ text, uri: 'file:///work/compact.tf' })!.policies;
  assert.deepEqual(
    embedded.policy.statements[0].action!.values.map((value) => value.value),
    ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  );
});
