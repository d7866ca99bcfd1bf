// Templates and Terraform files in a real VS Code (issues 13 and 14): a YAML CloudFormation template shows its
// findings where they are, a quick fix writes valid YAML, a "Simulate request" lens simulates one of its policies
// with the role's other policy, and a .tf file shows its findings too. Run with: node scripts/run-e2e.mjs templates
import assert from 'node:assert/strict';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { parseDocument } from 'yaml';
import { positionOf, repoRoot, useVsCode, waitFor, type Problem, type VsCode } from './harness';
import { chooseQuickFix, codeLenses, openQuickFixes, policyTypeText, quickPickRows, waitForInputBox } from './widgets';

const e2e = useVsCode({ suite: 'templates', settings: { 'breadcrumbs.enabled': false } });

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/e2e/workspace', name), 'utf8');
const ours = (problem: Problem) => problem.source === 'iam-policy';
const at =
  (file: string, code: string, needle: string, offset = 0) =>
  (problems: Problem[]) => {
    const { line, column } = positionOf(fixture(file), needle);
    return problems.some((p) => ours(p) && p.file === file && p.code === code && p.line === line && p.column === column + offset);
  };

// Page functions run in the browser; the project compiles without the DOM library.
declare const document: { readonly title: string };

/**
 * Waits until the server has read the account the template defines. A while after the template opens or changes (long
 * on a loaded machine) it publishes the template's problems again and adds the "Simulate as this role" lens above the
 * role Reader, which moves the lines below. Before that a click on a lens can miss, and Ctrl+. can show "No code
 * actions available": the new problems make VS Code drop the explicit request for an automatic one.
 */
async function waitForAccountRead(vs: VsCode): Promise<void> {
  await vs.goTo(1, 1);
  await waitFor(
    () => codeLenses(vs),
    (found) => found.includes('Simulate as this role'),
    'the "Simulate as this role" lens above Reader (the template\'s account read)',
  );
}

async function resultFrame(vs: VsCode): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of vs.page.frames()) {
        if (frame === vs.page.mainFrame()) continue;
        if ((await frame.evaluate(() => document.title).catch(() => '')) === 'IAM policy simulation') return frame;
      }
      return undefined;
    },
    (frame) => frame !== undefined,
    'the simulation result view',
  ) as Promise<Frame>;
}

e2e.test('a YAML template shows each policy finding at its place, and the status bar counts its policies', async (vs) => {
  await vs.openFromExplorer('stack.yaml');
  await vs.waitForProblems(at('stack.yaml', 'effect-value', 'Effect: allow', 'Effect: '.length), 'effect-value on "allow" in stack.yaml');
  await vs.waitForProblems(at('stack.yaml', 'action-unknown', 's3:ListBuckets', 's3:'.length), 'action-unknown on "ListBuckets" in stack.yaml');
  // Squiggles are drawn on the lines in view: bring the first finding into view.
  await vs.goTo(positionOf(fixture('stack.yaml'), 's3:ListBuckets').line, 1);
  await vs.waitForSquiggles('error');
  assert.equal(
    await waitFor(
      () => policyTypeText(vs),
      (text) => text !== '',
      'the status bar item',
    ),
    'IAM: 4 policies in template',
  );
});

e2e.test('the quick fix on a lowercase Effect in YAML writes valid YAML and clears the problem', async (vs) => {
  await vs.openFromExplorer('stack.yaml');
  await vs.waitForProblems(at('stack.yaml', 'effect-value', 'Effect: allow', 'Effect: '.length), 'effect-value in stack.yaml');
  await waitForAccountRead(vs);
  const { line, column } = positionOf(fixture('stack.yaml'), 'Effect: allow');
  await vs.goTo(line, column + 'Effect: '.length + 1);
  const titles = await openQuickFixes(vs);
  assert.equal(titles[0], 'Change to "Allow"', JSON.stringify(titles));
  await chooseQuickFix(vs, 'Change to "Allow"');
  await vs.waitForProblems((all) => !all.some((p) => ours(p) && p.file === 'stack.yaml' && p.code === 'effect-value'), 'the effect-value problem to go');
  // The template is taller than the editor, so its text is read from disk once saved.
  await vs.save();
  const text = await waitFor(
    () => vs.readFile('stack.yaml'),
    (saved) => !saved.includes('Effect: allow'),
    'the fixed text on disk',
  );
  assert.equal(text, fixture('stack.yaml').replace('Effect: allow', 'Effect: Allow'));
  assert.deepEqual(parseDocument(text, { customTags: [{ tag: '!GetAtt', resolve: (value: string) => value }] }).errors, []);
  await vs.writeFile('stack.yaml', fixture('stack.yaml'));
  await vs.waitForProblems(at('stack.yaml', 'effect-value', 'Effect: allow', 'Effect: '.length), 'the restored file to show its problem again');
});

