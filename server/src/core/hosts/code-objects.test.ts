import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { codeCSharpObjectReader, codeGoObjectReader, codeJavaObjectReader, codeObjectReader, codePythonObjectReader } from './code-objects';

before(async () => {
  await codePythonObjectReader.prepare!();
  await codeGoObjectReader.prepare!();
  await codeJavaObjectReader.prepare!();
  await codeCSharpObjectReader.prepare!();
});

const analyze = (text: string, uri: string) => analyzeDocument({ text, uri }, { config: defaultConfiguration });
const errorsAndWarnings = (analysis: ReturnType<typeof analyze>) =>
  analysis.problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning').map((problem) => [problem.ruleId, problem.span]);

test('a policy a TypeScript module exports as an object is checked where it is written, named by its variable', () => {
  // aws-quickstart/cdk-eks-blueprints' Karpenter add-on (Kubernetes sweep): "not an IAM policy", iam:PassRole on "*" unreported.
  const { text, spans } = marked(`export const KarpenterControllerPolicy = {
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": ["ec2:CreateFleet", «"iam:PassRole"», "ec2:«RunInstanse»"], "Resource": "*" }]
};
`);
  const analysis = analyze(text, 'file:///app/lib/addons/karpenter/iam.ts');
  assert.equal(analysis.kind, 'code');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['KarpenterControllerPolicy', 'identity']],
  );
  assert.deepEqual(
    errorsAndWarnings(analysis).filter(([ruleId]) => ruleId === 'pass-role-wildcard' || ruleId === 'action-unknown'),
    [
      ['pass-role-wildcard', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});

test('a policy given to the SDK as JSON.stringify({ … }) is typed by the key it is given under', () => {
  const { text, spans } = marked(`const { IAMClient, CreateRoleCommand } = require('@aws-sdk/client-iam');
await new IAMClient({}).send(new CreateRoleCommand({
  RoleName: 'worker',
  AssumeRolePolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: «'lamda.amazonaws.com'» }, Action: 'sts:AssumeRole' }],
  }),
}));
`);
  const analysis = analyze(text, 'file:///scripts/create-role.js');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['trust'],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['principal-service-unknown', spans[0]]]);
});

test("objects that are not IAM's shape, and sources without an IAM Version, are not claimed; a CDK app stays the CDK reader's", () => {
  const read = (text: string, uri = 'file:///src/x.ts', config = defaultConfiguration) => codeObjectReader.read({ text, uri, config });
  assert.equal(read("const query = { Statement: 'SELECT 1', Version: '2012-10-17' };"), undefined);
  assert.equal(read("const q = { Version: '2012-10-17', Statement: [], Parameters: {} };"), undefined);
  assert.equal(read("const dp = { Name: 'x', Version: '2021-06-01', Statement: [{ Sid: 'a' }] };"), undefined);
  assert.equal(read("const p = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };"), undefined);
  assert.equal(read("const p = { Version: '2012-10-17', Statement: [] };", 'file:///src/types.d.ts'), undefined);
  assert.equal(read("const p = { Version: '2012-10-17', Statement: [] };", 'file:///src/x.ts', { ...defaultConfiguration, detectByContent: false }), undefined);
  const cdk = analyze(
    "import * as iam from 'aws-cdk-lib/aws-iam';\nexport const doc = iam.PolicyDocument.fromJson({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });\n",
    'file:///app/lib/stack.ts',
  );
  assert.equal(cdk.kind, 'cdk');
  assert.equal(cdk.policies.length, 1);
});

