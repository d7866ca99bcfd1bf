import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { EscalationAnalyser, type EscalationFindings, type EscalationRequest } from './escalation-run';

// Runs the escalation analysis of templates and modules in a worker thread (dist/escalation-worker.js), so the
// server's own thread stays free for completion, hover and the per-edit diagnostics while a large account is
// analysed. One run at a time; a request waiting for its turn is replaced by a newer one for the same template or
// module. When the worker cannot start, or dies, the analysis runs in the server's thread as before (one log line).

/** Server → worker. */
export type WorkerMessage = { type: 'run'; id: number; request: EscalationRequest } | { type: 'forget'; key: string };

/** Worker → server. */
export type WorkerReply = { type: 'ready'; warning?: string } | { type: 'findings'; id: number; findings: EscalationFindings } | { type: 'failed'; id: number; error: string };

/** How the analyses went, for the server's stats request. */
export interface EscalationRunStats {
  /** Where the analysis runs: nowhere now (not yet asked for, or the worker was retired while idle), in the worker, in the server's thread. */
  mode: 'idle' | 'worker' | 'in-process' | 'stopped';
  /** Runs begun, and ended with findings. */
  started: number;
  finished: number;
  /** Requests replaced by a newer one for the same template or module before their turn came. */
  superseded: number;
  /** Whether a run is under way now. */
  running: boolean;
}

interface Job {
  request: EscalationRequest;
  resolve(findings: EscalationFindings | undefined): void;
}

export class EscalationRunner {
  private mode: EscalationRunStats['mode'] = 'idle';
  private worker?: Worker;
  /** Requests waiting for their turn, by template or module; the oldest goes first. */
  private readonly waiting = new Map<string, Job>();
  private current?: Job & { id: number };
  private nextId = 1;
  private readonly inProcess = new EscalationAnalyser();
  private readonly counts = { started: 0, finished: 0, superseded: 0 };
  private idleTimer?: NodeJS.Timeout;

  constructor(
    /** The worker's script; undefined to run every analysis in this thread. */
    private readonly workerPath: string | undefined,
    private readonly log: { info(message: string): void; error(message: string): void },
    /**
     * The worker is stopped after this long without a request, and started again by the next: its memory (its own
     * catalog and managed policies, the last escalations; about 40 MB of heap after a 1 MB template's analysis, once
     * it has collected that run's garbage) goes back to the system.
     */
    private readonly idleMs = 60_000,
  ) {}

  /**
   * The findings of a template or module; undefined when a newer request for it came before this one ran, when the
   * analysis failed (logged), or after `dispose`.
   */
  run(request: EscalationRequest): Promise<EscalationFindings | undefined> {
    return new Promise((resolve) => {
      if (this.mode === 'stopped') return resolve(undefined);
      const replaced = this.waiting.get(request.key);
      if (replaced) {
        this.waiting.delete(request.key);
        this.counts.superseded++;
        replaced.resolve(undefined);
      }
      this.waiting.set(request.key, { request, resolve });
      this.next();
    });
  }

  /** Drops a request waiting for a template or module no longer open, and what was kept of its last analysis. */
  forget(key: string): void {
    const job = this.waiting.get(key);
    this.waiting.delete(key);
    job?.resolve(undefined);
    this.inProcess.forget(key);
    this.worker?.postMessage({ type: 'forget', key } satisfies WorkerMessage);
  }

  stats(): EscalationRunStats {
    return { mode: this.mode, ...this.counts, running: this.current !== undefined };
  }

  /** Stops the worker (on shutdown); waiting requests get no findings. */
  dispose(): void {
    this.mode = 'stopped';
    clearTimeout(this.idleTimer);
    for (const job of this.waiting.values()) job.resolve(undefined);
    this.waiting.clear();
    this.current?.resolve(undefined);
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private next(): void {
    if (this.current || this.mode === 'stopped') return;
    const [first] = this.waiting.values();
    clearTimeout(this.idleTimer);
    if (!first) {
      if (this.worker) this.idleTimer = setTimeout(() => this.retire(), this.idleMs).unref();
      return;
    }
    this.waiting.delete(first.request.key);
    const job = { ...first, id: this.nextId++ };
    this.current = job;
    this.counts.started++;
    if (this.mode === 'idle') this.startWorker();
    if (!this.worker) return this.runInProcess(job);
    try {
      this.worker.postMessage({ type: 'run', id: job.id, request: job.request } satisfies WorkerMessage);
    } catch (error) {
      // A request that cannot be copied to the worker (it never should: plain data) is analysed here.
      this.log.error(`Escalation analysis of ${job.request.key} could not be sent to the worker: ${(error as Error).message}`);
      this.runInProcess(job);
    }
  }

  private startWorker(): void {
    if (!this.workerPath) {
      this.mode = 'in-process';
      return;
    }
    if (!existsSync(this.workerPath)) return this.fallBack(`the worker script ${this.workerPath} is missing`);
    let worker: Worker;
    try {
      // Its output is not piped to ours: with --stdio, our standard output is the LSP stream.
      worker = new Worker(this.workerPath, { stdout: true, stderr: true });
    } catch (error) {
      return this.fallBack((error as Error).message);
    }
    this.worker = worker;
    this.mode = 'worker';
    // The worker must never keep the server alive once the client has gone.
    worker.unref();
    const forward = (stream: NodeJS.ReadableStream) => stream.on('data', (chunk) => this.log.info(`Escalation worker: ${String(chunk).trimEnd()}`));
    forward(worker.stdout);
    forward(worker.stderr);
    worker.on('message', (reply: WorkerReply) => this.received(worker, reply));
    // The run it had, if any, runs here again.
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.fallBack(`it failed: ${error.message}`);
      if (this.current) this.runInProcess(this.current);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.fallBack(`it exited with code ${code}`);
      if (this.current) this.runInProcess(this.current);
    });
  }

  /** Stops the idle worker; the next request starts another. */
  private retire(): void {
    const worker = this.worker;
    if (!worker || this.current) return;
    this.worker = undefined;
    this.mode = 'idle';
    void worker.terminate();
  }

  private received(worker: Worker, reply: WorkerReply): void {
    if (this.worker !== worker) return;
    if (reply.type === 'ready') {
      if (reply.warning) this.log.error(reply.warning);
      return;
    }
    const job = this.current;
    if (!job || job.id !== reply.id) return;
    this.current = undefined;
    if (reply.type === 'findings') {
      this.counts.finished++;
      job.resolve(reply.findings);
    } else {
      this.log.error(`Escalation analysis of ${job.request.key} failed: ${reply.error}`);
      job.resolve(undefined);
    }
    this.next();
  }

  /** From now on the analysis runs in this thread. */
  private fallBack(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.mode = 'in-process';
    void worker?.terminate();
    this.log.info(`The escalation analysis runs in the language server's own thread (the worker could not be used: ${reason}).`);
  }

  /** As before the worker: the analysis blocks this thread while it runs, after the messages already waiting. */
  private runInProcess(job: Job & { id: number }): void {
    setImmediate(() => {
      if (this.current !== job) return;
      let findings: EscalationFindings | undefined;
      try {
        findings = this.inProcess.analyse(job.request);
        this.counts.finished++;
      } catch (error) {
        this.log.error(`Escalation analysis of ${job.request.key} failed: ${(error as Error)?.stack ?? String(error)}`);
      }
      this.current = undefined;
      job.resolve(findings);
      this.next();
    });
  }
}
