import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';

let client: TestClient;
let initializeResult: unknown;
before(async () => {
  client = new TestClient();
  initializeResult = await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

function open(source: string, uri: string, languageId: string) {
  const { text, cursor } = marked(source);
  client.open(uri, text, languageId);
  return { text, lines: new LineIndex(text), position: new LineIndex(text).positionAt(cursor) };
}

/** The document after applying an item's text edit, snippet tab stops reduced to their default text. */
function applied(text: string, lines: LineIndex, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const newText =
    item.insertTextFormat === 2
      ? edit.newText
          .replace(/\$\{\d+:([^}]*)\}/g, '$1')
          .replace(/\$\d+/g, '')
          .replace(/\\([$}\\])/g, '$1')
      : edit.newText;
  return text.slice(0, lines.offsetAt(edit.range.start)) + newText + text.slice(lines.offsetAt(edit.range.end));
}

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetOb|
            Resource: arn:aws:s3:::data/*
`;

test('completion and hover over LSP in a YAML template write YAML', async () => {
  const uri = 'file:///features/template.yaml';
  const { text, lines, position } = open(template, uri, 'yaml');
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 's3:GetObject');
  assert.ok(item, 's3:GetObject offered');
  assert.equal(item.filterText, 's3:GetObject');
  assert.equal(applied(text, lines, item), template.replace('s3:GetOb|', 's3:GetObject'));
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(text.indexOf('data/*')) });
  assert.match((hover.contents as { value: string }).value, /^\*\*ARN\*\* `arn:aws:s3:::data\/\*`/);
});

const service = `service: reader
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetOb|
          Resource: arn:aws:s3:::\${self:custom.bucket}/*
`;

test('completion in a serverless.yml writes YAML, as in a template', async () => {
  const uri = 'file:///features/serverless.yml';
  const { text, lines, position } = open(service, uri, 'yaml');
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 's3:GetObject');
  assert.ok(item, 's3:GetObject offered');
  assert.equal(applied(text, lines, item), service.replace('s3:GetOb|', 's3:GetObject'));
});

/**
 * Completes `s3:GetOb|` in a CDK source to `s3:GetObject`, written in the literal's own quotes (`quote`), and hovers
 * the ARN `arn:aws:s3:::data/*` the same source writes: the same behaviour asserted in each language CDK is written in.
 */
async function completeAndHoverCdk(stack: string, uri: string, language: string, quote: string): Promise<void> {
  const { text, lines, position } = open(stack, uri, language);
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 's3:GetObject');
  assert.ok(item, 's3:GetObject offered');
  assert.equal(applied(text, lines, item), stack.replace(`${quote}s3:GetOb|${quote}`, `${quote}s3:GetObject${quote}`));
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(text.indexOf('data/*')) });
  assert.match((hover.contents as { value: string }).value, /^\*\*ARN\*\* `arn:aws:s3:::data\/\*`/);
}

const cdkStack = `import * as iam from 'aws-cdk-lib/aws-iam';
export function grant(role: iam.Role): void {
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetOb|'], resources: ['arn:aws:s3:::data/*'] }));
}
`;

test('completion and hover over LSP in a CDK source write its string literals in their quotes', () => completeAndHoverCdk(cdkStack, 'file:///features/lib/stack.ts', 'typescript', "'"));

const pythonStack = `from aws_cdk import aws_iam as iam


def grant(role: iam.Role) -> None:
    role.add_to_policy(iam.PolicyStatement(actions=["s3:GetOb|"], resources=["arn:aws:s3:::data/*"]))
`;

test('completion and hover over LSP in a Python CDK source write its string literals in their quotes', () => completeAndHoverCdk(pythonStack, 'file:///features/app/stack.py', 'python', '"'));

const javaStack = `import software.amazon.awscdk.services.iam.*;
import java.util.List;

class Grants {
    static void grant(Role role) {
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetOb|")).resources(List.of("arn:aws:s3:::data/*")).build());
    }
}
`;

test('completion and hover over LSP in a Java CDK source, in its builders', () => completeAndHoverCdk(javaStack, 'file:///features/app/src/main/java/Grants.java', 'java', '"'));

const csharpStack = `using Amazon.CDK.AWS.IAM;

class Grants
{
    static void Grant(Role role)
    {
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "s3:GetObjekt", "s3:GetOb|" }, Resources = new[] { "arn:aws:s3:::data/*" } }));
    }
}
`;

test('a C# CDK source over LSP: its grammar loads when the first one opens, then its findings, completion and hover', async () => {
  const uri = 'file:///features/app/src/Grants.cs';
  const { text, lines } = open(csharpStack, uri, 'csharp');
  // The server reads the document again once the grammar, which it loads only now, is there.
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'action-unknown'));
  const unknown = diagnostics.find((diagnostic) => diagnostic.code === 'action-unknown')!;
  assert.equal(text.slice(lines.offsetAt(unknown.range.start), lines.offsetAt(unknown.range.end)), 'GetObjekt');
  await completeAndHoverCdk(csharpStack, uri, 'csharp', '"');
});

const goStack = `package main

import "github.com/aws/aws-cdk-go/awscdk/v2/awsiam"

func grant(role awsiam.Role) {
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("s3:GetOb|"), Resources: jsii.Strings("arn:aws:s3:::data/*")}))
}
`;

test('completion and hover over LSP in a Go CDK source, in its structs of props', () => completeAndHoverCdk(goStack, 'file:///features/app/grants.go', 'go', '"'));

const pulumiProgram = `import * as aws from '@pulumi/aws';
const doc = aws.iam.getPolicyDocument({ statements: [{ actions: ['s3:GetOb|'], resources: ['arn:aws:s3:::data/*'] }] });
new aws.iam.Policy('read', { policy: doc.then((d) => d.json) });
`;

