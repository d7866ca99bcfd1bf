import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compareFileNames } from '../core/text/file-order';
import picomatch from 'picomatch';
import { hostFileExtensions, readersToPrepare } from '../core/hosts/index';
import { SKIPPED_FOLDERS } from '../core/config/skipped-folders';

export interface FileList {
  /** Files to lint, in a stable order, as the user wrote them or relative to the folder they named. */
  files: string[];
  /** Arguments that named nothing on disk. */
  missing: string[];
}

/** Whether a file found in a folder may hold policies: its name ends with an extension some host reader claims. */
export function mayHoldPolicies(file: string, extensions: readonly string[] = hostFileExtensions()): boolean {
  return extensions.some((extension) => file.endsWith(extension));
}

/** The readers to prepare before linting `files` (see hosts/index.ts). */
export { readersToPrepare };

/**
 * Expands the command-line arguments: a file stays as given, a folder yields the files any host reader may
 * claim (*.json for plain policies) or `claims` names (the configuration's `files` globs), recursively, skipping
 * SKIPPED_FOLDERS (dependencies, build output, version control); and a glob
 * (`policies/**\/*.json`) yields the files that match it.
 */
export function expandArguments(args: string[], claims: (file: string) => boolean = () => false): FileList {
  const extensions = hostFileExtensions();
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (picomatch.scan(arg).isGlob) {
      const matches = expandGlob(arg);
      if (matches.length === 0) missing.push(arg);
      files.push(...matches);
      continue;
    }
    let stats;
    try {
      stats = statSync(arg);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stats.isDirectory()) files.push(...walk(arg).filter((file) => mayHoldPolicies(file, extensions) || claims(file)));
    else files.push(arg);
  }
  return { files: [...new Set(files)], missing };
}

function expandGlob(pattern: string): string[] {
  const { base } = picomatch.scan(pattern);
  const root = base || '.';
  const isMatch = picomatch(pattern, { dot: false });
  const candidates = (() => {
    try {
      return statSync(root).isDirectory() ? walk(root) : [];
    } catch {
      return [];
    }
  })();
  return candidates.filter((file) => isMatch(file.split(sep).join('/')) || isMatch(relative('.', resolve(file)).split(sep).join('/')));
}

function walk(folder: string): string[] {
  const result: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareFileNames(a.name, b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(path);
      } else if (entry.isFile()) result.push(path);
    }
  };
  visit(folder);
  return result;
}
