// The escalation analysis of a template runs in a worker thread (dist/escalation-worker.js; run `node esbuild.mjs`
// first): findings of a text edited since are dropped, and without the worker the server analyses in its own thread
// as before. That hover and completion are answered while a 1 MB template is analysed is a slow test
// (test/reliability/escalation-worker-load.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ESCALATING_ROLES, generatedTemplate } from '../bench/template-bench';
import { serverBundle, shortTimings, TestClient } from '../helpers/lsp-client';

const escalations = (params: PublishDiagnosticsParams) => params.diagnostics.filter((d) => d.code === 'escalation-path');

/** Where `needle` starts in `text`, as an LSP position. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const passRole = 'iam:PassRole, Resource: !GetAtt AdminRole.Arn';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize(null, shortTimings);
});
after(async () => {
  await client.shutdown();
});

test("an analysis whose text was edited meanwhile is dropped: only the edited text's findings are published", async () => {
  const uri = 'file:///big/edited.yaml';
  const before = await client.escalationRuns();
  // The server's first run: it starts the worker (which loads its catalog) and analyses 10 roles, long enough for
  // the edit to come while it runs (were it not, nothing would be dropped and the test would fail, not pass).
  const big = generatedTemplate(10) + ESCALATING_ROLES;
  client.open(uri, big, 'yaml');
  await client.waitForEscalationRuns((runs) => runs.running && runs.started > before.started, 'a run of the opened template');
  // Two lines above: every finding of the text as opened would now point two lines too high.
  const edited = `# owned by the platform team\n# reviewed monthly\n${big}`;
  const version = client.change(uri, edited);
  const after = await client.waitForEscalationRuns((runs) => runs.dropped > before.dropped && runs.finished >= before.finished + 2 && !runs.running, 'the edited text analysed');
  assert.equal(after.dropped, before.dropped + 1);
  const [finding, ...more] = (await client.diagnostics(uri, (p) => escalations(p).length > 0, 60_000)).filter((d) => d.code === 'escalation-path');
  assert.deepEqual(finding.range.start, positionOf(edited, passRole));
  assert.deepEqual(more, []);
  // No publish ever had a finding of the text as opened.
  const published = client.publishes(uri).filter((p) => escalations(p).length > 0);
  assert.ok(published.length > 0);
  for (const params of published) {
    assert.equal(params.version, version);
    assert.deepEqual(
      escalations(params).map((d) => d.range.start),
      [positionOf(edited, passRole)],
    );
  }
  client.close(uri);
});

test('without the worker script the server analyses in its own thread, and says so once', async () => {
  // A copy of the bundled server with its data but no escalation-worker.js beside it.
  const root = mkdtempSync(join(tmpdir(), 'iam-policy-no-worker-'));
  const dist = dirname(serverBundle);
  mkdirSync(join(root, 'dist'));
  for (const name of readdirSync(dist)) {
    if (name === 'server.js' || name === 'server-main.js') copyFileSync(join(dist, name), join(root, 'dist', name));
    else if (!name.startsWith('escalation-worker')) symlinkSync(join(dist, name), join(root, 'dist', name));
  }
  symlinkSync(join(dist, '..', 'docs'), join(root, 'docs'));
  const alone = new TestClient(['--stdio'], [], join(root, 'dist', 'server.js'));
  try {
    await alone.initialize(null, shortTimings);
    const uri = 'file:///acct/small.yaml';
    const template = `Resources:\n${ESCALATING_ROLES}`;
    alone.open(uri, template, 'yaml');
    const [finding] = (await alone.diagnostics(uri, (p) => escalations(p).length > 0)).filter((d) => d.code === 'escalation-path');
    assert.deepEqual(finding.range.start, positionOf(template, passRole));
    // A second analysis after an edit: still here, still one log line.
    const version = alone.change(uri, `# edited\n${template}`);
    const runs = await alone.waitForEscalationRuns((r) => r.finished === 2 && !r.running, 'the edited text analysed');
    const moved = await alone.diagnostics(uri, (p) => p.version === version);
    assert.deepEqual(
      escalations({ uri, diagnostics: moved }).map((d) => d.range.start),
      [positionOf(`# edited\n${template}`, passRole)],
    );
    assert.equal(runs.mode, 'in-process');
    assert.equal(runs.finished, 2);
    const lines = alone.logs
      .join('\n')
      .split('\n')
      .filter((line) => /escalation/i.test(line));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^The escalation analysis runs in the language server's own thread \(the worker could not be used: the worker script .*escalation-worker\.js is missing\)\.$/);
  } finally {
    await alone.shutdown();
    rmSync(root, { recursive: true, force: true });
  }
});
