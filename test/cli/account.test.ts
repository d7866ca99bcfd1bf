import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsHostReaders, runCli } from '../../server/src/cli/main';
import { loadTerraformParser } from '../../server/src/core/hosts/terraform/parser';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'account');
const account = join(fixtures, 'authorization-details.json');
const urlEncoded = join(fixtures, 'authorization-details-url-encoded.json');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;

function temp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-account-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('who-can --format json lists principals, decisions, statements and who assumes roles', () => {
  const result = runCli(['who-can', '--account', account, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::corp-data/report.csv', '--format', 'json']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stderr, '');
  const json = JSON.parse(result.stdout);
  assert.deepEqual(
    json.map((e: { principal: string; decision: string }) => [e.principal, e.decision]),
    [
      [arn('user/ops-admin'), 'Allowed'],
      [arn('user/alice'), 'Allowed'],
      [arn('user/erin'), 'Allowed'],
      [arn('user/frank'), 'Allowed'],
      [arn('role/admin-lambda'), 'Allowed'],
      [arn('role/reader'), 'Allowed'],
    ],
  );
  assert.deepEqual(json[5].assumableBy, [{ principal: arn('user/frank'), decision: 'Allowed' }]);
  assert.deepEqual(json[1].via, [{ policy: arn('policy/DevRead'), kind: 'customer-managed', statement: 'ReadCorpData', source: `${account} Policies[0].PolicyVersionList[1]` }]);
});

test('who-can marks context-dependent grants Conditional, and --context settles them', () => {
  const base = ['who-can', '--account', account, '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::corp-data/x'];
  const open = runCli(base);
  assert.equal(open.exitCode, 0);
  assert.ok(
    open.stdout.includes(
      `  Conditional: ${arn('user/frank')}\n    allowed only if Bool on aws:MultiFactorAuthPresent holds (not in the request context; inline policy DataAccess, statement WriteWithMfa)\n`,
    ),
    open.stdout,
  );
  const settled = JSON.parse(runCli([...base, '--context', 'aws:MultiFactorAuthPresent=true', '--format', 'json']).stdout);
  assert.deepEqual(settled.find((e: { principal: string }) => e.principal === arn('user/frank')).decision, 'Allowed');
});

test('who-can for sts:AssumeRole uses the trust policy, in text', () => {
  const result = runCli(['who-can', '--account', urlEncoded, '--action', 'sts:AssumeRole', '--resource', arn('role/reader')]);
  assert.equal(result.exitCode, 0);
  assert.equal(
    result.stdout,
    [
      `1 principal can sts:AssumeRole on ${arn('role/reader')} (the role trust policy is the resource policy):`,
      `  Allowed: ${arn('user/frank')}`,
      `    via trust policy of ${arn('role/reader')}, statement #1 (${urlEncoded} RoleDetailList[2].AssumeRolePolicyDocument)`,
      '',
    ].join('\n'),
  );
});

test('who-can names another account a trust policy admits, and says its own policies must allow too', () => {
  const dir = temp({
    'vendor.yaml': `Resources:
  Vendor:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: '444455556666' }
            Action: sts:AssumeRole
            Condition: { StringEquals: { sts:ExternalId: vendor-42 } }
`,
  });
  const result = runCli(['who-can', '--account', join(dir, 'vendor.yaml'), '--account-id', '111122223333', '--action', 'sts:AssumeRole', '--resource', arn('role/vendor')]);
  assert.equal(result.exitCode, 0);
  assert.equal(
    result.stdout,
    [
      `1 principal can sts:AssumeRole on ${arn('role/vendor')} (the role trust policy is the resource policy):`,
      '  Conditional: arn:aws:iam::444455556666:root',
      '    another account: its own policies must allow the request too',
      `    allowed only if StringEquals on sts:ExternalId holds (not in the request context; trust policy of ${arn('role/vendor')}, statement #1)`,
      '',
    ].join('\n'),
  );
});

test('what-can --format json gives the principal ARN and allowed actions with resources and statements', () => {
  const result = runCli(['what-can', '--account', account, '--principal', 'alice', '--format', 'json']);
  assert.equal(result.exitCode, 0);
  const json = JSON.parse(result.stdout);
  assert.equal(json.principal, arn('user/alice'));
  assert.deepEqual(
    json.allowed.map((e: { action: string; resources: string[] }) => [e.action, e.resources]),
    [
      ['s3:GetObject', ['arn:aws:s3:::home/alice/*', 'arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
      ['s3:ListBucket', ['arn:aws:s3:::corp-data', 'arn:aws:s3:::corp-data/*']],
    ],
  );
  assert.deepEqual(
    json.allowed[0].via.map((v: { policy: string; statement: string }) => [v.policy, v.statement]),
    [
      ['ReadOwnHome', 'OwnHome'],
      [arn('policy/DevRead'), 'ReadCorpData'],
    ],
  );
});

test('escalations --format json gives principal, method and path', () => {
  const result = runCli(['escalations', '--account', account, '--format', 'json']);
  assert.equal(result.exitCode, 0);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(
    json.map((e: { principal: string; method: string; path: unknown[] }) => [e.principal, e.method, e.path.length]),
    [
      [arn('user/bob'), 'create-policy-version', 1],
      [arn('user/carol'), 'create-access-key', 1],
      [arn('user/dave'), 'chain', 2],
      [arn('role/deployer'), 'pass-role', 1],
    ],
  );
  assert.deepEqual(json[2].path[1].requests[0], {
    action: 'iam:PassRole',
    resource: arn('role/admin-lambda'),
    via: [{ policy: 'Deploy', kind: 'inline', statement: 'PassFunctionRole', holder: arn('role/deployer'), source: `${account} RoleDetailList[0].RolePolicyList[0]` }],
  });
});

test('escalations names the account of a path from outside', () => {
  const dir = temp({
    'details.json': JSON.stringify({
      RoleDetailList: [
        {
          RoleName: 'ops',
          Arn: 'arn:aws:iam::111122223333:role/ops',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }] },
          AttachedManagedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
        },
      ],
    }),
  });
  const result = runCli(['escalations', '--account', join(dir, 'details.json')]);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^ {2}arn:aws:iam::444455556666:root \(assume-role, from account 444455556666\)$/m);
  assert.match(result.stdout, /^ {6}sts:AssumeRole on arn:aws:iam::111122223333:role\/ops via trust policy of arn:aws:iam::111122223333:role\/ops, statement #1/m);
});

test('escalations honours --scp levels', () => {
  const scp = (deny: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: deny, Resource: '*' },
      ],
    });
  const dir = temp({ 'keys.json': scp(['iam:CreateAccessKey', 'lambda:InvokeFunction']), 'pass.json': scp(['iam:PassRole']) });
  const result = runCli(['escalations', '--account', account, '--scp', join(dir, 'keys.json')]);
  assert.equal(result.exitCode, 0);
  assert.match(
    result.stdout,
    /^Administrator-equivalent already: arn:aws:iam::111122223333:user\/ops-admin, arn:aws:iam::111122223333:role\/admin-lambda\.\n1 principal can escalate to administrator:\n  arn:aws:iam::111122223333:user\/bob \(create-policy-version\)\n/,
  );
  // An SCP that denies one of the administrator actions to everyone: nobody is, or can become, an administrator,
  // whatever policies they write for themselves.
  assert.equal(runCli(['escalations', '--account', account, '--scp', join(dir, 'pass.json')]).stdout, 'Administrator-equivalent already: none.\n0 principals can escalate to administrator:\n');
});

