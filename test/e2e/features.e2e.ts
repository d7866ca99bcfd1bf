// The language features of the packaged extension as a person meets them in a real VS Code:
// completion, hover, quick fixes and fix-all, the policy type in the status bar, the outline,
// suppressing a finding, rule documentation, and recovery when the language server dies. Run with: node scripts/run-e2e.mjs features
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { assertHolds, positionOf, repoRoot, useVsCode, waitFor, type Problem, type VsCode } from './harness';
import {
  chooseQuickFix,
  chooseQuickPickRow,
  hideOutline,
  hoverText,
  languageServerPids,
  openQuickFixes,
  outlineRows,
  policyTypeItem,
  policyTypeText,
  quickPickRows,
  recordedToasts,
  recordToasts,
  shippedCatalog,
  showOutline,
  suggestionRows,
  webviewTexts,
} from './widgets';

// Code lenses move text as they appear; these tests read and hover text at fixed places, so they run without them.
const e2e = useVsCode({ suite: 'features', settings: { 'iamPolicy.simulation.codeLens': false } });

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/e2e/workspace', name), 'utf8');
const ours = (problem: Problem) => problem.source === 'iam-policy';
const problemsOf = (file: string, code: string) => (problems: Problem[]) => problems.filter((p) => ours(p) && p.file === file && p.code === code);
const effectProblems = problemsOf('broken.policy.json', 'effect-value');

/** Opens a policy fixture as the test found it (saved text, no widget open) once the language server has seen it. */
async function openClean(vs: VsCode, file: string): Promise<void> {
  await vs.page.keyboard.press('Escape');
  await vs.page.keyboard.press('Escape');
  await vs.openFromExplorer(file);
  if (await vs.page.locator('.editor-group-container.active .tab.active.dirty').count()) await vs.runCommand('File: Revert File');
  await waitFor(
    () => vs.editorText(),
    (text) => text === fixture(file),
    `${file} to show its saved text`,
  );
  // The policy type shows once the server has checked the file; before that its features are not there yet.
  await waitFor(
    () => policyTypeText(vs),
    (text) => text !== '',
    `the status bar to show the policy type of ${file}`,
  );
}

e2e.test('completion: "s3:Get in an Action lists S3 actions with their access level and writes the chosen name', async (vs) => {
  const file = 'completion.policy.json';
  await openClean(vs, file);
  const inside = positionOf(fixture(file), '[]');
  await vs.goTo(inside.line, inside.column + 1);
  await vs.typeText('"s3:Get');
  const listed = await waitFor(
    () => suggestionRows(vs),
    (rows) => rows.length > 0 && rows.every((r) => r.label.startsWith('s3:Get')),
    'S3 Get* actions in the suggest widget',
  );
  assert.ok(
    listed.every((row) => row.detail === 'Read'),
    `every s3:Get* row shows the access level "Read": ${JSON.stringify(listed)}`,
  );
  // S3 has more Get actions than the widget renders; typing on narrows the list, as a person does.
  await vs.typeText('Obj');
  const narrowed = await waitFor(
    () => suggestionRows(vs),
    (rows) => rows[0]?.label === 's3:GetObject',
    's3:GetObject at the top of the list',
  );
  assert.deepEqual(narrowed[0], { label: 's3:GetObject', detail: 'Read' });
  await vs.acceptSuggestion('s3:GetObject');
  await vs.waitForEditorText(fixture(file).replace('"Action": []', '"Action": ["s3:GetObject"]'), 'the accepted "s3:GetObject" in the editor');
  await vs.runCommand('File: Revert File');
});

