import { hasWildcard, patternCovers } from '../text/wildcard';

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
    const wildcard = firstWildcard(key);
    if (wildcard < 0) {
      if (!this.exact.has(key)) this.exact.set(key, index);
      return;
    }
    const head = this.headOf(key);
    const entry = { pattern: key, literalHead: key.slice(0, wildcard), index };
    if (head === undefined || hasWildcard(head)) this.anyHead.push(entry);
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
    // The lists in turn rather than copied into one: redundant-statement asks this of every resource it compares.
    if (head === undefined || hasWildcard(head)) {
      for (const list of this.byHead.values()) {
        const found = coveringIn(list, key, self, earlierWins);
        if (found !== undefined) return found;
      }
    } else {
      const found = coveringIn(this.byHead.get(head), key, self, earlierWins);
      if (found !== undefined) return found;
    }
    return coveringIn(this.anyHead, key, self, earlierWins);
  }
}

function coveringIn(list: readonly PatternEntry[] | undefined, key: string, self: number, earlierWins: boolean): number | undefined {
  if (!list) return undefined;
  for (const { pattern, literalHead, index } of list) {
    if (index === self || !key.startsWith(literalHead) || !patternCovers(pattern, key, false)) continue;
    if (!earlierWins || index < self || !patternCovers(key, pattern, false)) return index;
  }
  return undefined;
}

function firstWildcard(text: string): number {
  const star = text.indexOf('*');
  const question = text.indexOf('?');
  return star < 0 ? question : question < 0 ? star : Math.min(star, question);
}
