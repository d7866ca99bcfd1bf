// The language server's resident memory with a 1 MB CloudFormation template open (issue 15): dist/server.js over
// stdio, the template's escalation analysis in the worker thread (dist/escalation-worker.js), and the same server
// without the worker (a copy of dist/ without the worker's script: the analysis runs in the server's thread). Each
// as a ratio to the server's memory with only the service catalog loaded, measured in the same runs; the runs are
// interleaved so both see the same load. Run alone with `node --import tsx test/bench/server-memory-bench.ts`.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerStats } from '../../server/src/protocol';
import { serverBundle, TestClient } from '../helpers/lsp-client';
import { median, ms, row } from './stats';
import { ESCALATING_ROLES, generatedTemplate } from './template-bench';

interface MemoryRun {
  /** Resident MB once the catalog is loaded, before the template is opened. */
  catalog: number;
  /** Resident MB a second after the template's findings came, and a second after those of three edits. */
  opened: number;
  edited: number;
  /** The most the process was resident (VmHWM), MB. */
  peak: number;
  /** From each edit to its analysis having ended (the 600 ms wait after the last edit included). */
  edits: number[];
  mode: string;
}

/** Resident and peak resident memory of a process, MB. */
function residentOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await pause(20);
  }
}

/** The LSP position of an offset. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export async function measureServer(bundle: string, template: string): Promise<MemoryRun> {
  const client = new TestClient(['--stdio'], [], bundle);
  try {
    await client.initialize();
    client.open('file:///bench/small.policy.json', '{"Version": "2012-10-17", "Statement": []}');
    await until(() => client.logs.some((line) => line.startsWith('Loaded the service catalog')), 'the catalog');
    await pause(500);
    const catalog = residentOf(client.process.pid!).rss;
    const runs = async () => (await client.request<ServerStats>('iamPolicy/serverStats')).escalationRuns!;
    const uri = 'file:///bench/memory.yaml';
    client.open(uri, template, 'yaml');
    await until(async () => (await runs()).finished >= 1, 'the first analysis');
    await pause(1000);
    const opened = residentOf(client.process.pid!).rss;
    // Keystrokes in three roles' policies: each changes the account, so the escalations are found again.
    const anchors = [...template.matchAll(/sqs:ReceiveMessage/g)].map((match) => match.index! + 3);
    const edits: number[] = [];
    let text = template;
    for (const anchor of [anchors[250], anchors[150], anchors[50]]) {
      const before = (await runs()).finished;
      const start = performance.now();
      const at = positionOf(text, anchor);
      client.edit(uri, { start: at, end: at }, 'x');
      text = `${text.slice(0, anchor)}x${text.slice(anchor)}`;
      await until(async () => (await runs()).finished > before, 'an edit analysed');
      edits.push(performance.now() - start);
    }
    await pause(1000);
    const { rss: edited, peak } = residentOf(client.process.pid!);
    const mode = (await runs()).mode;
    await client.shutdown();
    return { catalog, opened, edited, peak, edits, mode };
  } finally {
    client.process.kill();
  }
}

export async function benchServerMemory(rounds = 3): Promise<void> {
  const template = generatedTemplate() + ESCALATING_ROLES;
  console.log(`\nLanguage server memory with a ${(template.length / 1e6).toFixed(2)} MB CloudFormation template open (resident MB, median of ${rounds}, interleaved)`);
  const withoutWorker = mkdtempSync(join(tmpdir(), 'iam-policy-no-worker-'));
  const dist = join(serverBundle, '..');
  cpSync(dist, withoutWorker, { recursive: true, filter: (path) => !path.endsWith('escalation-worker.js') });
  const worker: MemoryRun[] = [];
  const inThread: MemoryRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      worker.push(await measureServer(serverBundle, template));
      inThread.push(await measureServer(join(withoutWorker, 'server.js'), template));
    }
  } finally {
    rmSync(withoutWorker, { recursive: true, force: true });
  }
  if (worker.some((run) => run.mode !== 'worker') || inThread.some((run) => run.mode !== 'in-process')) {
    row('not measured', '', `the servers ran as ${worker.map((r) => r.mode)} and ${inThread.map((r) => r.mode)} (run npm run build first)`);
    return;
  }
  const baseline = median([...worker, ...inThread].map((run) => run.catalog));
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  const ratio = (value: number) => `${(value / baseline).toFixed(2)}× the catalog-only server`;
  row('server with only the catalog loaded', mb(baseline), 'the baseline');
  for (const [label, runs] of [
    ['escalation analysis in the worker', worker],
    ['without the worker (in the server thread)', inThread],
  ] as const) {
    console.log(`  ${label}`);
    row('  template open, findings published', mb(median(runs.map((r) => r.opened))), ratio(median(runs.map((r) => r.opened))));
    row('  after three edits, each analysed', mb(median(runs.map((r) => r.edited))), ratio(median(runs.map((r) => r.edited))));
    row('  peak (VmHWM)', mb(median(runs.map((r) => r.peak))), ratio(median(runs.map((r) => r.peak))));
    row('  edit to analysis ended: median', ms(median(runs.flatMap((r) => r.edits))), 'after the 600 ms wait for the typing pause');
  }
  const opened = median(worker.map((r) => r.opened)) / median(inThread.map((r) => r.opened));
  const edited = median(worker.map((r) => r.edited)) / median(inThread.map((r) => r.edited));
  row('worker / without, open and after edits', `${opened.toFixed(2)}× / ${edited.toFixed(2)}×`, 'resident memory with the worker / without it');
}

if (require.main === module) void benchServerMemory();
