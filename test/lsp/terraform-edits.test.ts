// A .tf file edited in the editor, through the bundled server (run `node esbuild.mjs` first): after an edit above
// them, the policies of later blocks are moved copies the server builds only when a feature reads them. Their
// findings, lenses, outline and hover must point at the edited text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text/positions';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(async () => {
  await client.shutdown();
});

const documentBlock = (name: string, action: string) =>
  `data "aws_iam_policy_document" "${name}" {\n  statement {\n    sid       = "${name}"\n    actions   = ["${action}"]\n    resources = ["arn:aws:s3:::logs/*"]\n  }\n}\n\n`;

test('an edit above moves the later policies: findings, lenses, outline and hover follow their text', async () => {
  const uri = 'file:///w/edits/main.tf';
  const text = documentBlock('first', 's3:GetObject') + documentBlock('second', 's3:PutObjekt') + documentBlock('third', 's3:ListBucket');
  client.open(uri, text, 'terraform');
  const unknownActions = async (current: string, version: number) => {
    const diagnostics = await client.diagnostics(uri, (params) => params.version === version);
    const lines = new LineIndex(current);
    return diagnostics.filter((d) => d.code === 'action-unknown').map((d) => current.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)));
  };
  assert.deepEqual(await unknownActions(text, 1), ['PutObjekt']);

  // Two lines typed in the first block, above the others.
  const at = text.indexOf('  statement {');
  const edited = text.slice(0, at) + '  # read the logs\n  # of the app\n' + text.slice(at);
  const version = client.change(uri, edited);
  assert.deepEqual(await unknownActions(edited, version), ['PutObjekt']);

  const lines = new LineIndex(edited);
  const textOf = (range: { start: { line: number; character: number }; end: { line: number; character: number } }) => edited.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(
    lenses.filter((lens) => lens.command?.title.startsWith('Simulate request for')).map((lens) => [lens.command!.title, textOf(lens.range).split('\n')[1].trim()]),
    [
      ['Simulate request for "first"', 'sid       = "first"'],
      ['Simulate request for "second"', 'sid       = "second"'],
      ['Simulate request for "third"', 'sid       = "third"'],
    ],
  );
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const statements = symbols.flatMap((symbol) => symbol.children ?? []).flatMap((policy) => policy.children ?? []);
  // Each statement: its block, named by its Sid, selected on the Sid's value.
  assert.deepEqual(
    statements.map((statement) => [statement.name, textOf(statement.selectionRange), textOf(statement.range).split('\n')[0]]),
    [
      ['first', '"first"', 'statement {'],
      ['second', '"second"', 'statement {'],
      ['third', '"third"', 'statement {'],
    ],
  );
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: lines.positionAt(edited.indexOf('ListBucket') + 2) });
  assert.ok(hover?.range, 'a hover on the moved policy');
  assert.equal(textOf(hover.range), '"s3:ListBucket"');
  assert.match((hover.contents as { value: string }).value, /^\*\*s3:ListBucket\*\* · List/);
  client.close(uri);
});
