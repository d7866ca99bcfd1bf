// A Terraform module that other folders of the workspace call is analysed in the editor through the root modules
// that call it, as the account view and `--account` read it: its open file gets the findings its callers' analyses
// place in it (once, however many callers), and never those of a standalone reading with its variables unknown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { shortTimings, TestClient } from '../helpers/lsp-client';

/** A root module that makes its user `ci` and calls both modules. */
const root = `resource "aws_iam_user" "ci" {
  name = "ci"
}

module "deployer" {
  source  = "../modules/deployer"
  name    = "deployer"
  trusted = [aws_iam_user.ci.arn]
}

module "app" {
  source  = "../modules/app"
  name    = "app"
  actions = ["s3:GetObject"]
}
`;

/** Administrator-equivalent, assumable by whoever the caller trusts. */
const deployer = `variable "name" {
  type = string
}

variable "trusted" {
  type = list(string)
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.trusted } }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`;

/** On its own, `var.actions` may be any action (an escalation at deploy time); its callers pass s3:GetObject. */
const app = `variable "name" {
  type = string
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_policy" "this" {
  name   = "app"
  user   = aws_iam_user.this.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] })
}
`;

let dir: string;
let client: TestClient;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iam-policy-module-callers-'));
  // Two root modules (live and staging) call the same modules with the same arguments.
  const files = { 'live/main.tf': root, 'staging/main.tf': root, 'modules/deployer/main.tf': deployer, 'modules/app/main.tf': app };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  client = new TestClient();
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    initializationOptions: shortTimings,
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
});

after(async () => {
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const escalations = (params: PublishDiagnosticsParams) => params.diagnostics.filter((d) => d.code === 'escalation-path');

test("a called module's file, opened alone, gets its callers' findings once, at the statement in it", async () => {
  const deployerUri = pathToFileURL(join(dir, 'modules', 'deployer', 'main.tf')).toString();
  const appUri = pathToFileURL(join(dir, 'modules', 'app', 'main.tf')).toString();
  client.open(deployerUri, deployer, 'terraform');
  client.open(appUri, app, 'terraform');
  const found = await client.diagnostics(deployerUri, (p) => escalations(p).length > 0, 20_000);
  // Found by the analyses of live and staging, which read the same finding at the same place: shown once.
  const [finding, ...others] = found.filter((d) => d.code === 'escalation-path');
  assert.deepEqual(others, []);
  assert.equal(finding.message, 'User ci can become administrator: sts:AssumeRole of deployer. Narrow the statement that allows the first step, or cap the principal with a permissions boundary.');
  const lines = deployer.split('\n');
  assert.deepEqual([finding.range.start.line, lines[finding.range.start.line].slice(finding.range.start.character, finding.range.end.character)], [12, '"sts:AssumeRole"']);
  assert.deepEqual(
    finding.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    [[deployerUri, 8, 'Role deployer is administrator-equivalent.']],
  );
  // The app module through its callers: s3:GetObject, no escalation. On its own (var.actions unknown) it would be
  // reported as one at deploy time; that reading is not made.
  // Both files are read through the same analyses of live and staging, which place their findings in every open file
  // they read when they end; the server publishes only what changed, so the done signal is the runs' own account.
  await client.waitForEscalationRuns((runs) => runs.started >= 1 && runs.finished === runs.started && !runs.running, 'the callers analysed');
  assert.deepEqual(client.publishes(appUri).flatMap(escalations), []);
  // The role's lens names the role its callers make (deployer, in both), not a synthetic name.
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: deployerUri } });
  assert.deepEqual(
    lenses
      .filter((lens) => lens.command?.command === 'iamPolicy.simulate' && lens.command.arguments?.[0]?.templateRole)
      .map((lens) => [lens.range.start.line, lens.command!.title, lens.command!.arguments]),
    [[8, 'Simulate as this role', [{ uri: deployerUri, templateRole: 'arn:aws:iam::000000000000:role/deployer' }]]],
  );
  // Editing the module's file analyses its callers again with the edit: a boundary-free role without the admin
  // attachment is no escalation.
  const edited = deployer.replace(/resource "aws_iam_role_policy_attachment"[^]*$/, '');
  const version = client.change(deployerUri, edited);
  await client.diagnostics(deployerUri, (p) => p.version === version && escalations(p).length === 0, 20_000);
  client.close(deployerUri);
  client.close(appUri);
});
