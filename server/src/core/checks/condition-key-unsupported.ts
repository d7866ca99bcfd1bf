import type { Catalog } from '../catalog/catalog';
import { conditionBlocksOf } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import { actionsMatching } from '../risk/action-expansion';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import type { ConditionKeyEntry, Statement } from '../policy/model';
import { hasWildcard, matchesWildcard } from '../text/wildcard';
import type { Check } from './check';

export const conditionKeyUnsupported: Check = {
  id: 'condition-key-unsupported',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    "A condition key of one service is only in the request context of the actions that support it. A key of another service than the statement's actions, which none of them supports, never has a value there, so the condition never does what it says.",
  run({ policy, catalog, report }) {
    // conditionBlocksOf lists the blocks in statement order, so a statement's blocks are one run of the list, and
    // statementActionsOf has the statement's action index at the statement's position.
    const blocks = conditionBlocksOf(policy);
    if (blocks.length === 0) return;
    const statements = policy.statements;
    let position = 0;
    for (let first = 0, end = 0; first < blocks.length; first = end) {
      const statement = blocks[first].statement;
      end = first + 1;
      while (end < blocks.length && blocks[end].statement === statement) end++;
      const candidates: ConditionKeyEntry[] = [];
      for (let b = first; b < end; b++) for (const entry of blocks[b].entry.keys) if (isServiceKey(catalog, entry.key)) candidates.push(entry);
      if (candidates.length === 0) continue;
      while (statements[position] !== statement) position++;
      const keys = keysOfStatement(catalog, statement, statementActionsOf(policy)[position]);
      if (!keys) continue;
      for (const entry of candidates) {
        // The Service Authorization Reference leaves out some keys that a service's own actions do support
        // (AWS managed policies use aws-marketplace:ProductId with aws-marketplace:Subscribe), so only keys of
        // another service are judged.
        if (keys.services.has(entry.key.slice(0, entry.key.indexOf(':')).toLowerCase())) continue;
        if (supportsKey(catalog, keys, entry.key)) continue;
        report(
          entry.property.keySpan,
          `Condition key "${entry.key}" does not apply to ${describeActions(statement)}: no request for them carries it. Remove the condition or move it to a statement with actions that support the key.`,
        );
      }
    }
  },
};

// Global keys can be in any request. Keys of identity providers (saml:, cognito-identity.amazonaws.com:, …) stay
// in the context of the federated session's later requests, which is how policy variables like
// ${cognito-identity.amazonaws.com:sub} work. Unknown keys are condition-key-unknown's.
function isServiceKey(catalog: Catalog, key: string): boolean {
  const found = lookUpConditionKey(catalog, key);
  return found.kind === 'known' && found.documented && !found.key.global && catalog.findService(key.slice(0, key.indexOf(':'))) !== undefined;
}

/** The condition keys of a statement's actions, lower-cased: plain names, and templates as glob patterns (`aws:resourcetag/*`). */
interface StatementKeys {
  services: Set<string>;
  names: Set<string>;
  templates: string[];
}

// The memo key of a list's keys (see StatementActions.memo): the index is of the Action list when the statement has
// one, and lists equal but for case share it, as IAM reads them alike. Keyed by the list, an unchanged list costs no
// lower-cased copy of its values on each parse (ReadOnlyAccess has 1,400).
const listKeys = {};

// Only statements whose actions are all known can be judged: Action (not NotAction), no "*", no wildcard in a
// service prefix, and every value matching at least one catalog action. Computed once per list of actions.
function keysOfStatement(catalog: Catalog, statement: Statement, grants: StatementActions): StatementKeys | undefined {
  const values = statement.action?.values;
  if (!values || values.length === 0 || statement.notAction) return undefined;
  const memoed = grants.memo.get(listKeys) as { catalog: Catalog; keys: StatementKeys | undefined } | undefined;
  if (memoed && memoed.catalog === catalog) return memoed.keys;
  const keys = collectKeys(
    catalog,
    values.map((v) => v.value),
  );
  grants.memo.set(listKeys, { catalog, keys });
  return keys;
}

function collectKeys(catalog: Catalog, patterns: string[]): StatementKeys | undefined {
  const keys: StatementKeys = { services: new Set(), names: new Set(), templates: [] };
  const templates = new Set<string>();
  for (const pattern of patterns) {
    const colon = pattern.indexOf(':');
    if (colon <= 0 || hasWildcard(pattern.slice(0, colon))) return undefined;
    // From the expansion cache the other action rules fill, rather than a match of the catalog of its own.
    const actions = actionsMatching(catalog, pattern);
    if (actions.length === 0) return undefined;
    for (const action of actions) {
      keys.services.add(action.service.toLowerCase());
      for (const key of catalog.conditionKeysOf(action)) {
        const lower = key.name.toLowerCase();
        keys.names.add(lower);
        if (key.template) templates.add(lower.replace(/\$\{[^}]+\}|<[^>]+>|(?<=\/)tag-key$/g, '*'));
      }
    }
  }
  keys.templates = [...templates];
  return keys;
}

function supportsKey(catalog: Catalog, keys: StatementKeys, key: string): boolean {
  const lower = key.toLowerCase();
  if (keys.names.has(lower)) return true;
  const found = lookUpConditionKey(catalog, key);
  if (found.kind === 'known' && keys.names.has(found.key.name.toLowerCase())) return true;
  return keys.templates.some((template) => matchesWildcard(template, lower, false));
}

function describeActions(statement: Statement): string {
  const names = statement.action!.values.map((v) => v.value);
  if (names.length === 1) return names[0];
  const shown = names.slice(0, 3);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}