test("a boto3 script's dicts given to json.dumps are read as Python writes them, typed by the keyword they are given as", () => {
  const { text, spans } = marked(`import json
import boto3

iam = boto3.client("iam")
iam.create_role(
    RoleName="worker",
    AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)
policy = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": «"allow"», "Action": ["s3:«GetObjects»"], "Resource": f"arn:aws:s3:::{bucket}/*"}],
}
iam.put_role_policy(RoleName="worker", PolicyName="read", PolicyDocument=json.dumps(policy))
`);
  const analysis = analyze(text, 'file:///scripts/setup.py');
  assert.equal(analysis.kind, 'code');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['iam.create_role › AssumeRolePolicyDocument', 'trust'],
      ['policy', 'identity'],
    ],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [
    ['effect-value', spans[0]],
    ['action-unknown', spans[1]],
  ]);
  assert.equal(codePythonObjectReader.read({ text: 'query = {"Statement": "SELECT 1", "Version": "2012-10-17"}\n', uri: 'file:///x.py', config: defaultConfiguration }), undefined);
});

test('a policy is typed where its text goes: a variable given to json.dumps under a key, a Policy given to an STS call that makes a session', () => {
  // Code sweep: a Python trust policy in a variable was checked as an identity policy; a session policy too.
  const text = `import json, boto3
trust = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "*"}],
}
boto3.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))
session = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
boto3.client("sts").assume_role(RoleArn="arn:aws:iam::111122223333:role/r", RoleSessionName="s", Policy=json.dumps(session))
`;
  assert.deepEqual(
    analyze(text, 'file:///scripts/roles.py').policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['trust', 'trust'],
      ['session', 'session'],
    ],
  );
  const js = `await sts.assumeRole({ RoleArn: arn, RoleSessionName: 's', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }).promise();\n`;
  assert.deepEqual(
    analyze(js, 'file:///src/session.js').policies.map((policy) => [policy.name, policy.policyType]),
    [['sts.assumeRole › Policy', 'session']],
  );
});

test('an object written `{ Version, Statement }` of constants is read through them', () => {
  // krolow/queue-run (code sweep): its Lambda role's policy went unread, and with it a misspelt SQS action.
  const { text, spans } = marked(`const Version = '2012-10-17';
const Statement = [{ Effect: 'Allow', Action: ['sqs:«ChangeMessageVisibilityBatch»'], Resource: '*' }];
export const policy = { Version, Statement };
`);
  const analysis = analyze(text, 'file:///src/deploy/lambdaRole.ts');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a placeholder for `arn:` and the partition together is read as such: the statement names buckets and objects of S3', () => {
  // artilleryio (code sweep): "on this statement's resources, 0 of them apply" for s3:* on a bucket and its objects.
  const text =
    "class Deploy { policy() { return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: [`${this.arnPrefix}:s3:::${this.bucket}`, `${this.arnPrefix}:s3:::${this.bucket}/*`] }] }; } }\n";
  const [finding] = analyze(text, 'file:///src/deploy.js').problems.filter((problem) => problem.ruleId === 'wildcard-action');
  assert.match(finding.message, /on this statement's resources, \d+ of them apply \(/);
  assert.doesNotMatch(finding.message, / 0 of them apply/);
});

test('a policy written as JSON text in a string or template literal is read inside it, typed by the key it is given under', () => {
  // artilleryio's Lambda role (code sweep): a template literal hid s3:HeadObject, which is no action.
  const { text, spans } = marked(`const policy = \`{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": ["s3:«HeadObject»"], "Resource": "arn:aws:s3:::\${bucket}/*" }]
}\`;
await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' }));
`);
  const analysis = analyze(text, 'file:///src/deploy.js');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['policy', 'identity'],
      ['new CreateRoleCommand (line 5) › AssumeRolePolicyDocument', 'trust'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  // Text that is no IAM policy (no IAM Version) is not claimed.
  assert.equal(codeObjectReader.read({ text: 'const q = `{"Statement": "SELECT 1", "Version": "2012-10-17"}`;\n', uri: 'file:///x.js', config: defaultConfiguration })?.policies.length ?? 0, 0);
});

test('a Policy given to any other SDK call is a resource policy; pieces of a longer text and stubs the code fills are not read', () => {
  // Code sweep 2: prowler's KMS key policy without a principal was read as an identity policy (3 FALSE); policyuniverse's
  // text built with `+` was read piece by piece; a Statement filled by `doc.Statement[0] = …` drew empty-value.
  const text = `import json, boto3
kms = boto3.client("kms")
kms.create_key(Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}))
boto3.client("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]})})
policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]})
wrapper.get_federation_token(name="user", policy=policy)
PIECES = '{"Version":"2008-10-17","Statement":[' + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}' + ']}'
STUB = {"Version": "2012-10-17", "Statement": []}
`;
  const analysis = analyze(text, 'file:///tests/kms_test.py');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['kms.create_key › Policy', 'resource'],
      ['boto3.client("sqs").set_queue_attributes › Attributes › Policy', 'resource'],
      ['policy', 'session'],
    ],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
    ['principal-missing'],
  );
});

