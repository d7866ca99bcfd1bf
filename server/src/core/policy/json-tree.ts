import type { Node as JsonNode } from 'jsonc-parser';

/**
 * jsonc-parser's `parseTree` for the common case of a document that is strict JSON, in a fraction of its time: the
 * same nodes (types, offsets, lengths, values, `colonOffset`, `parent` links, no `parent` on the root). It builds the
 * tree in one pass over the characters, without jsonc-parser's scanner, visitor callbacks and JSON-path closures.
 *
 * It gives up (returns undefined) at anything that is not strict JSON with white space of spaces, tabs and line
 * breaks: a syntax error, a comment, a trailing comma, any other white space jsonc-parser would reject, an empty
 * document, nesting deep enough to exhaust the stack. The caller then parses with `parseTree`, which reports the
 * errors and recovers as it always did, so the results for such documents do not change at all.
 */
export function parseStrictJsonTree(source: string): JsonNode | undefined {
  text = source;
  length = source.length;
  pos = 0;
  whitespace = 0;
  surrogatePairs = 0;
  keyTop = 0;
  childTop = 0;
  duplicates = [];
  try {
    if (skipWhitespace() < 0) return undefined;
    const root: Building = parseValue(undefined);
    if (skipWhitespace() >= 0) return undefined;
    // parseTree deletes the link to its artificial root. Every node has `parent` as its last property, so that
    // deleting it takes the root back to the shape before it: deleting another made the root a dictionary, slow to
    // read for every rule (2.3 ms a pass over the managed policies for the delete alone).
    delete root.parent;
    factsByRoot.set(root, { text: source, duplicateKeys: duplicates, whitespace, surrogatePairs });
    return root;
  } catch (error) {
    if (error === giveUp || error instanceof RangeError) return undefined;
    throw error;
  } finally {
    text = '';
    keyStack.length = 0;
    childStack.length = 0;
  }
}

/**
 * What the strict parse learned on its way through the text, so that rules need not walk it again: the repeated keys
 * and the counts the size quotas need.
 */
export interface StrictTreeFacts {
  /** The text parsed. */
  text: string;
  /** The key nodes of keys repeated in their object (every occurrence after the first), in document order. */
  duplicateKeys: readonly JsonNode[];
  /** White space outside strings, in UTF-16 units (it is all ASCII). */
  whitespace: number;
  /** Surrogate pairs (each one character of two UTF-16 units); strict JSON has them only inside strings. */
  surrogatePairs: number;
}

const factsByRoot = new WeakMap<JsonNode, StrictTreeFacts>();

/** The facts of a tree parseStrictJsonTree built; undefined for any other tree (parseTree's, a host reader's). */
export function strictTreeFacts(root: JsonNode | undefined): StrictTreeFacts | undefined {
  return root && factsByRoot.get(root);
}

/** A node while it is built: jsonc-parser's Node type is read-only. */
type Building = { -readonly [K in keyof JsonNode]: JsonNode[K] };

// The state of the one parse running (parsing is synchronous, and module state keeps the hot functions free of a
// closure or a parser object).
let text = '';
let length = 0;
let pos = 0;
let whitespace = 0;
let surrogatePairs = 0;
let duplicates: JsonNode[] = [];
// The keys of the objects open at `pos`, each object's from the top at its start: a key is compared with the keys
// before it in its object. An object with more keys than SMALL_OBJECT compares through a set instead.
const keyStack: string[] = [];
let keyTop = 0;
const SMALL_OBJECT = 16;
// The children of the objects and arrays open at `pos`, each one's from the top at its start, copied into an array of
// their exact number when it closes: a node's own array grown by push held 17 slots for one or two children, and the
// tree lives (and is copied by each collection) for as long as its policy is linted.
const childStack: JsonNode[] = [];
let childTop = 0;

/** Thrown where the text is not strict JSON; never escapes parseStrictJsonTree. */
const giveUp = { reason: 'not strict JSON' };

const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** Skips white space; the character code at the new position, or -1 at the end of the text. */
function skipWhitespace(): number {
  // A local cursor, stored back once: `pos` and `whitespace` are module variables, and writing them at each of the
  // indenting spaces of a pretty-printed policy was about a third of the parser's time.
  let at = pos;
  let code = -1;
  while (at < length) {
    code = text.charCodeAt(at);
    if (code !== SPACE && code !== LINE_FEED && code !== CARRIAGE_RETURN && code !== TAB) break;
    at++;
    code = -1;
  }
  whitespace += at - pos;
  pos = at;
  return code;
}

function parseValue(parent: JsonNode | undefined): JsonNode {
  const start = pos;
  const code = text.charCodeAt(pos);
  switch (code) {
    case OPEN_BRACE:
      return parseObject(parent);
    case OPEN_BRACKET:
      return parseArray(parent);
    case QUOTE: {
      const value = scanString();
      return { type: 'string', offset: start, length: pos - start, value, parent } as JsonNode;
    }
    case 116: // t
      expectWord('true');
      return { type: 'boolean', offset: start, length: 4, value: true, parent } as JsonNode;
    case 102: // f
      expectWord('false');
      return { type: 'boolean', offset: start, length: 5, value: false, parent } as JsonNode;
    case 110: // n
      expectWord('null');
      return { type: 'null', offset: start, length: 4, value: null, parent } as JsonNode;
    default:
      if (code === MINUS || (code >= ZERO && code <= NINE)) {
        scanNumber();
        return { type: 'number', offset: start, length: pos - start, value: Number(text.substring(start, pos)), parent } as JsonNode;
      }
      throw giveUp;
  }
}

