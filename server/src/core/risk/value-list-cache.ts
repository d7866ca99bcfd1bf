import type { StringValue } from '../policy/model';
import { detached } from '../text/detached';

interface Entry<T> {
  /** The values as written, copied out of the policy text (see `detached`). */
  readonly texts: readonly string[];
  readonly kind: number;
  readonly value: T;
  /** The next entry whose list has the same hash. */
  readonly next: Entry<T> | undefined;
}

/**
 * Whether lists are kept across parses. They pay off where the same lists are parsed again and again: the editor
 * parses a policy anew at each keystroke, and a host that lints its documents again finds them all. A run that reads
 * each file once (`iam-policy lint`) turns them off: there the copies of the values, the map and the indexes it keeps
 * alive cost more than the lists a corpus repeats save (over the 1,594 AWS managed policies as files, 12% less CPU
 * without them, the same findings).
 */
let keepAcrossParses = true;

export function keepValueListsAcrossParses(keep: boolean): void {
  keepAcrossParses = keep;
}

/**
 * What was derived from a list of string values (an Action or Resource element), kept across parses by the values
 * as written. Each keystroke parses the policy anew, yet most of its lists are the values they were, and a corpus or
 * a template repeats lists across its policies: keyed by the values, the work is done once per edit of a list, not
 * once per parse. The values decide, not the list's text: a Terraform `local.actions` names values written elsewhere.
 * Bounded: when full, the cache starts again empty.
 */
export class ValueListCache<T> {
  private readonly byHash = new Map<number, Entry<T>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  /**
   * What `derive` made of a list of these values as written, under `kind` (lists of different elements, such as
   * Action and NotAction, are told apart by it); `derive` runs only for a list not seen since the cache was last
   * emptied, told whether what it makes is kept (and so must not hold slices of the policy text).
   */
  get(values: readonly StringValue[], kind: number, derive: (values: readonly StringValue[], kept: boolean) => T): T {
    if (!keepAcrossParses) return derive(values, false);
    const hash = listHash(values, kind);
    const first = this.byHash.get(hash);
    for (let entry = first; entry; entry = entry.next) if (entry.kind === kind && sameTexts(entry.texts, values)) return entry.value;
    const value = derive(values, true);
    if (this.size >= this.limit) {
      this.byHash.clear();
      this.size = 0;
    }
    this.byHash.set(hash, { texts: detachedTexts(values), kind, value, next: this.size === 0 ? undefined : first });
    this.size++;
    return value;
  }
}

/**
 * A hash of the list from the number of its values, their lengths and three characters of each. A hash of every
 * character cost a pass over the managed policies about 5 ms (their values are slices of the policy text, which
 * `charCodeAt` reads through), this one a fifth of that. Lists it confuses cost only a comparison, which fails at
 * the first value that differs: the 4,624 different Action lists of the managed policies get 4,503 hashes.
 */
function listHash(values: readonly StringValue[], kind: number): number {
  let hash = Math.imul(Math.imul(0x811c9dc5 ^ kind, 16777619) ^ values.length, 16777619);
  for (let i = 0; i < values.length; i++) {
    const text = values[i].value;
    const length = text.length;
    hash = Math.imul(hash ^ length, 16777619);
    if (length === 0) continue;
    hash = Math.imul(hash ^ text.charCodeAt(length - 1), 16777619);
    hash = Math.imul(hash ^ text.charCodeAt(length >> 1), 16777619);
    hash = Math.imul(hash ^ text.charCodeAt(length >> 2), 16777619);
  }
  return hash;
}

// `===` compares the characters in the engine: faster than a loop of `charCodeAt`, or than comparing with the
// policy text where the value was read.
function sameTexts(texts: readonly string[], values: readonly StringValue[]): boolean {
  if (texts.length !== values.length) return false;
  for (let i = 0; i < values.length; i++) if (texts[i] !== values[i].value) return false;
  return true;
}

function detachedTexts(values: readonly StringValue[]): string[] {
  const texts: string[] = [];
  for (let i = 0; i < values.length; i++) texts.push(detached(values[i].value));
  return texts;
}