e2e.test("typing ${ in a !Sub string offers the pseudo parameters and the template's resources, and writes them", async (vs) => {
  const original = fixture('stack.yaml');
  // The Resource starts as an empty Sub string, written to disk before the file opens: selecting and pasting over the
  // value raced with the editor in CI.
  const emptySub = original.replace('Resource: arn:aws:s3:::example-reports/*', "Resource: !Sub 'arn:'");
  await vs.writeFile('stack.yaml', emptySub);
  const { line, column } = positionOf(emptySub, "!Sub 'arn:'");
  const lineOf = (text: string) => text.split('\n')[line - 1]!;
  // Restored even when a step fails, so the next tests see the fixture.
  try {
    await vs.openFromExplorer('stack.yaml');
    // The editor (open since the first test) reloads the written file some time later, and a reload moves a cursor
    // that sits in the changed line: wait on the unchanged line above until the empty Sub string shows.
    await vs.goTo(line - 1, 1);
    await vs.waitForLineText(line, lineOf(emptySub), 'the editor to show the empty Sub string');
    await vs.waitForProblems(at('stack.yaml', 'effect-value', 'Effect: allow', 'Effect: '.length), 'stack.yaml analysed');
    await vs.goTo(line, column + "!Sub 'arn:".length);
    await vs.typeText('${');
    // `{` opens the list by itself: the server's trigger character (also asserted in test/lsp/host-completion.test.ts).
    // (One CI run saw no list within the 5 s this wait had then, on a loaded machine; it now waits as long as any other.)
    await waitFor(
      () => vs.suggestionLabels(),
      (labels) => labels.includes('AWS::Partition'),
      'the list opened by the typed {',
    );
    // Narrowed as a person does, which leaves a short walk down the list with the keyboard (each step can be dropped).
    await vs.typeText('AWS::Pa');
    await vs.acceptSuggestion('AWS::Partition');
    await vs.typeText(':s3:::${Rep');
    await vs.acceptSuggestion('Reports');
    await vs.typeText('/*');
    await vs.save();
    const expected = original.replace('Resource: arn:aws:s3:::example-reports/*', "Resource: !Sub 'arn:${AWS::Partition}:s3:::${Reports}/*'");
    assert.equal(
      await waitFor(
        () => vs.readFile('stack.yaml'),
        (saved) => saved === expected,
        'the Sub string on disk',
      ),
      expected,
    );
  } finally {
    await vs.writeFile('stack.yaml', original);
    // A step that failed may have left unsaved edits, which would keep the editor from reloading the file.
    if (await vs.page.locator('.editor-group-container.active .tab.active.dirty').count()) await vs.runCommand('File: Revert File');
  }
  // The editor reloads the restored file: as above, wait on the line above until the original Resource line shows.
  await vs.goTo(line - 1, 1);
  await vs.waitForLineText(line, lineOf(original), 'the editor to show the restored Resource');
  await vs.waitForProblems(at('stack.yaml', 'effect-value', 'Effect: allow', 'Effect: '.length), 'the restored file analysed again');
});