test('simulate --account gathers the principal’s policies, its groups’ and its boundary', () => {
  const allowed = runCli(['simulate', '--account', account, '--principal', 'alice', '--action', 's3:ListBucket', '--resource', 'arn:aws:s3:::corp-data']);
  assert.equal(allowed.exitCode, 0);
  assert.match(allowed.stdout, /^Allowed: s3:ListBucket on arn:aws:s3:::corp-data by arn:aws:iam::111122223333:user\/alice\n/);
  assert.ok(allowed.stdout.includes(`identity-based policy 2 "${arn('policy/DevRead')}": Allow`), allowed.stdout);
  // erin's boundary S3Only does not allow IAM, though IAMFullAccess does.
  const bounded = runCli(['simulate', '--account', account, '--principal', arn('user/erin'), '--action', 'iam:CreateUser', '--resource', arn('user/x')]);
  assert.equal(bounded.exitCode, 1);
  assert.match(bounded.stdout, /The permissions boundary does not allow the request: implicitly denied\./);
  // The trust policy is the resource policy for sts:AssumeRole on a role of the account.
  const assume = runCli(['simulate', '--account', account, '--principal', 'frank', '--action', 'sts:AssumeRole', '--resource', arn('role/reader'), '--json']);
  assert.equal(assume.exitCode, 0);
  assert.equal(JSON.parse(assume.stdout).reason.code, 'resource-policy-allows');
});

