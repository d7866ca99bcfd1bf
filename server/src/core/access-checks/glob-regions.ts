import { ONE, SEGMENT_ONE, SEGMENT_STAR, STAR } from '../text/wildcard';

// Regions of the string space cut out by a set of IAM wildcard patterns, found exactly. Every pattern is a small
// automaton over token positions (the tokens of core/text/wildcard.ts: literal code units, `*`, `?`, and the ARN
// stars that may not cross a colon). A breadth-first walk over the product of their position sets finds, for every
// combination of patterns that some string matches (and the others do not), the shortest such string. Characters
// that appear in no pattern all behave alike, so the walk needs only the patterns' own characters, the colon, and
// one fresh character: that makes it exact, not a sample. This is language inclusion and intersection for globs,
// the way Zelkova uses regular-expression membership, without a solver.

/** A compiled wildcard pattern: token codes (code units, or STAR/ONE/SEGMENT_STAR/SEGMENT_ONE). */
export interface TokenPattern {
  readonly tokens: readonly number[];
  /** Whether literals compare ignoring case (actions, condition keys with …IgnoreCase). Tokens are then lower case. */
  readonly ignoreCase: boolean;
}

/** The walk went past its state budget: the caller answers UNKNOWN. */
export class RegionLimitError extends Error {}

export interface RegionOptions {
  /** Groups every representative must match. */
  readonly require?: readonly number[];
  /** Groups no representative may match. */
  readonly forbid?: readonly number[];
  /** Only strings that contain a character used by no pattern (so they are not any listed name). */
  readonly needFresh?: boolean;
  /**
   * Group of each pattern (default: one group per pattern). A group matches when any of its patterns does, and
   * regions are told apart by groups only: a statement's Resource values, or a condition's values, are one group.
   */
  readonly groups?: readonly number[];
  /** Budget of product states (default 20,000). */
  readonly maxStates?: number;
  /** Called with the work of each state the walk expands (patterns × characters): the caller's budget may throw. */
  readonly onWork?: (units: number) => void;
}

/** The shortest non-empty string of each region: one per distinct set of matching patterns. */
export interface Region {
  /** For each group (each pattern, without groups), whether the representative matches it. */
  readonly matches: readonly boolean[];
  readonly text: string;
}

const COLON = 58;

/** The fresh character: one no pattern names, preferring readable ones. */
export function freshCharacter(patterns: readonly TokenPattern[]): string {
  const used = new Set<number>();
  for (const { tokens, ignoreCase } of patterns) {
    for (const token of tokens) {
      if (token < 0) continue;
      used.add(token);
      if (ignoreCase) {
        used.add(String.fromCharCode(token).toUpperCase().charCodeAt(0));
        used.add(String.fromCharCode(token).toLowerCase().charCodeAt(0));
      }
    }
  }
  for (const candidate of 'xzqjkvwy0123456789XZQJKVWY_-') if (!used.has(candidate.charCodeAt(0))) return candidate;
  for (let code = 0x100; ; code++) if (!used.has(code)) return String.fromCharCode(code);
}

/**
 * Every region the patterns cut out, each with its shortest non-empty representative (the empty string is no
 * action, ARN or condition value a request carries). Throws RegionLimitError past the state budget.
 */
