// Under load: while the escalation worker (dist/escalation-worker.js; run `node esbuild.mjs` first) analyses a 1 MB
// template, hover and completion sent meanwhile are answered before the analysis ends. A slow test (npm run
// test:slow): it needs an analysis long enough to ask in, and the server takes seconds over the template itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ESCALATING_ROLES, generatedTemplate } from '../bench/template-bench';
import { shortTimings, TestClient } from '../helpers/lsp-client';

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
  await client.initialize(null, shortTimings);
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
