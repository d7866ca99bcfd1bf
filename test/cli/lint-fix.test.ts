import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { lintInParallel } from '../../server/src/cli/lint-workers';

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-lint-fix-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "allow", "Action": "s3:getobject", "Resource": "arn:aws:s3:::example-bucket/*"}\n  ]\n}\n';
const fixedPolicy = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}\n  ]\n}\n';

test('lint --fix writes the safe fixes into the file, reports what is left and how many it fixed', () => {
  const dir = workspace({ 'a.json': policy.replace('example-bucket/*', 'example-bucket/*", "NotResource": "*') });
  const file = join(dir, 'a.json');
  const result = runCli(['lint', '--fix', file]);
  assert.equal(readFileSync(file, 'utf8'), fixedPolicy.replace('example-bucket/*', 'example-bucket/*", "NotResource": "*'));
  assert.deepEqual(
    result.stdout.split('\n').map((line) => line.split(' ').slice(0, 3).join(' ')),
    [`${file}:4:35 warning data-exfiltration`, `${file}:4:96 error element-conflict`, ''],
  );
  assert.equal(result.stderr, '2 problems fixed in 1 file; 1 policy checked: 1 error, 1 warning.\n');
  assert.equal(result.exitCode, 1);
});

test('lint --fix fixes a template in its own syntax, and exits 0 when nothing is left', () => {
  const template = `Resources:\n  Role:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: allow\n            Action: 's3:getobject'\n            Resource: !Sub 'arn:aws:s3:::\${Bucket.Arn}/*'\n  Bucket:\n    Type: AWS::S3::Bucket\n`;
  const dir = workspace({ 'stack.yaml': template });
  const file = join(dir, 'stack.yaml');
  const result = runCli(['lint', '--fix', file]);
  assert.equal(readFileSync(file, 'utf8'), template.replace('allow', 'Allow').replace('s3:getobject', 's3:GetObject').replace('arn:aws:s3:::${Bucket.Arn}', '${Bucket.Arn}'));
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, '3 problems fixed in 1 file; 1 policy checked: 0 errors, 0 warnings.\n');
  assert.equal(result.exitCode, 0);
});

test('lint --fix keeps a file byte order mark, UTF-16 and CRLF line ends; a file with nothing to fix is not written', () => {
  const crlf = policy.replace(/\n/g, '\r\n');
  const dir = workspace({
    'bom.json': `\ufeff${policy}`,
    'utf16.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]),
    'clean.json': fixedPolicy,
  });
  const before = statSync(join(dir, 'clean.json')).mtimeMs;
  const result = runCli(['lint', '--fix', '--format', 'json', dir]);
  assert.equal(readFileSync(join(dir, 'bom.json'), 'utf8'), `\ufeff${fixedPolicy}`);
  assert.deepEqual(readFileSync(join(dir, 'utf16.json')), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixedPolicy.replace(/\n/g, '\r\n'), 'utf16le')]));
  assert.equal(statSync(join(dir, 'clean.json')).mtimeMs, before);
  assert.deepEqual(
    JSON.parse(result.stdout).map((report: { file: string; fixed: number; diagnostics: unknown[] }) => [report.file.slice(dir.length + 1), report.fixed, report.diagnostics.length]),
    [
      ['bom.json', 2, 0],
      ['clean.json', 0, 0],
      ['utf16.json', 2, 0],
    ],
  );
});

test('lint without --fix writes nothing and says nothing of fixes', () => {
  const dir = workspace({ 'a.json': policy });
  const file = join(dir, 'a.json');
  const result = runCli(['lint', '--format', 'json', file]);
  assert.equal(readFileSync(file, 'utf8'), policy);
  assert.equal('fixed' in JSON.parse(result.stdout)[0], false);
  assert.equal(runCli(['lint', file]).stderr, '1 policy checked: 1 error, 0 warnings.\n');
});

test('lint --fix on several threads: the workers write the fixes into the files they lint', async () => {
  const names = ['a.json', 'b.json', 'c.json', 'd.json'];
  const dir = workspace(Object.fromEntries(names.map((name) => [name, policy])));
  const files = names.map((name) => join(dir, name));
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  // The main thread lints nothing: every file is a worker's.
  const reports = await lintInParallel({ files, named: new Set(), options: { rules: {}, fix: true }, jobs: 2, workerScript: cli, mainThreadLints: false });
  for (const file of files) assert.equal(readFileSync(file, 'utf8'), fixedPolicy, file);
  assert.deepEqual(
    reports.map((report) => [report?.fixed, report?.problems.length]),
    names.map(() => [2, 0]),
  );
});