e2e.test('a "Simulate request" lens above a template policy simulates it with the role\'s other inline policy', async (vs) => {
  await vs.openFromExplorer('stack.yaml');
  // From the top, the ReadReports lens is in view, clear of the tab bar.
  await waitForAccountRead(vs);
  const lenses = await waitFor(
    () => codeLenses(vs),
    (found) => found.filter((title) => title === 'Simulate request').length === 4,
    'a lens above each of the four policies',
  );
  assert.ok(lenses.includes('Simulate request for "ReadReports"'), JSON.stringify(lenses));
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Simulate request for "ReadReports"' }).click();
  const title = (step: number, what: string) => `Simulate request against this identity-based policy (${step}/4): ${what}`;
  const actions = await quickPickRows(vs, (rows) => rows.length > 0, 'the actions of ReadReports', title(1, 'action'));
  assert.equal(actions[0].label, 's3:GetObject');
  await vs.page.keyboard.press('Enter');
  const resources = await quickPickRows(vs, (rows) => rows.length > 0, 'the resources offered', title(2, 'resource'));
  assert.equal(resources[0].label, 'arn:aws:s3:::example-reports/*');
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(2, 'resource'), (value) => value === 'arn:aws:s3:::example-reports/*', 'the resource box');
  await vs.page.keyboard.type('q3.csv');
  await waitForInputBox(vs, title(2, 'resource'), (value) => value === 'arn:aws:s3:::example-reports/q3.csv', 'the typed resource');
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(3, 'principal'), (value) => value.startsWith('arn:aws:iam::'), 'the principal box');
  // No condition reads a context key, so the simulation runs without the fourth step.
  await vs.page.keyboard.press('Enter');
  const frame = await resultFrame(vs);
  const text = await waitFor(
    () => frame.locator('body').innerText({ timeout: 2_000 }),
    (shown) => shown.includes('Allowed'),
    'the decision',
  );
  assert.match(text, /^Allowed\ns3:GetObject on arn:aws:s3:::example-reports\/q3\.csv$/m);
  assert.match(text, /DECIDED BY\nAllow statement 1 "ReadReports" in /i);
  // The role's other inline policy takes part; its Resource is known only at deploy time.
  assert.match(text, /Policies in play \(2\)/i);
  assert.match(text, /Reader › Policies\[1\] › PolicyDocument/);
  assert.match(text, /Reader › AssumeRolePolicyDocument decides who may assume Reader/);
  // The screenshot as a test artefact, and for the README when missing (E2E_UPDATE_README_SCREENSHOT=1 refreshes it).
  const dir = join(repoRoot, 'test-results/e2e/templates');
  await mkdir(dir, { recursive: true });
  await vs.parkMouse();
  await vs.page.setViewportSize({ width: 1200, height: 750 });
  await waitFor(
    () => frame.locator('body').innerText({ timeout: 2_000 }),
    (shown) => shown.includes('Allowed'),
    'the decision after the resize',
  );
  const editorPart = await vs.page.locator('.part.editor').boundingBox();
  assert.ok(editorPart);
  const shot = join(dir, 'template-simulation.png');
  await vs.page.screenshot({ path: shot, clip: editorPart });
  await vs.page.setViewportSize({ width: 1400, height: 900 });
  const { size } = await stat(shot);
  assert.ok(size < 150 * 1024, `the screenshot is ${Math.round(size / 1024)} KB; keep it under 150 KB`);
  const readmeCopy = join(repoRoot, 'images/screenshots/template-simulation.png');
  if (process.env.E2E_UPDATE_README_SCREENSHOT || !existsSync(readmeCopy)) await copyFile(shot, readmeCopy);
});

e2e.test('a .tf file shows the finding inside jsonencode at its place', async (vs) => {
  await vs.openFromExplorer('main.tf');
  await vs.waitForProblems(at('main.tf', 'action-unknown', '"s3:GetObjekt"', '"s3:'.length), 'action-unknown on "GetObjekt" in main.tf');
  await vs.waitForSquiggles('error');
  assert.equal(
    await waitFor(
      () => policyTypeText(vs),
      (text) => text !== '',
      'the status bar item',
    ),
    'IAM: 1 policy in Terraform file',
  );
});

e2e.test('a Jinja policy template (.json.j2), which VS Code gives no language, shows its finding at its place', async (vs) => {
  await vs.openFromExplorer('bucket.json.j2');
  await vs.waitForProblems(at('bucket.json.j2', 'action-unknown', '"s3:GetObjekt"', '"s3:'.length), 'action-unknown on "GetObjekt" in bucket.json.j2');
  await vs.waitForSquiggles('error');
  // The template's placeholders and directives are no findings of ours.
  const problems = (await vs.problems()).filter((p) => ours(p) && p.file === 'bucket.json.j2');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['action-unknown'],
  );
});

e2e.test('a file of role statements a service reads with ${file(…)} shows its finding at its place; its variables are no findings', async (vs) => {
  await vs.openFromExplorer('iamRoleStatements.yml');
  await vs.waitForProblems(at('iamRoleStatements.yml', 'action-unknown', 'sqs:SendMesage', 'sqs:'.length), 'action-unknown on "SendMesage" in iamRoleStatements.yml');
  const problems = (await vs.problems()).filter((p) => ours(p) && p.file === 'iamRoleStatements.yml');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['action-unknown'],
  );
});

