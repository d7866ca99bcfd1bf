import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePolicyDocument } from './documents';

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a&b/*', Condition: { StringLike: { 's3:prefix': 'x+y' } } }] };
const decoded = (value: unknown) => {
  const result = decodePolicyDocument(value);
  assert.equal(result.error, undefined);
  return JSON.parse(result.text!);
};

test('a JSON object (AWS CLI, boto3) is taken as it is', () => {
  assert.deepEqual(decoded(policy), policy);
});

test('a plain JSON string is parsed', () => {
  assert.deepEqual(decoded(`  ${JSON.stringify(policy, null, 2)}\n`), policy);
});

test('a URL-encoded string (IAM wire format, Go/Java SDKs) is decoded, "+" kept as a plus', () => {
  // RFC 3986 escapes "+" as %2B, so a literal "+" in a condition value survives.
  assert.deepEqual(decoded(encodeURIComponent(JSON.stringify(policy, null, 4))), policy);
  assert.deepEqual(decoded('%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D'), { Version: '2012-10-17', Statement: [] });
});

test('form-encoded spaces ("+") are read as spaces when the text is otherwise not JSON', () => {
  assert.deepEqual(decoded('%7B+%22Statement%22%3A+%5B%5D+%7D'), { Statement: [] });
});

test('HTML entities (&#34;, &quot;, &amp;) are decoded', () => {
  assert.deepEqual(decoded(JSON.stringify(policy).replace(/&/g, '&amp;').replace(/"/g, '&#34;')), policy);
  assert.deepEqual(decoded('{&quot;Statement&quot;:[],&quot;Id&quot;:&quot;&#x41;&quot;}'), { Statement: [], Id: 'A' });
});

test('bad documents give a message, never an exception', () => {
  assert.match(decodePolicyDocument(42).error!, /JSON object or a string, not number/);
  assert.match(decodePolicyDocument(null).error!, /not null/);
  assert.match(decodePolicyDocument([policy]).error!, /not an array/);
  assert.match(decodePolicyDocument('').error!, /empty/);
  assert.match(decodePolicyDocument('%7B%E0%A4%A').error!, /malformed % escape/);
  assert.match(decodePolicyDocument('%7Bnot json%7D').error!, /URL-decoded policy document is not valid JSON/);
  assert.match(decodePolicyDocument('{"Statement": [').error!, /not valid JSON/);
  assert.match(decodePolicyDocument('Statement').error!, /neither JSON nor URL-encoded JSON/);
});
