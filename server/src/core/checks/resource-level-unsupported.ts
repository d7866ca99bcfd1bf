import { statementFitsOf } from '../policy/action-resource-fit';
import { valueTextSpan } from '../policy/value-text';
import type { Check } from './check';

// The Service Authorization Reference lists no resource types for these actions: "you must specify all
// resources ("*") in the Resource element". AWS managed policies often list them beside specific ARNs, and some
// services may authorize them against the ARN all the same, so this is only information.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
export const resourceLevelUnsupported: Check = {
  id: 'resource-level-unsupported',
  severity: 'information',
  description: 'An action that does not support resource-level permissions is authorized against "*"; in a statement that lists only specific resource ARNs it most likely never matches.',
  run(context) {
    for (const fit of statementFitsOf(context.policy, context.catalog)) {
      for (const { value, actions, fits, starOnly } of fit.actions) {
        if (fits || !starOnly) continue;
        const span = valueTextSpan(value);
        if (actions.length > 1) {
          context.report(
            span,
            `None of the ${actions.length} actions that "${value.value}" matches supports resource-level permissions, so they most likely never match this statement's ARNs. Move them to a statement with "Resource": "*".`,
          );
          continue;
        }
        const conditions = actions[0].conditionKeys.length > 0 ? ', and narrow it with condition keys if needed' : '';
        context.report(
          span,
          `"${value.value}" does not support resource-level permissions, so it most likely never matches this statement's ARNs. Move it to a statement with "Resource": "*"${conditions}.`,
        );
      }
    }
  },
};
