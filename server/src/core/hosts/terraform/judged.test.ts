import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

// False findings the public modules showed (test/fixtures/terraform/public, judged in public.test.ts), each cut down
// to the form that caused it, beside the case that must still be reported.

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function analyze(text: string, extension = '.tf') {
  const analysis = analyzeDocument({ text, uri: `file:///work/judged-${documents++}${extension}` }, { config: defaultConfiguration });
  return {
    types: analysis.policies.map((policy) => `${policy.policyType}${policy.policyTypeInferred ? ' (inferred)' : ''}`),
    findings: analysis.problems.map((problem) => `${problem.ruleId} ${text.slice(problem.span.start, problem.span.end)}`),
  };
}

test('a dynamic statement with principals fed from a variable does not make an identity policy a resource policy', () => {
  // terraform-aws-eks modules/karpenter/policy.tf: 31 principal-missing errors before.
  const text = `data "aws_iam_policy_document" "controller" {
  statement {
    actions   = ["ec2:DescribeImages"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.extra_statements
    content {
      actions   = try(statement.value.actions, null)
      resources = try(statement.value.resources, null)
      dynamic "principals" {
        for_each = try(statement.value.principals, [])
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
    }
  }
}
`;
  assert.deepEqual(analyze(text), { types: ['identity (inferred)'], findings: [] });
  // A Principal written out still makes it a resource policy, whose statements then all need one.
  const written = text.replace('resources = ["*"]\n  }', 'resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["111122223333"]\n    }\n  }');
  assert.deepEqual(analyze(written).types, ['resource (inferred)']);
});

test('a statement whose principal type and action are variables, without resources, is read as a trust policy', () => {
  // cloudposse/terraform-aws-iam-role main.tf: resource-missing error before.
  const text = `data "aws_iam_policy_document" "assume_role" {
  count = length(keys(var.principals))
  statement {
    effect  = "Allow"
    actions = [var.assume_role_action]
    principals {
      type        = element(keys(var.principals), count.index)
      identifiers = var.principals[element(keys(var.principals), count.index)]
    }
  }
}
`;
  assert.deepEqual(analyze(text), { types: ['trust (inferred)'], findings: [] });
  // With a resource the same statement is a resource policy.
  assert.deepEqual(analyze(text.replace('actions = [var.assume_role_action]', 'actions   = [var.assume_role_action]\n    resources = ["arn:aws:s3:::b/*"]')).types, ['resource (inferred)']);
});

test('actions and not_actions from a dynamic block iterator may each be null: no conflict; both literal still conflict', () => {
  // terraform-aws-eks modules/fargate-profile/main.tf: two element-conflict errors before.
  const text = `data "aws_iam_policy_document" "role" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions       = statement.value.actions
      not_actions   = statement.value.not_actions
      resources     = statement.value.resources
      not_resources = statement.value.not_resources
    }
  }
}
`;
  assert.deepEqual(analyze(text).findings, []);
  const literal = `data "aws_iam_policy_document" "both" {
  statement {
    actions     = ["s3:GetObject"]
    not_actions = ["s3:PutObject"]
    resources   = ["*"]
  }
}
`;
  assert.deepEqual(
    analyze(literal).findings.filter((finding) => finding.startsWith('element-conflict')),
    ['element-conflict not_actions'],
  );
});

test('condition blocks with the same test and variable are one key with the values appended, in .tf and .tf.json', () => {
  // terraform-aws-eks modules/karpenter/policy.tf: a duplicate-key error before; the provider appends the values.
  const text = `data "aws_iam_policy_document" "tags" {
  statement {
    actions   = ["iam:TagInstanceProfile"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/team"
      values   = ["a"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/team"
      values   = ["b"]
    }
  }
}
`;
  const document = terraformReader.read({ text, uri: 'file:///work/judged-conditions.tf' })!;
  const [operator] = document.policies[0].policy.statements[0].condition!.operators;
  assert.deepEqual(
    operator.keys.map((key) => [key.key, key.values.map((value) => value.value)]),
    [['aws:ResourceTag/team', ['a', 'b']]],
  );
  assert.deepEqual(analyze(text).findings, []);
  const json = JSON.stringify({
    data: {
      aws_iam_policy_document: {
        tags: {
          statement: {
            actions: ['iam:TagInstanceProfile'],
            resources: ['*'],
            condition: [
              { test: 'StringEquals', variable: 'aws:ResourceTag/team', values: ['a'] },
              { test: 'StringEquals', variable: 'aws:ResourceTag/team', values: ['b'] },
            ],
          },
        },
      },
    },
  });
  const fromJson = terraformReader.read({ text: json, uri: 'file:///work/judged-conditions.tf.json' })!;
  assert.deepEqual(
    fromJson.policies[0].policy.statements[0].condition!.operators[0].keys.map((key) => [key.key, key.values.map((value) => value.value)]),
    [['aws:ResourceTag/team', ['a', 'b']]],
  );
});

