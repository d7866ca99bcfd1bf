import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

// Calls of built-in functions (functions.ts) and locals whose value is a `for` expression or a call, in policies read
// by the editor: their values are what the file knows (its locals; variables are known only at apply), every element
// placed at the call or the `local.x` that makes it, as a `for` expression's elements are.

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function read(text: string) {
  const uri = `file:///work/evaluated-${documents++}.tf`;
  const policies = terraformReader.read({ text, uri })!.policies;
  const problems = analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.map((problem) => [problem.ruleId, problem.span]);
  return { policies, problems };
}

/** Each value of an Action or Resource element with the span the editor reports it at. */
function placed(element: { values: { value: string; span: unknown }[] } | undefined) {
  return element!.values.map((entry) => [entry.value, entry.span]);
}

test('split, format, lower and join over known values are read and checked at the call', () => {
  const { text, spans } = marked(`locals {
  bucket = "logs"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = «split(",", "s3:GetObject,s3:GetObjekt")»
    resources = [«format("arn:aws:s3:::%s/*", local.bucket)», «join("", ["arn:aws:s3:::", local.bucket])»]
  }
  statement {
    actions   = [«lower("SQS:SendMesage")»]
    resources = [format("arn:aws:s3:::%s/*", var.bucket)]
  }
}
`);
  const { policies, problems } = read(text);
  const [first, second] = policies[0].policy.statements;
  assert.deepEqual(placed(first.action), [
    ['s3:GetObject', spans[0]],
    ['s3:GetObjekt', spans[0]],
  ]);
  assert.deepEqual(placed(first.resource), [
    ['arn:aws:s3:::logs/*', spans[1]],
    ['arn:aws:s3:::logs', spans[2]],
  ]);
  // A variable is known only at apply: the ARN around it is still written, the variable a placeholder.
  assert.deepEqual(
    second.resource!.values.map((resource) => [resource.value, resource.placeholders?.map((hole) => hole.source)]),
    [['arn:aws:s3:::${var.bucket}/*', ['${var.bucket}']]],
  );
  assert.deepEqual(problems, [
    ['action-unknown', spans[0]],
    ['action-unknown', spans[3]],
  ]);
});

test('a local that is a `for` expression or a call is its value, placed at the reference', () => {
  const { text, spans } = marked(`locals {
  buckets = ["logs", "data"]
  arns    = [for b in local.buckets : "arn:aws:s3:::\${b}/*"]
  actions = formatlist("s3:%s", ["GetObject", "ListBukket"])
  names   = [for b in var.buckets : b]
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = «local.actions», Resource = «local.arns» },
      { Effect = "Allow", Action = "s3:ListBucket", Resource = local.names },
    ]
  })
}
`);
  const { policies, problems } = read(text);
  const [first, second] = policies[0].policy.statements;
  assert.deepEqual(placed(first.action), [
    ['s3:GetObject', spans[0]],
    ['s3:ListBukket', spans[0]],
  ]);
  assert.deepEqual(placed(first.resource), [
    ['arn:aws:s3:::logs/*', spans[1]],
    ['arn:aws:s3:::data/*', spans[1]],
  ]);
  // Over a variable: one placeholder, which no rule reports.
  assert.deepEqual(
    second.resource!.values.map((resource) => resource.value),
    ['local.names'],
  );
  assert.deepEqual(problems, [['action-unknown', spans[0]]]);
});

test('a dynamic statement over toset() is one statement per distinct element, its key the element', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = toset(["s3:ListBukket", "s3:GetObject", "s3:GetObject"])
    «content {
      sid       = replace(statement.key, ":", "")
      actions   = «[statement.value]»
      resources = ["*"]
    }»
  }
}
`);
  const { policies, problems } = read(text);
  assert.deepEqual(
    policies[0].policy.statements.map((statement) => [statement.sid?.value?.value, statement.action!.values.map((action) => action.value), statement.span]),
    [
      ['s3GetObject', ['s3:GetObject'], spans[0]],
      ['s3ListBukket', ['s3:ListBukket'], spans[0]],
    ],
  );
  assert.deepEqual(
    problems.filter(([rule]) => rule === 'action-unknown'),
    [['action-unknown', spans[1]]],
  );
});

test('try() over a value known only at apply is unknown, not its fallback', () => {
  const { text } = marked(`data "aws_iam_policy_document" "d" {
  statement {
    sid       = try(var.statement.sid, null)
    actions   = try(var.statement.actions, [])
    resources = [try(aws_sqs_queue.this[0].arn, null)]
  }
}
`);
  const { policies, problems } = read(text);
  const [statement] = policies[0].policy.statements;
  assert.deepEqual(
    statement.action!.values.map((action) => action.value),
    ['try(var.statement.actions, [])'],
  );
  assert.deepEqual(problems, []);
});

test('no quick fix rewrites an evaluated expression: a finding in its value has none, one in literal text keeps its fix', () => {
  const { text, spans } = marked(`locals {
  actions = ["GetObjekt"]
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = «split(",", "s3:GetObject,s3:GetObjekt")»
    resources = ["*"]
  }
  statement {
    actions   = «[for a in local.actions : "s3:\${a}"]»
    resources = ["*"]
  }
  statement {
    actions   = ["s3:«GetObjekt»"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
`);
  const uri = `file:///work/evaluated-${documents++}.tf`;
  const unknown = analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'action-unknown');
  assert.deepEqual(
    unknown.map((problem) => [problem.span, problem.fixes?.[0]?.edits]),
    [
      [spans[0], undefined],
      [spans[1], undefined],
      [spans[2], [{ span: spans[2], newText: 'GetObject' }]],
    ],
  );
});
