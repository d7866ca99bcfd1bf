// The in-editor suite: runs inside VS Code's extension host, started by ../run-electron.ts with the
// fixture workspace open, and checks the diagnostics our extension publishes through the vscode API.
// node:test does not run in the extension host, so a small loop runs the cases.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const effectMessage = 'Effect "allow" is not valid. Use "Allow" or "Deny".';
const waitTimeout = 30_000;

const ours = (diagnostic: vscode.Diagnostic) => diagnostic.source === 'iam-policy';
const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? ''));
const spanOf = (range: vscode.Range) => [range.start.line, range.start.character, range.end.line, range.end.character];

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open; run-electron.ts opens test/e2e/workspace.');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

async function open(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForDiagnostics(uri: vscode.Uri, accept: (all: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + waitTimeout;
  for (;;) {
    const diagnostics = vscode.languages.getDiagnostics(uri);
    if (accept(diagnostics)) return diagnostics;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(diagnostics.map((d) => ({ message: d.message, code: codeOf(d), range: spanOf(d.range) })))}`);
    }
    await delay(100);
  }
}

const hasEffectValue = (all: vscode.Diagnostic[]) => all.some((d) => ours(d) && codeOf(d) === 'effect-value');

const cases: [string, () => Promise<void>][] = [
  [
    'broken.policy.json gets the effect-value diagnostic on "allow"',
    async () => {
      const document = await open('broken.policy.json');
      const start = document.getText().indexOf('"allow"');
      const expected = new vscode.Range(document.positionAt(start), document.positionAt(start + '"allow"'.length));
      const diagnostics = await waitForDiagnostics(document.uri, hasEffectValue, 'the effect-value diagnostic');
      const effect = diagnostics.filter((d) => ours(d) && codeOf(d) === 'effect-value');
      assert.equal(effect.length, 1);
      assert.equal(effect[0]!.message, effectMessage);
      assert.equal(effect[0]!.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual(spanOf(effect[0]!.range), spanOf(expected));
      assert.deepEqual(spanOf(expected), [5, 16, 5, 23], 'the fixture moved; update this test');
    },
  ],
  [
    'package.json gets no diagnostics from us',
    async () => {
      const manifest = await open('package.json');
      // Opened after package.json: once its diagnostic is there, the server has seen package.json.
      const broken = await open('broken.policy.json');
      await waitForDiagnostics(broken.uri, hasEffectValue, 'the effect-value diagnostic of broken.policy.json');
      // An absence can only be observed over time: check for a while that nothing of ours arrives.
      const end = Date.now() + 2_000;
      do {
        assert.deepEqual(
          vscode.languages
            .getDiagnostics(manifest.uri)
            .filter(ours)
            .map((d) => d.message),
          [],
        );
        await delay(100);
      } while (Date.now() < end);
    },
  ],
];

export async function run(): Promise<void> {
  const failed: string[] = [];
  for (const [name, body] of cases) {
    try {
      await body();
      console.log(`ok - ${name}`);
    } catch (error) {
      failed.push(name);
      console.error(`not ok - ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  if (failed.length > 0) throw new Error(`${failed.length} of ${cases.length} in-editor tests failed: ${failed.join('; ')}`);
}
