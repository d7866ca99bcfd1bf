import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { secureTransportCondition } from './secure-transport-condition';

const statement = (effect: string, condition: Record<string, unknown>) => ({ Effect: effect, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: condition });

test('secure-transport-condition flags a Deny of "true" alone and an Allow of "false", at the value (guardrail sweep)', () => {
  // A "DenyHTTPRequests" statement testing "true", and a backend bucket policy that allowed its admins only over HTTP.
  const { actual, expected } = spansOf(
    secureTransportCondition,
    `{"Statement": [
      {"Sid": "DenyHTTPRequests", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": «"true"»}}},
      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": «false»}}}
    ]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
  const text = policyWith(statement('Deny', { Bool: { 'aws:SecureTransport': 'true' } }));
  const [problem] = runCheck(secureTransportCondition, text, 'resource');
  assert.match(problem.message, /^This Deny of "aws:SecureTransport": "true" denies every request sent over HTTPS/);
  assert.equal(applyFix(text, problem), text.replace(/("aws:SecureTransport": )"true"/, '$1"false"'));
});

test('secure-transport-condition flags a Deny of "false" that also needs an old TLS version: it never applies', () => {
  // dfds/aws-modules-s3's AllowSSLRequestsOnly (Terraform composition and guardrail sweeps).
  const { actual, expected } = spansOf(
    secureTransportCondition,
    `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}, "NumericLessThan": {«"s3:TlsVersion"»: "1.2"}}}]}`,
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('secure-transport-condition accepts AWS\'s guards: a Deny of "false", of an old TLS version alone, of "true" with an old TLS version', () => {
  const accepted = [
    statement('Deny', { Bool: { 'aws:SecureTransport': 'false' } }),
    statement('Deny', { NumericLessThan: { 's3:TlsVersion': '1.2' } }),
    // AWS re:Post's policy for buckets that take HTTP: deny HTTPS requests with a TLS version below 1.2.
    statement('Deny', { Bool: { 'aws:SecureTransport': 'true' }, NumericLessThan: { 's3:TlsVersion': '1.2' } }),
    // With IfExists, a request over HTTP (no TLS version) meets the TLS test.
    statement('Deny', { Bool: { 'aws:SecureTransport': 'false' }, NumericLessThanIfExists: { 's3:TlsVersion': '1.2' } }),
    statement('Allow', { Bool: { 'aws:SecureTransport': 'true' } }),
  ];
  assert.deepEqual(runCheck(secureTransportCondition, JSON.stringify({ Version: '2012-10-17', Statement: accepted }), 'resource'), []);
});