test('bad calls and bad files give clear messages and exit code 2', () => {
  const missing = runCli(['who-can', '--action', 's3:GetObject', '--resource', '*']);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr!, /^iam-policy who-can: Name the account with --account FILE/);
  assert.match(runCli(['what-can', '--account', account]).stderr!, /Name the user or role with --principal NAME_OR_ARN\./);
  assert.match(runCli(['what-can', '--account', account, '--principal', 'mallory']).stderr!, /^iam-policy what-can: No user or role named "mallory" in the account\.\n$/);
  assert.match(runCli(['escalations', '--account', account, '--format', 'yaml']).stderr!, /--format takes text or json, not "yaml"\./);
  assert.match(runCli(['escalations', '--account', join(fixtures, 'nope.json')]).stderr!, /^iam-policy escalations: Cannot read .*nope\.json \(ENOENT\)\.\n$/);
  const dir = temp({ 'policy.json': '{"Version": "2012-10-17", "Statement": []}', 'broken.json': '{"UserDetailList": [' });
  assert.match(runCli(['escalations', '--account', join(dir, 'policy.json')]).stderr!, /is not the output of `aws iam get-account-authorization-details`/);
  assert.match(runCli(['who-can', '--account', join(dir, 'broken.json'), '--action', 'a:b', '--resource', '*']).stderr!, /broken\.json is not valid JSON/);
  assert.match(runCli(['simulate', '--account', account, '--action', 's3:GetObject', '--resource', '*']).stderr!, /--account needs --principal NAME_OR_ARN/);
});

test('warnings about unusable entries go to stderr, with the answer on stdout', () => {
  const dir = temp({
    'a.json': JSON.stringify({
      UserDetailList: [{ Arn: arn('user/u'), UserName: 'u', UserPolicyList: [{ PolicyName: 'P', PolicyDocument: 'garbage' }], AttachedManagedPolicies: [{ PolicyArn: arn('policy/Gone') }] }],
    }),
  });
  const result = runCli(['what-can', '--account', join(dir, 'a.json'), '--principal', 'u']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, `${arn('user/u')} is allowed 0 actions:\n`);
  assert.match(
    result.stderr!,
    /warning: .*a\.json: UserDetailList\[0\]\.UserPolicyList\[0\] inline policy P of arn:aws:iam::111122223333:user\/u: the policy document is neither JSON nor URL-encoded JSON/,
  );
  assert.match(
    result.stderr!,
    /warning: arn:aws:iam::111122223333:policy\/Gone is attached to arn:aws:iam::111122223333:user\/u but is neither in the account files nor a bundled AWS managed policy; evaluated without it\./,
  );
});

