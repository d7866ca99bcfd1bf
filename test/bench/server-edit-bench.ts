// What the language server spends per keystroke in a 1 MB CloudFormation template: dist/server.js started as VS Code
// starts it (node IPC), the template open and analysed, then a word typed into one role's policy, a character at a
// time. Per keystroke: the server's CPU time (all its threads: the main one, the escalation worker, V8's helpers)
// and what its main thread allocated (V8's --trace-gc-nvp, summed over collections, a forced one at each end), and
// how many publishDiagnostics and iamPolicy/status notifications it sent; from the first keystroke to the final
// text's diagnostics. Typed at two speeds: faster than the
// 150 ms validation debounce (a fast typist) and slower (each keystroke is validated), with the edits sent as ranges
// (VS Code) and as the whole text (clients without incremental sync). Pass another dist/server.js as A/B baselines:
// `node --import tsx test/bench/server-edit-bench.ts [other/server.js ...]`; the runs are interleaved.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerStats } from '../../server/src/protocol';
import { serverBundle, TestClient } from '../helpers/lsp-client';
import { median, ms, row } from './stats';
import { ESCALATING_ROLES, generatedTemplate } from './template-bench';

interface TypingRun {
  cpuMs: number;
  mainCpuMs: number;
  allocatedBytes: number;
  publishes: number;
  statuses: number;
}

const ticksPerMs = 100 / 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time of a process (all threads) and of its main thread, in ms. */
function cpuOf(pid: number): { all: number; main: number } {
  const ticks = (path: string) => {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** Bytes the main isolate allocated, by the `allocated=` of each collection V8 traced (the first isolate to trace is the main one). */
function allocatedOf(stdout: string[]): number {
  let main: string | undefined;
  let total = 0;
  for (const line of stdout.join('').split('\n')) {
    const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
    const allocated = /\ballocated=(\d+)/.exec(line)?.[1];
    if (!isolate || allocated === undefined) continue;
    main ??= isolate;
    if (isolate === main) total += Number(allocated);
  }
  return total;
}

/** The LSP position of an offset. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    // Not more often: each serverStats forces a full collection of a heap holding the template.
    await pause(250);
  }
}

/** How a word is typed: `keystrokes` characters, `intervalMs` apart, in bursts of `burst` with `pauseMs` after each. */
export interface Typing {
  keystrokes: number;
  intervalMs: number;
  sync: 'ranges' | 'full';
  burst?: number;
  pauseMs?: number;
  /** The template is a file of the workspace folder, and the IAM Account view was shown once before the typing. */
  accountViewShown?: boolean;
}

export async function measureTyping(bundle: string, template: string, typing: Typing): Promise<TypingRun> {
  const { keystrokes, intervalMs, sync, burst = keystrokes, pauseMs = 0 } = typing;
  const client = new TestClient(['--node-ipc'], ['--expose-gc', '--trace-gc-nvp'], bundle);
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-typing-'));
  try {
    const file = join(folder, 'typing.yaml');
    writeFileSync(file, template);
    await client.initialize(typing.accountViewShown ? pathToFileURL(folder).toString() : null);
    const uri = pathToFileURL(file).toString();
    client.open(uri, template, 'yaml');
    const stats = () => client.request<ServerStats>('iamPolicy/serverStats');
    await until(async () => (await stats()).escalationRuns!.finished >= 1, 'the first escalation analysis');
    await client.diagnostics(uri, () => true, 300_000);
    if (typing.accountViewShown) await client.request('iamPolicy/account/view');
    await pause(300);
    // A forced collection at each end (serverStats, with --expose-gc), so every byte allocated between is traced.
    await stats();
    const [cpu, allocated, publishes, statusesBefore] = [cpuOf(client.process.pid!), allocatedOf(client.stdout), client.publishes(uri).length, client.statuses(uri).length];
    const anchor = [...template.matchAll(/sqs:ReceiveMessage/g)][150].index! + 3;
    let text = template;
    let version = 1;
    for (let i = 0; i < keystrokes; i++) {
      const at = anchor + i;
      const position = positionOf(text, at);
      text = `${text.slice(0, at)}x${text.slice(at)}`;
      version = sync === 'ranges' ? client.edit(uri, { start: position, end: position }, 'x') : client.change(uri, text);
      await pause((i + 1) % burst === 0 ? pauseMs : intervalMs);
    }
    // The window ends when the final text's diagnostics are out: the escalation analysis of the template starts 600 ms
    // after the last keystroke, once per pause in the typing (its cost is the template bench's). Its figures are
    // polled only outside the window: each serverStats forces a collection.
    await client.diagnostics(uri, (p) => p.version === version, 300_000);
    await stats();
    const end = cpuOf(client.process.pid!);
    return {
      cpuMs: (end.all - cpu.all) / keystrokes,
      mainCpuMs: (end.main - cpu.main) / keystrokes,
      allocatedBytes: (allocatedOf(client.stdout) - allocated) / keystrokes,
      publishes: client.publishes(uri).length - publishes,
      statuses: client.statuses(uri).length - statusesBefore,
    };
  } finally {
    client.process.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchServerEdits(bundles: string[] = [serverBundle], rounds = 3, keystrokes = 20): Promise<void> {
  const template = generatedTemplate() + ESCALATING_ROLES;
  console.log(`\nTyping ${keystrokes} characters into a ${(template.length / 1e6).toFixed(2)} MB CloudFormation template (per keystroke, median of ${rounds}, interleaved)`);
  const typings: [string, Typing][] = [
    ['a keystroke every 80 ms (within the 150 ms debounce), as ranges', { keystrokes, intervalMs: 80, sync: 'ranges' }],
    ['a keystroke every 250 ms (each validated), as ranges', { keystrokes, intervalMs: 250, sync: 'ranges' }],
    ['a keystroke every 250 ms, as the whole text', { keystrokes, intervalMs: 250, sync: 'full' }],
    ['bursts of 5 at 100 ms, 1 s pauses, the account view shown once', { keystrokes, intervalMs: 100, sync: 'ranges', burst: 5, pauseMs: 1000, accountViewShown: true }],
  ];
  for (const [title, typing] of typings) {
    const runs = bundles.map(() => [] as TypingRun[]);
    for (let round = 0; round < rounds; round++) for (const [i, bundle] of bundles.entries()) runs[i].push(await measureTyping(bundle, template, typing));
    console.log(`  ${title}`);
    const baseline = median(runs[0].map((r) => r.cpuMs));
    for (const [i, bundle] of bundles.entries()) {
      const of = (pick: (run: TypingRun) => number) => median(runs[i].map(pick));
      const label = bundles.length > 1 ? `  ${i === 0 ? 'A' : String.fromCharCode(65 + i)} ${bundle}` : '';
      if (label) console.log(label);
      row('  server CPU / keystroke (main thread)', `${ms(of((r) => r.cpuMs))} (${ms(of((r) => r.mainCpuMs))})`, i === 0 ? '' : `${(of((r) => r.cpuMs) / baseline).toFixed(2)}× A`);
      row('  allocated by the main thread / keystroke', `${(of((r) => r.allocatedBytes) / 1e6).toFixed(1)} MB`, '');
      row(`  diagnostics / status notifications in ${keystrokes}`, `${of((r) => r.publishes)} / ${of((r) => r.statuses)}`, '');
    }
  }
}

if (require.main === module) {
  const others = process.argv.slice(2);
  void benchServerEdits([serverBundle, ...others]);
}