export function findRegions(patterns: readonly TokenPattern[], options: RegionOptions = {}): Region[] {
  const fresh = freshCharacter(patterns);
  const freshCode = fresh.charCodeAt(0);
  const alphabet = alphabetOf(patterns, freshCode);
  const maxStates = options.maxStates ?? 20_000;
  // Patterns of one group form one union automaton: its state is the set of (pattern, position) pairs, encoded.
  const groupOf = options.groups ?? patterns.map((_, i) => i);
  const groupCount = groupOf.length === 0 ? 0 : Math.max(...groupOf) + 1;
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  groupOf.forEach((group, i) => members[group].push(i));
  const start = members.map((list) =>
    absorb(
      patterns,
      list.flatMap((i) => startPositions(patterns[i].tokens).map((p) => i * STRIDE + p)),
    ),
  );
  const seen = new Map<string, true>();
  const found = new Map<string, Region>();
  interface Item {
    state: number[][];
    text: string;
    fresh: boolean;
  }
  let queue: Item[] = [{ state: start, text: '', fresh: false }];
  seen.set('e' + keyOf(start, false), true);
  while (queue.length > 0) {
    const next: Item[] = [];
    for (const item of queue) {
      const codes = options.needFresh ? alphabet : codesFrom(item.state);
      options.onWork?.(patterns.length * codes.length);
      if (item.text.length > 0 && (!options.needFresh || item.fresh)) record(item);
      for (const code of codes) {
        const state = item.state.map((positions) => stepUnion(patterns, positions, code));
        if (!alive(state, options)) continue;
        const isFresh = item.fresh || code === freshCode;
        // The empty string is never recorded, so the start state is seen again once something has been read.
        const key = keyOf(state, isFresh && options.needFresh === true);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) throw new RegionLimitError(`more than ${maxStates} automaton states`);
        seen.set(key, true);
        next.push({ state, text: item.text + String.fromCharCode(code), fresh: isFresh });
      }
    }
    queue = next;
  }
  return [...found.values()];

  /**
   * The characters worth reading from a state: the fresh one, the colon, and each literal some active position
   * expects next (with its other case where that counts). Any other character moves every pattern exactly as the
   * fresh one does, so it reaches the state the fresh one reaches, which the walk has then already seen: skipping it
   * changes neither the regions nor their representatives, and a state costs its few literals, not the alphabet.
   */
  function codesFrom(state: number[][]): number[] {
    const wanted = new Set<number>();
    for (const positions of state) {
      if (positions[0] === ALL) continue;
      for (const encoded of positions) {
        const pattern = patterns[Math.floor(encoded / STRIDE)];
        const token = pattern.tokens[encoded % STRIDE];
        if (token === undefined || token < 0) continue;
        wanted.add(token);
        if (pattern.ignoreCase) wanted.add(String.fromCharCode(token).toUpperCase().charCodeAt(0));
      }
    }
    return alphabet.filter((code) => code === freshCode || code === COLON || wanted.has(code));
  }

  function record(item: Item): void {
    const matches = item.state.map((positions) => positions[0] === ALL || positions.some((encoded) => encoded % STRIDE === patterns[Math.floor(encoded / STRIDE)].tokens.length));
    if (options.require?.some((i) => !matches[i])) return;
    if (options.forbid?.some((i) => matches[i])) return;
    const key = matches.map((m) => (m ? '1' : '0')).join('');
    if (!found.has(key)) found.set(key, { matches, text: item.text });
  }
}

// Positions are encoded as pattern index × STRIDE + position; patterns are far shorter than this.
const STRIDE = 1 << 20;

/**
 * A group that has reached a trailing run of `*` matches every continuation: its other positions no longer matter,
 * and keeping them would multiply the states (a bucket's nine `…:s3/*`-style values, each remembered once reached).
 */
const ALL = -1;
const ALL_STATE = [ALL];

function absorb(patterns: readonly TokenPattern[], positions: number[]): number[] {
  for (const encoded of positions) {
    const { tokens } = patterns[Math.floor(encoded / STRIDE)];
    const position = encoded % STRIDE;
    let p = position;
    while (p < tokens.length && tokens[p] === STAR) p++;
    if (p === tokens.length && position < tokens.length) return ALL_STATE;
  }
  return positions;
}

/**
 * The positions of a group's patterns after reading `code`, in the encoding and order of `positions` (by pattern, then
 * position), closed over stars. Each pattern's positions only move forward (a star keeps its place, anything else
 * moves one on), so the positions come out in order and a run of stars is followed once, from the first position
 * that enters it: the walk's hottest loop makes no array per pattern, no set and no sort.
 */
