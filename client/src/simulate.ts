import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  simulateCommand,
  simulateRequest,
  simulationInputsRequest,
  type OtherPolicy,
  type SimulateArguments,
  type SimulateParams,
  type SimulationInputsParams,
  type SimulationInputsResult,
  type SimulationPolicyRole,
  type SimulationRequestInput,
} from '../../server/src/protocol';
import type { SimulationViewMessage } from './simulation-html';
import { askForRequest, Cancelled } from './simulation-pickers';
import { SimulationView } from './simulation-view';

// "Simulate request": the commands, the last simulation and the other policies in play, and the result view. The
// server offers the inputs and evaluates; simulation-pickers.ts asks for the request; this file runs it and shows it.

export const simulateAgainCommand = 'iamPolicy.simulateAgain';
export const editSimulationCommand = 'iamPolicy.editSimulation';
export const addSimulationPolicyCommand = 'iamPolicy.addSimulationPolicy';
export const clearSimulationPoliciesCommand = 'iamPolicy.clearSimulationPolicies';

const defaultPrincipal = 'arn:aws:iam::111122223333:user/alice';
const stateKeys = { others: 'iamPolicy.simulation.otherPolicies', last: 'iamPolicy.simulation.last' };

interface LastSimulation {
  target: SimulateArguments;
  request: SimulationRequestInput;
  /** The keys the user set (the rest came from the principal), for the result view. */
  givenContext: string[];
  run: number;
}

const roleItems: { role: SimulationPolicyRole; label: string; description: string }[] = [
  { role: 'resource', label: 'Resource-based policy', description: 'the resource’s own policy: bucket policy, key policy, role trust policy, …' },
  { role: 'permissionsBoundary', label: 'Permissions boundary', description: 'caps what the identity-based policies allow' },
  { role: 'scp', label: 'Service control policy (SCP)', description: 'of one level of the organisation' },
  { role: 'rcp', label: 'Resource control policy (RCP)', description: 'of one level of the organisation' },
  { role: 'session', label: 'Session policy', description: 'passed when the role or federated session was created' },
  { role: 'identity', label: 'Identity-based policy', description: 'another policy of the principal (user, group or role policy)' },
];

export class SimulationController implements vscode.Disposable {
  private readonly view = new SimulationView((message) => this.onViewMessage(message));

  constructor(
    private readonly client: LanguageClient,
    private readonly state: vscode.Memento,
  ) {}

  register(): vscode.Disposable[] {
    return [
      this,
      vscode.commands.registerCommand(simulateCommand, (args?: SimulateArguments) => this.simulate(args)),
      vscode.commands.registerCommand(simulateAgainCommand, () => this.runAgain()),
      vscode.commands.registerCommand(editSimulationCommand, () => this.editInputs()),
      vscode.commands.registerCommand(addSimulationPolicyCommand, (uri?: vscode.Uri) => this.addPolicy(uri)),
      vscode.commands.registerCommand(clearSimulationPoliciesCommand, () => this.clearPolicies()),
    ];
  }

  private get others(): OtherPolicy[] {
    return this.state.get<OtherPolicy[]>(stateKeys.others, []);
  }

  private get last(): LastSimulation | undefined {
    return this.state.get<LastSimulation>(stateKeys.last);
  }

  /** From a code lens (with its arguments) or the Command Palette (the active editor's policy). */
  async simulate(args?: SimulateArguments): Promise<void> {
    const target = args?.uri ? args : activeTarget();
    if (!target) {
      void vscode.window.showInformationMessage('Open an IAM policy first, then run "IAM Policy: Simulate a request" (or click "Simulate request" above the policy).');
      return;
    }
    await this.askAndRun(target, undefined);
  }

  async runAgain(): Promise<void> {
    const last = this.last;
    if (!last) {
      void vscode.window.showInformationMessage('There is no simulation to run again yet. Click "Simulate request" above a policy first.');
      return;
    }
    await this.run({ ...last, run: last.run + 1 });
  }

  async editInputs(): Promise<void> {
    const last = this.last;
    if (!last) return this.simulate();
    await this.askAndRun(last.target, last);
  }

  /** Runs one request given whole (the difference view's "Simulate this request") and shows the result. */
  async simulateRequest(target: SimulateArguments, request: SimulationRequestInput, givenContext: string[]): Promise<void> {
    await this.run({ target, request, givenContext, run: 1 });
  }

  private async askAndRun(target: SimulateArguments, previous: LastSimulation | undefined): Promise<void> {
    let asked: { request: SimulationRequestInput; givenContext: string[] } | undefined;
    try {
      const principal = this.defaultPrincipal(target.uri);
      asked = await askForRequest((params) => this.inputs(params), target, previous?.request, target.templateRole ? roleInAccountOf(target.templateRole, principal) : principal);
    } catch (error) {
      if (error instanceof Cancelled) return;
      throw error;
    }
    if (asked) await this.run({ target, ...asked, run: 1 });
  }

