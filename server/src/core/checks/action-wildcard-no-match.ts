import type { Check } from './check';
import { ActionIssue, actionNameOf, forEachResolvedAction } from './resolved-actions';

export const actionWildcardNoMatch: Check = {
  id: 'action-wildcard-no-match',
  severity: 'error',
  description: 'An action with "*" or "?" must match at least one action AWS defines; one that matches none (s3:Gte*) does nothing.',
  run({ policy, catalog, report }) {
    forEachResolvedAction(policy, catalog, ActionIssue.UnmatchedWildcard, (value, known) => {
      if (!known || known.wildcardMatches !== false) return;
      if (!known.prefixHasWildcard && !known.service) return;
      const action = actionNameOf(value);
      report(
        action.prefixHasWildcard ? { start: action.prefixSpan.start, end: action.nameSpan.end } : action.nameSpan,
        `"${value.value}" matches no AWS action. Check the spelling of the part before or after the wildcard.`,
      );
    });
  },
};
