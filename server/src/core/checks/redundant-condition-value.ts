import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import type { ConditionKeyEntry, ConditionValue } from '../policy/model';
import { hasPolicyVariable } from '../policy/arn';
import { patternCovers } from '../text/wildcard';
import { removeArrayItem } from '../risk/policy-edits';
import type { Check, Fix } from './check';

export const redundantConditionValue: Check = {
  id: 'redundant-condition-value',
  severity: 'hint',
  onlyWith: 'Condition',
  description: 'A condition value listed twice for the same key, or one that a wildcard value of a StringLike test already matches, adds nothing: a key matches when any one value does.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator || operator.family === 'Null') continue;
      // StringLike patterns cover one another as globs; ARN operators match part by part, so only duplicates there.
      const globs = operator.like && operator.family === 'String';
      for (const entry of block.entry.keys) {
        if (entry.values.length < 2) continue;
        const fold = (text: string) => (operator.ignoreCase ? text.toLowerCase() : text);
        entry.values.forEach((value, index) => {
          const key = fold(value.value);
          const duplicateOf = entry.values.findIndex((other, i) => i < index && fold(other.value) === key);
          let by = duplicateOf >= 0 ? entry.values[duplicateOf] : undefined;
          if (!by && globs && !hasPolicyVariable(value.value)) {
            by = entry.values.find(
              (other, i) => i !== index && !hasPolicyVariable(other.value) && patternCovers(other.value, value.value, false) && (i < index || !patternCovers(value.value, other.value, false)),
            );
          }
          if (!by) return;
          const why = duplicateOf >= 0 ? `"${value.value}" is listed twice for "${entry.key}".` : `"${value.value}" is already matched by "${by.value}" for "${entry.key}".`;
          report(conditionValueSpan(policy.text, value), `${why} Remove it.`, { fixes: removeFix(entry, value) });
        });
      }
    }
  },
};

// A key matches when any of its values does, so removing a covered value changes nothing: safe for "Fix all".
function removeFix(entry: ConditionKeyEntry, value: ConditionValue): Fix[] {
  const edit = removeArrayItem(entry, value.span);
  return edit ? [{ title: 'Remove the redundant value', edits: [edit], isPreferred: true }] : [];
}
