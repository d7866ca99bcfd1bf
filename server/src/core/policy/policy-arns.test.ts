import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { parsePolicy } from './parse-policy';
import { arnValuesOf, looksLikeArn, parsedArnOf, QuietArns, spanInValue, spanOfField } from './policy-arns';

const catalog = getCatalog();

test('arnValuesOf collects resources, IAM principal ARNs and ARN-typed condition values', () => {
  const policy = parsePolicy(
    JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::123456789012:root', '123456789012', '*'], Service: 'sns.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: ['*', 'arn:aws:s3:::b/*', 'b'],
          Condition: {
            ArnLike: { 'aws:SourceArn': ['arn:aws:sns:us-east-1:123456789012:t', '*'] },
            StringEqualsIgnoreCase: { 'aws:SourceArn': 'ARN:AWS:SNS:X' },
            'ForAnyValue:StringLike': { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' },
            StringEquals: { 'aws:SourceAccount': '123456789012', 'aws:SourceArn': 5 },
          },
        },
        { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:iam::*:role/x' },
      ],
    }),
  );
  const values = arnValuesOf(policy, catalog);
  assert.deepEqual(
    values.map((v) => [v.element, v.value, v.arn !== undefined, v.comparedAsString]),
    [
      ['Principal', 'arn:aws:iam::123456789012:root', true, undefined],
      ['Resource', 'arn:aws:s3:::b/*', true, undefined],
      ['Resource', 'b', false, undefined],
      ['Condition', 'arn:aws:sns:us-east-1:123456789012:t', true, false],
      ['Condition', 'arn:aws:iam::*:role/*', true, true],
      ['NotResource', 'arn:aws:iam::*:role/x', true, undefined],
    ],
  );
  assert.equal(values[3].conditionKey, 'aws:SourceArn');
  assert.equal(arnValuesOf(policy, catalog), values);
});

test('spanInValue and spanOfField map ARN offsets to the document, escapes included', () => {
  const text = '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:us-east-1::b\\/*", "arn:aws:s3:::x"]}}';
  const policy = parsePolicy(text);
  const [escaped, plain] = arnValuesOf(policy, catalog);
  const region = spanOfField(policy, escaped, escaped.arn!.region);
  assert.equal(text.slice(region.start, region.end), 'us-east-1');
  const resource = spanOfField(policy, escaped, escaped.arn!.resource);
  assert.equal(text.slice(resource.start, resource.end), 'b\\/*');
  const emptyRegion = spanOfField(policy, plain, plain.arn!.region);
  assert.equal(text.slice(emptyRegion.start, emptyRegion.end), ':');
  const whole = spanInValue(policy, plain, 0, plain.value.length);
  assert.equal(text.slice(whole.start, whole.end), 'arn:aws:s3:::x');
});

test('looksLikeArn recognizes ARNs with a damaged prefix', () => {
  assert.equal(looksLikeArn('ARN:aws:s3:::b'), true);
  assert.equal(looksLikeArn('aws:s3:::b'), true);
  assert.equal(looksLikeArn('aws-cn:s3:::b'), true);
  assert.equal(looksLikeArn('my-bucket'), false);
  assert.equal(looksLikeArn('aws:SourceArn'), false);
  assert.equal(looksLikeArn('123456789012'), false);
});

test('QuietArns holds a verdict per ARN text and catalog', () => {
  const quiet = new QuietArns();
  const bucket = parsedArnOf('arn:aws:s3:::b')!;
  assert.equal(quiet.has(bucket, catalog), false);
  quiet.add(bucket, catalog);
  assert.equal(quiet.has(parsedArnOf('arn:aws:s3:::b')!, catalog), true, 'the same text shares its parse');
  assert.equal(quiet.has(parsedArnOf('arn:aws:s3:::b/*')!, catalog), false);
  assert.equal(quiet.has(bucket, { ...catalog }), false, 'another catalog');
});
