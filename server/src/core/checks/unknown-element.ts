import { principalTypes, statementElements, topLevelElements } from '../policy/elements';
import type { JsonNode, Property } from '../policy/model';
import { spanOf } from '../text/span';
import { closestMatches } from '../text/suggest';
import { isWholePlaceholder } from '../policy/whole-placeholder';
import { isLoneStatement } from '../policy/detect';
import type { Check, CheckContext } from './check';

export const unknownElement: Check = {
  id: 'unknown-element',
  severity: 'error',
  description:
    'IAM knows only Version, Id and Statement at the top level; Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition in a statement; and AWS, Service, Federated and CanonicalUser in a Principal. Element names are case-sensitive.',
  run(context) {
    const { policy } = context;
    // A statement written without its policy around it is statement-missing's to explain, once: its elements are
    // not each unknown at the top level.
    const lone = isLoneStatement(policy);
    const topLevel = lone ? policy.properties.filter((property) => !statementElements.some((name) => name.toLowerCase() === property.key.toLowerCase())) : policy.properties;
    checkKeys(context, topLevel, topLevelElements, 'at the top level of a policy', policy.root);
    // What to suggest in a statement: a policy of a type that names no principal takes no Principal either (an SCP's).
    const suggested = TAKES_PRINCIPAL.has(context.policyType) ? statementElements : statementElements.filter((name) => name !== 'Principal' && name !== 'NotPrincipal');
    for (const statement of policy.statements) {
      checkKeys(context, statement.properties, statementElements, 'in a statement', undefined, suggested);
      for (const element of [statement.principal, statement.notPrincipal]) {
        if (element)
          checkKeys(
            context,
            element.entries.map((e) => e.property),
            principalTypes,
            `in ${element.property.key}`,
          );
      }
    }
  },
};

const TAKES_PRINCIPAL: ReadonlySet<string> = new Set(['resource', 'trust', 'rcp']);

function checkKeys(context: CheckContext, properties: Property[], known: readonly string[], where: string, root?: JsonNode, suggested: readonly string[] = known): void {
  for (const property of properties) {
    if (known.includes(property.key) || isWholePlaceholder(property.key)) continue;
    const cased = known.find((name) => name.toLowerCase() === property.key.toLowerCase());
    if (cased) {
      // `statement`, `effect`: the shape Pulumi's aws-native examples write, which IAM refuses. At the top level the
      // statements under the key are not read, so one fix writes every element name of the policy as IAM spells it.
      const every = root ? casedKeyEdits(root) : [];
      context.report(
        property.keySpan,
        `"${property.key}" is not a valid element ${where}: element names are case-sensitive, and IAM rejects the policy ("Unknown field ${property.key}"). Write "${cased}".`,
        {
          fixes: [
            { title: `Change to "${cased}"`, edits: [{ span: property.keySpan, newText: JSON.stringify(cased) }], isPreferred: every.length <= 1 },
            ...(every.length > 1 ? [{ title: 'Write every element name of the policy as IAM does ("Statement", "Effect", "Action", …)', edits: every, isPreferred: true }] : []),
          ],
        },
      );
      continue;
    }
    const suggestions = closestMatches(singular(property.key), suggested);
    const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ` Use one of ${suggested.map((k) => `"${k}"`).join(', ')}.`;
    context.report(property.keySpan, `"${property.key}" is not a valid element ${where}.${hint}`, {
      fixes: suggestions.map((suggestion, i) => ({
        title: `Change to "${suggestion}"`,
        edits: [{ span: property.keySpan, newText: JSON.stringify(suggestion) }],
        isPreferred: i === 0 && suggestions.length === 1,
      })),
    });
  }
}

// "Actions", "Resources" and "Statements" are the most common misspellings of all.
function singular(key: string): string {
  return key.length > 3 && key.endsWith('s') && !key.endsWith('ss') ? key.slice(0, -1) : key;
}

/**
 * The edits that write each element name of a policy in IAM's letter case: the top level's, each statement's and each
 * principal's, wherever a name differs from IAM's only in case (`statement` → `Statement`, `service` → `Service`).
 */
function casedKeyEdits(root: JsonNode): { span: { start: number; end: number }; newText: string }[] {
  const edits: { span: { start: number; end: number }; newText: string }[] = [];
  const visit = (object: JsonNode | undefined, known: readonly string[], inner: (name: string, value: JsonNode | undefined) => void) => {
    if (object?.type !== 'object') return;
    for (const property of object.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || typeof key.value !== 'string') continue;
      const cased = known.find((name) => name.toLowerCase() === String(key.value).toLowerCase());
      if (!cased) continue;
      if (cased !== key.value) edits.push({ span: spanOf(key.offset, key.length), newText: JSON.stringify(cased) });
      inner(cased, value);
    }
  };
  const statement = (value: JsonNode | undefined) =>
    visit(value, statementElements, (name, inner) => {
      if (name === 'Principal' || name === 'NotPrincipal') visit(inner, principalTypes, () => {});
    });
  visit(root, topLevelElements, (name, value) => {
    if (name !== 'Statement') return;
    if (value?.type === 'array') (value.children ?? []).forEach(statement);
    else statement(value);
  });
  return edits;
}
