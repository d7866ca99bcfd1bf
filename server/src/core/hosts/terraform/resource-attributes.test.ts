import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { getCatalog } from '../../catalog/catalog';
import { defaultConfiguration } from '../../config/configuration';
import { terraformReader } from './index';
import { referencedResource, typedResourceTypes } from './resource-attributes';

before(async () => {
  await terraformReader.prepare!();
});

test('every Terraform type with typed attributes names a resource type of the catalog', () => {
  const catalog = getCatalog();
  for (const resourceType of typedResourceTypes) {
    const meaning = referencedResource([resourceType, 'x', 'arn'], `${resourceType}.x.arn`);
    assert.ok(meaning, `${resourceType} has an arn attribute`);
    assert.ok(catalog.findResourceType(meaning.service, meaning.type), `${meaning.service}:${meaning.type} (${resourceType}) is in the catalog`);
  }
});

test('an attribute is the ARN, name or URL of its resource; a non-ARN attribute reads `arn` instead', () => {
  assert.deepEqual(referencedResource(['aws_s3_bucket', 'logs', 'arn'], 'aws_s3_bucket.logs.arn'), {
    service: 's3',
    type: 'bucket',
    part: 'arn',
    resourceType: 'aws_s3_bucket',
  });
  // A data source of the same type reads the same; index steps are not in the traversal, but stay in the source.
  assert.deepEqual(referencedResource(['data', 'aws_sqs_queue', 'q', 'url'], '${data.aws_sqs_queue.q[0].url}'), {
    service: 'sqs',
    type: 'queue',
    part: 'url',
    resourceType: 'aws_sqs_queue',
    attribute: 'url',
    arnInstead: '${data.aws_sqs_queue.q[0].arn}',
  });
  assert.equal(referencedResource(['aws_s3_bucket', 'logs', 'id'], 'aws_s3_bucket.logs.id')?.arnInstead, 'aws_s3_bucket.logs.arn');
  // Other ARN attributes are not the resource's own ARN; module outputs and unknown types say nothing.
  assert.equal(referencedResource(['aws_dynamodb_table', 't', 'stream_arn'], 'aws_dynamodb_table.t.stream_arn'), undefined);
  assert.equal(referencedResource(['aws_lambda_function', 'f', 'invoke_arn'], 'aws_lambda_function.f.invoke_arn'), undefined);
  assert.equal(referencedResource(['module', 'bucket', 'arn'], 'module.bucket.arn'), undefined);
  assert.equal(referencedResource(['aws_glue_job', 'j', 'arn'], 'aws_glue_job.j.arn'), undefined);
});

test('a bucket ARN under object actions, objects under bucket actions and a queue URL as a Resource are found in a .tf file', () => {
  const { text, spans } = marked(`resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["«s3:GetObject»"]
    resources = [aws_s3_bucket.data.arn]
  }
  statement {
    actions   = ["«s3:ListBucket»"]
    resources = ["\${aws_s3_bucket.data.arn}/*"]
  }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [«aws_sqs_queue.jobs.id»]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.data.arn}/*", "arn:aws:s3:::\${aws_s3_bucket.data.id}/*"]
  }
}
`);
  const { problems } = analyzeDocument({ text, uri: 'file:///work/typed-attributes.tf' }, { config: defaultConfiguration });
  const found = (ruleId: string) => problems.filter((problem) => problem.ruleId === ruleId);
  assert.deepEqual(
    found('action-resource-mismatch').map((problem) => problem.span),
    [spans[0], spans[1]],
  );
  const [urlAsResource, ...others] = found('arn-format');
  assert.equal(others.length, 0);
  assert.deepEqual(urlAsResource.span, spans[2]);
  assert.equal(urlAsResource.severity, 'error');
  assert.match(urlAsResource.message, /aws_sqs_queue\.jobs\.id is the queue's URL \(the id of an aws_sqs_queue\), not an ARN/);
  const [fix] = urlAsResource.fixes!;
  const edit = fix.edits[0];
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('aws_sqs_queue.jobs.id', 'aws_sqs_queue.jobs.arn'));
});

test("an API's OpenAPI body written with jsonencode() carries its resource policy as x-amazon-apigateway-policy", () => {
  const { text, spans } = marked(`resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  body = jsonencode({
    openapi = "3.0.1"
    paths   = { "/orders" = { get = { x-amazon-apigateway-integration = { type = "HTTP_PROXY", uri = "https://example.com" } } } }
    "x-amazon-apigateway-policy" = {
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:«Invok»"
        Resource  = "execute-api:/*"
        Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } }
      }]
    }
  })
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/api/main.tf' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['aws_api_gateway_rest_api.api.body["x-amazon-apigateway-policy"]', 'resource']],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});
