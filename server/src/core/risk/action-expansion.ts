import type { AccessLevel, Catalog, CatalogAction } from '../catalog/catalog';
import { hasWildcard } from '../text/wildcard';
import type { StatementActions } from './action-grants';
import { detached } from '../text/detached';

/** The access levels in the order the Service Authorization Reference lists them, least to most powerful. */
export const accessLevels: readonly AccessLevel[] = ['List', 'Read', 'Tagging', 'Write', 'Permissions management'];

/** How many actions a set holds, per access level and in all, and how many services they belong to. */
export interface ActionSummary {
  readonly count: number;
  readonly services: number;
  readonly levels: Readonly<Record<AccessLevel, number>>;
}

interface Expansion {
  readonly actions: readonly CatalogAction[];
  /**
   * Made on first use: only wildcard-action asks, for 765 of the 12,700 expansions of a lint of the managed
   * policies, and each summary (a set of services, two objects) lived as long as the cache.
   */
  summary?: ActionSummary;
  /**
   * `actions` filtered, computed on first use: `filtered[i]` is what `filters[i]` keeps. The rules pass a handful
   * of filters, so a scan of this short list answers sooner than a map would.
   */
  filters?: ((action: CatalogAction) => boolean)[];
  filtered?: (readonly CatalogAction[])[];
}

const caches = new WeakMap<Catalog, Map<string, Expansion>>();
// Patterns repeat across policies and keystrokes (ReadOnlyAccess alone has some 2,900); the cap keeps a long
// session or a hostile file from growing the cache without end.
const CACHE_LIMIT = 20_000;

function expansionOf(catalog: Catalog, pattern: string): Expansion {
  return cachedExpansion(catalog, expansionsOf(catalog), pattern.toLowerCase());
}

function expansionsOf(catalog: Catalog): Map<string, Expansion> {
  let cache = caches.get(catalog);
  if (!cache) caches.set(catalog, (cache = new Map()));
  return cache;
}

/** The expansion of a lower-cased pattern, from the catalog's cache (`expansionsOf`) or made and kept there. */
function cachedExpansion(catalog: Catalog, cache: Map<string, Expansion>, key: string): Expansion {
  let expansion = cache.get(key);
  if (!expansion) {
    let actions: readonly CatalogAction[];
    if (hasWildcard(key)) actions = catalog.matchActions(key);
    else {
      // About nine keys in ten are plain names (of the 12,700 a lint of the managed policies expands): one lookup,
      // without an array to filter, and the unknown ones share the empty answer.
      const named = catalog.findAction(key);
      actions = named ? [named] : noActions;
    }
    expansion = { actions, summary: undefined };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(detached(key), expansion);
  }
  return expansion;
}

/**
 * The catalog actions an Action value matches (`*`, `s3:*`, `iam:Get*`, `s3:GetObject`), in catalog order. The
 * result is cached per catalog and pattern and shared: do not modify it.
 */
export function actionsMatching(catalog: Catalog, pattern: string): readonly CatalogAction[] {
  return expansionOf(catalog, pattern).actions;
}

/** The summary of `actionsMatching(catalog, pattern)`, cached with it. */
export function summaryOfPattern(catalog: Catalog, pattern: string): ActionSummary {
  const expansion = expansionOf(catalog, pattern);
  return (expansion.summary ??= summarizeActions(expansion.actions));
}

export function summarizeActions(actions: readonly CatalogAction[]): ActionSummary {
  const levels: Record<AccessLevel, number> = { List: 0, Read: 0, Tagging: 0, Write: 0, 'Permissions management': 0 };
  const services = new Set<string>();
  for (const action of actions) {
    levels[action.accessLevel]++;
    services.add(action.service);
  }
  return { count: actions.length, services: services.size, levels };
}