e2e.test('a serverless.yml shows the finding of its role statements at its place; its variables are no findings', async (vs) => {
  await vs.openFromExplorer('serverless.yml');
  await vs.waitForProblems(at('serverless.yml', 'action-unknown', 's3:GetObjekt', 's3:'.length), 'action-unknown on "GetObjekt" in serverless.yml');
  await vs.waitForSquiggles('error');
  const problems = (await vs.problems()).filter((p) => ours(p) && p.file === 'serverless.yml');
  assert.deepEqual(
    problems.map((p) => p.code),
    ['action-unknown'],
  );
});

e2e.test('a Crossplane manifest shows the finding inside its policy JSON at its place; the status bar counts its policies', async (vs) => {
  // VS Code draws squiggles only on the lines in view: the fixture's finding sits in its first document.
  await vs.openFromExplorer('crossplane-role.yaml');
  await vs.waitForProblems(at('crossplane-role.yaml', 'action-unknown', '"s3:GetObjekt"', '"s3:'.length), 'action-unknown on "GetObjekt" in crossplane-role.yaml');
  await vs.waitForSquiggles('error');
  assert.equal(
    await waitFor(
      () => policyTypeText(vs),
      (text) => text !== '',
      'the status bar item',
    ),
    'IAM: 2 policies in Kubernetes manifest',
  );
});

e2e.test("a serverless.ts shows the finding of a statement it spreads in its const, and a quick fix keeps the literal's quotes", (vs) =>
  fixCdkAction(vs, 'serverless.ts', "'s3:GetObjekt'", "'s3:GetObject'", 'Serverless file'),
);

e2e.test("a Serverless function's configuration module shows the finding in its role statements, and a quick fix keeps the literal's quotes", (vs) =>
  fixCdkAction(vs, 'src/functions/placeBid/index.ts', "'s3:GetObjekt'", "'s3:GetObject'", 'Serverless file'),
);

/** A source's action-unknown finding, the status bar, and a quick fix that writes the action in the literal's quotes. */
async function fixCdkAction(vs: VsCode, file: string, misspelt: string, fixed: string, host = 'CDK source', policies = 1): Promise<void> {
  const prefix = misspelt.slice(0, misspelt.indexOf(':') + 1);
  // The Explorer shows a folder chain with one child each as one row (src/functions/placeBid): open such a file by name.
  if (file.includes('/')) await vs.quickOpen(file);
  else await vs.openFromExplorer(file);
  // TypeScript's own errors on the fixtures' imports come first in the file's rows: show this file's rows alone.
  await vs.filterProblems(`**/${file}`);
  try {
    await fixAction(vs, file, misspelt, fixed, prefix, host, policies);
  } finally {
    await vs.filterProblems('');
  }
}

async function fixAction(vs: VsCode, file: string, misspelt: string, fixed: string, prefix: string, host: string, policies = 1): Promise<void> {
  await vs.waitForProblems(at(file, 'action-unknown', misspelt, prefix.length), `action-unknown on "GetObjekt" in ${file}`);
  assert.equal(
    await waitFor(
      () => policyTypeText(vs),
      (text) => text !== '',
      'the status bar item',
    ),
    `IAM: ${policies === 1 ? '1 policy' : `${policies} policies`} in ${host}`,
  );
  const { line, column } = positionOf(fixture(file), misspelt);
  await vs.goTo(line, column + prefix.length + 1);
  const titles = await openQuickFixes(vs);
  const fix = titles.find((title) => title.includes('s3:GetObject'));
  assert.ok(fix, JSON.stringify(titles));
  await chooseQuickFix(vs, fix);
  await vs.waitForProblems((all) => !all.some((p) => ours(p) && p.file === file && p.code === 'action-unknown'), 'the action-unknown problem to go');
  await vs.save();
  const text = await waitFor(
    () => vs.readFile(file),
    (saved) => !saved.includes('GetObjekt'),
    'the fixed text on disk',
  );
  assert.equal(text, fixture(file).replace(misspelt, fixed));
  await vs.writeFile(file, fixture(file));
}

e2e.test("a CDK stack in TypeScript shows a finding in its PolicyStatement, and a quick fix keeps the literal's quotes", (vs) =>
  // The role's assumedBy is the second policy: its trust policy.
  fixCdkAction(vs, 'reports-stack.ts', "'s3:GetObjekt'", "'s3:GetObject'", 'CDK source', 2),
);

