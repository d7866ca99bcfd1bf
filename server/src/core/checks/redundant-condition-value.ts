import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { findRedundantValues } from '../risk/redundant-values';
import { arrayItemRemover } from '../risk/policy-edits';
import type { Check, Fix, TextEdit } from './check';

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
        const redundant = findRedundantValues(entry.values, { headOf: noHead, ignoreCase: operator.ignoreCase, globs: Boolean(globs), hasVariable: holdsDollarBrace });
        if (redundant.length === 0) continue;
        const remove = arrayItemRemover(entry);
        for (const [index, by, duplicate] of redundant) {
          const value = entry.values[index];
          const why = duplicate ? `"${value.value}" is listed twice for "${entry.key}".` : `"${value.value}" is already matched by "${entry.values[by].value}" for "${entry.key}".`;
          report(conditionValueSpan(policy.text, value), `${why} Remove it.`, { fixes: removeFix(remove(value.span)) });
        }
      }
    }
  },
};

// A variable stands for text the policy does not know, and the escapes `${*}`, `${?}` and `${$}` for a literal `*`, `?`
// and `$`, which a glob comparison would read as a wildcard or as text: "*${*}*" (holds a `*`) is not covered by
// "*$*" (holds a `$`). Such values are compared only for repeats.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
const holdsDollarBrace = (value: string) => value.includes('${');

// Condition values have no head to index patterns by: a value may be any text.
const noHead = () => undefined;

// A key matches when any of its values does, so removing a covered value changes nothing: safe for "Fix all".
function removeFix(edit: TextEdit | undefined): Fix[] {
  return edit ? [{ title: 'Remove the redundant value', edits: [edit], isPreferred: true }] : [];
}
