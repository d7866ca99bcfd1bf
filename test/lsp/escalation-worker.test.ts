// The escalation analysis of a template runs in a worker thread (dist/escalation-worker.js; run `node esbuild.mjs`
// first): requests sent while a 1 MB template is analysed are answered before the analysis ends, findings of a text
// edited since are dropped, and without the worker the server analyses in its own thread as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ESCALATING_ROLES, generatedTemplate } from '../bench/template-bench';
import { serverBundle, TestClient } from '../helpers/lsp-client';

const escalations = (params: PublishDiagnosticsParams) => params.diagnostics.filter((d) => d.code === 'escalation-path');

/** Where `needle` starts in `text`, as an LSP position. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

// 300 roles and 1,260 policies, and one escalation path: Deployer may pass AdminRole to Lambda.
const big = generatedTemplate() + ESCALATING_ROLES;
const passRole = 'iam:PassRole, Resource: !GetAtt AdminRole.Arn';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
});

test('hover and completion sent while a 1 MB template is analysed are answered before the analysis ends', async () => {
  const uri = 'file:///big/stack.yaml';
  client.open(uri, big, 'yaml');
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  const started = await client.waitForEscalationRuns((runs) => runs.running && runs.started >= 1, 'a run under way');
  assert.equal(started.mode, 'worker');
  const order: string[] = [];
  const found = client
    .diagnostics(uri, (p) => escalations(p).length > 0, 120_000)
    .then((diagnostics) => {
      order.push('escalations published');
      return diagnostics.filter((d) => d.code === 'escalation-path');
    });
  const position = positionOf(big, passRole);
  const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: position.line, character: position.character + 6 } }).then((result) => {
    order.push('hover');
    return result;
  });
  const completionAt = positionOf(big, 'lambda:CreateFunction, lambda:InvokeFunction');
  const completion = client
    .request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: completionAt.line, character: completionAt.character + 7 } })
    .then((result) => {
      order.push('completion');
      return result;
    });
  const [hovered, completed] = await Promise.all([hover, completion]);
  // Asked after both answers: the run that was under way when they were sent has not ended.
  const meanwhile = await client.escalationRuns();
  order.push(meanwhile.finished === started.finished ? 'analysis still running' : 'analysis ended');
  const [finding, ...more] = await found;
  assert.deepEqual(more, []);
  assert.deepEqual(order.slice(2), ['analysis still running', 'escalations published']);
  assert.deepEqual(new Set(order.slice(0, 2)), new Set(['hover', 'completion']));
  assert.match(JSON.stringify(hovered?.contents), /PassRole/);
  assert.ok(completed?.items.some((item) => item.label === 'lambda:CreateFunction'));
  // The finding is today's: on the Action value of the statement that allows the first step.
  assert.deepEqual(finding.range.start, positionOf(big, passRole));
  assert.match(String(finding.message), /^Role Deployer can become administrator: iam:PassRole of AdminRole to lambda:CreateFunction and lambda:InvokeFunction\./);
  assert.equal((await client.escalationRuns()).running, false);
  client.close(uri);
});

test("an analysis whose text was edited meanwhile is dropped: only the edited text's findings are published", async () => {
  const uri = 'file:///big/edited.yaml';
  const before = await client.escalationRuns();
  // 100 roles: an analysis long enough for the edit to come while it runs.
  const big = generatedTemplate(100) + ESCALATING_ROLES;
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
    if (name === 'server.js') copyFileSync(join(dist, name), join(root, 'dist', name));
    else if (!name.startsWith('escalation-worker')) symlinkSync(join(dist, name), join(root, 'dist', name));
  }
  symlinkSync(join(dist, '..', 'docs'), join(root, 'docs'));
  const alone = new TestClient(['--stdio'], [], join(root, 'dist', 'server.js'));
  try {
    await alone.initialize();
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
