import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parseArn, splitArn } from './arn';
import { actionAcceptsArn, arnFormatIndex, formatsFittingResource, formatsForArn, formatsLackField, formatsNeedField, resourcePartOf, templateFields, templatesOf } from './arn-formats';

const catalog = getCatalog();
const index = arnFormatIndex(catalog);

test('arnFormatIndex files formats under the service namespace in their ARN', () => {
  const s3 = index.formatsOf('s3');
  assert.ok(s3.some((f) => f.resourceType.name === 'bucket' && f.region === 'none' && f.account === 'none'));
  assert.ok(s3.some((f) => f.resourceType.name === 'accesspoint' && f.region === 'required' && f.account === 'required'));
  // AWS Systems Manager lists the S3 bucket among its types; the format belongs to the s3 namespace.
  assert.ok(s3.some((f) => f.resourceType.service === 'ssm'));
  assert.ok(!index.formatsOf('ssm').some((f) => f.template.includes(':s3:')));
  assert.ok(index.formatsOf('braket').some((f) => f.region === 'any' && f.account === 'any'));
  assert.deepEqual(index.formatsOf('S3'), []);
  assert.deepEqual(index.formatsOf('no-such-service'), []);
});

test('arnFormatIndex files placeholder-service formats under the service that defines them', () => {
  assert.ok(index.formatsOf('backup').some((f) => f.template.includes('${Vendor}')));
});

test('arnFormatIndex knows action prefixes and ARN namespaces', () => {
  assert.equal(index.isKnownService('s3'), true);
  assert.equal(index.isKnownService('S3'), true);
  assert.equal(index.isKnownService('kafka'), true);
  assert.equal(index.isKnownService('s4'), false);
  assert.ok(index.knownServices().includes('execute-api'));
  assert.equal(arnFormatIndex(catalog), index);
});

test('templatesOf splits a cell that lists two formats', () => {
  const stage = catalog.findResourceType('apigateway', 'Stage')!;
  assert.deepEqual(templatesOf(stage), [
    'arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}',
    'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}',
  ]);
  assert.deepEqual(templatesOf(catalog.findResourceType('s3', 'bucket')!), ['arn:${Partition}:s3:::${BucketName}']);
});

test('formatsFittingResource and formatsForArn keep the formats the resource part fits', () => {
  const arn = parseArn('arn:aws:s3:::my-bucket/*')!;
  assert.deepEqual(
    formatsFittingResource(index.formatsOf('s3'), arn).map((f) => f.resourceType.name),
    ['object'],
  );
  const match = formatsForArn(catalog, arn)!;
  assert.deepEqual(match.relevant, match.fitting);
  assert.equal(formatsForArn(catalog, arn), match);
  const misfit = formatsForArn(catalog, parseArn('arn:aws:kms:*:*:nothing')!)!;
  assert.deepEqual(misfit.fitting, []);
  assert.equal(misfit.relevant, misfit.all);
  assert.equal(formatsForArn(catalog, parseArn('arn:aws:no-such-service:*:*:x')!), undefined);
});

test('actionAcceptsArn matches the formats of the action resource types', () => {
  assert.equal(actionAcceptsArn(catalog.findAction('s3:GetObject')!, 'arn:aws:s3:::b/k'), true);
  assert.equal(actionAcceptsArn(catalog.findAction('s3:GetObject')!, 'arn:aws:s3:::b'), false);
  assert.equal(actionAcceptsArn(catalog.findAction('s3:ListBucket')!, 'arn:aws:s3:::b'), true);
  assert.equal(actionAcceptsArn(catalog.findAction('ec2:DescribeInstances')!, 'arn:aws:ec2:*:*:instance/*'), false);
});

test('formatsLackField and formatsNeedField name one format or the services', () => {
  const bucket = formatsForArn(catalog, parseArn('arn:aws:s3:::b')!)!.relevant;
  assert.equal(formatsLackField(bucket, 'Region'), 'The ARN format of s3 bucket (arn:${Partition}:s3:::${BucketName}) has no Region');
  const iam = index.formatsOf('iam');
  assert.equal(formatsLackField(iam, 'account ID'), 'No ARN format of iam has an account ID');
  const table = formatsForArn(catalog, parseArn('arn:aws:dynamodb::123456789012:table/t')!)!.relevant.filter((f) => f.resourceType.name === 'table');
  assert.equal(formatsNeedField(table), 'the ARN format of dynamodb table (arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}) has one');
});

test('resourcePartOf gives the text after the fifth colon', () => {
  assert.equal(resourcePartOf('arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'), 'table/${TableName}');
  assert.equal(resourcePartOf('arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}'), 'log-group:${LogGroupName}');
  assert.equal(resourcePartOf('arn:x'), '');
});

test("templateFields reads a template's service, Region and account as splitArn does, for every template of the catalog", () => {
  let templates = 0;
  for (const service of catalog.services()) {
    for (const resourceType of service.resourceTypes) {
      for (const template of templatesOf(resourceType)) {
        templates++;
        const fields = splitArn(template);
        assert.deepEqual(templateFields(template), fields.length < 6 ? undefined : [fields[2].text, fields[3].text, fields[4].text], template);
      }
    }
  }
  assert.ok(templates > 2000, `${templates} templates`);
  assert.deepEqual(templateFields('arn:${Partition}:s3:::${BucketName}'), ['s3', '', '']);
  assert.deepEqual(templateFields('arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}'), ['logs', '${Region}', '${Account}']);
  assert.equal(templateFields('arn:${Partition}:iam::${Account}'), undefined);
});

test('templatesOf splits a cell that lists two formats, and keeps a clean single template as the catalog has it', () => {
  const twoFormats = {
    ...catalog.services()[0].resourceTypes[0],
    arns: ['arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages, arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages'],
  };
  assert.deepEqual(templatesOf(twoFormats), ['arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages', 'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages']);
  const padded = { ...twoFormats, arns: [' arn:${Partition}:s3:::${BucketName} '] };
  assert.deepEqual(templatesOf(padded), ['arn:${Partition}:s3:::${BucketName}']);
  const clean = { ...twoFormats, arns: ['arn:${Partition}:s3:::${BucketName}'] };
  assert.deepEqual(templatesOf(clean), ['arn:${Partition}:s3:::${BucketName}']);
});
