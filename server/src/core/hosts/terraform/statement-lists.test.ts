import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

// A jsonencode policy's Statement list written with concat(), a conditional or a local (from real configurations:
// `Statement = concat(local.base, var.admin ? [{…}] : [])`): each statement written out is read where it is written,
// and statements in different branches of one conditional are never compared as if in one policy.

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function problemsOf(text: string): [string, string][] {
  const uri = `file:///work/statements-${documents++}.tf`;
  return analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]);
}

test('statements in concat(), in conditionals and in locals they name are read at the place that writes them', () => {
  const { text, spans } = marked(`locals {
  tls_only = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  logs     = { Effect = "Allow", Action = ["logs:«CreateLogGroupz»"], Resource = "arn:aws:logs:*:111122223333:log-group:/app/*" }
}
resource "aws_iam_role_policy" "app" {
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{ Effect = "Allow", Action = "s3:«GetObjectz»", Resource = "arn:aws:s3:::reports/*" }],
      [local.logs],
      var.extra_statements,
      var.write ? [{ Effect = "Allow", Action = "s3:«PutObjectz»", Resource = "arn:aws:s3:::reports/*" }] : []
    )
  })
}
resource "aws_s3_bucket_policy" "reports" {
  bucket = "reports"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.tls_only, [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:«GetObjekt»", Resource = "arn:aws:s3:::reports/*" }])
  })
}
`);
  const unknown = problemsOf(text).filter(([rule]) => rule === 'action-unknown');
  assert.deepEqual(
    unknown.map(([, at]) => at),
    spans.map((span) => text.slice(span.start, span.end)),
  );
});

test('statements from two branches of one conditional are neither duplicates nor redundant; an optional one covers nothing', () => {
  const text = `resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      var.admin ? [{ Sid = "Queue", Effect = "Allow", Action = "sqs:*", Resource = "arn:aws:sqs:us-east-1:111122223333:jobs" }] : [{ Sid = "Queue", Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:111122223333:jobs" }],
      var.archive ? [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::archive/*" }] : [],
      [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::archive/*" }]
    )
  })
}
`;
  const problems = problemsOf(text);
  assert.deepEqual(
    problems.filter(([rule]) => rule === 'sid-duplicate' || rule === 'redundant-statement'),
    [],
  );
  // Written twice in one list, the Sid is a duplicate again.
  const twice = text.replace('var.admin ? [{ Sid = "Queue"', '[{ Sid = "Queue"').replace('}] : [{ Sid = "Queue"', '}], [{ Sid = "Queue"');
  assert.deepEqual(
    problemsOf(twice)
      .filter(([rule]) => rule === 'sid-duplicate')
      .map(([, at]) => at),
    ['"Queue"'],
  );
});

test('a Deny written in one branch of a conditional does not count as taking the Allow away', () => {
  const text = `resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{ Effect = "Allow", Action = "iam:*", Resource = "*" }],
      var.locked ? [{ Effect = "Deny", Action = "iam:*", Resource = "*" }] : []
    )
  })
}
`;
  assert.ok(problemsOf(text).some(([rule, at]) => rule === 'wildcard-action' && at === '"iam:*"'));
});

// From real organization repositories: the SCP resource in one file, its document in another of the module.
test('a policy document is checked as the type a resource in another file of the module gives it', () => {
  const documentTf = `data "aws_iam_policy_document" "deny_leave" {
  statement {
    effect    = "Deny"
    actions   = ["organizations:LeaveOrganization"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
`;
  const organizationTf = `resource "aws_organizations_policy" "deny_leave" {
  name    = "deny-leave"
  type    = "SERVICE_CONTROL_POLICY"
  content = data.aws_iam_policy_document.deny_leave.json
}
`;
  const read = (languageId?: string) =>
    analyzeDocument(
      { text: documentTf, uri: 'file:///work/org/documents.tf', ...(languageId ? { languageId } : {}), siblings: () => [{ uri: 'file:///work/org/organization.tf', text: organizationTf }] },
      { config: defaultConfiguration },
    );
  for (const languageId of [undefined, 'terraform']) {
    const analysis = read(languageId);
    assert.equal(analysis.policies[0].policyType, 'scp', String(languageId));
    assert.deepEqual(
      analysis.problems.map((problem) => [problem.ruleId, documentTf.slice(problem.span.start, problem.span.end).split('\n')[0]]),
      [['principal-not-allowed', 'principals']],
    );
  }
  // Alone, the document's type comes from its content.
  assert.notEqual(analyzeDocument({ text: documentTf, uri: 'file:///work/alone/documents.tf' }, { config: defaultConfiguration }).policies[0].policyType, 'scp');
});