test("AWS IoT Core policies, which share IAM's grammar, are not read; a Python call's keywords are typed by where the call goes", () => {
  // Code sweeps 2 and 3: salt's mocked IoT response, an IoT custom authorizer's answer and a thing policy were read as
  // identity policies; troposphere's ECR repository policy built by awacs' PolicyDocument(…) as an identity policy.
  const iot = `policy_ret = dict(policyName="p", policyDocument='{"Version": "2012-10-17", "Statement": [{"Action": ["iot:Publish"], "Resource": ["*"], "Effect": "Allow"}]}', policyArn="arn:aws:iot:us-east-1:123456789012:policy/p")
boto_iot.create_policy(policyName="p", policyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}))
THING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:*:*:topic/\${iot:Connection.Thing.ThingName}"}]}
`;
  assert.equal(codePythonObjectReader.read({ text: iot, uri: 'file:///tests/test_boto_iot.py', config: defaultConfiguration }), undefined);
  const authorizer = `const result = { isAuthenticated: true, principalId: 'x', policyDocuments: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iot:Publish', Resource: '*' }] }] };\n`;
  assert.equal(codeObjectReader.read({ text: authorizer, uri: 'file:///src/authorizer.ts', config: defaultConfiguration }), undefined);
  const ecr = `from awacs.aws import PolicyDocument, Statement, Allow
Repository("Repo", RepositoryName="app", RepositoryPolicyText=PolicyDocument(Version="2012-10-17", Statement=[Statement(Sid="Push", Effect=Allow)]))
`;
  assert.deepEqual(
    analyze(ecr, 'file:///examples/ecr.py').policies.map((policy) => [policy.name, policy.policyType]),
    [['Repository (line 2) › RepositoryPolicyText', 'resource']],
  );
});

