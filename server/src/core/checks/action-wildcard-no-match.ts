import type { Check } from './check';
import { ActionIssue, actionNameOf, resolvedActions } from './resolved-actions';

export const actionWildcardNoMatch: Check = {
  id: 'action-wildcard-no-match',
  severity: 'error',
  description: 'An action with "*" or "?" must match at least one action AWS defines; one that matches none (s3:Gte*) does nothing.',
  run({ policy, catalog, report }) {
    const { valueLists, factLists, issues } = resolvedActions(policy, catalog);
    if (!(issues & ActionIssue.UnmatchedWildcard)) return;
    for (let l = 0; l < valueLists.length; l++) {
      const values = valueLists[l];
      const facts = factLists[l];
      for (let i = 0; i < values.length; i++) {
        const known = facts[i];
        if (!known || known.wildcardMatches !== false) continue;
        if (!known.prefixHasWildcard && !known.service) continue;
        const value = values[i];
        const action = actionNameOf(value);
        report(
          action.prefixHasWildcard ? { start: action.prefixSpan.start, end: action.nameSpan.end } : action.nameSpan,
          `"${value.value}" matches no AWS action. Check the spelling of the part before or after the wildcard.`,
        );
      }
    }
  },
};
