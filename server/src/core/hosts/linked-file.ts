import { basename, dirname, join } from 'node:path';
import { readTextFile } from '../text/text-file';
import { NO_SUCH_FILE, type LinkedText } from './host';

/**
 * A file a document links to, as `HostInput.readLinked` answers: its text, `NO_SUCH_FILE` when nothing is at the path
 * (or a folder on the way is a file), or undefined when it is there but cannot be read (permissions, a folder).
 */
export function readLinkedFile(path: string): LinkedText {
  try {
    return readTextFile(path);
  } catch (error) {
    return isNoSuchFile(error) ? NO_SUCH_FILE : undefined;
  }
}

/** Whether a file system call failed because nothing is at the path (or a folder on the way is a file). */
export function isNoSuchFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** How a folder walk reads the disk (or an editor's open documents first). */
export interface FolderReader {
  /** The names in a folder, or undefined when it cannot be listed. */
  list(folder: string): readonly string[] | undefined;
  read(path: string): LinkedText;
  uriOf(path: string): string;
}

/**
 * How many folders above a policy file's own a module that reads it is looked for: `${path.module}/policies/x.json`
 * is one, `${path.module}/templates/iam/x.json` two.
 */
const FOLDERS_ABOVE = 3;

/**
 * The Terraform modules (each folder's `.tf` files) in the folder of the file at `path` and up to three above it,
 * not above a repository's root (a folder holding `.git`), where some `.tf` file names the file: those that may read
 * it with `file()` or `templatefile()` (linked-type.ts).
 */
export function modulesNaming(path: string, io: FolderReader): { uri: string; text: string }[][] {
  const name = basename(path);
  const modules: { uri: string; text: string }[][] = [];
  for (let folder = dirname(path), level = 0; level <= FOLDERS_ABOVE; level++) {
    const names = io.list(folder);
    const files: { uri: string; text: string }[] = [];
    for (const entry of names ?? []) {
      if (!/\.tf$/i.test(entry)) continue;
      const text = io.read(join(folder, entry));
      if (typeof text === 'string') files.push({ uri: io.uriOf(join(folder, entry)), text });
    }
    if (files.some((file) => file.text.includes(name))) modules.push(files);
    const parent = dirname(folder);
    if (names?.includes('.git') || parent === folder) break;
    folder = parent;
  }
  return modules;
}
