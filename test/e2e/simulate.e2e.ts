// "Simulate request" in a real VS Code: the code lenses above a policy, the pickers driven by the keyboard,
// the result view (a webview) with the decision and the deciding statement, "Run again", jumping to a
// statement, and the diagnostics of a scenario file. Run with: node scripts/run-e2e.mjs simulate
import assert from 'node:assert/strict';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot, useVsCode, waitFor, type VsCode } from './harness';
import { quickPickRows } from './widgets';

const e2e = useVsCode({ suite: 'simulate', settings: { 'breadcrumbs.enabled': false } });

const policyFile = 'simulate.policy.json';
const policy = readFileSync(join(repoRoot, 'test/e2e/workspace', policyFile), 'utf8');
const alice = 'arn:aws:iam::111122223333:user/alice';
const title = (step: number, what: string) => `Simulate request against this identity-based policy (${step}/4): ${what}`;

// Page functions run in the browser; the project compiles without the DOM library.
interface DomElement {
  readonly textContent: string | null;
  readonly value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getBoundingClientRect(): { top: number; bottom: number };
}
declare function getComputedStyle(element: DomElement, pseudo?: string): { content: string };
declare const document: { readonly title: string; readonly body: DomElement };

/** The code lenses drawn in the active editor: their titles and the top of each, in page pixels. */
function codeLenses(vs: VsCode): Promise<{ title: string; top: number }[]> {
  return vs
    .editor()
    .locator('.codelens-decoration a')
    .evaluateAll((links: DomElement[]) => links.map((a) => ({ title: (a.textContent ?? '').trim(), top: a.getBoundingClientRect().top })));
}

/** The top and bottom of the first rendered line that contains `needle`. */
async function lineBox(vs: VsCode, needle: string): Promise<{ top: number; bottom: number }> {
  const box = await vs.editor().locator('.view-lines > .view-line', { hasText: needle }).first().boundingBox();
  if (!box) throw new Error(`No rendered line holds ${needle}.`);
  return { top: box.y, bottom: box.y + box.height };
}

/** The quick input's text box: its value and the selected part. */
function inputBox(vs: VsCode): Promise<{ value: string; selected: string }> {
  return vs.page.locator('.quick-input-widget:visible .quick-input-box input').evaluate((input: DomElement) => ({
    value: input.value,
    selected: input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
  }));
}

async function waitForInputBox(vs: VsCode, expectedTitle: string, accept: (box: { value: string; selected: string }) => boolean, what: string): Promise<void> {
  await waitFor(
    async () => ((await vs.page.locator('.quick-input-widget:visible .quick-input-title').textContent()) === expectedTitle ? inputBox(vs) : undefined),
    (box) => box !== undefined && accept(box),
    what,
  );
}

/** The frame of the simulation result view (a webview is an iframe inside an iframe). */
async function resultFrame(vs: VsCode): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of vs.page.frames()) {
        if (frame === vs.page.mainFrame()) continue;
        const titled = await frame.evaluate(() => document.title).catch(() => '');
        if (titled === 'IAM policy simulation') return frame;
      }
      return undefined;
    },
    (frame) => frame !== undefined,
    'the simulation result view',
  ) as Promise<Frame>;
}

/** The text of the result view, once it shows `needle`. */
async function resultText(vs: VsCode, needle: string | RegExp): Promise<string> {
  const matches = (text: string) => (typeof needle === 'string' ? text.includes(needle) : needle.test(text));
  return waitFor(async () => (await resultFrame(vs)).locator('body').innerText({ timeout: 2_000 }), matches, `the result view to show ${needle}`);
}

/** The "after" texts of the decorations drawn in the editor of the policy (rendered as CSS ::after content). */
function decorationLabels(vs: VsCode): Promise<string[]> {
  const group = vs.page.locator('.editor-group-container', { has: vs.page.locator(`.tab.active[data-resource-name="${policyFile}"]`) });
  return group
    .locator('.monaco-editor .view-lines')
    .first()
    .evaluate((lines: DomElement) =>
      [...lines.querySelectorAll('span')].map((span) => getComputedStyle(span, '::after').content).filter((content) => content && content !== 'none' && content !== 'normal'),
    );
}

