import { isValuePresentWhenever } from '../policy/parse-policy';
import type { ListElement } from '../policy/model';
import { statementActionsOf } from '../risk/action-grants';
import { arrayItemRemover, sortedUniqueEdit } from '../risk/policy-edits';
import { actionHead, redundantActionsOf, redundantValues, type RedundantValue } from '../risk/redundant-values';
import type { Check, CheckContext, Fix, TextEdit } from './check';

const MAX_SORTED = 200;

export const redundantAction: Check = {
  id: 'redundant-action',
  severity: 'hint',
  description: 'An action listed twice, or one that a wildcard in the same list already matches (s3:GetObject beside s3:Get*), adds nothing; remove it.',
  run({ policy, report }) {
    for (const grants of statementActionsOf(policy)) {
      if (grants.element) reportElement(policy.text, grants.element, redundantActionsOf(grants), report);
      // The shared index holds Action when a statement has both (element-conflict reports that); NotAction then
      // gets the generic comparison.
      const { action, notAction } = grants.statement;
      if (action && notAction) reportElement(policy.text, notAction, redundantValues(notAction, actionHead, true), report);
    }
  },
};

function reportElement(text: string, element: ListElement, redundant: readonly RedundantValue[], report: CheckContext['report']): void {
  if (redundant.length === 0) return;
  // One sorted list and one list of item spans serve every finding of the element. Rewriting a list of hundreds
  // of actions in one edit helps nobody review it, and sorting it would cost time on every keystroke.
  const sorted = element.values.length <= MAX_SORTED ? sortedUniqueEdit(text, element, true) : undefined;
  const remove = arrayItemRemover(element);
  for (const { value, by, duplicate } of redundant) {
    // A value that covers it only in some branch of a choice (`c ? 's3:*' : …`) does not make it redundant.
    if (!isValuePresentWhenever(by, value)) continue;
    const why = duplicate ? `"${value.value}" is listed twice in "${element.property.key}".` : `"${value.value}" is already matched by "${by.value}" in the same list.`;
    report(value.span, `${why} Remove it.`, { fixes: fixesFor(remove(value.span), sorted && { edit: sorted, key: element.property.key }) });
  }
}

// Removing a value another one covers leaves what the list matches unchanged, so "Fix all" may apply it.
function fixesFor(removal: TextEdit | undefined, sorted: { edit: TextEdit; key: string } | undefined): Fix[] {
  const fixes: Fix[] = [];
  if (removal) fixes.push({ title: 'Remove the redundant action', edits: [removal], isPreferred: true });
  if (sorted) fixes.push({ title: `Sort "${sorted.key}" and remove duplicates`, edits: [sorted.edit] });
  return fixes;
}
