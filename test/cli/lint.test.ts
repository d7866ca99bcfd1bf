import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliOnThreads } from '../../server/src/cli/main';
import { lintFile, lintKeepsReading, TerraformReadings } from '../../server/src/cli/lint';
import { formatText } from '../../server/src/cli/formats';
import { lintInParallel, lintJobs } from '../../server/src/cli/lint-workers';
import { readersToPrepare } from '../../server/src/cli/files';
import { hostReaders, prepareHostReaders } from '../../server/src/core/hosts/index';
import { terraformReader } from '../../server/src/core/hosts/terraform/index';
import { cdkCSharpReader, cdkGoReader, cdkJavaReader, cdkPythonReader } from '../../server/src/core/hosts/cdk/reader';
import { ValueListCache } from '../../server/src/core/risk/value-list-cache';
import type { HostReader } from '../../server/src/core/hosts/host';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}\n  ]\n}\n';
const good = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}';

test('lint prints file:line:col severity rule-id message and exits 1 on an error', () => {
  const dir = workspace({ 'a.json': broken });
  const file = join(dir, 'a.json');
  const result = runCli(['lint', file]);
  assert.equal(result.stdout, `${file}:4:16 error effect-value Effect "allow" is not valid. Use "Allow" or "Deny".\n`);
  assert.equal(result.stderr, '1 policy checked: 1 error, 0 warnings.\n');
  assert.equal(result.exitCode, 1);
});

test('lint DIR names a CDK source Babel cannot parse, whose policies it could not check; other TypeScript stays unlisted', () => {
  const dir = workspace({
    'lib/stack.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });\nconst x = foo(\n",
    'lib/util.ts': 'export const x = foo(\n',
    'a.json': good,
  });
  const result = runCli(['lint', '--format', 'json', dir]);
  assert.deepEqual(
    JSON.parse(result.stdout).map((report: { file: string; skipped?: string }) => [report.file.slice(dir.length + 1), report.skipped]),
    [
      ['a.json', undefined],
      ['lib/stack.ts', 'a CDK source Babel cannot parse (Unexpected token (4:0)), so its policies are not checked; skipped'],
    ],
  );
  assert.equal(result.exitCode, 0);
});

test('lint DIR reads Jinja policy templates (.json.j2), claiming only those that hold a policy', () => {
  const dir = workspace({
    'role/templates/policy.json.j2': '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::{{ bucket }}/*"}]\n}\n',
    'role/templates/app.conf.j2': 'listen {{ port }}\n',
    'role/tasks/main.yml': '- name: deploy\n  template: {src: policy.json.j2, dest: /tmp/policy.json}\n',
  });
  const result = runCli(['lint', dir]);
  assert.equal(result.stdout, `${join(dir, 'role', 'templates', 'policy.json.j2')}:3:51 error action-unknown "GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?\n`);
  assert.equal(result.stderr, '1 policy checked: 1 error, 0 warnings.\n');
});

test("lint DIR leaves out build output and caches: SAM's .aws-sam copy of the template, CDK's cdk.out, Terraform's .terraform modules", () => {
  const template = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: allow, Action: s3:GetObject, Resource: '*'}\n`;
  const dir = workspace({
    'app/template.yaml': template,
    'app/.aws-sam/build/template.yaml': template,
    'cdk/cdk.out/AppStack.template.json': JSON.stringify({
      Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] } } } },
    }),
    'infra/main.tf': 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })\n}\n',
    'infra/.terraform/modules/vpc/main.tf':
      'resource "aws_iam_policy" "v" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:DescribeVpcz", Resource = "*" }] })\n}\n',
    'dist/policy.json': broken,
  });
  const files = runCli(['lint', dir, '--format', 'json']).stdout!;
  assert.deepEqual((JSON.parse(files) as { file: string }[]).map((report) => report.file.slice(dir.length + 1)).sort(), ['app/template.yaml', 'infra/main.tf']);
  // Named on the command line, a file in such a folder is linted.
  assert.match(runCli(['lint', join(dir, 'app/.aws-sam/build/template.yaml')]).stdout!, /effect-value/);
});

test("lint DIR reads a Python CDK app's sources and leaves out its virtual environment", async () => {
  await prepareHostReaders([cdkPythonReader]);
  const stack = 'from aws_cdk import aws_iam as iam\n\nstatement = iam.PolicyStatement(actions=["s3:GetObjekt"], resources=["*"])\n';
  const dir = workspace({
    'app/app/app_stack.py': stack,
    'app/app/helpers.py': 'import os\nprint(os.getcwd())\n',
    'app/.venv/lib/python3.12/site-packages/aws_cdk/aws_iam/__init__.py': stack,
    'app/app/__pycache__/app_stack.py': stack,
  });
  const result = runCli(['lint', dir]);
  assert.equal(result.stdout, `${join(dir, 'app', 'app', 'app_stack.py')}:3:46 error action-unknown "GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?\n`);
  assert.equal(result.stderr, '1 policy checked: 1 error, 0 warnings.\n');
});

