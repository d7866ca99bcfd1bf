// The "IAM Account" view in a real VS Code: the workspace's template read into users and roles, a principal's
// permissions by service and access level, a permission opening the statement that grants it, "Who can…" from a code
// action in a policy, and "Simulate as this principal". Run with: node scripts/run-e2e.mjs account
import assert from 'node:assert/strict';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, useVsCode, waitFor, type VsCode } from './harness';
import { chooseQuickFix, openQuickFixes, quickPickRows, webviewTexts } from './widgets';

const e2e = useVsCode({ suite: 'account', workspace: join(repoRoot, 'test/e2e/account-workspace'), settings: { 'breadcrumbs.enabled': false } });

// Page functions run in the browser; the project compiles without the DOM library.
interface DomElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
}

interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: string | null;
}

const header = (vs: VsCode) => vs.page.locator('.pane-header[aria-label^="IAM Account"]');
const pane = (vs: VsCode) => vs.page.locator('.pane', { has: header(vs) });

const foldersHeader = (vs: VsCode) => vs.page.locator('.pane-header[aria-label^="Explorer Section"]');

/** Shows the Explorer and expands the IAM Account section; the folders section is collapsed to give it room. */
async function showAccountView(vs: VsCode): Promise<void> {
  if (!(await header(vs).isVisible())) await vs.page.keyboard.press('Control+Shift+E');
  await header(vs).waitFor();
  if ((await header(vs).getAttribute('aria-expanded')) !== 'true') await header(vs).click();
  if ((await foldersHeader(vs).getAttribute('aria-expanded')) === 'true') await foldersHeader(vs).click();
  await vs.parkMouse();
}

/** Expands the folders section again (openFromExplorer clicks in it). */
async function showFolders(vs: VsCode): Promise<void> {
  if ((await foldersHeader(vs).getAttribute('aria-expanded')) !== 'true') await foldersHeader(vs).click();
  await vs.parkMouse();
}

/** Runs a command from the Command Palette that opens a quick input of its own (runCommand waits for the palette to close). */
async function startCommand(vs: VsCode, title: string): Promise<void> {
  await vs.page.keyboard.press('F1');
  await vs.page.locator('.quick-input-widget .quick-input-box input:focus').waitFor();
  await vs.page.keyboard.type(title);
  await quickPickRows(vs, (rows) => rows[0]?.label === title, `"${title}" first in the Command Palette`);
  await vs.page.keyboard.press('Enter');
}

/** The rows the view shows, in order. */
function treeRows(vs: VsCode): Promise<TreeRow[]> {
  return pane(vs)
    .locator('.monaco-list-row')
    .evaluateAll((rows: DomElement[]) =>
      rows
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => ({
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(row.getAttribute('aria-level')),
          expanded: row.getAttribute('aria-expanded'),
        })),
    );
}

