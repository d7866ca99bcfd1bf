import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { principal } from '../../../../test/helpers/account-principal';
import { defaultConfiguration } from '../config/configuration';
import { loadPythonParser } from '../hosts/cdk/python';
import { loadGoParser } from '../hosts/cdk/go';
import { loadCSharpParser } from '../hosts/cdk/csharp';
import { documentEscalations, escalationProblems, readDocumentAccount } from './escalation-findings';
import { readPulumiAccount, readPulumiProgramAccount } from './from-pulumi';
import { resourceLabelOf, type Account } from './model';
import { accountSourceKindOf, readAccountSource } from './workspace-sources';
import { whoCan } from './who-can';
import { AccountEvaluator } from './account-evaluator';

before(() => Promise.all([loadPythonParser(), loadGoParser(), loadCSharpParser()]));

const PROGRAM = `import * as aws from '@pulumi/aws';

const current = aws.getCallerIdentity({});

const assumeLambda = aws.iam.getPolicyDocument({
  statements: [{ principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }], actions: ['sts:AssumeRole'] }],
});

const deployer = new aws.iam.Role('deployer', {
  name: 'deployer',
  assumeRolePolicy: assumeLambda.then((doc) => doc.json),
  inlinePolicies: [{
    name: 'self-admin',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: «'iam:PutRolePolicy'», Resource: '*' }] }),
  }],
  managedPolicyArns: [aws.iam.ManagedPolicy.ReadOnlyAccess, aws.iam.ManagedPolicies.AWSLambdaBasicExecutionRole],
  tags: { team: 'platform' },
});

const readLogs = new aws.iam.Policy('read-logs', {
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: \`arn:aws:logs:us-east-1:\${current.accountId}:log-group:app:*\` }] }),
});
const boundary = new aws.iam.Policy('boundary', { name: 'ci-boundary', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });

const ci = new aws.iam.User('ci', { name: 'ci-user', permissionsBoundary: boundary.arn });
const devs = new aws.iam.Group('devs', { name: 'developers' });
new aws.iam.UserGroupMembership('ci-devs', { user: ci.name, groups: [devs.name] });
new aws.iam.GroupPolicyAttachment('devs-logs', { group: devs.name, policyArn: readLogs.arn });
new aws.iam.UserPolicy('ci-assume', {
  user: ci.name,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: deployer.arn }] }),
});
new aws.iam.RolePolicyAttachment('deployer-logs', { role: deployer.name, policyArn: readLogs.arn });
new aws.iam.RolePolicy('deployer-queue', { role: deployer.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }) });
`;

function account(text = marked(PROGRAM).text, file = '/infra/index.ts'): Account {
  const result = readPulumiAccount(text, file, { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  return result.account!;
}

test('a Pulumi program makes the roles, users and groups the provider creates, with the policies the program gives them', () => {
  const read = account();
  assert.deepEqual(
    [...read.roles.values()].map((role) => [role.arn, role.inline.map((policy) => policy.name), role.attached, role.tags]),
    [
      [
        'arn:aws:iam::111122223333:role/deployer',
        ['self-admin', 'deployer-queue'],
        // `aws.iam.ManagedPolicies` is the provider's older name of the list.
        ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::111122223333:policy/read-logs'],
        { team: 'platform' },
      ],
    ],
  );
  const deployer = read.roles.get('arn:aws:iam::111122223333:role/deployer')!;
  // getPolicyDocument renders the trust policy as the provider does: a Sid of "" for a statement without one.
  assert.deepEqual(JSON.parse(deployer.trust!.text), {
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }],
  });
  const user = read.users.get('arn:aws:iam::111122223333:user/ci-user')!;
  assert.deepEqual(
    [user.inline.map((policy) => JSON.parse(policy.text).Statement[0].Resource), user.groups, user.boundary],
    [['arn:aws:iam::111122223333:role/deployer'], ['developers'], 'arn:aws:iam::111122223333:policy/ci-boundary'],
  );
  assert.deepEqual(read.groups.get('arn:aws:iam::111122223333:group/developers')!.attached, ['arn:aws:iam::111122223333:policy/read-logs']);
  // The caller identity's account is the account's.
  assert.deepEqual(JSON.parse(read.policies.get('arn:aws:iam::111122223333:policy/read-logs')!.policy.text).Statement[0].Resource, 'arn:aws:logs:us-east-1:111122223333:log-group:app:*');
  assert.deepEqual(read.warnings, []);
});

test('who can send to the queue: the role, through the inline policy a RolePolicy names it by its id', () => {
  const read = account();
  const answer = whoCan(new AccountEvaluator(read), 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs');
  assert.deepEqual(
    answer.allowed.map((entry) => entry.principal),
    ['arn:aws:iam::111122223333:role/deployer'],
  );
  assert.equal(principal(read, 'ci-user').kind, 'user');
});

test("escalation-path in a Pulumi program is reported on the statement that lets a role escalate, in the program's text", () => {
  const { text, spans } = marked(PROGRAM);
  const documentAccount = readDocumentAccount('pulumi', [{ file: '/infra/index.ts', text }]);
  assert.ok(documentAccount);
  const problems = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration).get('/infra/index.ts') ?? [];
  assert.deepEqual(
    problems.map((problem) => [problem.ruleId, problem.span]),
    [['escalation-path', spans[0]]],
  );
});