test('policy-size counts partition, Region and account placeholders at their shortest: over only as written is not reported', () => {
  // terraform-aws-eks modules/karpenter/policy.tf: a policy-size warning before (6,484 counting 26 `${local.partition}`
  // and 27 Regions as written; 5,912 with aws and us-east-1).
  const statement = (i: number) =>
    `  statement {\n    sid       = "S${i}"\n    actions   = ["ec2:CreateTags"]\n    resources = ["arn:\${local.partition}:ec2:\${local.region}:\${local.account_id}:instance/i${i}-*"]\n  }\n`;
  const policy = (count: number) =>
    `data "aws_iam_policy_document" "p" {\n${Array.from({ length: count }, (_, i) => statement(i)).join('')}}\nresource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.p.json\n}\n`;
  // 50 statements: 7,418 characters as written, 6,018 with the shortest values.
  assert.deepEqual(
    analyze(policy(50)).findings.filter((finding) => finding.startsWith('policy-size')),
    [],
  );
  // 55 statements are over the quota whatever the placeholders become (6,618).
  assert.equal(analyze(policy(55)).findings.filter((finding) => finding.startsWith('policy-size')).length, 1);
});

test('principal ARNs whose partition and account are data sources or locals are principals, and are judged as such', () => {
  // A GitHub Actions trust policy as Terraform modules write it: principal-format called the provider ARN invalid
  // (an error), so trust-github-sub never looked at it; a role ARN from data sources was an error too.
  const trust = (condition: string) => `data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
resource "aws_iam_role" "github" {
  name = "github"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { ${condition} }
    }]
  })
}
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:role/ci" }
      Action    = "sts:AssumeRole"
    }]
  })
}
`;
  const aud = 'StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }';
  const sub = 'StringLike = { "token.actions.githubusercontent.com:sub" = "repo:my-org/my-repo:ref:refs/heads/main" }';
  assert.deepEqual(analyze(trust(`\n        ${aud}\n        ${sub}\n      `)).findings, []);
  assert.deepEqual(
    analyze(trust(aud)).findings.map((finding) => finding.split(' ')[0]),
    ['trust-github-sub'],
  );
});

test('an OIDC provider ARN built from data sources, locals and the provider URL variable is a federated principal', () => {
  // terraform-aws-modules/iam iam-assumable-role-with-oidc: two principal-format errors before.
  const text = `data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
locals {
  aws_account_id = data.aws_caller_identity.current.account_id
}
data "aws_iam_policy_document" "assume_role_with_oidc" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:\${data.aws_partition.current.partition}:iam::\${local.aws_account_id}:oidc-provider/\${var.provider_url}"]
    }
    condition {
      test     = "StringEquals"
      variable = "\${var.provider_url}:sub"
      values   = var.oidc_fully_qualified_subjects
    }
  }
}
resource "aws_iam_role" "this" {
  assume_role_policy = data.aws_iam_policy_document.assume_role_with_oidc.json
}
`;
  assert.deepEqual(analyze(text), { types: ['trust'], findings: [] });
});

test('an aws_iam_policy that roles and users take only as their permissions_boundary is read as a boundary', () => {
  // test/fixtures/terraform/permissions-boundary.tf: a boundary through a data source, one in jsonencode, and one that
  // is attached as well (a grant, checked as one).
  const text = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'terraform', 'permissions-boundary.tf'), 'utf8');
  const { types, findings } = analyze(text);
  assert.deepEqual(types, ['boundary', 'boundary', 'identity', 'trust', 'trust']);
  assert.deepEqual(findings, ['resource-exposure "sqs:*"', 'wildcard-action "sqs:*"', 'wildcard-resource "*"']);
  // Without the attachment, the shared policy is a boundary too; without the boundary, the developer's is a grant.
  const detached = text.slice(0, text.indexOf('resource "aws_iam_role_policy_attachment"'));
  assert.deepEqual(analyze(detached).types, ['boundary', 'boundary', 'boundary', 'trust', 'trust']);
  const unbounded = text.replace('  permissions_boundary = aws_iam_policy.developer_boundary.arn\n', '');
  assert.deepEqual(analyze(unbounded).types, ['identity', 'boundary', 'identity', 'trust', 'trust']);
  assert.ok(analyze(unbounded).findings.includes('wildcard-action "*"'));
});

