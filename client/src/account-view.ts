import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  accountChangedNotification,
  accountEntityRequest,
  accountPermissionsRequest,
  accountSimulateRequest,
  accountSimulationInputsRequest,
  accountViewRequest,
  accountWhoCanRequest,
  whoCanCommand,
  type AccountEntityDetails,
  type AccountEntityInfo,
  type AccountLink,
  type AccountPermission,
  type AccountPermissionsResult,
  type AccountResourcePolicyInfo,
  type AccountViewResult,
  type AccountWhoCanResult,
  type SimulationRequestInput,
  type WhoCanArguments,
} from '../../server/src/protocol';
import type { SimulationViewMessage } from './simulation-html';
import { askForRequest, Cancelled } from './simulation-pickers';
import { SimulationView } from './simulation-view';

// The "IAM Account" view of the Explorer: the users, groups, roles and customer managed policies of the workspace's
// account (the server reads its templates, Terraform modules and exports), each principal with its effective
// permissions by service and access level, each linking to the statement that grants it; "Simulate as this
// principal" and "Who can…". The server computes everything; this file shows it.

export const accountViewId = 'iamPolicy.account';
export const refreshAccountCommand = 'iamPolicy.account.refresh';
export const openAccountLinkCommand = 'iamPolicy.account.open';
export const openAccountEntityCommand = 'iamPolicy.account.openEntity';
export const simulateAsPrincipalCommand = 'iamPolicy.account.simulateAs';

type Node =
  | { type: 'message'; text: string; tooltip?: string; icon?: string }
  | {
      type: 'category';
      label: string;
      items: AccountEntityInfo[] | AccountResourcePolicyInfo[] | AccountViewResult['sources'] | string[];
      kind: 'user' | 'group' | 'role' | 'policy' | 'resource' | 'source' | 'warning';
    }
  | { type: 'entity'; entity: AccountEntityInfo }
  | { type: 'resource'; resource: AccountResourcePolicyInfo }
  | { type: 'policies'; links: AccountLink[] }
  | { type: 'related'; label: string; arns: string[] }
  | { type: 'service'; principal: string; service: AccountPermissionsResult['services'][number]; links: AccountLink[] }
  | { type: 'level'; principal: string; level: AccountPermissionsResult['services'][number]['levels'][number]; links: AccountLink[] }
  | { type: 'permission'; permission: AccountPermission; links: AccountLink[] }
  | { type: 'link'; link: AccountLink; description?: string; icon?: string };

const icons = { user: 'person', group: 'organization', role: 'shield', policy: 'file-code', resource: 'database', source: 'file', warning: 'warning' } as const;

