import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import type { ConditionOperatorFamily } from '../policy/condition-operators';
import { isBase64Value, isDateValue, isNumericValue, parseBooleanValue, parseIpRange } from '../policy/condition-values';
import type { ConditionValue } from '../policy/model';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

export const conditionValueFormat: Check = {
  id: 'condition-value-format',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'Each operator family reads its values in one format: Numeric operators numbers, Date operators ISO 8601 dates or epoch seconds, Bool "true" or "false", BinaryEquals base64, and IpAddress/NotIpAddress IPv4 or IPv6 addresses and CIDR ranges.',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const format = block.operator && formats[block.operator.family];
      if (!format) continue;
      for (const { values } of block.entry.keys) {
        for (const value of values) {
          // Variables in these operators are policy-variable-operator's; null is value-type's.
          if (value.jsonType === 'null' || mayHavePolicyVariable(value.value) || format.accepts(value.value)) continue;
          const shown = value.jsonType === 'string' ? `"${value.value}"` : value.value;
          report(conditionValueSpan(text, value), `${shown} is not ${format.noun}, so "${block.entry.operator}" cannot compare it. ${format.advice}`, {
            fixes: format.fix?.(value),
          });
        }
      }
    }
  },
};

interface Format {
  noun: string;
  advice: string;
  accepts(value: string): boolean;
  fix?(value: ConditionValue): Fix[];
}

const formats: Partial<Record<ConditionOperatorFamily, Format>> = {
  Numeric: { noun: 'a number', advice: 'Write an integer or a decimal number, such as "10" or "1.5".', accepts: isNumericValue },
  Date: {
    noun: 'a date',
    advice: 'Write an ISO 8601 date such as "2025-01-31" or "2025-01-31T12:00:00Z".',
    accepts: isDateValue,
  },
  Bool: { noun: 'a Boolean', advice: 'Use "true" or "false".', accepts: (value) => parseBooleanValue(value) !== undefined },
  Binary: { noun: 'base64', advice: 'BinaryEquals compares against the base64 encoding of the bytes, such as "QmluYXJ5VmFsdWU=".', accepts: isBase64Value },
  IpAddress: {
    noun: 'an IP address or CIDR range',
    advice: 'Write an IPv4 or IPv6 address or CIDR range, such as "203.0.113.0/24" or "2001:DB8::/32"; wildcards do not work here.',
    accepts: (value) => parseIpRange(value) !== undefined,
    fix: ipFixes,
  },
};

// "10.1.*" and "10.1.*.*" mean 10.1.0.0/16; " 10.1.2.3" has stray spaces.
function ipFixes(value: ConditionValue): Fix[] {
  const trimmed = value.value.trim();
  let range: string | undefined;
  if (trimmed !== value.value && parseIpRange(trimmed)) range = trimmed;
  const wildcard = /^((?:\d{1,3}\.){1,3})\*(?:\.\*)*$/.exec(trimmed);
  if (wildcard) {
    const octets = wildcard[1].slice(0, -1).split('.');
    const candidate = `${[...octets, '0', '0', '0'].slice(0, 4).join('.')}/${octets.length * 8}`;
    if (trimmed.split('.').length <= 4 && parseIpRange(candidate)) range = candidate;
  }
  return range ? [{ title: `Change to "${range}"`, edits: [{ span: value.span, newText: JSON.stringify(range) }], isPreferred: true }] : [];
}
