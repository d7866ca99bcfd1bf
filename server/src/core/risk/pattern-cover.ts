import { hasWildcard, patternCovers } from '../text/wildcard';

interface PatternEntry {
  pattern: string;
  /** The text before the first wildcard, which every string the pattern matches starts with. */
  literalHead: string;
  /** The text after the last wildcard, which every string the pattern matches ends with. */
  literalTail: string;
  index: number;
}

/**
 * A set of IAM globs indexed by the literal text before `separator` (the service prefix of an action, the part
 * of an ARN up to its service), so that `covers` scans only the patterns that can match, not the whole list.
 * Values are added in the order of their indexes.
 */
export class PatternSet {
  private readonly exact = new Map<string, number>();
  private readonly byHead = new Map<string, LiteralHeadIndex>();
  private readonly anyHead = new LiteralHeadIndex();

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
    const entry = { pattern: key, literalHead: key.slice(0, wildcard), literalTail: key.slice(lastWildcard(key) + 1), index };
    if (head === undefined || hasWildcard(head)) this.anyHead.add(entry);
    else {
      let patterns = this.byHead.get(head);
      if (!patterns) this.byHead.set(head, (patterns = new LiteralHeadIndex()));
      patterns.add(entry);
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
    // The indexes in turn rather than joined: redundant-statement asks this of every resource it compares.
    if (head === undefined || hasWildcard(head)) {
      for (const patterns of this.byHead.values()) {
        const found = patterns.covering(key, self, earlierWins);
        if (found !== undefined) return found;
      }
    } else {
      const found = this.byHead.get(head)?.covering(key, self, earlierWins);
      if (found !== undefined) return found;
    }
    return this.anyHead.covering(key, self, earlierWins);
  }
}

/**
 * Patterns by their literal head: only a pattern whose literal head starts a value can match it, so a value is held
 * against the patterns of each head length it has, not against every pattern. Without it a Resource list of 4,000
 * bucket ARNs (one head, `arn:aws:s3`) took 2.5 s, each ARN tried against every other.
 */
class LiteralHeadIndex {
  private readonly byLiteralHead = new Map<string, PatternEntry[]>();
  /** The distinct lengths of the literal heads, shortest first. */
  private readonly lengths: number[] = [];

  add(entry: PatternEntry): void {
    const patterns = this.byLiteralHead.get(entry.literalHead);
    if (patterns) {
      patterns.push(entry);
      return;
    }
    this.byLiteralHead.set(entry.literalHead, [entry]);
    const length = entry.literalHead.length;
    let at = this.lengths.length;
    while (at > 0 && this.lengths[at - 1] > length) at--;
    if (this.lengths[at - 1] !== length) this.lengths.splice(at, 0, length);
  }

  /** The earliest pattern that covers `key` (see `PatternSet.coveringIndex`). */
  covering(key: string, self: number, earlierWins: boolean): number | undefined {
    let earliest: number | undefined;
    for (const length of this.lengths) {
      if (length > key.length) break;
      const patterns = this.byLiteralHead.get(key.slice(0, length));
      if (!patterns) continue;
      for (const { pattern, literalTail, index } of patterns) {
        if (earliest !== undefined && index > earliest) break;
        // The tail turns most patterns away before the matcher runs: those of one head often differ only there.
        if (index === self || !key.endsWith(literalTail) || !patternCovers(pattern, key, false)) continue;
        if (!earlierWins || index < self || !patternCovers(key, pattern, false)) {
          earliest = index;
          break;
        }
      }
    }
    return earliest;
  }
}

function lastWildcard(text: string): number {
  return Math.max(text.lastIndexOf('*'), text.lastIndexOf('?'));
}

function firstWildcard(text: string): number {
  const star = text.indexOf('*');
  const question = text.indexOf('?');
  return star < 0 ? question : question < 0 ? star : Math.min(star, question);
}