function stepUnion(patterns: readonly TokenPattern[], positions: readonly number[], code: number): number[] {
  if (positions.length === 0 || positions[0] === ALL) return positions as number[];
  const next: number[] = [];
  let from = 0;
  while (from < positions.length) {
    const base = Math.floor(positions[from] / STRIDE) * STRIDE;
    const { tokens, ignoreCase } = patterns[base / STRIDE];
    const folded = ignoreCase ? lowerCaseCode(code) : code;
    let last = -1;
    for (; from < positions.length && positions[from] < base + STRIDE; from++) {
      const p = positions[from] - base;
      if (p >= tokens.length) continue;
      const token = tokens[p];
      let q: number;
      if (token === STAR || (token === SEGMENT_STAR && code !== COLON)) q = p;
      else if (token === ONE || (token === SEGMENT_ONE && code !== COLON) || (token >= 0 && token === folded)) q = p + 1;
      else continue;
      if (q <= last) continue;
      next.push(base + q);
      while (q < tokens.length && (tokens[q] === STAR || tokens[q] === SEGMENT_STAR)) next.push(base + ++q);
      last = q;
    }
  }
  return absorb(patterns, next);
}

/** The code unit an ignore-case pattern compares `code` as: the first of its lower case. */
function lowerCaseCode(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  return code < 128 ? code : String.fromCharCode(code).toLowerCase().charCodeAt(0);
}

/** A state is worth extending unless a required pattern can no longer match. */
function alive(state: number[][], options: RegionOptions): boolean {
  if (options.require) for (const i of options.require) if (state[i].length === 0) return false;
  return true;
}

function keyOf(state: number[][], fresh: boolean): string {
  let key = fresh ? 'f' : 'n';
  for (const positions of state) key += '|' + positions.join(',');
  return key;
}

function alphabetOf(patterns: readonly TokenPattern[], freshCode: number): number[] {
  const codes = new Set<number>([COLON, freshCode]);
  // Other casings of an ignore-case literal only make a difference to a pattern that compares case.
  const caseMatters = patterns.some((pattern) => !pattern.ignoreCase);
  for (const { tokens, ignoreCase } of patterns) {
    for (const token of tokens) {
      if (token < 0) continue;
      codes.add(token);
      if (ignoreCase && caseMatters) codes.add(String.fromCharCode(token).toUpperCase().charCodeAt(0));
    }
  }
  // The fresh character first: the shortest representative of `*` reads as a plain value, not a colon.
  return [freshCode, ...[...codes].filter((code) => code !== freshCode).sort((a, b) => a - b)];
}

/**
 * A pattern's positions before it reads anything: the first, and each one a run of leading stars reaches (a star may
 * match nothing).
 */
function startPositions(tokens: readonly number[]): number[] {
  const positions = [0];
  for (let p = 0; p < tokens.length && (tokens[p] === STAR || tokens[p] === SEGMENT_STAR);) positions.push(++p);
  return positions;
}

/** Tokens of a literal string (no wildcard): each code unit stands for itself, folded with `ignoreCase`. */
export function literalPattern(text: string, ignoreCase: boolean): TokenPattern {
  const value = ignoreCase ? text.toLowerCase() : text;
  const tokens: number[] = [];
  for (let i = 0; i < value.length; i++) tokens.push(value.charCodeAt(i));
  return { tokens, ignoreCase };
}

/** Tokens of a wildcard pattern string where every `*` and `?` is a wildcard. */
export function wildcardPattern(text: string, ignoreCase: boolean): TokenPattern {
  const value = ignoreCase ? text.toLowerCase() : text;
  const tokens: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    tokens.push(code === 42 ? STAR : code === 63 ? ONE : code);
  }
  return { tokens, ignoreCase };
}

/**
 * Whether some string matches both patterns (the product walk of the two alone). Throws RegionLimitError past
 * `maxStates`. Used to leave out of a walk the patterns that cannot match inside a region it is asked to stay in.
 */
export function patternsIntersect(a: TokenPattern, b: TokenPattern, options: Pick<RegionOptions, 'maxStates' | 'onWork'> = {}): boolean {
  return findRegions([a, b], { require: [0, 1], ...options }).length > 0;
}
