// `iam-policy test` with the "checks" of scenario files: FAIL lines with the witness, UNKNOWN as warnings,
// both counted in the summary; exit code 1 on a FAIL only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-scenario-checks-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const admin = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:GetUser"], "Resource": "*"}]}';
const readOnly = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const withVariable = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:username}/*"}]}';
const policies = { 'policies/admin.json': admin, 'policies/read.json': readOnly };

const passing = `{
  "policies": {"identity": ["policies/read.json"]}, "principal": "arn:aws:iam::111122223333:user/alice",
  "tests": [{"action": "s3:GetObject", "resource": "*", "expect": "Allowed"}],
  "checks": [
    {"name": "no IAM", "policy": "policies/read.json", "accessNotGranted": {"actions": ["iam:*", "s3:DeleteBucket"]}},
    {"policy": "policies/read.json", "noNewAccess": {"base": "policies/admin.json"}}
  ]
}
`;

test('test counts passing checks in the summary and exits 0', () => {
  const dir = workspace({ ...policies, 'guard.iamtest.json': passing });
  const result = runCli(['test', join(dir, 'guard.iamtest.json')]);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, '1 scenario file, 1 expectation: 0 failed; 2 checks: 0 failed, 0 unknown.\n');
  assert.equal(result.exitCode, 0);
});

test('test prints a failing check at its entry with the witness, and exits 1', () => {
  const failing = passing.replace('"policy": "policies/read.json", "accessNotGranted"', '"policy": "policies/admin.json", "accessNotGranted"');
  const dir = workspace({ ...policies, 'guard.iamtest.json': failing });
  const file = join(dir, 'guard.iamtest.json');
  const result = runCli(['test', dir]);
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    `${file}:5:5: "no IAM" accessNotGranted on policies/admin.json: FAIL. The policy allows 2 actions (iam:GetUser, s3:DeleteBucket) of the listed access on some request.`,
    '  witness (the evaluator allows it): iam:GetUser on arn:aws:iam::111122223333:user/x by arn:aws:iam::111122223333:user/witness with no context keys',
  ]);
  assert.equal(result.stderr, '1 scenario file, 1 expectation: 0 failed; 2 checks: 1 failed, 0 unknown.\n');
  assert.equal(result.exitCode, 1);
});

test('test prints a check that cannot decide as a warning with the reason; it does not fail the run', () => {
  const unknown = `{"checks": [{"policy": ${withVariable}, "noNewAccess": {"base": "policies/read.json"}}]}`;
  const dir = workspace({ ...policies, 'variable.iamtest.json': unknown });
  const file = join(dir, 'variable.iamtest.json');
  const result = runCli(['test', file]);
  assert.deepEqual(result.stdout.trimEnd().split('\n'), [
    `${file}:1:13: warning noNewAccess on the inline policy: UNKNOWN, the check could not decide. For s3:GetObject: the resource "arn:aws:s3:::\${aws:username}/*" holds a policy variable, which couples it with the request context.`,
  ]);
  assert.equal(result.stderr, '1 scenario file, 0 expectations: 0 failed; 1 check: 0 failed, 1 unknown.\n');
  assert.equal(result.exitCode, 0);
});

test('test exits 2 on a mistake in a check, pointing at it', () => {
  const dir = workspace({ ...policies, 'bad.iamtest.json': '{"checks": [{"policy": "policies/read.json", "noPublicAccess": {"resourceType": "AWS::S3::Buckets"}}]}' });
  const result = runCli(['test', join(dir, 'bad.iamtest.json')]);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr!, /bad\.iamtest\.json:1:81: error unknown resourceType "AWS::S3::Buckets"; use one of: AWS::DynamoDB::Table, /);
  assert.match(result.stderr!, /\n1 scenario file, 0 expectations: 0 failed\.\n$/);
});
