import type { JsonNode } from '../policy/model';
import { propertiesOf } from '../policy/parse-policy';
import type { Check } from './check';

export const duplicateKey: Check = {
  id: 'duplicate-key',
  severity: 'error',
  description: 'A key may appear only once in an object. JSON parsers keep one of the values silently; IAM rejects the policy.',
  run({ policy, report }) {
    // A stack, not recursion: a deeply nested document must not exhaust the call stack.
    const pending: JsonNode[] = policy.root ? [policy.root] : [];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.type === 'object') {
        const seen = new Set<string>();
        for (const property of propertiesOf(node)) {
          if (seen.has(property.key)) report(property.keySpan, `Duplicate key "${property.key}". Merge its values into the first "${property.key}" or remove it.`);
          seen.add(property.key);
        }
      }
      for (const child of node.children ?? []) pending.push(child);
    }
  },
};