test('a policy a Python test expects in an assert is read', () => {
  // aws-powertools' authorizer tests (code sweep 3): ten policies in `assert … == {…}` went unread.
  const { text, spans } = marked(`def test_deny_all():
    assert build() == {
        "principalId": "user",
        "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:«Invok»", "Effect": "Deny", "Resource": ["*"]}]},
    }
`);
  const analysis = analyze(text, 'file:///tests/test_authorizer.py');
  assert.equal(analysis.policies.length, 1);
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('an empty string or list in a policy object is a stub the code fills, not an empty value; in JSON text it is what deploys', () => {
  // AWS's SDK example for PutBucketPolicy (code sweep 1) and a Python module of templates (S3 sweep).
  const { text, spans } = marked(`const readOnlyAnonUserPolicy = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AddPerm", Effect: "Allow", Principal: «"*"», Action: ["s3:GetObject"], Resource: [""] }],
};
readOnlyAnonUserPolicy.Statement[0].Resource[0] = bucketResource;
const written = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": «""»}]}';
`);
  const analysis = analyze(text, 'file:///examples/s3_putbucketpolicy.js');
  assert.deepEqual(
    errorsAndWarnings(analysis).map(([ruleId, span]) => [ruleId, span]),
    [
      ['resource-public', spans[0]],
      ['arn-format', spans[1]],
    ],
  );
  const python = analyze(
    `BATCH_COPY_IAM_POLICY_TEMPLATE = {
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": []},
    {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ""}
  ]
}
`,
    'file:///resources/iam/batch_copy_role.py',
  );
  assert.deepEqual(errorsAndWarnings(python), []);
});

test('a Go program gives the SDK a policy as a raw string; fmt.Sprintf verbs are values it fills in, and an IoT fixture is not claimed', () => {
  // iclinic/iam-role-operator and a varnish purge service (Go and Java sweep): "%s" in ARNs drew principal-format and arn-format errors.
  const { text, spans } = marked(`package controllers

import (
	"fmt"
	"github.com/aws/aws-sdk-go/service/iam"
)

const assumeRolePolicyDoc = \`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::%s:oidc-provider/%s"},
    "Action": "sts:«AssumeRoleWithWebIdentiy»",
    "Condition": {"StringEquals": {"%s:sub": "system:serviceaccount:%s:%s"}}
  }]
}\`

var testIoTPolicyDocument = \`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}]}\`

func create(svc *iam.IAM, account, issuer, namespace, name string) {
	svc.CreateRole(&iam.CreateRoleInput{
		AssumeRolePolicyDocument: aws.String(fmt.Sprintf(assumeRolePolicyDoc, account, issuer, issuer, namespace, name)),
	})
}
`);
  const analysis = analyze(text, 'file:///repo/controllers/role.go');
  assert.equal(analysis.kind, 'code');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['assumeRolePolicyDoc'],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['action-unknown', spans[0]]]);
});

test('a Go constant declared in a function and given to a struct is one policy, not one for each place it is read', () => {
  // aws-application-networking-k8s' IAM auth policy test (VPC Lattice sweep) counted its one policy twice.
  const text = `package integration

var _ = Describe("IAM Auth Policy", func() {
	const Policy = \`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}\`

	newPolicy := func(name string) anv1alpha1.IAMAuthPolicy {
		return anv1alpha1.IAMAuthPolicy{Spec: anv1alpha1.IAMAuthPolicySpec{Policy: Policy}}
	}
})
`;
  const analysis = analyze(text, 'file:///repo/test/iamauthpolicy_test.go');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['Policy'],
  );
});

test('a Java program writes a policy as a string or a concatenation; what it concatenates is a value known when it runs', () => {
  // awsdocs' CreatePolicy and SetKeyPolicy examples, strongbox's IAMHelper (Go and Java sweep).
  const { text, spans } = marked(`package com.example;

public class Roles {
  static final String KEY_POLICY = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Sid\\": \\"Admin\\", \\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"arn:aws:iam::111122223333:root\\"}, \\"Action\\": \\"kms:«Decript»\\", \\"Resource\\": \\"*\\"}]}";

  private static String trust(String userArn) {
    return "{ \\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{ \\"Effect\\": \\"Allow\\", \\"Principal\\": { \\"AWS\\": \\"" + userArn + "\\" }, \\"Action\\": \\"sts:AssumeRole\\" }] }";
  }
}
`);
  const analysis = analyze(text, 'file:///repo/src/main/java/com/example/Roles.java');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['KEY_POLICY', 'resource'],
      ['trust()', 'trust'],
    ],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['action-unknown', spans[0]]]);
});

