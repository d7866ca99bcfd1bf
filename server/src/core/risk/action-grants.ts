import type { ListElement, PolicyDocument, Statement, StringValue } from '../policy/model';
import type { Span } from '../text/span';
import { matchesWildcard } from '../text/wildcard';
import { DerivedSlot } from '../policy/derived';
import { ValueListCache } from './value-list-cache';
import { detached } from '../text/detached';

/**
 * What one statement says about actions, indexed so that "does this statement match iam:PassRole?" costs a map
 * lookup and a scan of the wildcard values of that one service, not a scan of every value. Built once per parsed
 * policy and shared by the risk rules.
 */
export interface StatementActions {
  readonly statement: Statement;
  /** The Effect when it is exactly "Allow" or "Deny"; undefined otherwise (effect-value reports it). */
  readonly effect?: 'Allow' | 'Deny';
  /** The Action element, else the NotAction element; undefined when the statement has neither. */
  readonly element?: ListElement;
  readonly isNotAction: boolean;
  /** The first Action value that is exactly `*`, if any. */
  readonly star?: StringValue;
  /**
   * Where the statement matches `fullName` (`service:Action`, any case): the Action value that matches it, or the
   * NotAction key when NotAction leaves the action out. Undefined when the statement does not match the action.
   */
  matchSpan(fullName: string): Span | undefined;
  /** The Action or NotAction value that matches `fullName`, or undefined. */
  valueMatching(fullName: string): StringValue | undefined;
  /** The element's values lower-cased, in order. */
  readonly lowerValues: readonly string[];
  /** The position of the first value without wildcards equal to a lower-cased name. */
  readonly exact: ReadonlyMap<string, number>;
  /** The wildcard values whose service prefix is literal, by that prefix (lower case). */
  readonly patternsByPrefix: ReadonlyMap<string, readonly ActionPattern[]>;
  /** The wildcard values with a wildcard in the prefix, or no prefix (`*`). */
  readonly patternsAnyPrefix: readonly ActionPattern[];
  /** The service prefixes (lower case) of the values whose prefix has no wildcard. */
  readonly servicePrefixes: ReadonlySet<string>;
  /**
   * A per-list memo for derived results that depend only on the list's text (which values are redundant, which
   * catalog actions the list expands to): it lives as long as a list with the same text is being linted.
   */
  readonly memo: Map<unknown, unknown>;
}

/** A wildcard value of the list, lower-cased, with the literal text before its first wildcard. */
export interface ActionPattern {
  readonly lower: string;
  readonly head: string;
  /** Its position in the element's values. */
  readonly index: number;
}

/** The part of the index that depends only on the list's values, so that it can outlive one parse. */
interface ListIndex {
  readonly lowerValues: readonly string[];
  readonly exact: ReadonlyMap<string, number>;
  readonly byPrefix: ReadonlyMap<string, readonly ActionPattern[]>;
  readonly anyPrefix: readonly ActionPattern[];
  readonly starIndex: number;
  readonly isNotAction: boolean;
  readonly memo: Map<unknown, unknown>;
  /**
   * `valueMatching`'s answers by the name asked (-1: no value matches): the rules ask the same names of every list.
   * Made on the first question the prefix test does not answer, which most lists never get.
   */
  matches?: Map<string, number>;
  /** The service prefixes (lower case) of the values whose prefix has no wildcard. */
  readonly prefixes: ReadonlySet<string>;
}

const byPolicy = new DerivedSlot<PolicyDocument, readonly StatementActions[]>();

// ReadOnlyAccess has two lists of 1,400 values each; the bound keeps memory bounded whatever is edited. The 1,594
// managed policies hold 4,806 distinct lists in 8,853 statements. A bound below the lists being linted churns: each
// index outlives a few young-generation collections, is promoted, then dropped when the cache is emptied (at 2,048,
// about 11 MB more promoted a pass over the managed policies, and 1.2x the lint CPU of re-linting them with every
// index kept). 8,192 holds them all, for about 14 MB more heap than 2,048.
const listIndexes = new ValueListCache<ListIndex>(8192);
const buildActionList = (values: readonly StringValue[], kept: boolean) => buildListIndex(values, false, kept);
const buildNotActionList = (values: readonly StringValue[], kept: boolean) => buildListIndex(values, true, kept);

/** The action index of every statement of the policy, in statement order, computed once per parsed policy. */
export function statementActionsOf(policy: PolicyDocument): readonly StatementActions[] {
  let list = byPolicy.get(policy);
  if (!list) {
    list = policy.statements.map((statement) => indexStatement(statement));
    byPolicy.set(policy, list);
  }
  return list;
}

const noValues: readonly StringValue[] = [];

// The indexes live in the cache above until it is cleared, so what each holds is copied by the collector and
// promoted: most lists have no wildcard value, and share these empty ones instead of making their own.
const noPatternsByPrefix: ReadonlyMap<string, readonly ActionPattern[]> = new Map();
const noPatterns: readonly ActionPattern[] = [];

