import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';
import { modulePolicyInputs } from './registry-modules';

before(async () => {
  await terraformReader.prepare!();
});

test('modulePolicyInputs knows the registry modules that pass a whole policy on, by registry address or repository', () => {
  for (const source of [
    'terraform-aws-modules/iam/aws//modules/iam-policy',
    'registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-policy',
    'github.com/terraform-aws-modules/terraform-aws-iam//modules/iam-policy?ref=v5.39.0',
    'git::https://github.com/terraform-aws-modules/terraform-aws-iam.git//modules/iam-policy?ref=v5.39.0',
    'git::git@github.com:terraform-aws-modules/terraform-aws-iam.git//modules/iam-policy?ref=v5.39.0',
  ])
    assert.deepEqual(modulePolicyInputs(source), { policy: 'identity' }, source);
  assert.deepEqual(modulePolicyInputs('terraform-aws-modules/s3-bucket/aws'), { policy: 'resource' });
  for (const source of ['terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks', 'terraform-aws-modules/iam/aws', './modules/policy', 'cloudposse/iam-policy/aws'])
    assert.equal(modulePolicyInputs(source), undefined, source);
});

test("the iam-policy and s3-bucket modules' policy arguments are checked where they are written, as their types", () => {
  const { text, spans } = marked(`module "rds_admin" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-policy"
  version = "5.4.0"
  name    = "rds-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "«rdz:DescribeDBInstances»", Resource = "*" }]
  })
}
module "logs" {
  source = "terraform-aws-modules/s3-bucket/aws"
  bucket = "logs"
  attach_policy = true
  policy = data.aws_iam_policy_document.logs.json
}
data "aws_iam_policy_document" "logs" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    actions   = ["s3:PutObjekt"]
    resources = ["arn:aws:s3:::logs/*"]
  }
}
module "other" {
  source = "./modules/anything"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:«GetObjekt»", Resource = "*" }] })
  actions = ["s3:GetObjekt"]
}
`);
  const uri = 'file:///work/modules/main.tf';
  const analysis = analyzeDocument({ text, uri }, { config: defaultConfiguration });
  const byName = new Map(analysis.policies.map((policy) => [policy.name, policy.policyType]));
  assert.equal(byName.get('module.rds_admin.policy'), 'identity');
  assert.equal(byName.get('data.aws_iam_policy_document.logs'), 'resource');
  // Another module's input is its own variable: read only where it is written as a policy document, typed by content.
  assert.deepEqual(
    [...byName].filter(([name]) => name.startsWith('module.other')),
    [['module.other.policy', 'identity']],
  );
  const errors = analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]);
  assert.deepEqual(errors, [
    ['action-service-unknown', text.slice(spans[0].start, spans[0].start + 3)],
    ['action-unknown', 'PutObjekt'],
    ['action-unknown', text.slice(spans[1].start, spans[1].end)],
  ]);
});
