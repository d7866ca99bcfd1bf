import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { managedPolicyRequest, managedPolicyScheme } from '../../server/src/protocol';

/**
 * Shows bundled AWS managed policies read-only: Go to Definition on a managed policy ARN returns an
 * `iam-policy-managed:` URI, and this provider asks the server for the document's text.
 */
export function registerManagedPolicyDocuments(client: LanguageClient): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const result = await client.sendRequest(managedPolicyRequest, { uri: uri.toString() });
      return result ? result.text : `// ${uri.path} is not among the bundled AWS managed policies.\n`;
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(managedPolicyScheme, provider);
}
