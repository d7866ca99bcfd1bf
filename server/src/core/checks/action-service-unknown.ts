import type { Catalog } from '../catalog/catalog';
import { actionValuesOf, parseActionName } from '../policy/action-name';
import { closestMatches } from '../text/suggest';
import type { Check } from './check';

export const actionServiceUnknown: Check = {
  id: 'action-service-unknown',
  severity: 'error',
  description: 'The service prefix of an action must be one AWS defines (s3, ec2, iam ...); a statement naming an unknown service never matches a request.',
  run({ policy, catalog, report }) {
    for (const statement of policy.statements) {
      for (const value of actionValuesOf(statement)) {
        const action = parseActionName(value);
        if (!action || action.prefixHasWildcard || catalog.findService(action.prefix)) continue;
        const suggestions = closestMatches(action.prefix, servicePrefixes(catalog));
        const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ' Check the service prefix in the Service Authorization Reference.';
        report(action.prefixSpan, `"${action.prefix}" is not a known AWS service prefix.${hint}`, {
          fixes: suggestions.map((prefix, i) => ({
            title: `Change to "${prefix}:${action.name}"`,
            edits: [{ span: action.prefixSpan, newText: prefix }],
            isPreferred: i === 0 && suggestions.length === 1,
          })),
        });
      }
    }
  },
};

const prefixesByCatalog = new WeakMap<Catalog, string[]>();

export function servicePrefixes(catalog: Catalog): string[] {
  let prefixes = prefixesByCatalog.get(catalog);
  if (!prefixes) {
    prefixes = catalog.services().map((s) => s.prefix);
    prefixesByCatalog.set(catalog, prefixes);
  }
  return prefixes;
}