  private async run(simulation: LastSimulation): Promise<void> {
    await this.state.update(stateKeys.last, simulation);
    const uri = vscode.Uri.parse(simulation.target.uri);
    // The server knows open documents only; "Run again" may come after the policy was closed.
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === simulation.target.uri)) {
      try {
        await vscode.workspace.openTextDocument(uri);
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot open ${uri.fsPath} to simulate: ${(error as Error).message}`);
        return;
      }
    }
    const params: SimulateParams = { ...simulation.target, request: simulation.request, otherPolicies: this.others };
    const result = await this.client.sendRequest(simulateRequest, params);
    if (!result) {
      void vscode.window.showErrorMessage('The language server could not simulate this request. "IAM Policy: Show the language server log" tells why.');
      return;
    }
    const time = new Date().toTimeString().slice(0, 8);
    this.view.show(result, { document: vscode.workspace.asRelativePath(uri), givenContext: simulation.givenContext, run: simulation.run, time });
  }

  private onViewMessage(message: SimulationViewMessage): void {
    if (message.type === 'runAgain') void this.runAgain();
    else if (message.type === 'editInputs') void this.editInputs();
    else if (message.type === 'addPolicy') void this.addPolicy();
    else if (message.type === 'clearPolicies') void this.clearPolicies();
  }

  private inputs(params: SimulationInputsParams): Thenable<SimulationInputsResult> {
    return this.client.sendRequest(simulationInputsRequest, { ...params, otherPolicies: this.others });
  }

  private defaultPrincipal(uri: string): string {
    const setting = vscode.workspace.getConfiguration('iamPolicy', vscode.Uri.parse(uri)).get<string>('simulation.defaultPrincipal', '');
    const lastUsed = this.last?.request.principal;
    return lastUsed ?? (setting.trim() || defaultPrincipal);
  }

  // ---- other policies in play ------------------------------------------------------------------

  async addPolicy(preset?: vscode.Uri): Promise<void> {
    const uri = preset ?? (await this.pickPolicyFile());
    if (!uri) return;
    const roleItem = await vscode.window.showQuickPick(roleItems, {
      title: `Add ${vscode.workspace.asRelativePath(uri)} to the simulation as…`,
      placeHolder: 'The part this policy plays in the request',
    });
    if (!roleItem) return;
    let level: number | undefined;
    if (roleItem.role === 'scp' || roleItem.role === 'rcp') {
      const levels = this.others.filter((o) => o.role === roleItem.role).map((o) => o.level ?? 0);
      const next = levels.length > 0 ? Math.max(...levels) + 1 : 0;
      const items = Array.from({ length: next + 1 }, (_, n) => ({
        label: `Level ${n}${n === 0 ? ' (root)' : ''}`,
        description:
          n === next
            ? 'a new level, below the others'
            : this.others
                .filter((o) => o.role === roleItem.role && (o.level ?? 0) === n)
                .map((o) => vscode.workspace.asRelativePath(vscode.Uri.parse(o.uri)))
                .join(', '),
        level: n,
      }));
      const levelItem = await vscode.window.showQuickPick(items, {
        title: `Organisation level of the ${roleItem.role.toUpperCase()}`,
        placeHolder: 'Root first; the simulated file, if it is one, sits below them all',
      });
      if (!levelItem) return;
      level = levelItem.level;
    }
    const entry: OtherPolicy = { uri: uri.toString(), role: roleItem.role, ...(level !== undefined ? { level } : {}) };
    const others = this.others.filter((o) => !(o.uri === entry.uri && o.role === entry.role && o.level === entry.level));
    await this.state.update(stateKeys.others, [...others, entry]);
    void vscode.window.setStatusBarMessage(
      `Added ${vscode.workspace.asRelativePath(uri)} to the simulation as ${roleItem.label.toLowerCase()}${level !== undefined ? ` at level ${level}` : ''}.`,
      5000,
    );
    if (this.view.isOpen) await this.runAgain();
  }

  async clearPolicies(): Promise<void> {
    const count = this.others.length;
    await this.state.update(stateKeys.others, []);
    void vscode.window.setStatusBarMessage(count > 0 ? `Cleared ${count} other ${count === 1 ? 'policy' : 'policies'} from the simulation.` : 'The simulation has no other policies.', 5000);
    if (this.view.isOpen && count > 0) await this.runAgain();
  }

  private async pickPolicyFile(): Promise<vscode.Uri | undefined> {
    const found = await vscode.workspace.findFiles('**/*.json', '**/{node_modules,.git}/**', 5000);
    const open = vscode.workspace.textDocuments.filter((d) => ['iam-policy', 'json', 'jsonc'].includes(d.languageId)).map((d) => d.uri);
    const byKey = new Map<string, vscode.Uri>();
    for (const uri of [...open, ...found]) if (!uri.path.endsWith('.iamtest.json')) byKey.set(uri.toString(), uri);
    const inPlay = new Map(this.others.map((o) => [o.uri, o]));
    const items = [...byKey.values()]
      .map((uri) => {
        const relative = vscode.workspace.asRelativePath(uri);
        const other = inPlay.get(uri.toString());
        return {
          label: path.posix.basename(uri.path),
          description: `${path.posix.dirname(relative) === '.' ? '' : path.posix.dirname(relative)}${other ? ` · in play as ${other.role}` : ''}`,
          uri,
          relative,
        };
      })
      .sort((a, b) => a.relative.localeCompare(b.relative));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No JSON files in the workspace to add to the simulation.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Add a policy to the simulation', placeHolder: 'A policy file of the workspace', matchOnDescription: true });
    return picked?.uri;
  }

  dispose(): void {
    this.view.dispose();
  }
}

/**
 * "Simulate as this role": the role as the principal, in the account of the usual default principal (a template's
 * entities have a placeholder account until deployed).
 */
function roleInAccountOf(role: string, principal: string): string {
  const account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(principal)?.[1];
  return account ? role.replace(/^(arn:[^:]+:iam::)\d{12}:/, `$1${account}:`) : role;
}

function activeTarget(): SimulateArguments | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor ? { uri: editor.document.uri.toString() } : undefined;
}
