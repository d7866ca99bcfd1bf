// A Terraform module in the editor (through the bundled server; run `node esbuild.mjs` first): iam.tf uses locals
// that locals.tf defines. iam.tf's diagnostics read locals.tf from the disk, then from the editor while it is open,
// and follow its edits; a finding in a local's value sits at the `local.x` reference in iam.tf.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-protocol';
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

const localsText = (action: string) => `locals {\n  read_actions = ["s3:GetObject", "${action}"]\n}\n`;
const iamText = `data "aws_iam_policy_document" "read" {
  statement {
    actions   = local.read_actions
    resources = ["arn:aws:s3:::logs/*"]
  }
}
`;

test('editing locals.tf in the editor updates the diagnostics of iam.tf', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-module-'));
  writeFileSync(join(folder, 'locals.tf'), localsText('s3:GetObjekt'));
  writeFileSync(join(folder, 'iam.tf'), iamText);
  const iam = URI.file(join(folder, 'iam.tf')).toString();
  const locals = URI.file(join(folder, 'locals.tf')).toString();
  const lines = new LineIndex(iamText);
  const unknown = (diagnostics: Diagnostic[]) =>
    diagnostics.filter((d) => d.code === 'action-unknown').map((d) => [iamText.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)), d.message]);
  const naming = (word: string) => (params: { diagnostics: Diagnostic[] }) => params.diagnostics.some((d) => String(d.message).includes(word));

  // Closed, locals.tf is read from the disk.
  client.open(iam, iamText, 'terraform');
  assert.deepEqual(unknown(await client.diagnostics(iam, naming('GetObjekt'))), [
    ['local.read_actions', '"GetObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"? (from local.read_actions in locals.tf)'],
  ]);

  // Opened and edited, unsaved: its editor text counts, and iam.tf is checked again though it did not change.
  client.open(locals, localsText('s3:GetObjekt'), 'terraform');
  client.change(locals, localsText('s3:ListBukket'));
  assert.deepEqual(unknown(await client.diagnostics(iam, naming('ListBukket'))), [
    ['local.read_actions', '"ListBukket" is not an action of Amazon S3 (s3). Did you mean "s3:ListBucket"? (from local.read_actions in locals.tf)'],
  ]);
  const published = client.publishes(iam).length;
  client.change(locals, localsText('s3:ListBucket'));
  assert.deepEqual(unknown(await client.diagnostics(iam, (params) => client.publishes(iam).indexOf(params) >= published)), []);

  // Closed again: the disk's text counts.
  writeFileSync(join(folder, 'locals.tf'), localsText('s3:PutObjekt'));
  client.close(locals);
  assert.deepEqual(unknown(await client.diagnostics(iam, naming('PutObjekt'))), [
    ['local.read_actions', '"PutObjekt" is not an action of Amazon S3 (s3). Did you mean "s3:PutObject"? (from local.read_actions in locals.tf)'],
  ]);
  client.close(iam);
});