function row(vs: VsCode, label: string, level: number) {
  return pane(vs)
    .locator(`.monaco-list-row[aria-level="${level}"]`)
    .filter({ has: vs.page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** Expands a row by its twistie (a click on the label runs the row's command instead). */
async function expand(vs: VsCode, label: string, level: number): Promise<void> {
  const target = row(vs, label, level).first();
  await target.waitFor();
  if ((await target.getAttribute('aria-expanded')) !== 'true') await target.locator('.monaco-tl-twistie').click();
  await waitFor(
    () => target.getAttribute('aria-expanded'),
    (expanded) => expanded === 'true',
    `${label} expanded`,
  );
  await vs.parkMouse();
}

e2e.test("the view lists the template's principals; frank's permissions by service and access level open the granting statement", async (vs) => {
  await showAccountView(vs);
  await waitFor(
    () => treeRows(vs),
    (rows) => rows.some((r) => r.label === 'Users'),
    'the Users category',
  );
  assert.deepEqual(
    (await treeRows(vs)).map((r) => [r.label, r.description, r.level]),
    [
      ['Users', '1', 1],
      ['Groups', '0', 1],
      ['Roles', '1', 1],
      ['Policies', '0', 1],
      ['Resource policies', '1', 1],
      ['Sources', '1', 1],
      ['Warnings', '1', 1],
    ],
  );
  await expand(vs, 'Users', 1);
  await expand(vs, 'frank', 2);
  await waitFor(
    () => treeRows(vs),
    (rows) => rows.some((r) => r.label === 's3'),
    "frank's s3 permissions",
  );
  await expand(vs, 's3', 3);
  await expand(vs, 'Read', 4);
  await expand(vs, 'Write', 4);
  // The last expanded entry's children render a moment after the click: wait for them rather than read the tree once.
  const rows = (
    await waitFor(
      () => treeRows(vs),
      (found) => found.some((r) => r.label === 's3:PutObject'),
      "frank's Write actions",
    )
  ).filter((r) => r.level >= 2);
  assert.deepEqual(
    rows.map((r) => [r.label, r.description, r.level]),
    [
      ['frank', '000000000000 · account.yaml', 2],
      ['Policies', '1', 3],
      ['s3', 'Amazon S3 · 3 actions', 3],
      ['List', '1 action', 4],
      ['Read', '1 action', 4],
      ['s3:GetObject', 'arn:aws:s3:::corp-data, arn:aws:s3:::corp-data/*', 5],
      ['Write', '1 action (1 conditional)', 4],
      ['s3:PutObject', 'Conditional · arn:aws:s3:::corp-data/*', 5],
    ],
  );

  // The screenshot for the README: the view beside the template (written when missing or asked for).
  const dir = join(repoRoot, 'test-results/e2e/account');
  await mkdir(dir, { recursive: true });
  await row(vs, 's3:GetObject', 5).click();
  await vs.waitForActiveEditor('account.yaml');
  // The statement ReadData: the cursor at its first key.
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === 12 && p.column === 17,
    'the cursor on the ReadData statement (12:17)',
  );
  await vs.parkMouse();
  const shot = join(dir, 'account-view.png');
  await vs.page.setViewportSize({ width: 1200, height: 750 });
  await vs.page.screenshot({ path: shot });
  await vs.page.setViewportSize({ width: 1400, height: 900 });
  const { size } = await stat(shot);
  assert.ok(size < 150 * 1024, `the screenshot is ${Math.round(size / 1024)} KB; keep it under 150 KB`);
  const readmeCopy = join(repoRoot, 'images/screenshots/account-view.png');
  if (process.env.E2E_UPDATE_README_SCREENSHOT || !existsSync(readmeCopy)) {
    await mkdir(join(repoRoot, 'images/screenshots'), { recursive: true });
    await copyFile(shot, readmeCopy);
  }

  // The conditional write opens the statement whose condition it waits on.
  await row(vs, 's3:PutObject', 5).click();
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === 16 && p.column === 17,
    'the cursor on the WriteWithMfa statement (16:17)',
  );
  await showFolders(vs);
});

e2e.test('"Who can…" from a code action on an action of a policy: the principals of the account, opening the statement', async (vs) => {
  await showFolders(vs);
  await vs.openFromExplorer('bucket-reader.policy.json');
  await vs.goTo(7, 19);
  await openQuickFixes(vs);
  await chooseQuickFix(vs, 'Who can s3:GetObject on arn:aws:s3:::corp-data/reports/q1.csv? (IAM account)');
  const input = vs.page.locator('.quick-input-widget:visible .quick-input-box input');
  await waitFor(
    () => input.inputValue(),
    (value) => value === 's3:GetObject',
    'the action box pre-filled with s3:GetObject',
  );
  await vs.page.keyboard.press('Enter');
  await waitFor(
    async () => ((await vs.page.locator('.quick-input-widget:visible .quick-input-title').textContent()) === 'Who can s3:GetObject… (2/2): resource' ? input.inputValue() : ''),
    (value) => value === 'arn:aws:s3:::corp-data/reports/q1.csv',
    'the resource box pre-filled with the statement’s resource',
  );
  await vs.page.keyboard.press('Enter');
  const title = 'Who can s3:GetObject on arn:aws:s3:::corp-data/reports/q1.csv: 2 allowed, 0 conditional';
  const answer = await quickPickRows(vs, (rows) => rows.length === 2, 'the two principals', title);
  assert.deepEqual(answer, [
    { label: 'frank', description: 'Allowed · arn:aws:iam::000000000000:user/frank' },
    { label: 'reader', description: 'Allowed · arn:aws:iam::000000000000:role/reader' },
  ]);
  await vs.page.keyboard.type('reader');
  await quickPickRows(vs, (rows) => rows.length === 1 && rows[0].label === 'reader', 'only reader', title);
  await vs.page.keyboard.press('Enter');
  await vs.waitForActiveEditor('account.yaml');
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === 39 && p.column === 17,
    'the cursor on the Reports statement of reader (39:17)',
  );
});

e2e.test('Resource policies: the bucket policy with its statement, which opens where the template writes it', async (vs) => {
  await showAccountView(vs);
  await expand(vs, 'Resource policies', 1);
  await expand(vs, 'arn:aws:s3:::corp-data', 2);
  // The statements load when the entry expands: wait for them rather than read the tree once.
  const group = (rows: Awaited<ReturnType<typeof treeRows>>) => {
    const start = rows.findIndex((r) => r.label === 'Resource policies');
    return rows.slice(start, start + 3).map((r) => [r.label, r.description, r.level]);
  };
  const rows = await waitFor(
    () => treeRows(vs),
    (found) => group(found)[2]?.[0] === 'KeepBucket',
    'the bucket policy statement under its entry',
  );
  assert.deepEqual(group(rows), [
    ['Resource policies', '1', 1],
    ['arn:aws:s3:::corp-data', 'AWS::S3::BucketPolicy · account.yaml', 2],
    ['KeepBucket', 'Deny · s3:DeleteBucket', 3],
  ]);
  await row(vs, 'KeepBucket', 3).click();
  await vs.waitForActiveEditor('account.yaml');
  await waitFor(
    () => vs.cursorPosition(),
    (p) => p.line === 50 && p.column === 13,
    'the cursor on the KeepBucket statement (50:13)',
  );
  await showFolders(vs);
});

e2e.test('"Simulate as this principal" runs the pickers with frank\'s policies and shows the decision', async (vs) => {
  await startCommand(vs, 'IAM Policy: Simulate as this principal');
  await quickPickRows(vs, (rows) => rows.length === 2, 'the users and roles', 'Simulate as a principal of the IAM account');
  await vs.page.keyboard.type('frank');
  await quickPickRows(vs, (rows) => rows.length === 1 && rows[0].label === 'frank', 'only frank', 'Simulate as a principal of the IAM account');
  await vs.page.keyboard.press('Enter');
  const title = (step: number, what: string) => `Simulate request against this user frank (${step}/4): ${what}`;
  const actions = await quickPickRows(vs, (rows) => rows.length >= 3, "frank's actions", title(1, 'action'));
  assert.deepEqual(
    actions.map((a) => a.label),
    ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
  );
  await vs.page.keyboard.type('s3:PutObject');
  await quickPickRows(vs, (rows) => rows[0]?.label === 's3:PutObject', 's3:PutObject first', title(1, 'action'));
  await vs.page.keyboard.press('Enter');
  await quickPickRows(vs, (rows) => rows[0]?.label === 'arn:aws:s3:::corp-data/*', 'the statement resource first', title(2, 'resource'));
  await vs.page.keyboard.press('Enter');
  const input = vs.page.locator('.quick-input-widget:visible .quick-input-box input');
  await waitFor(
    () => input.inputValue(),
    (value) => value === 'arn:aws:s3:::corp-data/*',
    'the resource box',
  );
  await vs.page.keyboard.press('End');
  await vs.page.keyboard.type('x.csv');
  await vs.page.keyboard.press('Enter');
  await waitFor(
    async () => ((await vs.page.locator('.quick-input-widget:visible .quick-input-title').textContent()) === title(3, 'principal') ? input.inputValue() : ''),
    (value) => value === 'arn:aws:iam::000000000000:user/frank',
    "the principal box with frank's ARN",
  );
  await vs.page.keyboard.press('Enter');
  await quickPickRows(vs, (rows) => rows.some((r) => r.label === 'aws:MultiFactorAuthPresent'), 'the context keys', title(4, 'context keys'));
  await vs.page.keyboard.type('Simulate');
  await quickPickRows(vs, (rows) => rows.length === 1 && rows[0].label.endsWith('Simulate'), 'only "Simulate"', title(4, 'context keys'));
  await vs.page.keyboard.press('Enter');
  const text = await waitFor(
    async () => (await webviewTexts(vs)).find((t) => t.includes('s3:PutObject on arn:aws:s3:::corp-data/*x.csv')) ?? '',
    (t) => t !== '',
    'the result view',
  );
  assert.match(text, /^Implicitly denied$/m);
  assert.match(text, /DataAccess \(inline\)/);
});
