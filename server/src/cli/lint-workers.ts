import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import type { RuleSetting } from '../core/config/configuration';
import { prepareHostReaders } from '../core/hosts/index';
import type { PolicyType } from '../core/policy/policy-type';
import { CliConfigurations } from './config';
import type { FileReport } from './formats';
import { lintFile, parallelThreshold, readersForLint, type LintFileOptions } from './lint';
import { keepValueListsAcrossParses } from '../core/risk/value-list-cache';

// `iam-policy lint` over many files on several threads. The main thread and the workers take the next file from one
// shared counter, so a thread that drew large files simply takes fewer; each report goes back with its file's index,
// and the main thread puts them in the order of the file list, so the output and the exit code are a serial run's.
// Files whose lint keeps something for the end of the run (a Terraform file's reading, for its module's account) are
// the main thread's alone: what a worker keeps stays in that worker.

export const lintWorkerKind = 'iam-policy-lint-worker';

/** What a lint worker is started with (its `workerData`). */
export interface LintWorkerData {
  kind: typeof lintWorkerKind;
  files: string[];
  named: boolean[];
  policyType?: PolicyType;
  rules: Record<string, RuleSetting>;
  configFile?: string;
  /** `--fix`: write the safe fixes into the files. */
  fix?: boolean;
  /** The files (their indexes in `files`) the workers share with the main thread, in the order they are taken. */
  shared: number[];
  /** The position in `shared` of the next file to lint, shared by every thread. */
  next: SharedArrayBuffer;
}

type Linted = { index: number; report?: FileReport; error?: string };

/**
 * The threads `--jobs` asks for, or by default: for a large batch, one per core but one (at most 4), else one. A lint
 * thread keeps more than its own core busy: V8 compiles its hot code and collects its garbage on background threads
 * (a third of a core again over the managed policies), and every worker loads the bundle and the catalog and warms
 * its JIT anew. On 2 cores a second lint thread cost 30–45% more CPU for at most 7% less wall time, so one core is
 * left to V8.
 */
export function lintJobs(requested: number | undefined, files: number, cores: number = availableParallelism()): number {
  if (requested !== undefined) return Math.min(requested, Math.max(1, files));
  return files >= parallelThreshold ? Math.max(1, Math.min(cores - 1, 4)) : 1;
}

export interface ParallelLint {
  files: string[];
  named: ReadonlySet<string>;
  options: LintFileOptions;
  configFile?: string;
  jobs: number;
  /** The script a worker runs: the CLI bundle, which calls `runLintWorker` when it is loaded as a lint worker. */
  workerScript: string;
  /** False to leave every shared file to the workers (tests use it to see the workers' reports): true by default. */
  mainThreadLints?: boolean;
  /**
   * Whether a file's lint keeps something only the main thread can use (`lintKeepsReading`): the main thread lints
   * those itself, first, while the workers start.
   */
  mainThreadOnly?: (file: string) => boolean;
}

/**
 * Lints `files` on the main thread and `jobs - 1` workers: each file's report, in file order, as `lintFile` gives it.
 * A file whose lint threw makes this throw that error, the first in file order, as the serial loop would. A worker
 * that cannot start or dies leaves its unfinished files to the main thread.
 */
export async function lintInParallel({ files, named, options, configFile, jobs, workerScript, mainThreadLints = true, mainThreadOnly }: ParallelLint): Promise<(FileReport | undefined)[]> {
  const own: number[] = [];
  const shared: number[] = [];
  files.forEach((file, index) => (mainThreadOnly?.(file) ? own : shared).push(index));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const reports = new Array<FileReport | undefined>(files.length);
  const errors = new Map<number, string>();
  const done = new Array<boolean>(files.length).fill(false);
  const take = ({ index, report, error }: Linted) => {
    done[index] = true;
    if (error !== undefined) errors.set(index, error);
    else reports[index] = report;
  };
  const workerData: Omit<LintWorkerData, 'next'> = {
    kind: lintWorkerKind,
    files,
    named: files.map((file) => named.has(file)),
    ...(options.policyType ? { policyType: options.policyType } : {}),
    rules: options.rules,
    ...(configFile !== undefined ? { configFile } : {}),
    ...(options.fix ? { fix: true } : {}),
    shared,
  };
  const exited = Array.from({ length: jobs - 1 }, () => {
    // Nothing a worker prints reaches the terminal: its reports come back as messages, and the main thread prints.
    const worker = new Worker(workerScript, { workerData: { ...workerData, next: next.buffer }, stdout: true, stderr: true });
    worker.on('message', take);
    return new Promise<void>((resolve) => {
      worker.on('error', () => undefined);
      worker.on('exit', () => resolve());
    });
  });
  // The main thread's own files first, while the workers start; then the shared ones, as the counter gives them.
  let linted = 0;
  const lintHere = async (index: number) => {
    take(lintOne(files[index], index, options, named.has(files[index])));
    // Let the workers' reports in as they come, so they are not all held until the end.
    if (++linted % 16 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (const index of own) await lintHere(index);
  for (let at = mainThreadLints ? Atomics.add(next, 0, 1) : shared.length; at < shared.length; at = Atomics.add(next, 0, 1)) await lintHere(shared[at]);
  await Promise.all(exited);
  for (let index = 0; index < files.length; index++) if (!done[index]) await lintHere(index);
  for (let index = 0; index < files.length; index++) if (errors.has(index)) throw new Error(errors.get(index));
  return reports;
}

function lintOne(file: string, index: number, options: LintFileOptions, named: boolean): Linted {
  try {
    return { index, report: lintFile(file, options, named) };
  } catch (error) {
    return { index, error: (error as Error).message };
  }
}

/** Whether this thread is a lint worker the CLI started. */
export function isLintWorker(data: unknown): data is LintWorkerData {
  return parentPort !== null && (data as Partial<LintWorkerData> | null)?.kind === lintWorkerKind;
}

/** A lint worker's body: take shared files from the counter until none are left, posting each report. */
export async function runLintWorker(data: LintWorkerData): Promise<void> {
  // Each file is read once, as on the main thread (lint.ts, readingOnce).
  keepValueListsAcrossParses(false);
  // The main thread reports a reader that failed to load; here its files are skipped alike.
  const configurations = new CliConfigurations({ rules: data.rules, ...(data.configFile !== undefined ? { configFile: data.configFile } : {}) });
  const options: LintFileOptions = {
    rules: data.rules,
    configurations,
    folderTexts: new Map(),
    ...(data.policyType ? { policyType: data.policyType } : {}),
    ...(data.fix ? { fix: true } : {}),
  };
  await prepareHostReaders(
    readersForLint(
      data.shared.map((index) => data.files[index]),
      options,
    ),
  ).catch(() => undefined);
  const next = new Int32Array(data.next);
  for (let at = Atomics.add(next, 0, 1); at < data.shared.length; at = Atomics.add(next, 0, 1)) {
    const index = data.shared[at];
    parentPort!.postMessage(lintOne(data.files[index], index, options, data.named[index]));
  }
}
