import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, hostReading as reading } from '../../../../../test/helpers/checks';
import { hostReaders, prepareHostReaders } from '../index';
import { accountSourceKindOf } from '../../account/workspace-sources';

// Every reader, C#'s too (its grammar loads on demand).
before(() => prepareHostReaders(hostReaders));

const PROGRAM = `import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';

const bucket = new aws.s3.Bucket('data');

const assumeRole = aws.iam.getPolicyDocument({
  statements: [{ principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }], actions: ['sts:AssumeRole'] }],
});

const role = new aws.iam.Role('worker', {
  assumeRolePolicy: assumeRole.then((doc) => doc.json),
  inlinePolicies: [{
    name: 'logs',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:«PutLogEvent»'], Resource: '*' }],
    }),
  }],
});

new aws.iam.Policy('read', {
  policy: bucket.arn.apply((arn) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: «'allow'», Action: 's3:GetObject', Resource: \`\${arn}/*\` }],
  })),
});

new aws.s3.BucketPolicy('data-policy', {
  bucket: bucket.id,
  policy: pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket.arn, pulumi.interpolate\`\${bucket.arn}/*\`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  }),
});

const readOrders = aws.iam.getPolicyDocumentOutput({
  statements: [{
    actions: ['dynamodb:GetItem', 'dynamodb:«Querys»'],
    resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'],
    conditions: [{ test: 'StringEquals', variable: 'aws:PrincipalTag/team', values: ['orders'] }],
  }],
});
new aws.iam.RolePolicy('read-orders', { role: role.id, policy: readOrders.json });

const unused = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
`;

test('a Pulumi program: each policy typed and named by the resource that takes it, its findings at their place', () => {
  const { text, spans } = marked(PROGRAM);
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///infra/index.ts');
  assert.equal(analysis.kind, 'pulumi');
  assert.deepEqual(policies, [
    ["new aws.iam.Role 'worker' › assumeRolePolicy", 'trust'],
    ["new aws.iam.Role 'worker' › inlinePolicies[logs] › policy", 'identity'],
    ["new aws.iam.Policy 'read' › policy", 'identity'],
    ["new aws.s3.BucketPolicy 'data-policy' › policy", 'resource'],
    ["new aws.iam.RolePolicy 'read-orders' › policy", 'identity'],
    // Given to no resource: named by its binding, its type inferred.
    ['unused (line 45)', 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    ['action-unknown', spans[0]],
    ['effect-value', spans[1]],
    ['action-unknown', spans[2]],
  ]);
  // A fix writes the value in the literal's own quotes.
  assert.equal(applyFix(text, errors[1]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
  assert.equal(applyFix(text, errors[2]), text.replace("'dynamodb:Querys'", "'dynamodb:Query'"));
});

// From a real CDK for Terraform app (Python): a JavaScript example pasted into a string, which IAM refuses as JSON.
test('a string given to a policy argument whose keys are not quoted is read, its JSON errors reported; elsewhere it is not a policy', () => {
  const text = `import * as aws from '@pulumi/aws';
const trust = \`{
  Version: "2012-10-17",
  Statement: [{ Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" }, Effect: "Allow" }],
}\`;
new aws.iam.Role('worker', { assumeRolePolicy: trust });
const note = \`{ Statement: "not a policy" }\`;
`;
  const { analysis, policies } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [["new aws.iam.Role 'worker' › assumeRolePolicy", 'trust']]);
  const syntax = analysis.problems.filter((problem) => problem.ruleId === 'json-syntax');
  assert.ok(syntax.length > 0);
  // The first error is on the first key written without quotes.
  assert.equal(text.slice(syntax[0].span.start, syntax[0].span.end), 'Version');
  assert.ok(syntax.every((problem) => problem.severity === 'error' && problem.span.start > text.indexOf('const trust') && problem.span.end < text.indexOf('new aws.iam.Role')));
});

test('getPolicyDocument renders as the provider does: Allow by default, principals by type, conditions by test', () => {
  const { text } = marked(PROGRAM);
  const { analysis } = reading(text, 'file:///infra/index.ts');
  const trust = analysis.policies[0].policy.statements[0];
  assert.equal(trust.effect?.value?.value, 'Allow');
  assert.deepEqual(
    trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    [['Service', ['lambda.amazonaws.com']]],
  );
  const read = analysis.policies[4].policy.statements[0];
  assert.deepEqual(
    read.condition?.operators.flatMap((operator) => operator.keys.map((key) => [operator.operator, key.key, key.values.map((value) => value.value)])),
    [['StringEquals', 'aws:PrincipalTag/team', ['orders']]],
  );
  // The key of each element is the argument that writes it.
  const actions = read.action!;
  assert.equal(text.slice(actions.property.keySpan.start, actions.property.keySpan.end), 'actions');
});

test("values the program computes are placeholders: a resource's arn, pulumi.interpolate's holes", () => {
  const { text } = marked(PROGRAM);
  const { analysis } = reading(text, 'file:///infra/index.ts');
  const resources = analysis.policies[3].policy.statements[0].resource!.values;
  assert.deepEqual(
    resources.map((value) => [value.value, value.placeholders?.map((hole) => hole.kind)]),
    [
      ['bucket.arn', ['arn']],
      ['${bucket.arn}/*', ['arn']],
    ],
  );
  // The interpolated string maps to the source: its hole sits on `${bucket.arn}`.
  const interpolated = resources[1];
  const hole = interpolated.mapSpan!(interpolated.placeholders![0].start, interpolated.placeholders![0].end);
  assert.equal(text.slice(hole.start, hole.end), '${bucket.arn}');
});

test('the provider imported by module or by class, and by require, gives the same types', () => {
  const text = `const { iam } = require('@pulumi/aws');
import { BucketPolicy } from '@pulumi/aws/s3';
import { VpcEndpoint } from '@pulumi/aws/ec2';
import { Policy } from '@pulumi/aws/organizations';
new iam.Role('ci', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }) });
new BucketPolicy('logs', { bucket: 'logs', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }] }) });
new VpcEndpoint('s3', { vpcId: 'vpc-1', serviceName: 'com.amazonaws.us-east-1.s3', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }) });
new Policy('deny-leave', { type: 'RESOURCE_CONTROL_POLICY', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) });
`;
  const { analysis, policies } = reading(text, 'file:///infra/index.js');
  assert.deepEqual(policies, [
    ["new iam.Role 'ci' › assumeRolePolicy", 'trust'],
    ["new BucketPolicy 'logs' › policy", 'resource'],
    ["new VpcEndpoint 's3' › policy", 'resource'],
    ["new Policy 'deny-leave' › content", 'rcp'],
  ]);
  // An endpoint policy allows `*` to `*` on purpose: the host's defaults turn the grant rules off there.
  const endpoint = analysis.policies[2];
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.span.start >= endpoint.span.start && problem.span.end <= endpoint.span.end && problem.severity !== 'hint').map((problem) => problem.ruleId),
    [],
  );
});

