/** One document of each kind the host readers read, with policies in most of the shapes each writes them: the fuzz tests' starting texts. */
export const hostSeeds: { uri: string; text: string }[] = [
  {
    uri: 'file:///fuzz/template.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Api:
    Auth:
      ResourcePolicy:
        CustomStatements: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: !If [IsProd, Allow, Deny]
                Action: [s3:GetObject, !Sub 'sqs:\${Env}']
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
  Api:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionBody:
        swagger: '2.0'
        x-amazon-apigateway-policy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]}
  Bucket: {Type: AWS::S3::Bucket}
`,
  },
  {
    uri: 'file:///fuzz/main.tf',
    text: `data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["&{aws:username}"]
    }
  }
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }] })
}
resource "aws_api_gateway_rest_api" "api" {
  body = jsonencode({ openapi = "3.0.1", "x-amazon-apigateway-policy" = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" }] } })
}
data "template_file" "t" {
  template = file("\${path.module}/policy.json.tpl")
  vars = { bucket = var.bucket }
}
resource "aws_iam_policy" "t" {
  policy = data.template_file.t.rendered
}
`,
  },
  {
    uri: 'file:///fuzz/serverless.yml',
    text: `service: orders
provider:
  name: aws
  apiGateway:
    resourcePolicy:
      - {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*/*/*}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: arn:aws:dynamodb:\${aws:region}:\${aws:accountId}:table/\${self:service}
functions:
  get: {handler: get.handler}
`,
  },
  {
    uri: 'file:///fuzz/openapi.yaml',
    text: `openapi: 3.0.1
paths: {}
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - Effect: Allow
      Principal: '*'
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringEquals: {aws:SourceVpce: vpce-0123456789abcdef0}}
`,
  },
  {
    uri: 'file:///fuzz/lib/stack.ts',
    text: `import * as iam from 'aws-cdk-lib/aws-iam';
const READ = ['s3:GetObject', \`arn:aws:s3:::\${bucket}/*\`] as const;
role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions: [...READ, "sqs:Send\\u004dessage"], resources: ['*'] }));
new iam.ManagedPolicy(this, 'P', { statements: [new iam.PolicyStatement({ actions: ['kms:Decrypt'], principals: [new iam.AnyPrincipal()], conditions: { Bool: { 'aws:SecureTransport': 'true' } } })] });
new iam.CfnRole(this, 'R', { assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } });
`,
  },
  {
    uri: 'file:///fuzz/app/stack.py',
    text: `from aws_cdk import aws_iam as iam
READ = ["s3:GetObject", f"arn:aws:s3:::{bucket}/*"]
class Stack:
    def __init__(self):
        self.role.add_to_policy(iam.PolicyStatement(effect=iam.Effect.ALLOW, actions=[*READ, "sqs:Send\\u004dessage"], resources=['*'] if prod else [r"*"]))
        iam.ManagedPolicy(self, "P", statements=[iam.PolicyStatement(actions=["kms:Decrypt"], principals=[iam.AnyPrincipal()], conditions={"Bool": {"aws:SecureTransport": "true"}}, **extra)])
        iam.CfnRole(self, "R", assume_role_policy_document={"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
`,
  },
  {
    uri: 'file:///fuzz/src/Stack.java',
    text: `import software.amazon.awscdk.services.iam.*;
class Stack {
    static final List<String> READ = List.of("s3:GetObject", "arn:aws:s3:::" + bucket + "/*");
    Stack() {
        role.addToPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(READ).resources(prod ? List.of("*") : List.of(String.format("arn:aws:sqs:%s:%s:q", region, account))).build());
        ManagedPolicy.Builder.create(this, "P").statements(List.of(new PolicyStatement(PolicyStatementProps.builder().actions(List.of("kms:Decrypt\\u0020")).principals(List.of(new AnyPrincipal())).conditions(new HashMap<String, Object>() {{ put("Bool", Map.of("aws:SecureTransport", "true")); }}).build()))).build();
        CfnRole.Builder.create(this, "R").assumeRolePolicyDocument(Map.of("Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "ec2.amazonaws.com"), "Action", "sts:AssumeRole")))).build();
    }
}
`,
  },
  {
    uri: 'file:///fuzz/src/Stack.cs',
    text: `using Amazon.CDK.AWS.IAM;
class Stack
{
    static readonly string[] Read = { "s3:GetObject", "arn:aws:s3:::" + bucket + "/*", @"s3:Put""Object" };
    Stack()
    {
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Effect = Effect.ALLOW, Actions = Read, Resources = prod ? new[] { "*" } : new[] { string.Format("arn:aws:sqs:{0}:{1}:q", Region, Account), $"arn:aws:sqs:{Region}:{Account}:{{q}}" } }));
        new ManagedPolicy(this, "P", new ManagedPolicyProps { Statements = new[] { new PolicyStatement(new PolicyStatementProps { Actions = new List<string> { "kms:Decrypt\\u0020" }, Principals = new[] { new AnyPrincipal() }, Conditions = new Dictionary<string, object> { { "Bool", new Dictionary<string, object> { ["aws:SecureTransport"] = "true" } } } }) } });
        new CfnRole(this, "R", new CfnRoleProps { AssumeRolePolicyDocument = new { Statement = new[] { new { Effect = "Allow", Principal = new { Service = "ec2.amazonaws.com" }, Action = """sts:AssumeRole""" } } } });
    }
}
`,
  },
  {
    uri: 'file:///fuzz/stack.go',
    text: `package main
import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
var read = []*string{jsii.String("s3:GetObject"), jsii.String("arn:aws:s3:::" + *bucket.BucketName() + "/*")}
func NewStack(stack awscdk.Stack) {
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Effect: awsiam.Effect_ALLOW, Actions: &read, Resources: jsii.Strings(fmt.Sprintf("arn:aws:sqs:%s:%s:q", *stack.Region(), *stack.Account()), "kms:Decrypt\\u0020")}))
	awsiam.NewManagedPolicy(stack, jsii.String("P"), &awsiam.ManagedPolicyProps{Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()}, Conditions: &map[string]interface{}{"Bool": map[string]interface{}{"aws:SecureTransport": "true"}}})}})
	awsiam.NewCfnRole(stack, jsii.String("R"), &awsiam.CfnRoleProps{AssumeRolePolicyDocument: map[string]interface{}{"Statement": []interface{}{map[string]interface{}{"Effect": "Allow", "Principal": map[string]interface{}{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}}})
}
`,
  },
  {
    uri: 'file:///fuzz/cluster.yaml',
    text: `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: c, region: us-west-2}
iam:
  serviceAccounts:
    - metadata: {name: a, namespace: kube-system}
      attachPolicy:
        Version: '2012-10-17'
        Statement: [{Effect: Allow, Action: ['autoscaling:SetDesiredCapacity'], Resource: '*'}]
managedNodeGroups:
  - name: ng
    iam: {attachPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}}
`,
  },
  {
    uri: 'file:///fuzz/iam.yaml',
    text: `apiVersion: iam.aws.upbound.io/v1beta1
kind: Role
metadata: {name: nodes}
spec:
  forProvider:
    assumeRolePolicy: |
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
---
apiVersion: iam.services.k8s.aws/v1alpha1
kind: Role
metadata: {name: app}
spec:
  inlinePolicies:
    q: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}'
`,
  },
  {
    uri: 'file:///fuzz/playbook.yml',
    text: `- name: IAM
  hosts: localhost
  tasks:
    - name: policy
      amazon.aws.iam_managed_policy:
        policy_name: "{{ name }}"
        policy:
          Version: "2012-10-17"
          Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::{{ bucket }}/*"}]
    - block:
        - iam_role:
            assume_role_policy_document: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
`,
  },
  {
    uri: 'file:///fuzz/serverless.ts',
    text: `import type { AWS } from '@serverless/typescript';
const shared = [{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } }];
const config: AWS = {
  service: 'api',
  provider: { name: 'aws', iam: { role: { statements: [...shared, { Effect: 'Allow', Action: 's3:GetObject', Resource: \`arn:aws:s3:::\${bucket}/*\` }] } } },
  functions: { hello, get: { handler: 'get.handler', iamRoleStatements: [{ Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:\${aws:region}:*:q' }] } },
  resources: { Resources: { Table: { Type: 'AWS::DynamoDB::Table' }, Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } } } },
};
module.exports = config;
`,
  },
  {
    uri: 'file:///fuzz/src/functions/bid/index.ts',
    text: `const table = { 'Fn::GetAtt': ['Table', 'Arn'] };
export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  iamRoleStatements: [{ Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: table }, { Effect: 'Allow', Action: 's3:GetObject', Resource: \`\${env.bucketArn}/*\` }],
};
export const functions = { close: { handler: 'close.main', iamRoleStatements: [{ Effect: 'Deny', Action: 'sns:*', Resource: '*' }] } };
`,
  },
  {
    uri: 'file:///fuzz/infra/index.ts',
    text: `import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const bucket = new aws.s3.Bucket('data');
const assume = aws.iam.getPolicyDocument({ statements: [{ principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }], actions: ['sts:AssumeRole'], conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }] }] });
const role = new aws.iam.Role('fn', { assumeRolePolicy: assume.then((d) => d.json), inlinePolicies: [{ name: 'logs', policy: \`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "\${bucket.arn}"}]}\` }] });
new aws.iam.RolePolicy('read', { role: role.id, policy: bucket.arn.apply((arn) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: \`\${arn}/*\` }] })) });
new aws.s3.BucketPolicy('deny', { bucket: bucket.id, policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: pulumi.interpolate\`\${bucket.arn}/*\` }] }) });
`,
  },
  {
    uri: 'file:///fuzz/infra/__main__.py',
    text: `import json
import pulumi_aws as aws

bucket = aws.s3.Bucket("data")
doc = aws.iam.get_policy_document(statements=[aws.iam.GetPolicyDocumentStatementArgs(actions=["sqs:SendMessage"], resources=["*"], principals=[{"type": "Service", "identifiers": ["sns.amazonaws.com"]}])])
aws.sqs.QueuePolicy("jobs", queue_url="q", policy=doc.json)
aws.iam.Policy("read", policy=bucket.arn.apply(lambda arn: json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{arn}/*"}]})))
aws.iam.RolePolicy("logs", role="r", policy=\"\"\"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}\"\"\")
`,
  },
  {
    uri: 'file:///fuzz/infra/Program.cs',
    text: `using System.Collections.Generic;
using System.Text.Json;
using Pulumi;
using Aws = Pulumi.Aws;
return await Deployment.RunAsync(() =>
{
    var assume = Aws.Iam.GetPolicyDocument.Invoke(new() { Statements = new[] { new Aws.Iam.Inputs.GetPolicyDocumentStatementInputArgs { Actions = new[] { "sts:AssumeRole" }, Principals = new[] { new Aws.Iam.Inputs.GetPolicyDocumentStatementPrincipalInputArgs { Type = "Service", Identifiers = new[] { "lambda.amazonaws.com" } } } } } });
    var role = new Aws.Iam.Role("worker", new() { AssumeRolePolicy = assume.Apply(d => d.Json) });
    new Aws.Iam.RolePolicy("read", new() { Role = role.Id, Policy = JsonSerializer.Serialize(new Dictionary<string, object?> { ["Version"] = "2012-10-17", ["Statement"] = new[] { new Dictionary<string, object?> { ["Action"] = new[] { "s3:GetObjekt", $"sqs:{verb}" }, ["Effect"] = "Allow", ["Resource"] = "*" } } }) });
});
`,
  },
  {
    uri: 'file:///fuzz/infra/main.go',
    text: `package main

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		assume, _ := iam.GetPolicyDocument(ctx, &iam.GetPolicyDocumentArgs{Statements: []iam.GetPolicyDocumentStatement{{Actions: []string{"sts:AssumeRole"}, Principals: []iam.GetPolicyDocumentStatementPrincipal{{Type: "Service", Identifiers: []string{"lambda.amazonaws.com"}}}}}}, nil)
		logs, _ := json.Marshal(map[string]interface{}{"Version": "2012-10-17", "Statement": []map[string]interface{}{{"Effect": "Allow", "Action": []string{"logs:PutLogEvents"}, "Resource": "*"}}})
		role, _ := iam.NewRole(ctx, "fn", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(assume.Json), InlinePolicies: iam.RoleInlinePolicyArray{&iam.RoleInlinePolicyArgs{Name: pulumi.String("logs"), Policy: pulumi.String(string(logs))}}})
		bucket, _ := s3.NewBucketV2(ctx, "data", nil)
		_, err := iam.NewRolePolicy(ctx, "read", &iam.RolePolicyArgs{Role: role.ID(), Policy: bucket.Arn.ApplyT(func(arn string) (string, error) {
			return fmt.Sprintf(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "%s/*"}]}\`, arn), nil
		}).(pulumi.StringOutput)})
		_, _ = s3.NewBucketPolicy(ctx, "deny", &s3.BucketPolicyArgs{Bucket: bucket.ID(), Policy: pulumi.String(\`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}\`)})
		return err
	})
}
`,
  },
  {
    uri: 'file:///fuzz/native/infra/index.ts',
    text: `import * as aws_native from '@pulumi/aws-native';
const trust = () => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const boundary = new aws_native.iam.ManagedPolicy('boundary', { policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, groups: ['ops'] });
const role = new aws_native.iam.Role('fn', { assumeRolePolicyDocument: trust(), permissionsBoundary: boundary.policyArn, policies: [{ policyName: 'logs', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: '*' }] } }], tags: [{ key: 'team', value: 'a' }] });
new aws_native.iam.RolePolicy('read', { roleName: role.roleName, policyName: 'read', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] } });
const jobs = new aws_native.sqs.Queue('jobs');
new aws_native.sqs.QueuePolicy('jobs', { queues: [jobs.ref], policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }] } });
new aws_native.organizations.Policy('scp', { type: 'SERVICE_CONTROL_POLICY', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] } });
`,
  },
  {
    uri: 'file:///fuzz/cdktf/main.ts',
    text: `import { TerraformStack, Fn } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import * as aws from '@cdktf/provider-aws';
export class Stack extends TerraformStack {
  build() {
    const assume = new DataAwsIamPolicyDocument(this, 'assume', { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }], condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] }] }] });
    const role = new IamRole(this, 'fn', { assumeRolePolicy: assume.json, inlinePolicy: [{ name: 'logs', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] }) }] });
    new aws.iamRolePolicy.IamRolePolicy(this, 'read', { role: role.name, policy: Fn.jsonencode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::data/*' }] }) });
  }
}
`,
  },
  {
    uri: 'file:///fuzz/cdktf/main.py',
    text: `import json
from cdktf import TerraformStack
from cdktf_cdktf_provider_aws.iam_role import IamRole, IamRoleInlinePolicy
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement


class Stack(TerraformStack):
    def __init__(self, scope, id):
        super().__init__(scope, id)
        doc = DataAwsIamPolicyDocument(self, "read", statement=[DataAwsIamPolicyDocumentStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::data/*"])])
        IamRole(self, "fn", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}), inline_policy=[IamRoleInlinePolicy(name="read", policy=doc.json)])
`,
  },
  {
    uri: 'file:///fuzz/yaml/Pulumi.yaml',
    text: `name: shop
runtime: yaml
resources:
  uploads:
    type: aws:s3:BucketV2
  worker:
    type: aws:iam:Role
    properties:
      assumeRolePolicy:
        fn::toJSON:
          Version: 2012-10-17
          Statement:
            - Effect: Allow
              Principal: { Service: lambda.amazonaws.com }
              Action: sts:AssumeRole
      inlinePolicies:
        - name: uploads
          policy:
            fn::toJSON:
              Version: 2012-10-17
              Statement:
                - Effect: Allow
                  Action: [s3:PutObject, s3:GetObject]
                  Resource: \${uploads.arn}/*
                  Condition:
                    StringLike:
                      s3:prefix: home/$\${aws:username}/*
  uploadsPolicy:
    type: aws:s3:BucketPolicy
    properties:
      bucket: \${uploads.id}
      policy: |
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "\${uploads.arn}/*"}]}
`,
  },
  {
    uri: 'file:///fuzz/sst.config.ts',
    text: `/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app: () => ({ name: 'shop', home: 'aws' }),
  async run() {
    const bucket = new sst.aws.Bucket('Uploads');
    new sst.aws.Function('Api', { handler: 'src/api.handler', permissions: [{ actions: ['s3:GetObject'], resources: [$interpolate\`\${bucket.arn}/*\`] }, { effect: 'deny', actions: ['iam:*'], resources: ['*'], conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] }] });
    new sst.Linkable('Key', { properties: {}, include: [sst.aws.permission({ actions: ['kms:Decrypt'], resources: ['*'] })] });
    new aws.iam.Role('Ci', { assumeRolePolicy: $jsonStringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] }) });
  },
});
`,
  },
  {
    uri: 'file:///fuzz/scripts/setup.sh',
    text: '#!/bin/bash\nset -euo pipefail\nACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)\nTRUST=\'{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\'\naws iam create-role --role-name app --assume-role-policy-document "$TRUST"\naws iam put-role-policy --role-name app --policy-name logs --policy-document "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"logs:PutLogEvents\\", \\"Resource\\": \\"arn:aws:logs:$AWS_REGION:$ACCOUNT_ID:*\\"}]}"\ncat > bucket-policy.json <<EOF\n{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::${BUCKET}/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}\nEOF\naws s3api put-bucket-policy --bucket "$BUCKET" --policy file://bucket-policy.json\naws sqs set-queue-attributes --queue-url "$URL" --attributes \'{"Policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"*\\"}]}"}\'\necho $\'it\\\'s\' ${X:-${Y}} <<< "here {"\n',
  },
  {
    uri: 'file:///fuzz/controllers/role.go',
    text: 'package controllers\n\nconst trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::%s:oidc-provider/%s"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`\n\nfunc create(svc *iam.IAM) {\n\tsvc.CreateRole(&iam.CreateRoleInput{AssumeRolePolicyDocument: aws.String(fmt.Sprintf(trust, account, issuer))})\n\tpolicy := PolicyDocument{Version: "2012-10-17", Statement: []StatementEntry{{Effect: "Allow", Action: []string{"s3:GetObject"}, Resource: "*"}}}\n\t_ = policy\n}\n',
  },
  {
    uri: 'file:///fuzz/src/Keys.java',
    text: 'class Keys {\n  static final String KEY_POLICY = """\n      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}\n      """;\n  static String trust(String arn) {\n    return "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"" + arn + "\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}";\n  }\n}\n',
  },
];
