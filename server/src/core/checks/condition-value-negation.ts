import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { formatConditionOperator } from '../policy/condition-operators';
import type { Check } from './check';

// IAM's patterns know `*` and `?` and nothing else: a leading `!` is a character to match, not "everything but"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
// A real bucket policy's Deny on `StringLike aws:userid "!*:serverless"` meant to spare one role's sessions and
// applied to nobody.
export const conditionValueNegation: Check = {
  id: 'condition-value-negation',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'IAM condition values have no negation: a value that starts with "!" ("!*:serverless") matches only text that begins with "!". Exclude values with the negated operator (StringNotLike, StringNotEquals, ArnNotLike) instead.',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator || (operator.family !== 'String' && operator.family !== 'Arn')) continue;
      const opposite = formatConditionOperator(operator.negated ? operator.base.replace('Not', '') : operator.base.replace(/^(String|Arn)/, '$1Not'), operator);
      for (const { values } of block.entry.keys) {
        for (const value of values) {
          if (value.jsonType !== 'string' || !/^!\S/.test(value.value)) continue;
          report(
            conditionValueSpan(text, value),
            `"${value.value}" starts with "!", which IAM reads as a character, not as "all but": under "${block.entry.operator}" it matches only values that begin with "!". To ${operator.negated ? 'require' : 'exclude'} "${value.value.slice(1)}", test it with "${opposite}".`,
          );
        }
      }
    }
  },
};
