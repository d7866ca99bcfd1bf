import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { checkPolicy } from '../../lint';
import type { EmbeddedPolicy, HostDocument } from '../host';
import { terraformReader } from './index';

// Terraform's JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json): source and override
// documents merged as in .tf files (merge.ts), and policies written in resource attributes.

before(async () => {
  await terraformReader.prepare!();
});

let documents = 0;
function read(text: string, uri = `file:///work/generated-${documents++}.tf.json`): HostDocument {
  const document = terraformReader.read({ text, uri });
  assert.ok(document);
  return document;
}

function spansOf(embedded: EmbeddedPolicy, ruleId: string) {
  return checkPolicy(embedded.policy, { policyType: embedded.policyType })
    .filter((problem) => problem.ruleId === ruleId)
    .map((problem) => problem.span);
}

test('.tf.json: source and override documents merge by Sid, in the provider order, with findings where statements are written', () => {
  const { text, spans } = marked(`{
  "data": {
    "aws_iam_policy_document": {
      "base": {
        "statement": [
          { "sid": "Read", "actions": ["s3:GetObject"], "resources": ["*"] },
          { "sid": "List", "actions": ["s3:«ListBukket»"], "resources": ["*"] }
        ]
      },
      "narrow": {
        "statement": { "sid": "Read", "actions": ["s3:«GetObjektVersion»"], "resources": ["arn:aws:s3:::b/*"] }
      },
      "combined": {
        "source_policy_documents": ["\${data.aws_iam_policy_document.base.json}", "\${var.more_json}"],
        "override_policy_documents": ["\${data.aws_iam_policy_document.narrow.json}"],
        "statement": { "sid": "Own", "actions": ["sqs:SendMessage"], "resources": ["*"] }
      },
      "twice": {
        "source_policy_documents": ["\${data.aws_iam_policy_document.base.json}", «"\${data.aws_iam_policy_document.base.json}"»]
      },
      "only_unknown": {
        "source_policy_documents": ["\${var.documents}"]
      },
      "loop_a": { "source_policy_documents": ["\${data.aws_iam_policy_document.loop_b.json}"] },
      "loop_b": { "source_policy_documents": ["\${data.aws_iam_policy_document.loop_a.json}"] }
    }
  },
  "resource": {
    "aws_iam_policy": { "combined": { "policy": "\${data.aws_iam_policy_document.combined.json}" } }
  }
}
`);
  const document = read(text);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType, policy.policy.statements.map((statement) => statement.sid?.value?.value)]),
    [
      ['data.aws_iam_policy_document.base', undefined, ['Read', 'List']],
      ['data.aws_iam_policy_document.narrow', undefined, ['Read']],
      ['data.aws_iam_policy_document.combined', 'identity', ['Read', 'List', 'Own']],
      ['data.aws_iam_policy_document.twice', undefined, ['Read', 'List']],
    ],
  );
  const combined = document.policies[2];
  // List is base's; the merged Read is narrow's (the override), found where narrow writes it.
  assert.deepEqual(spansOf(combined, 'action-unknown'), [spans[0], spans[1]]);
  assert.equal(combined.policy.statements[0].resource?.values[0].value, 'arn:aws:s3:::b/*');
  // The provider refuses a Sid repeated across source documents: reported at the second list element.
  assert.deepEqual(
    document.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['sid-duplicate', spans[2]],
      ['sid-duplicate', spans[2]],
    ],
  );
});

test('.tf.json: a policy JSON string or ${jsonencode(…)} in a resource attribute at exact places; ${file(…)} is a link', () => {
  const { text, spans } = marked(`{
  "resource": {
    "aws_s3_bucket_policy": {
      "logs": {
        "bucket": "\${aws_s3_bucket.logs.id}",
        "policy": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"logging.s3.amazonaws.com\\"}, \\"Action\\": \\"s3:«PutObjekt»\\", \\"Resource\\": \\"\${aws_s3_bucket.logs.arn}/*\\"}]}"
      }
    },
    "aws_iam_role": {
      "app": {
        "assume_role_policy": "\${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Principal = {Service = \\"ec2.amazonaws.com\\"}, Action = \\"sts:«AssumeRoel»\\"}]})}",
        "inline_policy": { "name": "x", "policy": "\${file(«\\"\${path.module}/policies/app.json\\"»)}" }
      }
    }
  }
}
`);
  const document = read(text, 'file:///work/infra/generated.tf.json');
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['aws_s3_bucket_policy.logs.policy', 'resource'],
      ['aws_iam_role.app.assume_role_policy', 'trust'],
    ],
  );
  const [bucket, role] = document.policies;
  assert.deepEqual(spansOf(bucket, 'action-unknown'), [spans[0]]);
  assert.deepEqual(
    bucket.policy.statements[0].resource?.values[0].placeholders?.map((hole) => [hole.source, hole.kind]),
    [['${aws_s3_bucket.logs.arn}', 'arn']],
  );
  assert.deepEqual(spansOf(role, 'action-unknown'), [spans[1]]);
  // file() in a string: a link to the file, on the path's text inside the JSON string.
  assert.deepEqual(
    document.links?.map((link) => [link.span, link.target]),
    [[spans[2], 'file:///work/infra/policies/app.json']],
  );
});

