// A policy file that a Terraform module reads with file() takes the type the module gives it (through the bundled
// server; run `node esbuild.mjs` first): a permissions boundary draws none of the findings of a grant, and the file's
// diagnostics follow the module as it is edited in the editor and as it changes on the disk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(async () => {
  await client.shutdown();
});

const boundaryText = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]\n}\n';
const moduleText = `resource "aws_iam_role" "deploy" {
  permissions_boundary = aws_iam_policy.deploy_boundary.arn
}
resource "aws_iam_policy" "deploy_boundary" {
  policy = file("\${path.module}/policies/deploy-boundary.json")
}
`;
const attaching = `${moduleText}resource "aws_iam_user_policy_attachment" "ci" {
  user       = "ci"
  policy_arn = aws_iam_policy.deploy_boundary.arn
}
`;

test("a policy file the module takes as a permissions boundary is one, and follows the module's edits and the disk", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-linked-type-'));
  mkdirSync(join(folder, 'policies'));
  writeFileSync(join(folder, 'policies', 'deploy-boundary.json'), boundaryText);
  writeFileSync(join(folder, 'main.tf'), moduleText);
  const policy = URI.file(join(folder, 'policies', 'deploy-boundary.json')).toString();
  const main = URI.file(join(folder, 'main.tf')).toString();
  const grants = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'wildcard-action').length;
  const after = (count: number) => (params: PublishDiagnosticsParams) => client.publishes(policy).indexOf(params) >= count;

  // The module on the disk makes it a boundary.
  client.open(policy, boundaryText, 'json');
  assert.equal(grants(await client.diagnostics(policy)), 0);

  // The module opened and edited, unsaved, to attach it to a user as well: it grants, and is checked as a grant.
  let published = client.publishes(policy).length;
  client.open(main, moduleText, 'terraform');
  client.change(main, attaching);
  assert.equal(grants(await client.diagnostics(policy, (params) => after(published)(params) && grants(params.diagnostics) > 0)), 2);

  // The edit undone: a boundary again.
  published = client.publishes(policy).length;
  client.change(main, moduleText);
  assert.equal(grants(await client.diagnostics(policy, (params) => after(published)(params) && grants(params.diagnostics) === 0)), 0);

  // Closed, then changed on the disk (a checkout): the file watcher's notice checks the policy file again.
  client.close(main);
  published = client.publishes(policy).length;
  writeFileSync(join(folder, 'main.tf'), attaching);
  client.fileChanged(main);
  assert.equal(grants(await client.diagnostics(policy, (params) => after(published)(params) && grants(params.diagnostics) > 0)), 2);
  client.close(policy);
});
