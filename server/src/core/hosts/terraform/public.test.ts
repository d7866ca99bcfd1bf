import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';

// Public modules (test/fixtures/terraform/public/SOURCES.md), linted as `iam-policy lint` does. Every finding was
// judged by hand; the snapshot below holds the true ones. The false positives these files showed (dynamic blocks
// fed from variables read as literal principals, operators and Sids; `lookup(..., null)` pairs read as conflicts;
// `compact([c ? "x" : ""])` read as an empty action; two template condition keys compared as one) are fixed in
// the reader and the rules, and must not come back.

const publicFixtures = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'terraform', 'public');

before(async () => {
  await terraformReader.prepare!();
});

function lint(file: string) {
  const text = readFileSync(join(publicFixtures, file), 'utf8');
  const analysis = analyzeDocument({ text, uri: `file:///public/${file}` }, { config: defaultConfiguration });
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  return {
    policies: analysis.policies.map((policy) => `${policy.name} ${policy.policyType}${policy.policyTypeInferred ? ' (inferred)' : ''}`),
    findings: analysis.problems.map((problem) => `${line(problem.span.start)} ${problem.severity} ${problem.ruleId} ${text.slice(problem.span.start, problem.span.end)}`),
  };
}

test('terraform-aws-iam iam-assumable-role-with-oidc: the trust policy, typed through join("", ….*.json), has no findings', () => {
  assert.deepEqual(lint('terraform-aws-iam/iam-assumable-role-with-oidc/main.tf'), {
    policies: ['data.aws_iam_policy_document.assume_role_with_oidc trust'],
    // Was: dead-statement on the two dynamic conditions, whose keys `${condition.value}:sub` are known only at plan time.
    findings: [],
  });
});

test('terraform-aws-iam iam-role-for-service-accounts-eks: only "*" resources of actions that can be scoped', () => {
  assert.deepEqual(lint('terraform-aws-iam/iam-role-for-service-accounts-eks/policies.tf'), {
    policies: ['cert_manager', 'cluster_autoscaler', 'ebs_csi', 'efs_csi', 'external_dns', 'external_secrets', 'fsx_lustre_csi'].map((name) => `data.aws_iam_policy_document.${name} identity`),
    // True: eks:DescribeNodegroup, ec2:CreateSnapshot/AttachVolume/DetachVolume/ModifyVolume, the EFS Describe actions,
    // route53:ListResourceRecordSets and fsx:CreateFileSystem/DeleteFileSystem/TagResource plus s3:ListBucket all take
    // resource ARNs (Service Authorization Reference), yet are granted on "*". Upstream follows each driver's
    // published example policy; the findings are right, at warning or information severity.
    findings: [
      '76 information wildcard-resource "*"',
      '139 warning wildcard-resource "*"',
      '328 information wildcard-resource "*"',
      '391 information wildcard-resource "*"',
      '490 warning wildcard-resource "*"',
    ],
  });
});

test('terraform-aws-lambda iam.tf: dynamic statements fed from variables report nothing', () => {
  assert.deepEqual(lint('terraform-aws-lambda/iam.tf'), {
    policies: ['assume_role trust', 'logs identity', 'dead_letter identity', 'async identity', 'additional_inline identity'].map((name) => `data.aws_iam_policy_document.${name}`),
    findings: [],
  });
});

test('terraform-aws-eks karpenter policy.tf: locals of another file stay placeholders; one "*" the module narrows itself in v1', () => {
  assert.deepEqual(lint('terraform-aws-eks/karpenter/policy.tf'), {
    // Was: resource (inferred), from the unknown Principal of the dynamic statement fed from var.iam_policy_statements.
    policies: ['data.aws_iam_policy_document.v033 identity (inferred)', 'data.aws_iam_policy_document.v1 identity (inferred)'],
    // True: iam:GetInstanceProfile takes an instance-profile ARN; the v1 policy of the same file scopes it to
    // arn:…:instance-profile/*. Was also: 31 principal-missing errors (the inferred type), a duplicate-key error
    // (two condition blocks with one test and variable, which the provider appends into one key) and a policy-size
    // warning on v1 (6,484 characters counting 26 `${local.partition}` and 27 Regions as written; 5,912 with aws and us-east-1).
    findings: ['298 information wildcard-resource "*"'],
  });
});

