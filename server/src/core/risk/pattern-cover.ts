import { matchesWildcard } from '../text/wildcard';

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
  // The literal text before outer's first wildcard must open inner too: this rejects most pairs at once.
  const firstWildcard = a.search(/[*?]/);
  const head = firstWildcard < 0 ? a : a.slice(0, firstWildcard);
  if (!b.startsWith(head)) return false;
  // Likewise the literal text after its last wildcard must close inner (a wildcard at inner's end can match
  // anything there, which no literal covers).
  const lastWildcard = Math.max(a.lastIndexOf('*'), a.lastIndexOf('?'));
  if (lastWildcard >= 0 && !b.endsWith(a.slice(lastWildcard + 1))) return false;
  // And each literal run of outer must occur in inner, in order: cheap, and it settles most of the rest.
  let from = 0;
  for (const run of a.split(/[*?]+/)) {
    if (run === '') continue;
    const at = b.indexOf(run, from);
    if (at < 0) return false;
    from = at + run.length;
  }
  if (!/[*?]/.test(b)) return matchesWildcard(a, b, false);
  // reach[j]: whether outer[0..i) can cover inner[0..j); two rows, reused across calls.
  if (rows[0].length < m + 1) rows = [new Uint8Array(m + 1), new Uint8Array(m + 1)];
  let reach = rows[0];
  let next = rows[1];
  reach.fill(0, 0, m + 1);
  reach[0] = 1;
  for (let i = 0; i < n; i++) {
    next.fill(0, 0, m + 1);
    const p = a.charCodeAt(i);
    if (p === STAR) {
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
        if (p === QUESTION ? c !== STAR : c === p && c !== STAR && c !== QUESTION) next[j + 1] = 1;
      }
    }
    [reach, next] = [next, reach];
  }
  return reach[m] === 1;
}

let rows = [new Uint8Array(64), new Uint8Array(64)];

const STAR = 42;
const QUESTION = 63;

interface PatternEntry {
  pattern: string;
  /** The text before the first wildcard, which every string the pattern matches starts with. */
  literalHead: string;
  index: number;
}

/**
 * A set of IAM globs indexed by the literal text before `separator` (the service prefix of an action, the part
 * of an ARN up to its service), so that `covers` scans only the patterns that can match, not the whole list.
 */
export class PatternSet {
  private readonly exact = new Map<string, number>();
  private readonly byHead = new Map<string, PatternEntry[]>();
  private readonly anyHead: PatternEntry[] = [];

  constructor(
    private readonly headOf: (value: string) => string | undefined,
    private readonly ignoreCase: boolean,
  ) {}

  add(value: string, index: number): void {
    const key = this.ignoreCase ? value.toLowerCase() : value;
    if (!/[*?]/.test(key)) {
      if (!this.exact.has(key)) this.exact.set(key, index);
      return;
    }
    const head = this.headOf(key);
    const wildcard = key.search(/[*?]/);
    const entry = { pattern: key, literalHead: key.slice(0, wildcard), index };
    if (head === undefined || /[*?]/.test(head)) this.anyHead.push(entry);
    else {
      const list = this.byHead.get(head);
      if (list) list.push(entry);
      else this.byHead.set(head, [entry]);
    }
  }

  /**
   * The index of a value of the set that covers `value`, other than the one at `self`; undefined when none does.
   * With `earlierWins`, of two values that cover each other only the earlier one counts as covering the later,
   * so that one of two equals stays.
   */
  coveringIndex(value: string, self: number, earlierWins = false): number | undefined {
    const key = this.ignoreCase ? value.toLowerCase() : value;
    const exact = this.exact.get(key);
    if (exact !== undefined && exact !== self && (!earlierWins || exact < self)) return exact;
    const head = this.headOf(key);
    const candidates = head === undefined || /[*?]/.test(head) ? [...this.byHead.values()].flat() : (this.byHead.get(head) ?? []);
    for (const list of [candidates, this.anyHead]) {
      for (const { pattern, literalHead, index } of list) {
        if (index === self || !key.startsWith(literalHead) || !patternCovers(pattern, key, false)) continue;
        if (!earlierWins || index < self || !patternCovers(key, pattern, false)) return index;
      }
    }
    return undefined;
  }
}
