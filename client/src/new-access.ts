import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  baseTextRequest,
  newAccessRequest,
  showNewAccessCommand,
  simulationInputsRequest,
  type NewAccessArguments,
  type NewAccessReport,
  type PolicyStatusParams,
  type SimulateArguments,
  type SimulationRequestInput,
} from '../../server/src/protocol';
import { committedText, runGitCommand, type GitApiLike, type GitRepositoryLike } from './base-text';
import { renderNewAccess, type NewAccessViewMessage } from './new-access-html';
import type { SimulationController } from './simulate';
import { revealColumn } from './simulation-view';

// "No new access vs HEAD": the client reads each open policy document's committed text (base-text.ts) and hands it
// to the server, which puts the lens above each policy; again on save and when the repository changes (a commit, a
// checkout). The lens opens the difference view; its "Simulate this request" runs the simulation with the witness.

const ref = 'HEAD';
const settingKey = 'checks.noNewAccessLens';

/** The Git extension's API (version 1), as far as this file uses it. */
interface GitApi extends GitApiLike {
  readonly repositories: readonly GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

interface GitRepository extends GitRepositoryLike {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly onDidChange: vscode.Event<void> };
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/**
 * The documents the server may read as policies or hosts of policies: files only (git knows nothing else). A source
 * file (a CDK app, a Pulumi program, a `serverless.ts`) counts once the server has said it holds policies: most
 * TypeScript or Python files hold none, and their committed texts are not worth reading.
 */
function mayHoldPolicies(document: vscode.TextDocument, hosts: ReadonlySet<string>): boolean {
  if (document.uri.scheme !== 'file') return false;
  if (['iam-policy', 'json', 'jsonc', 'yaml', 'terraform'].includes(document.languageId)) return true;
  return /\.(tf|template)$/.test(document.uri.path) || hosts.has(document.uri.toString());
}

export class NewAccessController implements vscode.Disposable {
  private git: GitApi | undefined;
  /** The text last sent per document URI (null: none), so an unchanged base is not sent again. */
  private readonly sent = new Map<string, string | null>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Source files the server has said hold policies (its status notifications). */
  private readonly hosts = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private panel: vscode.WebviewPanel | undefined;
  private shown: { args: NewAccessArguments; report: NewAccessReport } | undefined;
  /** False until `start` has looked for the Git extension: texts are read one way only. */
  private started = false;

  constructor(
    private readonly client: LanguageClient,
    private readonly simulation: SimulationController,
    private readonly output: vscode.LogOutputChannel,
    statuses?: vscode.Event<PolicyStatusParams>,
  ) {
    statuses?.(
      (status) => {
        const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === status.uri);
        const isHost = status.isPolicy && status.host !== undefined;
        if (!document || isHost === this.hosts.has(status.uri)) return;
        if (isHost) {
          this.hosts.add(status.uri);
          this.schedule(document);
        } else this.hosts.delete(status.uri);
      },
      undefined,
      this.disposables,
    );
  }

