import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentLink } from 'vscode-languageserver-protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

test('a Terraform file links file("…") policy paths to the file, beside the documentation links', async () => {
  const uri = 'file:///features/infra/main.tf';
  const text = `resource "aws_iam_policy" "a" {\n  policy = file("\${path.module}/policies/read.json")\n}\n`;
  client.open(uri, text, 'terraform');
  const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  assert.deepEqual(
    links.map((link) => [link.range.start, link.range.end, link.target]),
    [[{ line: 1, character: 16 }, { line: 1, character: 51 }, 'file:///features/infra/policies/read.json']],
  );
});

test('a .tftpl JSON policy template is checked whatever language the editor gives it (the client selects it by name)', async () => {
  const uri = 'file:///features/infra/policies/read.json.tftpl';
  const text = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "\${bucket_arn}/*"}]\n}\n`;
  client.open(uri, text, 'plaintext');
  const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start]),
    [['action-unknown', { line: 2, character: 50 }]],
  );
});

test('a .json.j2 Jinja policy template is checked whatever language the editor gives it (the client selects it by name)', async () => {
  const uri = 'file:///features/role/templates/read.json.j2';
  const text = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::{{ bucket }}/*"}]\n}\n`;
  for (const languageId of ['plaintext', 'jinja-json']) {
    client.open(uri, text, languageId);
    const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start]),
      [['action-unknown', { line: 2, character: 50 }]],
      languageId,
    );
    client.close(uri);
  }
});

test('a Sceptre .yaml.j2 CloudFormation template is checked whatever language the editor gives it, its {{ … }} as values', async () => {
  const uri = 'file:///stack/templates/reader.yaml.j2';
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
{% for bucket in sceptre_user_data.buckets %}
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: arn:aws:s3:::{{ bucket }}/*
{% endfor %}
`;
  for (const languageId of ['plaintext', 'jinja-yaml', 'yaml']) {
    client.open(uri, text, languageId);
    const diagnostics = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start]),
      [['action-unknown', { line: 10, character: 23 }]],
      languageId,
    );
    client.close(uri);
  }
});
