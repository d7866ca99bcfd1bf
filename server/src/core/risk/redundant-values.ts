import type { ListElement, Placeholder, StringValue } from '../policy/model';
import type { ActionPattern, StatementActions } from './action-grants';
import { patternCovers } from '../text/wildcard';
import { PatternSet } from './pattern-cover';
import { ValueListCache } from './value-list-cache';

/** A value of a list that another value of the same list already covers. */
export interface RedundantValue {
  value: StringValue;
  /** The value that covers it. */
  by: StringValue;
  /** True when the two are the same text (ignoring case where the element does). */
  duplicate: boolean;
}

/**
 * The values of an Action, NotAction, Resource or NotResource element that another of its values already covers:
 * a duplicate, or a value a wildcard matches (`s3:GetObject` beside `s3:Get*`). Of two values that cover each
 * other, the later one is the redundant one. Values with policy variables are compared only for duplicates, since
 * a variable stands for text the policy does not know. Near linear: each value is held only against the
 * wildcards that share its head.
 */
export function redundantValues(element: ListElement, headOf: (value: string) => string | undefined, ignoreCase: boolean): RedundantValue[] {
  const values = element.values;
  if (values.length < 2) return [];
  return valuesAt(values, findRedundantValues(values, { headOf, ignoreCase, globs: true, hasVariable: holdsVariable }));
}

/** How `findRedundantValues` compares the values of a list. */
export interface RedundantValueRules {
  /** The head a wildcard value is indexed by (see `PatternSet`); undefined for a value any pattern may cover. */
  headOf: (value: string) => string | undefined;
  /** Whether values that differ only in case repeat each other. */
  ignoreCase: boolean;
  /** Whether a wildcard value covers the values it matches; without, only repeats count (StringEquals reads `*` as is). */
  globs: boolean;
  /** Values with a policy variable stand for text the policy does not know: they are compared only for repeats. */
  hasVariable: (value: string) => boolean;
}

/**
 * `[index, index of the covering value, duplicate]` for each redundant value of a list (see redundantValues): a value an
 * earlier one repeats, or one a wildcard value covers (of two that cover each other, the later). Each value is looked
 * up rather than compared with every other.
 */
export function findRedundantValues(values: readonly ComparedValue[], rules: RedundantValueRules): RedundantIndex[] {
  const { ignoreCase, hasVariable } = rules;
  let set: PatternSet | undefined;
  if (rules.globs) {
    set = new PatternSet(rules.headOf, ignoreCase);
    for (let index = 0; index < values.length; index++) if (!hasVariable(values[index].value)) set.add(values[index].value, index);
  }
  const seen = new Map<string, number>();
  const result: RedundantIndex[] = [];
  // Plain loops: this runs on every list of every keystroke.
  for (let index = 0; index < values.length; index++) {
    const value = values[index].value;
    const key = withBindings(ignoreCase ? value.toLowerCase() : value, values[index].placeholders);
    const first = seen.get(key);
    if (first !== undefined) {
      result.push([index, first, true]);
      continue;
    }
    seen.set(key, index);
    if (!set || hasVariable(value)) continue;
    const coveredBy = set.coveringIndex(value, index, true);
    if (coveredBy !== undefined) result.push([index, coveredBy, false]);
  }
  return result;
}

export type RedundantIndex = [index: number, by: number, duplicate: boolean];

/** A value of a list as `findRedundantValues` compares it: its text, and the template holes in it. */
export interface ComparedValue {
  readonly value: string;
  readonly placeholders?: readonly Placeholder[];
}

// `!Sub ['${Arn}/*', {Arn: !GetAtt A.Arn}]` and the same with `B.Arn` read alike but are two resources: the
// bindings of their holes are part of what a value is.
function withBindings(key: string, placeholders: readonly Placeholder[] | undefined): string {
  if (!placeholders) return key;
  for (const hole of placeholders) if (hole.binding !== undefined) key += `\u0000${hole.binding}`;
  return key;
}

/** Whether an Action or Resource value holds a policy variable, as the list rules read it: any `${`. */
const holdsVariable = (value: string) => value.includes('${');

function valuesAt(values: readonly StringValue[], found: readonly RedundantIndex[]): RedundantValue[] {
  return found.map(([index, by, duplicate]) => ({ value: values[index], by: values[by], duplicate }));
}

// Resource lists of more than one ARN are compared pattern against pattern (the managed policies' ask about 10 ms of
// a pass), and the answer depends only on the values: it is kept for the next parse of the same list.
const resourceLists = new ValueListCache<readonly RedundantIndex[]>(4096);
const findRedundantResources = (values: readonly StringValue[]) => findRedundantValues(values, { headOf: resourceHead, ignoreCase: false, globs: true, hasVariable: holdsVariable });

