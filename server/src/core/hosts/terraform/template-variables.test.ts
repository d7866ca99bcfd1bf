import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { terraformReader } from './index';
import { templateVariables } from './template-variables';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';

before(async () => {
  await terraformReader.prepare!();
});

const TRUST_TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "\${oidc_provider_arn}"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"\${oidc_host}:sub": [
      %{ for subject in subjects ~}
      "\${subject}",
      %{ endfor ~}
      "system:serviceaccount:default:app"
    ]}}
  }]
}`;

const templates: Record<string, string> = { 'file:///work/infra/trust.json.tftpl': TRUST_TEMPLATE };
const readLinked = (uri: string) => templates[uri];

test('the variables a template reads: references and the lists a for walks, less the names a for binds', () => {
  assert.deepEqual(templateVariables(TRUST_TEMPLATE), ['oidc_provider_arn', 'oidc_host', 'subjects']);
  // Escapes, IAM policy variables (which a template writes escaped) and computed interpolations name no variable.
  assert.deepEqual(templateVariables('{"Resource": "arn:aws:s3:::b/$${aws:username}/${bucket.name}/${arns[0]}"}'), ['bucket', 'arns']);
});

test('the variables an expression reads: function arguments, conditions and a jsonencode template, not its keys or for bindings', () => {
  assert.deepEqual(templateVariables('{"Resource": "arn:aws:s3:::${lower(bucket)}/${upper(prefix)}/*"}'), ['bucket', 'prefix']);
  assert.deepEqual(templateVariables('%{ if public ~}{"Statement": []}%{ endif ~}'), ['public']);
  // Terraform's templatefile() page writes JSON so: keys are names, `for` binds `arn`, `partition` is read.
  const jsonencoded =
    '${jsonencode({\n  Version = "2012-10-17"\n  Statement = [for arn in bucket_arns : { Effect = "Allow", Action = actions, Resource = "${arn}/*", Condition = { "aws:SourceAccount" = account } }]\n})}';
  assert.deepEqual(templateVariables(jsonencoded), ['bucket_arns', 'actions', 'account']);
  // An IAM policy variable left unescaped is no Terraform reference (Terraform rejects it); it names no variable.
  assert.deepEqual(templateVariables('{"Resource": "arn:aws:s3:::b/${aws:username}"}'), []);
});

test('a templatefile() call that does not give a variable its template reads is an error on its variables', () => {
  const { text, spans } = marked(`resource "aws_iam_role" "irsa" {
  assume_role_policy = templatefile("\${path.module}/trust.json.tftpl", «{
    eks_oid_provider_arn = var.provider_arn
    oidc_host            = var.oidc_host
  }»)
}
resource "aws_iam_role" "complete" {
  assume_role_policy = templatefile("trust.json.tftpl", { oidc_provider_arn = var.arn, "oidc_host" = var.host, subjects = [] })
}
resource "aws_iam_role" "merged" {
  assume_role_policy = templatefile("trust.json.tftpl", merge(local.common, { oidc_host = var.host }))
}
resource "aws_iam_role" "unread" {
  assume_role_policy = templatefile("missing.json.tftpl", {})
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/main.tf', readLinked }, { config: defaultConfiguration });
  const problems = analysis.problems.filter((problem) => problem.ruleId === 'templatefile-variable-missing');
  assert.deepEqual(
    problems.map(({ span, severity, message }) => ({ span, severity, message })),
    [
      {
        span: spans[0],
        severity: 'error',
        message: 'trust.json.tftpl reads `oidc_provider_arn`, `subjects`, which this templatefile() call does not give: Terraform fails to render it ("vars map does not contain key")',
      },
    ],
  );
  // Each missing variable points at its first use in the template.
  assert.deepEqual(
    problems[0].related?.map(({ span, uri }) => [TRUST_TEMPLATE.slice(span.start, span.end), uri]),
    [
      ['${oidc_provider_arn}', 'file:///work/infra/trust.json.tftpl'],
      ['%{ for subject in subjects ~}', 'file:///work/infra/trust.json.tftpl'],
    ],
  );
});

