import { stripBom } from '../text/bom';
import { parseConfigFile, type ConfigFileResult } from './config-file';
import { configFileName } from './configuration';

export { isConfigFile } from './configuration';

/** A `.iam-policy.json` as found on disk. */
export interface LoadedConfigFile {
  /** Its path, with `/` separators. */
  path: string;
  text: string;
  result: ConfigFileResult;
}

/** Reads a configuration file given its path; undefined when there is none (or it cannot be read). */
export type ReadConfigText = (path: string) => string | undefined;

/**
 * Finds the configuration file that applies to a file: `.iam-policy.json` in its folder or the nearest folder
 * above. The CLI reads files from disk with it; the server too, and clears it when a configuration file changes.
 * Lookups are cached per folder.
 */
export class ConfigFileFinder {
  private readonly byFolder = new Map<string, LoadedConfigFile | null>();

  /** `knownRules`: the rule ids, so that a misspelt one is a problem; absent to accept any id. */
  constructor(
    private readonly readText: ReadConfigText,
    private readonly knownRules?: ReadonlySet<string>,
  ) {}

  /** The configuration file for a file at `path` (with `/` separators), or undefined when no folder above has one. */
  forFile(path: string): LoadedConfigFile | undefined {
    const slash = path.lastIndexOf('/');
    return slash < 0 ? undefined : this.forFolder(path.slice(0, slash) || '/');
  }

  /** Reads one configuration file by its path, whatever its folder. */
  load(path: string): LoadedConfigFile | undefined {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    return loadConfigText(path, text, this.knownRules);
  }

  clear(): void {
    this.byFolder.clear();
  }

  private forFolder(folder: string): LoadedConfigFile | undefined {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached ?? undefined;
    const own = this.load(`${folder === '/' ? '' : folder}/${configFileName}`);
    const parent = folder.lastIndexOf('/');
    const found = own ?? (folder === '/' || parent < 0 ? undefined : this.forFolder(folder.slice(0, parent) || '/'));
    this.byFolder.set(folder, found ?? null);
    return found;
  }
}

/** Parses a configuration file's text; `path` (with `/` separators) anchors its globs at its folder. */
export function loadConfigText(path: string, text: string, knownRules?: ReadonlySet<string>): LoadedConfigFile {
  const stripped = stripBom(text);
  const folder = path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '/';
  return { path, text: stripped, result: parseConfigFile(stripped, folder, knownRules) };
}