test('a Pulumi program in Python: keyword arguments, json.dumps, a lambda given to apply, get_policy_document', () => {
  const { text, spans } = marked(`import json
import pulumi_aws as aws

bucket = aws.s3.Bucket("data")

assume_role = aws.iam.get_policy_document(statements=[aws.iam.GetPolicyDocumentStatementArgs(
    principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=["lambda.amazonaws.com"])],
    actions=["sts:AssumeRole"],
)])
role = aws.iam.Role("worker", assume_role_policy=assume_role.json)

aws.iam.Policy("read", policy=bucket.arn.apply(lambda arn: json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:«GetObjectz»"], "Resource": f"{arn}/*"}],
})))

queue_doc = aws.iam.get_policy_document(statements=[{
    "actions": ["sqs:«SendMessages»"],
    "resources": ["*"],
    "principals": [{"type": "Service", "identifiers": ["sns.amazonaws.com"]}],
}])
aws.sqs.QueuePolicy("jobs", queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/jobs", policy=queue_doc.json)
`);
  const { analysis, policies, errorPlaces } = reading(text, 'file:///infra/__main__.py');
  assert.equal(analysis.kind, 'pulumi');
  // The argument classes' keyword arguments are the statement's.
  const trust = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    [trust.action?.values.map((value) => value.value), trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    [['sts:AssumeRole'], [['Service', ['lambda.amazonaws.com']]]],
  );
  assert.deepEqual(policies, [
    ["aws.iam.Role 'worker' › assumeRolePolicy", 'trust'],
    ["aws.iam.Policy 'read' › policy", 'identity'],
    ["aws.sqs.QueuePolicy 'jobs' › policy", 'resource'],
  ]);
  assert.deepEqual(errorPlaces, [
    ['action-unknown', spans[0]],
    ['action-unknown', spans[1]],
  ]);
});

test('a file that does not use the AWS provider, or writes no policy, is not a Pulumi program', () => {
  const policy = `{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }`;
  // Not a Pulumi program: its policy-shaped object is read as one in any source (code-objects.ts), not as Pulumi's.
  assert.equal(reading(`import * as gcp from '@pulumi/gcp';\nexport const p = JSON.stringify(${policy});\n`, 'file:///infra/index.ts').analysis.kind, 'code');
  assert.equal(reading(`import * as aws from '@pulumi/aws';\nexport const bucket = new aws.s3.Bucket('data');\n`, 'file:///infra/index.ts').analysis.policies.length, 0);
  assert.equal(reading(`import * as aws from '@pulumi/aws';\nexport const p = JSON.stringify(${policy});\n`, 'file:///infra/types.d.ts').analysis.kind, undefined);
});

test('a policy written as JSON text, in a template literal or a triple-quoted string, is read with its findings in the text', () => {
  const ts = marked(`import * as aws from '@pulumi/aws';
const role = new aws.iam.Role('lambda', {
  assumeRolePolicy: \`{
  "Version": "2012-10-17",
  "Statement": [{ "Action": "sts:AssumeRole", "Principal": { "Service": "lambda.amazonaws.com" }, "Effect": «"allow"» }]
}\`,
});
`);
  const read = reading(ts.text, 'file:///infra/index.ts');
  assert.deepEqual(read.policies, [["new aws.iam.Role 'lambda' › assumeRolePolicy", 'trust']]);
  assert.deepEqual(read.errorPlaces, [['effect-value', ts.spans[0]]]);
  assert.equal(applyFix(ts.text, read.errors[0]), ts.text.replace('"allow"', '"Allow"'));

  const py = marked(`import pulumi_aws as aws
aws.iam.RolePolicy("logs", role="worker", policy="""{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "logs:«PutLogEvent»", "Resource": "*"}]
}""")
`);
  const readPython = reading(py.text, 'file:///infra/__main__.py');
  assert.deepEqual(readPython.policies, [["aws.iam.RolePolicy 'logs' › policy", 'identity']]);
  assert.deepEqual(readPython.errorPlaces, [['action-unknown', py.spans[0]]]);
});

test('a managed policy that roles name only as their permissions boundary is one; a function given to apply is read', () => {
  const text = `import * as aws from '@pulumi/aws';
const boundary = new aws.iam.Policy('boundary', {
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] }),
});
const attached = new aws.iam.Policy('read', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }) });
new aws.iam.Role('app', { assumeRolePolicy: assume(), permissionsBoundary: boundary.arn, managedPolicyArns: [attached.arn] });
// Named as a boundary and attached too: a grant, as written.
new aws.iam.User('ci', { permissionsBoundary: attached.arn });
const bucket = new aws.s3.Bucket('site');
new aws.s3.BucketPolicy('site', { bucket: bucket.id, policy: bucket.bucket.apply(publicRead) });
function publicRead(name: string): aws.iam.PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: \`arn:aws:s3:::\${name}/*\` }] };
}
`;
  const { policies } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [
    ["new aws.iam.Policy 'boundary' › policy", 'boundary'],
    ["new aws.iam.Policy 'read' › policy", 'identity'],
    ["new aws.s3.BucketPolicy 'site' › policy", 'resource'],
  ]);
});

