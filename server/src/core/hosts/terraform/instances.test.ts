import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicy } from '../../lint';
import { terraformReader } from './index';

before(async () => {
  await terraformReader.prepare!();
});

// `count` and `for_each` (https://developer.hashicorp.com/terraform/language/meta-arguments/count,
// .../for_each) make 0..n instances of a block; the reader reads one, with `count.index`, `each.key` and `each.value`
// as placeholders, and never reports an error for what only the instances know.
test('count and for_each on policy documents and resources: one instance, placeholders for count.index and each.*', () => {
  const text = `data "aws_iam_policy_document" "bucket" {
  for_each = toset(var.buckets)
  statement {
    sid       = "Read\${replace(each.key, "-", "")}"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::\${each.value}/*"]
  }
}

data "aws_iam_policy_document" "counted" {
  count = var.create ? 1 : 0
  statement {
    sid       = "Statement\${count.index}"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arns[count.index]]
  }
}

resource "aws_iam_policy" "each" {
  for_each = var.policies
  name     = each.key
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = each.value.effect
      Action   = each.value.actions
      Resource = each.value.arn
    }]
  })
}

resource "aws_iam_role_policy" "counted" {
  count  = length(var.roles)
  role   = var.roles[count.index]
  policy = data.aws_iam_policy_document.counted[count.index].json
}

resource "aws_iam_policy" "bucket" {
  for_each = data.aws_iam_policy_document.bucket
  policy   = each.value.json
}
`;
  const document = terraformReader.read({ text, uri: 'file:///work/instances.tf' })!;
  assert.deepEqual(document.problems, []);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['data.aws_iam_policy_document.bucket', undefined],
      ['data.aws_iam_policy_document.counted', 'identity'],
      ['aws_iam_policy.each.policy', 'identity'],
    ],
  );
  const [bucket, counted, each] = document.policies;
  assert.deepEqual(
    bucket.policy.statements[0].resource!.values[0].placeholders?.map((hole) => hole.source),
    ['${each.value}'],
  );
  assert.deepEqual(
    counted.policy.statements[0].resource!.values[0].placeholders?.map((hole) => hole.source),
    ['var.queue_arns[count.index]'],
  );
  assert.equal(each.policy.statements[0].resource!.values[0].placeholders?.[0].kind, 'arn');
  for (const policy of document.policies) {
    assert.deepEqual(
      checkPolicy(policy.policy, { policyType: policy.policyType }).filter((problem) => problem.severity === 'error'),
      [],
      policy.name,
    );
  }
});
