import picomatch from 'picomatch';
import * as vscode from 'vscode';

/**
 * Files that match `iamPolicy.files` open in the iam-policy language, so they get its grammar and snippets.
 * The defaults are also in package.json as filename patterns; this covers the globs a user adds.
 */
export function registerFileAssociation(): vscode.Disposable {
  const switchIfMatching = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
    // Scenario files hold policies but are tests; they stay JSON whatever iamPolicy.files says.
    if (document.uri.path.endsWith('.iamtest.json')) return;
    const globs = vscode.workspace.getConfiguration('iamPolicy', document.uri).get<string[]>('files', []);
    const path = document.uri.path;
    const matches = globs.some((glob) => typeof glob === 'string' && picomatch(glob, { dot: true, basename: !glob.includes('/') })(path));
    if (matches) void vscode.languages.setTextDocumentLanguage(document, 'iam-policy');
  };
  vscode.workspace.textDocuments.forEach(switchIfMatching);
  return vscode.workspace.onDidOpenTextDocument(switchIfMatching);
}
