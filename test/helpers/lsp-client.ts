import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { PolicyStatusParams, ServerStats, ServerTimings } from '../../server/src/protocol';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export type EscalationRuns = NonNullable<ServerStats['escalationRuns']>;

export const serverBundle = join(__dirname, '..', '..', 'dist', 'server.js');

/**
 * initializationOptions for a test that waits for the server's answers, not for the pauses after an edit that are
 * meant for typing (150 ms before diagnostics, 600 ms before an escalation analysis): each still debounces what
 * arrives at once. Tests of the debouncing itself (edit-storm) and the benchmarks keep the defaults.
 */
export const shortTimings: ServerTimings = { diagnosticsDelayMs: 10, escalationDelayMs: 10, accountChangeDelayMs: 10, scenarioDelayMs: 10 };

/**
 * A language client that spawns the bundled server and speaks LSP to it, as an editor would: over stdio, or over node
 * IPC (`--node-ipc`, as VS Code starts it), which leaves the server's stdout to the benchmarks (V8's --trace-gc-nvp).
 */
export class TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly logs: string[] = [];
  /** What the server registered dynamically (file watchers, configuration), in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly statusesSent = new Map<string, PolicyStatusParams[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  /** The `iamPolicy` settings the client answers for every document... */
  settings: Record<string, unknown> = {};
  /**
   * ...except those under one of these URI prefixes (a folder, or one document's URI), which get the settings of the
   * longest prefix: so tests sharing one server can each have their own.
   */
  readonly scopedSettings = new Map<string, Record<string, unknown>>();
  /** Rejects when the server process exits before `shutdown`, so a crashed server fails the test instead of hanging it. */
  private readonly exited: Promise<never>;
  private shuttingDown = false;

  /** With `--node-ipc`: what the server wrote to stdout. */
  readonly stdout: string[] = [];

  /** `env`: variables set for the server beside this process's own. */
  constructor(args: string[] = ['--stdio'], nodeOptions: string[] = [], bundle = serverBundle, env: Record<string, string> = {}) {
    const ipc = args.includes('--node-ipc');
    this.process = spawn(process.execPath, [...nodeOptions, bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])], env: { ...process.env, ...env } });
    this.process.stderr!.on('data', (chunk) => this.logs.push(String(chunk)));
    if (ipc) this.process.stdout!.on('data', (chunk) => this.stdout.push(String(chunk)));
    this.exited = new Promise<never>((_, reject) =>
      this.process.once('exit', (code) => {
        if (!this.shuttingDown) reject(new Error(`The server exited with code ${code}:\n${this.logs.join('')}`));
      }),
    );
    this.exited.catch(() => undefined);
    this.connection = ipc
      ? createProtocolConnection(new IPCMessageReader(this.process), new IPCMessageWriter(this.process))
      : createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onNotification('iamPolicy/status', (status: PolicyStatusParams) => {
      const list = this.statusesSent.get(status.uri) ?? [];
      list.push(status);
      this.statusesSent.set(status.uri, list);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => params.items.map((item) => this.settingsOf(item.scopeUri)));
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.listen();
  }

  private settingsOf(scopeUri: string | undefined): Record<string, unknown> {
    let scope = '';
    for (const prefix of this.scopedSettings.keys()) if (scopeUri?.startsWith(prefix) && prefix.length > scope.length) scope = prefix;
    return scope ? this.scopedSettings.get(scope)! : this.settings;
  }

  /** Sends a request, failing at once if the server dies first. */
  request<R>(method: string, params?: unknown): Promise<R> {
    return Promise.race([this.connection.sendRequest<R>(method, params), this.exited]);
  }

  async initialize(rootUri: string | null = null, initializationOptions?: Partial<ServerTimings>): Promise<unknown> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      initializationOptions,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'iam-policy'): void {
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Replaces a range of the text, as an editor sends a keystroke; returns the new version. */
  edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Tells the server a file changed on the disk, as the client's file watcher does (type 2: changed). */
  /** The file watcher's notice that a file was changed (or, with `created`, made) on the disk. */
  fileChanged(uri: string, how: 'changed' | 'created' = 'changed'): void {
    this.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: how === 'created' ? 1 : 2 }] });
  }

  /**
   * Sends a notification without waiting. One sent just before the server is stopped (a test's last didClose, then the
   * `after` hook kills the process) can reach a closed pipe; that is no failure. While the server runs, a failed send
   * still surfaces as an unhandled rejection and fails the test.
   */
  private notify(method: string, params: unknown): void {
    this.connection.sendNotification(method, params).catch((error: unknown) => {
      if (!this.process.killed && this.process.exitCode === null && !this.shuttingDown) throw error;
    });
  }

  /** The server's account of its escalation analyses (iamPolicy/serverStats). */
  async escalationRuns(): Promise<EscalationRuns> {
    const stats = await this.request<ServerStats>('iamPolicy/serverStats');
    if (!stats.escalationRuns) throw new Error('The server does not report its escalation runs.');
    return stats.escalationRuns;
  }

  /**
   * Polls the server's escalation runs until `accept` holds: the done signal for an analysis that may publish nothing
   * (the server publishes only what changed). Each poll is a request the server answers between its other work.
   */
  async waitForEscalationRuns(accept: (runs: EscalationRuns) => boolean, what: string): Promise<EscalationRuns> {
    for (let i = 0; i < 3000; i++) {
      const runs = await this.escalationRuns();
      if (accept(runs)) return runs;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`The server never reported ${what}; last: ${JSON.stringify(await this.escalationRuns())}`);
  }

  /** Every publish for `uri` so far, oldest first. */
  publishes(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** Every `iamPolicy/status` notification for `uri` so far, oldest first. */
  statuses(uri: string): PolicyStatusParams[] {
    return this.statusesSent.get(uri) ?? [];
  }

  /** Waits until a publish for `uri` satisfies `accept`, polling on each publish, up to `timeoutMs`. */
  async diagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.publishes(uri).findLast(accept);
      if (match) return match.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`No matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.publishes(uri))}`);
      await Promise.race([
        this.exited,
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          this.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        }),
      ]);
    }
  }

  async shutdown(): Promise<number | null> {
    this.shuttingDown = true;
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
