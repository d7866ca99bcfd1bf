import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import type { Problem } from '../../checks/check';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { checkPolicy } from '../../lint';
import type { EmbeddedPolicy, HostDocument } from '../host';
import { terraformReader } from './index';
import { terraformParser } from './parser';

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function read(text: string, uri = `file:///work/locals-${documents++}.tf`, languageId: string | undefined = 'terraform'): HostDocument {
  const document = terraformReader.read({ text, uri, ...(languageId ? { languageId } : {}) });
  assert.ok(document);
  return document;
}

function spansOf(embedded: EmbeddedPolicy, ruleId: string): { start: number; end: number }[] {
  return checkPolicy(embedded.policy, { policyType: embedded.policyType })
    .filter((problem: Problem) => problem.ruleId === ruleId)
    .map((problem) => problem.span);
}

test('an action list kept in a local is checked where the local is written', () => {
  const { text, spans } = marked(`locals {
  read_actions = ["s3:GetObject", "s3:«GetObjekt»"]
  bucket       = "arn:aws:s3:::logs"
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = local.read_actions
    resources = ["\${local.bucket}/*"]
  }
  statement {
    actions   = concat(local.read_actions, ["s3:«ListBukket»"])
    resources = [local.bucket]
  }
}
`);
  const [embedded] = read(text).policies;
  const [first, second] = embedded.policy.statements;
  assert.deepEqual(
    first.action!.values.map((value) => value.value),
    ['s3:GetObject', 's3:GetObjekt'],
  );
  // Both statements name the local: the finding is at the local's string, once per statement; the pipeline shows it once.
  assert.deepEqual(spansOf(embedded, 'action-unknown'), [spans[0], spans[0], spans[1]]);
  assert.equal(second.resource!.values[0].value, 'arn:aws:s3:::logs');
  // `${local.bucket}` inside a template stays a placeholder, typed from the local's literal.
  assert.deepEqual(
    first.resource!.values[0].placeholders?.map((hole) => [hole.source, hole.kind]),
    [['${local.bucket}', 'arn']],
  );
});

test('jsonencode of a local object, and a local that is the jsonencode call, are read at the local', () => {
  const { text, spans } = marked(`locals {
  statement = {
    Effect   = «"Alow"»
    Action   = "sqs:SendMessage"
    Resource = "*"
  }
  policy_json = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.statement, { Effect = "Allow", Action = "sns:«Publsh»", Resource = "*" }]
  })
}

resource "aws_iam_policy" "a" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [local.statement] })
}

resource "aws_iam_role_policy" "b" {
  role   = "app"
  policy = local.policy_json
}
`);
  const [a, b] = read(text).policies;
  assert.deepEqual([a.name, b.name], ['aws_iam_policy.a.policy', 'aws_iam_role_policy.b.policy']);
  assert.deepEqual(spansOf(a, 'effect-value'), [spans[0]]);
  assert.deepEqual(spansOf(b, 'effect-value'), [spans[0]]);
  assert.deepEqual(spansOf(b, 'action-unknown'), [spans[1]]);
});

test('a heredoc kept in a local is the policy of the attribute that names it', () => {
  const { text, spans } = marked(`locals {
  trust = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:«AssumeRoel»"}]
    }
  EOT
}

resource "aws_iam_role" "r" {
  assume_role_policy = local.trust
}
`);
  const [embedded] = read(text).policies;
  assert.equal(embedded.policyType, 'trust');
  assert.deepEqual(spansOf(embedded, 'action-unknown'), [spans[0]]);
});

test('locals that are not literals, variables with defaults and cycles stay placeholders', () => {
  const text = `variable "actions" {
  default = ["s3:GetObjekt"]
}

locals {
  from_var = var.actions
  derived  = [for name in var.names : "s3:\${name}"]
  loop     = [local.loop]
  a        = local.b
  b        = local.a
}

data "aws_iam_policy_document" "x" {
  statement {
    actions   = concat(var.actions, local.from_var, local.derived, local.loop, [local.a])
    resources = ["arn:aws:s3:::b/*"]
  }
}
`;
  const [embedded] = read(text).policies;
  const values = embedded.policy.statements[0].action!.values;
  assert.deepEqual(
    values.map((value) => [value.value, value.placeholders?.length ?? 0]),
    [
      ['var.actions', 1],
      ['local.from_var', 1],
      ['local.derived', 1],
      ['local.loop', 1],
      ['local.a', 1],
    ],
  );
  assert.deepEqual(checkPolicy(embedded.policy, {}), []);
});