test('.tf.json: broken or odd attribute values never throw and hold no policy', () => {
  for (const value of ['"${jsonencode({Version = }"', '"${jsonencode(var.policy)}"', '"{not json"', '42', '["a"]', '"plain text"']) {
    const document = read(`{"resource": {"aws_iam_policy": {"p": {"policy": ${value}}}}}`);
    assert.ok(document.policies.length <= 1, value);
    for (const policy of document.policies) checkPolicy(policy.policy, { policyType: policy.policyType });
  }
});

test('.tf.json: a `for` inside "${jsonencode(…)}" over the file\'s locals or a literal list is its elements, at the `for` expression', () => {
  const { text, spans } = marked(`{
  "locals": { "buckets": ["logs", "data"] },
  "resource": {
    "aws_iam_policy": {
      "read": {
        "name": "read",
        "policy": "\${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = «[for a in [\\"GetObject\\", \\"ListBuckt\\"] : \\"s3:\${a}\\"]», Resource = «[for b in local.buckets : \\"arn:aws:s3:::\${b}/*\\"]»}, {Effect = \\"Allow\\", Action = \\"s3:PutObject\\", Resource = [for b in var.extra : \\"arn:aws:s3:::\${b}/*\\"]}]})}"
      }
    }
  }
}`);
  const [embedded] = read(text).policies;
  const [known, unknown] = embedded.policy.statements;
  assert.deepEqual(
    known.action!.values.map((action) => [action.value, action.span]),
    [
      ['s3:GetObject', spans[0]],
      ['s3:ListBuckt', spans[0]],
    ],
  );
  assert.deepEqual(
    known.resource!.values.map((resource) => [resource.value, resource.span]),
    [
      ['arn:aws:s3:::logs/*', spans[1]],
      ['arn:aws:s3:::data/*', spans[1]],
    ],
  );
  // Over a variable: one copy of the body, a placeholder no rule reports.
  assert.deepEqual(
    unknown.resource!.values.map((resource) => resource.value),
    ['arn:aws:s3:::${b}/*'],
  );
  assert.deepEqual(spansOf(embedded, 'action-unknown'), [spans[0]]);
  assert.deepEqual(spansOf(embedded, 'arn-service'), []);
});

// test/fixtures/terraform/permissions-boundary.tf in Terraform's JSON syntax, as cdktf and other generators write it.
test('.tf.json: an aws_iam_policy that roles and users take only as their permissions_boundary is a boundary, as in .tf files', () => {
  const text = JSON.stringify(
    {
      data: { aws_iam_policy_document: { developer_boundary: { statement: [{ actions: ['*'], resources: ['*'] }] } } },
      resource: {
        aws_iam_policy: {
          developer_boundary: { name: 'developer-boundary', policy: '${data.aws_iam_policy_document.developer_boundary.json}' },
          user_boundary: { name: 'user-boundary', policy: '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "*" }] })}' },
          shared: { name: 'shared', policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}' },
          existing: { name: 'existing', policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}' },
        },
        aws_iam_role: {
          developer: { name: 'developer', permissions_boundary: '${aws_iam_policy.developer_boundary.arn}' },
          worker: { name: 'worker', permissions_boundary: '${aws_iam_policy.shared.arn}', managed_policy_arns: ['${aws_iam_policy.existing.arn}'] },
        },
        aws_iam_user: { analyst: { name: 'analyst', permissions_boundary: '${one(aws_iam_policy.user_boundary[*].arn)}' } },
        aws_iam_role_policy_attachment: { worker_shared: { role: '${aws_iam_role.worker.name}', policy_arn: '${aws_iam_policy.shared.arn}' } },
      },
    },
    null,
    2,
  );
  const typeOf = (document: HostDocument, name: string) => document.policies.find((policy) => policy.name.startsWith(name))?.policyType ?? 'identity';
  const names = ['data.aws_iam_policy_document.developer_boundary', 'aws_iam_policy.user_boundary', 'aws_iam_policy.shared', 'aws_iam_policy.existing'];
  const document = read(text);
  // The shared policy is attached as well: a grant. So is one that only managed_policy_arns names.
  assert.deepEqual(
    names.map((name) => typeOf(document, name)),
    ['boundary', 'boundary', 'identity', 'identity'],
  );
  const detached = read(text.replace('"policy_arn": "${aws_iam_policy.shared.arn}"', '"policy_arn": "${var.other}"'));
  assert.equal(typeOf(detached, 'aws_iam_policy.shared'), 'boundary');
  // A data source that another resource grants as well is a grant.
  const granted = read(text.replace('"existing": {', '"granting": {"policy": "${data.aws_iam_policy_document.developer_boundary.json}"}, "existing": {'));
  assert.equal(typeOf(granted, 'data.aws_iam_policy_document.developer_boundary'), 'identity');
});
