import { readFileSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { stripBom } from '../core/text/bom';

/** A file's text, or why it cannot be read (an errno code such as ENOENT, or a message). */
export type FileText = { text: string; error?: undefined } | { text?: undefined; error: string };

/**
 * Reads other files the features need (the policies of a simulation, the policies a scenario names): the open
 * document when there is one, so unsaved edits count, otherwise the file on disk. Only reads; never writes.
 */
export class PolicyTexts {
  constructor(private readonly documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] }) {}

  read(uri: string): FileText {
    const open = this.documents.get(uri) ?? this.documents.all().find((document) => sameUri(document.uri, uri));
    if (open) return { text: open.getText() };
    let parsed: URI;
    try {
      parsed = URI.parse(uri);
    } catch {
      return { error: 'not a URI' };
    }
    if (parsed.scheme !== 'file') return { error: `not open, and ${parsed.scheme}: files cannot be read from disk` };
    try {
      const text = readFileSync(parsed.fsPath, 'utf8');
      return { text: stripBom(text) };
    } catch (error) {
      return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
  }
}

/** Whether two URI strings name the same file, whatever each client's escaping. */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return URI.parse(a).toString() === URI.parse(b).toString();
  } catch {
    return false;
  }
}

/**
 * Short names for files: the base name, with as many parent folders as it takes to tell files with the same
 * base name apart.
 */
export function shortNames(uris: readonly string[]): Map<string, string> {
  const segments = new Map(uris.map((uri) => [uri, pathOf(uri).split('/').filter(Boolean)]));
  const names = new Map<string, string>();
  for (const uri of uris) {
    const own = segments.get(uri)!;
    let depth = 1;
    const nameAt = (parts: string[], n: number) => parts.slice(-n).join('/');
    while (depth < own.length && uris.some((other) => other !== uri && nameAt(segments.get(other)!, depth) === nameAt(own, depth))) depth++;
    names.set(uri, nameAt(own, depth) || uri);
  }
  return names;
}

function pathOf(uri: string): string {
  try {
    return URI.parse(uri).path;
  } catch {
    return uri;
  }
}
