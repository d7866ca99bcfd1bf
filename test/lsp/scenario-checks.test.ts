// The "checks" of scenario files (*.iamtest.json) over LSP, against the bundled server (run `node esbuild.mjs`
// first): a failing check is an error on its entry with the witness request, one that cannot decide a warning.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { marked } from '../helpers/marked';
import { LineIndex } from '../../server/src/core/text/positions';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;
let dir: string;
const uriOf = (name: string) => pathToFileURL(join(dir, name)).toString();

const admin = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:GetUser"], "Resource": "*"}]}';
const readOnly = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const publicBucket = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iam-policy-scenario-checks-'));
  writeFileSync(join(dir, 'admin.json'), admin);
  writeFileSync(join(dir, 'read.json'), readOnly);
  writeFileSync(join(dir, 'bucket.json'), publicBucket);
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

test('scenario checks: FAIL is an error at the check entry with the witness; UNKNOWN a warning with the reason; PASS nothing', async () => {
  const withVariable = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:username}/*"}]}';
  const { text, spans } = marked(`{
  "checks": [
    «{"name": "no IAM", "policy": "admin.json", "accessNotGranted": {"actions": ["iam:*"]}}»,
    {"policy": "read.json", "accessNotGranted": {"actions": ["iam:*", "s3:DeleteBucket"]}},
    «{"policy": "bucket.json", "noPublicAccess": {"resourceType": "AWS::S3::Bucket"}}»,
    «{"policy": ${withVariable}, "noNewAccess": {"base": ${withVariable.replace('aws:username', 'aws:userid')}}}»
  ]
}`);
  const uri = uriOf('guard.iamtest.json');
  client.open(uri, text, 'json');
  const diagnostics = await client.diagnostics(uri);
  const lines = new LineIndex(text);
  const range = (span: { start: number; end: number }) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  assert.deepEqual(diagnostics, [
    {
      range: range(spans[0]),
      severity: 1,
      code: 'scenario-check',
      source: 'iam-policy',
      message:
        '"no IAM": accessNotGranted on "admin.json": FAIL. The policy allows 1 action (iam:GetUser) of the listed access on some request. ' +
        'Witness, a request the evaluator allows: iam:GetUser on arn:aws:iam::111122223333:user/x by arn:aws:iam::111122223333:user/witness with no context keys.',
    },
    {
      range: range(spans[1]),
      severity: 1,
      code: 'scenario-check',
      source: 'iam-policy',
      message:
        'noPublicAccess on "bucket.json": FAIL. The AWS::S3::Bucket policy lets a caller from outside the accounts and organisations it names use 1 action (s3:GetObject). ' +
        'Witness, a request the evaluator allows: s3:GetObject on arn:aws:s3:::b/x by an anonymous caller with no context keys.',
    },
    {
      range: range(spans[2]),
      severity: 2,
      code: 'scenario-check',
      source: 'iam-policy',
      message:
        'noNewAccess on the inline policy: UNKNOWN, the check could not decide. For s3:GetObject: the resource "arn:aws:s3:::${aws:username}/*" holds a policy variable, which couples it with the request context.',
    },
  ]);
  client.close(uri);
});

test('scenario checks run again when the policy they check changes, and a mistake in a check is a diagnostic on it', async () => {
  const policyUri = uriOf('read.json');
  client.open(policyUri, readOnly);
  const { text, spans } = marked(`{"checks": [
  «{"policy": "read.json", "accessNotGranted": {"actions": "s3:DeleteBucket"}}»,
  {"policy": "read.json", "noPublicAccess": {"resourceType": «"AWS::S3::Buckets"»}}
]}`);
  const uri = uriOf('rerun-checks.iamtest.json');
  client.open(uri, text, 'json');
  const lines = new LineIndex(text);
  const range = (span: { start: number; end: number }) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const first = await client.diagnostics(uri);
  assert.deepEqual(
    first.map((d: Diagnostic) => [d.range, d.code, d.severity]),
    [[range(spans[1]), 'scenario-invalid', 1]],
  );
  // An unsaved edit to the policy counts: the check runs again and now fails.
  client.change(policyUri, readOnly.replace('"s3:GetObject"', '"s3:*"'));
  const failing = await client.diagnostics(uri, (p) => p.diagnostics.length === 2);
  assert.deepEqual(
    failing.map((d: Diagnostic) => [d.range, d.code]),
    [
      [range(spans[0]), 'scenario-check'],
      [range(spans[1]), 'scenario-invalid'],
    ],
  );
  assert.match(failing[0].message as string, /^accessNotGranted on "read\.json": FAIL\. .* Witness, a request the evaluator allows: s3:DeleteBucket on /);
  client.close(policyUri);
  client.close(uri);
});