test('the workspace account reads a Pulumi program in TypeScript or Python, and not a program that makes no principal', () => {
  assert.equal(accountSourceKindOf('/infra/index.ts', PROGRAM), 'pulumi');
  assert.equal(accountSourceKindOf('/infra/index.ts', `import * as aws from '@pulumi/aws';\nnew aws.s3.Bucket('data');\n`), undefined);
  const python = `import json
import pulumi
import pulumi_aws as aws

role = aws.iam.Role("worker", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
aws.iam.RolePolicy("worker-read", role=role.name, policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}]}))
aws.iam.RolePolicyAttachment("worker-ecs", role=role.name, policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
aws.iam.RolePolicyAttachment("worker-logs", role=role.name, policy_arn=aws.iam.ManagedPolicy.AWS_LAMBDA_BASIC_EXECUTION_ROLE)
aws.iam.Role("batch", assume_role_policy=pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}]}), inline_policies=[
    aws.iam.RoleInlinePolicyArgs(name="queue", policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "*"}]})),
])
`;
  assert.equal(accountSourceKindOf('/infra/__main__.py', python), 'pulumi');
  const reading = readAccountSource('pulumi', '/infra/__main__.py', [{ file: '/infra/__main__.py', text: python }]);
  assert.equal(reading.error, undefined);
  // Python's argument classes and pulumi.Output.json_dumps.
  const batch = reading.account!.roles.get('arn:aws:iam::000000000000:role/batch')!;
  assert.deepEqual([batch.inline.map((policy) => policy.name), JSON.parse(batch.trust!.text).Statement[0].Principal], [['queue'], { Service: 'batch.amazonaws.com' }]);
  const role = reading.account!.roles.get('arn:aws:iam::000000000000:role/worker')!;
  assert.deepEqual(
    [role.inline.map((policy) => policy.name), role.attached, JSON.parse(role.trust!.text).Statement[0].Principal],
    [
      ['worker-read'],
      // The provider's enum of AWS managed policies, as Python spells its members.
      ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      { Service: 'ecs-tasks.amazonaws.com' },
    ],
  );
});

test('resource policies: a bucket, queue or topic policy governs the resource of the program it names', () => {
  const read = account(`import * as aws from '@pulumi/aws';
const reports = new aws.s3.Bucket('reports', { bucket: 'corp-reports' });
new aws.s3.BucketPolicy('reports-public', {
  bucket: reports.id,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-reports/*' }] }),
});
const jobs = new aws.sqs.Queue('jobs');
new aws.sqs.QueuePolicy('jobs', { queueUrl: jobs.url, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }] }) });
new aws.sns.Topic('alerts', { name: 'alerts', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sns:Publish', Resource: '*' }] }) });
new aws.s3.BucketPolicy('elsewhere', { bucket: someBucket.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] }) });
`);
  assert.deepEqual(
    read.resourcePolicies.map((policy) => [policy.type, policy.resources.map(resourceLabelOf)]),
    [
      ['aws.s3.BucketPolicy', ['arn:aws:s3:::corp-reports', 'arn:aws:s3:::corp-reports/*']],
      ['aws.sqs.QueuePolicy', ['arn:aws:sqs:${aws.getRegion().name}:111122223333:${jobs.name}']],
      ['aws.sns.Topic', ['arn:aws:sns:${aws.getRegion().name}:111122223333:alerts']],
    ],
  );
  assert.deepEqual(read.warnings, [
    "/infra/index.ts: new aws.s3.BucketPolicy 'elsewhere' names a resource this file does not make (a file outside a Pulumi project, with no Pulumi.yaml above it, is read on its own); its policy is left out.",
  ]);
  const readers = whoCan(new AccountEvaluator(read), 's3:GetObject', 'arn:aws:s3:::corp-reports/q3.csv').allowed;
  assert.deepEqual(
    readers.map((entry) => entry.principal),
    ['*'],
  );
});

test("an SST function's permissions are the policy of the role SST makes for it, trusted by Lambda: an escalation-path there", () => {
  const { text, spans } = marked(`/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    new sst.aws.Function('Deployer', {
      handler: 'src/deploy.handler',
      permissions: [{ actions: [«'iam:PassRole'», 'lambda:CreateFunction', 'lambda:InvokeFunction'], resources: ['*'] }],
    });
    new aws.iam.Role('Admin', {
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
      managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
  },
});
`);
  const file = '/app/sst.config.ts';
  assert.equal(accountSourceKindOf(file, text), 'pulumi');
  const read = account(text, file);
  const role = read.roles.get('arn:aws:iam::111122223333:role/DeployerRole')!;
  assert.deepEqual(
    [role.inline.map((policy) => JSON.parse(policy.text).Statement[0].Action), JSON.parse(role.trust!.text).Statement[0].Principal],
    [[['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']], { Service: 'lambda.amazonaws.com' }],
  );
  const documentAccount = readDocumentAccount('pulumi', [{ file, text }]);
  assert.ok(documentAccount);
  const problems = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration).get(file) ?? [];
  assert.deepEqual(
    problems.map((problem) => [problem.ruleId, problem.span]),
    [['escalation-path', spans[0]]],
  );
});