function parseObject(parent: JsonNode | undefined): JsonNode {
  const node: Building = { type: 'object', offset: pos, length: -1, children: undefined, parent };
  pos++;
  const firstKey = keyTop;
  const firstChild = childTop;
  let keys: Set<string> | undefined;
  let code = skipWhitespace();
  if (code !== CLOSE_BRACE) {
    for (;;) {
      if (code !== QUOTE) throw giveUp;
      const start = pos;
      const property: Building = { type: 'property', offset: start, length: -1, colonOffset: -1, children: undefined, parent: node };
      const key = scanString();
      const keyNode = { type: 'string', offset: start, length: pos - start, value: key, parent: property } as JsonNode;
      if (keys) {
        if (keys.has(key)) duplicates.push(keyNode);
        keys.add(key);
      } else {
        for (let i = firstKey; i < keyTop; i++) {
          if (keyStack[i] === key) {
            duplicates.push(keyNode);
            break;
          }
        }
        keyStack[keyTop++] = key;
        if (keyTop - firstKey > SMALL_OBJECT) keys = new Set(keyStack.slice(firstKey, keyTop));
      }
      if (skipWhitespace() !== COLON) throw giveUp;
      property.colonOffset = pos;
      pos++;
      if (skipWhitespace() < 0) throw giveUp;
      property.children = [keyNode, parseValue(property)];
      property.length = pos - start;
      childStack[childTop++] = property;
      code = skipWhitespace();
      if (code === COMMA) {
        pos++;
        code = skipWhitespace();
        continue;
      }
      if (code === CLOSE_BRACE) break;
      throw giveUp;
    }
  }
  keyTop = firstKey;
  node.children = takeChildren(firstChild);
  pos++;
  node.length = pos - node.offset;
  return node;
}

function parseArray(parent: JsonNode | undefined): JsonNode {
  const node: Building = { type: 'array', offset: pos, length: -1, children: undefined, parent };
  pos++;
  const firstChild = childTop;
  let code = skipWhitespace();
  if (code !== CLOSE_BRACKET) {
    for (;;) {
      if (code < 0 || code === CLOSE_BRACKET) throw giveUp;
      const child = parseValue(node);
      childStack[childTop++] = child;
      code = skipWhitespace();
      if (code === COMMA) {
        pos++;
        code = skipWhitespace();
        continue;
      }
      if (code === CLOSE_BRACKET) break;
      throw giveUp;
    }
  }
  node.children = takeChildren(firstChild);
  pos++;
  node.length = pos - node.offset;
  return node;
}

/** The children stacked since `first`, in an array of their number; the stack drops back to `first`. */
function takeChildren(first: number): JsonNode[] {
  const children = childStack.slice(first, childTop);
  childTop = first;
  return children;
}

/** The word at `pos` must be `word`; what follows it is checked by the caller (a delimiter or the end). */
function expectWord(word: string): void {
  if (!text.startsWith(word, pos)) throw giveUp;
  pos += word.length;
}

/** A JSON number from `pos`, as jsonc-parser's scanner reads it when it reports no error. */
function scanNumber(): void {
  if (text.charCodeAt(pos) === MINUS) pos++;
  const first = text.charCodeAt(pos);
  if (first === ZERO) pos++;
  else if (first > ZERO && first <= NINE) skipDigits();
  else throw giveUp;
  if (text.charCodeAt(pos) === 46) {
    pos++;
    if (!isDigit(text.charCodeAt(pos))) throw giveUp;
    skipDigits();
  }
  const exponent = text.charCodeAt(pos);
  if (exponent === 101 || exponent === 69) {
    pos++;
    const sign = text.charCodeAt(pos);
    if (sign === 43 || sign === MINUS) pos++;
    if (!isDigit(text.charCodeAt(pos))) throw giveUp;
    skipDigits();
  }
}

function skipDigits(): void {
  pos++;
  while (pos < length && isDigit(text.charCodeAt(pos))) pos++;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** The unescaped value of the string token at `pos` (its opening quote); leaves `pos` after the closing quote. */
function scanString(): string {
  // A local cursor between escapes, as in skipWhitespace.
  let at = pos + 1;
  let start = at;
  let result = '';
  for (;;) {
    if (at >= length) throw giveUp;
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      pos = at + 1;
      return result + text.substring(start, at);
    }
    if (code === BACKSLASH) {
      result += text.substring(start, at);
      pos = at + 1;
      result += unescaped();
      at = start = pos;
      continue;
    }
    // jsonc-parser reports control characters in a string (a line break ends it).
    if (code <= 0x1f) throw giveUp;
    if (code >= 0xdc00 && code <= 0xdfff && isHighSurrogate(text.charCodeAt(at - 1))) surrogatePairs++;
    at++;
  }
}

/** The character an escape sequence (after its backslash) stands for; leaves `pos` after the sequence. */
function unescaped(): string {
  if (pos >= length) throw giveUp;
  const code = text.charCodeAt(pos++);
  switch (code) {
    case QUOTE:
      return '"';
    case BACKSLASH:
      return '\\';
    case 47:
      return '/';
    case 98:
      return '\b';
    case 102:
      return '\f';
    case 110:
      return '\n';
    case 114:
      return '\r';
    case 116:
      return '\t';
    case 117: {
      let unit = 0;
      for (let i = 0; i < 4; i++) {
        const digit = hexValue(text.charCodeAt(pos++));
        if (digit < 0) throw giveUp;
        unit = unit * 16 + digit;
      }
      return String.fromCharCode(unit);
    }
    default:
      throw giveUp;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function hexValue(code: number): number {
  if (code >= ZERO && code <= NINE) return code - ZERO;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}
