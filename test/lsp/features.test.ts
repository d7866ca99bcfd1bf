import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, DocumentLink, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import { shortTimings, TestClient } from '../helpers/lsp-client';
import { marked } from '../helpers/marked';

let client: TestClient;
before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(() => client.process.kill());

function open(source: string, uri: string) {
  const { text, cursor } = marked(source);
  client.open(uri, text);
  return { text, position: new LineIndex(text).positionAt(cursor) };
}

test('completion over LSP returns text edits that replace the whole string', async () => {
  const uri = 'file:///features/completion.policy.json';
  const { text, position } = open('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetOb|"}]}', uri);
  const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
  const item = list.items.find((i) => i.label === 's3:GetObject')!;
  assert.equal(item.detail, 'Read');
  const edit = item.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
  assert.equal(
    text.slice(0, edit.range.start.character) + edit.newText + text.slice(edit.range.end.character),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}',
  );
});

test('hover over LSP explains an action in Markdown', async () => {
  const uri = 'file:///features/hover.policy.json';
  const { position } = open('{"Statement": [{"Effect": "Allow", "Action": "iam:Pass|Role", "Resource": "*"}]}', uri);
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
  assert.match((hover.contents as { value: string }).value, /^\*\*iam:PassRole\*\* · Write/);
});

test('document symbols and links over LSP', async () => {
  const uri = 'file:///features/outline.policy.json';
  open('{"Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', uri);
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [['Read', 'Allow: s3:GetObject']],
  );
  const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  assert.deepEqual(
    links.map((l) => l.target),
    ['https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-GetObject'],
  );
});

test('JSON that is not a policy gets no completion or hover', async () => {
  const uri = 'file:///features/package.json';
  client.open(uri, '{"name": "x", "Action": "s3:Get"}', 'json');
  const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 31 } });
  assert.deepEqual(list?.items ?? [], []);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 28 } }), null);
});