test('a Pulumi program in Go: roles by iam.NewRole, a RolePolicy naming the role by its ID(), the managed policy constants', () => {
  const go = `package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		bucket, err := s3.NewBucketV2(ctx, "uploads", nil)
		if err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "podcast", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\`),
			ManagedPolicyArns: pulumi.StringArray{iam.ManagedPolicyAmazonDynamoDBReadOnlyAccess},
		})
		if err != nil {
			return err
		}
		if _, err := iam.NewRolePolicyAttachment(ctx, "podcast-logs", &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(iam.ManagedPolicyAWSLambdaBasicExecutionRole),
		}); err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "podcast-s3", &iam.RolePolicyArgs{
			Role: role.ID(),
			Policy: bucket.Arn.ApplyT(func(arn string) (string, error) {
				return fmt.Sprintf(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "%s/*"}]}\`, arn), nil
			}).(pulumi.StringOutput),
		})
		return err
	})
}
`;
  assert.equal(accountSourceKindOf('/infra/main.go', go), 'pulumi');
  const reading = readAccountSource('pulumi', '/infra/main.go', [{ file: '/infra/main.go', text: go }]);
  assert.equal(reading.error, undefined);
  const role = reading.account!.roles.get('arn:aws:iam::000000000000:role/podcast')!;
  assert.deepEqual(
    [role.inline.map((policy) => policy.name), role.attached, JSON.parse(role.trust!.text).Statement[0].Principal, role.source?.path],
    [
      ['podcast-s3'],
      ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      { Service: 'lambda.amazonaws.com' },
      "iam.NewRole 'podcast'",
    ],
  );
  // The policy the callback formats, with the bucket's ARN known at deploy.
  const answer = whoCan(new AccountEvaluator(reading.account!), 's3:PutObject', 'arn:aws:s3:::uploads-1234/key');
  assert.deepEqual(
    answer.allowed.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::000000000000:role/podcast', 'Conditional']],
  );
});

test('a Pulumi program in C#: roles by new Aws.Iam.Role, a RolePolicy naming the role by its Id, an attachment by its Name', () => {
  const cs = `using System.Collections.Generic;
using System.Text.Json;
using Pulumi;
using Aws = Pulumi.Aws;

return await Deployment.RunAsync(() =>
{
    var role = new Aws.Iam.Role("podcast", new()
    {
        AssumeRolePolicy = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new[] { new Dictionary<string, object?> { ["Effect"] = "Allow", ["Principal"] = new Dictionary<string, object?> { ["Service"] = "lambda.amazonaws.com" }, ["Action"] = "sts:AssumeRole" } },
        }),
    });
    new Aws.Iam.RolePolicyAttachment("podcast-logs", new()
    {
        Role = role.Name,
        PolicyArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    });
    new Aws.Iam.RolePolicy("podcast-s3", new()
    {
        Role = role.Id,
        Policy = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new[] { new Dictionary<string, object?> { ["Effect"] = "Allow", ["Action"] = "s3:PutObject", ["Resource"] = "arn:aws:s3:::uploads/*" } },
        }),
    });
});
`;
  assert.equal(accountSourceKindOf('/infra/Program.cs', cs), 'pulumi');
  const reading = readAccountSource('pulumi', '/infra/Program.cs', [{ file: '/infra/Program.cs', text: cs }]);
  assert.equal(reading.error, undefined);
  const role = reading.account!.roles.get('arn:aws:iam::000000000000:role/podcast')!;
  assert.deepEqual(
    [role.inline.map((policy) => policy.name), role.attached, JSON.parse(role.trust!.text).Statement[0].Principal, role.source?.path],
    [['podcast-s3'], ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], { Service: 'lambda.amazonaws.com' }, "Aws.Iam.Role 'podcast'"],
  );
  const answer = whoCan(new AccountEvaluator(reading.account!), 's3:PutObject', 'arn:aws:s3:::uploads/key');
  assert.deepEqual(
    answer.allowed.map((entry) => [entry.principal, entry.decision]),
    [['arn:aws:iam::000000000000:role/podcast', 'Allowed']],
  );
});

