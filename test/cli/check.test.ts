import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const read = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);
const readWrite = policy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' }]);

test('check no-new-access: FAIL with a witness and exit code 1, PASS with 0', () => {
  const dir = workspace({ 'old.json': read, 'new.json': readWrite });
  const fail = runCli(['check', 'no-new-access', '--base', join(dir, 'old.json'), join(dir, 'new.json'), '--format', 'json']);
  assert.equal(fail.exitCode, 1);
  const result = JSON.parse(fail.stdout);
  assert.equal(result.result, 'FAIL');
  assert.deepEqual(result.witness, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/x', principal: 'arn:aws:iam::111122223333:user/witness', context: {} });
  const pass = runCli(['check', 'no-new-access', '--base', join(dir, 'new.json'), join(dir, 'old.json')]);
  assert.equal(pass.exitCode, 0);
  assert.match(pass.stdout, /^no-new-access: PASS\n/);
});

test('check no-new-access --base git:REF compares with the committed file', () => {
  const dir = workspace({ 'policy.json': read });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', 'policy.json');
  git('commit', '-qm', 'v1');
  writeFileSync(join(dir, 'policy.json'), readWrite);
  const result = runCli(['check', 'no-new-access', '--base', 'git:HEAD', join(dir, 'policy.json')]);
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stdout, /action: {4}s3:PutObject/);
  const missing = runCli(['check', 'no-new-access', '--base', 'git:no-such-ref', join(dir, 'policy.json')]);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr!, /Cannot read .*policy\.json at no-such-ref from git/);
});

test('check access-not-granted and no-public-access', () => {
  const dir = workspace({
    'admin.json': policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    'bucket.json': policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }]),
  });
  const granted = runCli(['check', 'access-not-granted', join(dir, 'admin.json'), '--action', 'iam:PassRole', '--format', 'json']);
  assert.equal(granted.exitCode, 1);
  assert.equal(JSON.parse(granted.stdout).witness.action, 'iam:PassRole');
  const pinned = runCli(['check', 'no-public-access', join(dir, 'bucket.json'), '--resource-type', 'AWS::S3::Bucket', '--format', 'sarif']);
  assert.equal(pinned.exitCode, 0);
  assert.deepEqual(JSON.parse(pinned.stdout).runs[0].results, []);
});

test('check: usage errors exit with 2 and say what is wrong', () => {
  const dir = workspace({
    'p.json': read,
    'bad.json': '{"Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}',
    'empty.json': ' \n',
    'README.md': '# Policies\n\nThe one below.\n\nAnd more.\n\nAnd more.\n',
  });
  const cases: [string[], RegExp][] = [
    [['check'], /Name a check/],
    [['check', 'no-new-access', join(dir, 'p.json')], /needs --base/],
    [['check', 'access-not-granted', join(dir, 'p.json')], /needs --action or --resource/],
    [['check', 'no-public-access', join(dir, 'p.json'), '--resource-type', 'AWS::S3::Buckets'], /Unknown --resource-type "AWS::S3::Buckets"/],
    [['check', 'no-new-access', '--base', join(dir, 'p.json'), join(dir, 'p.json'), '--mode', 'fuzzy'], /--mode must be one of catalog, string/],
    [['check', 'no-new-access', '--base', join(dir, 'missing.json'), join(dir, 'p.json')], /Cannot read .*missing\.json: ENOENT/],
    [['check', 'no-new-access', '--base', join(dir, 'p.json'), join(dir, 'bad.json')], /The new policy cannot be evaluated/],
    [['check', 'sideways', join(dir, 'p.json')], /Unknown check "sideways"/],
    // An empty file (a policy download that failed in CI) is no policy that allows nothing.
    [['check', 'access-not-granted', join(dir, 'empty.json'), '--action', 's3:GetObject'], /The policy cannot be evaluated: The policy is empty/],
    [['check', 'no-new-access', '--base', join(dir, 'empty.json'), join(dir, 'p.json')], /The old policy cannot be evaluated: The policy is empty/],
    // A file that is no policy: its first errors at their places, the rest counted.
    [
      ['check', 'access-not-granted', join(dir, 'README.md'), '--action', 's3:GetObject'],
      /remove "# Policies"\. \(line 1, column 1\)\n.*\(line 3, column 1\)\n.*\(line 5, column 1\)\nThe policy has 1 more error: `iam-policy lint` lists them all\.\n$/,
    ],
    [['check', 'access-not-granted', dir, '--action', 's3:GetObject'], /Cannot read .*: it is a folder\. Give a policy file, template or Terraform file\./],
    [['check', 'no-new-access', '--base', join(dir, 'p.json'), join(dir, 'p.json'), '--timeout-ms', 'soon'], /--timeout-ms must be a whole number of milliseconds \(got "soon"\)/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.equal(result.exitCode, 2, args.join(' '));
    assert.match(result.stderr ?? '', message);
  }
});
