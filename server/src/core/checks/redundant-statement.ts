import { getNodeValue } from 'jsonc-parser';
import type { JsonNode, PolicyDocument, Statement } from '../policy/model';
import { isPresentWhenever, spanOfNode } from '../policy/parse-policy';
import { removeEntry } from '../policy/json-edits';
import { statementActionsOf, type ActionPattern, type StatementActions } from '../risk/action-grants';
import { PatternSet } from '../risk/pattern-cover';
import { patternCovers } from '../text/wildcard';
import { hashText } from '../text/text-hash';
import { resourceHead } from '../risk/redundant-values';
import type { Check, Fix } from './check';
import { statementAnchor, statementLabel } from './statement-anchor';

// Statements are compared only within groups that share Effect, Principal and Condition; a group larger than this
// is not compared pairwise (no real policy has one), which keeps a hostile document from costing quadratic time.
const MAX_GROUP = 64;

export const redundantStatement: Check = {
  id: 'redundant-statement',
  severity: 'hint',
  description: 'A statement whose actions and resources another statement with the same Effect, Principal and Condition already covers adds nothing; remove it or merge the two.',
  run({ policy, report }) {
    // One statement has nothing to be compared with (most managed policies).
    if (policy.statements.length < 2) return;
    for (const group of groupsOf(statementActionsOf(policy))) {
      if (group.length < 2 || group.length > MAX_GROUP) continue;
      // A statement's resource set is built only when its actions cover another's, which most never do.
      const resources: (PatternSet | undefined)[] = [];
      const covers = (k: number, j: number) =>
        isPresentWhenever(group[k].statement.node, group[j].statement.node) && coversActions(group[k], group[j]) && coversResources((resources[k] ??= resourceSetOf(group[k])), group[j].statement);
      for (let j = 0; j < group.length; j++) {
        let i = 0;
        while (i < group.length && (i === j || !covers(i, j) || (i > j && covers(j, i)))) i++;
        if (i === group.length) continue;
        const statement = group[j].statement;
        const by = group[i].statement;
        const same = sameContent(by, statement);
        report(
          statementAnchor(statement),
          same
            ? `${statementLabel(statement)} repeats ${statementLabel(by)}. Remove it.`
            : `${statementLabel(statement)} adds nothing: ${statementLabel(by)} has the same Effect${statement.principal ? ', Principal' : ''} and Condition, and already covers its actions and resources. Remove it, or merge the two.`,
          { fixes: removeFix(policy, statement, same) },
        );
      }
    }
  },
};

/**
 * The statements the rule compares, grouped by equal Effect, Principal and Condition (the groups in the order of
 * their first statement). Principal and Condition are compared by value (see `sameJson`), found by a hash of their
 * values: the canonical JSON text the groups were once keyed by made about 10 MB of strings a pass over the managed
 * policies, half of the rule's time.
 */
function groupsOf(statements: readonly StatementActions[]): StatementActions[][] {
  const groups: StatementActions[][] = [];
  const byHash = new Map<number, StatementActions[][]>();
  for (const grants of statements) {
    const statement = grants.statement;
    const effect = statement.effect?.value?.value;
    if ((effect !== 'Allow' && effect !== 'Deny') || !statement.action || !statement.resource || statement.notAction || statement.notResource || statement.notPrincipal) continue;
    const hash = scopeHash(effect, statement);
    let candidates = byHash.get(hash);
    if (!candidates) byHash.set(hash, (candidates = []));
    const group = candidates.find((group) => sameScope(group[0].statement, statement));
    if (group) group.push(grants);
    else {
      const made = [grants];
      candidates.push(made);
      groups.push(made);
    }
  }
  return groups;
}

/**
 * Whether two compared statements have the same Effect, Principal and Condition. An element holding JSON `null`
 * counts as absent, except that a statement with neither element is never grouped with one that has one of them.
 */