test('without a way to read linked files, or with the rule off, nothing is reported', () => {
  const text = `resource "aws_iam_role" "r" {\n  assume_role_policy = templatefile("trust.json.tftpl", {})\n}\n`;
  const rule = (analysis: ReturnType<typeof analyzeDocument>) => analysis.problems.filter((problem) => problem.ruleId === 'templatefile-variable-missing').length;
  assert.equal(rule(analyzeDocument({ text, uri: 'file:///work/infra/main.tf', readLinked }, { config: defaultConfiguration })), 1);
  assert.equal(rule(analyzeDocument({ text, uri: 'file:///work/infra/main.tf' }, { config: defaultConfiguration })), 0);
  const off = { ...defaultConfiguration, rules: { ...defaultConfiguration.rules, 'templatefile-variable-missing': 'off' as const } };
  assert.equal(rule(analyzeDocument({ text, uri: 'file:///work/infra/main.tf', readLinked }, { config: off })), 0);
});

test('a .tf.json templatefile() call with written-out variables is checked too, at the object in the string', () => {
  const { text, spans } = marked(`{"resource": {"aws_iam_role": {"r": {"assume_role_policy": "\${templatefile(\\"trust.json.tftpl\\", «{oidc_host = \\"x\\"}»)}"}}}}`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/main.tf.json', readLinked }, { config: defaultConfiguration });
  const [problem] = analysis.problems.filter((found) => found.ruleId === 'templatefile-variable-missing');
  assert.deepEqual(problem?.span, spans[0]);
  assert.match(problem.message, /reads `oidc_provider_arn`, `subjects`,/);
});

test('a template_file data source whose template a policy renders: vars that lack a variable it reads are an error on them', () => {
  const { text, spans } = marked(`data "template_file" "trust" {
  template = file("\${path.module}/trust.json.tftpl")
  vars = «{
    oidc_host = var.oidc_host
  }»
}
resource "aws_iam_role" "irsa" {
  assume_role_policy = data.template_file.trust.rendered
}
data "template_file" "legacy" {
  template = "\${file("trust.json.tftpl")}"
  «vars {
    oidc_provider_arn = "\${var.arn}"
    oidc_host         = "\${var.host}"
  }»
}
resource "aws_iam_role" "old" {
  assume_role_policy = "\${data.template_file.legacy.rendered}"
}
data "template_file" "none" {
  «template = file("trust.json.tftpl")»
}
resource "aws_iam_role" "bare" {
  assume_role_policy = data.template_file.none.rendered
}
data "template_file" "complete" {
  template = file("trust.json.tftpl")
  vars     = { oidc_provider_arn = var.arn, oidc_host = var.host, subjects = "" }
}
resource "aws_iam_role" "complete" {
  assume_role_policy = data.template_file.complete.rendered
}
data "template_file" "unused" {
  template = file("trust.json.tftpl")
  vars     = {}
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/main.tf', readLinked }, { config: defaultConfiguration });
  const problems = analysis.problems.filter((problem) => problem.ruleId === 'templatefile-variable-missing');
  assert.deepEqual(
    problems.map(({ span, message }) => ({ span, message })),
    [
      {
        span: spans[0],
        message: 'trust.json.tftpl reads `oidc_provider_arn`, `subjects`, which this template_file\'s vars do not give: Terraform fails to render it ("Unknown variable")',
      },
      {
        span: spans[1],
        message: 'trust.json.tftpl reads `subjects`, which this template_file\'s vars do not give: Terraform fails to render it ("Unknown variable")',
      },
      {
        span: spans[2],
        message: 'trust.json.tftpl reads `oidc_provider_arn`, `oidc_host`, `subjects`, which this template_file\'s vars do not give: Terraform fails to render it ("Unknown variable")',
      },
    ],
  );
});
