import { conditionBlocksOf, conditionValueSpan, renameOperatorEdit, type ConditionBlock } from '../policy/condition-blocks';
import { isNullWithIfExists } from '../policy/condition-operators';
import { parseBooleanValue } from '../policy/condition-values';
import type { Check, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
export const conditionNullOperator: Check = {
  id: 'condition-null-operator',
  severity: 'error',
  onlyWith: 'Condition',
  description: 'Null cannot take the IfExists suffix and should take no ForAllValues:/ForAnyValue: qualifier; its values are "true" (the key must be absent) or "false" (the key must be present).',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const name = block.entry.operator;
      const span = block.entry.property.keySpan;
      if (isNullWithIfExists(name)) {
        report(span, `"${name}" is not valid: Null checks whether a key is present, so it takes no IfExists suffix. Use "${name.replace(/IfExists$/, '')}".`, {
          fixes: renameFix(block, name.replace(/IfExists$/, '')),
        });
      } else if (block.operator?.family === 'Null' && block.operator.setQualifier) {
        const always = block.operator.setQualifier === 'ForAllValues' ? 'true' : 'false';
        report(span, `"${name}" always evaluates to ${always}: a set qualifier does not apply to the Null check. Use "Null".`, {
          severity: 'warning',
          fixes: renameFix(block, 'Null'),
        });
      }
      if (block.operator?.family !== 'Null' && !isNullWithIfExists(name)) continue;
      for (const { values } of block.entry.keys) {
        for (const value of values) {
          if (value.jsonType === 'null' || parseBooleanValue(value.value) !== undefined) continue;
          report(conditionValueSpan(text, value), `Null takes "true" (the key must be absent) or "false" (the key must be present), not "${value.value}".`, { severity: 'warning' });
        }
      }
    }
  },
};

function renameFix(block: ConditionBlock, name: string): Fix[] {
  const edit = renameOperatorEdit(block, name);
  return edit ? [{ title: `Change to "${name}"`, edits: [edit], isPreferred: true }] : [];
}
