import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { embeddedJsonMessage, firstErrorAtEachOffset, missingCloserMessage, trailingCommaMessage } from '../../text/json-errors';
import type { Document, Node as YamlNode } from 'yaml';
import type { Span } from '../../text/span';
import { jsonStringText, MappedText, verbatimText, yamlScalarText, type YamlScalarStyle } from './text-map';

/**
 * A template value, whichever syntax it was written in: YAML (block or flow, tags, anchors) and JSON templates both
 * become these nodes, so the rest of the reader knows one shape. Intrinsic functions are their own node, whether
 * written `!Sub x` or `{"Fn::Sub": "x"}`.
 */
export type CfnNode = CfnMap | CfnSeq | CfnScalar | CfnFn;

export interface CfnMap {
  kind: 'map';
  span: Span;
  /** A YAML flow mapping `{…}` (JSON is valid inside one). */
  flow?: boolean;
  entries: CfnEntry[];
}

export interface CfnEntry {
  key: string;
  keySpan: Span;
  value: CfnNode | undefined;
  span: Span;
}

export interface CfnSeq {
  kind: 'seq';
  span: Span;
  flow?: boolean;
  items: CfnNode[];
}

export interface CfnScalar {
  kind: 'scalar';
  span: Span;
  /** The value: the source text of a plain YAML scalar (`2012-10-17`, `012345678901`), the unescaped text otherwise. */
  value: string;
  /** JSON templates keep their value types; YAML plain scalars are strings except `null`/`~`/empty. */
  jsonType: 'string' | 'number' | 'boolean' | 'null';
  /** YAML: what a YAML 1.2 parser makes of a plain scalar, which CloudFormation sends on (a number loses leading zeros). */
  resolved?: unknown;
  style?: YamlScalarStyle | 'JSON';
  /** The characters of `value` mapped to the host text; computed on first use. */
  text(): MappedText;
}

export interface CfnFn {
  kind: 'fn';
  /** `Ref`, `Condition` or `Fn::Sub`, `Fn::GetAtt` …, whichever form was written. */
  name: string;
  arg: CfnNode | undefined;
  span: Span;
}

export interface ParsedTemplate {
  root: CfnNode | undefined;
  /** Parser errors and warnings worth showing, with host spans. */
  /** `separator`: a JSON comma too many or missing, which a template's tags may put right once it is rendered. */
  errors: { message: string; span: Span; code: string; separator?: true }[];
  /** YAML: the document has anchors or aliases, so one node may be written in one place and used in another. */
  anchors?: boolean;
}

/** Whether a map key names an intrinsic function in its long form. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

let yaml: typeof import('yaml') | undefined;

/** The YAML library, required on first use rather than imported: a process that meets no YAML file never loads it. */
function yamlParser(): typeof import('yaml') {
  return (yaml ??= require('yaml') as typeof import('yaml'));
}

const UNDER_INDENTED_LINE = {
  collection:
    'This line of a {…} or […] collection is indented no deeper than the line that opens the collection. CloudFormation reads it, but YAML 1.2 requires more, and strict YAML parsers (the YAML extension among them) reject the template: indent it further.',
  quoted:
    'This line of a quoted string is indented no deeper than the line that opens the string. CloudFormation reads it, but YAML 1.2 requires more, and strict YAML parsers (the YAML extension among them) reject the template: indent it further.',
};

/** A line break joined to read the line after it, and what that line continues. */
interface JoinedLine {
  lineBreak: number;
  inside: keyof typeof UNDER_INDENTED_LINE;
}

/**
 * Parses YAML as CloudFormation does where the two differ: a line inside a flow collection (`{…}`, `[…]`) indented no
 * deeper than the line that opened it, such as the closing `}, !Ref AWS::NoValue]` of an `!If` written over several
 * lines, is read by CloudFormation and PyYAML, while the YAML library stops understanding the rest of the document
 * (aws-lambda-power-tuning's template drew 572 errors). So is a quoted string that runs on over lines indented no
 * deeper than its key (New Relic's integration role template writes a parameter's Description so). When the library
 * reports either, every such line is joined to the one before it (its line break read as a space, which a flow
 * collection takes as the same and a quoted string folds to anyway; offsets do not move) and the text is parsed once
 * more. The places joined are returned, for a note.
 */
