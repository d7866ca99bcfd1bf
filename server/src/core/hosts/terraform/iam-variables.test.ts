import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { terraformReader } from './index';
import { iamVariableProblems, parsableText } from './iam-variables';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';

before(async () => {
  await terraformReader.prepare!();
});

const analyze = (text: string, uri: string, languageId?: string) => analyzeDocument({ text, uri, ...(languageId ? { languageId } : {}) }, { config: defaultConfiguration });

const MODULE = `resource "aws_iam_user_policy" "home" {
  user = "alice"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::home/«\${aws:username}»/*" }]
  })
}

resource "aws_iam_user_policy" "heredoc" {
  user   = "bob"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team/«\${aws:PrincipalTag/team}»/*" }]
}
EOF
}

data "aws_iam_policy_document" "home" {
  # IAM reads \${aws:username} here: a comment Terraform does not parse
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::home/«\${aws:username}»/*", "arn:aws:s3:::escaped/$\${aws:username}/*", "arn:aws:s3:::doc/&{aws:username}/*"]
  }
}
`;

test('an IAM policy variable written as an interpolation is reported at its place, and its policy is still read with the variable', () => {
  for (const languageId of [undefined, 'terraform']) {
    const { text, spans } = marked(MODULE);
    const analysis = analyze(text, 'file:///infra/main.tf', languageId);
    const findings = analysis.problems.filter((problem) => problem.ruleId === 'terraform-policy-variable');
    assert.deepEqual(
      findings.map((problem) => problem.span),
      spans,
      `editing: ${languageId !== undefined}`,
    );
    assert.equal(
      findings[0].message,
      'Terraform reads "${aws:username}" as an interpolation of its own, and "aws:username" is no Terraform expression, so the configuration fails to parse. Write "$${aws:username}" for the IAM policy variable.',
    );
    // Escaped outside a policy document, the data source's own `&{…}` inside one.
    assert.deepEqual(
      findings.map((problem) => problem.fixes![0].edits),
      [
        [{ span: { start: spans[0].start, end: spans[0].start }, newText: '$' }],
        [{ span: { start: spans[1].start, end: spans[1].start }, newText: '$' }],
        [{ span: { start: spans[2].start, end: spans[2].start + 1 }, newText: '&' }],
      ],
    );
    // Before, the parse error took the jsonencode and the data source with it: none of the three policies was read.
    assert.deepEqual(
      analysis.policies.map((policy) => policy.policy.statements[0].resource!.values.map((value) => value.value)),
      [
        ['arn:aws:s3:::home/${aws:username}/*'],
        ['arn:aws:s3:::team/${aws:PrincipalTag/team}/*'],
        ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::escaped/${aws:username}/*', 'arn:aws:s3:::doc/${aws:username}/*'],
      ],
    );
    assert.deepEqual(
      analysis.problems.filter((problem) => problem.ruleId !== 'terraform-policy-variable').map((problem) => problem.ruleId),
      [],
    );
  }
});

test('in a templatefile() template, the variable fails the render; the template reads it as the IAM variable', () => {
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "ec2:StartInstances",
    "Resource": "arn:aws:ec2:*:\${account_id}:instance/*",
    "Condition": {"StringEquals": {"ec2:ResourceTag/department": "«\${aws:PrincipalTag/department}»"}}
  }]
}`);
  const analysis = analyze(text, 'file:///infra/policy.json.tftpl');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['terraform-policy-variable', spans[0]]],
  );
  assert.match(analysis.problems[0].message, /templatefile\(\) fails to render this template/);
  const value = analysis.policies[0].policy.statements[0].condition!.operators[0].keys[0].values[0];
  assert.equal(value.value, '${aws:PrincipalTag/department}');
  assert.equal(value.placeholders, undefined);
});

test('the parser reads each such ${ as &{, in its place; escapes and Terraform expressions are left', () => {
  assert.equal(parsableText('a = "${aws:username}/${var.x}/$${aws:userid}/${a ? b : c}"'), 'a = "&{aws:username}/${var.x}/$${aws:userid}/${a ? b : c}"');
  assert.equal(parsableText('x = "${local.bucket}"'), 'x = "${local.bucket}"');
});

test('a shell default in a heredoc script (${home:-/root}) is no IAM policy variable', () => {
  assert.equal(parsableText('user_data = <<EOT\ncd ${home:-/root}\nEOT\n'), 'user_data = <<EOT\ncd ${home:-/root}\nEOT\n');
});

test('an IAM Identity Center attribute path written as an interpolation is named as such', () => {
  // A real aws_ssoadmin_instance_access_control_attributes block; Terraform rejects it as it does a policy variable.
  const text =
    'resource "aws_ssoadmin_instance_access_control_attributes" "abac" {\n  attribute {\n    key = "Department"\n    value {\n      source = ["${path:enterprise.department}"]\n    }\n  }\n}\n';
  const [problem] = iamVariableProblems(text);
  assert.equal(text.slice(problem.span.start, problem.span.end), '${path:enterprise.department}');
  assert.equal(
    problem.message,
    'Terraform reads "${path:enterprise.department}" as an interpolation of its own, and "path:enterprise.department" is no Terraform expression, so the configuration fails to parse. Write "$${path:enterprise.department}" for the IAM Identity Center attribute path.',
  );
});
