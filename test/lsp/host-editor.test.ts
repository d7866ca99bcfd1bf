// Templates and .tf files through the bundled server (run `node esbuild.mjs` first), as an editor sends them:
// which YAML documents get anything, the status notification, the outline, the lenses, and a simulation of a
// template policy with the role's other policies and a placeholder that decides.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, DocumentSymbol } from 'vscode-languageserver-protocol';
import type { PolicyStatusParams, SimulationResult } from '../../server/src/protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(async () => {
  await client.shutdown();
});

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Reports:
    Type: AWS::S3::Bucket
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: ReadReports
                Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Reports.Arn}/*'
  Deny:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Reader]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Deny, Action: s3:GetObject, Resource: 'arn:aws:s3:::secret/*'}
`;

async function statusOf(uri: string): Promise<PolicyStatusParams> {
  for (let i = 0; i < 100; i++) {
    const found = client.statuses(uri).at(-1);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No status for ${uri}`);
}

test("a YAML template is analysed, a workflow YAML is not; the status counts the template's policies", async () => {
  const uri = 'file:///w/stack.yaml';
  client.open(uri, template, 'yaml');
  client.open('file:///w/.github/workflows/ci.yml', 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n', 'yaml');
  // The trust policy has no Version: information only in a template.
  assert.deepEqual(
    (await client.diagnostics(uri)).map((d) => [d.code, d.severity, d.range.start]),
    [['version-missing', 3, { line: 8, character: 8 }]],
  );
  assert.deepEqual(await statusOf(uri), { uri, isPolicy: true, host: 'cloudformation', policyCount: 3 });
  assert.deepEqual(await statusOf('file:///w/.github/workflows/ci.yml'), { uri: 'file:///w/.github/workflows/ci.yml', isPolicy: false });
  assert.deepEqual(await client.diagnostics('file:///w/.github/workflows/ci.yml'), []);
});

test('the outline lists resource › policy › statement, and a lens sits above each policy', async () => {
  const uri = 'file:///w/stack.yaml';
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail, s.children?.map((c) => [c.name, c.children?.map((g) => g.name)])]),
    [
      [
        'Reader',
        '2 policies',
        [
          ['AssumeRolePolicyDocument', ['Statement 1']],
          ['Policies[0] › PolicyDocument', ['ReadReports']],
        ],
      ],
      ['Deny', '1 policy', [['PolicyDocument', ['Statement 1']]]],
    ],
  );
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(
    lenses.filter((lens) => lens.command?.title === 'Simulate request').map((lens) => lens.command!.arguments![0]),
    [0, 1, 2].map((policyIndex) => ({ uri, policyIndex })),
  );
});

test("simulating the role's inline policy includes the managed policy attached to the role; a placeholder decides", async () => {
  const uri = 'file:///w/stack.yaml';
  const simulate = (resource: string) =>
    client.request<SimulationResult>('iamPolicy/simulate', { uri, policyIndex: 1, request: { action: 's3:GetObject', resource, principal: 'arn:aws:iam::111122223333:role/Reader' } });
  const depends = await simulate('arn:aws:s3:::reports/q3.csv');
  assert.equal(depends.decision, undefined);
  assert.deepEqual(depends.dependsOn, { placeholders: ['${Reports.Arn}'], mostPermissive: 'Allowed', leastPermissive: 'ImplicitlyDenied' });
  assert.deepEqual(
    depends.policies.map((policy) => [policy.name, policy.role]),
    [
      ['Reader › Policies[0] › PolicyDocument', 'identity'],
      ['Deny › PolicyDocument', 'identity'],
    ],
  );
  assert.equal(depends.policies[0].statements[0].range.start.line, 15, 'the statement at its line in the template');
  assert.ok(depends.notes.includes("Reader › AssumeRolePolicyDocument decides who may assume Reader; it takes no part in the role's own requests."), JSON.stringify(depends.notes));
  // The attached managed policy's Deny decides whatever the bucket is.
  const denied = await simulate('arn:aws:s3:::secret/key');
  assert.equal(denied.decision, 'ExplicitlyDenied');
  assert.deepEqual(
    denied.decidedBy.map((statement) => statement.label),
    ['Deny statement 1'],
  );
});

test('a .tf file opened without a Terraform language gets its findings; closing it clears them', async () => {
  const uri = 'file:///w/main.tf';
  client.open(
    uri,
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]\n  })\n}\n',
    'plaintext',
  );
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start]),
    [['action-unknown', { line: 3, character: 50 }]],
  );
  assert.deepEqual(await statusOf(uri), { uri, isPolicy: true, host: 'terraform', policyCount: 1 });
  client.close(uri);
  await client.diagnostics(uri, (params) => params.diagnostics.length === 0);
});

test('a serverless.yml gets the findings of its role statements and resources; the status counts its policies', async () => {
  const uri = 'file:///w/api/serverless.yml';
  client.open(
    uri,
    `service: api
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: dynamodb:GetItme
          Resource: arn:aws:dynamodb:\${aws:region}:\${aws:accountId}:table/\${self:service}
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:\${aws:region}:\${aws:accountId}:\${self:service}-jobs
functions:
  get:
    handler: get.handler
`,
    'yaml',
  );
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start]),
    [['action-unknown', { line: 7, character: 27 }]],
  );
  assert.deepEqual(await statusOf(uri), { uri, isPolicy: true, host: 'serverless', policyCount: 1 });
  // Hover on the action names its service, as in any policy.
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 26 } });
  assert.match(JSON.stringify(hover), /SendMessage/);
  client.close(uri);
});

test('an OpenAPI definition gets the findings of its API policy; the status counts it; its actions complete', async () => {
  const uri = 'file:///w/api/openapi.yaml';
  const text = `openapi: 3.0.1
info:
  title: orders
paths: {}
x-amazon-apigateway-policy:
  Version: '2012-10-17'
  Statement:
    - Effect: Allow
      Principal: '*'
      Action: execute-api:Invok
      Resource: execute-api:/*
      Condition:
        StringEquals:
          aws:SourceVpce: vpce-0123456789abcdef0
`;
  client.open(uri, text, 'yaml');
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start]),
    [['action-unknown', { line: 9, character: 26 }]],
  );
  assert.deepEqual(await statusOf(uri), { uri, isPolicy: true, host: 'openapi', policyCount: 1 });
  // The action's name completes from the catalog in place of the misspelt one.
  const completion = (await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 31 } })) as {
    items: { label: string; textEdit?: { newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } }[];
  };
  const invoke = completion.items.find((item) => item.label === 'execute-api:Invoke');
  assert.deepEqual(invoke?.textEdit, { range: { start: { line: 9, character: 14 }, end: { line: 9, character: 31 } }, newText: 'execute-api:Invoke' });
  client.close(uri);
});
