import type { Catalog, CatalogAction, CatalogConditionKey } from '../catalog/catalog';
import { conditionOperators, parseConditionOperator, setQualifiers, type ConditionOperatorFamily } from '../policy/condition-operators';
import { operatorFamiliesFor } from '../policy/condition-keys';
import type { Statement } from '../policy/model';
import type { Span } from '../text/span';
import type { CompletionContext } from './context';
import { escapeSnippet } from './snippets';
import type { Completion } from './completion';

/** Condition operators at an operator key; operators that fit the keys already in the block come first. */
export function operatorCompletions(context: CompletionContext, statement: Statement | undefined, catalog: Catalog, hasValue: boolean): Completion[] {
  const block = statement?.condition?.operators.find((o) => containsSpan(o.property.keySpan, context.token.span));
  const keyFamilies = (block?.keys ?? []).map((k) => catalog.findConditionKey(k.key)).flatMap((k) => (k ? [operatorFamiliesFor(k)] : []));
  const multiValued = (block?.keys ?? []).some((k) => catalog.findConditionKey(k.key)?.multiValued);
  const items: Completion[] = [];
  for (const definition of conditionOperators) {
    const fits = keyFamilies.length === 0 || keyFamilies.every((families) => !families || families.includes(definition.family) || definition.family === 'Null');
    const names = [definition.name, ...(definition.ifExists ? [`${definition.name}IfExists`] : [])];
    if (definition.family !== 'Null') for (const qualifier of setQualifiers) names.push(`${qualifier}:${definition.name}`);
    for (const name of names) {
      const qualified = name.includes(':');
      const rank = (fits ? 0 : 2) + (qualified !== multiValued ? 1 : 0);
      items.push({
        label: name,
        kind: 'operator',
        detail: definition.family,
        documentation: definition.description,
        insertText: hasValue ? `"${name}"` : `"${name}": {\n\t"$1": "$2"\n}`,
        snippet: !hasValue,
        span: context.token.span,
        filterText: context.token.quoted ? `"${name}"` : name,
        sortText: `${rank}${name.endsWith('IfExists') ? 1 : 0}${name}`,
      });
    }
  }
  return items;
}

/** Condition keys at a key position: the statement's actions' keys and the global keys, each with its type. */
export function conditionKeyCompletions(context: CompletionContext, statement: Statement | undefined, operator: string, catalog: Catalog, hasValue: boolean): Completion[] {
  const family = parseConditionOperator(operator)?.family;
  const actions = actionsOf(statement, catalog);
  const serviceKeys = new Map<string, { key: CatalogConditionKey; supporting: number }>();
  for (const action of actions) {
    for (const key of catalog.conditionKeysOf(action)) {
      if (key.global) continue;
      const entry = serviceKeys.get(key.name) ?? { key, supporting: 0 };
      entry.supporting++;
      serviceKeys.set(key.name, entry);
    }
  }
  const items: Completion[] = [];
  const add = (key: CatalogConditionKey, group: number, note: string) => {
    const fits = !family || family === 'Null' || (operatorFamiliesFor(key) ?? [family]).includes(family as ConditionOperatorFamily);
    items.push({
      label: key.name,
      kind: 'conditionKey',
      detail: `${key.type}${note}`,
      documentation: key.description,
      insertText: insertKey(key, hasValue, family),
      snippet: true,
      span: context.token.span,
      filterText: context.token.quoted ? `"${key.name}"` : key.name,
      sortText: `${fits ? 0 : 5}${group}${key.name}`,
    });
  };
  for (const { key, supporting } of serviceKeys.values()) add(key, 0, actions.length > 1 ? ` · ${supporting} of ${actions.length} actions` : '');
  for (const key of catalog.globalConditionKeys()) add(key, 1, ' · global');
  return items;
}

function insertKey(key: CatalogConditionKey, hasValue: boolean, family: string | undefined): string {
  // A template's placeholder (`${TagKey}`, `<key>`, `tag-key`) becomes the first tab stop.
  const name = key.name.replace(/\$\{([^}]+)\}|<([^>]+)>/, (_, a: string | undefined, b: string | undefined) => `\u0000${a ?? b}\u0000`);
  const parts = name.split('\u0000');
  const keySnippet = parts.length === 3 ? `${escapeSnippet(parts[0])}\${1:${escapeSnippet(parts[1])}}${escapeSnippet(parts[2])}` : escapeSnippet(key.name);
  if (hasValue) return `"${keySnippet}"`;
  const stop = parts.length === 3 ? 2 : 1;
  const value = family === 'Bool' || key.type.endsWith('Bool') ? `"\${${stop}|true,false|}"` : key.multiValued ? `["$${stop}"]` : `"$${stop}"`;
  return `"${keySnippet}": ${value}`;
}

function actionsOf(statement: Statement | undefined, catalog: Catalog): CatalogAction[] {
  const result = new Map<string, CatalogAction>();
  for (const value of statement?.action?.values ?? []) {
    const found = /[*?]/.test(value.value) ? catalog.matchActions(value.value).slice(0, 500) : [catalog.findAction(value.value)];
    for (const action of found) if (action) result.set(action.fullName, action);
  }
  return [...result.values()];
}

function containsSpan(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Policy variables after an unclosed `${` in a Resource or Condition value. */
export function policyVariableCompletions(context: CompletionContext, catalog: Catalog): Completion[] {
  const typed = context.token.typed;
  const open = typed.lastIndexOf('${');
  if (open < 0 || typed.indexOf('}', open) >= 0) return [];
  const start = context.token.span.start + (context.token.quoted ? 1 : 0) + open + 2;
  const cursor = context.token.span.start + (context.token.quoted ? 1 : 0) + typed.length;
  const span = { start, end: cursor };
  const items: Completion[] = [
    { label: '*', kind: 'variable', detail: 'a literal *', insertText: '*}', span, sortText: '2*' },
    { label: '?', kind: 'variable', detail: 'a literal ?', insertText: '?}', span, sortText: '2?' },
    { label: '$', kind: 'variable', detail: 'a literal $', insertText: '$}', span, sortText: '2$' },
  ];
  for (const key of catalog.globalConditionKeys()) {
    // Multi-valued keys cannot be used as variables.
    if (key.multiValued) continue;
    const template = /\$\{[^}]+\}/.test(key.name);
    items.push({
      label: key.name,
      kind: 'variable',
      detail: key.type,
      documentation: key.description,
      insertText: template ? `${escapeSnippet(key.name.replace(/\$\{[^}]+\}/, '\u0000')).replace('\u0000', '${1:TagKey}')}}` : `${key.name}}`,
      snippet: template,
      span,
      sortText: `${['aws:username', 'aws:userid', 'aws:PrincipalTag/${TagKey}', 'aws:PrincipalAccount'].includes(key.name) ? 0 : 1}${key.name}`,
    });
  }
  return items;
}
