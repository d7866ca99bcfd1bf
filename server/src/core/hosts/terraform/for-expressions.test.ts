import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';
import { renderedPolicyValue } from './rendered';

// `for` expressions (https://developer.hashicorp.com/terraform/language/expressions/for) over a collection the file
// knows (a local, a literal) are read as their elements, with the `if` filter applied, every element placed at the
// `for` expression; over a variable or a resource they stay one placeholder (or one copy of their body), which no
// rule reports. The evaluation is the account model's (evaluate.ts).

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function read(text: string) {
  const uri = `file:///work/for-${documents++}.tf`;
  const policies = terraformReader.read({ text, uri })!.policies;
  const problems = analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.map((problem) => [problem.ruleId, problem.span]);
  return { policies, problems };
}

test('a `for` over a local list in a policy document is its elements, placed at the `for` expression', () => {
  const { text, spans } = marked(`locals {
  actions = ["GetObject", "PutObjekt", "DeleteObject"]
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = «[for a in local.actions : "s3:\${a}" if a != "DeleteObject"]»
    resources = ["arn:aws:s3:::b/*"]
  }
}
`);
  const { policies, problems } = read(text);
  const [statement] = policies[0].policy.statements;
  assert.deepEqual(
    statement.action!.values.map((action) => [action.value, action.span]),
    [
      ['s3:GetObject', spans[0]],
      ['s3:PutObjekt', spans[0]],
    ],
  );
  assert.deepEqual(problems, [['action-unknown', spans[0]]]);
});

test('`for` expressions in jsonencode: a Resource list, a Statement list over a local map, a map made by `{for …}`', () => {
  const { text, spans } = marked(`locals {
  buckets = ["logs", "data"]
  grants  = { read = ["s3:GetObject"], list = ["s3:ListBucket"] }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = «[for sid, actions in local.grants : {
      Sid      = sid
      Effect   = "Allow"
      Action   = actions
      Resource = "*"
    }]»
  })
}
resource "aws_iam_role_policy" "r" {
  role = "r"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "s3:GetObject"
      Resource  = «[for b in local.buckets : "arn:aws:s4:::\${b}/*"]»
      Condition = { StringEquals = «{ for b in local.buckets : "aws:ResourceTag/\${b}" => "yes" }» }
    }]
  })
}
`);
  const { policies, problems } = read(text);
  assert.deepEqual(
    policies.map((policy) => renderedPolicyValue(policy.policy.root!, 'jsonencode')),
    [
      {
        Version: '2012-10-17',
        // Map keys in lexical order: list before read.
        Statement: [
          { Sid: 'list', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' },
          { Sid: 'read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
        ],
      },
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: ['arn:aws:s4:::logs/*', 'arn:aws:s4:::data/*'],
            Condition: { StringEquals: { 'aws:ResourceTag/data': 'yes', 'aws:ResourceTag/logs': 'yes' } },
          },
        ],
      },
    ],
  );
  assert.deepEqual(
    policies[0].policy.statements.map((statement) => statement.span),
    [spans[0], spans[0]],
  );
  // The misspelt service of both bucket ARNs is one finding, at the `for` expression that makes them.
  assert.deepEqual(
    problems.filter(([rule]) => rule === 'arn-service'),
    [['arn-service', spans[1]]],
  );
  assert.deepEqual(
    policies[1].policy.statements[0].condition!.operators[0].keys.map((key) => [key.key, key.property.keySpan]),
    [
      ['aws:ResourceTag/data', spans[2]],
      ['aws:ResourceTag/logs', spans[2]],
    ],
  );
});

test('a `for` over a variable, or one whose elements are unknown through its own symbols, reports nothing', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "logs" {
  statement {
    actions   = [for a in var.actions : "logs:\${a}"]
    resources = «[for n in ["a", "b"] : data.aws_s3_bucket.named[n].arn]»
  }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = [for a in var.actions : "s3:\${a}"], Resource = [for b in var.buckets : "arn:aws:s3:::\${b}/*"] }]
  })
}
`);
  const { policies, problems } = read(text);
  // Each element is unknown through `n`: the list is one placeholder, not two equal ones (which would read as a repeat).
  assert.deepEqual(
    policies[0].policy.statements[0].resource!.values.map((resource) => [resource.value, resource.span]),
    [[text.slice(spans[0].start, spans[0].end), spans[0]]],
  );
  assert.deepEqual(problems, []);
});

test('a `for` whose body calls format() over its own symbol is its formatted elements', () => {
  const { text, spans } = marked(`locals {
  log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn"
}
data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:PutLogEvents"]
    resources = «[for _, v in ["%v:*", "%v:*:*"] : format(v, local.log_group_arn)]»
  }
}
`);
  const { policies, problems } = read(text);
  assert.deepEqual(
    policies[0].policy.statements[0].resource!.values.map((resource) => [resource.value, resource.span]),
    [
      ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*', spans[0]],
      ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:*:*', spans[0]],
    ],
  );
  // `…:fn:*` already matches every ARN `…:fn:*:*` does.
  assert.deepEqual(problems, [['redundant-resource', spans[0]]]);
});
