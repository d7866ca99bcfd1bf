// The account a template defines, in a real VS Code (issue 15): escalation-path on the statement that allows the
// first step, and "Simulate as this role" simulating with all of the role's policies.
// Run with: node scripts/run-e2e.mjs escalation
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { positionOf, repoRoot, useVsCode, waitFor, type VsCode } from './harness';
import { codeLenses, quickPickRows, waitForInputBox } from './widgets';

const e2e = useVsCode({ suite: 'escalation', settings: { 'breadcrumbs.enabled': false } });

const fixture = readFileSync(join(repoRoot, 'test/e2e/workspace/escalation.yaml'), 'utf8');

// Page functions run in the browser; the project compiles without the DOM library.
declare const document: { readonly title: string };

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

e2e.test('escalation-path sits on the iam:PassRole that opens the path, with the path in the message', async (vs) => {
  await vs.openFromExplorer('escalation.yaml');
  const { line, column } = positionOf(fixture, 'Action: iam:PassRole');
  const problems = await vs.waitForProblems((all) => all.some((p) => p.source === 'iam-policy' && p.file === 'escalation.yaml' && p.code === 'escalation-path'), 'escalation-path in escalation.yaml');
  const found = problems.filter((p) => p.code === 'escalation-path' && p.file === 'escalation.yaml');
  assert.deepEqual(
    found.map((p) => [p.severity, p.line, p.column]),
    [['warning', line, column + 'Action: '.length]],
  );
  assert.match(found[0].message, /^Role AppRole can become administrator: iam:PassRole of AdminRole to lambda:CreateFunction and lambda:InvokeFunction\./);
});

e2e.test('"Simulate as this role" above a role simulates the request with all of its policies', async (vs) => {
  await vs.openFromExplorer('escalation.yaml');
  await vs.goTo(1, 1);
  await waitFor(
    () => codeLenses(vs),
    (found) => found.filter((title) => title === 'Simulate as this role').length === 2,
    'a "Simulate as this role" lens above each of the two roles',
  );
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Simulate as this role' }).nth(1).click();
  const title = (step: number, what: string) => `Simulate request against this role's policies (${step}/4): ${what}`;
  const actions = await quickPickRows(vs, (rows) => rows.length > 0, "the actions of the role's policies", title(1, 'action'));
  assert.deepEqual(
    actions.map((row) => row.label),
    ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
  );
  await vs.page.keyboard.press('ArrowDown');
  await vs.page.keyboard.press('Enter');
  const resources = await quickPickRows(vs, (rows) => rows.length > 0, 'the resources offered', title(2, 'resource'));
  // The resources of every statement of the role's policies: the passed role's ARN (a placeholder) and "*".
  const any = resources.findIndex((row) => row.label === '*');
  assert.ok(any >= 0, JSON.stringify(resources));
  for (let i = 0; i < any; i++) await vs.page.keyboard.press('ArrowDown');
  await vs.page.keyboard.press('Enter');
  await waitForInputBox(vs, title(2, 'resource'), (value) => value === '*', 'the resource box');
  await vs.page.keyboard.press('Enter');
  // The role is the principal, in the account of the usual default principal.
  await waitForInputBox(vs, title(3, 'principal'), (value) => /^arn:aws:iam::\d{12}:role\/AppRole$/.test(value), 'the role as the principal');
  await vs.page.keyboard.press('Enter');
  const frame = await resultFrame(vs);
  const text = await waitFor(
    () => frame.locator('body').innerText({ timeout: 2_000 }),
    (shown) => shown.includes('Allowed'),
    'the decision',
  );
  assert.match(text, /^Allowed\nlambda:CreateFunction on \*$/m);
  assert.match(text, /DECIDED BY\nAllow statement 2 "Functions" in /i);
  assert.match(text, /Simulated as role AppRole, with all of its policies/);
});
