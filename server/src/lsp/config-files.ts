import { URI } from 'vscode-uri';
import { knownRuleIds } from '../core/rules';
import { ConfigFileFinder, type LoadedConfigFile } from '../core/config/find-config';
import { readTextFile } from '../core/text/text-file';

/**
 * The `.iam-policy.json` files of the documents, read from disk: in the document's folder or the nearest folder
 * above. Cached until a configuration file changes (workspace/didChangeWatchedFiles, or one is saved).
 */
export class ConfigFiles {
  private readonly finder = new ConfigFileFinder((path) => {
    try {
      return readTextFile(URI.from({ scheme: 'file', path }).fsPath);
    } catch {
      return undefined;
    }
  }, knownRuleIds());

  /** The configuration file for a document; none for documents that are not files on disk. */
  forDocument(uri: string): LoadedConfigFile | undefined {
    let parsed: URI;
    try {
      parsed = URI.parse(uri);
    } catch {
      return undefined;
    }
    return parsed.scheme === 'file' ? this.finder.forFile(parsed.path) : undefined;
  }

  clear(): void {
    this.finder.clear();
  }
}
