// `iam-policy lint template.yaml main.tf`: text, JSON and SARIF point into the host files (issues 13 and 14). The
// SARIF run goes through the bundled dist/cli.js, which loads the Terraform grammar before it reads; the others run in
// this process as its main runs them (`runCliOnThreads`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOnThreads } from '../../server/src/cli/main';

const root = join(__dirname, '..', '..');
const bundle = join(root, 'dist', 'cli.js');
/** The command run by the bundle, in a process of its own. */
const bundledCli = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'utf8' });
/** The command run in this process: what dist/cli.js's main prints, and the exit code it sets. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const result = await runCliOnThreads(args, bundle);
  return { status: result.exitCode, stdout: result.stdout, stderr: result.stderr ?? '' };
}

/** The text a 1-based SARIF region covers on its line. */
function regionText(file: string, region: { startLine: number; startColumn: number; endLine: number; endColumn: number }): string {
  assert.equal(region.endLine, region.startLine, `${file}: a one-line region`);
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    [region.startLine - 1].slice(region.startColumn - 1, region.endColumn - 1);
}

test('lint of template and Terraform folders: every error of SARIF points at the defect in the host file', () => {
  const result = bundledCli('lint', '--format', 'sarif', 'test/fixtures/cloudformation', 'test/fixtures/terraform');
  assert.equal(result.status, 1, result.stderr);
  const [run] = JSON.parse(result.stdout).runs;
  const errors = run.results
    .filter((entry: { level: string }) => entry.level === 'error')
    .map((entry: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Parameters<typeof regionText>[1] } }[] }) => {
      const { artifactLocation, region } = entry.locations[0].physicalLocation;
      assert.equal(run.tool.driver.rules[entry.ruleIndex].id, entry.ruleId);
      return [artifactLocation.uri, entry.ruleId, `${region.startLine}:${region.startColumn}`, regionText(artifactLocation.uri, region)];
    });
  const cfn = 'test/fixtures/cloudformation/';
  const tf = 'test/fixtures/terraform/';
  assert.deepEqual(errors, [
    [`${cfn}bucket-and-key.yaml`, 'action-unknown', '26:21', 'GenerateDataKy'],
    [`${cfn}bucket-and-key.yaml`, 'arn-format', '63:23', 'arn:${AWS::Partition}:s3::${DataBucket}/*'],
    [`${cfn}legacy-template.json`, 'action-unknown', '24:48', 'Publsh'],
    [`${cfn}legacy-template.json`, 'action-unknown', '36:115', 'GetObjct'],
    [`${cfn}organization-scp.yaml`, 'action-unknown', '18:35', 'LeaveOrganisation'],
    [`${cfn}organization-scp.yaml`, 'principal-not-allowed', '24:13', 'Principal'],
    [`${cfn}organization-scp.yaml`, 'rcp-elements', '37:78', '"Allow"'],
    // SAM's SQSPollerPolicy names two actions IAM ignores: SAM's wording, not an error of the user's.
    [`${cfn}sam-app.yaml`, 'action-unknown', '54:28', 'PutItme'],
    [`${cfn}sam-app.yaml`, 'arn-service', '63:47', 's4'],
    [`${cfn}sam-app.yaml`, 'action-unknown', '76:22', 'InvokeFuncton'],
    // A JSON policy under `!Sub |`: positions mapped through the block scalar.
    [`${cfn}sub-json-policy.yaml`, 'action-unknown', '17:53', 'DeleteMesage'],
    [`${cfn}sub-json-policy.yaml`, 'effect-value', '28:25', '"Alow"'],
    [`${cfn}sub-json-policy.yaml`, 'json-syntax', '38:94', '"Resource"'],
    [`${tf}generated.tf.json`, 'action-unknown', '18:43', 'GetObjcet'],
    [`${tf}policy-document.tf`, 'action-unknown', '6:36', 'GetObjekt'],
    [`${tf}policy-document.tf`, 'arn-region', '11:19', 'us-east-1'],
    [`${tf}policy-document.tf`, 'effect-value', '16:17', '"Alow"'],
    // terraform-aws-step-functions' example denies s3:HeadObject in its policy_statements, which names no action.
    [`${tf}public/terraform-aws-step-functions/examples-complete-main.tf`, 'action-unknown', '129:24', 'HeadObject'],
    [`${tf}resources.tf`, 'action-unknown', '9:41', 'PutObjekt'],
    [`${tf}resources.tf`, 'action-unknown', '33:42', 'GetObjcet'],
    [`${tf}resources.tf`, 'action-unknown', '49:97', 'ListAllMyBucket'],
    [`${tf}resources.tf`, 'action-unknown', '66:27', 'InvokeFunktion'],
  ]);
});

