import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix, cdkReading, statementValues } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { loadGoParser } from './go';
import { cdkGoReader } from './reader';

before(loadGoParser);

const STACK = `package main

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	s3 "github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

var readActions = []*string{jsii.String("s3:GetObject"), jsii.String(«"s3:ListBuckt"»)}

func NewAppStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)
	bucket := s3.NewBucket(stack, jsii.String("Data"), &s3.BucketProps{})
	role := awsiam.NewRole(stack, jsii.String("Worker"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		InlinePolicies: &map[string]awsiam.PolicyDocument{
			"ReadLogs": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
				Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("logs:GetLogEvents"), Resources: jsii.Strings("*")})},
			}),
		},
	})
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   &readActions,
		Resources: &[]*string{bucket.BucketArn(), jsii.String(fmt.Sprintf("%s/*", *bucket.BucketArn()))},
	}))
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("dynamodb:«GetItems»"),
		Resources: jsii.Strings("arn:aws:dynamodb:" + *stack.Region() + ":" + *stack.Account() + ":table/orders"),
	}))
	bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Effect:     awsiam.Effect_DENY,
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("s3:*"),
		Resources:  jsii.Strings(*bucket.ArnForObjects(jsii.String("*"))),
		Conditions: &map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "false"}},
	}))
	awsiam.NewCfnManagedPolicy(stack, jsii.String("L1"), &awsiam.CfnManagedPolicyProps{
		PolicyDocument: map[string]interface{}{
			"Version":   "2012-10-17",
			"Statement": []interface{}{map[string]interface{}{"Effect": «"allow"», "Action": "ec2:DescribeInstances", "Resource": "*"}},
		},
	})
	role.AddToPolicy(«a»wsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:PutObject")}))
	return stack
}
`;

test('a CDK stack in Go: each policy it writes, structs of props and all, named by the code, its findings at their place in the source', () => {
  const { text, spans } = marked(STACK);
  const { analysis, errors, policies, errorPlaces } = cdkReading(text, 'file:///app/app.go');
  assert.deepEqual(policies, [
    ["awsiam.NewRole 'Worker' › assumedBy", 'trust'],
    ["awsiam.NewRole 'Worker' › inlinePolicies › ReadLogs", 'identity'],
    ['role.AddToPolicy › awsiam.NewPolicyStatement', 'identity'],
    ['role.AddToPolicy › awsiam.NewPolicyStatement [2]', 'identity'],
    ['bucket.AddToResourcePolicy › awsiam.NewPolicyStatement', 'resource'],
    ["awsiam.NewCfnManagedPolicy 'L1' › policyDocument", 'identity'],
    ['role.AddToPolicy › awsiam.NewPolicyStatement [3]', 'identity'],
  ]);
  assert.deepEqual(errorPlaces, [
    // In the variable the statement names, where the value is written.
    ['action-unknown', { start: spans[0].start + 4, end: spans[0].end - 1 }],
    ['action-unknown', spans[1]],
    ['effect-value', spans[2]],
    // No resources: CDK refuses the statement at synthesis.
    ['resource-missing', spans[3]],
  ]);
  assert.equal(applyFix(text, errors[2]), text.replace(`"Effect": "allow"`, `"Effect": "Allow"`));
  assert.equal(applyFix(text, errors[0]), text.replace('"s3:ListBuckt"', '"s3:ListBucket"'));
  // `awsiam.Effect_DENY` is the Deny it names, and the map of conditions is read.
  const deny = analysis.policies[4].policy.statements[0];
  assert.equal(deny.effect?.value?.value, 'Deny');
  assert.deepEqual(
    deny.condition?.operators.map((entry) => entry.operator),
    ['Bool'],
  );
});

