import { conditionBlocksOf } from '../policy/condition-blocks';
import type { Check } from './check';

export const conditionKeyCaseDuplicate: Check = {
  id: 'condition-key-case-duplicate',
  severity: 'error',
  onlyWith: 'Condition',
  description: 'A condition key may appear only once in an operator block. IAM ignores the case of key names, so "aws:SourceIp" and "aws:sourceip" are the same key written twice.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const first = new Map<string, string>();
      for (const { key, property } of block.entry.keys) {
        const lower = key.toLowerCase();
        const earlier = first.get(lower);
        if (earlier === undefined) first.set(lower, key);
        // The same spelling twice is a JSON duplicate, which duplicate-key reports.
        else if (earlier !== key) {
          report(property.keySpan, `Condition key "${key}" repeats "${earlier}" in the same "${block.entry.operator}" block; key names ignore case. Merge their values into one key.`);
        }
      }
    }
  },
};