/** `redundantValues` for a Resource or NotResource element: ARNs compared case-sensitively, by `resourceHead`. */
export function redundantResourcesOf(element: ListElement): RedundantValue[] {
  const values = element.values;
  if (values.length < 2) return [];
  // The cache knows values by their text; those with bound holes are more than their text.
  if (values.some((value) => value.placeholders?.some((hole) => hole.binding !== undefined))) return valuesAt(values, findRedundantResources(values));
  return valuesAt(values, resourceLists.get(values, 0, findRedundantResources));
}

/** The service prefix of an action (`s3` of `s3:Get*`), the head `redundantValues` indexes actions by. */
export function actionHead(value: string): string | undefined {
  const colon = value.indexOf(':');
  return colon < 0 ? undefined : value.slice(0, colon);
}

/** The ARN up to its service (`arn:aws:s3`), the head `redundantValues` indexes resources by. */
export function resourceHead(value: string): string | undefined {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const third = value.indexOf(':', second + 1);
  return third < 0 ? value : value.slice(0, third);
}

/**
 * `redundantValues` for the Action or NotAction element of a statement, reusing the statement's action index
 * (lower-cased values, wildcard values by service prefix) that the other action rules build anyway.
 */
export function redundantActionsOf(grants: StatementActions): RedundantValue[] {
  const values = grants.element?.values ?? [];
  if (values.length < 2) return [];
  // The answer depends only on the list's text: keep it with the list's index for the next keystroke.
  let found = grants.memo.get(redundantActionsOf) as RedundantIndex[] | undefined;
  if (!found) grants.memo.set(redundantActionsOf, (found = findRedundantActions(grants, values.length)));
  return valuesAt(values, found);
}

/** `[index, index of the covering value, duplicate]` for each redundant value of the statement's action list. */
function findRedundantActions(grants: StatementActions, count: number): RedundantIndex[] {
  const { lowerValues, exact, patternsByPrefix, patternsAnyPrefix } = grants;
  const result: RedundantIndex[] = [];
  const seenPatterns = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const lower = lowerValues[index];
    const isPattern = /[*?]/.test(lower);
    const first = isPattern ? seenPatterns.get(lower) : exact.get(lower);
    if (isPattern && first === undefined) seenPatterns.set(lower, index);
    if (first !== undefined && first !== index) {
      result.push([index, first, true]);
      continue;
    }
    // Most lists have no wildcard value at all: then only a duplicate is redundant.
    if (patternsByPrefix.size === 0 && patternsAnyPrefix.length === 0) continue;
    const colon = lower.indexOf(':');
    const prefix = colon < 0 ? undefined : lower.slice(0, colon);
    let by: ActionPattern | undefined;
    if (prefix === undefined || /[*?]/.test(prefix)) {
      for (const list of patternsByPrefix.values()) if ((by = coveringPattern(list, lower, index))) break;
    } else by = coveringPattern(patternsByPrefix.get(prefix), lower, index);
    by ??= coveringPattern(patternsAnyPrefix, lower, index);
    if (by) result.push([index, by.index, false]);
  }
  return result;
}

/** The first pattern of `list` that covers the value at `index` (of two that cover each other, the earlier wins). */
function coveringPattern(list: readonly ActionPattern[] | undefined, lower: string, index: number): ActionPattern | undefined {
  if (!list || list.length === 0) return undefined;
  // Only patterns whose literal head starts the value can cover it: look those up by head instead of trying every
  // pattern, which made lists of many thousand wildcards quadratic.
  const { byHead, headLengths } = headIndexOf(list);
  let best: ActionPattern | undefined;
  for (const length of headLengths) {
    if (length > lower.length) break;
    const candidates = byHead.get(lower.slice(0, length));
    if (!candidates) continue;
    for (const pattern of candidates) {
      if (best && best.index < pattern.index) break;
      if (pattern.index === index || pattern.lower === lower) continue;
      if (patternCovers(pattern.lower, lower, false) && (pattern.index < index || !patternCovers(lower, pattern.lower, false))) {
        best = pattern;
        break;
      }
    }
  }
  return best;
}

interface HeadIndex {
  byHead: Map<string, ActionPattern[]>;
  /** The distinct head lengths, shortest first. */
  headLengths: number[];
}

const headIndexes = new WeakMap<readonly ActionPattern[], HeadIndex>();

function headIndexOf(list: readonly ActionPattern[]): HeadIndex {
  let index = headIndexes.get(list);
  if (!index) {
    const byHead = new Map<string, ActionPattern[]>();
    for (const pattern of list) {
      const bucket = byHead.get(pattern.head);
      if (bucket) bucket.push(pattern);
      else byHead.set(pattern.head, [pattern]);
    }
    // Within a head, earlier patterns first, so the first that covers is the one the list names first.
    for (const bucket of byHead.values()) bucket.sort((a, b) => a.index - b.index);
    const headLengths = [...new Set(list.map((p) => p.head.length))].sort((a, b) => a - b);
    index = { byHead, headLengths };
    headIndexes.set(list, index);
  }
  return index;
}