e2e.test('the "Simulate request" lenses sit above the policy and above each statement', async (vs) => {
  await vs.openFromExplorer(policyFile);
  const lenses = await waitFor(
    () => codeLenses(vs),
    (found) => found.length === 3,
    'three code lenses in simulate.policy.json',
  );
  assert.deepEqual(
    lenses.map((lens) => lens.title),
    ['Simulate request', 'Simulate request for "ReadReports"', 'Simulate request for "DenyWithoutTls"'],
  );
  // Each lens is drawn in the gap just above its line: the Statement key, then each statement's opening brace. The
  // editor opens the gaps a moment after it draws the lenses (a CI run once read the lens 54 px above "Statement",
  // its screenshot a moment later right above it), so the places are read until they settle.
  await waitFor(
    async () => ({ lenses: await codeLenses(vs), statementLine: await lineBox(vs, '"Statement"'), sidLine: await lineBox(vs, '"Sid": "ReadReports"') }),
    ({ lenses: [policyLens, statementLens], statementLine, sidLine }) =>
      policyLens.top < statementLine.top && policyLens.top > statementLine.top - 30 && statementLens.top >= statementLine.bottom && statementLens.top < sidLine.top,
    'the policy lens right above "Statement", and the statement lens between "Statement" and the Sid',
  );
});

e2e.test('clicking the lens and answering the pickers with the keyboard shows the decision, the deciding statement and why the other did not apply', async (vs) => {
  await vs.openFromExplorer(policyFile);
  await waitFor(
    () => codeLenses(vs),
    (found) => found.length === 3,
    'the code lenses',
  );
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Simulate request for "ReadReports"' }).click();

  // 1. The statement's action.
  const actions = await quickPickRows(vs, (rows) => rows.length > 0, 'the actions of ReadReports', title(1, 'action'));
  assert.deepEqual(actions, [{ label: 's3:GetObject', description: 'Read' }]);
  await vs.page.keyboard.press('Enter');
  // 2. The resource: the statement's own first, then the ARN formats of s3:GetObject; then edit it.
  const resources = await quickPickRows(vs, (rows) => rows.length > 1, 'the resources offered', title(2, 'resource'));
  assert.deepEqual(resources[0], { label: 'arn:aws:s3:::example-reports/*', description: 'Resource of statement 1 "ReadReports"' });
  assert.ok(
    resources.some((row) => row.label === 'arn:aws:s3:::${BucketName}/${ObjectName}'),
    JSON.stringify(resources),
  );
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(2, 'resource'), (box) => box.value === 'arn:aws:s3:::example-reports/*' && box.selected === '*', 'the resource box with the * selected');
  await vs.page.keyboard.type('q3.csv');
  await waitForInputBox(vs, title(2, 'resource'), (box) => box.value === 'arn:aws:s3:::example-reports/q3.csv', 'the typed resource');
  await vs.page.keyboard.press('Enter');
  // 3. The principal: the default from iamPolicy.simulation.defaultPrincipal.
  await waitForInputBox(vs, title(3, 'principal'), (box) => box.value === alice, 'the principal box with alice');
  await vs.page.keyboard.press('Enter');
  // 4. The context keys the conditions read: set aws:SecureTransport, then simulate.
  const keys = await quickPickRows(vs, (rows) => rows.some((row) => row.label === 'aws:SecureTransport'), 'the context keys', title(4, 'context keys'));
  assert.deepEqual(keys.find((row) => row.label === 'aws:SecureTransport')?.description, 'not set');
  await vs.page.keyboard.type('SecureTransport');
  await quickPickRows(vs, (rows) => rows.length === 1 && rows[0].label === 'aws:SecureTransport', 'only aws:SecureTransport after typing', title(4, 'context keys'));
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, `${title(4, 'context keys')}: aws:SecureTransport`, (box) => box.value === '', 'the value box of aws:SecureTransport');
  await vs.page.keyboard.type('true');
  await vs.page.keyboard.press('Enter');
  await quickPickRows(vs, (rows) => rows.some((row) => row.label === 'aws:SecureTransport' && row.description === '= true'), 'aws:SecureTransport = true', title(4, 'context keys'));
  await vs.page.keyboard.type('Simulate');
  await quickPickRows(vs, (rows) => rows.length === 1 && rows[0].label.endsWith('Simulate'), 'only "Simulate" after typing', title(4, 'context keys'));
  await vs.page.keyboard.press('Enter');

  const text = await resultText(vs, 'Allowed');
  assert.match(text, /^Allowed\ns3:GetObject on arn:aws:s3:::example-reports\/q3\.csv$/m);
  assert.match(text, /Allowed by identity-based policy 1 "simulate\.policy\.json", and nothing denies it\./);
  assert.match(text, /DECIDED BY\nAllow statement 1 "ReadReports" in simulate\.policy\.json/i);
  assert.match(text, /✗ Deny statement 2 "DenyWithoutTls" does not apply: Condition Bool "aws:SecureTransport": the request value does not match/);
  assert.match(text, /aws:SecureTransport\ttrue/);
  // The deciding statement is highlighted in the editor.
  const labels = await waitFor(
    () => decorationLabels(vs),
    (found) => found.some((c) => c.includes('allowed the simulated request')),
    'the "allowed" decoration on the ReadReports statement',
  );
  assert.equal(labels.filter((c) => c.includes('the simulated request')).length, 1);

  // The screenshot as a test artefact and for the README (E2E_UPDATE_README_SCREENSHOT=1 refreshes the README's copy):
  // the editor with the highlight, the result beside it.
  const dir = join(repoRoot, 'test-results/e2e/simulate');
  await mkdir(dir, { recursive: true });
  await vs.runCommand('View: Close Primary Side Bar');
  await vs.parkMouse();
  await vs.page.setViewportSize({ width: 1200, height: 750 });
  await resultText(vs, 'Allowed');
  const editorPart = await vs.page.locator('.part.editor').boundingBox();
  assert.ok(editorPart);
  const shot = join(dir, 'simulation.png');
  await vs.page.screenshot({ path: shot, clip: editorPart });
  await vs.page.setViewportSize({ width: 1400, height: 900 });
  const { size } = await stat(shot);
  assert.ok(size < 150 * 1024, `the screenshot is ${Math.round(size / 1024)} KB; keep it under 150 KB`);
  // The README's copy changes with every run (the view shows the time), so it is written only when missing or asked for.
  const readmeCopy = join(repoRoot, 'images/screenshots/simulation.png');
  if (process.env.E2E_UPDATE_README_SCREENSHOT || !existsSync(readmeCopy)) {
    await mkdir(join(repoRoot, 'images/screenshots'), { recursive: true });
    await copyFile(shot, readmeCopy);
  }
});

