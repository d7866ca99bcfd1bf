import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { configFileName, defaultPolicyFileGlobs, mergeConfiguration, defaultConfiguration } from '../../server/src/core/config/configuration';
import { ConfigFileFinder } from '../../server/src/core/config/find-config';
import { exclusionOf, isPolicyFileName } from '../../server/src/core/hosts/file-claims';

/**
 * Files the pipeline takes as policies by their name (`iamPolicy.files` and the `files` of `.iam-policy.json`,
 * less `exclude`, scenario and configuration files) open in the iam-policy language, so they get its grammar and
 * snippets. The defaults are also in package.json as filename patterns; this covers the globs a user adds. The
 * decision is the core's (`exclusionOf`, `isPolicyFileName`), the one the server and the CLI make.
 */
export function registerFileAssociation(): vscode.Disposable {
  const finder = new ConfigFileFinder((path) => {
    try {
      return readFileSync(vscode.Uri.from({ scheme: 'file', path }).fsPath, 'utf8');
    } catch {
      return undefined;
    }
  });
  const switchIfMatching = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
    const globs = vscode.workspace.getConfiguration('iamPolicy', document.uri).get<unknown>('files', defaultPolicyFileGlobs);
    const files = Array.isArray(globs) ? globs.filter((glob): glob is string => typeof glob === 'string') : [...defaultPolicyFileGlobs];
    const configFile = document.uri.scheme === 'file' ? finder.forFile(document.uri.path) : undefined;
    const config = mergeConfiguration({ ...defaultConfiguration, files }, configFile?.result.settings);
    const path = document.uri.path;
    if (exclusionOf(path, config) === undefined && isPolicyFileName(path, config.files)) void vscode.languages.setTextDocumentLanguage(document, 'iam-policy');
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${configFileName}`);
  const reread = (): void => {
    finder.clear();
    vscode.workspace.textDocuments.forEach(switchIfMatching);
  };
  vscode.workspace.textDocuments.forEach(switchIfMatching);
  return vscode.Disposable.from(vscode.workspace.onDidOpenTextDocument(switchIfMatching), watcher, watcher.onDidCreate(reread), watcher.onDidChange(reread), watcher.onDidDelete(reread));
}
