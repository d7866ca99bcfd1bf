import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Tree } from 'web-tree-sitter';
import { join } from 'node:path';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import type { Problem } from '../../checks/check';
import { checkPolicy } from '../../lint';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { simulate } from '../../simulation/simulate';
import type { Placeholder, PolicyDocument } from '../../policy/model';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy, HostDocument } from '../host';
import { terraformReader } from './index';
import { incrementalTerraformParser, terraformParser } from './parser';
import { isModuleFile } from './file-names';

const fixtures = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'terraform');

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
/** Reads as the editor does (a languageId, so trees and readings are kept per document), or as the CLI does. */
function read(text: string, uri = `file:///work/main-${documents++}.tf`, languageId: string | undefined = 'terraform'): HostDocument {
  const document = terraformReader.read({ text, uri, ...(languageId ? { languageId } : {}) });
  assert.ok(document, 'a .tf file is read');
  return document;
}

function check(embedded: EmbeddedPolicy): Problem[] {
  return checkPolicy(embedded.policy, { policyType: embedded.policyType });
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Every placeholder of a policy as host spans, from the values that carry them. */
function placeholderSpans(policy: PolicyDocument): Span[] {
  const spans: Span[] = [];
  const add = (value: { mapSpan?: (start: number, end: number) => Span; placeholders?: readonly Placeholder[] }) => {
    for (const hole of value.placeholders ?? []) spans.push(value.mapSpan!(hole.start, hole.end));
  };
  for (const statement of policy.statements) {
    for (const list of [statement.action, statement.notAction, statement.resource, statement.notResource]) list?.values.forEach(add);
    for (const principal of [statement.principal, statement.notPrincipal]) {
      if (principal?.wildcard) add(principal.wildcard);
      principal?.entries.forEach((entry) => entry.values.forEach(add));
    }
    statement.condition?.operators.forEach((operator) => operator.keys.forEach((key) => key.values.forEach(add)));
  }
  return spans;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** The findings of every policy in a fixture as `name rule line:col-line:col text`, placeholders left out. */
function fixtureFindings(file: string): { findings: string[]; onPlaceholders: string[] } {
  const text = readFileSync(join(fixtures, file), 'utf8');
  const document = read(text, `file:///fixtures/${file}`);
  const findings: string[] = [];
  const onPlaceholders: string[] = [];
  for (const embedded of document.policies) {
    const holes = placeholderSpans(embedded.policy);
    for (const problem of check(embedded)) {
      const line = `${embedded.name} ${problem.ruleId} ${lineColumn(text, problem.span.start)}-${lineColumn(text, problem.span.end)} ${text.slice(problem.span.start, problem.span.end)}`;
      if (holes.some((hole) => overlaps(hole, problem.span))) onPlaceholders.push(line);
      else findings.push(line);
    }
  }
  for (const problem of document.problems) findings.push(`host ${problem.ruleId} ${lineColumn(text, problem.span.start)}`);
  return { findings, onPlaceholders };
}

test('aws_iam_policy_document fixture: defects at their HCL places, effect and version implied', () => {
  const { findings, onPlaceholders } = fixtureFindings('policy-document.tf');
  assert.deepEqual(findings, [
    'data.aws_iam_policy_document.read action-unknown 6:36-6:45 GetObjekt',
    'data.aws_iam_policy_document.read arn-region 11:19-11:28 us-east-1',
    'data.aws_iam_policy_document.read effect-value 16:17-16:23 "Alow"',
    'data.aws_iam_policy_document.trust trust-external-id 58:22-58:54 "arn:aws:iam::123456789012:root"',
  ]);
  assert.deepEqual(onPlaceholders, []);
});

test('resource attribute fixture: jsonencode, heredocs, inline_policy, SCP and Lambda permission', () => {
  const { findings, onPlaceholders } = fixtureFindings('resources.tf');
  assert.deepEqual(findings, [
    'aws_iam_policy.jsonencoded.policy action-unknown 9:41-9:50 PutObjekt',
    'aws_iam_policy.jsonencoded.policy pass-role-wildcard 14:20-14:34 "iam:PassRole"',
    'aws_iam_policy.jsonencoded.policy wildcard-resource 15:22-15:25 "*"',
    'aws_s3_bucket_policy.heredoc.policy action-unknown 33:42-33:51 GetObjcet',
    'aws_iam_role.inline.inline_policy.policy action-unknown 49:97-49:112 ListAllMyBucket',
    // The SCP exempts IAM only: CloudFront, Route 53 and Support requests go to us-east-1, which it denies.
    'aws_organizations_policy.scp.content region-deny-global-services 55:155-55:176 "aws:RequestedRegion"',
    'aws_lambda_permission.s3 action-unknown 66:27-66:41 InvokeFunktion',
  ]);
  assert.deepEqual(onPlaceholders, []);
});

test('policy types come from the resource and attribute, and reach data sources through .json references', () => {
  const text = readFileSync(join(fixtures, 'resources.tf'), 'utf8');
  const types = Object.fromEntries(read(text).policies.map((policy) => [policy.name, policy.policyType]));
  assert.deepEqual(types, {
    'aws_iam_policy.jsonencoded.policy': 'identity',
    'aws_s3_bucket_policy.heredoc.policy': 'resource',
    'aws_iam_role.inline.assume_role_policy': 'trust',
    'aws_iam_role.inline.inline_policy.policy': 'identity',
    'aws_organizations_policy.scp.content': 'scp',
    'aws_lambda_permission.s3': 'resource',
  });
  const documents = read(readFileSync(join(fixtures, 'policy-document.tf'), 'utf8')).policies;
  assert.deepEqual(
    documents.map((policy) => [policy.name, policy.policyType, policy.owner]),
    [
      ['data.aws_iam_policy_document.read', undefined, 'data.aws_iam_policy_document.read'],
      ['data.aws_iam_policy_document.trust', 'trust', 'data.aws_iam_policy_document.trust'],
    ],
  );
});

test('resource policies of the newer AWS provider resources are read: S3 Vectors, S3 Tables, VPC Lattice', () => {
  // The provider's own test configuration for a vector bucket policy, found unread by a sweep of new services' policies.
  const text = ['aws_s3vectors_vector_bucket_policy" "v" {\n  policy', 'aws_s3tables_table_bucket_policy" "b" {\n  resource_policy', 'aws_vpclattice_auth_policy" "a" {\n  policy']
    .map(
      (head) =>
        `resource "${head} = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3vectors:QueryVectors", Resource = "*" }] })\n}\n`,
    )
    .join('');
  assert.deepEqual(
    read(text).policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['aws_s3vectors_vector_bucket_policy.v.policy', 'resource'],
      ['aws_s3tables_table_bucket_policy.b.resource_policy', 'resource'],
      ['aws_vpclattice_auth_policy.a.policy', 'resource'],
    ],
  );
});

test("a Roles Anywhere profile's session_policy is a session policy, which narrows what the role allows", () => {
  // terraform-aws-iam-roles-anywhere-example (rare-services sweep): everything, from the listed addresses only.
  const text = `resource "aws_rolesanywhere_profile" "this" {
  name           = "office"
  role_arns      = [aws_iam_role.this.arn]
  session_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } } }] })
}
`;
  assert.deepEqual(
    read(text).policies.map((policy) => [policy.name, policy.policyType]),
    [['aws_rolesanywhere_profile.this.session_policy', 'session']],
  );
});

test("a resource's ARN written after an ARN prefix is reported, and the fix removes the prefix", () => {
  // Backup sweep: `"arn:aws:s3:::${aws_s3_bucket.content.arn}/*"` renders an ARN inside an ARN.
  const text = `data "aws_iam_policy_document" "r" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::\${aws_s3_bucket.content.arn}/*", "\${aws_s3_bucket.content.arn}/*"]\n  }\n}\n`;
  const analysis = analyzeDocument({ text, uri: 'file:///work/arn-in-arn.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  const found = analysis.problems.filter((problem) => problem.ruleId === 'arn-format');
  assert.deepEqual(
    found.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['arn:aws:s3:::${aws_s3_bucket.content.arn}'],
  );
  const edit = found[0].fixes![0].edits[0];
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('"arn:aws:s3:::${aws', '"${aws'));
});

test("Transfer Family users' scope-down policies are session policies; MSK cluster and Glacier vault lock policies are resource policies", () => {
  // Transfer, streaming and backup sweeps: these policies went unread.
  const text = `resource "aws_transfer_user" "u" {
  role   = aws_iam_role.transfer.arn
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::$\${transfer:HomeDirectory}*" }] })
}
resource "aws_transfer_access" "a" {
  role   = aws_iam_role.transfer.arn
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_msk_cluster_policy" "c" {
  cluster_arn = aws_msk_cluster.c.arn
  policy      = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kafka:CreateVpcConnection", Resource = aws_msk_cluster.c.arn }] })
}
resource "aws_glacier_vault_lock" "l" {
  vault_name = aws_glacier_vault.v.name
  complete_lock = true
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "glacier:DeleteArchive", Resource = aws_glacier_vault.v.arn }] })
}
`;
  assert.deepEqual(
    read(text).policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['aws_transfer_user.u.policy', 'session'],
      ['aws_transfer_access.a.policy', 'session'],
      ['aws_msk_cluster_policy.c.policy', 'resource'],
      ['aws_glacier_vault_lock.l.policy', 'resource'],
    ],
  );
});

test('resource policies of SES v2, CodeBuild, X-Ray, ACM PCA, Redshift and Organizations are read as resource policies', () => {
  // SES and developer tools sweeps: an aws_sesv2_email_identity_policy granting ses:* and a CodeBuild report group's policy went unread.
  const policy = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "*" }] })';
  const sites = [
    ['aws_sesv2_email_identity_policy', 'policy'],
    ['aws_codebuild_resource_policy', 'policy'],
    ['aws_xray_resource_policy', 'policy_document'],
    ['aws_acmpca_policy', 'policy'],
    ['aws_redshift_resource_policy', 'policy'],
    ['aws_redshiftserverless_resource_policy', 'policy'],
    ['aws_organizations_resource_policy', 'content'],
  ];
  const text = sites.map(([type, attribute]) => `resource "${type}" "r" {\n  ${attribute} = ${policy}\n}\n`).join('');
  assert.deepEqual(
    read(text).policies.map((found) => [found.name, found.policyType]),
    sites.map(([type, attribute]) => [`${type}.r.${attribute}`, 'resource']),
  );
});