function parseLeniently(source: string, parse: (input: string) => Document.Parsed): { doc: Document.Parsed; joined: JoinedLine[]; dashes: ReadonlySet<number> } {
  const doc = parse(source);
  const lenient = doc.errors.some(
    (error) =>
      (error.code === 'BAD_INDENT' && /^Flow (map|sequence) in block collection/.test(error.message)) ||
      (error.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(error.message)) ||
      /^Block collections are not allowed within flow collections/.test(error.message),
  );
  const none = { doc, joined: [], dashes: new Set<number>() };
  if (!lenient) return none;
  const { joined, dashes } = lenientPlaces(source);
  if (joined.length === 0 && dashes.size === 0) return none;
  const chars = source.split('');
  for (const { lineBreak } of joined) {
    chars[lineBreak] = ' ';
    if (chars[lineBreak - 1] === '\r') chars[lineBreak - 1] = ' ';
  }
  // A lone `-` in a flow collection (`!Split [-, !Ref Name]`): a scalar to CloudFormation and PyYAML, the start of a
  // block sequence to the library. It is parsed as a character the library reads as a plain scalar, and read back as `-`.
  for (const at of dashes) chars[at] = LONE_DASH_STAND_IN;
  const repaired = parse(chars.join(''));
  return repaired.errors.length < doc.errors.length ? { doc: repaired, joined, dashes } : none;
}

const LONE_DASH_STAND_IN = '_';

/**
 * The line breaks before lines that continue a flow collection or a quoted string at an indentation no deeper than
 * the line that opened it, and the lone `-` entries of flow collections, found in one pass: quoted scalars, comments
 * and block scalars (`|`, `>`) are skipped, so brackets in them do not count. A line break after a comment is not
 * listed: the comment would swallow the joined line.
 */
function lenientPlaces(text: string): { joined: JoinedLine[]; dashes: Set<number> } {
  const result: JoinedLine[] = [];
  const dashes = new Set<number>();
  let depth = 0;
  let ownerIndent = 0;
  // A quoted string left open at a line's end runs on (a flow scalar may span lines), with the indentation of its line.
  let quote: string | undefined;
  let quoteIndent = 0;
  let blockScalarIndent = -1;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
    const blank = lineStart + indent >= lineEnd || text[lineStart + indent] === '\r';
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (quote) {
      if (!blank && indent <= quoteIndent) result.push({ lineBreak: lineStart - 1, inside: 'quoted' });
    } else if (depth > 0 && !blank && indent <= ownerIndent && !commentEnds(text, lineStart - 1)) result.push({ lineBreak: lineStart - 1, inside: 'collection' });
    const opened = quote === undefined;
    for (let at = lineStart + indent; at < lineEnd; at++) {
      const char = text[at];
      if (quote) {
        if (char === '\\' && quote === '"') at++;
        else if (char === quote) quote = text[at + 1] === "'" && quote === "'" ? (at++, quote) : undefined;
        continue;
      }
      if (char === '#' && (at === lineStart + indent || /\s/.test(text[at - 1]))) break;
      if ((char === '"' || char === "'") && startsValue(text, lineStart + indent, at)) {
        quote = char;
        if (opened) quoteIndent = indent;
      } else if (char === '{' || char === '[') {
        if (depth++ === 0) ownerIndent = indent;
      } else if ((char === '}' || char === ']') && depth > 0) depth--;
      else if (char === '-' && depth > 0 && isLoneDash(text, lineStart + indent, at, lineEnd)) dashes.add(at);
    }
    // A block scalar's lines (an inline function's code, a policy written as JSON text) hold no flow collection.
    if (depth === 0 && opensBlockScalar(text.slice(lineStart, lineEnd))) blockScalarIndent = indent;
    lineStart = lineEnd + 1;
  }
  return { joined: result, dashes };
}

/** A `-` that is a whole entry of a flow collection: after `[`, `,` or the line's start, before `,`, `]` or `}`. */
function isLoneDash(text: string, contentStart: number, at: number, lineEnd: number): boolean {
  let before = at - 1;
  while (before >= contentStart && (text[before] === ' ' || text[before] === '\t')) before--;
  if (before >= contentStart && text[before] !== '[' && text[before] !== ',') return false;
  let after = at + 1;
  while (after < lineEnd && (text[after] === ' ' || text[after] === '\t')) after++;
  return after < lineEnd && /[,\]}]/.test(text[after]);
}