test('lint template.yaml main.tf in text and JSON: file:line:col into the host files, 0-based ranges in JSON', async () => {
  const files = ['test/fixtures/cloudformation/sub-json-policy.yaml', 'test/fixtures/terraform/resources.tf'];
  const text = await cli('lint', ...files);
  assert.equal(text.status, 1);
  const lines = text.stdout.split('\n').filter((line) => / error /.test(line));
  assert.deepEqual(
    lines.map((line) => line.split(' ').slice(0, 3).join(' ')),
    [
      `${files[0]}:17:53 error action-unknown`,
      `${files[0]}:28:25 error effect-value`,
      `${files[0]}:38:94 error json-syntax`,
      `${files[1]}:9:41 error action-unknown`,
      `${files[1]}:33:42 error action-unknown`,
      `${files[1]}:49:97 error action-unknown`,
      `${files[1]}:66:27 error action-unknown`,
    ],
  );
  const json = JSON.parse((await cli('lint', '--format', 'json', files[1])).stdout);
  const found = JSON.stringify(json);
  assert.match(found, /resources\.tf/);
  assert.match(found, /"start":\{"line":8,"character":40\}/, 'the 0-based start of "PutObjekt"');
});

test('lint reports escalation-path in a template and in a Terraform module folder, as the editor does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-escalation-'));
  mkdirSync(join(dir, 'tf'));
  writeFileSync(
    join(dir, 'stack.yaml'),
    `Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: own
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:AttachRolePolicy
                Resource: "*"
`,
  );
  // The role is in one file, the inline policy that lets it write its own policies in the other.
  writeFileSync(join(dir, 'tf', 'roles.tf'), 'resource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = "{}"\n}\n');
  writeFileSync(
    join(dir, 'tf', 'policies.tf'),
    'resource "aws_iam_role_policy" "own" {\n  role   = aws_iam_role.app.name\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PutRolePolicy", Resource = aws_iam_role.app.arn }] })\n}\n',
  );
  const result = await cli('lint', '--format', 'json', dir);
  const files = JSON.parse(result.stdout) as { file: string; diagnostics: { ruleId: string; message: string; range: { start: { line: number; character: number } } }[] }[];
  const found = files.flatMap((f) =>
    f.diagnostics.filter((d) => d.ruleId === 'escalation-path').map((d) => [f.file.slice(dir.length + 1), d.range.start.line, d.range.start.character, d.message.slice(0, d.message.indexOf(':'))]),
  );
  assert.deepEqual(found, [
    ['stack.yaml', 18, 24, 'Role App can become administrator'],
    [join('tf', 'policies.tf'), 2, 90, 'Role app can become administrator'],
  ]);
  assert.deepEqual(
    JSON.parse((await cli('lint', '--format', 'json', '--rule', 'escalation-path=off', dir)).stdout).flatMap((f: { diagnostics: { ruleId: string }[] }) =>
      f.diagnostics.filter((d) => d.ruleId === 'escalation-path'),
    ),
    [],
  );
});

test('lint reads the template a templatefile() call renders, from the disk, and names the variables it is not given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-templatefile-'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(
    join(dir, 'policies', 'trust.json.tftpl'),
    '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${provider_arn}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]\n}\n',
  );
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_role" "irsa" {\n  assume_role_policy = templatefile("${path.module}/policies/trust.json.tftpl", { eks_provider_arn = var.arn })\n}\n');
  const result = await cli('lint', dir);
  assert.equal(result.status, 1);
  assert.deepEqual(
    result.stdout.split('\n').filter((line) => /templatefile-variable-missing/.test(line)),
    [
      `${join(dir, 'main.tf')}:2:81 error templatefile-variable-missing trust.json.tftpl reads \`provider_arn\`, which this templatefile() call does not give: Terraform fails to render it ("vars map does not contain key")`,
    ],
  );
  // Given the variable, the call renders.
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_role" "irsa" {\n  assume_role_policy = templatefile("${path.module}/policies/trust.json.tftpl", { provider_arn = var.arn })\n}\n');
  assert.doesNotMatch((await cli('lint', dir)).stdout, /templatefile-variable-missing/);
});