test("a Go struct of the SDK's input type types its policy; IoT's structs and a Java program of IoT's SDK alone are not claimed", () => {
  // kopia's MinIO test (a session policy in &sts.AssumeRoleInput{…}), an IoT test suite and an IoT device service (Go and Java sweep 2).
  const go = [
    'package storage',
    '',
    'func TestSession(t *testing.T) {',
    '\tinput := &sts.AssumeRoleInput{',
    '\t\tPolicy: aws.String(fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::%s/*"}]}`, bucket)),',
    '\t}',
    '\t_, _ = client.CreatePolicyVersion(ctx, &iot.CreatePolicyVersionInput{',
    '\t\tPolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}`),',
    '\t})',
    '}',
    '',
  ].join('\n');
  const goAnalysis = analyze(go, 'file:///repo/storage/s3_storage_test.go');
  assert.deepEqual(
    goAnalysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['input › policy', 'session']],
  );
  assert.deepEqual(errorsAndWarnings(goAnalysis), []);
  const java = [
    'import com.amazonaws.services.iot.AWSIotClient;',
    'import com.amazonaws.services.iot.model.CreatePolicyRequest;',
    '',
    'class DeviceService {',
    '  private String defaultPolicy(String thing) {',
    '    return "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": [\\"iot:Connect\\"], \\"Resource\\": [\\"*\\"]}]}";',
    '  }',
    '}',
    '',
  ].join('\n');
  assert.equal(analyze(java, 'file:///repo/src/main/java/DeviceService.java').policies.length, 0);
});

test('a Java text block holds a policy as written, its indentation stripped, and is checked where it is written', () => {
  const { text, spans } = marked(
    [
      'class Keys {',
      '  static final String KEY_POLICY = """',
      '      {',
      '        "Version": "2012-10-17",',
      '        "Statement": [{"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:«Decript»", "Resource": "*"}]',
      '      }',
      '      """;',
      '}',
      '',
    ].join('\n'),
  );
  const analysis = analyze(text, 'file:///repo/src/main/java/Keys.java');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['KEY_POLICY', 'resource']],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['action-unknown', spans[0]]]);
});

test("a Go struct a program declares for a policy's JSON, its fields named as IAM's elements, is read as written", () => {
  // awsdocs' iam_createpolicy.go (Go and Java sweep): PolicyDocument{Version, Statement: []StatementEntry{…}} given to json.Marshal.
  const { text, spans } = marked(
    [
      'package main',
      '',
      'type StatementEntry struct {',
      '\tEffect   string',
      '\tAction   []string',
      '\tResource string',
      '}',
      '',
      'func main() {',
      '\tpolicy := PolicyDocument{',
      '\t\tVersion: "2012-10-17",',
      '\t\tStatement: []StatementEntry{',
      '\t\t\t{Effect: "Allow", Action: []string{"dynamodb:GetItem", "dynamodb:«GetItems»"}, Resource: "arn:aws:dynamodb:us-east-1:111122223333:table/orders"},',
      '\t\t},',
      '\t}',
      '\tb, _ := json.Marshal(&policy)',
      '\t_, _ = svc.CreatePolicy(&iam.CreatePolicyInput{PolicyDocument: aws.String(string(b)), PolicyName: aws.String("orders")})',
      '}',
      '',
    ].join('\n'),
  );
  const analysis = analyze(text, 'file:///repo/iam_createpolicy.go');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['policy', 'identity']],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['action-unknown', spans[0]]]);
});

test('a C# program gives the SDK a policy in a verbatim or raw string, or a concatenation of verbatim strings', () => {
  // EmbassyAirlines' IdentityService, aws-janitor's RoleController, Brighter's scheduler factory (SDK sweep): none was read.
  const { text, spans } = marked(`using Amazon.IdentityManagement;
using Amazon.IdentityManagement.Model;

public class Roles
{
    public async Task Create(AmazonIdentityManagementServiceClient client, string accountArn)
    {
        await client.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "lambda",
            AssumeRolePolicyDocument = @"{
                ""Version"": ""2012-10-17"",
                ""Statement"": [{ ""Effect"": ""Allow"", ""Principal"": { ""Service"": ""lambda.amazonaws.com"" }, ""Action"": ""sts:«AssumeRol»"" }]
            }"
        });
        await client.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "janitor",
            AssumeRolePolicyDocument = @"{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""AWS"":""" + accountArn + @"""},""Action"":""sts:AssumeRole"",""Condition"":«{}»}]}"
        });
        await client.CreatePolicyAsync(new CreatePolicyRequest
        {
            PolicyName = "send",
            PolicyDocument = """
                {
                    "Version": "2012-10-17",
                    "Statement": [{ "Effect": "Allow", "Action": ["sqs:«SendMesage»"], "Resource": "arn:aws:sqs:*:*:orders" }]
                }
                """
        });
    }
}
`);
  const analysis = analyze(text, 'file:///repo/src/Roles.cs');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['trust', 'trust', 'identity'],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [
    ['action-unknown', spans[0]],
    ['empty-value', spans[1]],
    ['action-unknown', spans[2]],
  ]);
});