test("lint DIR reads a Java CDK app's sources and leaves out Gradle's caches", async () => {
  await prepareHostReaders([cdkJavaReader]);
  const stack =
    'import software.amazon.awscdk.services.iam.*;\n\nclass Grants {\n    PolicyStatement s = PolicyStatement.Builder.create().actions(List.of("s3:GetObjekt")).resources(List.of("*")).build();\n}\n';
  const dir = workspace({
    'app/src/main/java/com/myorg/Grants.java': stack,
    'app/src/main/java/com/myorg/App.java': 'import software.amazon.awscdk.App;\nclass Main {}\n',
    'app/.gradle/caches/Grants.java': stack,
  });
  const result = runCli(['lint', dir]);
  assert.equal(
    result.stdout,
    `${join(dir, 'app', 'src', 'main', 'java', 'com', 'myorg', 'Grants.java')}:4:78 error action-unknown "GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?\n`,
  );
  assert.equal(result.stderr, '1 policy checked: 1 error, 0 warnings.\n');
});

test("lint DIR reads a Go CDK app's sources", async () => {
  await prepareHostReaders([cdkGoReader]);
  const stack =
    'package main\n\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n\nvar s = awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObjekt"), Resources: jsii.Strings("*")})\n';
  const dir = workspace({ 'app/app.go': stack, 'app/main.go': 'package main\n\nfunc main() {}\n' });
  const result = runCli(['lint', dir]);
  assert.equal(result.stdout, `${join(dir, 'app', 'app.go')}:5:90 error action-unknown "GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?\n`);
  assert.equal(result.stderr, '1 policy checked: 1 error, 0 warnings.\n');
});

test('after a lint run, which keeps no lists across parses (each file is read once), the process keeps them again', () => {
  const dir = workspace({ 'p.json': good });
  runCli(['lint', dir]);
  const kept: boolean[] = [];
  new ValueListCache<number>(4).get([{ value: 's3:GetObject', span: { start: 0, end: 14 } }], 0, (_, keep) => (kept.push(keep), 0));
  assert.deepEqual(kept, [true]);
});

test('lint reads a UTF-16 policy file (as Windows PowerShell 5 redirects output) as VS Code opens it', () => {
  const dir = workspace({});
  const file = join(dir, 'policy.json');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(broken, 'utf16le')]));
  const result = runCli(['lint', dir]);
  assert.equal(result.stdout, `${file}:4:16 error effect-value Effect "allow" is not valid. Use "Allow" or "Deny".\n`);
  assert.equal(result.exitCode, 1);
});

test('lint exits 0 on clean policies and walks folders, skipping JSON that is not a policy', () => {
  const dir = workspace({ 'p/good.json': good, 'p/package.json': '{"name": "x"}', 'p/node_modules/bad.json': broken, 'p/notes.txt': 'x' });
  const result = runCli(['lint', join(dir, 'p')]);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, '1 policy checked: 0 errors, 0 warnings.\n');
  assert.equal(result.exitCode, 0);
});

test('a file named on the command line and skipped says why: no Statement in JSON, no policy in a source, no reader for its kind', () => {
  // A Ruby program named directly (SDK sweep) said "not an IAM policy (no top-level "Statement")", as if it had been read.
  const dir = workspace({ 'package.json': '{"name": "x"}', 'deploy.rb': 'client.create_role(role_name: "r")\n', 'main.go': 'package main\n\nfunc main() {}\n' });
  const result = runCli(['lint', '--format', 'json', join(dir, 'package.json'), join(dir, 'deploy.rb'), join(dir, 'main.go')]);
  assert.deepEqual(
    JSON.parse(result.stdout).map((report: { skipped?: string }) => report.skipped),
    ['not an IAM policy (no top-level "Statement"); skipped', 'no IAM policy found: iam-policy reads no .rb files; skipped', 'no IAM policy found in it; skipped'],
  );
});

