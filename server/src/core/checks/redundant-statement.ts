import { getNodeValue } from 'jsonc-parser';
import type { JsonNode, PolicyDocument, Statement } from '../policy/model';
import { spanOfNode } from '../policy/parse-policy';
import { removeEntry } from '../policy/json-edits';
import { statementActionsOf, type ActionPattern, type StatementActions } from '../risk/action-grants';
import { PatternSet } from '../risk/pattern-cover';
import { patternCovers } from '../text/wildcard';
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
    const groups = new Map<string, StatementActions[]>();
    for (const grants of statementActionsOf(policy)) {
      const key = groupKey(grants.statement);
      if (key === undefined) continue;
      const group = groups.get(key);
      if (group) group.push(grants);
      else groups.set(key, [grants]);
    }
    for (const group of groups.values()) {
      if (group.length < 2 || group.length > MAX_GROUP) continue;
      // A statement's resource set is built only when its actions cover another's, which most never do.
      const resources: (PatternSet | undefined)[] = [];
      const covers = (k: number, j: number) => coversActions(group[k], group[j]) && coversResources((resources[k] ??= resourceSetOf(group[k])), group[j].statement);
      group.forEach(({ statement }, j) => {
        const i = group.findIndex((_, k) => k !== j && covers(k, j) && (k < j || !covers(j, k)));
        if (i < 0) return;
        const by = group[i].statement;
        const same = sameContent(by, statement);
        report(
          statementAnchor(statement),
          same
            ? `${statementLabel(statement)} repeats ${statementLabel(by)}. Remove it.`
            : `${statementLabel(statement)} adds nothing: ${statementLabel(by)} has the same Effect${statement.principal ? ', Principal' : ''} and Condition, and already covers its actions and resources. Remove it, or merge the two.`,
          { fixes: removeFix(policy, statement, same) },
        );
      });
    }
  },
};

/**
 * Effect, Principal and Condition as canonical JSON; undefined for statements the rule does not compare. Most
 * statements of identity policies have neither Principal nor Condition: their key is the Effect alone, which no
 * JSON array key can equal, so they skip the copy, sort and stringify of the two elements.
 */
function groupKey(statement: Statement): string | undefined {
  const effect = statement.effect?.value?.value;
  if ((effect !== 'Allow' && effect !== 'Deny') || !statement.action || !statement.resource || statement.notAction || statement.notResource || statement.notPrincipal) return undefined;
  const principal = statement.principal?.property.valueNode;
  const condition = statement.condition?.property.valueNode;
  if (!principal && !condition) return effect;
  return `[${JSON.stringify(effect)},${principal ? canonicalText(principal) : 'null'},${condition ? canonicalText(condition) : 'null'}]`;
}

/**
 * The node's value as JSON with the keys of each object sorted, written from the tree without building the value:
 * two nodes get the same text exactly when `getNodeValue` gives them equal values (the last of repeated keys wins).
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
      return JSON.stringify(node.value) ?? 'null';
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