// From a real IRSA trust document: the condition's key is a variable the caller sets.
test('a condition key the configuration computes (variable = "${var.subject_key}") is no malformed key', () => {
  const text = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "\${var.subject_key}"
      values   = [var.subject]
    }
    condition {
      test     = "StringEquals"
      variable = "SourceVpce"
      values   = ["vpce-1a2b3c4d"]
    }
  }
}
`;
  assert.deepEqual(
    problemsOf(text)
      .filter(([rule]) => rule === 'condition-key-format')
      .map(([, at]) => at),
    ['"SourceVpce"'],
  );
});

// From a real bucket policy: the organization paths are a variable's, compared exactly.
test('organization paths known only at plan time, compared exactly, keep a bucket policy for "*" from being public', () => {
  const text = (test: string) => `data "aws_iam_policy_document" "weights" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.weights.arn}/*"]
    condition {
      test     = "${test}"
      variable = "aws:PrincipalOrgPaths"
      values   = var.org_paths
    }
  }
}
resource "aws_s3_bucket_policy" "weights" {
  bucket = aws_s3_bucket.weights.id
  policy = data.aws_iam_policy_document.weights.json
}
`;
  const publicFindings = (test: string) => {
    const uri = `file:///work/org-paths-${documents++}.tf`;
    return analyzeDocument({ text: text(test), uri }, { config: defaultConfiguration })
      .problems.filter((problem) => problem.ruleId === 'resource-public')
      .map((problem) => problem.severity);
  };
  assert.deepEqual(publicFindings('ForAnyValue:StringEquals'), []);
  // Under StringLike the paths could hold wildcards: public unless they are fixed, which the deployer decides.
  assert.deepEqual(publicFindings('ForAnyValue:StringLike'), ['information']);
});

// From a real Terraform IRSA role: the provider and its issuer are module outputs, and only the audience is tested.
test('a trust policy of a provider named at plan time that tests only the AWS audience lets every pod in', () => {
  const text = (extra: string) => `resource "aws_iam_role" "autoscaler" {
  name = "autoscaler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "\${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"${extra}
        }
      }
    }]
  })
}
`;
  const findings = (extra: string) => problemsOf(text(extra)).filter(([rule]) => rule === 'trust-oidc-conditions');
  assert.deepEqual(findings(''), [['trust-oidc-conditions', 'module.eks.oidc_provider_arn']]);
  assert.deepEqual(findings('\n          "\${module.eks.oidc_provider}:sub" = "system:serviceaccount:kube-system:cluster-autoscaler"'), []);
});

// schubergphilis' landing zone joins its SCP's NotAction lists with distinct(concat(…)): "supportplans:*" written in
// two of them is there once, and was a false redundant-action hint.
test('a list joined by distinct(), toset() or setunion() holds a value written twice once; concat() keeps both', () => {
  const scp = (join: string) => `locals {
  global = ["supportplans:*", "iam:*"]
  multi  = ["supportplans:*"]
}
data "aws_iam_policy_document" "regions" {
  statement {
    effect      = "Deny"
    not_actions = ${join}
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}
`;
  const repeated = (join: string) => problemsOf(scp(join)).filter(([rule]) => rule === 'redundant-action');
  assert.deepEqual(repeated('concat(local.global, local.multi, var.lake ? ["s3:ReplicateObject"] : [])'), [['redundant-action', '"supportplans:*"']]);
  assert.deepEqual(repeated('distinct(concat(local.global, local.multi, var.lake ? ["s3:ReplicateObject"] : []))'), []);
  assert.deepEqual(repeated('toset(concat(local.global, local.multi))'), []);
  assert.deepEqual(repeated('setunion(local.global, local.multi)'), []);
});
