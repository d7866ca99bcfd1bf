import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { policyStatusNotification, setPolicyTypeRequest, type PolicyStatusParams } from '../../server/src/protocol';
import { policyTypeNames, policyTypes } from '../../server/src/core/policy/policy-type';

/** Shows the policy type of the active editor; a click lets the user choose another type for that file. */
export class PolicyStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('iamPolicy.policyType', vscode.StatusBarAlignment.Right, 100);
  private readonly statuses = new Map<string, PolicyStatusParams>();
  private readonly changed = new vscode.EventEmitter<PolicyStatusParams>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires with each status the server sends: what a document holds, by the server's own reading. */
  readonly onDidChangeStatus = this.changed.event;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'IAM Policy Type';
    this.item.command = 'iamPolicy.choosePolicyType';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      // A document whose language changes is closed and opened again; the server then sends its status anew.
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.statuses.delete(document.uri.toString());
        this.render();
      }),
    );
  }

  listen(): void {
    this.disposables.push(
      this.client.onNotification(policyStatusNotification, (status) => {
        this.statuses.set(status.uri, status);
        this.render();
        this.changed.fire(status);
      }),
    );
  }

  async choosePolicyType(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const current = this.statuses.get(editor.document.uri.toString());
    const picks = [
      { label: 'Infer from content', description: 'Principal → resource or trust policy, otherwise identity', type: null as string | null },
      ...policyTypes.map((type) => ({ label: policyTypeNames[type], description: type === current?.policyType ? 'current' : type, type })),
    ];
    const pick = await vscode.window.showQuickPick(picks, { title: 'Policy type of this file', placeHolder: 'Rules differ by policy type' });
    if (!pick) return;
    await this.client.sendRequest(setPolicyTypeRequest, { uri: editor.document.uri.toString(), policyType: pick.type });
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const status = editor && this.statuses.get(editor.document.uri.toString());
    if (status?.isPolicy && status.host) {
      // A template or Terraform file holds many policies, each with the type its resource gives it: nothing to pick.
      const count = status.policyCount ?? 0;
      const where = {
        terraform: 'Terraform file',
        serverless: 'Serverless file',
        openapi: 'OpenAPI definition',
        eksctl: 'eksctl config',
        kubernetes: 'Kubernetes manifest',
        ansible: 'Ansible file',
        'github-actions': 'GitHub Actions workflow',
        cdk: 'CDK source',
        pulumi: 'Pulumi program',
        cdktf: 'CDKTF app',
        zappa: 'Zappa settings',
        'json-config': 'JSON file',
        code: 'source file',
        cloudformation: 'template',
      }[status.host];
      this.item.text = `$(shield) IAM: ${count} ${count === 1 ? 'policy' : 'policies'} in ${where}`;
      this.item.tooltip = `${count} IAM ${count === 1 ? 'policy' : 'policies'} found in this ${where}; each is checked as the type its resource gives it. The Outline lists them.`;
      this.item.command = undefined;
      this.item.show();
      return;
    }
    this.item.command = 'iamPolicy.choosePolicyType';
    if (!status?.isPolicy || !status.policyType) {
      this.item.hide();
      return;
    }
    const name = policyTypeNames[status.policyType as keyof typeof policyTypeNames] ?? status.policyType;
    this.item.text = `$(shield) ${name}`;
    this.item.tooltip = `${name}${status.inferred ? ' (inferred from the content)' : ''}. Click to choose another policy type for this file.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