test('a VPC endpoint policy grants nothing, ECR repository and EFS file system policies name no Resource: none is reported for it', () => {
  const text = `resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.s3"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["s3:GetObject", "s3:ListBuckt"], Resource = ["arn:aws:s3:::my-bucket/*"] }]
  })
}
data "aws_iam_policy_document" "ddb" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}
resource "aws_vpc_endpoint" "ddb" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.dynamodb"
  policy       = data.aws_iam_policy_document.ddb.json
}
resource "aws_ecr_repository_policy" "pull" {
  repository = "app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "pull", Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = ["ecr:BatchGetImage"] }]
  })
}
resource "aws_efs_file_system_policy" "tls" {
  file_system_id = "fs-1"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Principal = { AWS = "*" }, Action = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}
resource "aws_s3_bucket_policy" "open" {
  bucket = "b"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
  })
}
`;
  // Before: resource-public twice and wildcard-action on the endpoints, resource-missing on the repository and the file
  // system. The
  // bucket policy beside them is still public, and the endpoint's misspelled action still an error.
  assert.deepEqual(analyze(text).findings, ['action-unknown ListBuckt', 'resource-public "*"']);
});

test("an aws_iam_policy that another file of the module names as a role's permissions_boundary is read as a boundary", () => {
  const policies = `resource "aws_iam_policy" "cap" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
`;
  const roles = (extra: string) => `resource "aws_iam_role" "dev" {
  name                 = "dev"
  permissions_boundary = aws_iam_policy.cap.arn
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
${extra}`;
  const typeWith = (siblings: { uri: string; text: string }[]) =>
    analyzeDocument({ text: policies, uri: 'file:///work/module/policies.tf', siblings: () => siblings }, { config: defaultConfiguration }).policies.map((policy) => policy.policyType);
  assert.deepEqual(typeWith([]), ['identity']);
  assert.deepEqual(typeWith([{ uri: 'file:///work/module/roles.tf', text: roles('') }]), ['boundary']);
  // Attached in a third file as well: a grant.
  const attachment = 'resource "aws_iam_role_policy_attachment" "dev" {\n  role       = aws_iam_role.dev.name\n  policy_arn = aws_iam_policy.cap.arn\n}\n';
  assert.deepEqual(
    typeWith([
      { uri: 'file:///work/module/roles.tf', text: roles('') },
      { uri: 'file:///work/module/attach.tf', text: attachment },
    ]),
    ['identity'],
  );
  // The role and the attachment in one file: a grant too.
  assert.deepEqual(typeWith([{ uri: 'file:///work/module/roles.tf', text: roles(attachment) }]), ['identity']);
});

test("a key policy that adds the caller's statements is still a key policy: AWS's default kms:* to the account is no wildcard-action", () => {
  // terraform-aws-modules/terraform-aws-kms main.tf: the default statement drew wildcard-action, as a policy that is no
  // key policy would, since var.key_statements' actions are known at deploy time only.
  const statements = (owner: string) => `resource "aws_kms_key" "this" {
  policy = data.aws_iam_policy_document.this.json
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Default"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["${owner}"]
    }
  }
  dynamic "statement" {
    for_each = var.key_statements
    content {
      actions   = try(statement.value.actions, null)
      resources = try(statement.value.resources, null)
      dynamic "principals" {
        for_each = try(statement.value.principals, [])
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
    }
  }
}
`;
  const own = analyze(statements('arn:${local.partition}:iam::${local.account_id}:root'));
  assert.deepEqual(own.types, ['resource']);
  assert.deepEqual(
    own.findings.filter((finding) => finding.startsWith('wildcard-action')),
    [],
  );
  // To a role rather than the account, kms:* is a wildcard as before.
  const role = analyze(statements('arn:aws:iam::111122223333:role/admin'));
  assert.deepEqual(
    role.findings.filter((finding) => finding.startsWith('wildcard-action')),
    ['wildcard-action "kms:*"'],
  );
});

