import type { Catalog, CatalogAction, CatalogConditionKey } from '../catalog/catalog';
import { conditionBlocksOf } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import type { Statement } from '../policy/model';
import { actionsMatching } from '../risk/action-expansion';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import type { Check } from './check';

// The tag keys whose support the Service Authorization Reference lists per action and resource type.
const tagKeys = /^(?:aws:(?:ResourceTag|RequestTag)\/\$\{TagKey\}|aws:TagKeys)$/i;

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html: a key an action does not support is not in
// its request context. A Deny that needs the key then never applies ("fails open"); an Allow never matches.
export const conditionTagUnsupported: Check = {
  id: 'condition-tag-unsupported',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'aws:ResourceTag/…, aws:RequestTag/… and aws:TagKeys are in a request only for actions that support them; tested in a statement none of whose actions do, they never match, and a Deny that relies on them silently lets every request through.',
  run({ policy, catalog, report }) {
    let position = 0;
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      const effect = block.statement.effect?.value?.value;
      if (!operator || operator.family === 'Null' || (effect !== 'Allow' && effect !== 'Deny')) continue;
      for (const { key, property } of block.entry.keys) {
        const found = lookUpConditionKey(catalog, key);
        if (found.kind !== 'known' || !tagKeys.test(found.key.name)) continue;
        if (!block.statement.action) break;
        // The blocks come in statement order, and statementActionsOf has a statement's index at its position.
        while (policy.statements[position] !== block.statement) position++;
        const known = knownActionsOf(catalog, statementActionsOf(policy)[position]);
        const actions = known?.actions;
        if (!actions) break;
        if (supportsKey(catalog, known, found.key)) continue;
        const names =
          actions.length === 1
            ? actions[0].fullName
            : actions.length === 2
              ? `${actions[0].fullName} and ${actions[1].fullName}`
              : `${actions[0].fullName} and the other ${actions.length - 1} actions`;
        // A missing key makes positive operators false, and negated or IfExists ones true.
        const matchesWhenMissing = operator.negated || operator.ifExists || operator.setQualifier === 'ForAllValues';
        const outcome =
          effect === 'Deny'
            ? matchesWhenMissing
              ? 'this Deny applies to every request, whatever the tags'
              : 'this Deny never applies: it fails open'
            : matchesWhenMissing
              ? 'the condition limits nothing'
              : 'this statement never allows anything';
        report(
          property.keySpan,
          `${names} ${actions.length === 1 ? 'does' : 'do'} not support "${key}": the key is never in ${actions.length === 1 ? 'its' : 'their'} requests, so ${outcome}. Use a condition key the actions support, or give the actions that support tags a statement of their own.`,
        );
      }
    }
  },
};

/** A list's known actions (see `knownActions`), and by tag key whether any of them supports it. */
interface KnownActions {
  readonly catalog: Catalog;
  readonly actions: readonly CatalogAction[] | undefined;
  readonly supports: Map<CatalogConditionKey, boolean>;
}

// The memo key of a list's known actions (see StatementActions.memo). The index is of the Action list when the
// statement has one; what it holds depends on the values lower-cased only, as IAM reads them. An unchanged list
// then costs no expansion of its values and no walk over its actions' keys on each parse.
const listKnownActions = {};

function knownActionsOf(catalog: Catalog, grants: StatementActions): KnownActions {
  let known = grants.memo.get(listKnownActions) as KnownActions | undefined;
  if (!known || known.catalog !== catalog) grants.memo.set(listKnownActions, (known = { catalog, actions: knownActions(grants.statement, catalog), supports: new Map() }));
  return known;
}

function supportsKey(catalog: Catalog, known: KnownActions, key: CatalogConditionKey): boolean {
  let supported = known.supports.get(key);
  if (supported === undefined) {
    const template = key.name.toLowerCase();
    supported = known.actions!.some((action) => catalog.conditionKeysOf(action).some((k) => k.name.toLowerCase() === template));
    known.supports.set(key, supported);
  }
  return supported;
}

/** The statement's actions when every Action value names known actions of one service prefix; undefined otherwise. */
function knownActions(statement: Statement, catalog: Catalog): readonly CatalogAction[] | undefined {
  const values = statement.action?.values;
  if (!values || values.length === 0) return undefined;
  const actions: CatalogAction[] = [];
  for (const { value } of values) {
    const colon = value.indexOf(':');
    if (colon <= 0 || /[*?]/.test(value.slice(0, colon))) return undefined;
    const matched = actionsMatching(catalog, value);
    if (matched.length === 0) return undefined;
    actions.push(...matched);
  }
  return actions;
}