e2e.test('completion: a service prefix inserts "dynamodb:" and lists DynamoDB actions', async (vs) => {
  const file = 'completion.policy.json';
  await openClean(vs, file);
  const inside = positionOf(fixture(file), '[]');
  await vs.goTo(inside.line, inside.column + 1);
  await vs.typeText('"dynamo');
  const services = await waitFor(
    () => suggestionRows(vs),
    (rows) => rows.some((r) => r.label === 'dynamodb'),
    'the service "dynamodb" in the suggest widget',
  );
  assert.deepEqual(
    services.find((r) => r.label === 'dynamodb'),
    { label: 'dynamodb', detail: 'Amazon DynamoDB' },
  );
  await vs.acceptSuggestion('dynamodb');
  await vs.waitForEditorText(fixture(file).replace('"Action": []', '"Action": ["dynamodb:"]'), 'the accepted "dynamodb:" in the editor');
  const after = { line: inside.line, column: inside.column + 1 + '"dynamodb:'.length };
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === after.line && p.column === after.column,
    `the cursor after "dynamodb:" (${after.line}:${after.column})`,
  );
  const actions = await waitFor(
    () => suggestionRows(vs),
    (rows) => rows.length > 0,
    'the suggest widget to open again with DynamoDB actions',
  );
  assert.ok(
    actions.every((r) => r.label.startsWith('dynamodb:')),
    `only DynamoDB actions are listed: ${JSON.stringify(actions)}`,
  );
  assert.ok(actions.some((r) => r.detail === 'Read') && actions.some((r) => r.detail === 'List'), `the rows show access levels: ${JSON.stringify(actions)}`);
  await vs.page.keyboard.press('Escape');
  await vs.runCommand('File: Revert File');
});

e2e.test('hover: s3:GetObject shows its description, access level and the catalog version', async (vs) => {
  await openClean(vs, 'broken.policy.json');
  await vs.hover('s3:GetObject');
  const text = await waitFor(
    () => hoverText(vs),
    (shown) => shown.includes('Service catalog'),
    'our hover over s3:GetObject',
  );
  assert.match(text, /^s3:GetObject · Read$/m);
  assert.match(text, /^Grants permission to retrieve objects from Amazon S3$/m);
  const { version, date } = shippedCatalog(vs);
  assert.match(text, new RegExp(`^Service catalog ${version.replace(/\./g, '\\.')} \\(${date}\\)$`, 'm'));
  await vs.parkMouse();
});

e2e.test('quick fix: Ctrl+. on "allow" offers Change to "Allow", which fixes the text and clears the problem', async (vs) => {
  const file = 'broken.policy.json';
  await openClean(vs, file);
  await vs.waitForProblems((all) => effectProblems(all).length === 1, 'the effect-value problem of broken.policy.json');
  const { line, column } = positionOf(fixture(file), '"allow"');
  await vs.goTo(line, column + 1);
  const titles = await openQuickFixes(vs);
  assert.equal(titles[0], 'Change to "Allow"', `the fix comes first: ${JSON.stringify(titles)}`);
  await chooseQuickFix(vs, 'Change to "Allow"');
  // The menu closes before the fix, resolved by the language server, is applied.
  await vs.waitForEditorText(fixture(file).replace('"allow"', '"Allow"'), 'the fixed Effect in the editor');
  await vs.waitForNoSquiggles('error');
  await vs.waitForProblems((all) => effectProblems(all).length === 0, 'the effect-value problem to disappear');
  await vs.runCommand('File: Revert File');
  await vs.waitForSquiggles('error');
});

e2e.test('fix all: the "Fix All" command fixes every lowercase Effect at once', async (vs) => {
  const file = 'lowercase-effects.policy.json';
  const effects = problemsOf(file, 'effect-value');
  await openClean(vs, file);
  await vs.waitForProblems((all) => effects(all).length === 2, `two effect-value problems in ${file}`);
  await vs.runCommand('Fix All');
  const expected = fixture(file).replace('"allow"', '"Allow"').replace('"deny"', '"Deny"');
  await waitFor(
    () => vs.editorText(),
    (text) => text === expected,
    'both Effects to be fixed',
  );
  await vs.waitForProblems((all) => effects(all).length === 0, `no effect-value problems in ${file}`);
  await vs.runCommand('File: Revert File');
});