function sameScope(a: Statement, b: Statement): boolean {
  if (a.effect?.value?.value !== b.effect?.value?.value) return false;
  const principalA = a.principal?.property.valueNode;
  const conditionA = a.condition?.property.valueNode;
  const principalB = b.principal?.property.valueNode;
  const conditionB = b.condition?.property.valueNode;
  if ((!principalA && !conditionA) !== (!principalB && !conditionB)) return false;
  return sameJsonOrNull(principalA, principalB) && sameJsonOrNull(conditionA, conditionB);
}

function scopeHash(effect: string, statement: Statement): number {
  const principal = statement.principal?.property.valueNode;
  const condition = statement.condition?.property.valueNode;
  let hash = effect === 'Allow' ? 1 : 2;
  if (!principal && !condition) return hash;
  hash = mix(hash, jsonHash(principal));
  return mix(hash, jsonHash(condition));
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 16777619);
}

// Objects larger than this all hash alike and are compared through their canonical text: a hostile document's
// objects of thousands of keys must not cost a comparison of every key with every other.
const SMALL_OBJECT = 32;
// Every value that is not a string, an array or an object (numbers, booleans, null, absent) hashes alike: `1` and
// `1.0` are equal values, and the few such values in policies are compared by `sameJson`.
const SCALAR_HASH = 0x2545f491;

/** A hash of the node's value, equal for values `sameJson` finds equal. */
function jsonHash(node: JsonNode | undefined): number {
  if (!node) return SCALAR_HASH;
  switch (node.type) {
    case 'string':
      return textHash(node.value);
    case 'array': {
      let hash = 0x1b873593;
      for (const child of node.children ?? []) hash = mix(hash, jsonHash(child));
      return hash;
    }
    case 'object': {
      const properties = node.children ?? [];
      if (properties.length > SMALL_OBJECT) return 0x5bd1e995;
      // Order does not matter, so the members' hashes are added; of repeated keys only the last counts, as in JSON.parse.
      let sum = 0;
      for (let i = 0; i < properties.length; i++) {
        const [key, value] = properties[i].children ?? [];
        if (key && value && lastMember(properties, i) === i) sum = (sum + mix(textHash(key.value), jsonHash(value))) | 0;
      }
      return mix(0x5bd1e995, sum);
    }
    default:
      return SCALAR_HASH;
  }
}

function textHash(text: unknown): number {
  // A string node being typed may have no value yet: like other values without text, it is compared as null.
  return typeof text === 'string' ? hashText(text) : SCALAR_HASH;
}

/** The position of the last member of `properties` (with a key and a value) whose key is that of the one at `index`. */
function lastMember(properties: readonly JsonNode[], index: number): number {
  const key = properties[index].children?.[0]?.value;
  let last = index;
  for (let i = index + 1; i < properties.length; i++) {
    const [otherKey, value] = properties[i].children ?? [];
    if (otherKey && value && otherKey.value === key) last = i;
  }
  return last;
}

function sameJsonOrNull(a: JsonNode | undefined, b: JsonNode | undefined): boolean {
  if (a && b) return sameJson(a, b);
  const other = a ?? b;
  return !other || isNullValue(other);
}

/**
 * Whether two nodes have equal values as `getNodeValue` gives them: object keys in any order, the last of repeated
 * keys winning, numbers by value (`10` and `1e1`), and a value never equal to one of another type.
 */
function sameJson(a: JsonNode, b: JsonNode): boolean {
  if (a.type === 'array' || b.type === 'array') {
    if (a.type !== b.type) return false;
    const left = a.children ?? [];
    const right = b.children ?? [];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!sameJson(left[i], right[i])) return false;
    return true;
  }
  if (a.type === 'object' || b.type === 'object') {
    if (a.type !== b.type) return false;
    const left = a.children ?? [];
    const right = b.children ?? [];
    if (left.length > SMALL_OBJECT || right.length > SMALL_OBJECT) return canonicalText(a) === canonicalText(b);
    return coversMembers(left, right) && coversMembers(right, left);
  }
  if (typeof a.value === 'string' || typeof b.value === 'string') return a.value === b.value;
  return scalarText(a) === scalarText(b);
}

