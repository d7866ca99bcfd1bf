/**
 * A policy, a statement, a parsed ARN or a catalog action: what several rules derive from it is kept on it, in slots
 * (see DerivedSlot).
 */
export interface DerivedOwner {
  /** The owner's slots, by slot number; made on first use and never enumerable. */
  derived?: unknown[];
}

// Slots are numbered per family of owners, so that an owner's array is as long as its own family's slots: a catalog
// action numbered after the policy's slots had an array of 18 places for its 5, 4.7 MB over the 22,000 actions.
const slotCounts = new Map<string, number>();

// The families whose owners live as long as the catalog. Their arrays are made at an allocation site of their own
// (see `longLivedSlots`): V8 decides per site whether to allocate in the old generation, and when the catalog's actions
// shared the site with the policies' owners, their survival made V8 allocate every policy's and statement's array
// there too, where the young structures those point to survive each scavenge (a steady lint pass of the managed
// policies took 1.9x its time).
const longLivedFamilies: ReadonlySet<string> = new Set(['catalog action']);

/**
 * A place for what a module derives from a parsed policy or statement (an index several rules read, a memoized
 * answer), or from a catalog action, which lives and dies with its owner. It replaces a WeakMap keyed by the owner: V8's young-generation
 * collector treats the values of a WeakMap that is no longer young as strong, so every policy linted since the last
 * collection kept its structures, and through them its statements and JSON tree, alive through it, to be copied and
 * often promoted; over the 1,594 managed policies half of what the collections copied was such dead structures.
 * Kept on the owner, they die with it.
 *
 * The slots are not enumerable, so that a copy made by spreading (`{ ...statement, action }`, which the simulator and
 * the deploy-time rewriting make) does not inherit structures derived from the original.
 */
export class DerivedSlot<Owner extends DerivedOwner, T> {
  private readonly slot: number;
  private readonly longLived: boolean;

  /** `family`: the kind of owner the slot is on, such as `catalog action`; policies and their parts by default. */
  constructor(family = 'policy') {
    this.slot = slotCounts.get(family) ?? 0;
    slotCounts.set(family, this.slot + 1);
    this.longLived = longLivedFamilies.has(family);
  }

  get(owner: Owner): T | undefined {
    return owner.derived?.[this.slot] as T | undefined;
  }

  /** Whether a value, undefined included, was set. */
  has(owner: Owner): boolean {
    const derived = owner.derived;
    return derived !== undefined && this.slot in derived;
  }

  set(owner: Owner, value: T): void {
    let derived = owner.derived;
    if (!derived) {
      derived = this.longLived ? longLivedSlots() : [];
      if (owner instanceof DerivedHolder) owner.derived = derived;
      else Object.defineProperty(owner, 'derived', { value: derived, writable: true, configurable: true });
    }
    derived[this.slot] = value;
  }
}

/** An empty array from an allocation site that only long-lived owners use (see `longLivedFamilies`). */
function longLivedSlots(): unknown[] {
  return [];
}

/**
 * An owner made in bulk (the parser's statements) keeps its slots in a private field, which no spread copies and no
 * key listing shows, as a property defined non-enumerable would: the first slot of each owner then costs an
 * assignment, not an `Object.defineProperty` call (about 2.5 ms a pass for the managed policies' 8,853 statements).
 */
export class DerivedHolder implements DerivedOwner {
  #derived: unknown[] | undefined = undefined;

  get derived(): unknown[] | undefined {
    return this.#derived;
  }

  set derived(derived: unknown[] | undefined) {
    this.#derived = derived;
  }
}