test("an SST app: a function's permissions and sst.aws.permission are its role's statements, SST's lowercase effect is IAM's", () => {
  const { text, spans } = marked(`/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const bucket = new sst.aws.Bucket('Uploads');
    new sst.aws.Function('Api', {
      handler: 'src/api.handler',
      permissions: [
        { actions: ['s3:GetObject', 's3:«PutObjct»'], resources: [$interpolate\`\${bucket.arn}/*\`] },
        { effect: 'deny', actions: ['dynamodb:DeleteTable'], resources: ['*'] },
      ],
    });
    new sst.Linkable('Stripe', { properties: { key: 'x' }, include: [sst.aws.permission({ actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-*'] })] });
    const role = new aws.iam.Role('Deployer', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
  },
});
`);
  const { analysis, policies, errorPlaces } = reading(text, 'file:///app/sst.config.ts');
  assert.equal(analysis.kind, 'pulumi');
  assert.deepEqual(policies, [
    ["new sst.aws.Function 'Api' › permissions", 'identity'],
    ["new sst.Linkable 'Stripe' › sst.aws.permission", 'identity'],
    ["new aws.iam.Role 'Deployer' › assumeRolePolicy", 'trust'],
  ]);
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
  const [allow, deny] = analysis.policies[0].policy.statements;
  assert.deepEqual([allow.effect?.value?.value, deny.effect?.value?.value, allow.resource?.values.map((value) => value.value)], ['Allow', 'Deny', ['${bucket.arn}/*']]);
  // A file an SST app imports uses the global `aws` without importing it.
  const github = `export const role = new aws.iam.Role('GithubRole', {
  name: \`\${$app.name}-\${$app.stage}-github\`,
  assumeRolePolicy: $jsonStringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }),
});
new aws.iam.RolePolicyAttachment('GithubRolePolicy', { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', role: role.name });
`;
  assert.deepEqual(reading(github, 'file:///app/infra/github.ts').policies, [["new aws.iam.Role 'GithubRole' › assumeRolePolicy", 'trust']]);
  assert.equal(accountSourceKindOf('/app/infra/github.ts', github), 'pulumi');
  // A program that declares its own `aws` is not SST's.
  assert.equal(reading(`const aws = makeClient();\nnew aws.iam.Thing('x', { body: JSON.stringify({ Version: '2012-10-17', Statement: [] }) });\n`, 'file:///app/client.ts').analysis.kind, undefined);
  // An SST v2 app is a CDK app: the CDK reader reads it (its service names), and an object in its list is a construct.
  const v2 = reading(
    `import { Function, StackContext } from "sst/constructs";\nnew Function(stack, 'Api', { handler: 'x', permissions: [{ actions: ['s3:GetObject'] }] });\n`,
    'file:///app/stacks/Api.ts',
  );
  assert.deepEqual([v2.analysis.kind, v2.policies], ['cdk', []]);
});

test("a name assigned in several functions reads its own function's value; a parameter of the name hides them", () => {
  const text = `import json
import pulumi_aws as aws


def lambda_role():
    assume_role_policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    return aws.iam.Role("lambda", assume_role_policy=assume_role_policy)


def ecs_role():
    assume_role_policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    return aws.iam.Role("ecs", assume_role_policy=assume_role_policy)


def any_role(assume_role_policy):
    return aws.iam.Role("any", assume_role_policy=assume_role_policy)
`;
  const { policies } = reading(text, 'file:///infra/__main__.py');
  assert.deepEqual(policies, [
    ["aws.iam.Role 'lambda' › assumeRolePolicy", 'trust'],
    ["aws.iam.Role 'ecs' › assumeRolePolicy", 'trust'],
  ]);
});

// pulumi/examples' aws-py-stepfunctions writes its trust as a JSON string formatted with %: "states.%s.amazonaws.com"
// was read as written, a false principal-service-format error.
test('a Python string formatted with % is a template: each conversion a placeholder of its value, %% a percent sign', () => {
  const text = `import pulumi
import pulumi_aws as aws

config = pulumi.Config()
role = aws.iam.Role("sfnRole", assume_role_policy="""{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.%s.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}""" % config.region)
aws.iam.RolePolicy("read", role=role.id, policy="""{
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::%(bucket)s/%(prefix)s/100%%"}]
}""" % {"bucket": config.require("bucket"), "prefix": prefix})
`;
  const { analysis, errorPlaces } = reading(text, 'file:///infra/iam.py');
  assert.deepEqual(errorPlaces, []);
  const values = analysis.policies.map((policy) => {
    const [statement] = policy.policy.statements;
    const value = statement!.principal?.entries[0]!.values[0] ?? statement!.resource!.values[0]!;
    return [value.value, value.placeholders?.map((hole) => hole.source)];
  });
  assert.deepEqual(values, [
    ['states.${config.region}.amazonaws.com', ['${config.region}']],
    ['arn:aws:s3:::${config.require("bucket")}/${prefix}/100%', ['${config.require("bucket")}', '${prefix}']],
  ]);
});

test('a Python dict keyed by an f-string reads its key as a template; one the code fills in is not empty', () => {
  const text = `import json
import pulumi
import pulumi_aws as aws


def irsa_trust(issuer, provider_arn, extra):
    return pulumi.Output.all(issuer, provider_arn).apply(lambda args: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": args[1]},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {f"{args[0].replace('https://', '')}:sub": "system:serviceaccount:apps:api"},
                "StringLike": {**extra},
            },
        }],
    }))
`;
  const { analysis } = reading(text, 'file:///infra/iam.py');
  const condition = analysis.policies[0].policy.statements[0].condition!;
  assert.deepEqual(
    condition.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.keyPlaceholders?.map((hole) => hole.source)])]),
    [
      ['StringEquals', [["${args[0].replace('https://', '')}:sub", ["${args[0].replace('https://', '')}"]]]],
      ['StringLike', []],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'empty-value'),
    [],
  );
});

test("aws.iam.assumeRolePolicyForPrincipal is the provider's trust policy of one statement for the principal it is given", () => {
  const { text, spans } = marked(`import * as aws from '@pulumi/aws';
export const role = new aws.iam.Role('fn', { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: «'lambda.amazonaws.con'» }) });
`);
  const { analysis, policies } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [["new aws.iam.Role 'fn' › assumeRolePolicy", 'trust']]);
  const [statement] = analysis.policies[0].policy.statements;
  assert.deepEqual(
    [statement.sid?.value?.value, statement.effect?.value?.value, statement.action?.values.map((value) => value.value), statement.principal?.entries.map((entry) => entry.type)],
    ['AllowAssumeRole', 'Allow', ['sts:AssumeRole'], ['Service']],
  );
  // The principal is read where the program writes it.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity !== 'hint').map((problem) => [problem.ruleId, problem.span]),
    [['principal-service-format', spans[0]]],
  );
});

