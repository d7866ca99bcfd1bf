// The packaged extension in a real VS Code: diagnostics, snippets and the grammar as a person sees
// them. Run with: node scripts/run-e2e.mjs
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertHolds, positionOf, repoRoot, useVsCode, waitFor, type Problem, type Token } from './harness';

const e2e = useVsCode({ suite: 'editor' });

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/e2e/workspace', name), 'utf8');
const ours = (problem: Problem) => problem.source === 'iam-policy';
const effectProblems = (problems: Problem[]) => problems.filter((p) => ours(p) && p.code === 'effect-value' && p.file === 'broken.policy.json');

e2e.test('starts without extension host errors from our extension', async (vs) => {
  await vs.openFromExplorer('broken.policy.json');
  await vs.waitForActivation();
  // A diagnostic from the server shows the whole chain came up; an error from us ends the wait early.
  await waitFor(
    () => Promise.all([vs.extensionHostErrors(), vs.problems()]),
    ([errors, problems]) => errors.length > 0 || effectProblems(problems).length > 0,
    'the effect-value problem of broken.policy.json, or an extension host error from us',
  );
  assert.deepEqual(await vs.extensionHostErrors(), []);
  const channel = await vs.outputChannel('IAM Policy Author');
  assert.doesNotMatch(channel, /\[error\b/i, `the "IAM Policy Author" output channel logged an error:\n${channel}`);
});

e2e.test('broken.policy.json shows the invalid Effect as a squiggle and in the Problems panel', async (vs) => {
  await vs.openFromExplorer('broken.policy.json');
  await vs.waitForSquiggles('error');
  const position = positionOf(fixture('broken.policy.json'), '"allow"');
  assert.deepEqual(position, { line: 6, column: 17 }, 'the fixture moved; update this test');
  const problems = await vs.waitForProblems((all) => effectProblems(all).length > 0, 'the effect-value problem of broken.policy.json');
  assert.deepEqual(effectProblems(problems), [
    {
      file: 'broken.policy.json',
      severity: 'error',
      message: 'Effect "allow" is not valid. Use "Allow" or "Deny".',
      source: 'iam-policy',
      code: 'effect-value',
      ...position,
    },
  ]);
});

e2e.test('typing "Allow" over "allow" clears the problem', async (vs) => {
  await vs.openFromExplorer('broken.policy.json');
  await vs.waitForSquiggles('error');
  const { line, column } = positionOf(fixture('broken.policy.json'), '"allow"');
  await vs.goTo(line, column + 1);
  await vs.page.keyboard.press('Delete');
  await vs.typeText('A');
  await vs.waitForEditorText(fixture('broken.policy.json').replace('"allow"', '"Allow"'), 'the typed "Allow" in the editor');
  await vs.waitForNoSquiggles('error');
  await vs.waitForProblems((all) => !all.some((p) => ours(p) && p.file === 'broken.policy.json'), 'no iam-policy problems for broken.policy.json');
  // Leave the file as the fixture has it for the tests after this one.
  await vs.runCommand('File: Revert File');
  await vs.waitForSquiggles('error');
});

e2e.test('package.json and a workflow YAML get no diagnostics from us; template.json, a CloudFormation template, does', async (vs) => {
  await vs.openFromExplorer('package.json');
  await vs.openFromExplorer('workflow.yml');
  await vs.openFromExplorer('template.json');
  // The template's policy is checked where it sits: its lowercase Effect, at its line in the template.
  const { line, column } = positionOf(fixture('template.json'), '"allow"');
  await vs.waitForProblems(
    (all) => all.some((p) => ours(p) && p.file === 'template.json' && p.code === 'effect-value' && p.line === line && p.column === column),
    'the effect-value problem of template.json',
  );
  // Opened last, so once its problem shows, the server has seen the files above.
  await vs.openFromExplorer('broken.policy.json');
  await vs.waitForProblems((all) => effectProblems(all).length > 0, 'the effect-value problem of broken.policy.json');
  const notPolicies = new Set(['package.json', 'workflow.yml']);
  await assertHolds(
    () => vs.problems(),
    (all) => !all.some((p) => ours(p) && notPolicies.has(p.file)),
    'no iam-policy problems for package.json or workflow.yml',
  );
});

e2e.test('the iam-policy snippet expands in an empty policy file', async (vs) => {
  await vs.writeFile('new.policy.json', '');
  await vs.quickOpen('new.policy.json');
  await vs.typeText('iam-policy');
  await vs.triggerSuggest();
  await vs.acceptSuggestion('iam-policy');
  const text = await waitFor(
    () => vs.editorText(),
    (shown) => shown !== 'iam-policy',
    'the snippet to replace the typed prefix',
  );
  assert.match(text, /"Version": "2012-10-17"/);
  assert.doesNotMatch(text, /iam-policy/);
  // Leave snippet mode (its choice list may be open) so it does not reach into the next test.
  await vs.page.keyboard.press('Escape');
  await vs.page.keyboard.press('Escape');
});

e2e.test('the grammar colours an ARN differently from a plain string', async (vs) => {
  await vs.openFromExplorer('good.policy.json');
  // Tokenizing happens off the UI thread; until a line is done all of it has the default colour
  // (mtk1). Strings and property names get a colour in any theme, so they show when it is done.
  const coloured = (tokens: Token[]) => tokens.some((token) => token.className !== 'mtk1');
  const [sid, , arn] = await waitFor(
    () => Promise.all([vs.tokensOf('ListReportBuckets'), vs.tokensOf('"Resource"'), vs.tokensOf('arn:aws:s3:::my-bucket')]),
    ([s, key]) => coloured(s) && coloured(key),
    'the Sid and Resource lines of good.policy.json to be tokenized (is the grammar loaded?)',
  );
  assert.equal(sid.length, 1, `the Sid value is one token: ${JSON.stringify(sid)}`);
  const plainString = sid[0]!;
  assert.ok(
    arn.some((token) => token.className !== plainString.className),
    `the ARN is coloured like a plain string: ARN ${JSON.stringify(arn)}, Sid ${JSON.stringify(plainString)}`,
  );
});

e2e.test("the language server keeps V8's code cache in the extension's storage, and nowhere else", async (vs) => {
  await vs.openFromExplorer('broken.policy.json');
  await vs.waitForSquiggles('error');
  // The client sets IAM_POLICY_CACHE_DIR to the extension's global storage; the server writes the cache there ten
  // seconds after it started (server/src/lsp/launcher.ts).
  const storage = join(vs.userDataDir, 'User', 'globalStorage', 'iam-policy-author.iam-policy-author', 'code-cache');
  const cached = () => {
    try {
      return readdirSync(storage).filter((name) => /^server-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/.test(name));
    } catch {
      return [];
    }
  };
  await waitFor(cached, (names) => names.length === 1, `the server's code cache in ${storage}`, 30_000);
  assert.equal(existsSync(join(vs.runDir, 'xdg', 'cache', 'iam-policy-author')), false, 'no cache in $XDG_CACHE_HOME');
});
