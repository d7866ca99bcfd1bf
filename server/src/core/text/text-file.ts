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

/** How a text file's bytes are written: what `decodeText` read, so that a file written back keeps it. */
export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export function encodingOf(bytes: Uint8Array): TextEncoding {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8-bom';
  return 'utf8';
}

/** The file at `path` as text, and how its bytes are written. */
export function readTextFileAndEncoding(path: string): { text: string; encoding: TextEncoding } {
  const bytes = readFileSync(path);
  return { text: decodeText(bytes), encoding: encodingOf(bytes) };
}

/** `text` as bytes in `encoding`, its byte order mark first where the encoding has one. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.from(`\ufeff${text}`, 'utf8');
    case 'utf16le':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf16be':
      return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  }
}
