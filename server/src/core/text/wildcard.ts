// IAM wildcards, in one place: `*` matches any run of characters (including none), `?` exactly one character (a
// surrogate pair is one character), and every other character matches itself. IAM matches actions and condition
// key names this way case-insensitively, and ARNs and condition values case-sensitively.
// - `matchesWildcard`: one pattern against one text, for callers that match a pattern once.
// - `compileGlob` / `matchGlob`: a pattern compiled once and matched many times (the evaluator); the common shapes
//   (exact, `prefix*`, `*suffix`, `*middle*`) become plain string tests.
// - Token patterns (`compileTokens`, `matchTokens`): patterns that hold literal `*`/`?` (from `${*}`, `${?}` or
//   substituted variables) or ARN stars that may not cross a colon.
// - `patternCovers`: whether one pattern matches everything another does (redundancy rules).
// Every matcher is linear in the product of the lengths, never exponential: patterns come from the user's document
// and may be long or hostile (`*a*a*a*…b`).

/**
 * Whether `text` matches the IAM glob `pattern`: `*` matches any run of characters (including
 * none), `?` matches exactly one character, and every other character matches itself.
 * IAM matches actions and condition key names this way (case-insensitively) and ARNs
 * case-sensitively, so the caller chooses with `ignoreCase`.
 *
 * Runs in O(pattern × text) time at worst and never backtracks exponentially, because patterns
 * come from the user's document and may be long or hostile (`*a*a*a*…b`).
 */
export function matchesWildcard(pattern: string, text: string, ignoreCase: boolean): boolean {
  let p = 0;
  let t = 0;
  // Greedy two-pointer matching: when a literal fails after a `*`, it is enough to let the most
  // recent `*` swallow one more character. Earlier stars never need to change, because anything
  // they could give up, the later star can take instead.
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === STAR_CODE) {
      starP = p++;
      starT = t;
      continue;
    }
    if (pc === QUESTION_CODE) {
      p++;
      t += unitsOfCharAt(text, t);
      continue;
    }
    if (pc !== -1 && sameUnit(pc, text.charCodeAt(t), ignoreCase)) {
      p++;
      t++;
      continue;
    }
    if (starP === -1) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR_CODE) p++;
  return p === pattern.length;
}

/** Whether `text` contains a `*` or `?`, i.e. whether it needs `matchesWildcard` instead of a plain comparison. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const STAR_CODE = 42;
const QUESTION_CODE = 63;

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
    if (star === text.length - 1) return { kind: PREFIX, text: text.slice(0, -1), ignoreCase };
    if (star === 0 && last === 0) return { kind: SUFFIX, text: text.slice(1), ignoreCase };
    if (star === 0 && last === text.length - 1 && text.indexOf('*', 1) === last) return { kind: CONTAINS, text: text.slice(1, -1), ignoreCase };
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
  for (let t = 0; t < text.length;) {
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

/**
 * Whether every string the IAM glob `inner` matches is also matched by `outer` (`*` matches any run of characters,
 * `?` one character). Sound: a true answer is always right, so callers can call `inner` redundant. A `*` of
 * `inner` must meet a `*` of `outer`, and a `?` a `?` or `*`; that misses only contrived cases such as `a*`
 * covering `a?*`. Linear in the product of the lengths; patterns longer than 1,000 characters are never
 * called covered.
 */
export function patternCovers(outer: string, inner: string, ignoreCase: boolean): boolean {
  if (outer === inner) return true;
  const n = outer.length;
  const m = inner.length;
  if (n > 1000 || m > 1000) return false;
  const a = ignoreCase ? outer.toLowerCase() : outer;
  const b = ignoreCase ? inner.toLowerCase() : inner;
  // The literal text before outer's first wildcard must open inner too: this rejects most pairs at once. These
  // tests compare in place: the redundancy rules ask millions of pairs, and slicing them made much of the lint's garbage.
  const star = a.indexOf('*');
  const question = a.indexOf('?');
  const firstWildcard = star < 0 ? question : question < 0 ? star : Math.min(star, question);
  const headLength = firstWildcard < 0 ? n : firstWildcard;
  if (m < headLength || !sameRegion(a, 0, b, 0, headLength)) return false;
  // Likewise the literal text after its last wildcard must close inner (a wildcard at inner's end can match
  // anything there, which no literal covers).
  const lastWildcard = Math.max(a.lastIndexOf('*'), a.lastIndexOf('?'));
  const tailLength = n - lastWildcard - 1;
  if (lastWildcard >= 0 && (m < tailLength || !sameRegion(a, lastWildcard + 1, b, m - tailLength, tailLength))) return false;
  // And each literal run of outer must occur in inner, in order: cheap, and it settles most of the rest.
  let from = 0;
  for (let start = 0; start < n;) {
    const code = a.charCodeAt(start);
    if (code === STAR_CODE || code === QUESTION_CODE) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < n && a.charCodeAt(end) !== STAR_CODE && a.charCodeAt(end) !== QUESTION_CODE) end++;
    const at = indexOfRegion(b, a, start, end - start, from);
    if (at < 0) return false;
    from = at + end - start;
    start = end;
  }
  if (!hasWildcard(b)) return matchesWildcard(a, b, false);
  // reach[j]: whether outer[0..i) can cover inner[0..j); two rows, reused across calls.
  if (rows[0].length < m + 1) rows = [new Uint8Array(m + 1), new Uint8Array(m + 1)];
  let reach = rows[0];
  let next = rows[1];
  reach.fill(0, 0, m + 1);
  reach[0] = 1;
  for (let i = 0; i < n; i++) {
    next.fill(0, 0, m + 1);
    const p = a.charCodeAt(i);
    if (p === STAR_CODE) {
      // The star takes nothing, or every further character of inner, wildcards included.
      let open = 0;
      for (let j = 0; j <= m; j++) {
        open |= reach[j];
        next[j] = open;
      }
    } else {
      for (let j = 0; j < m; j++) {
        if (!reach[j]) continue;
        const c = b.charCodeAt(j);
        if (p === QUESTION_CODE ? c !== STAR_CODE : c === p && c !== STAR_CODE && c !== QUESTION_CODE) next[j + 1] = 1;
      }
    }
    [reach, next] = [next, reach];
  }
  return reach[m] === 1;
}

let rows = [new Uint8Array(64), new Uint8Array(64)];

/** Whether `a` from `aStart` and `b` from `bStart` hold the same `length` UTF-16 units. */
function sameRegion(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  return true;
}

/** `text.indexOf(source.slice(start, start + length), from)` without making the slice. */
function indexOfRegion(text: string, source: string, start: number, length: number, from: number): number {
  const last = text.length - length;
  const first = source.charCodeAt(start);
  for (let at = from; at <= last; at++) {
    if (text.charCodeAt(at) === first && sameRegion(source, start + 1, text, at + 1, length - 1)) return at;
  }
  return -1;
}

// `?` is one character to the user, and a character outside the Basic Multilingual Plane takes two
// UTF-16 units. Literals need no such care: a surrogate only ever equals a surrogate.
function unitsOfCharAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}

function sameUnit(a: number, b: number, ignoreCase: boolean): boolean {
  if (a === b) return true;
  if (!ignoreCase) return false;
  return foldUnit(a) === foldUnit(b);
}

// IAM names are ASCII, so that path is cheap; other letters fold one UTF-16 unit at a time,
// which covers the BMP and is what a per-character comparison can offer.
function foldUnit(unit: number): number {
  if (unit < 128) return unit >= 65 && unit <= 90 ? unit + 32 : unit;
  return String.fromCharCode(unit).toLowerCase().charCodeAt(0);
}
