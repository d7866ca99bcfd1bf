// "No new access vs HEAD" in a real VS Code: the workspace is a git repository (made in a temp folder before VS
// Code opens it), the lens above a policy edited since the commit, the difference view with the witness, "Simulate
// this request", and the lens after a commit (the repository changed). Run with: node scripts/run-e2e.mjs new-access
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Frame } from 'playwright-core';
import { repoRoot, useVsCode, waitFor, type VsCode } from './harness';

const committed = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
const edited = committed.replace('"Action": "s3:GetObject"', '"Action": ["s3:GetObject", "s3:DeleteObject"]');
const template = (actions: string) => `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${actions}
                Resource: !Sub "\${Bucket.Arn}/*"
`;

const program = (actions: string) => `import * as aws from '@pulumi/aws';

new aws.iam.Policy('reports', {
  policy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ${actions}, Resource: 'arn:aws:s3:::example-reports/*' }],
  }),
});
`;

/** A workspace folder that is a git repository: app.policy.json and stack.yaml committed, then edited; untracked.policy.json untracked. */
function gitWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-e2e-new-access-ws-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  writeFileSync(join(dir, 'app.policy.json'), committed);
  writeFileSync(join(dir, 'stack.yaml'), template('s3:GetObject'));
  writeFileSync(join(dir, 'infra.ts'), program("'s3:GetObject'"));
  git('add', 'app.policy.json', 'stack.yaml', 'infra.ts');
  git('commit', '-qm', 'app policy');
  writeFileSync(join(dir, 'app.policy.json'), edited);
  writeFileSync(join(dir, 'stack.yaml'), template('[s3:GetObject, s3:PutObject]'));
  writeFileSync(join(dir, 'infra.ts'), program("['s3:GetObject', 's3:PutObject']"));
  writeFileSync(join(dir, 'untracked.policy.json'), edited);
  return dir;
}

const sourceWorkspace = gitWorkspace();
// The harness opens a copy of it; the repository made here is removed once the suite is done.
after(() => rmSync(sourceWorkspace, { recursive: true, force: true }));
const e2e = useVsCode({ suite: 'new-access', workspace: sourceWorkspace, settings: { 'breadcrumbs.enabled': false, 'git.autoRepositoryDetection': true, 'git.enabled': true } });

// Page functions run in the browser; the project compiles without the DOM library.
interface DomElement {
  readonly textContent: string | null;
}
declare const document: { readonly title: string };

function lensTitles(vs: VsCode): Promise<string[]> {
  return vs
    .editor()
    .locator('.codelens-decoration a')
    .evaluateAll((links: DomElement[]) => links.map((a) => (a.textContent ?? '').trim()));
}

/** The frame of a webview by its page title. */
async function frameTitled(vs: VsCode, title: string): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of vs.page.frames()) {
        if (frame === vs.page.mainFrame()) continue;
        if ((await frame.evaluate(() => document.title).catch(() => '')) === title) return frame;
      }
      return undefined;
    },
    (frame) => frame !== undefined,
    `the webview "${title}"`,
  ) as Promise<Frame>;
}

async function viewText(vs: VsCode, title: string, needle: string | RegExp): Promise<string> {
  const matches = (text: string) => (typeof needle === 'string' ? text.includes(needle) : needle.test(text));
  return waitFor(async () => (await frameTitled(vs, title)).locator('body').innerText({ timeout: 2_000 }), matches, `the ${title} view to show ${needle}`);
}

e2e.test('a policy edited since HEAD: "Grants new access: 1 action…" above it; an untracked policy gets no such lens', async (vs) => {
  await vs.openFromExplorer('app.policy.json');
  await waitFor(
    () => lensTitles(vs),
    (found) => found.includes('Grants new access: 1 action…'),
    'the new-access lens in app.policy.json',
  );
  // The lens sits at the top, above the first line; the simulation lens further down, above "Statement".
  const lens = await vs.editor().locator('.codelens-decoration a', { hasText: 'Grants new access: 1 action…' }).boundingBox();
  const simulate = await vs
    .editor()
    .locator('.codelens-decoration a', { hasText: /^Simulate request$/ })
    .boundingBox();
  const version = await vs.editor().locator('.view-lines > .view-line', { hasText: '"Version"' }).first().boundingBox();
  assert.ok(lens && simulate && version);
  assert.ok(lens.y < version.y && simulate.y > version.y, JSON.stringify({ lens, simulate, version }));
  await vs.openFromExplorer('untracked.policy.json');
  // The simulation lenses show the server has answered; the new-access lens never comes.
  const untracked = await waitFor(
    () => lensTitles(vs),
    (found) => found.includes('Simulate request'),
    'the simulation lenses in untracked.policy.json',
  );
  assert.ok(!untracked.some((title) => /new access|Cannot compare/.test(title)), JSON.stringify(untracked));
});

