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
import { SimulationView } from './simulation-view';

// "Simulate request": the pickers that ask for the request, and the commands around the result view. The server
// offers the inputs and evaluates; this file only asks and shows.

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

/** Escape in any picker of the flow: the simulation is cancelled. */
class Cancelled extends Error {}

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

  private async askAndRun(target: SimulateArguments, previous: LastSimulation | undefined): Promise<void> {
    let asked: { request: SimulationRequestInput; givenContext: string[] } | undefined;
    try {
      asked = await this.askForRequest(target, previous);
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

  // ---- the pickers ---------------------------------------------------------------------------

  private inputs(params: SimulationInputsParams): Thenable<SimulationInputsResult> {
    return this.client.sendRequest(simulationInputsRequest, { ...params, otherPolicies: this.others });
  }

  /** Asks for the action, the resource, the principal and the context keys, each pre-filled from `previous`. */
  private async askForRequest(target: SimulateArguments, previous: LastSimulation | undefined): Promise<{ request: SimulationRequestInput; givenContext: string[] } | undefined> {
    const first = await this.inputs(target);
    if (!first.isPolicy) {
      void vscode.window.showWarningMessage('This file is not treated as an IAM policy, so it cannot be simulated. Run "IAM Policy: Treat this file as a policy" if it is one.');
      return undefined;
    }
    const steps = 4;
    const title = (step: number, what: string) => `Simulate request${first.role ? ` against this ${first.role.toLowerCase()}` : ''} (${step}/${steps}): ${what}`;
    const last = previous?.request;

    const actionItems = first.actions.map((action) => ({
      label: action.name,
      description: [action.accessLevel, action.notAction ? `not covered: NotAction ${action.from.join(', ')}` : action.from.some((f) => f !== action.name) ? `from ${action.from.join(', ')}` : undefined]
        .filter(Boolean)
        .join(' · '),
    }));
    const action = await pickOrType(actionItems, {
      title: title(1, 'action'),
      placeholder: first.actionsLeftOut > 0 ? `Choose an action, or type one such as s3:GetObject (${first.actionsLeftOut} more match but are not listed)` : 'Choose an action, or type one such as s3:GetObject',
      ...(last ? { value: last.action } : {}),
    });

    const principalGuess = last?.principal ?? this.defaultPrincipal(target.uri);
    const withAction = await this.inputs({ ...target, action, principal: principalGuess });
    const resourceItems = withAction.resources.map((resource) => ({
      label: resource.value,
      description: `${resource.detail}${resource.fitsAction === false ? ' · not a resource of this action' : ''}`,
    }));
    let resource = last?.resource ?? resourceItems[0]?.label ?? '*';
    if (resourceItems.length > 0) {
      resource = await pickOrType(resourceItems, { title: title(2, 'resource'), placeholder: 'Choose a resource ARN to start from (you can edit it next), or type one', ...(last ? { value: last.resource } : {}) });
    }
    resource = await ask({
      title: title(2, 'resource'),
      value: resource,
      valueSelection: placeholderSelection(resource),
      prompt: 'The resource ARN of the request, or * for actions that take no resource. Replace the ${…} parts.',
      validateInput: (value) => (value.trim() === '' ? 'Enter a resource ARN, or *.' : undefined),
    });

    const principal = (
      await ask({
        title: title(3, 'principal'),
        value: principalGuess,
        prompt: 'Who makes the request: an IAM user, role or assumed-role session ARN, an account root, or a service principal. Empty for an anonymous request.',
      })
    ).trim();
    const context = await this.askForContext(target, action, principal, last, title(4, 'context keys'));
    const request: SimulationRequestInput = { action: action.trim(), resource: resource.trim(), context: context.values, ...(principal ? { principal } : {}) };
    return { request, givenContext: context.given };
  }

  private defaultPrincipal(uri: string): string {
    const setting = vscode.workspace.getConfiguration('iamPolicy', vscode.Uri.parse(uri)).get<string>('simulation.defaultPrincipal', '');
    const lastUsed = this.last?.request.principal;
    return lastUsed ?? (setting.trim() || defaultPrincipal);
  }

  /**
   * The context keys the policies read, each shown with its type and value (those derived from the principal
   * pre-filled). Picking a key edits its value; "Simulate" goes on. Escape in a key's box goes back to the list.
   */
  private async askForContext(
    target: SimulateArguments,
    action: string,
    principal: string,
    last: SimulationRequestInput | undefined,
    title: string,
  ): Promise<{ values: Record<string, string | null>; given: string[] }> {
    const { contextKeys } = await this.inputs({ ...target, action, ...(principal ? { principal } : {}) });
    // What the user set; undefined means "as derived" (or absent when nothing can be derived).
    const values = new Map<string, string | null>();
    for (const [key, value] of Object.entries(last?.context ?? {})) values.set(key, value);
    const valueOf = (name: string) => {
      const set = [...values.keys()].find((key) => key.toLowerCase() === name.toLowerCase());
      return set !== undefined ? values.get(set)! : (contextKeys.find((k) => k.name === name)?.defaultValue ?? null);
    };
    if (contextKeys.length > 0) {
      const run = { label: '$(play) Simulate', key: undefined as string | undefined };
      let active: string | undefined;
      for (;;) {
        const items = [
          { ...run, description: `${contextKeys.filter((k) => valueOf(k.name) !== null).length} of ${contextKeys.length} context keys set` },
          { label: 'Context keys the policies read', kind: vscode.QuickPickItemKind.Separator, key: undefined },
          ...contextKeys.map((key) => {
            const value = valueOf(key.name);
            const derived = key.defaultValue !== undefined && value === key.defaultValue;
            return {
              label: key.name,
              key: key.name,
              description: value === null ? 'not set' : `= ${value}`,
              detail: [key.type ?? 'type unknown', derived ? 'derived from the principal' : undefined, key.usedIn.includes('variable') ? 'used as a policy variable' : undefined].filter(Boolean).join(' · '),
            };
          }),
        ];
        const picked = await pick(items, { title, placeholder: 'Press Enter to simulate, or choose a key to set its value', active: items.find((item) => item.key !== undefined && item.key === active) ?? items[0] });
        if (!picked.key) break;
        active = picked.key;
        const key = contextKeys.find((k) => k.name === picked.key)!;
        const value = await askOrKeep({
          title: `${title}: ${key.name}`,
          value: valueOf(key.name) ?? '',
          prompt: `${key.type ? `${key.type}. ` : ''}${key.multiValued ? 'Several values as a JSON list, like ["a", "b"]. ' : ''}Leave empty to keep the key out of the request. Escape goes back to the list.`,
        });
        if (value !== undefined) values.set(key.name, value === '' ? null : value);
      }
    }
    // Send what differs from the derived defaults: set values, and derivable keys the user cleared.
    const result: Record<string, string | null> = {};
    const given: string[] = [];
    for (const [key, value] of values) {
      const listed = contextKeys.find((k) => k.name.toLowerCase() === key.toLowerCase());
      if (value === null && listed?.defaultValue === undefined) continue;
      if (listed && value === listed.defaultValue) continue;
      result[key] = value;
      if (value !== null) given.push(key);
    }
    return { values: result, given };
  }

  // ---- other policies in play ------------------------------------------------------------------

  async addPolicy(preset?: vscode.Uri): Promise<void> {
    const uri = preset ?? (await this.pickPolicyFile());
    if (!uri) return;
    const roleItem = await vscode.window.showQuickPick(roleItems, { title: `Add ${vscode.workspace.asRelativePath(uri)} to the simulation as…`, placeHolder: 'The part this policy plays in the request' });
    if (!roleItem) return;
    let level: number | undefined;
    if (roleItem.role === 'scp' || roleItem.role === 'rcp') {
      const levels = this.others.filter((o) => o.role === roleItem.role).map((o) => o.level ?? 0);
      const next = levels.length > 0 ? Math.max(...levels) + 1 : 0;
      const items = Array.from({ length: next + 1 }, (_, n) => ({
        label: `Level ${n}${n === 0 ? ' (root)' : ''}`,
        description: n === next ? 'a new level, below the others' : this.others.filter((o) => o.role === roleItem.role && (o.level ?? 0) === n).map((o) => vscode.workspace.asRelativePath(vscode.Uri.parse(o.uri))).join(', '),
        level: n,
      }));
      const levelItem = await vscode.window.showQuickPick(items, { title: `Organisation level of the ${roleItem.role.toUpperCase()}`, placeHolder: 'Root first; the simulated file, if it is one, sits below them all' });
      if (!levelItem) return;
      level = levelItem.level;
    }
    const entry: OtherPolicy = { uri: uri.toString(), role: roleItem.role, ...(level !== undefined ? { level } : {}) };
    const others = this.others.filter((o) => !(o.uri === entry.uri && o.role === entry.role && o.level === entry.level));
    await this.state.update(stateKeys.others, [...others, entry]);
    void vscode.window.setStatusBarMessage(`Added ${vscode.workspace.asRelativePath(uri)} to the simulation as ${roleItem.label.toLowerCase()}${level !== undefined ? ` at level ${level}` : ''}.`, 5000);
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
        return { label: path.posix.basename(uri.path), description: `${path.posix.dirname(relative) === '.' ? '' : path.posix.dirname(relative)}${other ? ` · in play as ${other.role}` : ''}`, uri, relative };
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

function activeTarget(): SimulateArguments | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor ? { uri: editor.document.uri.toString() } : undefined;
}

/** The first `${…}` placeholder (or `*`) of an ARN, to select in the input box so typing replaces it. */
function placeholderSelection(value: string): [number, number] {
  const placeholder = /\$\{[^}]*\}/.exec(value);
  if (placeholder && !/^\$\{aws:/.test(placeholder[0])) return [placeholder.index, placeholder.index + placeholder[0].length];
  const star = value.indexOf('*');
  if (star >= 0 && value !== '*') return [star, star + 1];
  return [value.length, value.length];
}

interface PickItem extends vscode.QuickPickItem {
  key?: string;
}

/** A quick pick; Escape cancels the simulation. */
function pick<T extends PickItem>(items: T[], options: { title: string; placeholder: string; active?: T }): Promise<T> {
  return new Promise((resolve, reject) => {
    const quickPick = vscode.window.createQuickPick<T>();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.items = items;
    quickPick.matchOnDescription = true;
    if (options.active) quickPick.activeItems = [options.active];
    let done = false;
    quickPick.onDidAccept(() => {
      const [selected] = quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems;
      if (!selected) return;
      done = true;
      resolve(selected);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      if (!done) reject(new Cancelled());
    });
    quickPick.show();
  });
}

/**
 * A quick pick that also takes what is typed when nothing listed matches it (any action or ARN, not just the
 * listed ones). `value` pre-selects that entry, or pre-fills the text. Escape cancels the simulation.
 */
function pickOrType(items: vscode.QuickPickItem[], options: { title: string; placeholder: string; value?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const quickPick = vscode.window.createQuickPick();
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.matchOnDescription = true;
    const typed = (value: string): vscode.QuickPickItem => ({ label: value, description: 'as typed', alwaysShow: true });
    const listed = (value: string) => items.find((item) => item.label === value);
    quickPick.items = options.value !== undefined && !listed(options.value) ? [typed(options.value), ...items] : items;
    if (options.value !== undefined) quickPick.activeItems = [quickPick.items.find((item) => item.label === options.value)!];
    quickPick.onDidChangeValue((value) => {
      const text = value.trim();
      const lower = text.toLowerCase();
      const matches = text !== '' && items.some((item) => item.label.toLowerCase().includes(lower) || item.description?.toLowerCase().includes(lower));
      quickPick.items = text === '' || matches ? items : [typed(text), ...items];
    });
    let done = false;
    quickPick.onDidAccept(() => {
      const [selected] = quickPick.selectedItems.length > 0 ? quickPick.selectedItems : quickPick.activeItems;
      const value = selected?.label ?? quickPick.value.trim();
      if (value === '') return;
      done = true;
      resolve(value);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      if (!done) reject(new Cancelled());
    });
    quickPick.show();
  });
}

/** An input box; Escape cancels the simulation. */
async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: false, ...options });
  if (value === undefined) throw new Cancelled();
  return value;
}

/** An input box whose Escape means "keep the value as it was" (undefined). */
function askOrKeep(options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox(options);
}
