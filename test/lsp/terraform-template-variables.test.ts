// A templatefile() call in the editor (through the bundled server; run `node esbuild.mjs` first): main.tf renders
// policies/trust.json.tftpl, which it reads from the disk, then from the editor while it is open, and main.tf's
// diagnostics follow the template's edits and its changes on the disk; a policy file() whose file is not there is
// reported until the file is made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
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

const templateText = (variable: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"Federated": "\${${variable}}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]\n}\n`;
const mainText = `resource "aws_iam_role" "irsa" {
  assume_role_policy = templatefile("\${path.module}/policies/trust.json.tftpl", {
    provider_arn = var.provider_arn
  })
}
`;

test('the variables of a templatefile() call are checked against the template on the disk, then as edited', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-templatefile-'));
  mkdirSync(join(folder, 'policies'));
  writeFileSync(join(folder, 'policies', 'trust.json.tftpl'), templateText('oidc_provider_arn'));
  writeFileSync(join(folder, 'main.tf'), mainText);
  const main = URI.file(join(folder, 'main.tf')).toString();
  const template = URI.file(join(folder, 'policies', 'trust.json.tftpl')).toString();
  const lines = new LineIndex(mainText);
  const missing = (diagnostics: Diagnostic[]) =>
    diagnostics
      .filter((d) => d.code === 'templatefile-variable-missing')
      .map((d) => [mainText.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)).split('\n')[0], String(d.message).split(',')[0]]);
  const after = (count: number) => (params: PublishDiagnosticsParams) => client.publishes(main).indexOf(params) >= count;

  // Closed, the template is read from the disk.
  client.open(main, mainText, 'terraform');
  assert.deepEqual(missing(await client.diagnostics(main, (params) => params.diagnostics.length > 0)), [['{', 'trust.json.tftpl reads `oidc_provider_arn`']]);

  // Opened and edited, unsaved: its editor text counts, and main.tf is checked again though it did not change. The
  // server may check main.tf once for the open before it reads the edit (a loaded machine): the check that follows the
  // edit is the one awaited, and none comes within the wait if the edit is not read.
  let published = client.publishes(main).length;
  client.open(template, templateText('oidc_provider_arn'), 'terraform');
  client.change(template, templateText('provider_arn'));
  const edited = await client.diagnostics(main, (params) => after(published)(params) && missing(params.diagnostics).length === 0);
  assert.deepEqual(missing(edited), []);

  // Closed with the disk's text changed: the disk's text counts again.
  published = client.publishes(main).length;
  writeFileSync(join(folder, 'policies', 'trust.json.tftpl'), templateText('role_arn'));
  client.close(template);
  assert.deepEqual(missing(await client.diagnostics(main, after(published))), [['{', 'trust.json.tftpl reads `role_arn`']]);

  // Changed on the disk while closed (a checkout, another editor): the file watcher's notice checks main.tf again.
  published = client.publishes(main).length;
  writeFileSync(join(folder, 'policies', 'trust.json.tftpl'), templateText('provider_arn'));
  client.fileChanged(template);
  assert.deepEqual(missing(await client.diagnostics(main, after(published))), []);
  client.close(main);
});

test('a policy file() reads from ${path.module} where no file is draws a warning on the path, gone once the file is made', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-file-missing-'));
  const text = 'resource "aws_iam_policy" "read" {\n  policy = file("${path.module}/policies/read.json")\n}\n';
  writeFileSync(join(folder, 'main.tf'), text);
  const main = URI.file(join(folder, 'main.tf')).toString();
  const lines = new LineIndex(text);
  const missing = (diagnostics: Diagnostic[]) =>
    diagnostics.filter((d) => d.code === 'terraform-file-missing').map((d) => [text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)), d.severity]);
  client.open(main, text, 'terraform');
  assert.deepEqual(missing(await client.diagnostics(main, (params) => params.diagnostics.length > 0)), [['"${path.module}/policies/read.json"', 2]]);

  // Made on the disk (a checkout, a build step): the watcher's notice checks main.tf again.
  const published = client.publishes(main).length;
  mkdirSync(join(folder, 'policies'));
  writeFileSync(join(folder, 'policies', 'read.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}');
  client.fileChanged(URI.file(join(folder, 'policies', 'read.json')).toString(), 'created');
  assert.deepEqual(missing(await client.diagnostics(main, (params) => client.publishes(main).indexOf(params) >= published)), []);
  client.close(main);
});
