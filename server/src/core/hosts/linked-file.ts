import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readTextFile } from '../text/text-file';
import { NO_SUCH_FILE, type LinkedText } from './host';
import { isNativeModuleFile } from './terraform/file-names';

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

/** A folder's `.tf` files (a Terraform module), and whether it is a repository's root (it holds `.git`). */
export interface FolderModule {
  files: ReadonlyArray<{ uri: string; text: string }>;
  repositoryRoot: boolean;
}

/** A folder's `.tf` files read from the disk by `read`; undefined when the folder cannot be listed. */
export function readFolderModule(folder: string, read: (path: string) => LinkedText, uriOf: (path: string) => string): FolderModule | undefined {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return undefined;
  }
  const files: { uri: string; text: string }[] = [];
  for (const name of names) {
    if (!isNativeModuleFile(name)) continue;
    const text = read(join(folder, name));
    if (typeof text === 'string') files.push({ uri: uriOf(join(folder, name)), text });
  }
  return { files, repositoryRoot: names.includes('.git') };
}

/**
 * How many folders above a policy file's own a module that reads it is looked for: `${path.module}/policies/x.json`
 * is one, `${path.module}/templates/iam/x.json` two.
 */
const FOLDERS_ABOVE = 3;

/**
 * The Terraform modules (each folder's `.tf` files) in the folder of the file at `path` and up to three above it,
 * not above a repository's root, where some `.tf` file names the file: those that may read it with `file()` or
 * `templatefile()` (linked-type.ts). `moduleOf` gives a folder's module (readFolderModule), kept by the caller as long
 * as it likes: a folder of many policy files is listed once.
 */
export function modulesNaming(path: string, moduleOf: (folder: string) => FolderModule | undefined): FolderModule['files'][] {
  const name = basename(path);
  const modules: FolderModule['files'][] = [];
  for (let folder = dirname(path), level = 0; level <= FOLDERS_ABOVE; level++) {
    const module = moduleOf(folder);
    if (module?.files.some((file) => file.text.includes(name))) modules.push(module.files);
    const parent = dirname(folder);
    if (module?.repositoryRoot || parent === folder) break;
    folder = parent;
  }
  return modules;
}
