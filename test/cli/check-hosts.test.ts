// `iam-policy check` on templates and Terraform files (issue 16): each embedded policy is checked on its own, picked
// with --policy, compared by name with --base (a file or git:REF), placeholders shown as written. Run in this process
// as dist/cli.js's main runs it (`runCliOnThreads`, which loads the Terraform grammar before it reads), and once
// through the bundled dist/cli.js itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namePartsOf, selectsPolicy } from '../../server/src/core/access-checks/index';
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

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-check-hosts-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const template = (actions: string[], extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [${actions.join(', ')}]
                Resource: !Sub "\${Bucket.Arn}/*"
${extra}`;

const readerPolicy = `  ReaderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sqs:ReceiveMessage
            Resource: "*"
`;

test('selectors: a name, or its parts joined by / from the start', () => {
  const cfn = { name: 'AppRole › Policies[0] › PolicyDocument', owner: 'AppRole' };
  const tf = { name: 'aws_iam_role.app.inline_policy.policy', owner: 'aws_iam_role.app' };
  const variant = { name: 'Fn › Policies[2] (second branch of Fn::If)', owner: 'Fn' };
  assert.deepEqual(namePartsOf(cfn), ['AppRole', 'Policies[0]', 'PolicyDocument']);
  assert.deepEqual(namePartsOf(tf), ['aws_iam_role.app', 'inline_policy', 'policy']);
  for (const selector of ['AppRole', 'AppRole/Policies[0]', 'AppRole/Policies[0]/PolicyDocument', 'AppRole › Policies[0] › PolicyDocument']) assert.ok(selectsPolicy(selector, cfn), selector);
  for (const selector of ['App', 'AppRole/Policies[1]', 'AppRole/Policies[0]/PolicyDocument/x', 'AppRole/', 'PolicyDocument']) assert.ok(!selectsPolicy(selector, cfn), selector);
  for (const selector of ['aws_iam_role.app', 'aws_iam_role.app/inline_policy', 'aws_iam_role.app.inline_policy.policy']) assert.ok(selectsPolicy(selector, tf), selector);
  assert.ok(!selectsPolicy('aws_iam_role', tf));
  assert.ok(selectsPolicy('Fn/Policies[2]', variant));
});

test('no-new-access --base git:HEAD on a template: each policy against its committed self, placeholders as written', async () => {
  const dir = workspace({ 'stack.yaml': template(['s3:GetObject']) });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', 'stack.yaml');
  git('commit', '-qm', 'v1');
  writeFileSync(join(dir, 'stack.yaml'), template(['s3:GetObject', 's3:PutObject'], readerPolicy));
  const file = join(dir, 'stack.yaml');
  const json = await cli('check', 'no-new-access', '--base', 'git:HEAD', file, '--format', 'json');
  assert.equal(json.status, 1, json.stderr);
  const result = JSON.parse(json.stdout);
  assert.equal(result.result, 'FAIL');
  assert.deepEqual(
    result.policies.map((p: { policy: string; result: string; base?: null }) => [p.policy, p.result, p.base]),
    [
      ['AppRole › AssumeRolePolicyDocument', 'PASS', undefined],
      ['AppRole › Policies[0] › PolicyDocument', 'FAIL', undefined],
      ['ReaderPolicy › PolicyDocument', 'FAIL', null],
    ],
  );
  const app = result.policies[1];
  assert.deepEqual(app.witness, { action: 's3:PutObject', resource: '${Bucket.Arn}/', principal: 'arn:aws:iam::111122223333:user/witness', context: {} });
  assert.deepEqual(app.actions, ['s3:PutObject']);
  assert.match(app.reasons.at(-1), /^Values known only at deploy time \(\$\{Bucket\.Arn\}\) were read as fixed values/);
  assert.equal(result.policies[2].reasons[0], 'The policy is new: it allows 1 action (sqs:ReceiveMessage), all new access.');

  const picked = await cli('check', 'no-new-access', '--base', 'git:HEAD', file, '--policy', 'AppRole/AssumeRolePolicyDocument');
  assert.equal(picked.status, 0, picked.stderr);
  assert.equal(
    picked.stdout,
    "no-new-access: PASS (1 policy: 1 PASS)\nAppRole › AssumeRolePolicyDocument (line 9): PASS\n  The new policy allows no request the old one does not (catalog mode: action wildcards mean today's catalog actions).\n",
  );

  const sarif = JSON.parse((await cli('check', 'no-new-access', '--base', 'git:HEAD', file, '--policy', 'AppRole', '--format', 'sarif')).stdout);
  const [only] = sarif.runs[0].results;
  assert.equal(sarif.runs[0].results.length, 1);
  assert.equal(only.properties.policy, 'AppRole › Policies[0] › PolicyDocument');
  assert.deepEqual(only.locations[0].physicalLocation.region, { startLine: 18, startColumn: 13 });
});

test('access-not-granted and no-public-access on a Terraform file, one policy at a time, the first through the bundle', async () => {
  const dir = workspace({
    'main.tf': `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }]
  })
}
`,
  });
  const file = join(dir, 'main.tf');
  const granted = JSON.parse(bundledCli('check', 'access-not-granted', file, '--action', 'iam:PassRole', '--policy', 'aws_iam_policy.admin', '--format', 'json').stdout);
  assert.deepEqual(
    granted.policies.map((p: { policy: string; result: string; witness?: { action: string } }) => [p.policy, p.result, p.witness?.action]),
    [['aws_iam_policy.admin.policy', 'FAIL', 'iam:PassRole']],
  );
  const open = await cli('check', 'no-public-access', file, '--resource-type', 'AWS::IAM::AssumeRolePolicyDocument', '--policy', 'aws_iam_role.app/assume_role_policy', '--format', 'json');
  assert.equal(open.status, 1, open.stderr);
  const [trust] = JSON.parse(open.stdout).policies;
  assert.equal(trust.result, 'FAIL');
  assert.equal(trust.witness.action, 'sts:AssumeRole');
});

test('no-new-access --base on a Terraform file: inline_policy blocks found again by name after one is inserted before them', async () => {
  const role = (blocks: [string, string][]) => `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
