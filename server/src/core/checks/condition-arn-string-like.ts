import { conditionBlocksOf, renameOperatorEdit } from '../policy/condition-blocks';
import { lookUpConditionKey } from '../policy/condition-keys';
import { formatConditionOperator } from '../policy/condition-operators';
import type { Check, Fix } from './check';

// "ARN condition operators" in the IAM User Guide: ArnLike matches each of the six colon-separated parts of the
// ARN on its own, so a wildcard cannot spill from one part into the next, as it can with StringLike.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
export const conditionArnStringLike: Check = {
  id: 'condition-arn-string-like',
  severity: 'hint',
  onlyWith: 'Condition',
  description:
    'ARN-typed condition keys (aws:SourceArn, aws:PrincipalArn …) read best with ArnLike or ArnNotLike, which match an ARN part by part, than with StringLike, where a wildcard can run across the colons.',
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (!operator || operator.family !== 'String' || !operator.like) continue;
      const arnOperator = formatConditionOperator(operator.negated ? 'ArnNotLike' : 'ArnLike', { setQualifier: operator.setQualifier, ifExists: operator.ifExists });
      const isArnKey = (key: string) => {
        const found = lookUpConditionKey(catalog, key);
        return found.kind === 'known' && /^(?:ArrayOf)?ARN$/i.test(found.key.type);
      };
      const everyKeyIsArn = block.entry.keys.every(({ key, values }) => isArnKey(key) && values.every((v) => v.value.startsWith('arn:')));
      for (const { key, property, values } of block.entry.keys) {
        // Only values written as ARNs: ArnLike does not match a value without the six parts.
        if (!isArnKey(key) || values.length === 0 || !values.every((v) => v.value.startsWith('arn:'))) continue;
        const edit = everyKeyIsArn ? renameOperatorEdit(block, arnOperator) : undefined;
        const fixes: Fix[] = edit ? [{ title: `Change the operator to "${arnOperator}"`, edits: [edit] }] : [];
        report(
          property.keySpan,
          `"${key}" holds an ARN: use "${arnOperator}", which matches it part by part, so that a wildcard cannot run across the colons as it can with "${block.entry.operator}".`,
          { fixes },
        );
      }
    }
  },
};