test('editing a local reads the policies that use it again; an edit elsewhere keeps them', () => {
  const uri = 'file:///work/locals-edited.tf';
  const policy = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = local.actions
    resources = ["*"]
  }
}
`;
  const first = read(`locals {\n  actions = ["s3:GetObject"]\n}\n\n${policy}`, uri);
  assert.deepEqual(spansOf(first.policies[0], 'action-unknown'), []);
  const edited = `locals {\n  actions = ["s3:GetObjekt"]\n}\n\n${policy}`;
  const second = read(edited, uri);
  const [span] = spansOf(second.policies[0], 'action-unknown');
  assert.equal(edited.slice(span.start, span.end), 'GetObjekt');
  // A comment after the policy changes neither the policy nor the locals: the same policy object is returned.
  const third = read(`${edited}# done\n`, uri);
  assert.equal(third.policies[0].policy, second.policies[0].policy);
  // Moving the locals block re-reads the policy with the local's new place.
  const moved = `${policy}\nlocals {\n  actions = ["s3:GetObjekt"]\n}\n`;
  const [movedSpan] = spansOf(read(moved, uri).policies[0], 'action-unknown');
  assert.equal(moved.slice(movedSpan.start, movedSpan.end), 'GetObjekt');
});

test('half-typed locals never throw: every prefix of a file with locals used in policies is read', () => {
  const text = `locals {
  actions = ["s3:GetObject", local.extra]
  extra   = "s3:ListBucket"
  policy  = jsonencode({ Statement = [{ Effect = "Allow", Action = local.actions, Resource = "\${local.bucket}/*" }] })
  bucket  = "arn:aws:s3:::b"
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = concat(local.actions, [local.extra])
    resources = ["\${local.bucket}/*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = local.policy
}
`;
  const uri = 'file:///work/locals-prefixes.tf';
  for (let end = 0; end <= text.length; end++) {
    const document = read(text.slice(0, end), uri);
    assert.deepEqual(
      document.problems.filter((problem) => problem.ruleId === 'internal-error'),
      [],
      `prefix of ${end} characters`,
    );
  }
  const full = read(text, uri);
  assert.deepEqual(
    full.policies.map((policy) => policy.policy.statements[0].action?.values.map((value) => value.value)),
    [
      ['s3:GetObject', 's3:ListBucket', 's3:ListBucket'],
      ['s3:GetObject', 's3:ListBucket'],
    ],
  );
});