e2e.test("a CDK stack in Python shows a finding in its PolicyStatement, and a quick fix keeps the literal's quotes", (vs) =>
  fixCdkAction(vs, 'reports_stack.py', '"s3:GetObjekt"', '"s3:GetObject"', 'CDK source', 2),
);

// Named to sort first in the Problems panel, whose rows are read only when rendered (audit_stack.go too, indented
// with spaces rather than gofmt's tabs, since the cursor is placed by character and VS Code counts a tab as four).
e2e.test('a CDK stack in Java shows a finding in the builder of its PolicyStatement, and a quick fix edits the literal', (vs) =>
  fixCdkAction(vs, 'AuditStack.java', '"s3:GetObjekt"', '"s3:GetObject"'),
);

e2e.test('a CDK stack in Go shows a finding in the struct of its PolicyStatement, and a quick fix edits the literal', (vs) => fixCdkAction(vs, 'audit_stack.go', '"s3:GetObjekt"', '"s3:GetObject"'));

e2e.test('a CDK stack in C# shows a finding in the props object of its PolicyStatement, once the grammar the first C# file loads is there, and a quick fix edits the literal', (vs) =>
  fixCdkAction(vs, 'AuditStack.cs', '"s3:GetObjekt"', '"s3:GetObject"'),
);

e2e.test("a Pulumi program shows a finding in the policy it gives a resource, and a quick fix keeps the literal's quotes", (vs) =>
  fixCdkAction(vs, 'index.ts', "'s3:GetObjekt'", "'s3:GetObject'", 'Pulumi program'),
);

e2e.test("a Pulumi program in Go shows a finding in the policy JSON of a raw string, and a quick fix writes the JSON's quotes", (vs) =>
  fixCdkAction(vs, 'reports_pulumi.go', '"s3:GetObjekt"', '"s3:GetObject"', 'Pulumi program'),
);

e2e.test("a Pulumi program in C# shows a finding in the Dictionary JsonSerializer writes, and a quick fix keeps C#'s quotes", (vs) =>
  fixCdkAction(vs, 'ReportsProgram.cs', '"s3:GetObjekt"', '"s3:GetObject"', 'Pulumi program'),
);

e2e.test('a CDK for Terraform app shows a finding in the statement of a DataAwsIamPolicyDocument, and a quick fix edits the literal', (vs) =>
  fixCdkAction(vs, 'reports-cdktf.ts', "'s3:GetObjekt'", "'s3:GetObject'", 'CDKTF app'),
);

e2e.test("an aws-native policy written in lower case, as Pulumi's examples do, is IAM's error; one quick fix writes every name as IAM does", async (vs) => {
  const file = 'native-role.ts';
  await vs.openFromExplorer(file);
  await vs.filterProblems(`**/${file}`);
  try {
    await vs.waitForProblems(at(file, 'unknown-element', 'statement:'), 'unknown-element on "statement"');
    const { line, column } = positionOf(fixture(file), 'statement:');
    await vs.goTo(line, column + 1);
    const titles = await openQuickFixes(vs);
    const fix = titles.find((title) => title.startsWith('Write every element name'));
    assert.ok(fix, JSON.stringify(titles));
    await chooseQuickFix(vs, fix);
    await vs.waitForProblems((all) => !all.some((p) => ours(p) && p.file === file && p.code === 'unknown-element'), 'the unknown-element problems to go');
    await vs.save();
    const text = await waitFor(
      () => vs.readFile(file),
      (saved) => saved.includes('Statement:'),
      'the fixed text on disk',
    );
    assert.equal(
      text,
      fixture(file)
        .replace('version:', 'Version:')
        .replace('statement:', 'Statement:')
        .replace('effect:', 'Effect:')
        .replace('principal:', 'Principal:')
        .replace('service:', 'Service:')
        .replace('action:', 'Action:'),
    );
    await vs.writeFile(file, fixture(file));
  } finally {
    await vs.filterProblems('');
  }
});

e2e.test('a Pulumi YAML program shows a finding in the policy under fn::toJSON, and a quick fix edits the scalar', (vs) =>
  fixCdkAction(vs, 'pulumi-yaml/Pulumi.yaml', 's3:GetObjekt', 's3:GetObject', 'Pulumi program'),
);