function buildListIndex(values: readonly StringValue[], isNotAction: boolean, kept: boolean): ListIndex {
  const lowerValues: string[] = [];
  const exact = new Map<string, number>();
  let byPrefix: Map<string, ActionPattern[]> | undefined;
  let anyPrefix: ActionPattern[] | undefined;
  const prefixes = new Set<string>();
  let starIndex = -1;
  for (let index = 0; index < values.length; index++) {
    // `toLowerCase` returns a value already in lower case as it is, a slice of the policy text a kept index outlives.
    const text = values[index].value;
    let lower = text.toLowerCase();
    if (lower === text && kept) lower = detached(text);
    lowerValues.push(lower);
    const wildcard = firstWildcard(lower);
    if (wildcard < 0) {
      if (!exact.has(lower)) exact.set(lower, index);
      const colon = lower.indexOf(':');
      if (colon >= 0) prefixes.add(lower.slice(0, colon));
      continue;
    }
    if (lower === '*' && !isNotAction && starIndex < 0) starIndex = index;
    const colon = lower.indexOf(':');
    const pattern = { lower, head: lower.slice(0, wildcard), index };
    if (colon < 0 || colon > wildcard) (anyPrefix ??= []).push(pattern);
    else {
      const prefix = lower.slice(0, colon);
      prefixes.add(prefix);
      byPrefix ??= new Map();
      const list = byPrefix.get(prefix);
      if (list) list.push(pattern);
      else byPrefix.set(prefix, [pattern]);
    }
  }
  return { lowerValues, exact, byPrefix: byPrefix ?? noPatternsByPrefix, anyPrefix: anyPrefix ?? noPatterns, starIndex, isNotAction, memo: new Map(), matches: undefined, prefixes };
}

function firstWildcard(text: string): number {
  const star = text.indexOf('*');
  const question = text.indexOf('?');
  return star < 0 ? question : question < 0 ? star : Math.min(star, question);
}

function indexStatement(statement: Statement): StatementActions {
  const element = statement.action ?? statement.notAction;
  const isNotAction = !statement.action && statement.notAction !== undefined;
  const index = listIndexes.get(element?.values ?? noValues, isNotAction ? 1 : 0, isNotAction ? buildNotActionList : buildActionList);
  return new IndexedStatement(statement, element, isNotAction, index);
}

// A class rather than an object literal with closures: the managed policies index 8,853 statements a pass, and the
// two closures each made were a good part of the index's garbage.
class IndexedStatement implements StatementActions {
  readonly effect: 'Allow' | 'Deny' | undefined;
  readonly star: StringValue | undefined;
  private readonly values: readonly StringValue[];
  private readonly index: ListIndex;

  constructor(
    readonly statement: Statement,
    readonly element: ListElement | undefined,
    readonly isNotAction: boolean,
    index: ListIndex,
  ) {
    const effectText = statement.effect?.value?.value;
    this.effect = effectText === 'Allow' || effectText === 'Deny' ? effectText : undefined;
    this.values = element?.values ?? noValues;
    this.star = index.starIndex >= 0 ? this.values[index.starIndex] : undefined;
    this.index = index;
  }

  // What depends only on the list is read from its index, not copied into each statement's (8,853 a pass).
  get lowerValues(): readonly string[] {
    return this.index.lowerValues;
  }

  get exact(): ReadonlyMap<string, number> {
    return this.index.exact;
  }

  get patternsByPrefix(): ReadonlyMap<string, readonly ActionPattern[]> {
    return this.index.byPrefix;
  }

  get patternsAnyPrefix(): readonly ActionPattern[] {
    return this.index.anyPrefix;
  }

  get servicePrefixes(): ReadonlySet<string> {
    return this.index.prefixes;
  }

  get memo(): Map<unknown, unknown> {
    return this.index.memo;
  }

  valueMatching(fullName: string): StringValue | undefined {
    // Most names asked are of services the list does not name: one set lookup answers them.
    if (this.patternsAnyPrefix.length === 0) {
      const prefix = lowerPrefixOf(fullName);
      if (prefix !== undefined && !this.servicePrefixes.has(prefix)) return undefined;
    }
    const matches = (this.index.matches ??= new Map());
    let index = matches.get(fullName);
    if (index === undefined) {
      const lower = fullName.toLowerCase();
      index = this.exact.get(lower);
      if (index === undefined) {
        const colon = lower.indexOf(':');
        index = matchingPattern(this.patternsByPrefix.get(lower.slice(0, colon)), lower) ?? matchingPattern(this.patternsAnyPrefix, lower) ?? -1;
      }
      matches.set(fullName, index);
    }
    return index < 0 ? undefined : this.values[index];
  }

  matchSpan(fullName: string): Span | undefined {
    if (!this.element) return undefined;
    const value = this.valueMatching(fullName);
    if (this.isNotAction) return value ? undefined : this.element.property.keySpan;
    return value?.span;
  }
}

// The rules ask every list about the same few hundred names (iam:PassRole, s3:GetObject, …): their service prefixes,
// lower-cased, are kept by name rather than made again on each question. Bounded like the other name caches.
const lowerPrefixes = new Map<string, string | undefined>();
const LOWER_PREFIX_LIMIT = 20_000;
let lastName: string | undefined;
let lastPrefix: string | undefined;

/** The service prefix of `service:Action`, lower-cased; undefined when the name has no prefix. */
function lowerPrefixOf(fullName: string): string | undefined {
  // Rules mostly ask one name of every statement in turn (four of five questions repeat the one before), and the
  // last answer is cheaper to compare than the map is to look up.
  if (fullName === lastName) return lastPrefix;
  let prefix = lowerPrefixes.get(fullName);
  if (prefix === undefined && !lowerPrefixes.has(fullName)) {
    const colon = fullName.indexOf(':');
    prefix = colon > 0 ? fullName.slice(0, colon).toLowerCase() : undefined;
    if (lowerPrefixes.size >= LOWER_PREFIX_LIMIT) lowerPrefixes.clear();
    lowerPrefixes.set(fullName, prefix);
  }
  lastName = fullName;
  lastPrefix = prefix;
  return prefix;
}

function matchingPattern(patterns: readonly ActionPattern[] | undefined, lower: string): number | undefined {
  if (!patterns) return undefined;
  for (const pattern of patterns) if (lower.startsWith(pattern.head) && matchesWildcard(pattern.lower, lower, false)) return pattern.index;
  return undefined;
}
