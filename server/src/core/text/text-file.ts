import { readFileSync } from 'node:fs';
import { stripBom } from './bom';

/**
 * A text file's bytes as text, decoded as VS Code opens the file: UTF-16 when it starts with a UTF-16 byte order mark,
 * UTF-8 otherwise, the mark left out. Windows PowerShell 5 writes its `>` redirections as UTF-16LE, so
 * `aws iam get-policy-version … > policy.json` there makes such a file; read as UTF-8 it was no JSON at all, and
 * `iam-policy lint` passed it over as holding no policy.
 */
export function decodeText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2, buffer.length - (buffer.length % 2));
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return stripBom(buffer.toString('utf8'));
}

/** The file at `path` as text (`decodeText`); throws as `readFileSync` does. */
export function readTextFile(path: string): string {
  return decodeText(readFileSync(path));
}