const GO_PROGRAM = `package main

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		assumeRole, err := iam.GetPolicyDocument(ctx, &iam.GetPolicyDocumentArgs{
			Statements: []iam.GetPolicyDocumentStatement{
				{
					Effect: pulumi.StringRef("Allow"),
					Principals: []iam.GetPolicyDocumentStatementPrincipal{
						{Type: "Service", Identifiers: []string{"lambda.amazonaws.com"}},
					},
					Actions: []string{"sts:AssumeRole"},
				},
			},
		}, nil)
		if err != nil {
			return err
		}
		tmpJSON0, err := json.Marshal(map[string]interface{}{
			"Version": "2012-10-17",
			"Statement": []map[string]interface{}{
				{"Effect": «"allow"», "Action": []string{"logs:CreateLogGroup", "logs:«PutLogEvent»"}, "Resource": "*"},
			},
		})
		if err != nil {
			return err
		}
		json0 := string(tmpJSON0)
		role, err := iam.NewRole(ctx, "worker", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(assumeRole.Json),
			InlinePolicies: iam.RoleInlinePolicyArray{
				&iam.RoleInlinePolicyArgs{Name: pulumi.String("logs"), Policy: pulumi.String(json0)},
			},
		})
		if err != nil {
			return err
		}
		bucket, err := s3.NewBucketV2(ctx, "data", nil)
		if err != nil {
			return err
		}
		_, err = s3.NewBucketPolicy(ctx, "data-policy", &s3.BucketPolicyArgs{
			Bucket: bucket.ID(),
			Policy: pulumi.String(\`{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*",
    "Condition": {"Bool": {«"aws:SecureTransports"»: "false"}}}]
}\`),
		})
		readDoc := iam.GetPolicyDocumentOutput(ctx, iam.GetPolicyDocumentOutputArgs{
			Statements: iam.GetPolicyDocumentStatementArray{
				&iam.GetPolicyDocumentStatementArgs{
					Actions:   pulumi.StringArray{pulumi.String("s3:«Get0bject»")},
					Resources: pulumi.StringArray{pulumi.Sprintf("%v/*", bucket.Arn)},
				},
			},
		})
		_, err = iam.NewRolePolicy(ctx, "read", &iam.RolePolicyArgs{Role: role.ID(), Policy: readDoc.Json()})
		return err
	})
}
`;