export class AccountView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: Promise<AccountViewResult> | undefined;
  private readonly permissions = new Map<string, Promise<AccountPermissionsResult | null>>();
  private readonly details = new Map<string, Promise<AccountEntityDetails | null>>();
  private readonly simulation = new SimulationView((message) => this.onSimulationMessage(message));
  private lastSimulation: { principal: AccountEntityInfo; request: SimulationRequestInput; givenContext: string[]; run: number } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {}

  register(): vscode.Disposable[] {
    const tree = vscode.window.createTreeView(accountViewId, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      tree,
      this.changed,
      vscode.commands.registerCommand(refreshAccountCommand, () => this.refresh()),
      vscode.commands.registerCommand(openAccountLinkCommand, (link?: AccountLink) => openLink(link)),
      vscode.commands.registerCommand(openAccountEntityCommand, async (arn?: string) => {
        if (typeof arn === 'string') await openLink((await this.detailsOf(arn))?.link);
      }),
      vscode.commands.registerCommand(simulateAsPrincipalCommand, (node?: Node | string) => this.simulateAs(node)),
      vscode.commands.registerCommand(whoCanCommand, (args?: WhoCanArguments) => this.whoCan(args)),
    );
    return [this];
  }

  /** Once the client runs: the server says when the account was read again. */
  listen(): void {
    this.disposables.push(this.client.onNotification(accountChangedNotification, () => this.refresh()));
  }

  refresh(): void {
    this.view = undefined;
    this.permissions.clear();
    this.details.clear();
    this.changed.fire(undefined);
  }

  private currentView(): Promise<AccountViewResult> {
    this.view ??= Promise.resolve(this.client.sendRequest(accountViewRequest)).catch((error: Error): AccountViewResult => ({
      message: `The account could not be read: ${error.message}`,
      sources: [],
      warnings: [],
      users: [],
      groups: [],
      roles: [],
      policies: [],
      resourcePolicies: [],
    }));
    return this.view;
  }

  private permissionsOf(principal: string): Promise<AccountPermissionsResult | null> {
    let found = this.permissions.get(principal);
    if (!found) {
      found = Promise.resolve(this.client.sendRequest(accountPermissionsRequest, { principal })).catch(() => null);
      this.permissions.set(principal, found);
    }
    return found;
  }

  private detailsOf(arn: string): Promise<AccountEntityDetails | null> {
    let found = this.details.get(arn);
    if (!found) {
      found = Promise.resolve(this.client.sendRequest(accountEntityRequest, { arn })).catch(() => null);
      this.details.set(arn, found);
    }
    return found;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.rootNodes();
    switch (node.type) {
      case 'category':
        if (node.kind === 'source') return (node.items as AccountViewResult['sources']).map((source) => sourceNode(source));
        if (node.kind === 'warning') return (node.items as string[]).map((text) => ({ type: 'message', text, tooltip: text, icon: 'warning' }));
        if (node.kind === 'resource') return (node.items as AccountResourcePolicyInfo[]).map((resource) => ({ type: 'resource', resource }));
        return (node.items as AccountEntityInfo[]).map((entity) => ({ type: 'entity', entity }));
      case 'entity':
        return this.entityChildren(node.entity);
      case 'resource':
        return node.resource.statements.map((statement) => ({
          type: 'link',
          link: { ...statement.link, label: statement.label },
          description: `${statement.effect} · ${statement.actions}`,
          icon: statement.effect === 'Deny' ? 'circle-slash' : 'pass',
        }));
      case 'policies':
        return node.links.map((link) => ({ type: 'link', link }));
      case 'related': {
        const view = await this.currentView();
        const all = [...view.users, ...view.groups, ...view.roles];
        return node.arns.map((arn) => {
          const entity = all.find((e) => e.arn === arn);
          return entity ? { type: 'entity', entity } : { type: 'message', text: arn, icon: 'circle-small' };
        });
      }
      case 'service':
        return node.service.levels.map((level) => ({ type: 'level', principal: node.principal, level, links: node.links }));
      case 'level':
        return node.level.actions.map((permission) => ({ type: 'permission', permission, links: node.links }));
      case 'permission':
        return node.permission.via.map((index) => ({ type: 'link', link: node.links[index] }));
      default:
        return [];
    }
  }

  private async rootNodes(): Promise<Node[]> {
    const view = await this.currentView();
    const nodes: Node[] = [];
    if (view.message) nodes.push({ type: 'message', text: view.message, tooltip: view.message, icon: 'info' });
    const categories: [string, Node & { type: 'category' }][] = [
      ['Users', { type: 'category', label: 'Users', items: view.users, kind: 'user' }],
      ['Groups', { type: 'category', label: 'Groups', items: view.groups, kind: 'group' }],
      ['Roles', { type: 'category', label: 'Roles', items: view.roles, kind: 'role' }],
      ['Policies', { type: 'category', label: 'Policies', items: view.policies, kind: 'policy' }],
      ['Resource policies', { type: 'category', label: 'Resource policies', items: view.resourcePolicies, kind: 'resource' }],
    ];
    const empty = view.users.length + view.groups.length + view.roles.length + view.policies.length + view.resourcePolicies.length === 0;
    if (!empty) nodes.push(...categories.map(([, node]) => node));
    if (view.sources.length > 0) nodes.push({ type: 'category', label: 'Sources', items: view.sources, kind: 'source' });
    if (view.warnings.length > 0) nodes.push({ type: 'category', label: 'Warnings', items: view.warnings, kind: 'warning' });
    return nodes;
  }

  private async entityChildren(entity: AccountEntityInfo): Promise<Node[]> {
    const nodes: Node[] = [];
    const details = await this.detailsOf(entity.arn);
    if (!details) return [{ type: 'message', text: 'It is no longer in the account: refresh the view.', icon: 'info' }];
    if (entity.kind === 'policy') {
      if (details.related.length > 0) nodes.push({ type: 'related', label: 'Attached to', arns: details.related });
      return nodes;
    }
    if (entity.kind === 'group') {
      nodes.push({ type: 'related', label: 'Members', arns: details.related });
      nodes.push({ type: 'policies', links: details.policies });
      return nodes;
    }
    nodes.push({ type: 'policies', links: details.policies });
    if (entity.kind === 'user' && details.related.length > 0) nodes.push({ type: 'related', label: 'Groups', arns: details.related });
    if (details.assumableBy && details.assumableBy.length > 0) nodes.push({ type: 'related', label: 'Assumable by', arns: details.assumableBy.map((a) => a.principal) });
    const permissions = await this.permissionsOf(entity.arn);
    if (!permissions) return [...nodes, { type: 'message', text: 'Its permissions could not be computed: see the language server log.', icon: 'error' }];
    for (const error of permissions.errors) nodes.push({ type: 'message', text: error, tooltip: error, icon: 'warning' });
    if (permissions.services.length === 0) nodes.push({ type: 'message', text: 'No permissions: no statement allows it anything.', icon: 'circle-slash' });
    nodes.push(...permissions.services.map((service): Node => ({ type: 'service', principal: entity.arn, service, links: permissions.links })));
    return nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.type) {
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(node.label, node.items.length > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = String(node.items.length);
        item.id = `category:${node.label}`;
        return item;
      }
      case 'entity': {
        const { entity } = node;
        const item = new vscode.TreeItem(entity.name, collapsed);
        item.description = entity.detail;
        item.tooltip = new vscode.MarkdownString(`**${entity.kind}** \`${entity.arn}\``);
        item.iconPath = new vscode.ThemeIcon(icons[entity.kind]);
        item.contextValue = entity.kind === 'user' || entity.kind === 'role' ? 'iamPolicy.principal' : `iamPolicy.${entity.kind}`;
        item.command = { title: 'Open the definition', command: openAccountEntityCommand, arguments: [entity.arn] };
        return item;
      }
      case 'resource': {
        const { resource } = node;
        const item = new vscode.TreeItem(resource.resources[0] ?? resource.link.label, resource.statements.length > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = `${resource.type} · ${resource.detail}`;
        item.tooltip = new vscode.MarkdownString(
          [`**${resource.link.label}** (\`${resource.type}\`)`, '', 'Governs:', ...resource.resources.map((r) => `- \`${r}\``), '', `Written in ${resource.detail}`].join('\n'),
        );
        item.iconPath = new vscode.ThemeIcon(icons.resource);
        item.contextValue = 'iamPolicy.resourcePolicy';
        item.command = { title: 'Open the policy', command: openAccountLinkCommand, arguments: [resource.link] };
        return item;
      }
      case 'policies': {
        const item = new vscode.TreeItem('Policies', node.links.length > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = String(node.links.length);
        item.iconPath = new vscode.ThemeIcon('files');
        return item;
      }
      case 'related': {
        const item = new vscode.TreeItem(node.label, node.arns.length > 0 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = String(node.arns.length);
        item.iconPath = new vscode.ThemeIcon('references');
        return item;
      }
      case 'service': {
        const count = node.service.levels.reduce((n, level) => n + level.actions.length, 0);
        const item = new vscode.TreeItem(node.service.prefix, collapsed);
        item.description = `${node.service.name} · ${count} ${count === 1 ? 'action' : 'actions'}`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        return item;
      }
      case 'level': {
        const item = new vscode.TreeItem(node.level.level, collapsed);
        const conditional = node.level.actions.filter((a) => a.decision === 'Conditional').length;
        item.description = `${node.level.actions.length} ${node.level.actions.length === 1 ? 'action' : 'actions'}${conditional > 0 ? ` (${conditional} conditional)` : ''}`;
        item.iconPath = new vscode.ThemeIcon('symbol-enum');
        return item;
      }
      case 'permission': {
        const { permission } = node;
        const item = new vscode.TreeItem(permission.action, permission.via.length > 1 ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = `${permission.decision === 'Conditional' ? 'Conditional · ' : ''}${permission.resources.join(', ')}`;
        const lines = [`**${permission.action}** · ${permission.decision}`, '', ...permission.resources.map((r) => `- \`${r}\``)];
        if (permission.conditions) lines.push('', 'Depends on:', ...permission.conditions.map((c) => `- ${c}`));
        if (permission.denied) lines.push('', 'Denied on:', ...permission.denied.map((d) => `- \`${d}\``));
        lines.push('', `Granted by: ${permission.via.map((i) => node.links[i]?.label).join(', ')}`);
        item.tooltip = new vscode.MarkdownString(lines.join('\n'));
        item.iconPath = new vscode.ThemeIcon(permission.decision === 'Conditional' ? 'question' : 'pass');
        const first = node.links[permission.via[0]];
        if (first?.uri) item.command = { title: 'Open the granting statement', command: openAccountLinkCommand, arguments: [first] };
        return item;
      }
      case 'link': {
        const item = new vscode.TreeItem(node.link.label, vscode.TreeItemCollapsibleState.None);
        if (node.link.uri) {
          item.description = node.description ?? vscode.workspace.asRelativePath(vscode.Uri.parse(node.link.uri));
          item.command = { title: 'Open', command: openAccountLinkCommand, arguments: [node.link] };
        }
        item.iconPath = new vscode.ThemeIcon(node.icon ?? 'go-to-file');
        return item;
      }
    }
  }

  // ---- Simulate as this principal --------------------------------------------------------------

  /** From the view (its node), a code lens or another command (a user's or role's ARN), or the palette (a pick). */
  private async simulateAs(node: Node | string | undefined): Promise<void> {
    let entity = typeof node === 'object' && node.type === 'entity' ? node.entity : undefined;
    if (typeof node === 'string') {
      const view = await this.currentView();
      entity = [...view.users, ...view.roles].find((e) => e.arn === node);
      if (!entity) {
        void vscode.window.showInformationMessage(`${node} is not a user or role of the workspace's IAM account.`);
        return;
      }
    }
    if (!entity) {
      const view = await this.currentView();
      const picked = await vscode.window.showQuickPick(
        [...view.users, ...view.roles].map((e) => ({ label: e.name, description: e.detail, detail: e.arn, entity: e })),
        { title: 'Simulate as a principal of the IAM account', placeHolder: view.users.length + view.roles.length === 0 ? (view.message ?? 'The account has no users or roles') : 'A user or role' },
      );
      entity = picked?.entity;
    }
    if (!entity || (entity.kind !== 'user' && entity.kind !== 'role')) return;
    const principal = entity;
    const last = this.lastSimulation?.principal.arn === principal.arn ? this.lastSimulation.request : undefined;
    let asked: { request: SimulationRequestInput; givenContext: string[] } | undefined;
    try {
      asked = await askForRequest(
        (params) => this.client.sendRequest(accountSimulationInputsRequest, { principal: principal.arn, ...(params.action ? { action: params.action } : {}) }),
        { uri: principal.arn },
        last,
        principal.arn,
      );
    } catch (error) {
      if (error instanceof Cancelled) return;
      throw error;
    }
    if (asked) await this.runSimulation({ principal, ...asked, run: 1 });
  }

  private async runSimulation(simulation: { principal: AccountEntityInfo; request: SimulationRequestInput; givenContext: string[]; run: number }): Promise<void> {
    this.lastSimulation = simulation;
    const result = await this.client.sendRequest(accountSimulateRequest, { principal: simulation.principal.arn, request: simulation.request });
    if (!result) {
      void vscode.window.showWarningMessage(`${simulation.principal.arn} is no longer in the workspace's IAM account.`);
      return;
    }
    this.simulation.show(result, {
      document: `${simulation.principal.kind} ${simulation.principal.name} (IAM account)`,
      givenContext: simulation.givenContext,
      run: simulation.run,
      time: new Date().toTimeString().slice(0, 8),
    });
  }

  private onSimulationMessage(message: SimulationViewMessage): void {
    const last = this.lastSimulation;
    if (message.type === 'runAgain' && last) void this.runSimulation({ ...last, run: last.run + 1 });
    else if (message.type === 'editInputs' && last) void this.simulateAs({ type: 'entity', entity: last.principal });
    else if (message.type === 'addPolicy' || message.type === 'clearPolicies')
      void vscode.window.showInformationMessage('A simulation as a principal of the account uses exactly its policies; simulate a policy file to add others.');
  }

  // ---- Who can… --------------------------------------------------------------------------------

  async whoCan(args?: WhoCanArguments): Promise<void> {
    const guess = args?.action || args?.resource ? args : guessFromEditor();
    const action = await vscode.window.showInputBox({
      title: 'Who can… (1/2): action',
      value: guess?.action ?? '',
      prompt: 'The action, such as s3:GetObject',
      validateInput: (value) => (/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(value.trim()) ? undefined : 'Write the action as service:Action, such as s3:GetObject.'),
    });
    if (action === undefined) return;
    const resource = await vscode.window.showInputBox({
      title: `Who can ${action.trim()}… (2/2): resource`,
      value: guess?.resource ?? '*',
      prompt: 'The resource ARN, or * for an action without a resource',
      validateInput: (value) => (value.trim() === '' ? 'Enter a resource ARN, or *.' : undefined),
    });
    if (resource === undefined) return;
    const answer = await this.client.sendRequest(accountWhoCanRequest, { action: action.trim(), resource: resource.trim() });
    await showWhoCan(action.trim(), resource.trim(), answer);
  }

  dispose(): void {
    this.simulation.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function sourceNode(source: AccountViewResult['sources'][number]): Node {
  const link: AccountLink = { label: vscode.workspace.asRelativePath(vscode.Uri.parse(source.uri)), uri: source.uri };
  return source.error ? { type: 'message', text: `${link.label}: ${source.error}`, tooltip: source.error, icon: 'error' } : { type: 'link', link, description: source.kind };
}

/** The action or ARN under the cursor of the active editor, for "Who can…" from the Command Palette. */
function guessFromEditor(): WhoCanArguments | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selected = editor.document.getText(editor.selection).trim();
  const arn = editor.document.getWordRangeAtPosition(editor.selection.active, /arn:[^\s"',\]}]+/);
  const action = editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z0-9-]+:[A-Za-z0-9*?]+/);
  if (selected.startsWith('arn:')) return { resource: selected };
  if (arn) return { resource: editor.document.getText(arn) };
  if (/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(selected)) return { action: selected };
  if (action) return { action: editor.document.getText(action) };
  return undefined;
}

const WHO_CAN_ICONS: Record<AccountWhoCanResult['allowed'][number]['type'], string> = {
  user: '$(person)',
  role: '$(shield)',
  service: '$(cloud)',
  'other-account': '$(organization)',
  federated: '$(key)',
  anyone: '$(globe)',
};

/** The answer in a quick pick: each principal with how it is allowed; choosing one opens the granting statement. */
async function showWhoCan(action: string, resource: string, answer: AccountWhoCanResult): Promise<void> {
  if (answer.message) {
    void vscode.window.showInformationMessage(answer.message);
    return;
  }
  const items = answer.allowed.map((entry) => {
    const name = entry.principal.slice(entry.principal.lastIndexOf('/') + 1) || entry.principal;
    const icon = WHO_CAN_ICONS[entry.type];
    const details = [`via ${entry.via.map((v) => v.label).join(', ') || 'its resource policy'}`];
    if (entry.conditions) details.push(`depends on ${entry.conditions.join('; ')}`);
    if (entry.assumableBy)
      details.push(
        entry.assumableBy.length > 0
          ? `assumable by ${entry.assumableBy.map((a) => `${a.principal.slice(a.principal.lastIndexOf('/') + 1)}${a.decision === 'Conditional' ? ' (conditional)' : ''}`).join(', ')}`
          : 'nobody can assume it',
      );
    return { label: `${icon} ${name}`, description: `${entry.decision} · ${entry.principal}`, detail: details.join(' · '), entry };
  });
  const errors = answer.errors.map((error) => ({ label: '$(warning) Not evaluated', description: '', detail: error, entry: undefined }));
  const title = `Who can ${action} on ${resource}: ${answer.allowed.length === 0 ? 'nobody' : `${answer.allowed.filter((e) => e.decision === 'Allowed').length} allowed, ${answer.allowed.filter((e) => e.decision === 'Conditional').length} conditional`}`;
  if (items.length === 0 && errors.length === 0) {
    void vscode.window.showInformationMessage(`Nobody in the workspace's IAM account can ${action} on ${resource}.`);
    return;
  }
  const picked = await vscode.window.showQuickPick([...items, ...errors], {
    title,
    placeHolder: 'Choose a principal to open the statement that grants it',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  const entry = picked?.entry;
  if (!entry) return;
  const links = entry.via.filter((v) => v.uri);
  if (links.length <= 1) return openLink(links[0]);
  const link = await vscode.window.showQuickPick(
    links.map((l) => ({ label: l.label, description: vscode.workspace.asRelativePath(vscode.Uri.parse(l.uri!)), link: l })),
    { title: `Statements that grant ${entry.principal} ${action}` },
  );
  if (link) await openLink(link.link);
}

async function openLink(link: AccountLink | undefined): Promise<void> {
  if (!link?.uri) {
    if (link) void vscode.window.showInformationMessage(`${link.label}: where it is written is not known.`);
    return;
  }
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(link.uri));
    const start = link.range ? new vscode.Position(link.range.start.line, link.range.start.character) : new vscode.Position(0, 0);
    const end = link.range ? new vscode.Position(link.range.end.line, link.range.end.character) : start;
    // A one-line place (an entity's name) is selected; a whole statement only gets the cursor at its start.
    const selection = start.line === end.line ? new vscode.Selection(start, end) : new vscode.Selection(start, start);
    const editor = await vscode.window.showTextDocument(document, { selection, preview: true });
    editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open ${link.uri}: ${(error as Error).message}`);
  }
}
