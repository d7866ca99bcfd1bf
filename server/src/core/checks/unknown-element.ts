import { principalTypes, statementElements, topLevelElements } from '../policy/elements';
import type { Property } from '../policy/model';
import { closestMatches } from '../text/suggest';
import { isWholePlaceholder } from '../policy/whole-placeholder';
import type { Check, CheckContext } from './check';

export const unknownElement: Check = {
  id: 'unknown-element',
  severity: 'error',
  description:
    'IAM knows only Version, Id and Statement at the top level; Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition in a statement; and AWS, Service, Federated and CanonicalUser in a Principal. Element names are case-sensitive.',
  run(context) {
    const { policy } = context;
    checkKeys(context, policy.properties, topLevelElements, 'at the top level of a policy');
    for (const statement of policy.statements) {
      checkKeys(context, statement.properties, statementElements, 'in a statement');
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

function checkKeys(context: CheckContext, properties: Property[], known: readonly string[], where: string): void {
  for (const property of properties) {
    if (known.includes(property.key) || isWholePlaceholder(property.key)) continue;
    const suggestions = closestMatches(singular(property.key), known);
    const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ` Use one of ${known.map((k) => `"${k}"`).join(', ')}.`;
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