test('a Pulumi program in Go: struct arguments, json.Marshal, raw strings, GetPolicyDocument and its Output form', () => {
  const { text, spans } = marked(GO_PROGRAM);
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///infra/main.go');
  assert.equal(analysis.kind, 'pulumi');
  // Named as the program writes the resource: `iam.NewRole(ctx, "worker", …)`.
  assert.deepEqual(policies, [
    ["iam.NewRole 'worker' › assumeRolePolicy", 'trust'],
    ["iam.NewRole 'worker' › inlinePolicies[logs] › policy", 'identity'],
    ["s3.NewBucketPolicy 'data-policy' › policy", 'resource'],
    ["iam.NewRolePolicy 'read' › policy", 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    ['effect-value', spans[0]],
    ['action-unknown', spans[1]],
    ['condition-key-unknown', spans[2]],
    ['action-unknown', spans[3]],
  ]);
  // A fix writes Go's quotes; in a raw string, the JSON's own.
  assert.equal(applyFix(text, errors[0]), text.replace('"Effect": "allow"', '"Effect": "Allow"'));
  assert.equal(applyFix(text, errors[2]), text.replace('aws:SecureTransports', 'aws:SecureTransport'));
  // The resource Sprintf makes holds the bucket's ARN, known at deploy.
  const resource = analysis.policies[3].policy.statements[0].resource!.values[0];
  assert.deepEqual([resource.value, resource.placeholders?.map((hole) => hole.kind)], ['${bucket.Arn}/*', ['arn']]);
});

// pulumi-aws's own example of the typed document: its fields were read in camelCase ("version", "statement": two false
// unknown-element errors) and its statement went unchecked.
test("Pulumi Go's typed policy document (iam.PolicyDocumentArgs): fields named as IAM's elements, enum constants by value", () => {
  const { text } = marked(`package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		iam.NewRole(ctx, "test-role", &iam.RoleArgs{
			AssumeRolePolicy: iam.PolicyDocumentArgs{
				Version: iam.PolicyDocumentVersion_2012_10_17,
				Statement: iam.PolicyStatementArray{
					iam.PolicyStatementArgs{
						Action: pulumi.String("sts:AssumeRole"),
						Effect: iam.PolicyStatementEffectALLOW,
						Principal: iam.ServicePrincipalArgs{
							Service: pulumi.String("lambda.amazonaws.com"),
						},
					},
				},
			},
		})
		return nil
	})
}
`);
  const { analysis, errorPlaces } = reading(text, 'file:///infra/main.go');
  assert.deepEqual(errorPlaces, []);
  const [statement] = analysis.policies[0]!.policy.statements;
  assert.deepEqual(
    [analysis.policies[0]!.policy.version?.value?.value, statement!.effect?.value?.value, statement!.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    ['2012-10-17', 'Allow', [['Service', ['lambda.amazonaws.com']]]],
  );
});

test('a Go file that imports the CDK, or no AWS provider, is not a Pulumi program', () => {
  const cdk = GO_PROGRAM.replace('"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"', '"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"').replace('"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"', '');
  assert.notEqual(reading(marked(cdk).text, 'file:///infra/main.go').analysis.kind, 'pulumi');
  const other = `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(\`{"Statement": []}\`) }\n`;
  assert.notEqual(reading(other, 'file:///infra/main.go').analysis.kind, 'pulumi');
});

test("a Go raw string's backslashes are the JSON's own escapes, in a string and in fmt.Sprintf's format given to ApplyT", () => {
  const text = `package main

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		role, _ := iam.NewRole(ctx, "app", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "say \\"hi\\""}}}]}\`),
		})
		_, err := iam.NewRolePolicy(ctx, "app-logs", &iam.RolePolicyArgs{
			Role: role.ID(),
			Policy: role.Arn.ApplyT(func(arn string) (string, error) {
				return fmt.Sprintf(\`{"Version": "2012-10-17", "Statement": [{"Effect": «"allow"», "Action": "logs:PutLogEvents", "Resource": "%s", "Condition": {"StringLike": {"aws:PrincipalTag/team": "A\\\\B"}}}]}\`, arn), nil
			}).(pulumi.StringOutput),
		})
		return err
	})
}
`;
  const { text: source, spans } = marked(text);
  const { analysis, errors, policies, errorPlaces } = reading(source, 'file:///infra/main.go');
  assert.deepEqual(policies, [
    ["iam.NewRole 'app' › assumeRolePolicy", 'trust'],
    ["iam.NewRolePolicy 'app-logs' › policy", 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [['effect-value', spans[0]]]);
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policy.statements[0].condition?.operators[0].keys[0].values.map((value) => value.value)),
    [['say "hi"'], ['A\\B']],
  );
  assert.equal(applyFix(source, errors[0]), source.replace('"Effect": "allow"', '"Effect": "Allow"'));
});

test("aws-native: CloudFormation's properties in camelCase, a policy given as an object, typed by the type it is", () => {
  const { text, spans } = marked(`import * as aws_native from '@pulumi/aws-native';

const boundary = new aws_native.iam.ManagedPolicy('boundary', {
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] },
});
new aws_native.iam.Role('app', {
  assumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  permissionsBoundary: boundary.policyArn,
  policies: [{ policyName: 'logs', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: «'allow'», Action: 'logs:«PutLogEvent»', Resource: '*' }] } }],
});
new aws_native.s3.BucketPolicy('site', {
  bucket: 'site',
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] },
});
new aws_native.ec2.VpcEndpoint('s3', {
  vpcId: 'vpc-1',
  serviceName: 'com.amazonaws.us-east-1.s3',
  policyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] },
});
new aws_native.organizations.Policy('deny-regions', {
  type: 'SERVICE_CONTROL_POLICY',
  content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }] },
});
new aws_native.organizations.Policy('tags', { type: 'TAG_POLICY', content: { tags: {} } });
`);
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///infra/index.ts');
  assert.equal(analysis.kind, 'pulumi');
  assert.deepEqual(policies, [
    // Named only as the role's permissions boundary: the most the role may be granted.
    ["new aws_native.iam.ManagedPolicy 'boundary' › policyDocument", 'boundary'],
    ["new aws_native.iam.Role 'app' › assumeRolePolicyDocument", 'trust'],
    ["new aws_native.iam.Role 'app' › policies[logs] › policyDocument", 'identity'],
    ["new aws_native.s3.BucketPolicy 'site' › policyDocument", 'resource'],
    ["new aws_native.ec2.VpcEndpoint 's3' › policyDocument", 'resource'],
    ["new aws_native.organizations.Policy 'deny-regions' › content", 'scp'],
  ]);
  assert.deepEqual(errorPlaces, [
    ['effect-value', spans[0]],
    ['action-unknown', spans[1]],
  ]);
  assert.equal(applyFix(text, errors[0]), text.replace("Effect: 'allow'", "Effect: 'Allow'"));
  // An endpoint policy's defaults are CloudFormation's: its Allow of everyone is what an endpoint policy is for.
  assert.equal(analysis.policies[4].severities?.['resource-public'], 'off');
  assert.equal(analysis.policies[3].severities?.['resource-public'], undefined);
});

test('aws-native in Python and Go: keyword arguments and struct fields name the same properties', () => {
  const python = marked(`import json
import pulumi_aws_native as aws_native

aws_native.iam.Role(
    "app",
    assume_role_policy_document={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    policies=[aws_native.iam.RolePolicyArgs(policy_name="read", policy_document={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:«GetObjects»", "Resource": "*"}]})],
)
aws_native.sqs.QueuePolicy("jobs", queues=["https://sqs.us-east-1.amazonaws.com/123456789012/jobs"], policy_document=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*"}]}))
`);
  const read = reading(python.text, 'file:///infra/__main__.py');
  assert.deepEqual(read.policies, [
    ["aws_native.iam.Role 'app' › assumeRolePolicyDocument", 'trust'],
    ["aws_native.iam.Role 'app' › policies[read] › policyDocument", 'identity'],
    ["aws_native.sqs.QueuePolicy 'jobs' › policyDocument", 'resource'],
  ]);
  assert.deepEqual(read.errorPlaces, [['action-unknown', python.spans[0]]]);

  const go = marked(`package main

import (
	iam "github.com/pulumi/pulumi-aws-native/sdk/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := iam.NewRole(ctx, "app", &iam.RoleArgs{
			AssumeRolePolicyDocument: pulumi.Any(map[string]interface{}{
				"Version":   "2012-10-17",
				"Statement": []map[string]interface{}{{"Effect": "Allow", "Principal": map[string]interface{}{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}},
			}),
			Policies: iam.RolePolicyTypeArray{
				&iam.RolePolicyTypeArgs{
					PolicyName:     pulumi.String("write"),
					PolicyDocument: pulumi.Any(map[string]interface{}{"Version": "2012-10-17", "Statement": []map[string]interface{}{{"Effect": "Allow", "Action": "s3:«PutObjects»", "Resource": "*"}}}),
				},
			},
		})
		return err
	})
}
`);
  const readGo = reading(go.text, 'file:///infra/main.go');
  assert.deepEqual(readGo.policies, [
    ["iam.NewRole 'app' › assumeRolePolicyDocument", 'trust'],
    ["iam.NewRole 'app' › policies[write] › policyDocument", 'identity'],
  ]);
  assert.deepEqual(readGo.errorPlaces, [['action-unknown', go.spans[0]]]);
});

test('a policy a function of the file builds and returns is typed by the resource its call is given to', () => {
  const typescript = marked(`import * as aws from '@pulumi/aws';

function trustFor(service: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}
const readAll = () => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:«GetObjects»', Resource: '*' }] });

const role = new aws.iam.Role('worker', { assumeRolePolicy: JSON.stringify(trustFor('lambda.amazonaws.com')) });
new aws.iam.RolePolicy('read', { role: role.id, policy: JSON.stringify(readAll()) });
`);
  const read = reading(typescript.text, 'file:///infra/index.ts');
  assert.deepEqual(read.policies, [
    ["new aws.iam.Role 'worker' › assumeRolePolicy", 'trust'],
    ["new aws.iam.RolePolicy 'read' › policy", 'identity'],
  ]);
  assert.deepEqual(read.errorPlaces, [['action-unknown', typescript.spans[0]]]);

  const python = `import json
import pulumi_aws as aws

def bucket_policy(bucket):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}

aws.s3.BucketPolicy("site", bucket="site", policy=json.dumps(bucket_policy("site")))
`;
  assert.deepEqual(reading(python, 'file:///infra/__main__.py').policies, [["aws.s3.BucketPolicy 'site' › policy", 'resource']]);

  const go = `package main

import (
	iam "github.com/pulumi/pulumi-aws-native/sdk/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func trustPolicyContent() map[string]interface{} {
	return map[string]interface{}{
		"Version":   "2012-10-17",
		"Statement": []map[string]interface{}{{"Effect": "Allow", "Principal": map[string]interface{}{"Service": "vmie.amazonaws.com"}, "Action": "sts:AssumeRole"}},
	}
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := iam.NewRole(ctx, "vmimport", &iam.RoleArgs{AssumeRolePolicyDocument: pulumi.Any(trustPolicyContent())})
		return err
	})
}
`;
  assert.deepEqual(reading(go, 'file:///infra/main.go').policies, [["iam.NewRole 'vmimport' › assumeRolePolicyDocument", 'trust']]);
});

test("aws-native's lower-case policy keys, as its own examples write them, are the error IAM gives, and one fix writes them as IAM does", () => {
  const { text, spans } = marked(`import * as aws_native from '@pulumi/aws-native';

new aws_native.iam.Role('app', {
  assumeRolePolicyDocument: {
    «version»: '2012-10-17',
    «statement»: [{ effect: 'Allow', principal: { service: ['lambda.amazonaws.com'] }, action: ['sts:AssumeRole'] }],
  },
});
`);
  const { analysis, errors, policies, errorPlaces } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [["new aws_native.iam.Role 'app' › assumeRolePolicyDocument", 'trust']]);
  assert.deepEqual(errorPlaces, [
    ['unknown-element', spans[0]],
    ['unknown-element', spans[1]],
  ]);
  assert.deepEqual(
    analysis.problems.map((problem) => problem.ruleId),
    ['unknown-element', 'unknown-element'],
  );
  assert.equal(
    applyFix(text, errors[1], 1),
    text
      .replace('version:', 'Version:')
      .replace('statement:', 'Statement:')
      .replace('effect:', 'Effect:')
      .replace('principal:', 'Principal:')
      .replace('service:', 'Service:')
      .replace('action:', 'Action:'),
  );
});

test('a policy given as a permissions policy and as a trust policy is checked as each, the second use named', () => {
  const { text, spans } = marked(`import * as aws from '@pulumi/aws';

const proxyPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [«{» Effect: 'Allow', Action: «'rds:DescribeDBInstances'», «Resource»: '*' }] });
const role = new aws.iam.Role('proxy', { assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) });
new aws.iam.RolePolicy('proxy', { role: role.id, policy: proxyPolicy });
new aws.iam.Role('monitoring', { assumeRolePolicy: proxyPolicy });
`);
  const { analysis, policies } = reading(text, 'file:///infra/index.ts');
  // One policy as written, typed by its first use; the build for its use as a trust policy is a variant of it.
  assert.deepEqual(policies, [
    ["new aws.iam.RolePolicy 'proxy' › policy", 'identity'],
    ["new aws.iam.RolePolicy 'proxy' › policy [trust]", 'trust'],
    ["new aws.iam.Role 'proxy' › assumeRolePolicy", 'trust'],
  ]);
  assert.deepEqual(
    analysis.policies.filter((policy) => policy.variantOf !== undefined).map((policy) => [policy.variantOf, policy.policyType]),
    [["new aws.iam.RolePolicy 'proxy' › policy", 'trust']],
  );
  const use = "(given to new aws.iam.Role 'monitoring' › assumeRolePolicy, as a trust policy)";
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span, problem.message.endsWith(use)]),
    [
      ['principal-missing', spans[0], true],
      ['trust-policy-elements', spans[1], true],
      ['trust-policy-elements', spans[2], true],
    ],
  );
  // Given only as permissions policies, it is checked once.
  const once = reading(text.replace("new aws.iam.Role('monitoring', { assumeRolePolicy: proxyPolicy });", ''), 'file:///infra/index.ts');
  assert.equal(once.analysis.policies.filter((policy) => policy.variantOf !== undefined).length, 0);
});