test("an event bus permission is one statement of the bus's policy: events:PutEvents unless it says, its condition block the condition", () => {
  // EventBridge sweep: an event bus written open to every account went unread.
  const { text, spans } = marked(`resource "aws_cloudwatch_event_permission" "org" {
  principal    = "*"
  statement_id = "OrganizationAccess"
  condition {
    key   = "aws:PrincipalOrgID"
    type  = "StringEquals"
    value = aws_organizations_organization.example.id
  }
}
resource "aws_cloudwatch_event_permission" "open" {
  principal      = «"*"»
  statement_id   = "Everyone"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
}
resource "aws_cloudwatch_event_permission" "partner" {
  principal    = "111122223333"
  statement_id = "Partner"
  action       = "events:«PutEvent»"
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/bus.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType, policy.policy.statements[0].action?.values[0].value]),
    [
      ['aws_cloudwatch_event_permission.org', 'resource', 'events:PutEvents'],
      ['aws_cloudwatch_event_permission.open', 'resource', 'events:PutEvents'],
      ['aws_cloudwatch_event_permission.partner', 'resource', 'events:PutEvent'],
    ],
  );
  const org = analysis.policies[0].policy.statements[0].condition?.operators[0];
  assert.deepEqual([org?.operator, org?.keys[0].key], ['StringEquals', 'aws:PrincipalOrgID']);
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'warning' || problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['resource-public', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});

test("a Lambda layer version's permission is one statement of the layer's policy: Allow its action to its principal, organization_id as aws:PrincipalOrgID", () => {
  // Lambda permissions sweep: layers shared with every account went unread.
  const { text, spans } = marked(`resource "aws_lambda_layer_version_permission" "public" {
  layer_name     = aws_lambda_layer_version.shared.layer_arn
  version_number = aws_lambda_layer_version.shared.version
  statement_id   = "everyone"
  action         = "lambda:GetLayerVersion"
  principal      = «"*"»
}
resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = aws_lambda_layer_version.shared.layer_arn
  version_number  = aws_lambda_layer_version.shared.version
  statement_id    = "org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/layers.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['aws_lambda_layer_version_permission.public', 'resource'],
      ['aws_lambda_layer_version_permission.org', 'resource'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'warning' || problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['resource-public', spans[0]]],
  );
});

test('the AWS Cloud Control provider (awscc) writes policies in its own attributes: trust, inline policies in a list, key policies', () => {
  const { text, spans } = marked(`resource "awscc_iam_role" "main" {
  role_name = "sample"
  assume_role_policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" } }]
  })
  policies = [{
    policy_document = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["s3:«GetObjekt»"], Resource = "*" }]
    })
    policy_name = "read"
  }]
}

resource "awscc_kms_key" "test" {
  key_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Action = "kms:*", Effect = "Allow", Principal = { AWS = "*" }, Resource = "*" }]
  })
}
`);
  const document = read(text);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType, policy.inlineOn]),
    [
      ['awscc_iam_role.main.assume_role_policy_document', 'trust', undefined],
      ['awscc_iam_role.main.policies.policy_document', 'identity', 'role'],
      ['awscc_kms_key.test.key_policy', 'resource', undefined],
    ],
  );
  const analysis = analyzeDocument({ text, uri: 'file:///work/infra/main.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  // A key anyone may use is public, as an aws_kms_key's is.
  assert.ok(analysis.problems.some((problem) => problem.ruleId === 'resource-public'));
  // Every policy CloudFormation's resources hold, renamed as awscc names them: a table's policy in its nested
  // resource_policy, an organization's policy typed by its type, a registry's policy_text.
  const more = read(`resource "awscc_dynamodb_table" "t" {
  resource_policy = {
    policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "dynamodb:GetItem", Resource = "*" }] })
  }
}
resource "awscc_organizations_policy" "scp" {
  type    = "SERVICE_CONTROL_POLICY"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:DeleteBucket", Resource = "*" }] })
}
resource "awscc_organizations_policy" "tags" {
  type    = "TAG_POLICY"
  content = jsonencode({ tags = { team = { tag_key = { "@@assign" = "Team" } } } })
}
resource "awscc_ecr_registry_policy" "r" {
  policy_text = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "ecr:ReplicateImage", Resource = "*" }] })
}
`);
  assert.deepEqual(
    more.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['awscc_dynamodb_table.t.resource_policy.policy_document', 'resource'],
      ['awscc_organizations_policy.scp.content', 'scp'],
      ['awscc_ecr_registry_policy.r.policy_text', 'resource'],
    ],
  );
});

test('a reference written as one interpolation ("${data.….json}", as Terraform 0.11 wrote them) types the data source too', () => {
  const document = read(`
resource "aws_iam_role" "r" {
  assume_role_policy = "\${data.aws_iam_policy_document.trust.json}"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "logs"
  policy = "\${join("", data.aws_iam_policy_document.bucket.*.json)}"
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['data.aws_iam_policy_document.trust', 'trust'],
      ['data.aws_iam_policy_document.bucket', 'resource'],
    ],
  );
});

test('a policy argument that chooses between documents types each; a branch that is no document adds none', () => {
  const document = read(`
resource "aws_iam_role" "r" {
  assume_role_policy = var.oidc ? data.aws_iam_policy_document.oidc.json : data.aws_iam_policy_document.ec2.json
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "logs"
  policy = var.shared ? data.aws_iam_policy_document.bucket.json : ""
}
data "aws_iam_policy_document" "oidc" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
  }
}
data "aws_iam_policy_document" "ec2" {
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::logs/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['data.aws_iam_policy_document.oidc', 'trust'],
      ['data.aws_iam_policy_document.ec2', 'trust'],
      ['data.aws_iam_policy_document.bucket', 'resource'],
    ],
  );
});

