import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SKIPPED_FOLDERS } from '../core/config/skipped-folders';

/** A walk stops after this many files (a workspace holding a whole monorepo's checkout must not stall the server). */
export const MAX_WALKED_FILES = 50_000;

/**
 * The files under `folders` that `accept` takes (by path), each once and sorted; `truncated` when the walk stopped
 * at MAX_WALKED_FILES files. Unreadable folders are passed over.
 */
export function walkFolders(folders: readonly string[], accept: (path: string) => boolean): { files: string[]; truncated: boolean } {
  const files: string[] = [];
  let count = 0;
  const visit = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (count >= MAX_WALKED_FILES) return;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(path);
      } else if (entry.isFile()) {
        count++;
        if (accept(path)) files.push(path);
      }
    }
  };
  for (const folder of folders) visit(folder);
  return { files: [...new Set(files)].sort(), truncated: count >= MAX_WALKED_FILES };
}