test('a Pulumi program in C#: Args objects, JsonSerializer.Serialize of a Dictionary, GetPolicyDocument.Invoke and Apply, an anonymous object', () => {
  const { text, spans } = marked(`using System.Collections.Generic;
using System.Text.Json;
using Pulumi;
using Aws = Pulumi.Aws;

return await Deployment.RunAsync(() =>
{
    var bucket = new Aws.S3.BucketV2("reports");

    var assumeRole = Aws.Iam.GetPolicyDocument.Invoke(new()
    {
        Statements = new[]
        {
            new Aws.Iam.Inputs.GetPolicyDocumentStatementInputArgs
            {
                Effect = "Allow",
                Principals = new[]
                {
                    new Aws.Iam.Inputs.GetPolicyDocumentStatementPrincipalInputArgs
                    {
                        Type = "Service",
                        Identifiers = new[] { "lambda.amazonaws.com" },
                    },
                },
                Actions = new[] { "sts:AssumeRole" },
            },
        },
    });

    var role = new Aws.Iam.Role("worker", new()
    {
        AssumeRolePolicy = assumeRole.Apply(getPolicyDocumentResult => getPolicyDocumentResult.Json),
    });

    var policy = new Aws.Iam.RolePolicy("read", new()
    {
        Role = role.Id,
        Policy = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["Action"] = new[] { "s3:«GetObjekt»" },
                    ["Effect"] = "Allow",
                    ["Resource"] = "*",
                },
            },
        }),
    });

    // C#'s name for aws.iam.Policy's \`policy\`: a class cannot have a property of its own name.
    new Aws.Iam.Policy("deploy", new()
    {
        PolicyDocument = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new[] { new Dictionary<string, object?> { ["Effect"] = "Allow", [«"Principal"»] = "*", ["Action"] = "ecr:GetAuthorizationToken", ["Resource"] = "*" } },
        }),
    });

    var bucketPolicy = new Aws.S3.BucketPolicy("public", new()
    {
        Bucket = bucket.Id,
        Policy = Output.JsonSerialize(Output.Create(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Effect = "Allow", Principal = «"*"», Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" } },
        })),
    });
});
`);
  const { analysis, policies } = reading(text, 'file:///infra/Program.cs');
  assert.equal(analysis.kind, 'pulumi');
  assert.deepEqual(policies, [
    ["Aws.Iam.Role 'worker' › assumeRolePolicy", 'trust'],
    ["Aws.Iam.RolePolicy 'read' › policy", 'identity'],
    ["Aws.Iam.Policy 'deploy' › policyDocument", 'identity'],
    ["Aws.S3.BucketPolicy 'public' › policy", 'resource'],
  ]);
  const trust = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    [trust.action?.values.map((value) => value.value), trust.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    [['sts:AssumeRole'], [['Service', ['lambda.amazonaws.com']]]],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' || problem.ruleId === 'resource-public').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      // Typed by the class that takes it: an identity policy names no principal.
      ['principal-not-allowed', spans[1]],
      ['resource-public', spans[2]],
    ],
  );
  // A fix writes C#'s quotes.
  assert.equal(
    applyFix(
      text,
      analysis.problems.find((problem) => problem.ruleId === 'action-unknown')!,
    ),
    text.replace('s3:GetObjekt', 's3:GetObject'),
  );
});