test('the bundled command finds the managed policies beside it', () => {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'who-can', '--account', account, '--action', 'iam:CreateUser', '--resource', arn('user/x'), '--format', 'json'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    JSON.parse(result.stdout).map((e: { principal: string }) => e.principal),
    [arn('user/ops-admin'), arn('role/admin-lambda')],
  );
});

test('the managed policies are read only when an attached AWS managed ARN needs them', () => {
  const env = { ...process.env, IAM_POLICY_MANAGED_POLICIES: join(tmpdir(), 'no-such-dir', 'managed-policies.json') };
  const own = temp({
    'a.json': JSON.stringify({
      UserDetailList: [
        {
          Arn: arn('user/u'),
          UserName: 'u',
          UserPolicyList: [{ PolicyName: 'P', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }],
        },
      ],
    }),
  });
  const without = spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'who-can', '--account', join(own, 'a.json'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--format', 'json'],
    { encoding: 'utf8', env },
  );
  assert.equal(without.status, 0, without.stderr);
  assert.deepEqual(
    JSON.parse(without.stdout).map((e: { principal: string }) => e.principal),
    [arn('user/u')],
  );
  const needed = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'who-can', '--account', account, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'], { encoding: 'utf8', env });
  assert.equal(needed.status, 2);
  assert.match(needed.stderr, /^iam-policy who-can: Cannot find the bundled AWS managed policies\. Tried: .*no-such-dir.*Run `npm run managed-policies`/);
});

test('the Terraform parser is loaded for an account question only when an --account is a Terraform module', () => {
  const terraform = join(fixtures, 'terraform');
  assert.equal(needsHostReaders(['who-can', '--account', account, '--action', 's3:GetObject', '--resource', '*']), false);
  assert.equal(needsHostReaders(['escalations', `--account=${account}`, '--account', join(fixtures, 'template.yaml')]), false);
  assert.equal(needsHostReaders(['what-can', '--account', account, '--account', terraform, '--principal', 'alice']), true);
  assert.equal(needsHostReaders(['who-can', '--account', join(terraform, 'roles.tf'), '--action', 's3:GetObject', '--resource', '*']), true);
  assert.equal(needsHostReaders(['lint', account]), true);
  assert.equal(needsHostReaders(['simulate', '--account', account, '--principal', 'alice', '--action', 's3:GetObject', '--resource', '*']), true);
  // The bundled command, which decides this before running the command, still reads a module folder.
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'who-can', '--account', terraform, '--action', 'iam:CreateUser', '--resource', '*', '--format', 'json'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(
    (JSON.parse(result.stdout) as { principal: string }[]).some((e) => e.principal.endsWith(':user/ops-admin')),
    result.stdout,
  );
});

