import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

before(async () => {
  await terraformReader.prepare!();
});

const problemsOf = (text: string) =>
  analyzeDocument({ text, uri: 'file:///w/main.tf', languageId: 'terraform' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'terraform-argument-unknown');

// checkov's GitHub OIDC samples write `action =` for `actions =`: the statement has no action, and Terraform refuses it.
test('terraform-argument-unknown names a statement, principals or condition argument the provider does not take, with the close one as a fix', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "read" {
  statement {
    «action»    = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
    «principal» {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      «varible» = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}
`);
  const problems = problemsOf(text);
  assert.deepEqual(
    problems.map((problem) => [problem.span, problem.severity]),
    spans.map((span) => [span, 'error']),
  );
  assert.equal(
    problems[0].message,
    '"action" is not an argument of a statement block: Terraform refuses it ("An argument named "action" is not expected here"), and the policy is not what it says. Did you mean "actions"?',
  );
  assert.equal(applyFix(text, problems[1]), text.replace('principal {', 'principals {'));
  assert.equal(applyFix(text, problems[2]), text.replace('varible', 'variable'));
});

test("terraform-argument-unknown says a statement's arguments written outside a statement block belong in one", () => {
  const [problem] = problemsOf('data "aws_iam_policy_document" "scp" {\n  effect    = "Allow"\n  actions   = ["*"]\n  resources = ["*"]\n}\n');
  assert.match(problem.message, /^"effect" is not an argument of data "aws_iam_policy_document": .* It is an argument of a statement: write it inside a `statement \{ … \}` block\.$/);
  assert.equal(problem.fixes, undefined);
});

test('terraform-argument-unknown accepts the schema, legacy argument blocks, dynamic blocks and meta-arguments', () => {
  const text = `data "aws_iam_policy_document" "ok" {
  count                   = var.enabled ? 1 : 0
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  policy_id               = "ok"
  statement {
    sid        = "Read"
    effect     = "Allow"
    not_actions = ["iam:*"]
    not_resources = ["arn:aws:s3:::secret/*"]
    principals = [{ type = "AWS", identifiers = ["*"] }]
    dynamic "condition" {
      for_each = var.org_ids
      content {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = [condition.value]
      }
    }
  }
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}
`;
  assert.deepEqual(problemsOf(text), []);
});

test('terraform-argument-unknown judges no argument of a block the parser recovered in: the syntax error is the finding', () => {
  // `principals { type = "*", identifiers = ["*"] }` (guardrail sweep): HCL takes one argument in a one-line block, and
  // the parser's recovery gave the principals block the condition's `variable` and `values`.
  const text = `data "aws_iam_policy_document" "secret" {
  statement {
    effect  = "Deny"
    actions = ["secretsmanager:GetSecretValue"]
    principals { type = "*", identifiers = ["*"] }
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1a2b3c4d"]
    }
    acions = ["kms:Decrypt"]
  }
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///w/main.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.ok(analysis.problems.some((problem) => problem.ruleId === 'terraform-syntax'));
  // The statement's own misspelt argument, outside the recovered block, is still judged.
  assert.deepEqual(
    problemsOf(text).map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['acions'],
  );
});