// From real C# programs: an InputList given one item, a collection initializer, GetPolicyDocument.Invoke with the
// module's namespace opened, and a policy's JSON in Output.Format of a verbatim interpolated string.
test("Pulumi C#'s typed policy document (PolicyDocumentArgs): members named as IAM's elements, enum constants by value", () => {
  const text = `using System.Collections.Generic;
using Pulumi;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Iam.Inputs;

return await Deployment.RunAsync(() =>
{
    var role = new Role("example-role", new RoleArgs
    {
        AssumeRolePolicy = new PolicyDocumentArgs
        {
            Version = PolicyDocumentVersion.PolicyDocumentVersion_2012_10_17,
            Statement = new PolicyStatementArgs[]
            {
                new PolicyStatementArgs
                {
                    Effect = PolicyStatementEffect.ALLOW,
                    Action = "sts:AssumeRole",
                    Principal = new ServicePrincipalArgs { Service = "ec2.amazonaws.com" },
                },
            },
        },
    });
});
`;
  const { analysis, errorPlaces } = reading(text, 'file:///infra/Program.cs');
  assert.deepEqual(errorPlaces, []);
  const [statement] = analysis.policies[0]!.policy.statements;
  assert.deepEqual(
    [
      analysis.policies[0]!.policyType,
      analysis.policies[0]!.policy.version?.value?.value,
      statement!.effect?.value?.value,
      statement!.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)]),
    ],
    ['trust', '2012-10-17', 'Allow', [['Service', ['ec2.amazonaws.com']]]],
  );
});

// A verbatim string starts with `@`: read as a constant of the typed document (no quote at its start), every finding
// of Pulumi's hello-world C# policy sat at its first character.
test("a C# verbatim string's findings sit at their places in it", () => {
  const text = `using Pulumi;
using Pulumi.Aws.Iam;

return await Deployment.RunAsync(() =>
{
    var policy = new Policy("lambda", new PolicyArgs
    {
        PolicyDocument = @"{
    ""Version"": ""2012-10-17"",
    ""Statement"": [{ ""Effect"": ""Allow"", ""Action"": [""s3:GetObjekt""], ""Resource"": ""*"" }]
}",
    });
});
`;
  const { errors } = reading(text, 'file:///infra/Program.cs');
  assert.deepEqual(
    errors.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'GetObjekt']],
  );
});