test('a C# policy in a variable is typed where the variable is given; a $$""" raw string is read with its {{holes}} as values', () => {
  // AWS's SDK for .NET STS example (C# sweep): `var policy = @"…"` then `new AssumeRoleRequest() { Policy = policy }`
  // was read as an identity policy, with four false warnings; two bucket initializers' $$""" policies went unread.
  const { text, spans } = marked(`using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;

public class Examples
{
    public async Task Run(IAmazonS3 s3, string bucket)
    {
        var policy = @"{""Version"": ""2012-10-17"", ""Statement"": [{""Effect"": ""Allow"", ""Action"": ""s3:*"", ""Resource"": [""*""]}]}";
        var request = new AssumeRoleRequest()
        {
            RoleArn = "arn:aws:iam::111122223333:role/reader",
            Policy = policy
        };
        var bucketPolicy = $$"""
            { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": «"*"», "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{{bucket}}/*" }] }
            """;
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = bucketPolicy });
    }
}
`);
  const analysis = analyze(text, 'file:///repo/src/Examples.cs');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['policy', 'session'],
      ['bucketPolicy', 'resource'],
    ],
  );
  assert.deepEqual(errorsAndWarnings(analysis), [['resource-public', spans[0]]]);
  assert.deepEqual(
    analysis.policies[1]!.policy.statements[0]!.resource?.values[0]?.placeholders?.map((hole) => hole.source),
    ['${bucket}'],
  );
});

test('a value that starts with a $name the program substitutes (string.Template) is a placeholder, each finding still at its place', () => {
  // Backup sweep: CloudCopyCat's replication role template, `"Resource": "$src_bucket/#all/object_arn"`, gave 6
  // arn-format errors.
  const { text, spans } = marked(`REPLICATION_POLICY_TEMPLATE = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:«GetObjct»"], "Resource": "$src_bucket/#all/object_arn"},
        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": «"$src_kms_key/#all/arn"»},
    ],
}
`);
  const analysis = analyze(text, 'file:///configs/iam/replication_role.py');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  const resource = analysis.policies[0].policy.statements[1].resource!.values[0];
  assert.equal(resource.value, '${src_kms_key}/#all/arn');
  assert.deepEqual(resource.mapSpan!(0, resource.value.length), { start: spans[1].start + 1, end: spans[1].end - 1 });
  assert.deepEqual(resource.mapSpan!(14, 18), { start: spans[1].start + 13, end: spans[1].start + 17 });
});

test("a Transfer Family identity provider's answer gives its Policy as the session's scope-down policy", () => {
  // Transfer sweep: the Policy of `{ Role, Policy, HomeDirectory }` was typed a resource policy, with two
  // principal-missing errors.
  const text = `export const handler = async () => ({
  body: JSON.stringify({
    Role: process.env.SFTP_ROLE_ARN,
    Policy: \`{"Version": "2012-10-17", "Statement": [{"Sid": "Home", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::\\\${transfer:HomeDirectory}*"}]}\`,
    HomeDirectory: '/bucket/home',
  }),
});
`;
  const analysis = analyze(text, 'file:///src/authftp.ts');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['session'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error'),
    [],
  );
});