test('values a Go app computes are placeholders: getters, the operands of a concatenation, the arguments of fmt.Sprintf', () => {
  const { text } = marked(STACK);
  const analysis = analyzeDocument({ text, uri: 'file:///app/app.go' }, { config: defaultConfiguration });
  const holes = (policy: number) => analysis.policies[policy].policy.statements[0].resource?.values.map((value) => [value.value, value.placeholders?.map((hole) => [hole.source, hole.kind])]);
  assert.deepEqual(holes(2), [
    ['bucket.BucketArn()', [['bucket.BucketArn()', 'arn']]],
    ['${bucket.BucketArn()}/*', [['${bucket.BucketArn()}', 'arn']]],
  ]);
  assert.deepEqual(holes(3), [
    [
      'arn:aws:dynamodb:${stack.Region()}:${stack.Account()}:table/orders',
      [
        ['${stack.Region()}', 'region'],
        ['${stack.Account()}', 'account'],
      ],
    ],
  ]);
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId.startsWith('arn-')),
    [],
  );
});

test('a Go file is read as a CDK source only when it imports the CDK and writes a policy', () => {
  const uri = 'file:///app/util.go';
  const policy = 'func f() { awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*")}) }\n';
  assert.equal(analyzeDocument({ text: `package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\n${policy}`, uri }, { config: defaultConfiguration }).kind, 'cdk');
  assert.equal(analyzeDocument({ text: `package main\nimport "github.com/aws/aws-sdk-go-v2/service/iam"\n${policy}`, uri }, { config: defaultConfiguration }).kind, undefined);
});

test('Go that nests as deep as it is long (a damaged file, a long sum) is read without a crash', () => {
  const text = `package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\nvar s = awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*")})\nvar n = 1${' + 1'.repeat(20000)}\nvar t = ${'f('.repeat(5000)}\n`;
  const read = cdkGoReader.read({ text, uri: 'file:///app/long.go' });
  assert.equal(read?.policies.length, 1);
});

test('a statement in the first operand of a long sum of numbers is read: the sum is walked once, not once per operand under a depth limit', () => {
  const text = `package main\nimport "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"\nvar n = register(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings("*")}))${' + 1'.repeat(300)}\n`;
  const read = cdkGoReader.read({ text, uri: 'file:///app/sum.go' });
  assert.equal(read?.policies.length, 1);
});

test("an element written without its type (`[]map[string]interface{}{{…}}`, a map's values) is read as the literal's element type says", () => {
  const text = `package main

import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"

type M = map[string]any

func iot(stack awscdk.Stack) {
	document := map[string]interface{}{
		"Version": "2012-10-17",
		"Statement": []map[string]interface{}{
			{"Effect": "Allow", "Action": []string{"iot:Connect"}, "Resource": []string{"arn:aws:iot:*:*:client/*"}},
			{"Effect": "Allow", "Action": []string{"iot:Publsh"}, "Resource": []string{"arn:aws:iot:*:*:topic/jend/*"}},
		},
	}
	awsiam.NewCfnManagedPolicy(stack, jsii.String("Iot"), &awsiam.CfnManagedPolicyProps{PolicyDocument: document})
	awsiam.NewCfnManagedPolicy(stack, jsii.String("Aliased"), &awsiam.CfnManagedPolicyProps{PolicyDocument: M{"Version": "2012-10-17", "Statement": []M{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}})
}
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/iot.go' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.policy.statements.map((statement) => statement.action?.values.map((value) => value.value))),
    [[['iot:Connect'], ['iot:Publsh']], [['s3:GetObject']]],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['action-unknown', 'Publsh']],
  );
});

test('awsiam.Grant_AddToPrincipal with GrantOnPrincipalOptions is the statement CDK adds to the grantee: its actions on its resource ARNs', () => {
  const { text, spans } = marked(`package app

import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"

func GrantRead(grantee awsiam.IGrantable, indexArn *string) awsiam.Grant {
	return awsiam.Grant_AddToPrincipal(&awsiam.GrantOnPrincipalOptions{Grantee: grantee, Actions: &[]*string{jsii.String("s3vectors:GetVectors"), jsii.String("s3vectors:«QueryVector»")}, ResourceArns: &[]*string{indexArn}})
}
`);
  const { analysis, policies, errorPlaces } = cdkReading(text, 'file:///app/index.go');
  assert.deepEqual(policies, [['GrantRead() › awsiam.Grant_AddToPrincipal', 'identity']]);
  assert.deepEqual(statementValues(analysis), [[[['s3vectors:GetVectors', 's3vectors:QueryVector'], ['indexArn']]]]);
  assert.deepEqual(errorPlaces, [['action-unknown', spans[0]]]);
});