/** Whether every member of the object `left` (the last of repeated keys) has an equal member in `right`. */
function coversMembers(left: readonly JsonNode[], right: readonly JsonNode[]): boolean {
  for (let i = 0; i < left.length; i++) {
    const [key, value] = left[i].children ?? [];
    if (!key || !value || lastMember(left, i) !== i) continue;
    let match: JsonNode | undefined;
    for (let k = right.length - 1; k >= 0 && !match; k--) {
      const [otherKey, otherValue] = right[k].children ?? [];
      if (otherKey && otherValue && otherKey.value === key.value) match = otherValue;
    }
    if (!match || !sameJson(value, match)) return false;
  }
  return true;
}

// JSON.stringify writes a value JSON cannot hold (a number too large for a double) as null, and the canonical text
// of an absent value is null too.
function scalarText(node: JsonNode): string {
  return JSON.stringify(node.value) ?? 'null';
}

function isNullValue(node: JsonNode): boolean {
  return node.type !== 'array' && node.type !== 'object' && scalarText(node) === 'null';
}

/**
 * The node's value as JSON with the keys of each object sorted, written from the tree without building the value:
 * two nodes get the same text exactly when `getNodeValue` gives them equal values (the last of repeated keys wins).
 * Only objects too large for `sameJson` to compare member by member come here.
 */
function canonicalText(node: JsonNode): string {
  switch (node.type) {
    case 'array':
      return `[${(node.children ?? []).map(canonicalText).join(',')}]`;
    case 'object': {
      const members = new Map<string, JsonNode>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) members.set(key.value as string, value);
      }
      const keys = [...members.keys()].sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalText(members.get(key)!)}`).join(',')}}`;
    }
    default:
      return scalarText(node);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function resourceSetOf({ statement }: StatementActions): PatternSet {
  const resources = new PatternSet(resourceHead, false);
  statement.resource!.values.forEach((value, i) => {
    if (!value.value.includes('${')) resources.add(value.value, i);
  });
  return resources;
}

/** Whether every Action value of `inner` is matched by a value of `outer`: the same text, or a wildcard that covers it. */
function coversActions(outer: StatementActions, inner: StatementActions): boolean {
  if (inner.lowerValues.length === 0) return false;
  for (const lower of inner.lowerValues) {
    if (outer.exact.has(lower) || coveredByPattern(outer.patternsAnyPrefix, lower)) continue;
    // Most lists have no wildcard with a literal prefix: the prefix of the value (a new string) is not worth making.
    const colon = outer.patternsByPrefix.size === 0 ? -1 : lower.indexOf(':');
    if (colon < 0 || !coveredByPattern(outer.patternsByPrefix.get(lower.slice(0, colon)), lower)) return false;
  }
  return true;
}

function coveredByPattern(patterns: readonly ActionPattern[] | undefined, lower: string): boolean {
  if (!patterns) return false;
  for (const pattern of patterns) if (lower.startsWith(pattern.head) && patternCovers(pattern.lower, lower, false)) return true;
  return false;
}

function coversResources(outer: PatternSet, statement: Statement): boolean {
  const values = statement.resource?.values ?? [];
  return values.length > 0 && values.every(({ value }) => outer.coveringIndex(value, -1) !== undefined);
}

function sameContent(a: Statement, b: Statement): boolean {
  const withoutSid = (statement: Statement) => {
    const value = sortKeys(getNodeValue(statement.node)) as Record<string, unknown>;
    delete value.Sid;
    return JSON.stringify(value);
  };
  return withoutSid(a) === withoutSid(b);
}

// Removing a statement that repeats another changes nothing, so "Fix all" may apply it; removing one that is only
// covered loses its Sid and layout, which the author may want to keep while merging.
function removeFix(policy: PolicyDocument, statement: Statement, exact: boolean): Fix[] {
  const array = policy.statementElement?.valueNode;
  if (array?.type !== 'array') return [];
  const items = (array.children ?? []).map(spanOfNode);
  const index = items.findIndex((span) => span.start === statement.span.start);
  if (index < 0) return [];
  return [{ title: `Remove ${statementLabel(statement)}`, edits: [removeEntry(items, index)], ...(exact ? { isPreferred: true } : {}) }];
}