test('lint expands globs', () => {
  const dir = workspace({ 'x/one.json': broken, 'x/two.json': broken, 'x/skip.txt': broken });
  const result = runCli(['lint', `${dir}/x/*.json`]);
  assert.equal(result.stdout.trim().split('\n').length, 2);
});

test('--format json gives 0-based LSP ranges, the path as given, and what each file was read as with its policies, named and typed', () => {
  const template =
    'Resources:\n  A:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:ListAllMyBuckets, Resource: "*"}]}\n  B:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: sqs:ListQueues, Resource: "*"}]}\n';
  const dir = workspace({ 'a.json': broken, 'package.json': '{"name": "x"}', 'template.yaml': template });
  const result = runCli(['lint', '--format', 'json', join(dir, 'a.json'), join(dir, 'package.json'), join(dir, 'template.yaml')]);
  assert.deepEqual(JSON.parse(result.stdout), [
    {
      file: join(dir, 'a.json'),
      kind: 'policy',
      policies: 1,
      checked: [{ name: 'a.json', type: 'identity', range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } } }],
      diagnostics: [
        { ruleId: 'effect-value', severity: 'error', message: 'Effect "allow" is not valid. Use "Allow" or "Deny".', range: { start: { line: 3, character: 15 }, end: { line: 3, character: 22 } } },
      ],
    },
    { file: join(dir, 'package.json'), diagnostics: [], skipped: 'not an IAM policy (no top-level "Statement"); skipped' },
    {
      file: join(dir, 'template.yaml'),
      kind: 'cloudformation',
      policies: 2,
      // Each policy with its type and the value that writes it, as the editor's Outline names them.
      checked: [
        { name: 'A › PolicyDocument', type: 'identity', range: { start: { line: 4, character: 22 }, end: { line: 4, character: 119 } } },
        { name: 'B › PolicyDocument', type: 'identity', range: { start: { line: 8, character: 22 }, end: { line: 8, character: 114 } } },
      ],
      diagnostics: [],
    },
  ]);
});

test('--format sarif is SARIF 2.1.0 with rules and 1-based regions', () => {
  const dir = workspace({ 'a.json': broken });
  const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', join(dir, 'a.json')]).stdout);
  assert.equal(sarif.version, '2.1.0');
  const [run] = sarif.runs;
  assert.equal(run.tool.driver.name, 'iam-policy');
  const [result] = run.results;
  assert.equal(result.ruleId, 'effect-value');
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'effect-value');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 16, endLine: 4, endColumn: 23 });
});

test('--rule changes a severity and --policy-type is applied', () => {
  const dir = workspace({ 'a.json': broken, 'trust.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}' });
  const downgraded = runCli(['lint', '--rule', 'effect-value=warning', join(dir, 'a.json')]);
  assert.match(downgraded.stdout, / warning effect-value /);
  assert.equal(downgraded.exitCode, 0);
  assert.equal(runCli(['lint', '--rule', 'effect-value=off', join(dir, 'a.json')]).stdout, '');
  assert.match(runCli(['lint', join(dir, 'trust.json')]).stdout, /resource-missing/);
  assert.doesNotMatch(runCli(['lint', '--policy-type', 'trust', join(dir, 'trust.json')]).stdout, /resource-missing/);
});

test('bad usage exits 2 with a clear message, never a stack trace', () => {
  for (const [args, message] of [
    [['lint'], /Name at least one file/],
    [['lint', '/no/such/file.json'], /No such file, folder or matching glob: \/no\/such\/file\.json/],
    [['lint', '--format', 'xml', 'x'], /Unknown format "xml"/],
    [['lint', '--policy-type', 'group', 'x'], /Unknown policy type "group"/],
    [['lint', '--rule', 'nope=off', 'x'], /Unknown rule "nope"/],
    [['lint', '--rule', 'effect-value', 'x'], /--rule takes ID=SEVERITY/],
    [['lint', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ] as const) {
    const result = runCli([...args]);
    assert.equal(result.exitCode, 2, args.join(' '));
    assert.match(result.stderr!, message);
    assert.doesNotMatch(result.stderr!, /    at /);
  }
});

test('an unreadable file is reported and counts as an error', () => {
  // Permissions do not stop root, who runs CI; a folder is unreadable as a file for everyone.
  const dir = workspace({ 'folder.json/a.txt': 'x' });
  const report = lintFile(join(dir, 'folder.json'), { rules: {} }, true)!;
  assert.equal(report.failed, true);
  assert.equal(formatText([report]), `${join(dir, 'folder.json')}: error: cannot read the file (EISDIR)\n`);
});

test('the bundled dist/cli.js runs as the iam-policy command', () => {
  const dir = workspace({ 'a.json': broken });
  const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'lint', join(dir, 'a.json')], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /:4:16 error effect-value /);
});

