import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import { TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize();
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