test('aws_organizations_policy is an SCP by default, an RCP by type, and not read for tag policies', () => {
  const policy = (type: string) =>
    `resource "aws_organizations_policy" "p" {\n  ${type}\n  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*" }] })\n}\n`;
  assert.equal(read(policy('')).policies[0].policyType, 'scp');
  assert.equal(read(policy('type = "RESOURCE_CONTROL_POLICY"')).policies[0].policyType, 'rcp');
  assert.deepEqual(read(policy('type = "TAG_POLICY"')).policies, []);
  // A type the module computes: an SCP's content is one; a tag policy's (its "@@assign" operators, no Statement) is not.
  assert.equal(read(policy('type = var.policy_type')).policies[0].policyType, 'scp');
  const tagPolicy = (type: string) => `resource "aws_organizations_policy" "tags" {\n  ${type}\n  content = <<CONTENT\n{ "tags": { "team": { "tag_key": { "@@assign": "Team" } } } }\nCONTENT\n}\n`;
  assert.deepEqual(read(tagPolicy('type = var.policy_type')).policies, []);
  assert.deepEqual(read(tagPolicy('type = TAG_POLICY')).policies, []);
  assert.equal(read(tagPolicy('type = "SERVICE_CONTROL_POLICY"')).policies[0].policyType, 'scp');
});

test('a policy document only an IoT Core policy takes is not an IAM policy, in the same file or another of the module', () => {
  // IoT sweep: the thermostat's document, read as an identity policy, had IoT's `iot:Connection.Thing.IsAttached` as an
  // unknown condition key and an ARN that a local fills in as a malformed one.
  const iotPolicy = `resource "aws_iot_policy" "thermostat" {\n  name   = "thermostat"\n  policy = data.aws_iam_policy_document.thermostat.json\n}\n`;
  const documents = `data "aws_iam_policy_document" "thermostat" {
  statement {
    actions   = ["iot:Connect"]
    resources = ["arn:\${local.iot_prefix}:client/$\${iot:Connection.Thing.ThingName}"]
    condition {
      test     = "Bool"
      variable = "iot:Connection.Thing.IsAttached"
      values   = ["true"]
    }
  }
}
data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`;
  const names = (document: HostDocument) => document.policies.map((policy) => policy.name);
  assert.deepEqual(names(read(iotPolicy + documents)), ['data.aws_iam_policy_document.reader']);
  const alone = terraformReader.read({ text: documents, uri: 'file:///work/iot/policy.tf', siblings: () => [{ uri: 'file:///work/iot/main.tf', text: iotPolicy }] })!;
  assert.deepEqual(names(alone), ['data.aws_iam_policy_document.reader']);
  // A document an IAM resource takes too is checked as that.
  const both = `${iotPolicy}resource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.thermostat.json\n}\n${documents}`;
  assert.deepEqual(names(read(both)).sort(), ['data.aws_iam_policy_document.reader', 'data.aws_iam_policy_document.thermostat']);
});

// serverless-patterns' private custom domain: its policy (who may invoke through the domain) went unread.
test("a private custom domain name's policy is a resource policy", () => {
  const text = `resource "aws_api_gateway_domain_name" "private" {
  domain_name     = "api.example.internal"
  endpoint_configuration { types = ["PRIVATE"] }
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" }] })
}
`;
  assert.deepEqual(
    read(text).policies.map((policy) => [policy.name, policy.policyType]),
    [['aws_api_gateway_domain_name.private.policy', 'resource']],
  );
});

test('an omitted effect is Allow and an omitted version 2012-10-17, as the provider renders them', () => {
  const { text } = marked('data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::bucket/*"]\n  }\n}\n');
  const [embedded] = read(text).policies;
  assert.equal(embedded.policy.version?.value?.value, '2012-10-17');
  assert.equal(embedded.policy.statements[0].effect?.value?.value, 'Allow');
  assert.deepEqual(
    check(embedded).map((problem) => problem.ruleId),
    [],
  );
});

test('a finding on one action points at that string inside the actions list', () => {
  const { text, spans } = marked('data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject", "s3:«GetObjcet»"]\n    resources = ["*"]\n  }\n}\n');
  const [embedded] = read(text).policies;
  assert.deepEqual(
    check(embedded)
      .filter((problem) => problem.ruleId === 'action-unknown')
      .map((problem) => problem.span),
    spans,
  );
});

test('principals blocks merge by type; type "*" is the "*" principal and "AWS" with "*" is not', () => {
  const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
  statement {
    actions = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
`;
  const [embedded] = read(text).policies;
  const [merged, anyone] = embedded.policy.statements;
  assert.deepEqual(
    merged.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [
      ['Service', ['ec2.amazonaws.com', 'lambda.amazonaws.com']],
      ['AWS', ['*']],
    ],
  );
  assert.equal(merged.principal?.wildcard, undefined);
  assert.equal(anyone.principal?.wildcard?.value, '*');
  assert.deepEqual(anyone.principal?.entries, []);
});

test('Terraform 0.11 arguments for blocks (principals = {…}, condition = [{…}]) read as the blocks they stand for', () => {
  const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions = ["ecr:BatchGetImage"]
    principals = {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition = [{
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }]
  }
}
`;
  const [embedded] = read(text).policies;
  const [statement] = embedded.policy.statements;
  assert.deepEqual(
    statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['AWS', ['arn:aws:iam::111122223333:root']]],
  );
  assert.deepEqual(
    statement.condition?.operators.map((block) => [block.operator, block.keys.map((key) => [key.key, key.values.map((value) => value.value)])]),
    [['StringEquals', [['aws:PrincipalOrgID', ['o-a1b2c3d4e5']]]]],
  );
  // Findings land where the values are written.
  const identifier = statement.principal!.entries[0].values[0].span;
  assert.equal(text.slice(identifier.start, identifier.end), '"arn:aws:iam::111122223333:root"');
});

test('an empty aws_iam_policy_document is a building block, not a policy missing its statements', () => {
  const [empty, started] = read('data "aws_iam_policy_document" "empty" {}\ndata "aws_iam_policy_document" "started" {\n  version = "2012-10-17"\n}\n').policies;
  assert.deepEqual(checkPolicy(empty.policy, { policyType: empty.policyType, rules: empty.severities }), []);
  assert.deepEqual(
    checkPolicy(started.policy, { policyType: started.policyType, rules: started.severities }).map((problem) => problem.ruleId),
    ['statement-missing'],
  );
});

test('condition blocks merge by test, variables stay separate keys, &{…} is the IAM variable', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::bucket"]
    condition {
      test     = «"StringLike"»
      variable = "s3:prefix"
      values   = ["home/&{aws:username}/*"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:PrincipalTag/team"
      values   = ["blue", var.team]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [true]
    }
  }
}
`);
  const [embedded] = read(text).policies;
  const operators = embedded.policy.statements[0].condition!.operators;
  assert.deepEqual(
    operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => `${value.jsonType}:${value.value}`)])]),
    [
      [
        'StringLike',
        [
          ['s3:prefix', ['string:home/${aws:username}/*']],
          ['aws:PrincipalTag/team', ['string:blue', 'string:var.team']],
        ],
      ],
      // Terraform gives IAM the string "true": `values` is a set(string).
      ['Bool', [['aws:SecureTransport', ['string:true']]]],
    ],
  );
  assert.deepEqual(operators[0].property.keySpan, spans[0]);
  // `&{aws:username}` is a policy variable in a Condition value: nothing to report.
  assert.deepEqual(
    check(embedded).map((problem) => problem.ruleId),
    [],
  );
});

test('a condition block whose variable or test is computed is a test known only at deploy time, not no test', () => {
  // cloudposse/terraform-aws-eks-iam-role: the key is the cluster's issuer, `format("%s:sub", local.issuer)`.
  const text = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [format("arn:aws:iam::111122223333:oidc-provider/%s", local.issuer)]
    }
    condition {
      test     = "StringEquals"
      variable = format("%s:sub", local.issuer)
      values   = ["system:serviceaccount:default:app"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["blue"]
    }
  }
}
`;
  const [embedded] = read(text).policies;
  const condition = embedded.policy.statements[0].condition!;
  assert.equal(condition.deployTime, true);
  assert.deepEqual(
    condition.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
    [['StringEquals', ['aws:PrincipalTag/team']]],
  );
  assert.deepEqual(
    checkPolicy(embedded.policy, { policyType: 'trust' }).map((problem) => problem.ruleId),
    [],
  );
  // With only the computed block, the Condition is still there, and not an empty object.
  const [alone] = read(text.replace(/    condition \{\n      test     = "StringEquals"\n      variable = "aws:PrincipalTag\/team"[^}]*\}\n/, '')).policies;
  assert.equal(alone.policy.statements[0].condition?.deployTime, true);
  assert.equal(alone.policy.statements[0].condition?.operators.length, 0);
  assert.deepEqual(
    checkPolicy(alone.policy, { policyType: 'trust' }).map((problem) => problem.ruleId),
    [],
  );
  // A simulation does not read the left-out test as passing: the decision depends on it.
  const report = simulate(
    { principal: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE', action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::111122223333:role/app' },
    [{ name: 'assume', text, document: alone.policy, role: 'resource' }],
  );
  assert.equal(report.decision, undefined);
  assert.ok(report.dependsOn?.placeholders.includes('format("%s:sub", local.issuer)'), JSON.stringify(report.dependsOn));
});