test("an aws_iam_role_policy's document is held to a role's inline quota, an aws_iam_user_policy's to a user's", () => {
  // A role policy of 6,400 characters: within the 10,240 a role's inline policies share, over a managed policy's 6,144.
  const actions = (count: number) => Array.from({ length: count }, (_, i) => `"s3:GetObject${String(i).padStart(7, '0')}"`).join(', ');
  const text = `resource "aws_iam_role_policy" "large" {
  role   = "app"
  policy = data.aws_iam_policy_document.large.json
}

data "aws_iam_policy_document" "large" {
  statement {
    actions   = [${actions(300)}]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "managed" {
  policy = data.aws_iam_policy_document.managed.json
}

data "aws_iam_policy_document" "managed" {
  statement {
    actions   = [${actions(300)}]
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "small" {
  user   = "someone"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = [${actions(100)}], Resource = "*" }] })
}
`;
  const sizes = analyzeDocument({ text, uri: 'file:///work/inline-sizes.tf' }, { config: defaultConfiguration })
    .problems.filter((problem) => problem.ruleId === 'policy-size')
    .map((problem) => [problem.severity, /for ([^.]*)\./.exec(problem.message)?.[1]]);
  assert.deepEqual(sizes, [
    ['warning', 'IAM managed policies'],
    ['error', "a user's inline policies together"],
  ]);
});

test('dynamic statements guarded by different values of one variable are never in one policy: the same Sid is no duplicate', () => {
  // terraform-aws-modules/terraform-aws-ecr main.tf: a ReadWrite statement for private repositories and one for public.
  const module = (second: string) => `resource "aws_ecr_repository_policy" "this" {
  repository = "app"
  policy     = data.aws_iam_policy_document.repository.json
}

data "aws_iam_policy_document" "repository" {
  dynamic "statement" {
    for_each = length(var.read_write_arns) > 0 && var.repository_type == "private" ? [var.read_write_arns] : []
    content {
      sid     = "ReadWrite"
      actions = ["ecr:PutImage", "ecr:BatchGetImage"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }
  dynamic "statement" {
    for_each = length(var.read_write_arns) > 0 && var.repository_type == "${second}" ? [var.read_write_arns] : []
    content {
      sid     = "ReadWrite"
      actions = ["ecr-public:PutImage", "ecr-public:BatchCheckLayerAvailability"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }
}
`;
  assert.deepEqual(
    analyze(module('public')).findings.filter((finding) => finding.startsWith('sid-duplicate')),
    [],
  );
  // Guarded by the same value, both are written: the Sid repeats.
  assert.deepEqual(
    analyze(module('private')).findings.filter((finding) => finding.startsWith('sid-duplicate')),
    ['sid-duplicate "ReadWrite"'],
  );
});

test("a policy argument that is the caller's policy or the module's own reads the module's own, typed by the argument", () => {
  // cloudposse's kms-key: `var.policy != "" ? var.policy : local.default_policy` was not read at all; its statements
  // lack Effect. cloudposse's sns-topic: the document in the other branch was read as an identity policy.
  const text = `resource "aws_kms_key" "default" {
  policy = var.policy != "" ? var.policy : local.default_policy
}

locals {
  default_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Admins", Action = ["kms:Describe*"], Principal = { AWS = "arn:aws:iam::111122223333:root" }, Resource = "*" }]
  })
}

resource "aws_sns_topic_policy" "this" {
  arn    = "arn:aws:sns:us-east-1:111122223333:topic"
  policy = length(var.sns_topic_policy_json) > 0 ? var.sns_topic_policy_json : data.aws_iam_policy_document.topic.json
}

data "aws_iam_policy_document" "topic" {
  statement {
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
}
`;
  const result = analyze(text);
  assert.deepEqual(result.types, ['resource', 'resource']);
  assert.deepEqual(
    result.findings.filter((finding) => finding.startsWith('effect-missing') || finding.startsWith('principal-missing')),
    ['effect-missing {', 'principal-missing s'],
  );
});

test('a policy written only when a feature is on (`cond ? jsonencode({…}) : null`), in the argument or a local, is read', () => {
  // DoiT's cloud connect module (SaaS sweep): `local.write_policy` went unread, hiding iam:PassRole with ec2:RunInstances on "*".
  const text = `locals {
  write_policy = local.has_write ? jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ec2:RunInstances", "iam:PassRole"], Resource = "*" }]
  }) : null
}

resource "aws_iam_policy" "write" {
  policy = local.write_policy
}

resource "aws_iam_policy" "read" {
  policy = var.enabled ? null : jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })
}
`;
  const result = analyze(text);
  assert.deepEqual(result.types, ['identity', 'identity']);
  assert.ok(result.findings.some((finding) => finding.startsWith('privilege-escalation')));
  assert.ok(result.findings.some((finding) => finding.startsWith('action-unknown')));
});