e2e.test('status bar: shows the policy type and lets the user choose another', async (vs) => {
  await openClean(vs, 'trust.policy.json');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Role trust policy',
    'the status bar to show "Role trust policy"',
  );
  await openClean(vs, 'statements.policy.json');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Identity-based policy',
    'the status bar to show "Identity-based policy"',
  );
  // Back to an editor the server validated before: it sends no status again (nothing changed); the client shows the
  // one it kept for that document.
  await vs.openFromExplorer('trust.policy.json');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Role trust policy',
    'the status bar to show "Role trust policy" again after switching back',
  );
  await vs.openFromExplorer('statements.policy.json');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Identity-based policy',
    'the status bar to show "Identity-based policy" again after switching back',
  );

  await policyTypeItem(vs).click();
  const rows = await quickPickRows(vs, (r) => r.length >= 8, 'the policy type picker', 'Policy type of this file');
  assert.deepEqual(
    rows.map((r) => r.label),
    [
      'Infer from content',
      'Identity-based policy',
      'Resource-based policy',
      'Role trust policy',
      'Service control policy (SCP)',
      'Resource control policy (RCP)',
      'Permissions boundary',
      'Session policy',
    ],
  );
  assert.equal(rows.find((r) => r.label === 'Identity-based policy')?.description, 'current');
  await chooseQuickPickRow(vs, 'Service control policy (SCP)');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Service control policy (SCP)',
    'the status bar to show the SCP type',
  );

  // Back to the inferred type, for the tests after this one.
  await policyTypeItem(vs).click();
  await quickPickRows(vs, (r) => r.length >= 8, 'the policy type picker', 'Policy type of this file');
  await chooseQuickPickRow(vs, 'Infer from content');
  await waitFor(
    () => policyTypeText(vs),
    (text) => text === 'Identity-based policy',
    'the status bar to show the inferred type again',
  );
  await vs.parkMouse();
});

e2e.test('outline: the Outline view and Go to Symbol list the statements by Sid', async (vs) => {
  await openClean(vs, 'statements.policy.json');
  await showOutline(vs);
  const rows = await waitFor(
    () => outlineRows(vs),
    (r) => r.length === 3,
    'three statements in the Outline view',
  );
  assert.deepEqual(rows, [
    { label: 'ReadReports', description: 'Allow: s3:GetObject', level: 1 },
    { label: 'ListReportBuckets', description: 'Allow: s3:ListBucket', level: 1 },
    { label: 'Statement 3', description: 'Deny: s3:DeleteObject', level: 1 },
  ]);
  await hideOutline(vs);

  await vs.focusEditor();
  await vs.page.keyboard.press('Control+Shift+O');
  const symbols = await quickPickRows(vs, (r) => r.length === 3 && r[0]!.label === 'ReadReports', 'the statements in Go to Symbol in Editor');
  assert.deepEqual(
    symbols.map((r) => r.label),
    ['ReadReports', 'ListReportBuckets', 'Statement 3'],
  );
  await vs.page.keyboard.press('Escape');
});

e2e.test('suppress: the quick fix writes iamPolicy.suppressions to the workspace settings and the problem goes', async (vs) => {
  const file = 'broken.policy.json';
  const settingsFile = '.vscode/settings.json';
  await openClean(vs, file);
  await vs.waitForProblems((all) => effectProblems(all).length === 1, 'the effect-value problem of broken.policy.json');
  const { line, column } = positionOf(fixture(file), '"allow"');
  await vs.goTo(line, column + 1);
  const titles = await openQuickFixes(vs);
  assert.ok(titles.includes('Suppress effect-value for statement ReadReports'), `the menu offers to suppress: ${JSON.stringify(titles)}`);
  await chooseQuickFix(vs, 'Suppress effect-value for statement ReadReports');

  const written = await waitFor(
    () => vs.readFile(settingsFile),
    (text) => text.includes('iamPolicy.suppressions'),
    `iamPolicy.suppressions in ${settingsFile}`,
  );
  const settings = parse(written) as Record<string, unknown>;
  assert.deepEqual(settings['iamPolicy.suppressions'], [{ rule: 'effect-value', file: '**/broken.policy.json', statement: 'ReadReports' }]);
  assert.equal(settings['json.schemaDownload.enable'], false, 'the settings already there are kept');
  await vs.waitForNoSquiggles('error');
  await vs.waitForProblems((all) => effectProblems(all).length === 0, 'the suppressed problem to disappear');
  assert.equal(await vs.editorText(), fixture(file), 'suppressing does not touch the policy');

  await vs.writeFile(settingsFile, fixture(settingsFile));
  await vs.waitForProblems((all) => effectProblems(all).length === 1, 'the problem to return once the suppression is removed');
});