test('a condition variable interpolating the issuer ("${local.issuer}:sub") tests that claim: no finding that the claim is untested', () => {
  const text = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"]
    }
    condition {
      test     = "StringEquals"
      variable = "\${local.issuer}:sub"
      values   = ["system:serviceaccount:default:app"]
    }
  }
}
`;
  const [embedded] = read(text).policies;
  assert.deepEqual(
    checkPolicy(embedded.policy, { policyType: 'trust' }).map((problem) => problem.ruleId),
    [],
  );
  // Without the condition, the EKS role is open to every service account of the cluster.
  const [open] = read(text.replace(/ {4}condition \{\n[\s\S]*?\n {4}\}\n/, '')).policies;
  assert.deepEqual(
    checkPolicy(open.policy, { policyType: 'trust' }).map((problem) => problem.ruleId),
    ['trust-oidc-conditions'],
  );
});

test('${…} in a policy document is a Terraform placeholder whose kind comes from the attribute it names', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["«\${aws_s3_bucket.logs.arn}»/*", "arn:«\${data.aws_partition.current.partition}»:s3:::b/«\${var.prefix}»*", «local.bucket_arn»]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceAccount"
      values   = [«data.aws_caller_identity.current.account_id»]
    }
  }
}
`);
  const [embedded] = read(text).policies;
  const resources = embedded.policy.statements[0].resource!.values;
  assert.deepEqual(
    resources.flatMap((value) => (value.placeholders ?? []).map((hole) => [hole.kind, hole.source])),
    [
      ['arn', '${aws_s3_bucket.logs.arn}'],
      ['partition', '${data.aws_partition.current.partition}'],
      ['string', '${var.prefix}'],
      ['arn', 'local.bucket_arn'],
    ],
  );
  const account = embedded.policy.statements[0].condition!.operators[0].keys[0].values[0];
  assert.equal(account.placeholders?.[0].kind, 'account');
  assert.deepEqual(placeholderSpans(embedded.policy), spans);
  // The literal text around a placeholder maps to its own place in the .tf text.
  const [first] = resources;
  assert.equal(text.slice(first.mapSpan!(first.value.length - 2, first.value.length).start, first.mapSpan!(first.value.length - 2, first.value.length).end), '/*');
});

test("the s3-bucket module's tokens (_S3_BUCKET_ARN_, _S3_BUCKET_ID_, _AWS_ACCOUNT_ID_) are placeholders for the values it puts there", () => {
  // terraform-aws-modules/s3-bucket replaces them in the policy it is given (examples/bucket-policies).
  const { text, spans } = marked(`data "aws_iam_policy_document" "bucket" {
  statement {
    principals {
      type        = "AWS"
      identifiers = [«aws_iam_role.this.arn»]
    }
    actions   = ["s3:ListBucket", "s3:GetObject"]
    resources = ["«_S3_BUCKET_ARN_»", "«_S3_BUCKET_ARN_»/*", "arn:aws:s3:::«_S3_BUCKET_ID_»/logs/*", "arn:aws:s3:::_S3_BUCKET_ARN/x"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = ["«_AWS_ACCOUNT_ID_»"]
    }
  }
}
`);
  const [embedded] = read(text).policies;
  const statement = embedded.policy.statements[0];
  assert.deepEqual(
    [...statement.resource!.values, ...statement.condition!.operators[0].keys[0].values].flatMap((value) => (value.placeholders ?? []).map((hole) => [hole.kind, hole.source, hole.resource?.part])),
    [
      ['arn', '_S3_BUCKET_ARN_', 'arn'],
      ['arn', '_S3_BUCKET_ARN_', 'arn'],
      ['string', '_S3_BUCKET_ID_', 'name'],
      ['account', '_AWS_ACCOUNT_ID_', undefined],
    ],
  );
  assert.deepEqual(
    placeholderSpans(embedded.policy).sort((a, b) => a.start - b.start),
    spans,
  );
  // "_S3_BUCKET_ARN" (no closing underscore) is no token, only text in the path of a well-formed ARN.
  assert.deepEqual(
    check(embedded)
      .filter((problem) => problem.severity === 'error')
      .map((problem) => problem.ruleId),
    [],
  );
});