  register(): vscode.Disposable[] {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.schedule(document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.sent.delete(document.uri.toString());
        this.hosts.delete(document.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`iamPolicy.${settingKey}`)) this.scheduleAll();
      }),
      // A restarted server has forgotten every base text.
      this.client.onDidChangeState((event) => {
        if (event.newState === State.Running) {
          this.sent.clear();
          this.scheduleAll();
        }
      }),
    );
    return [this, vscode.commands.registerCommand(showNewAccessCommand, (args?: NewAccessArguments) => this.show(args))];
  }

  /** Once the server runs: find the Git extension, follow its repositories, and send the open documents' texts. */
  async start(): Promise<void> {
    this.git = await gitApi(this.output);
    this.started = true;
    if (this.git) {
      const follow = (repository: GitRepository) => {
        this.disposables.push(repository.state.onDidChange(() => this.scheduleAll(repository.rootUri)));
        this.scheduleAll(repository.rootUri);
      };
      this.git.repositories.forEach(follow);
      this.disposables.push(this.git.onDidOpenRepository(follow));
    } else {
      this.output.info('The Git extension is not available: "No new access vs HEAD" reads committed texts with `git show`.');
    }
    this.scheduleAll();
  }

  private scheduleAll(under?: vscode.Uri): void {
    for (const document of vscode.workspace.textDocuments) {
      if (!under || document.uri.fsPath.startsWith(under.fsPath)) this.schedule(document);
    }
  }

  /** Sends the document's committed text soon; saves and repository events come in bursts. */
  private schedule(document: vscode.TextDocument): void {
    if (!this.started || !mayHoldPolicies(document, this.hosts)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.send(document).catch((error: Error) => this.output.error(`Could not read the committed text of ${document.uri.fsPath}: ${error.message}`));
      }, 300),
    );
  }

  private async send(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const enabled = vscode.workspace.getConfiguration('iamPolicy', document.uri).get<boolean>(settingKey, true);
    const text = enabled ? await committedText(document.uri.fsPath, this.git ? { api: this.git, uri: document.uri, ref } : { runGit: runGitCommand, ref }) : null;
    if (document.isClosed || this.sent.get(key) === text || (text === null && !this.sent.has(key))) return;
    this.sent.set(key, text);
    await this.client.sendRequest(baseTextRequest, { uri: key, ref, text });
  }

  /** From the lens (with its arguments) or the Command Palette (the active editor's document). */
  async show(args?: NewAccessArguments): Promise<void> {
    const target = args?.uri ? args : await activeTarget();
    if (!target) {
      void vscode.window.showInformationMessage('Open a policy file tracked by git first, then run "IAM Policy: Show new access since HEAD".');
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri);
    if (document && !this.sent.has(target.uri)) await this.send(document);
    const report = await this.client.sendRequest(newAccessRequest, target);
    if (!report) {
      void vscode.window.showInformationMessage(`There is no committed version to compare with: the file is not a policy, not tracked by git, or new since ${ref}.`);
      return;
    }
    this.shown = { args: target, report };
    this.render(report);
  }

  private render(report: NewAccessReport): void {
    const title = `New access vs ${report.ref}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'iamPolicy.newAccess',
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, enableFindWidget: true, localResourceRoots: [] },
      );
      this.panel.webview.onDidReceiveMessage((message: NewAccessViewMessage) => this.receive(message));
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
      });
    } else {
      this.panel.title = title;
      // Where it is, unless that is the group of the editor asking (a file opened in the panel's group): revealed
      // there, it would hide the editor the user is in. Beside, as when it was created.
      this.panel.reveal(revealColumn(this.panel), true);
    }
    const meta = { document: vscode.workspace.asRelativePath(vscode.Uri.parse(report.uri)), time: new Date().toTimeString().slice(0, 8) };
    this.panel.webview.html = renderNewAccess(report, meta, randomBytes(16).toString('base64'));
  }

  private receive(message: NewAccessViewMessage): void {
    if (!this.shown || !message) return;
    if (message.type === 'refresh') void this.show(this.shown.args);
    else if (message.type === 'simulate' && Number.isInteger(message.index)) void this.simulateWitness(message.index);
  }

  /** Runs the simulation with a difference's witness: its context as given, and no key derived from the principal that the witness leaves out. */
  private async simulateWitness(index: number): Promise<void> {
    const shown = this.shown;
    const difference = shown?.report.differences[index];
    if (!shown || !difference) return;
    const { witness } = difference;
    const target: SimulateArguments = { uri: shown.args.uri, ...(shown.args.policyIndex !== undefined ? { policyIndex: shown.args.policyIndex } : {}) };
    const context: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(witness.context)) context[key] = typeof value === 'string' ? value : JSON.stringify(value);
    // The witness was checked with exactly its own context: keys the simulation would derive from the principal stay out.
    const inputs = await this.client.sendRequest(simulationInputsRequest, { ...target, action: witness.action, ...(witness.principal ? { principal: witness.principal } : {}), otherPolicies: [] });
    const given = new Set(Object.keys(context).map((key) => key.toLowerCase()));
    for (const key of inputs.contextKeys) if (key.defaultValue !== undefined && !given.has(key.name.toLowerCase())) context[key.name] = null;
    const request: SimulationRequestInput = { action: witness.action, resource: witness.resource, context, ...(witness.principal ? { principal: witness.principal } : {}) };
    await this.simulation.simulateRequest(target, request, Object.keys(witness.context));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * From the Command Palette: the active editor's document and, in a template, the policy the cursor is in or below
 * (the last new-access lens above the cursor; the lenses carry each policy's index).
 */
async function activeTarget(): Promise<NewAccessArguments | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const uri = editor.document.uri;
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri)) ?? [];
  const ours = lenses.filter((lens) => lens.command?.command === showNewAccessCommand).sort((a, b) => a.range.start.line - b.range.start.line);
  const line = editor.selection.active.line;
  const lens = [...ours].reverse().find((candidate) => candidate.range.start.line <= line) ?? ours[0];
  const args = lens?.command?.arguments?.[0] as NewAccessArguments | undefined;
  return args?.uri ? args : { uri: uri.toString() };
}

/** The Git extension's API when the extension is installed and enabled. */
async function gitApi(output: vscode.LogOutputChannel): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports?.enabled ? exports.getAPI(1) : undefined;
  } catch (error) {
    output.warn(`The Git extension could not be used: ${(error as Error).message}`);
    return undefined;
  }
}