e2e.test('"Run again" evaluates the current text; a statement link jumps to it', async (vs) => {
  await resultText(vs, 'Allowed');
  await (await resultFrame(vs)).locator('button', { hasText: 'Run again' }).click();
  await resultText(vs, /run 2 at/);
  // Jump to the Deny statement's failing condition from the result view (a new frame: the page was replaced).
  await (await resultFrame(vs)).locator('a.jump', { hasText: 'Condition Bool "aws:SecureTransport"' }).click();
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === 15,
    'the cursor on the condition of DenyWithoutTls (line 15)',
  );
  // Narrow the Allow statement to another bucket (unsaved), then run again from the Command Palette.
  await vs.replaceEditorText(policy.replace('example-reports/*', 'other-bucket/*'));
  await vs.runCommand('IAM Policy: Run the last simulation again');
  const text = await resultText(vs, 'Implicitly denied');
  assert.match(text, /Allow statement 1 "ReadReports" does not apply: Resource does not match arn:aws:s3:::example-reports\/q3\.csv/);
  assert.match(text, /run 3 at/);
  await vs.runCommand('File: Revert File');
  await waitFor(
    () => vs.editorText(),
    (shown) => shown === policy,
    'the policy back as saved',
  );
});

e2e.test('other policies: a boundary added from the workspace takes part; "Edit inputs" re-opens the pickers pre-filled', async (vs) => {
  // The policy is back as saved: the last request is allowed again.
  await vs.runCommand('IAM Policy: Run the last simulation again');
  await resultText(vs, /^Allowed$/m);
  await vs.runCommand('IAM Policy: Add a policy to the simulation');
  await quickPickRows(vs, (rows) => rows.some((row) => row.label === 'simulate-boundary.json'), 'the workspace JSON files', 'Add a policy to the simulation');
  await vs.page.keyboard.type('simulate-boundary');
  await quickPickRows(vs, (rows) => rows.length === 1, 'only simulate-boundary.json', 'Add a policy to the simulation');
  await vs.page.keyboard.press('Enter');
  await quickPickRows(vs, (rows) => rows.some((row) => row.label === 'Permissions boundary'), 'the roles', 'Add simulate-boundary.json to the simulation as…');
  await vs.page.keyboard.type('Permissions boundary');
  await vs.page.keyboard.press('Enter');
  // The open result runs again with the boundary in play, which allows EC2 only.
  let text = await resultText(vs, 'Implicitly denied');
  assert.match(text, /The permissions boundary does not allow the request: implicitly denied\./);
  assert.match(text, /POLICIES IN PLAY \(2\)/i);
  assert.match(text, /simulate-boundary\.json permissions boundary no statement applies/);

  // "Edit inputs": every picker comes back with the last answer; change the resource only.
  await (await resultFrame(vs)).locator('button', { hasText: 'Edit inputs' }).click();
  const actions = await quickPickRows(vs, (rows) => rows.length > 0, 'the action picker again', title(1, 'action'));
  assert.equal(actions[0].label, 's3:GetObject');
  await vs.page.keyboard.press('Enter');
  const resources = await quickPickRows(vs, (rows) => rows.length > 0, 'the resource picker again', title(2, 'resource'));
  assert.deepEqual(resources[0], { label: 'arn:aws:s3:::example-reports/q3.csv', description: 'as typed' });
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(2, 'resource'), (box) => box.value === 'arn:aws:s3:::example-reports/q3.csv', 'the last resource in the box');
  await vs.page.keyboard.press('Control+A');
  await vs.page.keyboard.type('arn:aws:s3:::example-reports/q4.csv');
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(3, 'principal'), (box) => box.value === alice, 'the last principal');
  await vs.page.keyboard.press('Enter');
  await quickPickRows(vs, (rows) => rows.some((row) => row.label === 'aws:SecureTransport' && row.description === '= true'), 'the last context value', title(4, 'context keys'));
  await vs.page.keyboard.press('Enter');
  text = await resultText(vs, 'q4.csv');
  assert.match(text, /^Implicitly denied\ns3:GetObject on arn:aws:s3:::example-reports\/q4\.csv$/m);

  // Without the other policies the same request is allowed again.
  await vs.runCommand("IAM Policy: Clear the simulation's other policies");
  text = await resultText(vs, /^Allowed$/m);
  assert.match(text, /POLICIES IN PLAY \(1\)/i);
});

e2e.test('a scenario file with a failing expectation shows a diagnostic naming the decision and the deciding statement', async (vs) => {
  await vs.openFromExplorer('simulate.iamtest.json');
  const problems = await vs.waitForProblems((all) => all.some((p) => p.file === 'simulate.iamtest.json' && p.code === 'scenario-expectation'), 'the failing expectation of simulate.iamtest.json');
  const ours = problems.filter((p) => p.file === 'simulate.iamtest.json');
  assert.equal(ours.length, 1, `only the failing expectation, no policy diagnostics: ${JSON.stringify(ours)}`);
  assert.equal(ours[0].severity, 'error');
  assert.equal(ours[0].source, 'iam-policy');
  assert.equal(ours[0].line, 8);
  assert.match(ours[0].message, /^"without TLS too": s3:GetObject on arn:aws:s3:::example-reports\/q3\.csv by arn:aws:iam::111122223333:user\/alice: expected Allowed, got ExplicitlyDenied\./);
  assert.match(ours[0].message, /Decided by Deny statement 2 "DenyWithoutTls" in "simulate\.policy\.json" \(line 10\)\.$/);
});