test('a Pulumi program in C#: single items for lists, Output.Format of a verbatim interpolated string with doubled quotes and braces', () => {
  const text = [
    'using Pulumi;',
    'using Pulumi.Aws.Iam;',
    'using Pulumi.Aws.Iam.Inputs;',
    'using Pulumi.Aws.S3;',
    'using Pulumi.Aws.Sns;',
    '',
    'var topic = new Topic("events");',
    'var doc = topic.Arn.Apply(arn => GetPolicyDocument.Invoke(new GetPolicyDocumentInvokeArgs',
    '{',
    '    Statements = new GetPolicyDocumentStatementInputArgs',
    '    {',
    '        Actions = "sns:Publsh",',
    '        Resources = arn,',
    '        Principals = new GetPolicyDocumentStatementPrincipalInputArgs { Type = "Service", Identifiers = "ses.amazonaws.com" },',
    '        Conditions = new List<GetPolicyDocumentStatementConditionInputArgs> { new() { Test = "StringEquals", Variable = "aws:SourceAccount", Values = { accountId } } },',
    '    },',
    '}));',
    'new TopicPolicy("ses", new TopicPolicyArgs { Arn = topic.Arn, Policy = doc.Apply(d => d.Json) });',
    'var bucket = new BucketV2("site");',
    'var policy = Output.Format($@"{{',
    '    ""Version"": ""2012-10-17"",',
    '    ""Statement"": [{{ ""Effect"": ""Allow"", ""Principal"": {{ ""Service"": ""cloudfront.amazonaws.com"" }}, ""Action"": ""s3:GetObjekt"", ""Resource"": ""{bucket.Arn}/*"" }}]',
    '}}");',
    'new BucketPolicy("site", new BucketPolicyArgs { Bucket = bucket.Id, Policy = policy });',
    '',
  ].join('\n');
  const { analysis, policies } = reading(text, 'file:///infra/Program.cs');
  assert.deepEqual(policies, [
    ["TopicPolicy 'ses' › policy", 'resource'],
    ["BucketPolicy 'site' › policy", 'resource'],
  ]);
  const statement = analysis.policies[0].policy.statements[0];
  assert.deepEqual(
    [statement.action?.values.map((value) => value.value), statement.principal?.entries.map((entry) => [entry.type, entry.values.map((value) => value.value)])],
    [['sns:Publsh'], [['Service', ['ses.amazonaws.com']]]],
  );
  assert.deepEqual(
    analysis.policies[1].policy.statements[0].resource?.values.map((value) => value.value),
    ['${bucket.Arn}/*'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [
      ['action-unknown', 'Publsh'],
      ['action-unknown', 'GetObjekt'],
    ],
  );
});

test("aws.lambda.Permission is the statement Lambda adds to the function's policy, in each language, its findings at the arguments", () => {
  const ts = marked(`import * as aws from '@pulumi/aws';
const fn = new aws.lambda.Function('handler', { runtime: 'nodejs20.x', role: roleArn, handler: 'index.handler' });
const bucket = new aws.s3.Bucket('uploads');
new aws.lambda.Permission('from-s3', { action: 'lambda:InvokeFunction', function: fn.name, principal: «'s3.amazonaws.com'» });
new aws.lambda.Permission('from-bucket', { action: 'lambda:InvokeFunction', function: fn.arn, principal: 's3.amazonaws.com', sourceArn: bucket.arn });
new aws.lambda.Permission('typo', { action: 'lambda:«InvokeFunctions»', function: fn.name, principal: '123456789012' });
`);
  const read = reading(ts.text, 'file:///infra/index.ts');
  assert.deepEqual(read.policies, [
    ["new aws.lambda.Permission 'from-s3'", 'resource'],
    ["new aws.lambda.Permission 'from-bucket'", 'resource'],
    ["new aws.lambda.Permission 'typo'", 'resource'],
  ]);
  const placesOf = (problems: readonly { ruleId: string; span: unknown }[], ruleIds: string[]) =>
    problems.filter((problem) => ruleIds.includes(problem.ruleId)).map((problem) => [problem.ruleId, problem.span]);
  // The one without a source: a bucket of any account may invoke the function. The one with sourceArn is not reported.
  assert.deepEqual(placesOf(read.analysis.problems, ['lambda-permission-source', 'action-unknown']), [
    ['lambda-permission-source', ts.spans[0]],
    ['action-unknown', ts.spans[1]],
  ]);
  const statement = read.analysis.policies[1].policy.statements[0];
  assert.deepEqual(
    [statement.effect?.value?.value, statement.resource?.values.map((value) => value.value), statement.condition?.operators.map(({ operator, keys }) => [operator, keys.map((key) => key.key)])],
    ['Allow', ['${fn.arn}'], [['ArnLike', ['aws:SourceArn']]]],
  );

  const python = marked(`import pulumi_aws as aws
fn = aws.lambda_.Function("handler", runtime="python3.12", role=role_arn, handler="main.handler")
aws.lambda_.Permission("from-events", action="lambda:InvokeFunction", function=fn.name, principal=«"events.amazonaws.com"»)
aws.lambda_.Permission("from-rule", action="lambda:InvokeFunction", function=fn.name, principal="events.amazonaws.com", source_arn=rule.arn)
`);
  const readPython = reading(python.text, 'file:///infra/__main__.py');
  assert.deepEqual(readPython.policies, [
    ["aws.lambda_.Permission 'from-events'", 'resource'],
    ["aws.lambda_.Permission 'from-rule'", 'resource'],
  ]);
  assert.deepEqual(placesOf(readPython.analysis.problems, ['lambda-permission-source']), [['lambda-permission-source', python.spans[0]]]);

  const go = marked(`package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := lambda.NewPermission(ctx, "from-sns", &lambda.PermissionArgs{
			Action:    pulumi.String("lambda:InvokeFunction"),
			Function:  pulumi.String("my-fn"),
			Principal: pulumi.String(«"sns.amazonaws.com"»),
		})
		return err
	})
}
`);
  const readGo = reading(go.text, 'file:///infra/main.go');
  assert.deepEqual(readGo.policies, [["lambda.NewPermission 'from-sns'", 'resource']]);
  assert.deepEqual(placesOf(readGo.analysis.problems, ['lambda-permission-source']), [['lambda-permission-source', go.spans[0]]]);

  // aws-native's and CDK for Terraform's classes name the function `functionName`.
  const native = marked(`import * as awsnative from '@pulumi/aws-native';
new awsnative.lambda.Permission('from-s3', { action: 'lambda:InvokeFunction', functionName: 'my-fn', principal: «'s3.amazonaws.com'» });
`);
  const readNative = reading(native.text, 'file:///infra/index.ts');
  assert.deepEqual(readNative.policies, [["new awsnative.lambda.Permission 'from-s3'", 'resource']]);
  assert.deepEqual(placesOf(readNative.analysis.problems, ['lambda-permission-source']), [['lambda-permission-source', native.spans[0]]]);
  assert.deepEqual(
    readNative.analysis.policies[0].policy.statements[0].resource?.values.map((value) => value.value),
    ['${my-fn}'],
  );
  const cdktf = marked(`import { TerraformStack } from 'cdktf';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
new LambdaPermission(this, 'from-s3', { action: 'lambda:InvokeFunction', functionName: fn.functionName, principal: «'s3.amazonaws.com'» });
`);
  const readCdktf = reading(cdktf.text, 'file:///infra/main.ts');
  assert.deepEqual(placesOf(readCdktf.analysis.problems, ['lambda-permission-source']), [['lambda-permission-source', cdktf.spans[0]]]);
});

test('JSON text in pulumi.interpolate is the policy, its holes values known at deploy, typed by the resource it is given to', () => {
  const { text, spans } = marked(`import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const bucket = new aws.s3.Bucket('b');
new aws.iam.Policy('read', {
  policy: pulumi.interpolate\`{
    "Version": "2012-10-17",
    "Statement": [{ "Effect": "Allow", "Action": "s3:«GetObjects»", "Resource": "\${bucket.arn}/*" }]
  }\`,
});
`);
  const { policies, errorPlaces, analysis } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [["new aws.iam.Policy 'read' › policy", 'identity']]);
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
  assert.deepEqual(
    analysis.policies[0].policy.statements[0].resource?.values.map((value) => value.value),
    ['${bucket.arn}/*'],
  );
});

test('an IoT Core policy (aws.iot.Policy) is not read as an IAM policy, nor is its document by content', () => {
  // IoT sweep: its `iot:Connection.Thing.IsAttached` key was an IAM condition-key-unknown error.
  const text = `import * as aws from "@pulumi/aws";

const iotDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "*", Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } } }] };
new aws.iot.Policy("thing", { policy: JSON.stringify(iotDocument) });
new aws.iam.Policy("reader", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObjct", Resource: "*" }] }) });
`;
  const { policies, errorPlaces } = reading(text, 'file:///infra/index.ts');
  assert.deepEqual(policies, [["new aws.iam.Policy 'reader' › policy", 'identity']]);
  assert.deepEqual(
    errorPlaces.map(([ruleId]) => ruleId),
    ['action-unknown'],
  );
});

test("a program compiled by TypeScript to CommonJS (`__importStar(require('@pulumi/aws'))`) is read as its source is", () => {
  // Pulumi components sweep: @pulumi/awsx's compiled code; a bucket policy without Principal was read as an identity
  // policy, its principal-missing error lost.
  const text = `"use strict";
const aws = __importStar(require("@pulumi/aws"));
const tslib_1 = require("tslib");
const pulumi = tslib_1.__importStar(require("@pulumi/pulumi"));
new aws.s3.BucketPolicy("p", { bucket: "b", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] }) });
`;
  const { policies, errorPlaces } = reading(text, 'file:///lib/site.js');
  assert.deepEqual(policies, [["new aws.s3.BucketPolicy 'p' › policy", 'resource']]);
  assert.deepEqual(
    errorPlaces.map(([ruleId]) => ruleId),
    ['principal-missing'],
  );
});
