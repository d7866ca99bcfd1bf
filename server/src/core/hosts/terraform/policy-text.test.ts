import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { terraformReader } from './index';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { applyFix } from '../../../../../test/helpers/checks';

before(async () => {
  await terraformReader.prepare!();
});

/** The rule's findings on a marked text, asserted to sit at its marks. */
function findingsAtMarks(source: string) {
  const { text, spans } = marked(source);
  const found = findings(text);
  assert.deepEqual(
    found.map((problem) => problem.span),
    spans,
  );
  return { text, spans, found };
}

const findings = (text: string) => analyzeDocument({ text, uri: 'file:///infra/main.tf' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'terraform-policy-json');

test('jsonencode() of text that is already JSON is reported on the call, with a fix that removes it', () => {
  const { text, found } = findingsAtMarks(`data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_policy" "read" {
  policy = «jsonencode(data.aws_iam_policy_document.read.json)»
}

resource "aws_iam_role_policy" "file" {
  role   = "app"
  policy = «jsonencode(file("\${path.module}/read.json"))»
}

resource "aws_s3_bucket_policy" "twice" {
  bucket = "reports"
  policy = «jsonencode(jsonencode({ Version = "2012-10-17", Statement = [] }))»
}

resource "aws_iam_user_policy" "name" {
  user   = "alice"
  policy = «jsonencode("policies/read.json")»
}
`);
  assert.equal(
    found[0].message,
    'data.aws_iam_policy_document.read.json is already JSON text, and jsonencode() encodes it again, as one JSON string: the AWS provider refuses it ("contains a JSON-encoded string, not a JSON-encoded object"). Give it without jsonencode().',
  );
  // A bucket policy, which the provider checks only as JSON: AWS refuses it at apply.
  assert.equal(
    found[2].message,
    'jsonencode(…) is already JSON text, and jsonencode() encodes it again, as one JSON string: the AWS provider checks only that it is JSON, which a JSON string is, and AWS rejects it at apply as a malformed policy. Give it without jsonencode().',
  );
  assert.match(found[1].message, /^The text file\(…\) reads is already JSON text/);
  assert.match(found[3].message, /of a file name gives the name as a JSON string, not the policy/);
  assert.equal(found[3].fixes, undefined);
  const fixed = applyFix(text, found[0]);
  assert.match(fixed, /\n {2}policy = data\.aws_iam_policy_document\.read\.json\n/);
  assert.deepEqual(findings(fixed).length, 3);
});

test('jsonencode() of an object, or of a value whose type is not known here, is not reported', () => {
  const text = `resource "aws_iam_policy" "object" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_iam_policy" "yaml" {
  policy = jsonencode(yamldecode(file("\${path.module}/read.yaml")))
}

resource "aws_iam_policy" "variable" {
  policy = jsonencode(var.policy)
}

resource "aws_iam_policy" "document" {
  policy = data.aws_iam_policy_document.read.json
}
`;
  assert.deepEqual(findings(text), []);
});

test('an IAM policy argument whose heredoc text begins with whitespace is reported on the whitespace, with <<- as the fix where it strips to the brace', () => {
  const { text, spans, found } = findingsAtMarks(`resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = <<EOF
«    »{
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }]
    }
EOF
}

resource "aws_iam_role_policy" "ragged" {
  role   = "app"
  policy = <<EOF
«  »{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]
}
EOF
}
`);
  assert.equal(
    found[0].message,
    'The policy\'s text begins with whitespace before "{": the AWS provider refuses it ("contains an invalid JSON policy: leading space characters are not allowed"), and IAM too ("MalformedPolicyDocument: The policy failed legacy parsing"). Begin the heredoc with <<-, which strips the indentation, or start the text at "{".',
  );
  const fixed = applyFix(text, found[0]);
  assert.match(fixed, /assume_role_policy = <<-EOF\n/);
  assert.deepEqual(
    findings(fixed).map((problem) => problem.span.start),
    [spans[1].start + 1],
  );
  // The closing brace is indented less than the opening one: <<- would not strip the text to "{".
  assert.equal(found[1].fixes, undefined);
});

test("leading whitespace is not reported where <<- strips it, or on another service's policy, which the provider checks as JSON only", () => {
  const text = `resource "aws_iam_policy" "flush" {
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]
    }
  EOF
}

resource "aws_s3_bucket_policy" "indented" {
  bucket = "reports"
  policy = <<EOF
  {
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }]
  }
EOF
}
`;
  assert.deepEqual(findings(text), []);
});

test('jsondecode() of an object is reported on the function name, with jsonencode as the fix, and the object is read as the policy', () => {
  // Valcheez/website-aldo-valdez (legacy Terraform sweep): read as nothing before, its public grant unreported.
  const { text, spans } = marked(`resource "aws_s3_bucket_policy" "website" {
  bucket = "site"
  policy = «jsondecode»({
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Principal": { "AWS": ["*"] }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*" }]
  })
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///infra/site.tf' }, { config: defaultConfiguration });
  const found = analysis.problems.filter((problem) => problem.ruleId === 'terraform-policy-json');
  assert.deepEqual(
    found.map((problem) => problem.span),
    spans,
  );
  assert.equal(analysis.policies.length, 1);
  assert.ok(analysis.problems.some((problem) => problem.ruleId === 'resource-public'));
  const fixed = applyFix(text, found[0]);
  assert.match(fixed, /policy = jsonencode\(\{/);
  assert.deepEqual(findings(fixed), []);
  // jsondecode() of text (a heredoc, file()) makes an object, which a policy argument does not take either; Terraform
  // says so itself ("string required"), and it is not this rule's.
  assert.deepEqual(findings('resource "aws_iam_policy" "p" {\n  policy = jsondecode(file("p.json"))\n}\n'), []);
});

test('a policy document data source given whole, without .json, is reported on the reference, with .json as the fix', () => {
  // bridgecrewio/terraform-aws-bridgecrew-read-only (SaaS sweep): Terraform stops at plan, and nothing said so.
  const { text, found } = findingsAtMarks(`data "aws_iam_policy_document" "describe" {
  statement {
    actions   = ["ec2:Describe*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "describe" {
  role   = "reader"
  policy = «data.aws_iam_policy_document.describe»
}
`);
  assert.match(found[0].message, /string required.*Write data\.aws_iam_policy_document\.describe\.json\.$/);
  const fixed = applyFix(text, found[0]);
  assert.match(fixed, /policy = data\.aws_iam_policy_document\.describe\.json\n/);
  assert.deepEqual(findings(fixed), []);
  assert.deepEqual(findings('resource "aws_iam_role_policy" "p" {\n  policy = data.aws_iam_policy_document.describe.minified_json\n}\n'), []);
});

test('a policy whose JSON is wrapped in quotes is reported on the opening quote, its fix removes both, and the object is read', () => {
  // gregorymkirk/aws-ps-get-roles-and-policies (service-principal sweep): read as no policy and no word said.
  const { text, found } = findingsAtMarks(`resource "aws_iam_role" "readonly" {
  name = "readonly"
  assume_role_policy = <<-EOF
  «"»{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"workspaces.amazonaws.com"},"Action":"sts:AssumeRole"}]}"
  EOF
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///infra/role.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.policyType, policy.policy.statements[0].principal?.entries[0].values[0].value]),
    [['trust', 'workspaces.amazonaws.com']],
  );
  const fixed = applyFix(text, found[0]);
  assert.match(fixed, /\n {2}\{"Version":"2008-10-17",.*"Action":"sts:AssumeRole"\}\]\}\n {2}EOF/);
  assert.deepEqual(findings(fixed), []);
});