/**
 * Whether a quote at `at` starts a quoted scalar: at the start of a value (after `key: `, `- `, `[`, `{`, `,` or a
 * tag such as `!Sub `), not inside a plain one (`Description: Bob 's notes`), where it is a character like any other.
 */
function startsValue(text: string, contentStart: number, at: number): boolean {
  let before = at - 1;
  while (before >= contentStart && (text[before] === ' ' || text[before] === '\t')) before--;
  if (before < contentStart) return true;
  if (/[:\-[{,]/.test(text[before])) return before === at - 1 ? /[[{,]/.test(text[before]) : true;
  // A tag: `!Sub '…'`, `!!str "…"`.
  return /(?:^|[\s:[{,-])!!?[\w:-]*$/.test(text.slice(contentStart, before + 1)) && before < at - 1;
}

/** Whether a line ends with a block scalar indicator (`ZipFile: |`, `Description: >-`), a comment aside. */
function opensBlockScalar(line: string): boolean {
  return /[|>][-+0-9]*$/.test(line.replace(/\s+#.*$/, '').trimEnd());
}

/** Whether the line that ends at `lineBreak` ends in a comment. */
function commentEnds(text: string, lineBreak: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', lineBreak - 1) + 1, lineBreak);
  return /(^|\s)#/.test(line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""'));
}

/**
 * Parses a YAML template into template nodes. Unknown tags (`!Sub`, `!GetAtt`) are read from the node, never resolved.
 * With `range`, only that part of the text is parsed, as a document of its own (one resource of an edited template),
 * and every span is still an offset into the whole text.
 */
export function parseYamlTemplate(text: string, range?: Span): ParsedTemplate {
  const { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = yamlParser();
  const base = range?.start ?? 0;
  let doc: Document.Parsed;
  let joined: JoinedLine[];
  let dashes: ReadonlySet<number>;
  try {
    ({ doc, joined, dashes } = parseLeniently(range ? text.slice(range.start, range.end) : text, (input) =>
      parseDocument(input, { keepSourceTokens: false, lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false, strict: false }),
    ));
  } catch (error) {
    return { root: undefined, errors: [{ message: `YAML could not be read: ${(error as Error).message}`, span: { start: 0, end: Math.min(1, text.length) }, code: 'YAML' }] };
  }
  // A scalar's characters are mapped on the text as parsed: a quoted string's joined line break is a space there, and
  // the indentation after it is the string's, as the parser read it (the offsets are the same).
  let parsedText = text;
  if (joined.length > 0) {
    const chars = text.split('');
    for (const { lineBreak } of joined) {
      chars[lineBreak + base] = ' ';
      if (chars[lineBreak + base - 1] === '\r') chars[lineBreak + base - 1] = ' ';
    }
    parsedText = chars.join('');
  }
  const errors: ParsedTemplate['errors'] = [];
  for (const { lineBreak: at, inside } of joined) {
    const start = at + base;
    const lineEnd = text.indexOf('\n', start + 1);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const first = start + 1 + /^[ \t]*/.exec(text.slice(start + 1, end))![0].length;
    errors.push({ message: UNDER_INDENTED_LINE[inside], span: { start: first, end: Math.max(first + 1, trimEnd(text, first, end)) }, code: 'FLOW_INDENT' });
  }
  // The parser places an error at the end of the input one character past it (an unclosed flow map in a truncated file).
  const limit = range ? range.end : text.length;
  for (const error of doc.errors) {
    let start = Math.min(error.pos[0] + base, limit);
    const end = Math.min(error.pos[1] + base, limit);
    // The parser marks the first character of a duplicate key, or, after a key with no value (`Description:` alone on
    // its line), the end of that line: underline the key.
    // A key indented unlike its siblings (BAD_INDENT) is marked at the end of the item before it, often blank lines
    // above: underline the key too.
    const onKey = error.code === 'DUPLICATE_KEY' || error.code === 'BAD_INDENT';
    if (onKey) while (start < limit && /\s/.test(text[start])) start++;
    let last = Math.max(end, start + (start < limit ? 1 : 0));
    if (onKey) while (last < limit && !/[:\s]/.test(text[last])) last++;
    errors.push({ message: error.message.split('\n')[0], span: { start, end: last }, code: error.code });
  }
  const seen = new Map<YamlNode, CfnNode | undefined>();
  let anchors = false;
  const convert = (node: unknown, depth: number): CfnNode | undefined => {
    if (!node || depth > 200) return undefined;
    if (isAlias(node)) {
      anchors = true;
      const target = node.resolve(doc);
      if (!target || seen.has(target)) return seen.get(target!);
      return convert(target, depth + 1);
    }
    const yamlNode = node as YamlNode;
    if (seen.has(yamlNode)) return seen.get(yamlNode);
    if ((yamlNode as { anchor?: string }).anchor) anchors = true;
    const nodeRange = yamlNode.range;
    if (!nodeRange) return undefined;
    const span = { start: nodeRange[0] + base, end: trimEnd(text, nodeRange[0] + base, nodeRange[1] + base) };
    let result: CfnNode | undefined;
    if (isScalar(node)) {
      const style = node.type as YamlScalarStyle | undefined;
      const resolved = node.value;
      if (style === 'PLAIN' || style === undefined) {
        const loneDash = dashes.has(span.start - base);
        const source = loneDash ? '-' : typeof node.source === 'string' ? node.source : text.slice(span.start, span.end);
        const isNull = resolved === null;
        result = scalar(
          span,
          isNull ? '' : source,
          isNull ? 'null' : 'string',
          () => (isNull ? new MappedText(span) : yamlScalarText(parsedText, span.start, span.end, 'PLAIN', source)),
          loneDash ? '-' : resolved,
          'PLAIN',
        );
      } else {
        const value = typeof resolved === 'string' ? resolved : String(resolved);
        result = scalar(span, value, 'string', () => yamlScalarText(parsedText, span.start, span.end, style, value), resolved, style);
      }
    } else if (isMap(node)) {
      const map: CfnMap = { kind: 'map', span, entries: [], ...(node.flow ? { flow: true } : {}) };
      result = map;
      seen.set(yamlNode, result);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (!keyNode?.range) continue;
        const keyStart = keyNode.range[0] + base;
        const keyEnd = keyNode.range[1] + base;
        const key = isScalar(keyNode) ? (typeof keyNode.source === 'string' && keyNode.type === 'PLAIN' ? keyNode.source : String(keyNode.value)) : text.slice(keyStart, keyEnd);
        const keySpan = { start: keyStart, end: trimEnd(text, keyStart, keyEnd) };
        const value = convert(pair.value, depth + 1);
        const valueEnd = (pair.value as YamlNode | null)?.range ? trimEnd(text, keySpan.start, (pair.value as YamlNode).range![1] + base) : keySpan.end;
        map.entries.push({ key, keySpan, value, span: { start: keySpan.start, end: Math.max(keySpan.end, valueEnd) } });
      }
    } else if (isSeq(node)) {
      const seq: CfnSeq = { kind: 'seq', span, items: [], ...(node.flow ? { flow: true } : {}) };
      result = seq;
      seen.set(yamlNode, result);
      for (const item of node.items) {
        const converted = convert(item, depth + 1);
        if (converted) seq.items.push(converted);
      }
    }
    const tag = (yamlNode as { tag?: string }).tag;
    if (result && tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      const name = tag.slice(1);
      const tagStart = text.lastIndexOf(tag, span.start);
      const fn: CfnFn = { kind: 'fn', name: name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, arg: result, span: { start: tagStart >= 0 ? tagStart : span.start, end: span.end } };
      result = fn;
    } else if (result?.kind === 'map' && result.entries.length === 1 && isIntrinsicKey(result.entries[0].key)) {
      result = { kind: 'fn', name: result.entries[0].key, arg: result.entries[0].value, span: result.span };
    }
    seen.set(yamlNode, result);
    return result;
  };
  const contents = doc.contents;
  const root = contents ? convert(contents, 0) : undefined;
  return { root, errors, ...(anchors ? { anchors } : {}) };
}

function scalar(span: Span, value: string, jsonType: CfnScalar['jsonType'], make: () => MappedText, resolved: unknown, style: CfnScalar['style']): CfnScalar {
  let text: MappedText | undefined;
  return { kind: 'scalar', span, value, jsonType, resolved, style, text: () => (text ??= make()) };
}

/** Parses a JSON template into template nodes; `{"Ref": …}` and `{"Fn::…": …}` become intrinsic nodes. */
export function parseJsonTemplate(text: string, range?: Span): ParsedTemplate {
  const parseErrors: ParseError[] = [];
  const base = range?.start ?? 0;
  let root: JsonNode | undefined;
  try {
    root = parseTree(range ? text.slice(range.start, range.end) : text, parseErrors, { allowTrailingComma: false, disallowComments: true });
    if (root && base) moveJsonTree(root, base);
  } catch {
    return { root: undefined, errors: [{ message: 'The template is nested too deeply to read.', span: { start: base, end: Math.min(base + 1, text.length) }, code: 'JSON' }] };
  }
  const errors = firstErrorAtEachOffset(parseErrors, range ? text.slice(range.start, range.end) : text).map((error) => ({
    message: error.trailingComma
      ? trailingCommaMessage(error.trailingComma).replace(', and IAM rejects the policy', ', and CloudFormation rejects the template')
      : error.missingCloser
        ? missingCloserMessage(error.missingCloser, 'the template')
        : embeddedJsonMessage(printParseErrorCode(error.error), 'template'),
    span: { start: error.offset + base, end: error.offset + base + Math.max(1, error.length) },
    code: 'JSON',
    ...(error.trailingComma || (printParseErrorCode(error.error) === 'CommaExpected' && !error.missingCloser) ? { separator: true as const } : {}),
  }));
  return { root: root ? fromJson(text, root, 0) : undefined, errors };
}

// A tree parsed from a slice of the text: its offsets into the whole text.
function moveJsonTree(node: JsonNode, delta: number): void {
  const moved = node as { offset: number; colonOffset?: number };
  moved.offset += delta;
  if (moved.colonOffset !== undefined) moved.colonOffset += delta;
  for (const child of node.children ?? []) moveJsonTree(child, delta);
}

/** Template nodes from a jsonc-parser tree, e.g. of a JSON template or of a JSON string whose offsets map elsewhere. */
export function fromJson(text: string, node: JsonNode, depth: number): CfnNode | undefined {
  if (depth > 200) return undefined;
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const map: CfnMap = { kind: 'map', span, entries: [] };
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        map.entries.push({
          key: String(keyNode.value),
          keySpan: { start: keyNode.offset, end: keyNode.offset + keyNode.length },
          value: valueNode ? fromJson(text, valueNode, depth + 1) : undefined,
          span: { start: property.offset, end: property.offset + property.length },
        });
      }
      if (map.entries.length === 1 && isIntrinsicKey(map.entries[0].key)) return { kind: 'fn', name: map.entries[0].key, arg: map.entries[0].value, span };
      return map;
    }
    case 'array': {
      const items: CfnNode[] = [];
      for (const child of node.children ?? []) {
        const item = fromJson(text, child, depth + 1);
        if (item) items.push(item);
      }
      return { kind: 'seq', span, items };
    }
    case 'string':
      return scalar(span, String(node.value), 'string', () => jsonStringText(text, span.start, span.end), node.value, 'JSON');
    case 'number':
    case 'boolean':
    case 'null':
      return scalar(span, text.slice(span.start, span.end), node.type, () => verbatimText(text, span.start, span.end), node.value, 'JSON');
    default:
      return undefined;
  }
}

/** The entry of a map by key (the first one), or undefined. */
export function entryOf(node: CfnNode | undefined, key: string): CfnEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((entry) => entry.key === key);
}

export function valueOf(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return entryOf(node, key)?.value;
}

/** The logical id a `Ref` or `Fn::GetAtt` names (`Role` of `!GetAtt Role.Arn`), or undefined for anything else. */
export function referencedLogicalId(node: CfnNode): string | undefined {
  if (node.kind !== 'fn') return undefined;
  if (node.name === 'Ref' && node.arg?.kind === 'scalar') return node.arg.value;
  if (node.name === 'Fn::GetAtt') {
    if (node.arg?.kind === 'scalar') return node.arg.value.split('.')[0];
    if (node.arg?.kind === 'seq' && node.arg.items[0]?.kind === 'scalar') return node.arg.items[0].value;
  }
  return undefined;
}

/** A scalar's text, or undefined for anything else. */
export function scalarValue(node: CfnNode | undefined): string | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}
