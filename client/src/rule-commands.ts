import * as path from 'node:path';
import * as vscode from 'vscode';
import { showRuleDocumentationCommand, suppressCommand, type SuppressArguments } from '../../server/src/protocol';

interface StoredSuppression {
  rule: string;
  file?: string;
  statement?: string;
}

/** The commands behind the "suppress" and "show documentation" quick fixes. */
export function registerRuleCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(suppressCommand, async (args: SuppressArguments) => {
      const uri = vscode.Uri.parse(args.uri);
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const config = vscode.workspace.getConfiguration('iamPolicy', uri);
      const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
      const inspected = config.inspect<StoredSuppression[]>('suppressions');
      const current = (folder ? inspected?.workspaceFolderValue : inspected?.globalValue) ?? [];
      // A path relative to the workspace folder, as a glob that matches wherever the folder is checked out.
      const file = `**/${folder ? path.posix.relative(folder.uri.path, uri.path) : path.posix.basename(uri.path)}`;
      const entry: StoredSuppression = { rule: args.rule, file, ...(args.statement ? { statement: args.statement } : {}) };
      if (current.some((s) => s.rule === entry.rule && s.file === entry.file && s.statement === entry.statement)) return;
      try {
        await config.update('suppressions', [...current, entry], target);
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not save the suppression in the settings: ${(error as Error).message}`);
        return;
      }
      void vscode.window.setStatusBarMessage(`Suppressed ${args.rule}${args.statement ? ` for statement ${args.statement}` : ' in this file'} (iamPolicy.suppressions).`, 4000);
    }),
    vscode.commands.registerCommand(showRuleDocumentationCommand, async (ruleId: string) => {
      const page = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${ruleId}.md`)));
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
  ];
}
