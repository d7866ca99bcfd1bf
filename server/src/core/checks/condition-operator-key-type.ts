import { conditionBlocksOf, renameOperatorEdit, type ConditionBlock } from '../policy/condition-blocks';
import { lookUpConditionKey, operatorFamiliesFor } from '../policy/condition-keys';
import { findConditionOperator, formatConditionOperator, type ConditionOperatorFamily, type ParsedConditionOperator } from '../policy/condition-operators';
import type { Check, Fix } from './check';

export const conditionOperatorKeyType: Check = {
  id: 'condition-operator-key-type',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    "The operator must suit the condition key's type: String or ARN operators for String and ARN keys, Bool for Boolean keys, Numeric for numbers, Date for dates (aws:EpochTime also takes Numeric) and IpAddress for IP addresses. Null suits every key.",
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      // Null tests presence, which every key has; no catalog key is typed Binary.
      if (!operator || operator.family === 'Null' || operator.family === 'Binary') continue;
      for (const { key, property } of block.entry.keys) {
        const found = lookUpConditionKey(catalog, key);
        if (found.kind !== 'known') continue;
        const families = operatorFamiliesFor(found.key);
        if (!families || families.includes(operator.family)) continue;
        const wanted = families[0];
        const replacement = block.entry.keys.length === 1 ? equivalentOperator(operator, wanted) : undefined;
        const fixes = replacement ? renameFix(block, replacement) : [];
        const example = replacement ?? examples[wanted];
        report(
          property.keySpan,
          `Condition key "${key}" has type ${found.key.type}, but "${block.entry.operator}" ${compares[operator.family]}. Use ${articles[wanted]} ${wanted} operator such as "${example}".`,
          { fixes },
        );
      }
    }
  },
};

const compares: Record<ConditionOperatorFamily, string> = {
  String: 'compares strings',
  Numeric: 'compares numbers',
  Date: 'compares dates',
  Bool: 'compares Booleans',
  Binary: 'compares binary values',
  IpAddress: 'compares IP addresses',
  Arn: 'compares ARNs',
  Null: 'tests presence',
};

const articles: Record<ConditionOperatorFamily, string> = { String: 'a', Numeric: 'a', Date: 'a', Bool: 'a', Binary: 'a', IpAddress: 'an', Arn: 'an', Null: 'a' };

const examples: Record<ConditionOperatorFamily, string> = {
  String: 'StringEquals',
  Numeric: 'NumericLessThanEquals',
  Date: 'DateGreaterThan',
  Bool: 'Bool',
  Binary: 'BinaryEquals',
  IpAddress: 'IpAddress',
  Arn: 'ArnLike',
  Null: 'Null',
};

/** The operator of family `wanted` that compares the same way, keeping qualifier and IfExists; undefined when none does. */
function equivalentOperator(operator: ParsedConditionOperator, wanted: ConditionOperatorFamily): string | undefined {
  const { comparison, negated, ignoreCase } = operator;
  if (ignoreCase || comparison === 'like') return undefined;
  let base: string | undefined;
  const ordered = comparison === 'lessThan' || comparison === 'lessThanEquals' || comparison === 'greaterThan' || comparison === 'greaterThanEquals';
  const suffix = ordered ? comparison[0].toUpperCase() + comparison.slice(1) : negated ? 'NotEquals' : 'Equals';
  switch (wanted) {
    case 'Numeric':
    case 'Date':
      base = `${wanted}${suffix}`;
      break;
    case 'String':
      if (!ordered) base = `String${suffix}`;
      break;
    case 'Bool':
      if (!ordered && !negated) base = 'Bool';
      break;
    case 'IpAddress':
      if (!ordered) base = negated ? 'NotIpAddress' : 'IpAddress';
      break;
  }
  if (!base || !findConditionOperator(base)) return undefined;
  return formatConditionOperator(base, operator);
}

function renameFix(block: ConditionBlock, name: string): Fix[] {
  const edit = renameOperatorEdit(block, name);
  return edit ? [{ title: `Change the operator to "${name}"`, edits: [edit], isPreferred: true }] : [];
}