${blocks.map(([name, action]) => `  inline_policy {\n    name   = "${name}"\n    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })\n  }\n`).join('')}}
`;
  const dir = workspace({
    'old.tf': role([['read', 's3:GetObject']]),
    'main.tf': role([
      ['logs', 'logs:PutLogEvents'],
      ['read', 's3:GetObject'],
    ]),
  });
  const run = await cli('check', 'no-new-access', '--base', join(dir, 'old.tf'), join(dir, 'main.tf'), '--format', 'json');
  assert.equal(run.status, 1, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.deepEqual(
    result.policies.map((p: { policy: string; result: string; base?: null; actions?: string[] }) => [p.policy, p.result, p.base, p.actions]),
    [
      ['aws_iam_role.app.assume_role_policy', 'PASS', undefined, undefined],
      ['aws_iam_role.app.inline_policy.policy', 'FAIL', null, ['logs:PutLogEvents']],
      ['aws_iam_role.app.inline_policy.policy', 'PASS', undefined, undefined],
    ],
  );
});

test('check on a template: usage mistakes exit 2 and say what to do', async () => {
  const dir = workspace({ 'stack.yaml': template(['s3:GetObject']), 'p.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
  const none = await cli('check', 'access-not-granted', join(dir, 'stack.yaml'), '--action', 's3:*', '--policy', 'Nope');
  assert.equal(none.status, 2);
  assert.equal(
    none.stderr,
    `iam-policy: --policy "Nope" picks no policy of ${join(dir, 'stack.yaml')}. Its policies:\n  AppRole › AssumeRolePolicyDocument\n  AppRole › Policies[0] › PolicyDocument\n`,
  );
  const plain = await cli('check', 'access-not-granted', join(dir, 'p.json'), '--action', 's3:*', '--policy', 'AppRole');
  assert.equal(plain.status, 2);
  assert.match(plain.stderr, /^iam-policy: --policy picks policies in a template or Terraform file; .*p\.json is a policy file\./);
  // A reference with a Principal is resource-based; the one policy picked is an identity policy.
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
  const base = await cli('check', 'no-new-access', '--base', join(dir, 'p.json'), join(dir, 'stack.yaml'), '--policy', 'AppRole/Policies[0]');
  assert.equal(base.status, 2);
  assert.match(base.stderr, /^iam-policy: .*stack\.yaml holds no resource policy to compare with the reference policy .*p\.json\.\n/);
});

test("no-new-access of a template against one reference policy file, as cfn-policy-validator's --reference-policy: each policy of its type", async () => {
  // AWS's automated policy analysis blog runs `check-no-new-access --template-path … --reference-policy …` in CI.
  const reference = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const dir = workspace({
    'stack.yaml': template(['s3:GetObject', 's3:PutObject']),
    'all.json': reference({ Effect: 'Allow', Action: '*', Resource: '*' }),
    'read.json': reference({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
  });
  const within = await cli('check', 'no-new-access', '--base', join(dir, 'all.json'), join(dir, 'stack.yaml'));
  assert.equal(within.status, 0, within.stderr);
  // The identity policy is compared; the trust policy, resource-based, is not.
  assert.match(within.stdout, /^no-new-access: PASS \(1 policy: 1 PASS\)\nAppRole › Policies\[0\] › PolicyDocument \(line 18\): PASS\n/);
  const beyond = await cli('check', 'no-new-access', '--base', join(dir, 'read.json'), join(dir, 'stack.yaml'), '--format', 'json');
  assert.equal(beyond.status, 1);
  const json = JSON.parse(beyond.stdout);
  assert.deepEqual(
    json.policies.map((entry: { policy: string; result: string; witness?: { action: string } }) => [entry.policy, entry.result, entry.witness?.action]),
    [['AppRole › Policies[0] › PolicyDocument', 'FAIL', 's3:PutObject']],
  );
});

test('a document given as two kinds of policy is checked once: what it grants is one answer', async () => {
  const dir = workspace({
    'main.tf': `data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.read.json
}
`,
  });
  const result = await cli('check', 'access-not-granted', join(dir, 'main.tf'), '--action', 's3:GetObject');
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^access-not-granted: FAIL \(1 policy: 1 FAIL\)\ndata\.aws_iam_policy_document\.read \(line 1\): FAIL\n/);
  assert.doesNotMatch(result.stdout, /\[trust\]/);
});

test('no-public-access on a template or Terraform file without --resource-type: each resource policy as its resource, identity policies left out', async () => {
  const dir = workspace({
    'stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "\${Bucket.Arn}/*"
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }
            Action: kms:*
            Resource: "*"
${template(['s3:GetObject']).split('Resources:\n')[1]}`,
    'main.tf': `data "aws_iam_policy_document" "public" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = "q"
  policy    = data.aws_iam_policy_document.public.json
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
`,
  });
  const results = async (file: string) => {
    const result = await cli('check', 'no-public-access', join(dir, file), '--format', 'json');
    return {
      status: result.status,
      policies: JSON.parse(result.stdout).policies.map((entry: { policy: string; result: string; reasons: string[] }) => [
        entry.policy,
        entry.result,
        /AWS::[A-Za-z0-9]+::[A-Za-z]+/.exec(entry.reasons.join(' '))?.[0],
      ]),
    };
  };
  assert.deepEqual(await results('stack.yaml'), {
    status: 1,
    policies: [
      ['BucketPolicy › PolicyDocument', 'FAIL', 'AWS::S3::Bucket'],
      ['Key › KeyPolicy', 'PASS', 'AWS::KMS::Key'],
      ['AppRole › AssumeRolePolicyDocument', 'PASS', 'AWS::IAM::AssumeRolePolicyDocument'],
    ],
  });
  assert.deepEqual(await results('main.tf'), { status: 1, policies: [['data.aws_iam_policy_document.public', 'FAIL', 'AWS::SQS::Queue']] });
});