test('concat(), conditionals, for expressions and dynamic statements: literal elements are read, the rest is a placeholder', () => {
  const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = concat(["s3:GetObject"], var.extra, var.write ? ["s3:PutObject"] : [])
    resources = [for bucket in var.buckets : "arn:aws:s3:::\${bucket}/*"]
  }
  dynamic "statement" {
    for_each = var.statements
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }
}
`;
  const [embedded] = read(text).policies;
  const [first, dynamic] = embedded.policy.statements;
  assert.deepEqual(
    first.action?.values.map((value) => [value.value, value.placeholders?.length ?? 0]),
    [
      ['s3:GetObject', 0],
      ['var.extra', 1],
      ['s3:PutObject', 0],
    ],
  );
  assert.equal(first.resource?.values.length, 1);
  assert.equal(first.resource?.values[0].placeholders?.[0].source, '[for bucket in var.buckets : "arn:aws:s3:::${bucket}/*"]');
  assert.equal(embedded.policy.statements.length, 2);
  assert.equal(text.slice(dynamic.span.start, dynamic.span.start + 18), 'dynamic "statement');
  assert.equal(dynamic.action?.values[0].value, 'statement.value.actions');
});

test('jsonencode: bare and quoted keys, a tuple mixing literals and references, a condition on a variable', () => {
  const { text, spans } = marked(`resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" = [{
      Effect    = "Allow"
      Action    = ["s3:GetObject", "s3:«GetObjcet»"]
      Resource  = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*", "arn:aws:s3:::literal/*"]
      Condition = { "StringEquals" = { "aws:SourceVpc" = var.vpc } }
    }]
  })
}
`);
  const [embedded] = read(text).policies;
  const [statement] = embedded.policy.statements;
  assert.equal(embedded.policy.version?.value?.value, '2012-10-17');
  assert.deepEqual(
    statement.resource?.values.map((value) => value.value),
    ['aws_s3_bucket.b.arn', '${aws_s3_bucket.b.arn}/*', 'arn:aws:s3:::literal/*'],
  );
  assert.equal(statement.condition?.operators[0].keys[0].key, 'aws:SourceVpc');
  assert.deepEqual(
    check(embedded)
      .filter((problem) => problem.ruleId === 'action-unknown')
      .map((problem) => problem.span),
    spans,
  );
});

test('a <<-EOT heredoc loses its indentation and keeps exact spans, ${…} inside JSON strings included', () => {
  const { text, spans } = marked(`resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<-EOT
      {
        "Version": "2012-10-17",
        "Statement": [{
          "Effect": "Allow",
          "Principal": {"Service": "sns.amazonaws.com"},
          "Action": "sqs:«SendMesage»",
          "Resource": "\${aws_sqs_queue.q.arn}",
          "Condition": {"ArnEquals": {"aws:SourceArn": "\${aws_sns_topic.t.arn}"}}
        }]
      }
  EOT
}
`);
  const [embedded] = read(text).policies;
  assert.equal(embedded.policyType, 'resource');
  const problems = check(embedded);
  assert.deepEqual(
    problems.filter((problem) => problem.ruleId === 'action-unknown').map((problem) => problem.span),
    spans,
  );
  const resource = embedded.policy.statements[0].resource!.values[0];
  // The queue's `arn` attribute is the ARN of an SQS queue, which rules read as such (placeholder-arns.ts).
  const queue = { service: 'sqs', type: 'queue', part: 'arn', resourceType: 'aws_sqs_queue' };
  assert.deepEqual(resource.placeholders, [{ start: 0, end: 22, kind: 'arn', source: '${aws_sqs_queue.q.arn}', resource: queue }]);
  const hole = resource.mapSpan!(0, 22);
  assert.equal(text.slice(hole.start, hole.end), '${aws_sqs_queue.q.arn}');
});

test('${…} with quotes of its own inside a heredoc JSON string (a for_each instance, a map key) keeps the string whole', () => {
  const text = `resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObject",
    "Resource": "\${aws_s3_bucket.this["logs"].arn}/*",
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "\${var.teams["data"]}"}}
  }]
}
EOF
}
`;
  const [embedded] = read(text).policies;
  assert.deepEqual(check(embedded), []);
  const [statement] = embedded.policy.statements;
  const resource = statement.resource!.values[0];
  assert.equal(resource.value, '${aws_s3_bucket.this["logs"].arn}/*');
  assert.deepEqual(
    resource.placeholders?.map((hole) => [hole.start, hole.end, hole.source]),
    [[0, 33, '${aws_s3_bucket.this["logs"].arn}']],
  );
  const hole = resource.mapSpan!(0, 33);
  assert.equal(text.slice(hole.start, hole.end), '${aws_s3_bucket.this["logs"].arn}');
  assert.equal(statement.condition?.operators[0].keys[0].values[0].value, '${var.teams["data"]}');
});

test('${…} with quotes of its own in a heredoc JSON key keeps its source: an EKS trust tests the issuer its principal names', () => {
  // 0xThresh's self-hosted-genai: the issuer is the cluster's URL without "https://", in the principal and in the key.
  const text = `resource "aws_iam_role" "lb" {
  assume_role_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/\${replace(module.eks.url, "https://", "")}"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"\${replace(module.eks.url, "https://", "")}:sub": "system:serviceaccount:kube-system:lb"}}
  }]
}
POLICY
}
`;
  const [embedded] = read(text).policies;
  const [statement] = embedded.policy.statements;
  assert.equal(statement.condition?.operators[0].keys[0].key, '${replace(module.eks.url, "https://", "")}:sub');
  assert.equal(embedded.policyType, 'trust');
  assert.deepEqual(
    check(embedded).map((problem) => problem.ruleId),
    [],
  );
});

test('a heredoc with %{…} directives between JSON values reports no JSON syntax errors; $${ is a literal ${', () => {
  const text = `resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    %{ for bucket in var.buckets ~}
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\${bucket}/$\${aws:username}/*"},
    %{ endfor ~}
    {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
  ]
}
EOF
}
`;
  const [embedded] = read(text).policies;
  assert.deepEqual(embedded.policy.syntaxErrors, []);
  const resources = embedded.policy.statements.flatMap((statement) => statement.resource?.values ?? []).map((value) => value.value);
  assert.ok(resources.includes('arn:aws:s3:::${bucket}/${aws:username}/*'), resources.join(', '));
});

test('an interpolation where a Condition block’s tests go is tests known only at plan: no syntax error, no empty block, no unknown operator', () => {
  // As sqlxpert's RCP module inserts a caller's principal condition, with a comma only when there is one.
  const text = `resource "aws_organizations_policy" "scp" {
  type    = "SERVICE_CONTROL_POLICY"
  content = <<-END_POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Deny",
          "Action": "s3:PutBucketAbac",
          "Resource": "*",
          "Condition": {
            \${var.principal_condition}
          }
        },
        {
          "Effect": "Deny",
          "Action": "s3:TagResource",
          "Resource": "*",
          "Condition": {
            \${var.principal_condition}\${local.comma}
            "ForAnyValue:StringEquals": {"aws:TagKeys": "\${var.tag_key}"}
          }
        }
      ]
    }
  END_POLICY
}
`;
  const [embedded] = read(text).policies;
  assert.deepEqual(embedded.policy.syntaxErrors, []);
  assert.deepEqual(
    check(embedded).map((problem) => problem.ruleId),
    [],
  );
  const [first, second] = embedded.policy.statements;
  assert.equal(first.condition?.deployTime, true);
  assert.deepEqual(first.condition?.operators, []);
  assert.deepEqual(
    second.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
    [['ForAnyValue:StringEquals', ['aws:TagKeys']]],
  );
  // Where a value goes, an interpolation is still one placeholder value.
  const valued = read(text.replace('"Resource": "*",\n          "Condition": {\n            ${var.principal_condition}\n          }', '"Resource": ${jsonencode(var.arns)}')).policies[0];
  assert.equal(valued.policy.statements[0].resource?.values[0].value, '${jsonencode(var.arns)}');
});

test('an interpolation where a statement’s or the policy’s members go may write any element: none is reported missing', () => {
  const heredoc = (json: string) => `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n${json}\nEOF\n}\n`;
  const statement = read(heredoc('{"Version": "2012-10-17", "Statement": [{${var.effect_and_action} "Resource": "*"}]}')).policies[0];
  assert.deepEqual(statement.policy.syntaxErrors, []);
  assert.deepEqual(
    check(statement).map((problem) => problem.ruleId),
    [],
  );
  const whole = read(heredoc('{${var.policy_body}}')).policies[0];
  assert.deepEqual(
    check(whole).map((problem) => problem.ruleId),
    [],
  );
  // Without the interpolation, the same statement lacks its Effect and Action.
  const written = read(heredoc('{"Version": "2012-10-17", "Statement": [{"Resource": "*"}]}')).policies[0];
  assert.deepEqual(
    check(written)
      .map((problem) => problem.ruleId)
      .sort(),
    ['action-missing', 'effect-missing'],
  );
});

test('JSON syntax errors in a heredoc policy point into the heredoc', () => {
  const { text, spans } = marked(`resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow" «"Action"»: "s3:GetObject", "Resource": "*"}]}
EOF
}
`);
  const [embedded] = read(text).policies;
  assert.deepEqual(
    embedded.policy.syntaxErrors.map((error) => error.span),
    spans,
  );
});

test('references to a policy document, file() and plain interpolations hold no policy of their own', () => {
  const text = `resource "aws_iam_policy" "a" {
  policy = data.aws_iam_policy_document.x.json
}
resource "aws_iam_policy" "b" {
  policy = file("\${path.module}/policy.json")
}
resource "aws_iam_policy" "c" {
  policy = "\${var.policy}"
}
resource "aws_s3_bucket" "d" {
  bucket = "d"
}
`;
  assert.deepEqual(read(text).policies, []);
});

test('aws_lambda_permission is the statement Lambda adds to the function policy', () => {
  const text = `resource "aws_lambda_permission" "api" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:us-east-1:123456789012:function:handler"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_api_gateway_rest_api.api.execution_arn}/*"
  source_account = "123456789012"
}
`;
  const [embedded] = read(text).policies;
  const [statement] = embedded.policy.statements;
  assert.equal(embedded.policyType, 'resource');
  assert.equal(statement.effect?.value?.value, 'Allow');
  assert.deepEqual(
    statement.action?.values.map((value) => value.value),
    ['lambda:InvokeFunction'],
  );
  assert.deepEqual(
    statement.principal?.entries.map((entry) => [entry.type, entry.values[0].value]),
    [['Service', 'apigateway.amazonaws.com']],
  );
  assert.deepEqual(
    statement.resource?.values.map((value) => value.value),
    ['arn:aws:lambda:us-east-1:123456789012:function:handler'],
  );
  assert.deepEqual(
    statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => key.key)]),
    [
      ['ArnLike', ['aws:SourceArn']],
      ['StringEquals', ['aws:SourceAccount']],
    ],
  );
  assert.deepEqual(
    check(embedded).map((problem) => `${problem.ruleId} ${problem.message}`),
    [],
  );
});

test('files that are not Terraform are left to other readers; a .tf file without policies has none', () => {
  assert.equal(terraformReader.read({ text: '{}', uri: 'file:///p.json' }), undefined);
  assert.deepEqual(read('variable "x" {}\n').policies, []);
  assert.ok(terraformReader.read({ text: 'locals {}', uri: 'untitled:Untitled-1', languageId: 'terraform' }));
});

test('half-typed HCL never throws: every prefix of the fixtures is read, and checked', () => {
  for (const file of ['policy-document.tf', 'resources.tf']) {
    const text = readFileSync(join(fixtures, file), 'utf8');
    const uri = `file:///prefixes/${file}`;
    for (let end = 0; end <= text.length; end++) {
      const document = read(text.slice(0, end), uri);
      // Checking is slower than reading; every 13th prefix covers each kind of half-built element.
      if (end % 13 === 0) for (const embedded of document.policies) checkPolicy(embedded.policy, { policyType: embedded.policyType });
    }
  }
});

test('a broken block inside a policy is reported where tree-sitter found it', () => {
  const text = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:GetObject",\n  }\n}\n';
  const document = read(text);
  assert.equal(document.problems.length, 1);
  assert.equal(document.problems[0].ruleId, 'terraform-syntax');
  assert.equal(lineColumn(text, document.problems[0].span.start), '3:5');
});

test('arguments separated by commas are named as Terraform names them, at the comma, even where the block is lost', () => {
  // Guard duty sweep: `principals { type = "*", identifiers = ["*"] }` drew "this text does not fit the HCL syntax".
  const oneLine = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:GetObject"]\n    resources = ["*"]\n    principals { type = "*", identifiers = ["*"] }\n  }\n}\n';
  const [block] = read(oneLine).problems;
  assert.equal(lineColumn(oneLine, block.span.start), '5:28');
  assert.equal(oneLine.slice(block.span.start, block.span.end), ',');
  assert.match(block.message, /a block written on one line holds a single argument \(Terraform: "Invalid single-argument block definition"\)/);
  // A comma after an argument, as JSON writes it, left the whole file an error: the block was not read and nothing said so.
  const comma = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:GetObject"],\n    resources = ["*"]\n  }\n}\n';
  const document = read(comma);
  assert.equal(document.policies.length, 0);
  assert.deepEqual(
    document.problems.map((problem) => [problem.ruleId, lineColumn(comma, problem.span.start), problem.message]),
    [
      [
        'terraform-syntax',
        '3:31',
        'Terraform syntax error: arguments are separated by new lines, not commas (Terraform: "Unexpected comma after argument"). Remove the comma. The block data.aws_iam_policy_document.p cannot be read, so its policy is not checked.',
      ],
    ],
  );
  const fixed = comma.slice(0, document.problems[0].span.start) + comma.slice(document.problems[0].span.end);
  assert.equal(document.problems[0].fixes?.[0].edits[0].newText, '');
  assert.equal(read(fixed).policies.length, 1);
  // A block that holds no policy is not reported.
  assert.deepEqual(read('resource "aws_instance" "web" {\n  ami = "ami-1",\n  instance_type = "t3.micro"\n}\n').problems, []);
});

test('a missing expression is named in words and spans the expression it leaves incomplete; a missing token is named', () => {
  // `resources = [*]` (legacy Terraform sweep): the parser reads a splat of nothing. Its finding said "variable_expr"
  // expected, on the "[" alone.
  const splat = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = [*]\n  }\n}\n';
  const [problem] = read(splat).problems;
  assert.equal(problem.message, 'Terraform syntax error: an expression is expected here (Terraform: "Expected the start of an expression").');
  assert.equal(splat.slice(problem.span.start, problem.span.end), '[*]');
  const unclosed = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:GetObject"\n  }\n}\n';
  const [missing] = read(unclosed).problems;
  assert.match(missing.message, /^Terraform syntax error: "\]" expected here\.$/);
});

test('incremental re-parse after edits gives the tree a fresh parse gives', () => {
  const parser = terraformParser();
  assert.ok(!(parser instanceof Error));
  const incremental = incrementalTerraformParser();
  let text = readFileSync(join(fixtures, 'resources.tf'), 'utf8');
  incremental.parse('file:///edits.tf', text);
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 40; round++) {
    const at = random(text.length);
    const removed = random(4);
    const inserted = ['', 'x', '"', '{', '\n', 'é', '${'][random(7)];
    text = text.slice(0, at) + inserted + text.slice(at + removed);
    const tree: Tree = incremental.parse('file:///edits.tf', text)!;
    const fresh: Tree = parser.parse(text)!;
    assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `round ${round}`);
    fresh.delete();
  }
});

/** What a reading amounts to: each policy's name, type, span and findings, and the host problems. */
function summary(document: HostDocument): string[] {
  return [
    ...document.policies.map(
      (embedded) =>
        `${embedded.name} ${embedded.policyType} ${embedded.span.start}-${embedded.span.end} ${check(embedded)
          .map((problem) => `${problem.ruleId}@${problem.span.start}-${problem.span.end}`)
          .join(' ')}`,
    ),
    ...document.problems.map((problem) => `${problem.ruleId}@${problem.span.start}`),
  ];
}

