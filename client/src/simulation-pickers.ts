import * as vscode from 'vscode';
import type { SimulateArguments, SimulationInputsParams, SimulationInputsResult, SimulationRequestInput } from '../../server/src/protocol';

// The pickers of "Simulate request": they ask for the action, the resource, the principal and the context keys,
// offering what the server lists. Escape in any step rejects with `Cancelled`, so the flow stops with one catch.

/** Escape in any picker of the flow: the simulation is cancelled. */
export class Cancelled extends Error {}

/** Asks the server what to offer (the `iamPolicy/simulationInputs` request). */
export type SimulationInputs = (params: SimulationInputsParams) => Thenable<SimulationInputsResult>;

/**
 * Asks for the action, the resource, the principal and the context keys, each pre-filled from `last` (the request of
 * the previous simulation); `defaultPrincipal` is offered when it has none. Undefined when the document is not a
 * policy; rejects with `Cancelled` on Escape.
 */
export async function askForRequest(
  inputs: SimulationInputs,
  target: SimulateArguments,
  last: SimulationRequestInput | undefined,
  defaultPrincipal: string,
): Promise<{ request: SimulationRequestInput; givenContext: string[] } | undefined> {
  const first = await inputs(target);
  if (!first.isPolicy) {
    void vscode.window.showWarningMessage('This file is not treated as an IAM policy, so it cannot be simulated. Run "IAM Policy: Treat this file as a policy" if it is one.');
    return undefined;
  }
  const steps = 4;
  const title = (step: number, what: string) => `Simulate request${first.role ? ` against this ${first.role.toLowerCase()}` : ''} (${step}/${steps}): ${what}`;

  const actionItems = first.actions.map((action) => ({
    label: action.name,
    description: [action.accessLevel, action.notAction ? `not covered: NotAction ${action.from.join(', ')}` : action.from.some((f) => f !== action.name) ? `from ${action.from.join(', ')}` : undefined]
      .filter(Boolean)
      .join(' · '),
  }));
  const action = await pickOrType(actionItems, {
    title: title(1, 'action'),
    placeholder:
      first.actionsLeftOut > 0 ? `Choose an action, or type one such as s3:GetObject (${first.actionsLeftOut} more match but are not listed)` : 'Choose an action, or type one such as s3:GetObject',
    ...(last ? { value: last.action } : {}),
  });

  const principalGuess = last?.principal ?? defaultPrincipal;
  const withAction = await inputs({ ...target, action, principal: principalGuess });
  const resourceItems = withAction.resources.map((resource) => ({
    label: resource.value,
    description: `${resource.detail}${resource.fitsAction === false ? ' · not a resource of this action' : ''}`,
  }));
  let resource = last?.resource ?? resourceItems[0]?.label ?? '*';
  if (resourceItems.length > 0) {
    resource = await pickOrType(resourceItems, {
      title: title(2, 'resource'),
      placeholder: 'Choose a resource ARN to start from (you can edit it next), or type one',
      ...(last ? { value: last.resource } : {}),
    });
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
  const context = await askForContext(inputs, target, action, principal, last, title(4, 'context keys'));
  const request: SimulationRequestInput = { action: action.trim(), resource: resource.trim(), context: context.values, ...(principal ? { principal } : {}) };
  return { request, givenContext: context.given };
}

/**
 * The context keys the policies read, each shown with its type and value (those derived from the principal
 * pre-filled). Picking a key edits its value; "Simulate" goes on. Escape in a key's box goes back to the list.
 */
async function askForContext(
  inputs: SimulationInputs,
  target: SimulateArguments,
  action: string,
  principal: string,
  last: SimulationRequestInput | undefined,
  title: string,
): Promise<{ values: Record<string, string | null>; given: string[] }> {
  const { contextKeys } = await inputs({ ...target, action, ...(principal ? { principal } : {}) });
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
            detail: [key.type ?? 'type unknown', derived ? 'derived from the principal' : undefined, key.usedIn.includes('variable') ? 'used as a policy variable' : undefined]
              .filter(Boolean)
              .join(' · '),
          };
        }),
      ];
      const picked = await pick(items, {
        title,
        placeholder: 'Press Enter to simulate, or choose a key to set its value',
        active: items.find((item) => item.key !== undefined && item.key === active) ?? items[0],
      });
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
