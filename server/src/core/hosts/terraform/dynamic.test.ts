import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';
import { renderedPolicyValue } from './rendered';

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

test('an element and its Not- pair both fed from a variable with an empty default are no conflict: the empty one is left out', () => {
  // cloudposse's Step Functions module: `actions = lookup(statement.value, "actions", [])` beside `not_actions = …`.
  const text = `data "aws_iam_policy_document" "default" {
  dynamic "statement" {
    for_each = var.iam_policies
    content {
      effect        = statement.value.effect
      actions       = lookup(statement.value, "actions", [])
      not_actions   = lookup(statement.value, "not_actions", [])
      resources     = lookup(statement.value, "resources", [])
      not_resources = lookup(statement.value, "not_resources", [])
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.default.json
}
`;
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

// A dynamic block over a collection the file knows (a local, a literal) is one block per element
// (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks): the iterator (the block's label, or
// `iterator = name`) is `{ key, value }`, a map's elements in lexical order of their keys, a list's by index.

function documentOf(text: string, uri: string) {
  const [embedded] = terraformReader.read({ text, uri })!.policies;
  return { value: renderedPolicyValue(embedded.policy.root!, 'policy-document'), statements: embedded.policy.statements };
}

test('a dynamic statement over a local map is one statement per key, placed at its content, with the iterator named', () => {
  const { text, spans } = marked(`locals {
  statements = {
    write = { actions = ["s3:PutObject"], resources = ["arn:aws:s3:::b/*"], effect = "Deny" }
    list  = { actions = ["s3:ListBuckt"], resources = ["arn:aws:s3:::b"], sid = "List" }
  }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
  dynamic "statement" {
    for_each = local.statements
    iterator = s
    «content {
      sid         = lookup(s.value, "sid", null)
      effect      = lookup(s.value, "effect", null)
      actions     = «s.value.actions»
      not_actions = lookup(s.value, "not_actions", null)
      resources   = «["\${s.value.resources[0]}"]»
    }»
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`);
  const { value, statements } = documentOf(text, 'file:///work/dynamic-map.tf');
  assert.deepEqual(value, {
    Version: '2012-10-17',
    Statement: [
      { Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      // `list` before `write`: keys in lexical order; a key the element lacks is null, so the argument is unset.
      { Sid: 'List', Effect: 'Allow', Action: 's3:ListBuckt', Resource: 'arn:aws:s3:::b' },
      { Sid: '', Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*' },
    ],
  });
  assert.deepEqual(
    statements.slice(1).map((statement) => [statement.span, statement.action!.values.map((action) => action.span), statement.resource!.values.map((resource) => resource.span)]),
    [
      [spans[0], [spans[1]], [spans[2]]],
      [spans[0], [spans[1]], [spans[2]]],
    ],
  );
  // The misspelt action is reported once, where the copy that makes it reads it.
  assert.deepEqual(findings(text), [['action-unknown', spans[1]]]);
});

test('nested dynamic principals and conditions over the iterator value; a list for_each by index; an empty one makes none', () => {
  const { text, spans } = marked(`locals {
  trusted = [
    { type = "Service", identifiers = ["lambda.amazonaws.com"] },
    { type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] },
  ]
}
data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = [{ principals = local.trusted, conditions = [{ test = "StringEquals", variable = "sts:ExternalId", values = ["x"] }] }]
    content {
      sid     = "Trust\${statement.key}"
      actions = ["sts:AssumeRole"]
      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = «principals.value.type»
          identifiers = principals.value.identifiers
        }
      }
      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
  dynamic "statement" {
    for_each = []
    content {
      actions = ["sts:TagSession"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`);
  const { value, statements } = documentOf(text, 'file:///work/dynamic-nested.tf');
  assert.deepEqual(value, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Trust0',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'lambda.amazonaws.com', AWS: 'arn:aws:iam::111122223333:root' },
        Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
      },
    ],
  });
  assert.deepEqual(
    statements[0].principal!.entries.map((entry) => [entry.type, entry.property.keySpan]),
    [
      ['Service', spans[0]],
      ['AWS', spans[0]],
    ],
  );
  assert.deepEqual(findings(text), []);
});

test('a dynamic statement over a variable stays one statement spanning the dynamic block', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "d" {
  «dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }»
}
`);
  const { statements } = documentOf(text, 'file:///work/dynamic-unknown.tf');
  assert.deepEqual(
    statements.map((statement) => [statement.span, statement.action!.values.map((action) => action.value)]),
    [[spans[0], ['statement.value.actions']]],
  );
});