test('locals of another file of the module are read, and findings in them sit at the reference in this file', () => {
  const localsTf = `locals {
  read_actions = ["s3:GetObject", "s3:GetObjekt"]
  bucket       = "arn:aws:s3:::logs"
  statement    = { Effect = "Alow", Action = "sqs:SendMessage", Resource = "*" }
  policy       = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sns:Publsh", Resource = "*" }] })
}
`;
  const { text, spans } = marked(`data "aws_iam_policy_document" "read" {
  statement {
    actions   = «local.read_actions»
    resources = ["\${local.bucket}/*", local.bucket]
  }
}

resource "aws_iam_policy" "a" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [«local.statement»] })
}

resource "aws_iam_role_policy" "b" {
  role   = "app"
  policy = «local.policy»
}
`);
  const siblings = () => [
    { uri: 'file:///work/module/locals.tf', text: localsTf },
    { uri: 'file:///work/module/iam.tf', text },
  ];
  const analysis = analyzeDocument({ text, uri: 'file:///work/module/iam.tf', languageId: 'terraform', siblings }, { config: defaultConfiguration });
  const [read, a, b] = analysis.policies;
  assert.deepEqual(
    read.policy.statements[0].action!.values.map((value) => value.value),
    ['s3:GetObject', 's3:GetObjekt'],
  );
  assert.deepEqual(
    read.policy.statements[0].resource!.values.map((value) => [value.value, value.placeholders?.map((hole) => hole.kind) ?? []]),
    [
      ['${local.bucket}/*', ['arn']],
      ['arn:aws:s3:::logs', []],
    ],
  );
  const found = (policy: typeof read, ruleId: string) => policy.problems.filter((problem) => problem.ruleId === ruleId);
  const [unknownAction] = found(read, 'action-unknown');
  assert.deepEqual(unknownAction.span, spans[0]);
  assert.match(unknownAction.message, /GetObjekt.*\(from local\.read_actions in locals\.tf\)$/);
  // The fix would edit the other file's text: none is offered at the reference.
  assert.equal(unknownAction.fixes, undefined);
  const [effect] = found(a, 'effect-value');
  assert.deepEqual(effect.span, spans[1]);
  assert.match(effect.message, /\(from local\.statement in locals\.tf\)$/);
  assert.deepEqual(
    found(b, 'action-unknown').map((problem) => [problem.span, problem.message.endsWith('(from local.policy in locals.tf)')]),
    [[spans[2], true]],
  );
  // Every finding of the document sits in this file's text, at a reference to a local.
  for (const problem of analysis.problems) assert.match(text.slice(problem.span.start, problem.span.end), /^local\.\w+$/);
  // Without the other file the locals stay placeholders: none of their values is checked.
  const alone = analyzeDocument({ text, uri: 'file:///work/module/iam.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    alone.problems.filter((problem) => problem.ruleId === 'action-unknown' || problem.ruleId === 'effect-value'),
    [],
  );
});

test("a change in another file's locals reads again the blocks that name locals; other blocks are kept", () => {
  const uri = 'file:///work/module2/iam.tf';
  const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = local.actions
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "q" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`;
  let localsTf = `locals {\n  actions = ["s3:GetObject"]\n}\n`;
  const readWith = () => terraformReader.read({ text, uri, languageId: 'terraform', siblings: () => [{ uri: 'file:///work/module2/locals.tf', text: localsTf }] })!;
  const first = readWith();
  assert.deepEqual(spansOf(first.policies[0], 'action-unknown'), []);
  localsTf = `locals {\n  actions = ["s3:GetObjekt"]\n}\n`;
  const second = readWith();
  assert.deepEqual(spansOf(second.policies[0], 'action-unknown'), [{ start: text.indexOf('local.actions'), end: text.indexOf('local.actions') + 'local.actions'.length }]);
  assert.notEqual(second.policies[0].policy, first.policies[0].policy);
  assert.equal(second.policies[1].policy, first.policies[1].policy);
  // A change in the other file outside its locals keeps every policy.
  localsTf += `\nvariable "x" {}\n`;
  const third = readWith();
  assert.equal(third.policies[0].policy, second.policies[0].policy);
});

test('two files whose action lists are both written `local.actions` are checked each with its own values', () => {
  const policy = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = local.actions
    resources = ["*"]
  }
}
`;
  const { text: long, spans } = marked(`locals {\n  actions = ["s3:GetObject", "s3:PutObject", «"s3:GetObject"»]\n}\n${policy}`);
  const short = `locals {\n  actions = ["s3:PutObject"]\n}\n${policy}`;
  const [first] = read(long, undefined, undefined).policies;
  assert.deepEqual(spansOf(first, 'redundant-action'), [spans[0]]);
  // The same list text with other values: read with its own values, not those of the list checked before.
  const [second] = read(short, undefined, undefined).policies;
  assert.deepEqual(
    checkPolicy(second.policy, {}).filter((problem) => problem.ruleId === 'internal-error' || problem.ruleId === 'redundant-action'),
    [],
  );
  assert.deepEqual(spansOf(read(long, undefined, undefined).policies[0], 'redundant-action'), [spans[0]]);
});

test("a module's other files are parsed for their locals once, however many files the module has", () => {
  // Each file of the module reads the locals of every other: a cache smaller than the module missed every time (its
  // oldest entry was always the next one asked), and lint parsed each file once for each other file.
  const files = Array.from({ length: 150 }, (_, i) => ({
    uri: `file:///work/wide-module/f${i}.tf`,
    text: `locals {\n  actions_${i} = ["s3:GetObject"]\n}\ndata "aws_iam_policy_document" "d${i}" {\n  statement {\n    actions   = local.actions_${(i + 1) % 150}\n    resources = ["*"]\n  }\n}\n`,
  }));
  const parser = terraformParser();
  assert.ok(!(parser instanceof Error));
  const parse = parser.parse;
  let parses = 0;
  parser.parse = function (this: typeof parser, ...args: Parameters<typeof parse>) {
    parses++;
    return parse.apply(this, args);
  };
  try {
    const lintOf = (i: number) => terraformReader.read({ uri: files[i].uri, text: files[i].text, siblings: () => files.filter((_, j) => j !== i) });
    // The first file parses itself and each other file once.
    const first = lintOf(0);
    assert.equal(parses, 150);
    // It read its neighbour's local: one policy, with the neighbour's action.
    assert.deepEqual(
      first?.policies.map((policy) => policy.policy.statements[0].action?.values.map((value) => value.value)),
      [['s3:GetObject']],
    );
    // Every other file then parses only itself, and the one file not yet read as another's sibling (the first).
    parses = 0;
    for (let i = 1; i < files.length; i++) lintOf(i);
    assert.equal(parses, 149 + 1);
  } finally {
    parser.parse = parse;
  }
});

test("a policy attribute that takes one element of a local made by a for (local.trust[each.key]) reads the for's value", () => {
  // GlueOps' GitHub OIDC module writes each repository's trust policy so.
  const { text, spans } = marked(`locals {
  trust = { for repo, cfg in local.repos : repo => jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = «"repo:*"» } }
    }]
  }) }
  grouped = { for repo, cfg in local.repos : cfg.team => jsonencode({ Statement = [] })... }
}
resource "aws_iam_role" "github" {
  for_each           = local.repos
  assume_role_policy = local.trust[each.key]
}
resource "aws_iam_role" "grouped" {
  assume_role_policy = local.grouped["platform"]
}
`);
  const document = read(text);
  // A grouping for (`...`) makes each element a list of values: not a policy.
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [['aws_iam_role.github.assume_role_policy', 'trust']],
  );
  assert.deepEqual(spansOf(document.policies[0], 'trust-github-sub'), spans);
});