test("--account takes a CloudFormation template and a Terraform folder, with the export's answers", async () => {
  await loadTerraformParser();
  const template = join(fixtures, 'template.yaml');
  const module = join(fixtures, 'terraform');
  const answer = (source: string) => runCli(['who-can', '--account', source, '--account-id', '111122223333', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::corp-data/x', '--format', 'json']);
  const expected = JSON.parse(answer(account).stdout).map((e: { principal: string; decision: string }) => [e.principal, e.decision]);
  assert.deepEqual(expected, [
    [arn('user/ops-admin'), 'Allowed'],
    [arn('user/frank'), 'Conditional'],
    [arn('role/admin-lambda'), 'Allowed'],
  ]);
  for (const source of [template, module]) {
    const result = answer(source);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(
      JSON.parse(result.stdout).map((e: { principal: string; decision: string }) => [e.principal, e.decision]),
      expected,
      source,
    );
  }
  const escalations = runCli(['escalations', '--account', module, '--account-id', '111122223333', '--format', 'json']);
  assert.deepEqual(
    JSON.parse(escalations.stdout).map((e: { principal: string }) => e.principal),
    [arn('user/bob'), arn('user/carol'), arn('user/dave'), arn('role/deployer')],
  );
});

test("without --account-id a template's entities get synthetic ARNs, and the output says so", () => {
  const result = runCli(['what-can', '--account', join(fixtures, 'template.yaml'), '--principal', 'bob', '--format', 'json']);
  assert.equal(result.exitCode, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.principal, 'arn:aws:iam::000000000000:user/bob');
  assert.ok(json.warnings.includes(`${join(fixtures, 'template.yaml')}: the account id is known only at deploy; entities get synthetic ARNs in account 000000000000.`), json.warnings.join('\n'));
});

test('--account with a folder without .tf files or a bad --account-id is a clear error', () => {
  const empty = temp({ 'notes.txt': 'x' });
  const result = runCli(['who-can', '--account', empty, '--action', 's3:GetObject', '--resource', '*']);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr, `iam-policy who-can: ${empty} is a folder without .tf files; --account takes a Terraform module folder, a template or an authorization-details file.\n`);
  const bad = runCli(['who-can', '--account', account, '--account-id', '12', '--action', 's3:GetObject', '--resource', '*']);
  assert.equal(bad.stderr, 'iam-policy who-can: --account-id takes a 12-digit account id, not "12".\n');
});

test('simulate --account on a template warns when a deploy-time value takes part', () => {
  const policy = `Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Send
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Ref QueueArn
`;
  const dir = temp({ 'app.yaml': policy });
  const result = runCli([
    'simulate',
    '--account',
    join(dir, 'app.yaml'),
    '--account-id',
    '111122223333',
    '--principal',
    'app',
    '--action',
    'sqs:SendMessage',
    '--resource',
    'arn:aws:sqs:us-east-1:111122223333:q',
  ]);
  assert.match(result.stdout, /^ImplicitlyDenied/);
  assert.ok(
    result.stderr?.includes(`Send (${join(dir, 'app.yaml')}) holds values known only at deploy: its statements that use them take part only when --context gives their deploy-time: keys`),
    result.stderr,
  );
});

test('who-can and simulate --account take the bucket policy a template writes into account', () => {
  const template = join(fixtures, 'resource-policies.yaml');
  const result = runCli(['who-can', '--account', template, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports-bucket/q1.csv']);
  assert.equal(result.exitCode, 0);
  assert.ok(
    result.stdout.includes(
      `  Allowed: arn:aws:iam::000000000000:role/reader\n    via bucket policy ReportsBucketPolicy (resource policy of arn:aws:s3:::reports-bucket, arn:aws:s3:::reports-bucket/*), statement ReaderGetsReports (${template} Resources.ReportsBucketPolicy.Properties.PolicyDocument)\n`,
    ),
    result.stdout,
  );
  assert.ok(!result.stdout.includes('user/intern'), result.stdout);
  const json = JSON.parse(runCli(['who-can', '--account', template, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports-bucket/q1.csv', '--format', 'json']).stdout);
  assert.deepEqual(json[1].via, [
    {
      policy: 'bucket policy ReportsBucketPolicy',
      kind: 'resource',
      statement: 'ReaderGetsReports',
      holder: 'arn:aws:s3:::reports-bucket, arn:aws:s3:::reports-bucket/*',
      source: `${template} Resources.ReportsBucketPolicy.Properties.PolicyDocument`,
    },
  ]);
  const denied = runCli(['simulate', '--account', template, '--principal', 'intern', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports-bucket/q1.csv', '--json']);
  assert.equal(denied.exitCode, 1);
  assert.equal(JSON.parse(denied.stdout).decision, 'ExplicitlyDenied');
  assert.equal(JSON.parse(denied.stdout).reason.statements[0].sid, 'NoInterns');
});

test('--account takes a serverless.yml: the role the framework writes for the functions answers who-can', () => {
  const dir = temp({
    'serverless.yml': `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::reports/*
functions:
  list:
    handler: list.handler
`,
  });
  const result = runCli([
    'who-can',
    '--account',
    join(dir, 'serverless.yml'),
    '--account-id',
    '111122223333',
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::reports/q3.csv',
    '--format',
    'json',
  ]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(
    JSON.parse(result.stdout).map((entry: { principal: string; decision: string }) => [entry.principal, entry.decision]),
    [[arn('role/orders-dev-us-east-1-lambdaRole'), 'Allowed']],
  );
});

test('--account takes a CDK app in Java or Go, and a serverless.json, as the bundled command runs them', () => {
  const dir = temp({
    'GrantStack.java': `import software.amazon.awscdk.services.iam.*;
class GrantStack {
    GrantStack() {
        Role reader = Role.Builder.create(this, "Reader").roleName("reader").assumedBy(new AccountRootPrincipal()).build();
        reader.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::reports/*")).build());
    }
}
`,
    'grant_stack.go': `package main
import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
func NewGrantStack(stack awscdk.Stack) {
	writer := awsiam.NewRole(stack, jsii.String("Writer"), &awsiam.RoleProps{RoleName: jsii.String("writer"), AssumedBy: awsiam.NewAccountRootPrincipal()})
	writer.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject", "s3:PutObject"), Resources: jsii.Strings("arn:aws:s3:::reports/*")}))
}
`,
    'serverless.json': JSON.stringify({
      service: 'orders',
      provider: { name: 'aws', iam: { role: { statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] } } },
      functions: { list: { handler: 'list.handler' } },
    }),
  });
  const accounts = ['GrantStack.java', 'grant_stack.go', 'serverless.json'].flatMap((file) => ['--account', join(dir, file)]);
  const result = spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'who-can', ...accounts, '--account-id', '111122223333', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/q3.csv', '--format', 'json'],
    { encoding: 'utf8' },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual((JSON.parse(result.stdout) as { principal: string }[]).map((entry) => entry.principal).sort(), [
    arn('role/orders-dev-us-east-1-lambdaRole'),
    arn('role/reader'),
    arn('role/writer'),
  ]);
});

test('--account on a file of a Pulumi project reads the whole program: the policy a sibling file gives the role it imports', () => {
  const dir = temp({
    'Pulumi.yaml': 'name: app\nruntime: nodejs\n',
    'index.ts': `import * as aws from '@pulumi/aws';
export const worker = new aws.iam.Role('worker', {
  assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
});
`,
    'grants.ts': `import * as aws from '@pulumi/aws';
import { worker } from './index';
new aws.iam.RolePolicy('worker-read', { role: worker.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }) });
`,
  });
  const result = runCli(['who-can', '--account', join(dir, 'index.ts'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/q3.csv']);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^1 principal can s3:GetObject on arn:aws:s3:::reports\/q3\.csv:\n {2}Allowed: arn:aws:iam::000000000000:role\/worker\n/);
  assert.match(result.stdout, new RegExp(`inline policy worker-read of arn:aws:iam::000000000000:role/worker, statement #1 \\(${join(dir, 'grants.ts').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
});

test('--account on a CDK for Terraform app reads its roles, as Terraform makes them from the provider classes', () => {
  const dir = temp({
    'main.ts': `import { TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
export class Stack extends TerraformStack {
  build() {
    const read = new DataAwsIamPolicyDocument(this, 'read', { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }] });
    new IamRole(this, 'worker', {
      name: 'worker',
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      inlinePolicy: [{ name: 'read', policy: read.json }],
    });
  }
}
`,
  });
  const result = runCli(['who-can', '--account', join(dir, 'main.ts'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::reports/q3.csv']);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^1 principal can s3:GetObject on arn:aws:s3:::reports\/q3\.csv:\n {2}Allowed: arn:aws:iam::000000000000:role\/worker\n/);
  assert.match(result.stdout, /inline policy read of arn:aws:iam::000000000000:role\/worker, statement #1/);
});
