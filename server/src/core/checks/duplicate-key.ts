import type { JsonNode } from '../policy/model';
import { propertiesOf } from '../policy/parse-policy';
import type { Check } from './check';

export const duplicateKey: Check = {
  id: 'duplicate-key',
  severity: 'error',
  description: 'A key may appear only once in an object. JSON parsers keep one of the values silently; IAM rejects the policy.',
  run({ policy, report }) {
    const visit = (node: JsonNode): void => {
      if (node.type === 'object') {
        const seen = new Set<string>();
        for (const property of propertiesOf(node)) {
          if (seen.has(property.key)) report(property.keySpan, `Duplicate key "${property.key}". Merge its values into the first "${property.key}" or remove it.`);
          seen.add(property.key);
        }
      }
      for (const child of node.children ?? []) visit(child);
    };
    if (policy.root) visit(policy.root);
  },
};