/** `12 List, 60 Read, 101 Write and 9 Permissions management`: the non-zero levels of a summary, in order. */
export function describeLevels(summary: ActionSummary): string {
  const parts = accessLevels.filter((level) => summary.levels[level] > 0).map((level) => `${formatCount(summary.levels[level])} ${level}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Up to `limit` of the actions, Permissions management first, then Write, Tagging, Read and List; input order within a level. */
export function strongestFirst(actions: readonly CatalogAction[], limit = actions.length): CatalogAction[] {
  const result: CatalogAction[] = [];
  for (let level = accessLevels.length - 1; level >= 0 && result.length < limit; level--) {
    for (const action of actions) {
      if (action.accessLevel !== accessLevels[level]) continue;
      result.push(action);
      if (result.length === limit) break;
    }
  }
  return result;
}

export function formatCount(n: number): string {
  // As toLocaleString('en-US') writes a count ("22,091"), without ICU: its number formatter costs microseconds a call,
  // and its first use in a process 15 to 25 ms, which a one-file `iam-policy lint` otherwise spent on one message.
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return n < 1000 && n > -1000 ? String(n) : String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `"a"`, `"a" and "b"`, `"a", "b" and 3 more`: a short list of names for a message. */
export function listForMessage(names: readonly string[], limit = 3): string {
  const shown = names.slice(0, limit);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${formatCount(rest)} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * The shortest list of Action values that matches exactly `actions`: `service:Verb*` where every action of the
 * service that starts with that verb (Get, List, Describe, ...) is in the set, the full names otherwise. Used by
 * quick fixes to offer "only the read actions" without listing hundreds of names.
 */
export function compressActions(catalog: Catalog, actions: readonly CatalogAction[]): string[] {
  const chosen = new Set(actions);
  const result: string[] = [];
  const byServiceVerb = new Map<string, CatalogAction[]>();
  for (const action of actions) {
    const verb = /^[A-Z][a-z]+/.exec(action.name)?.[0];
    const key = verb ? `${action.service}:${verb}*` : action.fullName;
    let list = byServiceVerb.get(key);
    if (!list) byServiceVerb.set(key, (list = []));
    list.push(action);
  }
  for (const [key, group] of byServiceVerb) {
    if (key.endsWith('*') && group.length > 1 && actionsMatching(catalog, key).every((action) => chosen.has(action))) result.push(key);
    else for (const action of group) result.push(action.fullName);
  }
  return result;
}

/**
 * The catalog actions that pass `filter` among those the Action values of a statement match, without repeats, in
 * the order of the values; undefined when a value is `"*"` (every action), which the rules that ask leave to
 * wildcard-action. The filtered list of each pattern is cached with its expansion, and the result with the
 * statement's list (see `StatementActions.memo`), so an unchanged list of thousands of values costs nothing on the
 * next keystroke. `filter` keys both caches: pass a function defined once, at module level.
 */
export function actionsOfStatementWhere(catalog: Catalog, grants: StatementActions, filter: (action: CatalogAction) => boolean): readonly CatalogAction[] | undefined {
  const memoed = grants.memo.get(filter) as { catalog: Catalog; actions: readonly CatalogAction[] | undefined } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.actions;
  let actions: readonly CatalogAction[] | undefined;
  if (!grants.star && !grants.isNotAction) {
    // The list's expansions are looked up once and kept with the list, so each filter walks an array instead of
    // hashing every value again. The values of most lists are disjoint in what a filter keeps: the set that drops
    // repeats is made only when a second value contributes.
    let first: readonly CatalogAction[] | undefined;
    let found: Set<CatalogAction> | undefined;
    for (const expansion of expansionsOfList(catalog, grants)) {
      const matched = filteredExpansion(expansion, filter);
      if (matched.length === 0) continue;
      if (!first) first = matched;
      else {
        found ??= new Set(first);
        for (const action of matched) found.add(action);
      }
    }
    // One contributing value (most lists) answers with its filtered expansion itself, shared by every list that
    // holds the value: the callers' caches keyed by the answer then serve all of them.
    actions = found ? [...found] : (first ?? noActions);
  }
  grants.memo.set(filter, { catalog, actions });
  return actions;
}

const noActions: readonly CatalogAction[] = [];

function filteredExpansion(expansion: Expansion, filter: (action: CatalogAction) => boolean): readonly CatalogAction[] {
  // Most expansions are of one plain name: asking the filter again costs less than the two arrays that would remember
  // its answer for every expansion (the heap left after a lint of the managed policies: 80.4 MB before, 76.0 after).
  const { actions } = expansion;
  if (actions.length === 0) return noActions;
  if (actions.length === 1) return filter(actions[0]) ? actions : noActions;
  const filters = (expansion.filters ??= []);
  const filtered = (expansion.filtered ??= []);
  for (let i = 0; i < filters.length; i++) if (filters[i] === filter) return filtered[i];
  const matched = keptBy(actions, filter);
  filters.push(filter);
  filtered.push(matched);
  return matched;
}

/**
 * The actions `filter` keeps, in order: `actions` itself when it keeps every one, the shared empty array when it keeps
 * none. Most expansions are of one plain name, which a filter keeps whole or not at all: they then cost no array.
 */
function keptBy(actions: readonly CatalogAction[], filter: (action: CatalogAction) => boolean): readonly CatalogAction[] {
  let kept: CatalogAction[] | undefined;
  for (let i = 0; i < actions.length; i++) {
    if (filter(actions[i])) kept?.push(actions[i]);
    else kept ??= actions.slice(0, i);
  }
  if (!kept) return actions.length === 0 ? noActions : actions;
  return kept.length === 0 ? noActions : kept;
}

// The memo key of a list's expansions (see StatementActions.memo).
const listExpansions = {};

/** The expansion of each Action value of a statement, in order, kept with the list's index. */
function expansionsOfList(catalog: Catalog, grants: StatementActions): readonly Expansion[] {
  const memoed = grants.memo.get(listExpansions) as { catalog: Catalog; expansions: readonly Expansion[] } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.expansions;
  // The catalog's cache is looked up once per list, not once per value: the largest lists hold 1,400 values.
  const cache = expansionsOf(catalog);
  const lowerValues = grants.lowerValues;
  const expansions: Expansion[] = [];
  for (const lower of lowerValues) expansions.push(cachedExpansion(catalog, cache, lower));
  grants.memo.set(listExpansions, { catalog, expansions });
  return expansions;
}