test('terraform-aws-eks fargate-profile main.tf: a dynamic statement with actions and not_actions from its iterator is no conflict', () => {
  assert.deepEqual(lint('terraform-aws-eks/fargate-profile/main.tf'), {
    policies: ['data.aws_iam_policy_document.assume_role_policy trust', 'data.aws_iam_policy_document.role identity'],
    // Was: element-conflict errors on not_actions and not_resources (`statement.value.not_actions` may be null).
    findings: [],
  });
});

test('terraform-aws-eks main.tf: jsonencode in a dynamic inline_policy and in aws_iam_policy; the kms module inputs are not policies', () => {
  assert.deepEqual(lint('terraform-aws-eks/cluster/main.tf'), {
    policies: ['data.aws_iam_policy_document.assume_role_policy trust', 'aws_iam_role.this.inline_policy.policy identity', 'aws_iam_policy.cluster_encryption.policy identity'],
    // Was: principal-service-format errors on "eks.${local.dns_suffix}" and "ec2.${local.dns_suffix}" (the
    // partition's DNS suffix, amazonaws.com or amazonaws.com.cn).
    findings: [],
  });
});

test('cloudposse terraform-aws-iam-role main.tf: a count-indexed principal type with a variable action reads as a trust policy', () => {
  assert.deepEqual(lint('cloudposse-iam-role/main.tf'), {
    // Was: resource (inferred) and a resource-missing error.
    policies: ['data.aws_iam_policy_document.assume_role trust (inferred)'],
    findings: [],
  });
});

test('terraform-aws-iam iam-policy example: a heredoc policy passed to a module is checked where it is written; the module source is a link', () => {
  const file = 'terraform-aws-iam/iam-policy-example/main.tf';
  assert.deepEqual(lint(file), {
    policies: ['data.aws_iam_policy_document.bucket_policy identity (inferred)', 'module.iam_policy.policy identity (inferred)'],
    findings: ['32 information wildcard-resource "*"'],
  });
  const text = readFileSync(join(publicFixtures, file), 'utf8');
  const analysis = analyzeDocument({ text, uri: `file:///public/${file}` }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.links?.map((link) => [text.slice(link.span.start, link.span.end), link.target]),
    [
      ['"../../modules/iam-policy"', 'file:///public/modules/iam-policy'],
      ['"../../modules/iam-policy"', 'file:///public/modules/iam-policy'],
    ],
  );
});

test('terraform-aws-step-functions complete example: policies passed to a module are checked, a state machine definition in a local is no policy', () => {
  const file = 'terraform-aws-step-functions/examples-complete-main.tf';
  // `s3:HeadObject` in its policy_statements is no action (HeadObject is allowed by s3:GetObject, beside it): the
  // example's one error, and a true one.
  assert.deepEqual(lint(file), {
    policies: ['module.step_function.policy_json identity (inferred)', 'module.step_function.policy_jsons[0] identity (inferred)', 'module.step_function.policy_statements identity (inferred)'],
    findings: ['103 warning wildcard-action "xray:*"', '105 warning wildcard-resource "*"', '129 error action-unknown HeadObject'],
  });
  // Where it sits upstream: `source = "../../"` is the repository's root module.
  const text = readFileSync(join(publicFixtures, file), 'utf8');
  const analysis = analyzeDocument({ text, uri: 'file:///terraform-aws-step-functions/examples/complete/main.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.links?.map((link) => link.target),
    ['file:///terraform-aws-step-functions', 'file:///terraform-aws-step-functions', 'file:///terraform-aws-step-functions'],
  );
});

test('no public module has an error-severity finding', () => {
  for (const file of [
    'terraform-aws-iam/iam-assumable-role-with-oidc/main.tf',
    'terraform-aws-iam/iam-role-for-service-accounts-eks/policies.tf',
    'terraform-aws-iam/iam-policy-example/main.tf',
    'terraform-aws-lambda/iam.tf',
    'terraform-aws-eks/karpenter/policy.tf',
    'terraform-aws-eks/fargate-profile/main.tf',
    'terraform-aws-eks/cluster/main.tf',
    'cloudposse-iam-role/main.tf',
  ]) {
    assert.deepEqual(
      lint(file).findings.filter((finding) => finding.split(' ')[1] === 'error'),
      [],
      file,
    );
  }
});