test('a managed policy that an iam:PermissionsBoundary condition names, by reference or by its ARN, and that nothing attaches is read as a boundary', () => {
  // otterize's terraform-aws-otterize-aws-iam-rolesanywhere: the operator may create roles only with this boundary,
  // whose Deny of iam:* beside Allow * on * drew wildcard-action (awscc sweep, stop 65).
  const text = `resource "awscc_iam_managed_policy" "limit" {
  managed_policy_name = "\${var.cluster_name}-limit-iam-permission-boundary"
  policy_document = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }, { Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
resource "aws_iam_policy" "by_reference" {
  name   = "by-reference"
  path   = "/boundaries/"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "by_arn" {
  name   = "by-arn"
  path   = "/boundaries/"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "awscc_iam_managed_policy" "attached" {
  managed_policy_name = "attached"
  roles               = ["ops"]
  policy_document     = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
data "aws_iam_policy_document" "operator" {
  statement {
    actions   = ["iam:CreateRole", "iam:PutRolePermissionsBoundary"]
    resources = ["arn:aws:iam::111122223333:role/app-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values = [
        "arn:aws:iam::\${var.account_id}:policy/\${var.cluster_name}-limit-iam-permission-boundary",
        aws_iam_policy.by_reference.arn,
        "arn:aws:iam::111122223333:policy/boundaries/by-arn",
        awscc_iam_managed_policy.attached.policy_arn,
      ]
    }
  }
}
`;
  const { types, findings } = analyze(text);
  assert.deepEqual(types, ['boundary', 'boundary', 'boundary', 'identity', 'identity (inferred)']);
  // The policy that attaches itself to a role is a grant, checked as one.
  assert.deepEqual(
    findings.filter((finding) => finding.startsWith('wildcard-action')),
    ['wildcard-action "*"'],
  );
  // Named by another path, or by no condition at all, a policy is a grant.
  const otherPath = text.replace('policy/boundaries/by-arn', 'policy/by-arn');
  assert.deepEqual(analyze(otherPath).types, ['boundary', 'boundary', 'identity', 'identity', 'identity (inferred)']);
  const unnamed = text.replace('variable = "iam:PermissionsBoundary"', 'variable = "aws:RequestTag/team"');
  assert.deepEqual(analyze(unnamed).types, ['identity', 'identity', 'identity', 'identity', 'identity (inferred)']);
});

test('an aws_iam_policy or document the module names as a boundary is one where nothing attaches it (deployment sweep)', () => {
  // jeremy-banks/devops and kloud-cnf/terraform-aws-ci-iam-roles: boundaries the roles of other modules take, 15 false
  // warnings of the grant rules.
  const text = (attachment: string) => `resource "aws_iam_policy" "permission_boundary_automation" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:*", "s3:*"], Resource = "*" }]
  })
}
data "aws_iam_policy_document" "ci_permission_boundary" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "permissions_boundary_enforcement" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:CreateRole", Resource = "*" }]
  })
}
${attachment}`;
  const types = (source: string) => analyzeDocument({ text: source, uri: 'file:///work/module/main.tf' }, { config: defaultConfiguration }).policies.map((policy) => policy.policyType);
  assert.deepEqual(types(text('')), ['boundary', 'boundary', 'identity']);
  // Attached, it is a grant, whatever its name.
  const attached = 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = "ci"\n  policy_arn = aws_iam_policy.permission_boundary_automation.arn\n}\n';
  assert.deepEqual(types(text(attached)), ['identity', 'boundary', 'identity']);
});

