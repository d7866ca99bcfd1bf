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