test('an API Gateway authorizer\'s answer is checked for its syntax, not for what a "*" would grant beyond the call it answers', () => {
  // Lambda authorizer sweep: `{"principalId": …, "policyDocument": {…"Action": "*", "Resource": event["methodArn"]}}`
  // was said to allow every action of every service.
  const { text, spans } = marked(`def handler(event, context):
    return {
        "principalId": "user",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "*", "Effect": "Allow", "Resource": event["methodArn"]},
                {"Action": "execute-api:«Invok»", "Effect": "Allow", "Resource": event["methodArn"]},
            ],
        },
    }
`);
  const analysis = analyze(text, 'file:///src/authorizer.py');
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity !== 'hint').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  // Elsewhere the same document grants "*".
  const elsewhere = analyze(text.replace('"principalId": "user",', '"name": "user",'), 'file:///src/authorizer.py');
  assert.deepEqual(
    elsewhere.problems.filter((problem) => problem.severity !== 'hint').map((problem) => problem.ruleId),
    ['wildcard-action', 'action-unknown'],
  );
});

test('a policy kept in a dictionary of policies is typed where the dictionary is looked up and given', () => {
  // Session sweep: console federation's scope-down policies, `SCOPED_POLICIES.get(kind, {…})` given to
  // get_federation_token, were typed identity and drew a wildcard-resource warning.
  const text = `import json
import boto3

SCOPED_POLICIES = {
    "lambda": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]},
}


def federate(kind):
    policy = SCOPED_POLICIES.get(kind, {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]})
    return boto3.client("sts").get_federation_token(Name="portal", Policy=json.dumps(policy))
`;
  const analysis = analyze(text, 'file:///portal/console_federation.py');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policyType),
    ['session', 'session'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'warning'),
    [],
  );
  // A dictionary nothing looks up into a given variable says nothing of its policies' type: their content does.
  const unused = analyze(text.replace('Policy=json.dumps(policy)', 'Tags=[]'), 'file:///portal/console_federation.py');
  assert.deepEqual(
    unused.policies.map((policy) => policy.policyType),
    ['identity', 'identity'],
  );
});

test("the serverless-pseudo-parameters plugin's #{AWS::Region} in a resource module a service file takes is a value known at deploy", () => {
  // A role module of a Serverless service (`resources: ${file(roles/execution_role.js)}`), orchestration sweep: an error.
  const role = (service: string) => `module.exports = () => ({
  Type: "AWS::IAM::Role",
  Properties: {
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: [${service}] }, Action: ["sts:AssumeRole"] }]
    }
  }
});
`;
  // A regional principal of Step Functions: no error, and the trust policy still wants its source condition.
  assert.deepEqual(
    errorsAndWarnings(analyze(role('"states.#{AWS::Region}.amazonaws.com"'), 'file:///app/roles/execution_role.js')).map(([rule]) => rule),
    ['trust-confused-deputy'],
  );
  const { text, spans } = marked(role('«"states.REGION.amazonaws.com"»'));
  assert.deepEqual(errorsAndWarnings(analyze(text, 'file:///app/roles/execution_role.js')), [['principal-service-format', spans[0]]]);
});

test('a policy the program names a session policy, in its variable or its function, is typed as one', () => {
  // A Terraform wrapper that renders the session policy of the role it assumes per target (DynamoDB sweep): read as an
  // identity policy, its `"Action": "*"` beside NotResource drew four warnings a session policy, which only narrows, does not.
  const text = `import json

def render_target_session_policy(bucket_arn: str) -> str:
    statements = [{"Effect": "Allow", "Action": "*", "NotResource": [f"{bucket_arn}*"]}]
    policy = {"Version": "2012-10-17", "Statement": statements}
    return json.dumps(policy)

def render_role_policy(bucket_arn: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket_arn}/*"}]})
`;
  const analysis = analyze(text, 'file:///repo/wrapper/policies.py');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['policy', 'session'],
      ['render_role_policy()', 'identity'],
    ],
  );
});