test('re-reading after edits gives what a fresh read gives; policies before the edit stay the same objects', () => {
  let text = readFileSync(join(fixtures, 'policy-document.tf'), 'utf8') + readFileSync(join(fixtures, 'resources.tf'), 'utf8');
  const uri = 'file:///work/edited.tf';
  const first = read(text, uri);
  // An edit in the last policy leaves the earlier ones untouched.
  const at = text.lastIndexOf('InvokeFunktion');
  const edited = text.slice(0, at) + 'X' + text.slice(at);
  const second = read(edited, uri);
  assert.equal(second.policies[0], first.policies[0]);
  assert.equal(second.policies[1], first.policies[1]);
  assert.notEqual(second.policies.at(-1), first.policies.at(-1));
  text = edited;
  let seed = 11;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let round = 0; round < 25; round++) {
    const position = random(text.length);
    const inserted = ['', 'x', '"', '\n', ' ', '}', 'statement {'][random(7)];
    text = text.slice(0, position) + inserted + text.slice(position + random(3));
    assert.deepEqual(summary(read(text, uri)), summary(read(text, undefined, undefined)), `round ${round}`);
  }
});

test('.tf.json: policy document data sources with spans in the JSON, placeholders and the type a role gives them', () => {
  const text = readFileSync(join(fixtures, 'generated.tf.json'), 'utf8');
  const document = terraformReader.read({ text, uri: 'file:///work/generated.tf.json', languageId: 'json' });
  assert.ok(document);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType, policy.policy.statements.length]),
    [
      ['data.aws_iam_policy_document.trust', 'trust', 1],
      ['data.aws_iam_policy_document.read', undefined, 1],
    ],
  );
  const [trust, readPolicy] = document.policies;
  assert.deepEqual(
    trust.policy.statements[0].principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Service', ['ec2.amazonaws.com', 'lambda.amazonaws.com']]],
  );
  const findings = check(readPolicy);
  assert.deepEqual(
    findings.map((problem) => `${problem.ruleId} ${lineColumn(text, problem.span.start)} ${text.slice(problem.span.start, problem.span.end)}`),
    ['action-unknown 18:43 GetObjcet'],
  );
  const resources = readPolicy.policy.statements[0].resource!.values;
  assert.deepEqual(
    resources.map((value) => value.value),
    ['${aws_s3_bucket.logs.arn}/*', 'arn:aws:s3:::home/${aws:username}/*'],
  );
  const bucket = { service: 's3', type: 'bucket', part: 'arn', resourceType: 'aws_s3_bucket' };
  assert.deepEqual(resources[0].placeholders, [{ start: 0, end: 25, kind: 'arn', source: '${aws_s3_bucket.logs.arn}', resource: bucket }]);
  assert.equal(readPolicy.policy.statements[0].condition?.operators[0].keys[0].values[0].placeholders?.[0].kind, 'account');
  assert.deepEqual(
    check(trust).map((problem) => problem.ruleId),
    [],
  );
});

test('jsonencode with a for expression over statements reads its element once, as 0..n copies', () => {
  const { text, spans } = marked(`resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for bucket in var.buckets : { Effect = "Allow", Action = "s3:«GetObjekt»", Resource = "arn:aws:s3:::\${bucket}/*" } if bucket != ""]
  })
}
`);
  const [embedded] = read(text).policies;
  assert.equal(embedded.policy.statements.length, 1);
  assert.deepEqual(
    check(embedded)
      .filter((problem) => problem.ruleId === 'action-unknown')
      .map((problem) => problem.span),
    spans,
  );
});

