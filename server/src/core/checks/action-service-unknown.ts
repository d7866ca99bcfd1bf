import type { Catalog } from '../catalog/catalog';
import { closestMatches } from '../text/suggest';
import type { Check } from './check';
import { ActionIssue, actionNameOf, forEachResolvedAction } from './resolved-actions';
import { detached } from '../text/detached';

export const actionServiceUnknown: Check = {
  id: 'action-service-unknown',
  severity: 'error',
  description: 'The service prefix of an action must be one AWS defines (s3, ec2, iam ...); a statement naming an unknown service never matches a request.',
  run({ policy, catalog, report }) {
    forEachResolvedAction(policy, catalog, ActionIssue.UnknownService, (value, known) => {
      if (!known || known.prefixHasWildcard || known.service) return;
      const action = actionNameOf(value);
      const managed = catalog.managedPolicyGranting(action.prefix);
      if (managed) {
        report(
          action.prefixSpan,
          `"${action.prefix}" is not a service prefix in the Service Authorization Reference, though the AWS managed policy ${managed.policy} grants its actions: a service AWS retired (they then grant nothing) or has not documented. Keep it only where you mean to copy that policy.`,
          { severity: 'information' },
        );
        return;
      }
      const suggestions = prefixSuggestions(catalog, action.prefix);
      const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ' Check the service prefix in the Service Authorization Reference.';
      report(action.prefixSpan, `"${action.prefix}" is not a known AWS service prefix.${hint}`, {
        fixes: suggestions.map((prefix, i) => ({
          title: `Change to "${prefix}:${action.name}"`,
          edits: [{ span: action.prefixSpan, newText: prefix }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    });
  },
};

// Old policies repeat the same retired prefix hundreds of times; suggest once per prefix.
const suggestionsByCatalog = new WeakMap<Catalog, Map<string, string[]>>();
// Bounded, so that a file of made-up prefixes cannot grow it without end.
const suggestionLimit = 1000;

function prefixSuggestions(catalog: Catalog, prefix: string): string[] {
  let cache = suggestionsByCatalog.get(catalog);
  if (!cache) suggestionsByCatalog.set(catalog, (cache = new Map()));
  let suggestions = cache.get(prefix);
  if (!suggestions) {
    suggestions = closestMatches(
      prefix,
      catalog.services().map((s) => s.prefix),
    );
    if (cache.size >= suggestionLimit) cache.clear();
    cache.set(detached(prefix), suggestions);
  }
  return suggestions;
}
