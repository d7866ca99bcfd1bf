import { conditionBlocksOf, renameOperatorEdit } from '../policy/condition-blocks';
import { isNullWithIfExists, suggestConditionOperators } from '../policy/condition-operators';
import { isWholePlaceholder } from '../policy/whole-placeholder';
import type { Check, Fix } from './check';

export const conditionOperatorUnknown: Check = {
  id: 'condition-operator-unknown',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    'Each key of a Condition must be a condition operator such as StringEquals, optionally with ForAllValues: or ForAnyValue: before it and IfExists after it; IAM matches operator names case-sensitively.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const name = block.entry.operator;
      // NullIfExists is reported, with its own explanation, by condition-null-operator.
      if (block.operator || isNullWithIfExists(name) || isWholePlaceholder(name)) continue;
      const suggestions = suggestConditionOperators(name);
      const hint = suggestions.length > 0 ? ` Did you mean "${suggestions[0]}"?` : ' Use an operator such as "StringEquals", "ArnLike" or "Bool".';
      const fixes: Fix[] = [];
      for (const suggestion of suggestions) {
        const edit = renameOperatorEdit(block, suggestion);
        if (edit) fixes.push({ title: `Change to "${suggestion}"`, edits: [edit] });
      }
      if (fixes.length === 1 && suggestions.length === 1) fixes[0].isPreferred = true;
      report(block.entry.property.keySpan, `"${name}" is not a condition operator; IAM rejects the policy.${hint}`, { fixes });
    }
  },
};
