import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { managedPolicyScheme } from '../../server/src/protocol';
import { AccountView } from './account-view';
import { CrashHandler } from './crash-handler';
import { registerFileAssociation } from './file-association';
import { registerManagedPolicyDocuments } from './managed-policies';
import { NewAccessController } from './new-access';
import { registerRuleCommands } from './rule-commands';
import { SimulationController } from './simulate';
import { PolicyStatusBar } from './status-bar';

let client: LanguageClient | undefined;

export const outputChannelName = 'IAM Policy Author';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(outputChannelName, { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps V8's code cache of its bundle in the extension's storage, which VS Code removes with the extension.
  const env = { IAM_POLICY_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // JSON and YAML files are sent too: the server decides by globs and content which of them are policies or
    // CloudFormation/SAM templates (a workflow or compose file gets nothing).
    // Scenario files (*.iamtest.json) are JSON too; the server runs them instead of checking them as policies.
    documentSelector: [
      ...['iam-policy', 'json', 'jsonc', 'yaml', 'typescript', 'javascript', 'python', 'java', 'go', 'csharp', 'shellscript'].flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      { scheme: 'file', language: 'json', pattern: '**/*.iamtest.json' },
      // CloudFormation's own extension, and those some projects use (`.cfntemplate`, `.cform`, `.cfn`): such files have
      // no language unless YAML or JSON is associated.
      { scheme: 'file', pattern: '**/*.{template,cfntemplate,cform,cfn}' },
      // Elastic Beanstalk's configuration files, whose `Resources` are CloudFormation's (VS Code reads `.config` as XML).
      { scheme: 'file', pattern: '**/.ebextensions/**/*.config' },
      // Terraform: HashiCorp's extension names the language `terraform`; without it .tf files have no language of
      // their own, so they are also selected by file name.
      { scheme: 'file', language: 'terraform' },
      { scheme: 'untitled', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.tf' },
      // OpenTofu's own extension, read as Terraform's.
      { scheme: 'file', language: 'opentofu' },
      { scheme: 'file', pattern: '**/*.{tofu,tofu.json}' },
      // Terragrunt's configurations (`terragrunt.hcl`, `root.hcl`): the server reads those that set `inputs`.
      { scheme: 'file', pattern: '**/*.hcl' },
      // templatefile() templates (`policy.json.tftpl`, `policy.json.tpl`, `policy.tpl`, `policy.json.tmpl`): no extension gives them a
      // language; the server claims only those whose text is a JSON policy.
      { scheme: 'file', pattern: '**/*.tftpl' },
      { scheme: 'file', pattern: '**/*.tpl' },
      { scheme: 'file', pattern: '**/*.tmpl' },
      // Jinja templates (`policy.json.j2`, as Ansible roles keep policies): the server claims those that hold a policy.
      { scheme: 'file', pattern: '**/*.j2' },
      { scheme: 'file', pattern: '**/*.jinja' },
      { scheme: 'file', pattern: '**/*.jinja2' },
      // Bundled AWS managed policies opened by Go to Definition (read-only, see managed-policies.ts).
      { scheme: managedPolicyScheme, language: 'iam-policy' },
    ],
    synchronize: { configurationSection: 'iamPolicy' },
    outputChannel: output,
    errorHandler: new CrashHandler(output),
    initializationFailedHandler: (error) => {
      output.error(`The IAM policy language server failed to start: ${String(error)}`);
      return false;
    },
  };

  client = new LanguageClient('iamPolicy', 'IAM Policy Author', serverOptions, clientOptions);
  const statusBar = new PolicyStatusBar(client);
  const accountView = new AccountView(client);
  const simulation = new SimulationController(client, context.workspaceState);
  const newAccess = new NewAccessController(client, simulation, output, statusBar.onDidChangeStatus);
  context.subscriptions.push(
    statusBar,
    registerFileAssociation(),
    registerManagedPolicyDocuments(client),
    ...registerRuleCommands(context),
    ...accountView.register(),
    ...simulation.register(),
    ...newAccess.register(),
    vscode.commands.registerCommand('iamPolicy.treatAsPolicy', treatAsPolicy),
    vscode.commands.registerCommand('iamPolicy.choosePolicyType', () => statusBar.choosePolicyType()),
    vscode.commands.registerCommand('iamPolicy.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('iamPolicy.restartServer', async () => {
      await client?.restart();
      output.info('Language server restarted.');
    }),
  );
  // Before start: the server sends a document's status once, after its first validation, and then only when it
  // changes; a status that came before the handler was there would be missing until then.
  statusBar.listen();
  await client.start();
  accountView.listen();
  void newAccess.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function treatAsPolicy(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file first, then run "IAM Policy: Treat this file as a policy".');
    return;
  }
  await vscode.languages.setTextDocumentLanguage(editor.document, 'iam-policy');
}