e2e.test('the lens opens the difference view with the witness; "Simulate this request" allows it', async (vs) => {
  await vs.openFromExplorer('app.policy.json');
  await waitFor(
    () => lensTitles(vs),
    (found) => found.includes('Grants new access: 1 action…'),
    'the new-access lens',
  );
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Grants new access: 1 action…' }).click();
  const text = await viewText(vs, 'New access', 'NEW ACTIONS');
  assert.match(text, /^Grants new access\napp\.policy\.json vs HEAD$/m);
  assert.match(text, /The new policy allows 1 action \(s3:DeleteObject\) that the old one does not allow on some request\./);
  assert.match(text, /NEW ACTIONS \(1 ACTION\)/i);
  assert.match(text, /s3 Write \(1\): s3:DeleteObject/);
  assert.match(text, /Action\ts3:DeleteObject/);
  assert.match(text, /Resource\tarn:aws:s3:::example-reports\//);
  // The view as a test artefact: test-results/e2e/new-access/difference.png.
  const dir = join(repoRoot, 'test-results/e2e/new-access');
  await mkdir(dir, { recursive: true });
  await vs.parkMouse();
  const editorPart = await vs.page.locator('.part.editor').boundingBox();
  assert.ok(editorPart);
  await vs.page.screenshot({ path: join(dir, 'difference.png'), clip: editorPart });
  await (await frameTitled(vs, 'New access')).locator('button', { hasText: 'Simulate this request' }).click();
  const simulation = await viewText(vs, 'IAM policy simulation', 'Allowed');
  assert.match(simulation, /^Allowed\ns3:DeleteObject on arn:aws:s3:::example-reports\/z$/m);
  assert.match(simulation, /DECIDED BY\nAllow statement 1 "ReadReports" in app\.policy\.json/i);
});

e2e.test('a template: one lens per policy, each compared with the committed policy of the same name', async (vs) => {
  // The template opens in the group of the New access view (left open by the test before), as it does after the user
  // has clicked in that view: the lens must then show the view beside the template, not over it.
  await vs.page.locator('.editor-group-container .tab[aria-label^="New access"]').click();
  await vs.page.locator('.editor-group-container.active .tab.active[aria-label^="New access"]').waitFor();
  await vs.openFromExplorer('stack.yaml');
  const titles = await waitFor(
    () => lensTitles(vs),
    (found) => found.filter((title) => /new access/.test(title)).length === 2,
    'two new-access lenses in stack.yaml',
  );
  assert.deepEqual(
    titles.filter((title) => /new access/.test(title)),
    ['No new access vs HEAD', 'Grants new access: 1 action…'],
  );
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Grants new access: 1 action…' }).click();
  const text = await viewText(vs, 'New access', 'AppRole › Policies[0] › PolicyDocument');
  assert.match(text, /^AppRole › Policies\[0\] › PolicyDocument in stack\.yaml vs HEAD$/m);
  assert.match(text, /Resource\t\$\{Bucket\.Arn\}\//);
  // The view shows the report once revealed: the template is still the active editor of its group.
  assert.equal(await vs.page.locator('.editor-group-container.active .tab.active[data-resource-name="stack.yaml"]').count(), 1, 'the template stays in front');
  // From the Command Palette: the policy the cursor is in (the trust policy, lines 7 to 13).
  await vs.goTo(12, 5);
  await vs.runCommand('IAM Policy: Show new access since HEAD');
  const trust = await viewText(vs, 'New access', 'AppRole › AssumeRolePolicyDocument in stack.yaml vs HEAD');
  assert.match(trust, /^No new access\n/m);
});

e2e.test('a Pulumi program, once the server has found its policy: the lens above the policy it writes', async (vs) => {
  await vs.openFromExplorer('infra.ts');
  await waitFor(
    () => lensTitles(vs),
    (found) => found.includes('Grants new access: 1 action…'),
    'the new-access lens in infra.ts',
  );
  await vs.editor().locator('.codelens-decoration a', { hasText: 'Grants new access: 1 action…' }).click();
  const text = await viewText(vs, 'New access', "new aws.iam.Policy 'reports' › policy");
  assert.match(text, /The new policy allows 1 action \(s3:PutObject\) that the old one does not allow on some request\./);
});

e2e.test('after a commit the lens says "No new access vs HEAD"', async (vs) => {
  await vs.openFromExplorer('app.policy.json');
  execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-qam', 'delete too'], { cwd: vs.workspace, stdio: 'pipe' });
  const titles = await waitFor(
    () => lensTitles(vs),
    (found) => found.includes('No new access vs HEAD'),
    'the lens after the commit',
    60_000,
  );
  assert.equal(titles[0], 'No new access vs HEAD');
});
