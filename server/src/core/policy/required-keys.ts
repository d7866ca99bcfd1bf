import { parseConditionOperator } from './condition-operators';
import type { ConditionKeyEntry, ConditionOperatorEntry, Statement } from './model';

/**
 * The keys a request must carry for the statement's Condition to hold, each with the operator that requires it: a
 * test that is false when the key is missing (no IfExists, not negated, not ForAllValues, which holds for a missing
 * key), or `Null` with "false". None for a condition known only at deploy time.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
 */
export function requiredKeys(statement: Statement): { key: ConditionKeyEntry; operator: ConditionOperatorEntry }[] {
  const condition = statement.condition;
  if (!condition || condition.deployTime) return [];
  const required: { key: ConditionKeyEntry; operator: ConditionOperatorEntry }[] = [];
  for (const operator of condition.operators) {
    const parsed = parseConditionOperator(operator.operator);
    if (!parsed) continue;
    for (const key of operator.keys) {
      const requires =
        parsed.family === 'Null'
          ? !parsed.setQualifier && key.values.length > 0 && key.values.every((value) => value.value.toLowerCase() === 'false')
          : !parsed.ifExists && !parsed.negated && parsed.setQualifier !== 'ForAllValues';
      if (requires) required.push({ key, operator });
    }
  }
  return required;
}
