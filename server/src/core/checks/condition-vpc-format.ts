import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

interface IdKind {
  /** "vpc" or "vpce". */
  prefix: string;
  noun: string;
  /** The key that takes the other kind of ID, for values written under the wrong key. */
  other: { key: string; prefix: string; noun: string };
}

const vpc: IdKind = { prefix: 'vpc', noun: 'VPC ID', other: { key: 'aws:SourceVpce', prefix: 'vpce', noun: 'VPC endpoint ID' } };
const vpce: IdKind = { prefix: 'vpce', noun: 'VPC endpoint ID', other: { key: 'aws:SourceVpc', prefix: 'vpc', noun: 'VPC ID' } };

const keys: Record<string, IdKind> = { 'aws:sourcevpc': vpc, 'aws:ec2instancesourcevpc': vpc, 'aws:sourcevpce': vpce };

export const conditionVpcFormat: Check = {
  id: 'condition-vpc-format',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'aws:SourceVpc and aws:Ec2InstanceSourceVpc hold VPC IDs ("vpc-" and 8 or 17 hexadecimal digits) and aws:SourceVpce holds VPC endpoint IDs ("vpce-" and the same); other values never match.',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.family !== 'String') continue;
      for (const { key, property, values } of block.entry.keys) {
        const kind = keys[key.toLowerCase()];
        if (!kind) continue;
        // Wildcards under an operator that reads them literally are condition-wildcard-without-like's.
        const checked = values.filter((value) => value.jsonType === 'string' && !mayHavePolicyVariable(value.value) && (operator.like || !/[*?]/.test(value.value)));
        const wrongKey = checked.length > 0 && checked.every((value) => isId(value.value, kind.other.prefix, operator.like, operator.ignoreCase));
        for (const value of checked) {
          if (isId(value.value, kind.prefix, operator.like, operator.ignoreCase)) continue;
          const looksLikeOther = isId(value.value, kind.other.prefix, operator.like, operator.ignoreCase);
          const hint = looksLikeOther ? ` It looks like a ${kind.other.noun}: use "${kind.other.key}".` : '';
          const fixes: Fix[] = wrongKey ? [{ title: `Change the key to "${kind.other.key}"`, edits: [{ span: property.keySpan, newText: JSON.stringify(kind.other.key) }] }] : [];
          report(conditionValueSpan(text, value), `"${value.value}" is not a ${kind.noun}, which is "${kind.prefix}-" followed by 8 or 17 hexadecimal digits, so it never matches.${hint}`, { fixes });
        }
      }
    }
  },
};

/** Whether the value is an ID with the prefix, or, with wildcards, could match one. */
function isId(value: string, prefix: string, like: boolean, ignoreCase: boolean): boolean {
  const text = ignoreCase ? value.toLowerCase() : value;
  if (!like || !/[*?]/.test(text)) return new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`).test(text);
  // With wildcards: the text before the first one must start an ID, and later literal parts must be hex digits.
  const [head, ...rest] = text.split(/[*?]+/);
  const id = `${prefix}-`;
  const headFits = head.length <= id.length ? id.startsWith(head) : head.startsWith(id) && /^[0-9a-f]*$/.test(head.slice(id.length));
  return headFits && rest.every((part) => /^[0-9a-f]*$/.test(part));
}
