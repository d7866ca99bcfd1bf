import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import type { HostDocument } from '../host';
import { terraformReader } from './index';

// source_policy_documents / override_policy_documents as terraform-provider-aws merges them
// (policy_document_data_source.go: source_json, sources in order, own statements, overrides in order, override_json;
// a statement with a Sid replaces the first with that Sid in place, one without is appended).

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function read(text: string): HostDocument {
  return terraformReader.read({ text, uri: `file:///work/merge-${documents++}.tf`, languageId: 'terraform' })!;
}

function policyNamed(document: HostDocument, name: string) {
  const found = document.policies.find((policy) => policy.name === name);
  assert.ok(found, name);
  return found;
}

const sids = (document: HostDocument, name: string) => policyNamed(document, name).policy.statements.map((statement) => statement.sid?.value?.value ?? '');

const base = `data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "extra" {
  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "narrow" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObjectVersion"]
    resources = ["arn:aws:s3:::b/*"]
  }
  statement {
    actions   = ["s3:GetBucketLocation"]
    resources = ["*"]
  }
}
`;

test('sources come first, own statements replace by Sid in place, overrides last in list order', () => {
  const text = `${base}data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json, data.aws_iam_policy_document.extra.json]
  override_policy_documents = [data.aws_iam_policy_document.narrow.json]
  statement {
    sid       = "List"
    actions   = ["s3:ListAllMyBuckets"]
    resources = ["*"]
  }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
`;
  const document = read(text);
  assert.deepEqual(document.problems, []);
  assert.deepEqual(sids(document, 'data.aws_iam_policy_document.merged'), ['Read', 'List', 'Write', '', '']);
  const merged = policyNamed(document, 'data.aws_iam_policy_document.merged').policy;
  const actions = merged.statements.map((statement) => statement.action!.values.map((value) => value.value).join());
  assert.deepEqual(actions, ['s3:GetObjectVersion', 's3:ListAllMyBuckets', 's3:PutObject', 'sqs:SendMessage', 's3:GetBucketLocation']);
  // Every statement stays where it is written: the override's Read at its own block, not in the merging one.
  assert.equal(merged.statements[0].span.start, text.indexOf('statement {', text.indexOf('"narrow"')));
  // The size rule measures the merged document the provider renders.
  assert.match(merged.sizeText!, /"Sid": "Write"/);
  assert.match(merged.sizeText!, /"Action": "sqs:SendMessage"/);
});

test('override_json and source_json, the deprecated single-document forms, merge the same way', () => {
  const text = `${base}data "aws_iam_policy_document" "legacy" {
  source_json   = data.aws_iam_policy_document.base.json
  override_json = data.aws_iam_policy_document.narrow.minified_json
}
`;
  assert.deepEqual(sids(read(text), 'data.aws_iam_policy_document.legacy'), ['Read', 'List', '']);
});

test('a Sid repeated across source documents is the error the provider fails with, at the list element', () => {
  const { text, spans } = marked(`${base}data "aws_iam_policy_document" "twice" {
  source_policy_documents = [data.aws_iam_policy_document.base.json, «data.aws_iam_policy_document.narrow.json»]
}
`);
  const document = read(text);
  assert.deepEqual(
    document.problems.map((problem) => [problem.ruleId, problem.severity, problem.span]),
    [['sid-duplicate', 'error', spans[0]]],
  );
  assert.match(document.problems[0].message, /Sid "Read" is repeated in source_policy_documents \(item 1; statement 0\)/);
});

test('overrides may repeat a Sid: they replace, the provider does not fail', () => {
  const text = `${base}data "aws_iam_policy_document" "ok" {
  override_policy_documents = [data.aws_iam_policy_document.base.json, data.aws_iam_policy_document.narrow.json]
}
`;
  const document = read(text);
  assert.deepEqual(document.problems, []);
  assert.deepEqual(sids(document, 'data.aws_iam_policy_document.ok'), ['Read', 'List', '']);
});

test('documents not in this file leave the merge partial: what is known is checked, nothing is invented', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "mine" {
  source_policy_documents   = concat([var.extra_policy], var.more)
  override_policy_documents = [module.other.json, aws_iam_policy.x.policy]
  statement {
    actions   = ["s3:«GetObjekt»"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "only_unknown" {
  source_policy_documents = var.documents
}
`);
  const document = read(text);
  assert.deepEqual(
    document.policies.map((policy) => policy.name),
    ['data.aws_iam_policy_document.mine'],
  );
  const analysis = analyzeDocument({ text, uri: 'file:///work/partial.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a finding in a statement merged into another document is reported once, at the statement', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "shared" {
  statement {
    sid       = "Shared"
    actions   = ["s3:«GetObjekt»"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "a" {
  source_policy_documents = [data.aws_iam_policy_document.shared.json]
  statement {
    sid       = "Own"
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sqs:us-east-1:111122223333:jobs"]
  }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/shared.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  assert.equal(analysis.policies.find((policy) => policy.name === 'data.aws_iam_policy_document.a')!.problems.filter((problem) => problem.ruleId === 'action-unknown').length, 1);
});

test('a merged policy is kept while its documents are unchanged, and rebuilt when one changes', () => {
  const text = `${base}data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
}
`;
  const uri = 'file:///work/merge-incremental.tf';
  const first = terraformReader.read({ text, uri, languageId: 'terraform' })!;
  const again = terraformReader.read({ text, uri, languageId: 'terraform' })!;
  assert.equal(policyNamed(again, 'data.aws_iam_policy_document.merged'), policyNamed(first, 'data.aws_iam_policy_document.merged'));
  const edited = text.replace('"s3:ListBucket"', '"s3:ListBuckets"');
  const changed = terraformReader.read({ text: edited, uri, languageId: 'terraform' })!;
  const merged = policyNamed(changed, 'data.aws_iam_policy_document.merged');
  assert.notEqual(merged, policyNamed(first, 'data.aws_iam_policy_document.merged'));
  assert.deepEqual(
    merged.policy.statements[1].action!.values.map((value) => value.value),
    ['s3:ListBuckets'],
  );
});

test('a document that merges itself in is read as unknown, not looped on', () => {
  const text = `data "aws_iam_policy_document" "a" {
  source_policy_documents = [data.aws_iam_policy_document.b.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "b" {
  source_policy_documents = [data.aws_iam_policy_document.a.json]
}
`;
  const document = read(text);
  assert.deepEqual(sids(document, 'data.aws_iam_policy_document.a'), ['']);
});

test('optional source documents in compact() (flag ? document : "") are merged in, unknown ones leave the merge partial', () => {
  const text = `${base}data "aws_iam_policy_document" "combined" {
  source_policy_documents = compact([
    var.read ? data.aws_iam_policy_document.base[0].json : "",
    var.write ? data.aws_iam_policy_document.extra[0].json : null,
    var.narrow ? data.aws_iam_policy_document.narrow[0].json : "",
    var.attach_policy ? var.policy : "",
  ])
}
`;
  const document = read(text);
  // base and narrow both have Sid "Read", but either may be left out: the provider fails only when both are given.
  assert.deepEqual(document.problems, []);
  assert.deepEqual(sids(document, 'data.aws_iam_policy_document.combined'), ['Read', 'List', 'Write', '']);
});
