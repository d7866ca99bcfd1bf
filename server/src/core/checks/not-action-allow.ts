import { actionsMatching, formatCount } from '../risk/action-expansion';
import { grantsPermissions } from '../risk/policy-scope';
import type { Check } from './check';

// "NotAction with Allow" grants everything not listed, including services and actions AWS adds later.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
export const notActionAllow: Check = {
  id: 'not-action-allow',
  severity: 'warning',
  description:
    'NotAction with "Effect": "Allow" grants every action except the listed ones, in every service, including actions AWS adds later; list the allowed actions in Action, or use NotAction with Deny.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsPermissions(policyType)) return;
    for (const statement of policy.statements) {
      const notAction = statement.notAction;
      if (statement.effect?.value?.value !== 'Allow' || !notAction || statement.action) continue;
      const excluded = new Set(notAction.values.flatMap((value) => actionsMatching(catalog, value.value)));
      const total = catalog.counts.actions;
      const resources = statement.resource?.values.some((value) => /^\*+$/.test(value.value)) || !statement.resource ? ' on every resource' : '';
      report(
        notAction.property.keySpan,
        `"NotAction" with "Allow" grants ${formatCount(total - excluded.size)} of the ${formatCount(total)} actions AWS defines today (all but the ${formatCount(excluded.size)} it matches)${resources}, and every action AWS adds later. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny".`,
      );
    }
  },
};
