// An authorization-details export read entry by entry from its bytes, without decoding or parsing the whole file at
// once. The AWS CLI writes the export indented, one entry of UserDetailList, GroupDetailList, RoleDetailList and
// Policies after another; a whole-file JSON.parse keeps every object of the file alive until it returns, so the
// garbage collector copies all of it, and decoding the file makes a second copy of it as one string. Read entry by
// entry, only what the model keeps outlives its entry.
//
// Why the result is the file's JSON value exactly: a raw line break never occurs inside a JSON string, so a line that
// starts, after its indentation, with `{` starts a token. Each entry found is parsed alone (JSON.parse checks it is
// one complete value), and the rest of the file, the skeleton, is parsed with a number in place of each entry: JSON
// lets any value stand where a number stands, so the whole file is valid JSON whose value is the skeleton's with the
// entries in place, provided each root list of the skeleton holds exactly its entries' numbers, in order (checked).
// Anything else (another layout, a duplicate list, bytes that are not UTF-8, a syntax error) gives undefined, and the
// caller reads the file whole as before.

/** The root lists whose entries are read one by one. */
export const ENTRY_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

export interface ExportEntries {
  /** The root object, each listed entry as its number in the file (0, 1, ...). */
  root: Record<string, unknown>;
  /** Parses entry number `index` (undefined when it is not valid JSON: the caller then reads the file whole). */
  entry(index: number): unknown;
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** How the bytes are read: a native search for a run of bytes, and UTF-8 decoding that fails on bytes that are not. */
export interface ByteReader {
  /** The first place of `needle` at or after `from`; -1 when there is none. */
  find(needle: Uint8Array, from: number): number;
  /** The bytes from `start` to `end` as text; undefined when they are not UTF-8. */
  decode(start: number, end: number): string | undefined;
}

/** A `ByteReader` for any Uint8Array (a runtime with faster native ones, such as Node's Buffer, passes its own). */
export function portableByteReader(bytes: Uint8Array): ByteReader {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return {
    find(needle, from) {
      for (let at = bytes.indexOf(needle[0], from); at >= 0; at = bytes.indexOf(needle[0], at + 1)) if (startsWith(bytes, at, needle)) return at;
      return -1;
    },
    decode(start, end) {
      try {
        return decoder.decode(bytes.subarray(start, end));
      } catch {
        return undefined;
      }
    },
  };
}

/** Splits an indented export into its root and its entries; undefined for any other layout. */
export function splitExportEntries(bytes: Uint8Array, reader: ByteReader = portableByteReader(bytes)): ExportEntries | undefined {
  const decode = (start: number, end: number) => reader.decode(start, end);
  // A byte order mark is skipped, as the whole-file reader skips it.
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let copied = at;
  if (bytes[at] !== OPEN_BRACE) return undefined;
  at = lineAfter(bytes, at);
  if (at < 0) return undefined;
  // The indentation of the root's keys, and twice it for the entries of its lists.
  let indent = 0;
  while (bytes[at + indent] === SPACE || bytes[at + indent] === TAB) indent++;
  if (indent === 0) return undefined;
  const unit = bytes.subarray(at, at + indent);
  const entryIndent = new Uint8Array(indent * 2);
  entryIndent.set(unit, 0);
  entryIndent.set(unit, indent);
  const entryEnd = new Uint8Array([NEWLINE, ...entryIndent, CLOSE_BRACE]);

  const skeleton: string[] = [];
  const places: { start: number; end: number }[] = [];
  const listed = new Map<string, number[]>();
  // Each root line: a key with a value on the same line, or a list of entries, or the root's closing brace.
  for (;;) {
    if (!startsWith(bytes, at, unit) || bytes[at + indent] === SPACE || bytes[at + indent] === TAB) {
      if (bytes[at] === CLOSE_BRACE) break;
      return undefined;
    }
    if (bytes[at + indent] !== QUOTE) return undefined;
    const end = lineEnd(bytes, at);
    const last = lastNonSpace(bytes, at, end);
    if (bytes[last] !== OPEN_BRACKET) {
      // A value on one line (`"IsTruncated": false,`); the skeleton's parse checks it. One that goes on over more
      // lines would end its line with `{` or `[`.
      if (bytes[last] === OPEN_BRACE || end >= bytes.length) return undefined;
      at = end + 1;
      continue;
    }
    const name = decode(at + indent + 1, bytes.indexOf(QUOTE, at + indent + 1));
    if (name === undefined || !(ENTRY_LISTS as readonly string[]).includes(name)) return undefined;
    const numbers: number[] = [];
    if (listed.has(name)) return undefined;
    listed.set(name, numbers);
    at = end + 1;
    // Entries: a line `{` at twice the indentation, up to the line `}` at that indentation.
    while (startsWith(bytes, at, entryIndent) && bytes[at + entryIndent.length] === OPEN_BRACE) {
      const start = at + entryIndent.length;
      const close = reader.find(entryEnd, start);
      if (close < 0) return undefined;
      const stop = close + entryEnd.length;
      const gap = decode(copied, start);
      if (gap === undefined) return undefined;
      skeleton.push(gap, String(places.length));
      numbers.push(places.length);
      places.push({ start, end: stop });
      copied = stop;
      at = bytes[stop] === COMMA ? stop + 1 : stop;
      if (bytes[at] === RETURN) at++;
      if (bytes[at] !== NEWLINE) return undefined;
      at++;
    }
    // The list's closing line, at the root's indentation.
    if (!startsWith(bytes, at, unit) || bytes[at + indent] !== CLOSE_BRACKET) return undefined;
    at = lineEnd(bytes, at) + 1;
    if (at > bytes.length) return undefined;
  }
  const rest = decode(copied, bytes.length);
  if (rest === undefined) return undefined;
  skeleton.push(rest);
  let root: unknown;
  try {
    root = JSON.parse(skeleton.join(''));
  } catch {
    return undefined;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
  for (const [name, numbers] of listed) {
    const list = (root as Record<string, unknown>)[name];
    if (!Array.isArray(list) || list.length !== numbers.length || list.some((value, i) => value !== numbers[i])) return undefined;
  }
  return {
    root: root as Record<string, unknown>,
    entry(index) {
      const text = decode(places[index].start, places[index].end);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

/** The start of the line after the one `at` is on; -1 at the end. */
function lineAfter(bytes: Uint8Array, at: number): number {
  const end = bytes.indexOf(NEWLINE, at);
  return end < 0 ? -1 : end + 1;
}

/** Where the line `at` is on ends (its newline, or the end of the bytes). */
function lineEnd(bytes: Uint8Array, at: number): number {
  const end = bytes.indexOf(NEWLINE, at);
  return end < 0 ? bytes.length : end;
}

function lastNonSpace(bytes: Uint8Array, start: number, end: number): number {
  let last = end - 1;
  while (last > start && (bytes[last] === SPACE || bytes[last] === TAB || bytes[last] === RETURN)) last--;
  return last;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