test('completion and hover over LSP in a Pulumi program, in getPolicyDocument arguments', () => completeAndHoverCdk(pulumiProgram, 'file:///features/infra/index.ts', 'typescript', "'"));

const pulumiPython = `import json
import pulumi_aws as aws

aws.iam.Policy("read", policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetOb|", "Resource": "arn:aws:s3:::data/*"}]}))
`;

test('completion and hover over LSP in a Pulumi program in Python, in json.dumps of a policy', () => completeAndHoverCdk(pulumiPython, 'file:///features/infra/__main__.py', 'python', '"'));

const terraform = `data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::data/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTr|"
      values   = ["true"]
    }
  }
}
`;

test('completion and hover over LSP in a .tf file write HCL', async () => {
  const uri = 'file:///features/main.tf';
  const { text, lines, position } = open(terraform, uri, 'terraform');
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 'aws:SecureTransport');
  assert.ok(item, 'aws:SecureTransport offered');
  assert.equal(item.filterText, '"aws:SecureTransport');
  assert.equal(applied(text, lines, item), terraform.replace('aws:SecureTr|', 'aws:SecureTransport'));
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(text.indexOf('GetObject')) });
  assert.match((hover.contents as { value: string }).value, /^\*\*s3:GetObject\*\* · Read/);
});

const yamlTemplate = `Version: "2012-10-17"
Statement:
- Sid: Read
  Effect: Allow
  Action:
  - s3:GetOb|
  Resource: arn:\${partition}:s3:::\${bucket}/*
`;

test('completion, hover and diagnostics over LSP in a YAML policy template (yamldecode(templatefile()))', async () => {
  const uri = 'file:///features/templates/read.yaml.tftpl';
  const { text, lines, position } = open(yamlTemplate, uri, 'terraform');
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 's3:GetObject');
  assert.ok(item, 's3:GetObject offered');
  assert.equal(applied(text, lines, item), yamlTemplate.replace('s3:GetOb|', 's3:GetObject'));
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(text.indexOf('s3:::')) });
  assert.match((hover.contents as { value: string }).value, /^\*\*ARN\*\* `arn:\$\{partition\}:s3:::\$\{bucket\}\/\*`/);
  // The unfinished action is the one finding, where it is written; the template's placeholders are none.
  const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    published.map((d) => [d.code, text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end))]),
    [['action-unknown', 'GetOb']],
  );
});

/** Completion as the editor asks for it right after typing `{`. */
async function afterBrace(source: string, uri: string, languageId: string) {
  const { text, lines, position } = open(source, uri, languageId);
  const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: '{' } });
  return { text, lines, items: list?.items ?? [] };
}

test('typed { completes names in a !Sub string, policy variables written ${!…} among them', async () => {
  const source = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${|'
`;
  const { text, lines, items } = await afterBrace(source, 'file:///brace/template.yaml', 'yaml');
  const labels = items.map((item) => item.label);
  assert.deepEqual(labels.slice(0, 8), ['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'Data', 'Reader']);
  // As the editor shows them (by sortText): the Sub's names first, before the policy variables.
  const shown = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
  assert.deepEqual(shown.slice(0, 8), ['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix', 'Data', 'Reader']);
  assert.ok(items.every((item) => item.kind === 6 /* Variable */));
  assert.equal(
    applied(
      text,
      lines,
      items.find((item) => item.label === 'Data')!,
    ),
    source.replace('${|', '${Data}'),
  );
  const variable = items.find((item) => item.label === 'aws:username');
  assert.ok(variable, 'policy variables offered in a policy Resource');
  assert.equal(applied(text, lines, variable), source.replace('${|', '${!aws:username}'));
});

test('typed { opens nothing where it starts no variable: JSON punctuation, YAML flow mappings, Terraform interpolation', async () => {
  const policy = await afterBrace('{"Version": "2012-10-17", "Statement": [{|]}', 'file:///brace/policy.json', 'json');
  assert.deepEqual(policy.items, []);
  const flow = await afterBrace(
    `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - {|\n`,
    'file:///brace/flow.yaml',
    'yaml',
  );
  assert.deepEqual(flow.items, []);
  const interpolation = await afterBrace(
    'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::${|"]\n  }\n}\n',
    'file:///brace/main.tf',
    'terraform',
  );
  assert.deepEqual(interpolation.items, []);
});

test('typed { after $ in a policy file and after & in Terraform offers the policy variables only', async () => {
  const policy = await afterBrace('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/${|"}]}', 'file:///brace/vars.json', 'json');
  assert.ok(policy.items.length > 0 && policy.items.every((item) => item.kind === 6 /* Variable */));
  const username = policy.items.find((item) => item.label === 'aws:username')!;
  assert.equal(applied(policy.text, policy.lines, username), policy.text.replace('${', '${aws:username}'));
  const terraform = await afterBrace(
    'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::data/&{|"]\n  }\n}\n',
    'file:///brace/vars.tf',
    'terraform',
  );
  const tfUsername = terraform.items.find((item) => item.label === 'aws:username');
  assert.ok(tfUsername, 'aws:username offered after &{');
  assert.equal(applied(terraform.text, terraform.lines, tfUsername), terraform.text.replace('&{', '&{aws:username}'));
});

test('the server asks the editor for completion on {', async () => {
  const result = initializeResult as { capabilities: { completionProvider: { triggerCharacters: string[] } } };
  assert.deepEqual(result.capabilities.completionProvider.triggerCharacters, ['"', ':', '{']);
});