test('lint warns on a policy file() whose ${path.module} path holds no file, and is quiet once the file is there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-file-missing-'));
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_policy" "read" {\n  policy = file("${path.module}/policies/read.json")\n}\n');
  const missing = async () => (await cli('lint', dir)).stdout.split('\n').filter((line) => /terraform-file-missing/.test(line));
  assert.deepEqual(await missing(), [
    `${join(dir, 'main.tf')}:2:17 warning terraform-file-missing No file exists at this path: Terraform fails at plan ("Invalid value for "path" parameter: no file exists at …"), so the policy is never written`,
  ]);
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'read.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}');
  assert.deepEqual(await missing(), []);
});

test('lint reports escalation-path in a serverless.yml, on the statement that lets the functions’ role escalate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-serverless-'));
  writeFileSync(
    join(dir, 'serverless.yml'),
    "service: admin\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: iam:AttachRolePolicy\n          Resource: '*'\nfunctions:\n  run:\n    handler: run.handler\n",
  );
  const result = await cli('lint', dir);
  assert.deepEqual(
    result.stdout
      .split('\n')
      .filter((line) => / escalation-path /.test(line))
      .map((line) =>
        line
          .slice(dir.length + 1)
          .split(' ')
          .slice(0, 5)
          .join(' '),
      ),
    ['serverless.yml:8:19 warning escalation-path Role admin-dev-us-east-1-lambdaRole'],
  );
});

test('lint checks a policy file a module takes only as a permissions boundary as a boundary, alone or in its folder, on any thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-linked-boundary-'));
  const repository = join(dir, 'repository');
  const module = join(repository, 'iam');
  mkdirSync(join(module, 'policies'), { recursive: true });
  mkdirSync(join(repository, '.git'));
  const boundary = join(module, 'policies', 'deploy-boundary.json');
  writeFileSync(boundary, '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]\n}\n');
  writeFileSync(
    join(module, 'main.tf'),
    'resource "aws_iam_role" "deploy" {\n  permissions_boundary = aws_iam_policy.deploy_boundary.arn\n}\nresource "aws_iam_policy" "deploy_boundary" {\n  policy = file("${path.module}/policies/deploy-boundary.json")\n}\n',
  );
  // Outside the repository, a module that would read the same file as a trust policy is not looked at.
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_role" "r" {\n  assume_role_policy = file("${path.module}/repository/iam/policies/deploy-boundary.json")\n}\n');
  const findings = (result: { stdout: string }) => result.stdout.split('\n').filter((line) => line.startsWith(boundary));
  for (const run of [bundledCli('lint', repository), bundledCli('lint', boundary), bundledCli('lint', '--jobs', '2', repository, boundary)]) {
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(findings(run), []);
  }
  // Attached to a user as well, it grants: checked as the managed policy it then is.
  writeFileSync(join(module, 'users.tf'), 'resource "aws_iam_user_policy_attachment" "ci" {\n  user       = "ci"\n  policy_arn = aws_iam_policy.deploy_boundary.arn\n}\n');
  const granting = findings(bundledCli('lint', boundary));
  assert.ok(granting.filter((line) => line.split(' ')[2] === 'wildcard-action').length === 2, granting.join('\n'));
});

// aws-samples' Elastic Beanstalk apps grant their instances' role and their queues' policies in .ebextensions.
test('lint of a folder reads Elastic Beanstalk configuration files in .ebextensions, and no other .config file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-ebextensions-'));
  mkdirSync(join(dir, '.ebextensions'));
  writeFileSync(
    join(dir, '.ebextensions', '01-worker.config'),
    'option_settings:\n  aws:elasticbeanstalk:application:environment:\n    QUEUE: jobs\nResources:\n  WorkerPolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: worker\n      Roles: [aws-elasticbeanstalk-ec2-role]\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - {Effect: Allow, Action: "sqs:ReceiveMessages", Resource: "*"}\n',
  );
  writeFileSync(join(dir, 'app.config'), 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties: {PolicyDocument: {Statement: [{Effect: allow}]}}\n');
  const { stdout } = await cli('lint', dir);
  assert.deepEqual(
    stdout.split('\n').filter((line) => line.includes(' error ')),
    [`${join(dir, '.ebextensions', '01-worker.config')}:13:42 error action-unknown "ReceiveMessages" is not an action of Amazon SQS (sqs). Did you mean "sqs:ReceiveMessage"?`],
  );
});
