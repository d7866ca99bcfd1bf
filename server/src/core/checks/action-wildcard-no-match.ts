import { actionValuesOf, parseActionName } from '../policy/action-name';
import type { Check } from './check';

export const actionWildcardNoMatch: Check = {
  id: 'action-wildcard-no-match',
  severity: 'error',
  description: 'An action with "*" or "?" must match at least one action AWS defines; one that matches none (s3:Gte*) does nothing.',
  run({ policy, catalog, report }) {
    for (const statement of policy.statements) {
      for (const value of actionValuesOf(statement)) {
        const action = parseActionName(value);
        if (!action || (!action.prefixHasWildcard && !action.nameHasWildcard)) continue;
        if (!action.prefixHasWildcard && !catalog.findService(action.prefix)) continue;
        if (catalog.matchActions(value.value).length > 0) continue;
        report(action.prefixHasWildcard ? { start: action.prefixSpan.start, end: action.nameSpan.end } : action.nameSpan, `"${value.value}" matches no AWS action. Check the spelling of the part before or after the wildcard.`);
      }
    }
  },
};