e2e.test("rule documentation: the quick fix opens the rule's page in a Markdown preview", async (vs) => {
  const file = 'broken.policy.json';
  await openClean(vs, file);
  await vs.waitForProblems((all) => effectProblems(all).length === 1, 'the effect-value problem of broken.policy.json');
  const { line, column } = positionOf(fixture(file), '"allow"');
  await vs.goTo(line, column + 1);
  await openQuickFixes(vs);
  await chooseQuickFix(vs, 'Show documentation for effect-value');
  await vs.page.locator('.editor-group-container .tab.active[aria-label^="Preview effect-value.md"]').waitFor();
  const pages = await waitFor(
    () => webviewTexts(vs),
    (texts) => texts.some((t) => t.startsWith('effect-value\n')),
    'the effect-value page in the preview',
  );
  assert.match(
    pages.find((t) => t.startsWith('effect-value\n'))!,
    /Default severity: error\./,
  );
  await vs.runCommand('View: Close Editor');
});

e2e.test('crash recovery: a killed language server is restarted, and the user is told once', async (vs) => {
  const file = 'broken.policy.json';
  const message = 'The IAM policy language server stopped unexpectedly and was restarted.';
  const restarts = async () => ((await vs.outputChannel('IAM Policy Author')).match(/stopped unexpectedly; restarting it/g) ?? []).length;
  await openClean(vs, file);
  await vs.waitForProblems((all) => effectProblems(all).length === 1, 'the effect-value problem of broken.policy.json');
  await recordToasts(vs);

  for (const round of [1, 2]) {
    const [pid, ...others] = languageServerPids(vs);
    assert.ok(pid !== undefined && others.length === 0, `one language server runs before kill ${round}: ${JSON.stringify(languageServerPids(vs))}`);
    const restartsBefore = await restarts();
    process.kill(pid, 'SIGKILL');
    await waitFor(
      () => languageServerPids(vs),
      (pids) => pids.length === 1 && pids[0] !== pid,
      `a new language server after kill ${round}`,
    );
    await waitFor(restarts, (n) => n === restartsBefore + 1, `the output channel to log restart ${round}`);
    await vs.waitForProblems((all) => effectProblems(all).length === 1, `the effect-value problem to come back after kill ${round}`);
    // The new server answers edits, not just replays old results.
    await vs.replaceEditorText(fixture(file).replace('"allow"', '"alow"'));
    await vs.waitForProblems((all) => effectProblems(all).some((p) => p.message.startsWith('Effect "alow"')), `the restarted server to check an edit (kill ${round})`);
    await vs.runCommand('File: Revert File');
    await vs.waitForProblems((all) => effectProblems(all).some((p) => p.message.startsWith('Effect "allow"')), 'the reverted text to be checked');

    const toasts = await waitFor(
      () => recordedToasts(vs),
      (shown) => shown.includes(message),
      `the notification "${message}"`,
    );
    assert.equal(toasts.filter((t) => t === message).length, 1, `shown once after kill ${round}: ${JSON.stringify(toasts)}`);
    await assertHolds(
      () => recordedToasts(vs),
      (shown) => shown.filter((t) => t === message).length === 1,
      `the notification still shown only once after kill ${round}`,
    );
  }
  await vs.runCommand('Notifications: Clear All Notifications');
});
