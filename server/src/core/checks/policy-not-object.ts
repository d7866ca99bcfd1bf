import { spanOfNode } from '../policy/parse-policy';
import type { Check } from './check';

export const policyNotObject: Check = {
  id: 'policy-not-object',
  severity: 'error',
  description: 'A policy document is a single JSON object with a Statement element.',
  run({ policy, report }) {
    if (policy.root && policy.root.type !== 'object') {
      report(spanOfNode(policy.root), `A policy must be a JSON object, not ${describeJsonType(policy.root.type)}. Wrap it as {"Version": "2012-10-17", "Statement": [...]}.`);
    }
  },
};

export function describeJsonType(type: string): string {
  return type === 'array' ? 'an array' : type === 'object' ? 'an object' : type === 'null' ? 'null' : `a ${type}`;
}
