import { conditionBlocksOf } from '../policy/condition-blocks';
import type { ConditionValue } from '../policy/model';
import type { Check } from './check';

export const conditionValueMixedTypes: Check = {
  id: 'condition-value-mixed-types',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    'The values of one condition key must share one JSON type: all strings, all numbers or all Booleans. Writing every value as a string always works, because IAM compares numbers and Booleans as text.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      for (const { key, values } of block.entry.keys) {
        // null values are value-type's to report.
        const typed = values.filter((value) => value.jsonType !== 'null');
        if (new Set(typed.map((value) => value.jsonType)).size < 2) continue;
        const hasString = typed.some((value) => value.jsonType === 'string');
        const first = typed[0];
        for (const value of typed) {
          const odd = hasString ? value.jsonType !== 'string' : value.jsonType !== first.jsonType;
          if (!odd) continue;
          const others = hasString ? 'other values are strings' : `the first value is ${article(first)}`;
          report(value.span, `Condition key "${key}" mixes JSON types: ${value.value} is ${article(value)}, but ${others}. Write it as the string "${value.value}".`, {
            fixes: [{ title: `Write ${value.value} as "${value.value}"`, edits: [{ span: value.span, newText: JSON.stringify(value.value) }], isPreferred: true }],
          });
        }
      }
    }
  },
};

function article(value: ConditionValue): string {
  return value.jsonType === 'boolean' ? 'a Boolean' : value.jsonType === 'number' ? 'a number' : 'a string';
}
