import { matchesWildcard } from '../text/wildcard';

// Patterns compiled once per policy value: `*` matches any run of characters, `?` one character. The common shapes
// (exact text, `prefix*`, `*suffix`, `*middle*`) become plain string tests; anything else goes through the linear
// `matchesWildcard`. Patterns that hold literal `*`/`?` (from `${*}`, `${?}` or substituted variables) or ARN stars
// that may not cross a colon use token arrays and a position-set walk, still O(pattern × text), never exponential.

/** A `*` that matches any run of characters. */
export const STAR = -1;
/** A `?` that matches any one character. */
export const ONE = -2;
/** A `*` that matches any run of characters except `:` (an ARN star inside a segment). */
export const SEGMENT_STAR = -3;
/** A `?` that matches any one character except `:`. */
export const SEGMENT_ONE = -4;

const ANY = 0;
const EXACT = 1;
const PREFIX = 2;
const SUFFIX = 3;
const CONTAINS = 4;
const WILDCARD = 5;
const TOKENS = 6;

export interface Glob {
  readonly kind: number;
  /** The pattern (EXACT/WILDCARD), or the literal part for PREFIX/SUFFIX/CONTAINS. */
  readonly text: string;
  /** TOKENS only: character codes, or STAR/ONE/SEGMENT_STAR/SEGMENT_ONE. */
  readonly tokens?: Int32Array;
  /** Whether the text is folded to lower case before matching (the pattern already is). */
  readonly ignoreCase: boolean;
}

const ANY_GLOB: Glob = Object.freeze({ kind: ANY, text: '*', ignoreCase: false });

/**
 * Compiles `pattern`, where every `*` and `?` is a wildcard. With `ignoreCase` the pattern is folded here and the
 * text by the caller (`matchGlob` folds it when the caller has not).
 */
export function compileGlob(pattern: string, ignoreCase = false): Glob {
  const text = ignoreCase ? pattern.toLowerCase() : pattern;
  const star = text.indexOf('*');
  const question = text.indexOf('?');
  if (question < 0) {
    if (star < 0) return { kind: EXACT, text, ignoreCase };
    if (text === '*') return ignoreCase ? { kind: ANY, text, ignoreCase } : ANY_GLOB;
    const last = text.lastIndexOf('*');
    const inner = text.slice(1, -1);
    if (star === text.length - 1) return { kind: PREFIX, text: text.slice(0, -1), ignoreCase };
    if (star === 0 && last === 0) return { kind: SUFFIX, text: text.slice(1), ignoreCase };
    if (star === 0 && last === text.length - 1 && !inner.includes('*')) return { kind: CONTAINS, text: inner, ignoreCase };
  }
  return { kind: WILDCARD, text, ignoreCase };
}

/** Compiles a token array (literal code units and STAR/ONE/SEGMENT_STAR/SEGMENT_ONE). */
export function compileTokens(tokens: Int32Array, ignoreCase = false): Glob {
  if (ignoreCase) {
    for (let i = 0; i < tokens.length; i++) if (tokens[i] >= 0) tokens[i] = foldUnit(tokens[i]);
  }
  return { kind: TOKENS, text: '', tokens, ignoreCase };
}

/** Whether `text` matches. For an ignore-case glob, pass `folded = true` when `text` is already lower case. */
export function matchGlob(glob: Glob, text: string, folded = false): boolean {
  if (glob.ignoreCase && !folded) text = text.toLowerCase();
  switch (glob.kind) {
    case ANY:
      return true;
    case EXACT:
      return text === glob.text;
    case PREFIX:
      return text.startsWith(glob.text);
    case SUFFIX:
      return text.endsWith(glob.text);
    case CONTAINS:
      return text.includes(glob.text);
    case WILDCARD:
      return matchesWildcard(glob.text, text, false);
    default:
      return matchTokens(glob.tokens!, text);
  }
}

/**
 * Matches a token pattern by walking the set of pattern positions reachable after each character of the text:
 * O(tokens × text) time, one small buffer, no backtracking.
 */
export function matchTokens(tokens: Int32Array, text: string): boolean {
  const m = tokens.length;
  let current = scratch(m + 1, 0);
  let next = scratch(m + 1, 1);
  current.fill(0, 0, m + 1);
  current[0] = 1;
  closeOverStars(tokens, current);
  for (let t = 0; t < text.length; ) {
    const code = text.charCodeAt(t);
    // A `?` stands for one character, and a surrogate pair is one character; literals compare code units.
    const low = isHighSurrogate(code) && t + 1 < text.length ? text.charCodeAt(t + 1) : -1;
    const width = low >= 0 && isLowSurrogate(low) ? 2 : 1;
    t += width;
    next.fill(0, 0, m + 1);
    let alive = false;
    for (let p = 0; p < m; p++) {
      if (current[p] === 0) continue;
      const token = tokens[p];
      if (token === STAR || (token === SEGMENT_STAR && code !== COLON)) {
        next[p] = 1;
        alive = true;
      } else if (token === ONE || (token === SEGMENT_ONE && code !== COLON)) {
        next[p + 1] = 1;
        alive = true;
      } else if (width === 1 ? token === code : token === code && p + 1 < m && tokens[p + 1] === low) {
        next[p + width] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    closeOverStars(tokens, next);
    const swap = current;
    current = next;
    next = swap;
  }
  return current[m] === 1;
}

function closeOverStars(tokens: Int32Array, positions: Uint8Array): void {
  for (let p = 0; p < tokens.length; p++) {
    if (positions[p] === 1 && (tokens[p] === STAR || tokens[p] === SEGMENT_STAR)) positions[p + 1] = 1;
  }
}

const buffers: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64)];

// Evaluation is synchronous and never re-enters the matcher, so two shared buffers serve every call.
function scratch(size: number, which: number): Uint8Array {
  if (buffers[which].length < size) buffers[which] = new Uint8Array(Math.max(size, buffers[which].length * 2));
  return buffers[which];
}

const COLON = 58;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function foldUnit(unit: number): number {
  if (unit < 128) return unit >= 65 && unit <= 90 ? unit + 32 : unit;
  return String.fromCharCode(unit).toLowerCase().charCodeAt(0);
}

/** Token codes of a literal string: every character stands for itself, `*` and `?` included. */
export function literalTokens(text: string, into: number[]): void {
  for (let i = 0; i < text.length; i++) into.push(text.charCodeAt(i));
}

/** Token codes of a pattern string: `*` and `?` are wildcards. */
export function patternTokens(text: string, into: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    into.push(code === 42 ? STAR : code === 63 ? ONE : code);
  }
}
