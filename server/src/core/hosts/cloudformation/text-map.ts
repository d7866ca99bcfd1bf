import type { Placeholder, PlaceholderKind, PlaceholderResource } from '../../policy/model';
import type { ValueSpanMapper } from '../../text/json-string';
import type { Span } from '../../text/span';

/**
 * A string value built from host text, with where each of its characters came from: `starts[i]` and `ends[i]` are
 * the host span of value character `i`. A character of an escape (`\u0041`, `''`) spans the whole escape, a
 * folded line break spans the break, and every character of a placeholder spans the whole intrinsic it stands for.
 */
export class MappedText {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly holes: Placeholder[] = [];
  /** Where the value sits when it has no characters (an empty scalar), so spans of it still point somewhere. */
  constructor(public readonly anchor: Span) {}

  push(char: string, start: number, end: number): void {
    this.value += char;
    for (let i = 0; i < char.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Appends a placeholder: `text` stands for a value known at deploy time, written at `span` of the host. */
  hole(text: string, span: Span, kind: PlaceholderKind, source: string, details: { resource?: PlaceholderResource; default?: string; binding?: string } = {}): void {
    const start = this.value.length;
    this.push(text, span.start, span.end);
    const hole: Placeholder = { start, end: this.value.length, kind, source };
    if (details.resource) hole.resource = details.resource;
    if (details.default !== undefined) hole.default = details.default;
    if (details.binding !== undefined) hole.binding = details.binding;
    this.holes.push(hole);
  }

  append(other: MappedText): void {
    const offset = this.value.length;
    this.value += other.value;
    for (let i = 0; i < other.starts.length; i++) {
      this.starts.push(other.starts[i]);
      this.ends.push(other.ends[i]);
    }
    for (const hole of other.holes) this.holes.push({ ...hole, start: hole.start + offset, end: hole.end + offset });
  }

  /** The host span of value characters `[start, end)`. */
  span(start: number, end: number): Span {
    const length = this.value.length;
    if (length === 0) return { start: this.anchor.start, end: this.anchor.start };
    const s = Math.min(Math.max(start, 0), length);
    const e = Math.min(Math.max(end, s), length);
    if (s === e) {
      const at = s < length ? this.starts[s] : this.ends[length - 1];
      return { start: at, end: at };
    }
    return { start: this.starts[s], end: this.ends[e - 1] };
  }

  mapper(): ValueSpanMapper {
    return (start, end) => this.span(start, end);
  }

  /** A copy of characters `[start, end)`, holes included when they lie inside. */
  slice(start: number, end: number): MappedText {
    const result = new MappedText(this.span(start, start));
    result.value = this.value.slice(start, end);
    for (let i = start; i < end; i++) {
      result.starts.push(this.starts[i]);
      result.ends.push(this.ends[i]);
    }
    for (const hole of this.holes) if (hole.start >= start && hole.end <= end) result.holes.push({ ...hole, start: hole.start - start, end: hole.end - start });
    return result;
  }
}

/** A value whose characters cannot be placed one by one: every character spans the whole token. */
export function coarseText(value: string, span: Span): MappedText {
  const text = new MappedText(span);
  text.push(value, span.start, span.end);
  return text;
}

/** Characters `[start, end)` of the host text, one for one. */
export function verbatimText(text: string, start: number, end: number): MappedText {
  const result = new MappedText({ start, end });
  result.value = text.slice(start, end);
  for (let i = start; i < end; i++) {
    result.starts.push(i);
    result.ends.push(i + 1);
  }
  return result;
}

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The characters of a JSON string token (quotes included in `[start, end)`), escapes mapped to their source. */
export function jsonStringText(text: string, start: number, end: number): MappedText {
  const result = new MappedText({ start: start + 1, end: start + 1 });
  const last = Math.max(start + 1, text.charCodeAt(end - 1) === 34 && end - 1 > start ? end - 1 : end);
  for (let i = start + 1; i < last;) {
    if (text[i] !== '\\') {
      result.push(text[i], i, i + 1);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u') {
      const code = parseInt(text.slice(i + 2, i + 6), 16);
      result.push(Number.isNaN(code) ? '' : String.fromCharCode(code), i, i + 6);
      i += 6;
    } else {
      result.push(simpleEscapes[next] ?? next ?? '', i, i + 2);
      i += 2;
    }
  }
  return result;
}

/** YAML scalar styles as the `yaml` package names them. */
export type YamlScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/**
 * The characters of a YAML scalar written at `[start, end)` of `text`, mapped to the source: escapes in double
 * quotes, `''` in single quotes, folded line breaks, block scalar indentation and chomping. `expected` is the value
 * the YAML parser resolved; when our reading differs (an exotic form), every character spans the whole scalar, so
 * positions are coarse but never wrong. Plain scalars keep their source text (`2012-10-17` stays a string).
 */
export function yamlScalarText(text: string, start: number, end: number, style: YamlScalarStyle | undefined, expected: string): MappedText {
  let result: MappedText | undefined;
  switch (style) {
    case 'QUOTE_SINGLE':
      result = flowText(text, start + 1, end - 1, 'single');
      break;
    case 'QUOTE_DOUBLE':
      result = flowText(text, start + 1, end - 1, 'double');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      result = blockText(text, start, end, style === 'BLOCK_FOLDED', expected);
      break;
    default:
      result = flowText(text, start, end, 'plain');
  }
  if (result && result.value === expected) return result;
  return coarseText(expected, { start, end });
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

// Flow scalars fold a line break into a space, or into n-1 newlines for n breaks; white space around breaks goes.
function flowText(text: string, start: number, end: number, style: 'plain' | 'single' | 'double'): MappedText {
  const result = new MappedText({ start, end: start });
  let lineBlanks = 0; // trailing blanks of the current line already pushed, dropped when the line breaks
  for (let i = start; i < end;) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (lineBlanks > 0) dropLast(result, lineBlanks);
      lineBlanks = 0;
      const breakStart = i;
      let breaks = 0;
      while (i < end && (text[i] === '\n' || text[i] === '\r' || isBlank(text[i]))) {
        if (text[i] === '\n') breaks++;
        i++;
      }
      if (breaks <= 1) result.push(' ', breakStart, breakStart + 1);
      else for (let b = 1; b < breaks; b++) result.push('\n', breakStart, breakStart + 1);
      continue;
    }
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      result.push("'", i, i + 2);
      lineBlanks = 0;
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const next = text[i + 1];
      if (next === '\n' || next === '\r') {
        // An escaped line break joins the lines without a space.
        i += 2;
        while (i < end && (text[i] === '\n' || isBlank(text[i]))) i++;
        lineBlanks = 0;
        continue;
      }
      const width = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
      const char = next === 'x' || next === 'u' || next === 'U' ? String.fromCodePoint(parseInt(text.slice(i + 2, i + width), 16) || 0) : (yamlEscapes[next] ?? next);
      result.push(char, i, i + width);
      lineBlanks = 0;
      i += width;
      continue;
    }
    result.push(c, i, i + 1);
    lineBlanks = isBlank(c) ? lineBlanks + 1 : 0;
    i++;
  }
  return result;
}

const yamlEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

function dropLast(result: MappedText, count: number): void {
  result.value = result.value.slice(0, result.value.length - count);
  result.starts.length -= count;
  result.ends.length -= count;
}

// Block scalars: the header line (`|`, `>-`, `|2+`), then lines indented at least as much as the first one.
function blockText(text: string, start: number, end: number, folded: boolean, expected: string): MappedText | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const header = text
    .slice(start, headerEnd)
    .replace(/\s+#.*$/, '')
    .trim();
  const explicit = /[1-9]/.exec(header);
  const lines: { start: number; end: number }[] = [];
  for (let i = headerEnd + 1; i < end;) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    lines.push({ start: i, end: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd });
    i = lineEnd + 1;
  }
  let indent = -1;
  if (explicit) {
    // The indicator counts from the parent's indentation, which we read off the header's line.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let parent = 0;
    while (text[lineStart + parent] === ' ') parent++;
    indent = parent + Number(explicit[0]);
  } else {
    for (const line of lines) {
      let n = 0;
      while (text[line.start + n] === ' ') n++;
      if (line.start + n < line.end) {
        indent = n;
        break;
      }
    }
  }
  const result = new MappedText({ start, end: start });
  if (indent < 0) return expected === '' ? result : undefined;
  let previousMore = true; // folding does not join a line to a more-indented one, nor at the start
  let pendingBreak: { at: number } | undefined;
  let emptyLines: number[] = [];
  for (const line of lines) {
    const contentStart = Math.min(line.start + indent, line.end);
    const isEmpty = text.slice(line.start, line.end).trim() === '' && line.end - line.start <= indent;
    if (isEmpty) {
      emptyLines.push(line.end);
      continue;
    }
    const more = isBlank(text[contentStart]);
    if (pendingBreak) {
      if (folded && !previousMore && !more && emptyLines.length === 0) result.push(' ', pendingBreak.at, pendingBreak.at + 1);
      else {
        if (!folded || previousMore || more) result.push('\n', pendingBreak.at, pendingBreak.at + 1);
        for (const at of emptyLines) result.push('\n', at, at + 1);
      }
    } else for (const at of emptyLines) result.push('\n', at, at + 1);
    emptyLines = [];
    for (let i = contentStart; i < line.end; i++) result.push(text[i], i, i + 1);
    pendingBreak = { at: line.end };
    previousMore = more;
  }
  // Chomping decides how many final line breaks stay; the parser's value tells us, so take them from it.
  const trailing = expected.length - expected.replace(/\n+$/, '').length;
  const breaks = [...(pendingBreak ? [pendingBreak.at] : []), ...emptyLines];
  // A file that ends inside the scalar has no line break to point at: the parser's final one maps to the end.
  for (let b = 0; b < trailing && b < breaks.length; b++) result.push('\n', breaks[b], Math.min(breaks[b] + 1, text.length));
  return result;
}