test('policy-size measures the JSON the provider renders, not the .tf file around it', () => {
  // 8,000 characters of other Terraform: measured as the file, every small policy here was "over 6,144".
  const padding = `locals {\n  notes = "${'x'.repeat(8000)}"\n}\n`;
  const text = `${padding}data "aws_iam_policy_document" "small" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*", "\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["a"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
}
resource "aws_iam_policy" "h" {
  policy = <<-EOF
    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "\${var.bucket_arn}"}}
  EOF
}
`;
  const [document, encoded, heredoc] = read(text, undefined, undefined).policies;
  for (const embedded of [document, encoded, heredoc])
    assert.deepEqual(
      check(embedded).filter((problem) => problem.ruleId === 'policy-size'),
      [],
      embedded.name,
    );
  // The data source's `json`: indented, "Sid": "" for a statement without one, a one-element set as a string.
  assert.equal(
    document.policy.sizeText,
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: '',
            Effect: 'Allow',
            Action: 's3:GetObject',
            // A placeholder counts as its shortest value: an ARN's is arn:aws:s3:::x.
            Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::x/*'],
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
          },
        ],
      },
      null,
      2,
    ),
  );
  assert.equal(encoded.policy.sizeText, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}');
  assert.equal(heredoc.policy.sizeText, '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::x"}}\n');
});

test('policy-size reports a policy document whose rendered JSON is over the managed policy quota', () => {
  const statements = Array.from(
    { length: 60 },
    (_, i) => `  statement {\n    sid       = "Read${i}"\n    actions   = ["s3:GetObject", "s3:GetObjectVersion"]\n    resources = ["arn:aws:s3:::bucket-number-${i}/*"]\n  }\n`,
  ).join('');
  const text = `data "aws_iam_policy_document" "big" {\n${statements}}\nresource "aws_iam_policy" "big" {\n  policy = data.aws_iam_policy_document.big.json\n}\n`;
  const [embedded] = read(text).policies;
  const size = check(embedded).filter((problem) => problem.ruleId === 'policy-size');
  assert.equal(size.length, 1);
  assert.match(size[0].message, /managed policies|6,144/);
  // Anchored at the data source block, which is where the policy's root sits.
  assert.equal(size[0].span.start, text.indexOf('data "aws_iam_policy_document"'));
});

test('a condition key written wholly by interpolation in a heredoc may be any key: no condition-key-format error', () => {
  const text = `resource "aws_iam_policy" "p" {
  policy = <<EOT
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"\${var.tag_key}":"x","\${var.prefix}Tag":"y","aws:RequestTag/\${var.tag}":"z","SourceVpc":"vpc-1"}}}]}
EOT
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///infra/main.tf' }, { config: defaultConfiguration });
  const keys = analysis.policies[0].policy.statements[0].condition!.operators[0].keys;
  assert.deepEqual(
    keys.map((key) => [key.key, key.keyPlaceholders?.map((hole) => hole.source)]),
    [
      ['${var.tag_key}', ['${var.tag_key}']],
      ['${var.prefix}Tag', ['${var.prefix}']],
      ['aws:RequestTag/${var.tag}', ['${var.tag}']],
      ['SourceVpc', undefined],
    ],
  );
  // The key written without its prefix is still one.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'condition-key-format').map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['"SourceVpc"'],
  );
});

test('a document given as a role policy and as a trust policy is checked as each, the other use named in its findings', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "read" {
  «s»tatement {
    actions   = [«"s3:GetObject"»]
    «resources» = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.read.json
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///infra/both.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType, policy.variantOf]),
    [
      ['data.aws_iam_policy_document.read', 'identity', undefined],
      ['data.aws_iam_policy_document.read [trust]', 'trust', 'data.aws_iam_policy_document.read'],
    ],
  );
  const use = '(given to aws_iam_role.worker.assume_role_policy, as a trust policy)';
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span, problem.message.endsWith(use)]),
    [
      ['principal-missing', spans[0], true],
      ['trust-policy-elements', spans[1], true],
      ['trust-policy-elements', spans[2], true],
    ],
  );
});

test('aws_iam_policy_document: numbers and bools in its string lists are the strings Terraform converts them to', () => {
  // New Relic's integration role writes the account as a number; Terraform gives IAM "754728514883".
  const { text, spans } = marked(`data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [754728514883, «012345678901»]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [true]
    }
  }
}
`);
  const [embedded] = read(text, undefined, undefined).policies;
  const [statement] = embedded.policy.statements;
  assert.deepEqual(
    statement.principal?.entries[0].values.map((value) => value.value),
    ['754728514883', '12345678901'],
  );
  assert.deepEqual(
    statement.condition?.operators[0].keys[0].values.map((value) => `${value.jsonType}:${value.value}`),
    ['string:true'],
  );
  // Written with a leading zero, the number loses it at plan, as here: an 11-digit account.
  const problems = check(embedded).filter((problem) => problem.severity === 'error');
  assert.deepEqual(
    problems.map(({ ruleId, span }) => [ruleId, span]),
    [['principal-format', spans[0]]],
  );
});

// A Terragrunt/OpenTofu sweep: three .tofu modules gave no policy, the same files named .tf three.
test("OpenTofu's .tofu and .tofu.json files are read as .tf and .tf.json files are", () => {
  const native = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjects", Resource = "*" }] })\n}\n';
  const fromTofu = read(native, 'file:///w/main.tofu', undefined);
  assert.deepEqual(
    fromTofu.policies.map((policy) => [policy.name, policy.policyType]),
    [['aws_iam_policy.p.policy', 'identity']],
  );
  const json = JSON.stringify({ data: { aws_iam_policy_document: { p: { statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] } } } });
  assert.deepEqual(
    read(json, 'file:///w/iam.tofu.json', undefined).policies.map((policy) => policy.name),
    ['data.aws_iam_policy_document.p'],
  );
  assert.equal(isModuleFile('/w/main.tofu') && isModuleFile('/w/iam.tofu.json') && !isModuleFile('/w/main.tofu.bak'), true);
});

// A Terragrunt sweep: policies written in module arguments and Terragrunt inputs, for modules the reader does not know.
test("a module's argument written as a policy document is read, typed by its name or content; other arguments are not", () => {
  const { text, spans } = marked(`module "ecr" {
  source = "./modules/ecr"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "ecr:«GetDownloadUrlForLayers»", Resource = "*" }]
  })
  custom_role_trust_policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
EOT
  tags = { Statement = "not a policy" }
  scp_content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }] })
  permission_sets = [{ name = "ops", inline_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }] }) }]
  # A map of permission sets by name, its keys quoted (sourcefuse's arc-iam-identity-center, SSO sweep).
  by_name = { "Read-Only" = { inline_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:«GetObjects»", Resource = "*" }] }) } }
  # terraform-aws-modules' SNS example: a data protection policy has statements, but is no IAM policy.
  data_protection_policy = jsonencode({
    Name      = "__example_data_protection_policy"
    Version   = "2021-06-01"
    Statement = [{ DataDirection = "Inbound", DataIdentifier = ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], Operation = { Deny = {} }, Principal = ["*"], Sid = "DenyInboundEmailAddress" }]
  })
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/main.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['module.ecr.policy', 'resource'],
      ['module.ecr.custom_role_trust_policy', 'trust'],
      ['module.ecr.scp_content', 'scp'],
      ['module.ecr.permission_sets[0].inline_policy', 'identity'],
      ['module.ecr.by_name.Read-Only.inline_policy', 'identity'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});

test("a Terragrunt configuration's inputs are its module's arguments: a registry module's policy input, and policy documents", () => {
  const { text, spans } = marked(`terraform {
  source = "tfr:///terraform-aws-modules/iam/aws//modules/iam-policy?version=5.30.0"
}
include "root" {
  path = find_in_parent_folders()
}
inputs = {
  name   = "backend"
  policy = <<POLICY
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:«GetObjects»", "Resource": "arn:aws:s3:::\${dependency.bucket.outputs.name}/*"}]}
POLICY
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///live/dev/iam/backend/terragrunt.hcl' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'terraform');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['inputs.policy', 'identity'],
      ['inputs.assume_role_policy', 'trust'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  // A heredoc kept in the file's locals and decoded for the module is read where the local writes it.
  const local = marked(`locals {
  instance_policy = <<POLICY
  {"Version": "2012-10-17", "Statement": [{"Action": ["ec2:Describe*"], "Effect": «"allow"», "Resource": "*"}]}
  POLICY
}
terraform {
  source = "git::git@github.com:example/modules.git//iam/iam-policy?ref=v0.1.0"
}
inputs = {
  policy = jsondecode(local.instance_policy)
}
`);
  const fromLocal = analyzeDocument({ text: local.text, uri: 'file:///live/qa/policy/terragrunt.hcl' }, { config: defaultConfiguration });
  assert.deepEqual(
    fromLocal.policies.map((policy) => [policy.name, policy.policyType]),
    [['inputs.policy', 'identity']],
  );
  assert.deepEqual(
    fromLocal.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.span),
    [local.spans[0]],
  );
  // Inputs merged with those of an included file: the object written here is read.
  const merged = analyzeDocument(
    {
      text: 'inputs = merge(include.env.inputs, {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ecr:GetAuthorizationToken", Resource = "*" }] })\n})\n',
      uri: 'file:///live/dev/ecr/terragrunt.hcl',
    },
    { config: defaultConfiguration },
  );
  assert.deepEqual(
    merged.policies.map((policy) => policy.name),
    ['inputs.policy'],
  );
  // A stack's units and stacks give their values to what they make: policies written there are read.
  const stack = marked(`stack "gh_actions_auth" {
  source = "github.com/example/catalog//stacks/gh_actions_auth?ref=v0.0.13"
  path   = "github_actions_bootstrap"
  values = {
    inline_policies = [{ name = "EKS", policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = «"allow"», Action = ["eks:DescribeCluster"], Resource = "*" }] }) }]
  }
}
unit "queue" {
  source = "../units/queue"
  path   = "queue"
  values = { name = "jobs" }
}
`);
  const fromStack = analyzeDocument({ text: stack.text, uri: 'file:///live/bootstrap/terragrunt.stack.hcl' }, { config: defaultConfiguration });
  assert.deepEqual(
    fromStack.policies.map((policy) => policy.name),
    ['stack.gh_actions_auth.values.inline_policies[0].policy'],
  );
  assert.deepEqual(
    fromStack.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['effect-value', stack.spans[0]]],
  );
  // Other HCL files (a Packer template, Nomad's) set no inputs and are not read.
  assert.equal(terraformReader.read({ text: 'source "amazon-ebs" "x" {\n  region = "us-east-1"\n}\n', uri: 'file:///w/build.pkr.hcl' }), undefined);
});

// terraform-aws-modules' lambda, kms and sqs examples: statements given as objects, which the module makes a policy of.
test("a module's statement list (policy_statements, key_statements) is the policy the module makes of it, at its objects", () => {
  const { text, spans } = marked(`module "lambda" {
  source = "terraform-aws-modules/lambda/aws"
  policy_statements = {
    dynamodb = { effect = "Allow", actions = ["dynamodb:«BatchWriteItems»"], resources = ["arn:aws:dynamodb:eu-west-1:111122223333:table/Test"] }
  }
}
module "queue" {
  source = "terraform-aws-modules/sqs/aws"
  queue_policy_statements = {
    account = {
      sid        = "AccountReadWrite"
      actions    = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }]
    }
  }
}
module "role" {
  source = "./modules/role"
  assume_role_policy_statements = {
    notebook = { actions = ["sts:AssumeRole"], principals = { sagemaker = { type = "Service", identifiers = ["sagemaker.amazonaws.com"] } } }
  }
  settings_statements = { retention = { days = 7 } }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/main.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['module.lambda.policy_statements', 'identity'],
      ['module.queue.queue_policy_statements', 'resource'],
      ['module.role.assume_role_policy_statements', 'trust'],
    ],
  );
  // The queue's statement names no resources: the module writes its queue's ARN, so no resource-missing; a map of
  // principals by name is read as the principals blocks.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  assert.deepEqual(
    analysis.policies[2].policy.statements[0].principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Service', ['sagemaker.amazonaws.com']]],
  );
});

// A second sweep of module statement lists: keys quoted or computed, `conditions` of older module versions,
// terraform-aws-iam 6.x's `*_policy_permissions`, and a Lambda permission's principal with the partition's DNS suffix.
test('module statement lists keyed by quoted names, with conditions maps, older `conditions` and iam 6.x names', () => {
  const { text, spans } = marked(`module "ecr" {
  source = "terraform-aws-modules/ecr/aws"
  repository_policy_statements = {
    "lambda-ecr" = {
      actions    = ["ecr:BatchGetImage", "ecr:«SetRepositoryPolicys»"]
      principals = [{ type = "Service", identifiers = ["lambda.amazonaws.com"] }]
      condition = {
        "source-account" = { test = "StringEquals", variable = "aws:SourceAccount", values = ["111122223333"] }
      }
    }
  }
}
module "queue" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "4.0.2"
  queue_policy_statements = {
    sns = {
      actions    = ["sqs:SendMessage"]
      principals = [{ type = "Service", identifiers = ["sns.amazonaws.com"] }]
      conditions = [{ test = "ArnEquals", variable = "aws:SourceArn", values = ["arn:aws:sns:us-east-1:111122223333:alerts"] }]
    }
  }
}
module "role" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"
  trust_policy_permissions = {
    TrustService = { actions = ["sts:AssumeRole"], principals = [{ type = "Service", identifiers = ["ec2.amazonaws.com"] }] }
  }
}
resource "aws_lambda_permission" "events" {
  action        = "lambda:InvokeFunction"
  function_name = "my-fn"
  principal     = "events.\${data.aws_partition.current.dns_suffix}"
  source_arn    = "arn:aws:events:us-east-1:111122223333:rule/nightly"
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///w/main.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['module.ecr.repository_policy_statements', 'resource'],
      ['module.queue.queue_policy_statements', 'resource'],
      ['module.role.trust_policy_permissions', 'trust'],
      ['aws_lambda_permission.events', 'resource'],
    ],
  );
  // The conditions are read (no empty operator or key), the queue's `conditions` too (so no confused-deputy warning),
  // and the permission's principal is a service.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  const [ecr, queue] = analysis.policies;
  assert.deepEqual(
    ecr.policy.statements[0].condition?.operators.map(({ operator, keys }) => [operator, keys.map((key) => key.key)]),
    [['StringEquals', ['aws:SourceAccount']]],
  );
  assert.deepEqual(
    queue.policy.statements[0].condition?.operators.map(({ operator, keys }) => [operator, keys.map((key) => key.key)]),
    [['ArnEquals', ['aws:SourceArn']]],
  );
});

// EKS controllers sweep: a cluster autoscaler's policy saved as `irsa-cluster-autoscaler.tf`.
test('a .tf file that holds a JSON policy is named so at its first brace, and its policy is checked as JSON', () => {
  const { text, spans } = marked(`\n«{»
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["autoscaling:«SetDesiredCapacty»"], "Resource": "*"}]
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///infra/eks/irsa-cluster-autoscaler.tf', languageId: 'terraform' }, { config: defaultConfiguration });
  assert.equal(analysis.policies.length, 1);
  assert.deepEqual(
    analysis.problems.map(({ ruleId, span }) => [ruleId, span]),
    [
      ['terraform-policy-json', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  assert.match(analysis.problems[0].message, /^This \.tf file holds a JSON policy, not Terraform configuration/);
  // HCL that starts with a brace-less block is no such file.
  assert.equal(read('resource "aws_iam_policy" "p" {\n  policy = "{}"\n}\n').problems.length, 0);
});

// Connect and Lex sweep: a Lex bot role's trust written `identifiers = "lexv2.amazonaws.com"`.
test('a string where an aws_iam_policy_document takes a list is named, with a fix that writes the list', () => {
  const { text, spans } = marked(`data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = «"lexv2.amazonaws.com"»
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = «"\${var.account_id}-x"»
    }
  }
  statement {
    actions   = "\${local.actions}"
    resources = ["*"]
  }
}
`);
  const problems = read(text).problems.filter((problem) => problem.ruleId === 'terraform-argument-type');
  assert.deepEqual(
    problems.map((problem) => problem.span),
    spans,
  );
  assert.match(problems[0].message, /^"identifiers" takes a list of strings, and Terraform converts no string to one/);
  assert.equal(applyFix(text, problems[0]).includes('identifiers = ["lexv2.amazonaws.com"]'), true);
});