// In a terminal both streams go to one screen: the findings first, the count of them last, as compilers and linters print.
test('in one stream, as a terminal shows them, the findings come before the line that counts them', () => {
  const dir = workspace({ 'a.json': broken });
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const result = spawnSync('/bin/sh', ['-c', '"$0" "$1" lint "$2" 2>&1', process.execPath, cli, join(dir, 'a.json')], { encoding: 'utf8' });
  assert.equal(result.stdout, `${join(dir, 'a.json')}:4:16 error effect-value Effect "allow" is not valid. Use "Allow" or "Deny".\n1 policy checked: 1 error, 0 warnings.\n`);
});

test('lint counts a template policy once, whatever builds its Fn::If branches and parameter values take', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ActionParam:
    Type: String
    AllowedValues: [s3:GetObject, s3:PutObject, s3:DeleteObject]
Conditions:
  IsProd: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: !If [IsProd, Allow, Deny]
            Action: !Ref ActionParam
            Resource: arn:aws:s3:::bucket/*
`;
  const dir = workspace({ 'template.yaml': template });
  const result = runCli(['lint', join(dir, 'template.yaml')]);
  assert.equal(result.stderr, '1 policy checked: 0 errors, 0 warnings.\n');
  assert.equal(result.exitCode, 0);
});

test('lint --jobs N prints byte for byte what one thread prints, with the same exit code', async () => {
  const files: Record<string, string> = {
    'p/package.json': '{"name": "x"}',
    'p/stack.yaml': `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Version: '2012-10-17'\n            Statement:\n              - Effect: Allow\n                Action: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction]\n                Resource: '*'\n`,
    'p/main.tf': `data "aws_iam_policy_document" "d" {\n  statement {\n    effect    = "allow"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n`,
  };
  for (let i = 0; i < 30; i++) files[`p/n${String(i).padStart(2, '0')}.json`] = i % 3 === 0 ? broken : i % 3 === 1 ? good : good.replace('s3:GetObject', 's3:GetObjekt');
  const dir = workspace(files);
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  // With IAM_POLICY_LINT_WORKERS_ONLY=1 the main thread leaves every file to the workers, so their reports are seen.
  const parallelRun = (format: string, jobs: string, workersOnly = false) =>
    spawnSync(process.execPath, [cli, 'lint', join(dir, 'p'), join(dir, 'p', 'package.json'), '--format', format, '--jobs', jobs], {
      encoding: 'utf8',
      env: { ...process.env, IAM_POLICY_LINT_WORKERS_ONLY: workersOnly ? '1' : '0' },
    });
  // One thread, in this process as the bundle's main runs it: what it prints and the exit code it sets.
  const serialRun = async (format: string) => {
    const result = await runCliOnThreads(['lint', join(dir, 'p'), join(dir, 'p', 'package.json'), '--format', format, '--jobs', '1'], cli);
    return { stdout: result.stdout, stderr: result.stderr ?? '', status: result.exitCode };
  };
  for (const [format, jobs, workersOnly] of [
    ['text', '3', true],
    ['json', '2', true],
    ['text', '2', false],
  ] as const) {
    const serial = await serialRun(format);
    assert.equal(serial.status, 1);
    assert.match(serial.stdout, /n00\.json/);
    const parallel = parallelRun(format, jobs, workersOnly);
    assert.equal(parallel.stdout, serial.stdout, `--jobs ${jobs} --format ${format}`);
    assert.equal(parallel.stderr, serial.stderr);
    assert.equal(parallel.status, serial.status);
  }
});

test('on several threads the main thread lints the .tf files itself and keeps their readings for the modules', async () => {
  await prepareHostReaders([terraformReader]);
  const files: Record<string, string> = {
    'm/main.tf': `data "aws_iam_policy_document" "d" {\n  statement {\n    effect    = "allow"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n`,
    'm/iam.tf': `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })\n}\n`,
  };
  for (let i = 0; i < 6; i++) files[`p/n${i}.json`] = i % 2 ? good : broken;
  const dir = workspace(files);
  const list = [...Object.keys(files)].sort().map((name) => join(dir, name));
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const serialReadings = new TerraformReadings();
  const serial = list.map((file) => lintFile(file, { rules: {}, terraformReadings: serialReadings }, false));
  // The main thread leaves every file it may share to the worker: the .tf files are still linted here, not there.
  const readings = new TerraformReadings();
  const parallel = await lintInParallel({
    files: list,
    named: new Set(),
    options: { rules: {}, terraformReadings: readings },
    jobs: 2,
    workerScript: cli,
    mainThreadLints: false,
    mainThreadOnly: lintKeepsReading,
  });
  assert.deepEqual([...readings.readings.keys()].sort(), [join(dir, 'm/iam.tf'), join(dir, 'm/main.tf')]);
  assert.deepEqual([...readings.readings.keys()].sort(), [...serialReadings.readings.keys()].sort());
  assert.equal(formatText(parallel.filter((report) => report !== undefined)), formatText(serial.filter((report) => report !== undefined)));
  assert.match(formatText(parallel.filter((report) => report !== undefined)), /iam\.tf:2:\d+ error action-unknown/);
  assert.equal(lintKeepsReading('m/MAIN.TF'), true);
  assert.equal(lintKeepsReading('m/main.tf.json'), false);
});

test('--jobs takes a count of threads; by default one per core but one, at most 4, for a batch of 200 files or more', () => {
  assert.match(runCli(['lint', '--jobs', '0', 'x.json']).stderr!, /--jobs takes a number of threads from 1 to 64; got "0"\./);
  assert.match(runCli(['lint', '--jobs', 'many', 'x.json']).stderr!, /--jobs takes a number of threads/);
  assert.equal(lintJobs(undefined, 199, 8), 1);
  assert.equal(lintJobs(undefined, 200, 2), 1);
  assert.equal(lintJobs(undefined, 200, 3), 2);
  assert.equal(lintJobs(undefined, 5000, 5), 4);
  assert.equal(lintJobs(undefined, 5000, 16), 4);
  assert.equal(lintJobs(undefined, 5000, 1), 1);
  assert.equal(lintJobs(3, 10, 1), 3);
  assert.equal(lintJobs(8, 2, 16), 2);
});

test('lint prepares the Terraform reader (its wasm parser) only for a file list that holds a file it reads', () => {
  assert.deepEqual(readersToPrepare(['a.json', 'b.yaml', 'c.template', 'd.tf.yaml']), []);
  for (const file of ['m/main.tf', 'm/MAIN.TF', 'm/a.tf.json', 'm/policy.tftpl', 'm/policy.json.tpl', 'm/policy.tpl', 'm/policy.json.tmpl'])
    assert.deepEqual(readersToPrepare(['a.json', file]), [terraformReader], file);
  // A reader that names no file endings may claim anything, so it is prepared whatever the files.
  const anyFile: HostReader = { kind: 'policy', prepare: async () => undefined, read: () => undefined };
  assert.deepEqual(readersToPrepare(['a.json'], [...hostReaders, anyFile]), [anyFile]);
});

test('the CLI prepares the readers a lint needs, every reader but those loaded on demand for a command that reads policies (those too for their files or a folder), none for --version', async () => {
  const dir = workspace({ 'p.json': good, 'main.tf': 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [] })\n}\n' });
  const prepared: (readonly HostReader[] | undefined)[] = [];
  const prepare = (readers?: readonly HostReader[]) => {
    prepared.push(readers);
    return prepareHostReaders(readers);
  };
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const runs = [
    ['--version'],
    ['--help'],
    ['lint', join(dir, 'p.json')],
    ['lint', dir],
    ['simulate', '--help'],
    ['simulate', '--policy', join(dir, 'Stack.cs'), '--help'],
    ['who-can', '--account', dir, '--help'],
  ];
  for (const args of runs) await runCliOnThreads(args, cli, prepare);
  const eager = hostReaders.filter((reader) => !reader.onDemand);
  assert.ok(eager.length < hostReaders.length && !eager.includes(cdkCSharpReader));
  assert.deepEqual(prepared, [[], [terraformReader], eager, hostReaders, hostReaders]);
});