test('a program of several files is read as one: a RolePolicy, an attachment and a bucket policy name what other files export', () => {
  const iam = `import * as aws from '@pulumi/aws';
export const worker = new aws.iam.Role('worker', {
  assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
});
const readLogs = new aws.iam.Policy('read-logs', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:GetLogEvents', Resource: '*' }] }) });
export { readLogs as logsPolicy };
export default new aws.iam.User('ci', { name: 'ci-user' });
`;
  const storage = `import * as aws from '@pulumi/aws';
export const uploads = new aws.s3.BucketV2('uploads', { bucket: 'corp-uploads' });
`;
  const index = `import * as aws from '@pulumi/aws';
import ci, { worker, logsPolicy } from './iam';
import * as storage from './storage/index';

new aws.iam.RolePolicy('worker-uploads', {
  role: worker.id,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::corp-uploads/*' }] }),
});
new aws.iam.RolePolicyAttachment('worker-logs', { role: worker.name, policyArn: logsPolicy.arn });
new aws.iam.UserPolicy('ci-deploy', { user: ci.name, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: \`\${worker.arn}\` }] }) });
new aws.s3.BucketPolicy('uploads', {
  bucket: storage.uploads.id,
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }),
});
`;
  const read = readPulumiProgramAccount([
    { file: '/infra/index.ts', text: index },
    { file: '/infra/iam.ts', text: iam },
    { file: '/infra/storage/index.ts', text: storage },
  ]);
  assert.equal(read.error, undefined);
  const account = read.account!;
  const worker = account.roles.get('arn:aws:iam::000000000000:role/worker')!;
  assert.deepEqual([worker.inline.map((policy) => [policy.name, policy.source.file]), worker.attached], [[['worker-uploads', '/infra/index.ts']], ['arn:aws:iam::000000000000:policy/read-logs']]);
  // The default export, and `worker.arn` in a template literal of another file.
  const ci = account.users.get('arn:aws:iam::000000000000:user/ci-user')!;
  assert.deepEqual(JSON.parse(ci.inline[0].text).Statement[0].Resource, 'arn:aws:iam::000000000000:role/worker');
  assert.deepEqual(
    account.resourcePolicies.map((policy) => [policy.type, policy.resources.map(resourceLabelOf)]),
    [['aws.s3.BucketPolicy', ['arn:aws:s3:::corp-uploads', 'arn:aws:s3:::corp-uploads/*']]],
  );
  assert.deepEqual(account.warnings, []);
  assert.deepEqual([...read.policies!.keys()], ['/infra/index.ts', '/infra/iam.ts', '/infra/storage/index.ts']);
  // Each file on its own leaves the other files' resources out, and says so.
  const alone = readPulumiAccount(index, '/infra/index.ts').account!;
  assert.equal(alone.roles.size, 0);
  assert.match(alone.warnings[0], /RolePolicy 'worker-uploads' names a role this file does not make \(a file outside a Pulumi project/);
});

test('a Python program of several modules: from .iam import role, import iam, from infra import iam', () => {
  const iam = `import json
import pulumi_aws as aws

role = aws.iam.Role("app", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
`;
  const relative = `import json
import pulumi_aws as aws
from .iam import role

aws.iam.RolePolicy("app-read", role=role.id, policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
`;
  const namespaced = `import json
import pulumi_aws as aws
import iam

aws.iam.RolePolicyAttachment("app-logs", role=iam.role.name, policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
`;
  const fromPackage = `import json
import pulumi_aws as aws
from infra import iam

aws.iam.RolePolicy("app-queue", role=iam.role.id, policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}))
`;
  const read = readPulumiProgramAccount([
    { file: '/app/infra/iam.py', text: iam },
    { file: '/app/infra/read.py', text: relative },
    { file: '/app/infra/logs.py', text: namespaced },
    { file: '/app/__main__.py', text: fromPackage },
  ]);
  const role = read.account!.roles.get('arn:aws:iam::000000000000:role/app')!;
  assert.deepEqual([role.inline.map((policy) => policy.name), role.attached], [['app-read', 'app-queue'], ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']]);
  assert.deepEqual(read.account!.warnings, []);
});

test('a policy another file of the program writes is the trust or inline policy of the role that takes it', () => {
  const policies = `import * as aws from '@pulumi/aws';
export const lambdaTrust = aws.iam.getPolicyDocument({
  statements: [{ principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }], actions: ['sts:AssumeRole'] }],
});
export const readReports = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] });
export const sendJobs = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
`;
  const index = `import * as aws from '@pulumi/aws';
import * as policies from './policies';
import { lambdaTrust, sendJobs } from './policies';

const fn = new aws.iam.Role('fn', {
  assumeRolePolicy: lambdaTrust.then((doc) => doc.json),
  inlinePolicies: [{ name: 'jobs', policy: JSON.stringify(sendJobs) }],
});
new aws.iam.RolePolicy('fn-reports', { role: fn.id, policy: policies.readReports });
`;
  const read = readPulumiProgramAccount([
    { file: '/infra/index.ts', text: index },
    { file: '/infra/policies.ts', text: policies },
  ]);
  const role = read.account!.roles.get('arn:aws:iam::000000000000:role/fn')!;
  assert.deepEqual(JSON.parse(role.trust!.text).Statement[0].Principal, { Service: 'lambda.amazonaws.com' });
  assert.deepEqual(
    role.inline.map((policy) => [policy.name, JSON.parse(policy.text).Statement[0].Action, policy.source.file]),
    [
      ['jobs', 'sqs:SendMessage', '/infra/policies.ts'],
      ['fn-reports', 's3:GetObject', '/infra/policies.ts'],
    ],
  );
  assert.deepEqual(read.account!.warnings, []);
});

test("an SST function's link gives its role what SST includes for each linked component, followed into other files", () => {
  const storage = `export const uploads = new sst.aws.Bucket('Uploads');
export const orders = new sst.aws.Dynamo('Orders', { fields: { id: 'string' }, primaryIndex: { hashKey: 'id' } });
export const stripe = new sst.Linkable('Stripe', {
  properties: { key: 'sk_test' },
  include: [sst.aws.permission({ actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:stripe-*'] })],
});
`;
  const config = `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const { uploads, orders, stripe } = await import('./infra/storage');
    const jobs = new sst.aws.Queue('Jobs');
    const secret = new sst.Secret('ApiKey');
    new sst.aws.Function('Api', { handler: 'src/api.handler', link: [uploads, orders, jobs, stripe, secret] });
    new sst.aws.Function('Mine', { handler: 'src/mine.handler', link: [uploads], role: 'arn:aws:iam::111122223333:role/mine' });
  },
});
`;
  const read = readPulumiProgramAccount(
    [
      { file: '/shop/sst.config.ts', text: config },
      { file: '/shop/infra/storage.ts', text: storage },
    ],
    { accountId: '111122223333' },
  );
  const account = read.account!;
  // A function given its own role gets no role from SST, nor the link's permissions.
  assert.deepEqual([...account.roles.keys()], ['arn:aws:iam::111122223333:role/ApiRole']);
  const role = account.roles.get('arn:aws:iam::111122223333:role/ApiRole')!;
  assert.deepEqual(
    role.inline.map((policy) => [policy.name, policy.source.path]),
    [
      ['link', "new sst.aws.Function 'Api' › link"],
      ['link Stripe', "new sst.Linkable 'Stripe' › sst.aws.permission"],
    ],
  );
  const evaluator = new AccountEvaluator(account);
  const who = (action: string, resource: string) => whoCan(evaluator, action, resource).allowed.map((entry) => [entry.principal, entry.decision]);
  // The bucket's name is made at deploy: its objects are the role's on a condition that waits on it.
  assert.deepEqual(who('s3:PutObject', 'arn:aws:s3:::shop-uploads-123/a.png'), [['arn:aws:iam::111122223333:role/ApiRole', 'Conditional']]);
  assert.deepEqual(who('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/shop-Orders/index/byUser'), [['arn:aws:iam::111122223333:role/ApiRole', 'Conditional']]);
  assert.deepEqual(who('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:shop-Jobs'), [['arn:aws:iam::111122223333:role/ApiRole', 'Conditional']]);
  assert.deepEqual(who('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:stripe-AbC123'), [['arn:aws:iam::111122223333:role/ApiRole', 'Allowed']]);
  // Nothing beyond what the links include: another service, or a table of another account.
  assert.deepEqual(who('sns:Publish', 'arn:aws:sns:us-east-1:111122223333:alerts'), []);
  assert.deepEqual(who('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:444455556666:table/shop-Orders'), []);
});

test('SST makes a role for the function of each route, cron and subscriber given permissions or links, named after what holds it', () => {
  const config = `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const table = new sst.aws.Dynamo('Orders', { fields: { id: 'string' }, primaryIndex: { hashKey: 'id' } });
    const queue = new sst.aws.Queue('Jobs');
    const api = new sst.aws.ApiGatewayV2('Api');
    api.route('POST /orders', { handler: 'src/create.handler', link: [table], permissions: [{ actions: ['ses:SendEmail'], resources: ['*'] }] });
    api.route('GET /', 'src/index.handler');
    new sst.aws.Cron('NightlyJob', { schedule: 'rate(1 day)', function: { handler: 'src/nightly.handler', link: [queue] } });
    queue.subscribe({ handler: 'src/worker.handler', permissions: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }] });
  },
});
`;
  const read = readPulumiProgramAccount([{ file: '/shop/sst.config.ts', text: config }], { accountId: '111122223333' });
  const roles = [...read.account!.roles.values()];
  assert.deepEqual(
    roles.map((role) => [role.name, role.source?.path, role.inline.map((policy) => policy.name)]),
    [
      ['ApiRoutePostOrdersRole', "api.route 'POST /orders'", ['permissions', 'link']],
      ['CronNightlyJobRole', "new sst.aws.Cron 'NightlyJob'", ['link']],
      ['QueueSubscribeRole', 'queue.subscribe', ['permissions']],
    ],
  );
  const who = (action: string, resource: string) => whoCan(new AccountEvaluator(read.account!), action, resource).allowed.map((entry) => entry.principal);
  assert.deepEqual(who('ses:SendEmail', 'arn:aws:ses:us-east-1:111122223333:identity/example.com'), ['arn:aws:iam::111122223333:role/ApiRoutePostOrdersRole']);
  assert.deepEqual(who('sqs:ReceiveMessage', 'arn:aws:sqs:us-east-1:111122223333:shop-Jobs'), ['arn:aws:iam::111122223333:role/CronNightlyJobRole']);
});

test('files that import each other, or a name no file exports, end: the policy is left out with a warning', () => {
  const a = `import * as aws from '@pulumi/aws';
import { role } from './b';
export { role as worker };
new aws.iam.RolePolicy('loop', { role: role.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) });
`;
  const b = `import * as aws from '@pulumi/aws';
import { worker as role } from './a';
export { role };
new aws.iam.RolePolicy('missing', { role: ghost.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }) });
`;
  const read = readPulumiProgramAccount([
    { file: '/p/a.ts', text: a },
    { file: '/p/b.ts', text: b },
  ]);
  assert.equal(read.account!.roles.size, 0);
  assert.deepEqual(
    read.account!.warnings.map((warning) => warning.replace(/ \(.*\)/, '')),
    [
      "/p/a.ts: new aws.iam.RolePolicy 'loop' names a role the program does not make; its policy is left out.",
      "/p/b.ts: new aws.iam.RolePolicy 'missing' names a role the program does not make; its policy is left out.",
    ],
  );
});

test("an SST container service's task role (permissions, links, ECS Exec's channels) and a site's server function role", () => {
  const config = `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const bucket = new sst.aws.Bucket('Assets');
    const cluster = new sst.aws.Cluster('Cluster', { vpc: new sst.aws.Vpc('Vpc') });
    new sst.aws.Service('Web', { cluster, link: [bucket], permissions: [{ actions: ['bedrock:InvokeModel'], resources: ['*'] }] });
    new sst.aws.Service('Own', { cluster, link: [bucket], taskRole: 'arn:aws:iam::111122223333:role/own' });
    new sst.aws.Nextjs('Site', { link: [bucket] });
  },
});
`;
  const read = readPulumiProgramAccount([{ file: '/shop/sst.config.ts', text: config }], { accountId: '111122223333' });
  assert.deepEqual([...read.account!.roles.keys()], ['arn:aws:iam::111122223333:role/WebTaskRole', 'arn:aws:iam::111122223333:role/SiteServerRole']);
  assert.deepEqual(JSON.parse(read.account!.roles.get('arn:aws:iam::111122223333:role/SiteServerRole')!.trust!.text).Statement[0].Principal, { Service: 'lambda.amazonaws.com' });
  const role = read.account!.roles.get('arn:aws:iam::111122223333:role/WebTaskRole')!;
  assert.deepEqual([role.inline.map((policy) => policy.name), JSON.parse(role.trust!.text).Statement[0].Principal], [['permissions', 'link', 'ECS Exec'], { Service: 'ecs-tasks.amazonaws.com' }]);
  const who = (action: string) => whoCan(new AccountEvaluator(read.account!), action, '*').allowed.map((entry) => entry.principal);
  assert.deepEqual(who('ssmmessages:OpenDataChannel'), ['arn:aws:iam::111122223333:role/WebTaskRole']);
  assert.deepEqual(who('bedrock:InvokeModel'), ['arn:aws:iam::111122223333:role/WebTaskRole']);
});

test('two resources of one name in a program are read as one principal, with a warning', () => {
  const a = `import * as aws from '@pulumi/aws';
export const worker = new aws.iam.Role('worker', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
new aws.iam.RolePolicy('a-logs', { role: worker.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] }) });
`;
  const b = `import * as aws from '@pulumi/aws';
const again = new aws.iam.Role('again', { name: 'worker', assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
new aws.iam.RolePolicy('b-queue', { role: again.id, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }) });
`;
  const read = readPulumiProgramAccount([
    { file: '/p/a.ts', text: a },
    { file: '/p/b.ts', text: b },
  ]);
  assert.deepEqual(
    [...read.account!.roles.values()].map((role) => [role.arn, role.inline.map((policy) => policy.name)]),
    [['arn:aws:iam::000000000000:role/worker', ['a-logs', 'b-queue']]],
  );
  assert.deepEqual(read.account!.warnings, [
    "/p/b.ts: new aws.iam.Role 'again' makes arn:aws:iam::000000000000:role/worker, which /p/a.ts makes too (new aws.iam.Role 'worker'); both are read as one.",
  ]);
});

test("a role a function of the program makes and returns: what the caller gives it is the role's", () => {
  const iam = `import json
import pulumi_aws as aws


def create_lambda_role(name):
    role = aws.iam.Role(name, assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    return role
`;
  const main = `import json
import pulumi_aws as aws
from iam import create_lambda_role

role = create_lambda_role("api")
aws.iam.RolePolicyAttachment("api-logs", role=role.name, policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
`;
  const goIam = `package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func newWorkerRole(ctx *pulumi.Context) (*iam.Role, error) {
	role, err := iam.NewRole(ctx, "worker", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\`)})
	return role, err
}
`;
  const goMain = `package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		role, err := newWorkerRole(ctx)
		if err != nil {
			return err
		}
		_, err = iam.NewRolePolicy(ctx, "worker-queue", &iam.RolePolicyArgs{Role: role.ID(), Policy: pulumi.String(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}\`)})
		return err
	})
}
`;
  const python = readPulumiProgramAccount([
    { file: '/app/iam.py', text: iam },
    { file: '/app/__main__.py', text: main },
  ]).account!;
  // The role is named by a parameter, known when the program runs: named by its line.
  assert.deepEqual(
    [...python.roles.values()].map((role) => [role.name, role.attached]),
    [['Role-line6', ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']]],
  );
  const go = readPulumiProgramAccount([
    { file: '/app/iam.go', text: goIam },
    { file: '/app/main.go', text: goMain },
  ]).account!;
  assert.deepEqual(
    [...go.roles.values()].map((role) => [role.name, role.inline.map((policy) => policy.name)]),
    [['worker', ['worker-queue']]],
  );
  assert.deepEqual(go.warnings, []);
});

test("aws-native's IAM classes: a role's trust and policies, a managed policy naming its groups, a user's groups, a RolePolicy", () => {
  const read = account(`import * as aws_native from '@pulumi/aws-native';

const readReports = new aws_native.iam.ManagedPolicy('read-reports', {
  managedPolicyName: 'read-reports',
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-reports/*' }] },
  groups: ['analysts'],
});
const analysts = new aws_native.iam.Group('analysts', { groupName: 'analysts' });
new aws_native.iam.User('ana', { userName: 'ana', groups: [analysts.groupName], tags: [{ key: 'team', value: 'bi' }] });
const app = new aws_native.iam.Role('app', {
  roleName: 'app',
  assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
  managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', readReports.policyArn],
  policies: [{ policyName: 'queue', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:jobs' }] } }],
  tags: [{ key: 'team', value: 'platform' }],
});
new aws_native.iam.RolePolicy('logs', {
  roleName: app.roleName,
  policyName: 'logs',
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] },
});
const reports = new aws_native.s3.Bucket('reports', { bucketName: 'corp-reports' });
new aws_native.s3.BucketPolicy('reports', {
  bucket: reports.ref,
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::corp-reports/*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'bi' } } }] },
});
`);
  const app = read.roles.get('arn:aws:iam::111122223333:role/app')!;
  assert.deepEqual(
    [app.inline.map((policy) => policy.name), app.attached, app.tags, JSON.parse(app.trust!.text).Statement[0].Principal],
    [['queue', 'logs'], ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::111122223333:policy/read-reports'], { team: 'platform' }, { Service: 'lambda.amazonaws.com' }],
  );
  const ana = read.users.get('arn:aws:iam::111122223333:user/ana')!;
  assert.deepEqual([ana.groups, ana.tags], [['analysts'], { team: 'bi' }]);
  assert.deepEqual(read.groups.get('arn:aws:iam::111122223333:group/analysts')!.attached, ['arn:aws:iam::111122223333:policy/read-reports']);
  assert.deepEqual(
    read.resourcePolicies.map((policy) => [policy.type, policy.resources.map(resourceLabelOf)]),
    [['aws.s3.BucketPolicy', ['arn:aws:s3:::corp-reports', 'arn:aws:s3:::corp-reports/*']]],
  );
  assert.deepEqual(read.warnings, []);
  // Who may read a report: the analyst through her group's managed policy (the bucket's Deny spares her team); the
  // role's read-only access is denied by the bucket policy, as its tag is another team's.
  const readers = whoCan(new AccountEvaluator(read), 's3:GetObject', 'arn:aws:s3:::corp-reports/q3.csv').allowed;
  assert.deepEqual(
    readers.map((entry) => entry.principal),
    ['arn:aws:iam::111122223333:user/ana'],
  );
  // The workspace's account views find a program that imports only aws-native, in TypeScript and in Python.
  assert.equal(accountSourceKindOf('/infra/index.ts', `import * as aws_native from '@pulumi/aws-native';\nnew aws_native.iam.Role('app', {});\n`), 'pulumi');
  const python = `import pulumi_aws_native as aws_native\n\naws_native.iam.Role("app", assume_role_policy_document={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, managed_policy_arns=["arn:aws:iam::aws:policy/ReadOnlyAccess"])\n`;
  assert.equal(accountSourceKindOf('/infra/__main__.py', python), 'pulumi');
  const fromPython = readAccountSource('pulumi', '/infra/__main__.py', [{ file: '/infra/__main__.py', text: python }]).account!.roles.get('arn:aws:iam::000000000000:role/app')!;
  assert.deepEqual([fromPython.attached, JSON.parse(fromPython.trust!.text).Statement[0].Principal], [['arn:aws:iam::aws:policy/ReadOnlyAccess'], { Service: 'ec2.amazonaws.com' }]);
});

test("SST's deprecated Postgres.v1 link gives the Data API on its cluster and its master secret; the RDS Postgres link gives nothing", () => {
  const config = `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const vpc = new sst.aws.Vpc('Vpc');
    const legacy = new sst.aws.Postgres.v1('Legacy', { vpc });
    const database = new sst.aws.Postgres('Database', { vpc });
    new sst.aws.Function('Api', { handler: 'src/api.handler', link: [legacy, database] });
  },
});
`;
  const account = readPulumiProgramAccount([{ file: '/shop/sst.config.ts', text: config }], { accountId: '111122223333' }).account!;
  const role = account.roles.get('arn:aws:iam::111122223333:role/ApiRole')!;
  assert.deepEqual(
    JSON.parse(role.inline[0].text).Statement.map((statement: { Action: string[] }) => statement.Action),
    [['secretsmanager:GetSecretValue'], ['rds-data:BatchExecuteStatement', 'rds-data:BeginTransaction', 'rds-data:CommitTransaction', 'rds-data:ExecuteStatement', 'rds-data:RollbackTransaction']],
  );
  const evaluator = new AccountEvaluator(account);
  const who = (action: string, resource: string) => whoCan(evaluator, action, resource).allowed.map((entry) => [entry.principal, entry.decision]);
  // The cluster's and the secret's names are made at deploy: the role's on a condition that waits on them.
  assert.deepEqual(who('rds-data:ExecuteStatement', 'arn:aws:rds:us-east-1:111122223333:cluster:shop-legacycluster-1a2b'), [['arn:aws:iam::111122223333:role/ApiRole', 'Conditional']]);
  assert.deepEqual(who('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!cluster-1a2b-AbC123'), [['arn:aws:iam::111122223333:role/ApiRole', 'Conditional']]);
  assert.deepEqual(who('rds-data:ExecuteStatement', 'arn:aws:rds:us-east-1:444455556666:cluster:other'), []);
});

test("aws-native's queue, topic, key and secret policies govern the resources of the program they name, each of a list", () => {
  const read = account(`import * as aws_native from '@pulumi/aws-native';
const jobs = new aws_native.sqs.Queue('jobs', { queueName: 'jobs' });
const retries = new aws_native.sqs.Queue('retries');
new aws_native.sqs.QueuePolicy('jobs', {
  queues: [jobs.ref, retries.queueUrl],
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }] },
});
const alerts = new aws_native.sns.Topic('alerts', { topicName: 'alerts' });
new aws_native.sns.TopicPolicy('alerts', {
  topics: [alerts.topicArn],
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sns:Publish', Resource: '*' }] },
});
new aws_native.kms.Key('data', {
  keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] },
});
const token = new aws_native.secretsmanager.Secret('token', { name: 'token' });
new aws_native.secretsmanager.ResourcePolicy('token', {
  secretId: token.ref,
  resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' }] },
});
`);
  assert.deepEqual(
    read.resourcePolicies.map((policy) => [policy.type, policy.resources.map(resourceLabelOf)]),
    [
      ['aws.sqs.QueuePolicy', ['arn:aws:sqs:${aws.getRegion().name}:111122223333:jobs', 'arn:aws:sqs:${aws.getRegion().name}:111122223333:${retries.name}']],
      ['aws.sns.TopicPolicy', ['arn:aws:sns:${aws.getRegion().name}:111122223333:alerts']],
      ['aws.kms.Key', ['arn:aws:kms:${aws.getRegion().name}:111122223333:key/${data.keyId}']],
      ['aws.secretsmanager.SecretPolicy', ['arn:aws:secretsmanager:${aws.getRegion().name}:111122223333:secret:token-??????']],
    ],
  );
  assert.deepEqual(read.warnings, []);
});

test('a CDK for Terraform app: its roles, users and groups with their trust, inline and attached policies, as Terraform makes them', () => {
  const read = account(`import { TerraformStack } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import * as aws from '@cdktf/provider-aws';

export class Stack extends TerraformStack {
  worker: IamRole;
  build() {
    const assume = new DataAwsIamPolicyDocument(this, 'assume', { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }] });
    this.worker = new IamRole(this, 'worker', {
      name: 'worker',
      assumeRolePolicy: assume.json,
      inlinePolicy: [{ name: 'queue', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:jobs' }] }) }],
    });
    const read = new IamPolicy(this, 'read', { name: 'read-reports', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }) });
    // The stack's own member, as CDK for Terraform apps keep their resources.
    new aws.iamRolePolicyAttachment.IamRolePolicyAttachment(this, 'read-attach', { role: this.worker.name, policyArn: read.arn });
    new aws.iamRolePolicy.IamRolePolicy(this, 'passer', { role: this.worker.id, name: 'pass', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' }] }) });
    const analysts = new aws.iamGroup.IamGroup(this, 'analysts', { name: 'analysts' });
    const ana = new aws.iamUser.IamUser(this, 'ana', { name: 'ana' });
    new aws.iamUserGroupMembership.IamUserGroupMembership(this, 'ana-groups', { user: ana.name, groups: [analysts.name] });
  }
}
`);
  const worker = read.roles.get('arn:aws:iam::111122223333:role/worker')!;
  assert.deepEqual(
    [worker.inline.map((policy) => policy.name), worker.attached, JSON.parse(worker.trust!.text).Statement[0].Principal],
    [['queue', 'pass'], ['arn:aws:iam::111122223333:policy/read-reports'], { Service: 'lambda.amazonaws.com' }],
  );
  assert.deepEqual(read.users.get('arn:aws:iam::111122223333:user/ana')!.groups, ['analysts']);
  assert.deepEqual(read.warnings, []);
  const readers = whoCan(new AccountEvaluator(read), 's3:GetObject', 'arn:aws:s3:::reports/q3.csv').allowed;
  assert.deepEqual(
    readers.map((entry) => entry.principal),
    ['arn:aws:iam::111122223333:role/worker'],
  );
});

test('a CDK for Terraform app is an account source of its own kind, and escalation-path is reported in its text', () => {
  const { text, spans } = marked(`import { TerraformStack, Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
export class Stack extends TerraformStack {
  build() {
    const deployer = new IamRole(this, 'deployer', { name: 'deployer', assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
    new IamRolePolicy(this, 'self-admin', { role: Token.asString(deployer.name), policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: «'iam:PutRolePolicy'», Resource: '*' }] }) });
  }
}
`);
  assert.equal(accountSourceKindOf('/app/main.ts', text), 'cdktf');
  const reading = readAccountSource('cdktf', '/app/main.ts', [{ file: '/app/main.ts', text }]);
  assert.deepEqual([...reading.account!.roles.keys()], ['arn:aws:iam::000000000000:role/deployer']);
  const documentAccount = readDocumentAccount('cdktf', [{ file: '/app/main.ts', text }]);
  assert.ok(documentAccount);
  const problems = escalationProblems(documentAccount, documentEscalations(documentAccount), defaultConfiguration).get('/app/main.ts') ?? [];
  assert.deepEqual(
    problems.map((problem) => [problem.ruleId, problem.span]),
    [['escalation-path', spans[0]]],
  );
  // An AWS CDK app is not one.
  assert.equal(accountSourceKindOf('/app/stack.ts', `import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.Role(this, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });\n`), 'cdk');
});

test('a CDK for Terraform app in Python is an account source: its roles with their trust and inline policies', () => {
  const text = `import json
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.iam_role import IamRole, IamRoleInlinePolicy


class Stack(TerraformStack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        IamRole(self, "worker", name="worker", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}), inline_policy=[IamRoleInlinePolicy(name="read", policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}))])
`;
  assert.equal(accountSourceKindOf('/app/main.py', text), 'cdktf');
  const role = readAccountSource('cdktf', '/app/main.py', [{ file: '/app/main.py', text }]).account!.roles.get('arn:aws:iam::000000000000:role/worker')!;
  assert.deepEqual([role.inline.map((policy) => policy.name), JSON.parse(role.trust!.text).Statement[0].Principal], [['read'], { Service: 'ecs-tasks.amazonaws.com' }]);
});