test('a dynamic statement under a for_each of its own may be absent: another with the same actions is not redundant, unless both share the for_each', () => {
  // terraform-aws-modules/terraform-aws-kms main.tf: Default and KeyOwner both allow kms:* on "*", each when its own
  // variable says so. The fix for redundant-statement removed KeyOwner's whole block.
  const module = (ownerGuard: string) => `resource "aws_kms_key" "this" {
  policy = data.aws_iam_policy_document.this.json
}

data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.enable_default_policy ? [1] : []
    content {
      sid       = "Default"
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:root"]
      }
    }
  }
  dynamic "statement" {
    for_each = ${ownerGuard}
    content {
      sid       = "KeyOwner"
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:root"]
      }
    }
  }
}
`;
  const redundant = (text: string) =>
    analyzeDocument({ text, uri: `file:///work/judged-${documents++}.tf` }, { config: defaultConfiguration })
      .problems.filter((problem) => problem.ruleId === 'redundant-statement')
      .map((problem) => text.slice(problem.span.start).split('\n')[0]);
  assert.deepEqual(redundant(module('length(var.key_owners) > 0 ? [1] : []')), []);
  // The same for_each, written with other spacing: both are there or neither, and the second repeats the first.
  assert.deepEqual(redundant(module('var.enable_default_policy  ?  [1] : []')), ['dynamic "statement" {']);
});

test('the values of two branches of a conditional are not in one list: "*" in one makes no value of the other redundant', () => {
  // dod-iac/terraform-aws-athena-iam-policy: the buckets when there are some, else "*" under a Deny. Removing the
  // variable, as redundant-resource's fix did, leaves the Deny on every bucket.
  const text = `data "aws_iam_policy_document" "main" {
  statement {
    actions   = ["s3:ListBucket"]
    effect    = length(var.source_buckets) > 0 ? "Allow" : "Deny"
    resources = length(var.source_buckets) > 0 ? var.source_buckets : ["*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = concat(["*"], var.source_keys)
  }
}
`;
  assert.deepEqual(
    analyze(text).findings.filter((finding) => finding.startsWith('redundant-resource')),
    ['redundant-resource var.source_keys'],
  );
});

test('compact() drops a null of a conditional as it drops "": no value-type error on the list it makes', () => {
  // tedilabs/terraform-aws-data athena-workgroup: the KMS keys of the features turned on.
  const text = (wrapped: (list: string) => string) => `locals {
  kms_keys = ${wrapped('[\n    var.encryption.enabled ? var.encryption.kms_key : null,\n    var.logging.kms_key,\n  ]')}
}

data "aws_iam_policy_document" "spark" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = local.kms_keys
  }
}
`;
  assert.deepEqual(
    analyze(text((list) => `compact(${list})`)).findings.filter((finding) => finding.startsWith('value-type')),
    [],
  );
  assert.deepEqual(
    analyze(text((list) => list)).findings.filter((finding) => finding.startsWith('value-type')),
    ['value-type null'],
  );
});

test('an empty resources list beside not_resources is left out, as the provider leaves it out of the JSON', () => {
  // AWS's MWAA execution role sample, written in Terraform: `resources = []` and `not_resources = [...]`.
  const text = (resources: string) => `data "aws_iam_policy_document" "mwaa" {
  statement {
    actions       = ["kms:Decrypt"]
    resources     = ${resources}
    not_resources = ["arn:aws:kms:*:111122223333:key/*"]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["sqs.us-east-1.amazonaws.com"]
    }
  }
}
`;
  const findings = (resources: string) => analyze(text(resources)).findings.filter((finding) => /^(element-conflict|empty-value)/.test(finding));
  assert.deepEqual(findings('[]'), []);
  assert.deepEqual(findings('["*"]'), ['element-conflict not_resources']);
});

test('a principal written "${local.x}" is the local: through two locals to the caller identity, the owner statement of a key policy', () => {
  // epomatti/aws-cloudfront-s3-oac-oai: AWS's default key policy statement, its principal through two locals (edge sweep: 1 FALSE).
  const text = (principal: string, local = '"arn:aws:iam::${local.aws_account_id}:root"') => `data "aws_caller_identity" "current" {}
locals {
  aws_account_id        = data.aws_caller_identity.current.account_id
  aws_account_principal = ${local}
}
resource "aws_kms_key_policy" "oac" {
  key_id = var.kms_key_arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = ${principal} }, Action = "kms:*", Resource = "*" }]
  })
}
`;
  const wildcards = (analysis: ReturnType<typeof analyze>) => analysis.findings.filter((finding) => finding.startsWith('wildcard-action'));
  for (const principal of ['"${local.aws_account_principal}"', 'local.aws_account_principal']) assert.deepEqual(wildcards(analyze(text(principal))), [], principal);
  // A principal the reader cannot read may be anyone's: reported, as before.
  assert.deepEqual(wildcards(analyze(text('"${local.aws_account_principal}"', 'lookup(var.principals, "admin")'))), ['wildcard-action "kms:*"']);
});
