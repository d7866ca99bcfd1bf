import { conditionBlocksOf, renameOperatorEdit, type ConditionBlock } from '../policy/condition-blocks';
import { formatConditionOperator } from '../policy/condition-operators';
import { parseBooleanValue } from '../policy/condition-values';
import type { Statement } from '../policy/model';
import { patternCovers } from '../text/wildcard';
import { denyReachesStatement } from '../risk/policy-denies';
import type { Check, Fix } from './check';

// aws:MultiFactorAuthPresent is in the request context only for temporary credentials; requests signed with an
// IAM user's access keys carry neither it nor aws:MultiFactorAuthAge.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
export const conditionMfaPitfall: Check = {
  id: 'condition-mfa-pitfall',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'MFA conditions that do not enforce MFA: aws:MultiFactorAuthPresent is missing from requests signed with long-term access keys, so Deny with Bool "false" lets them through and Allow with BoolIfExists "true" or Null "false" grants them.',
  run({ policy, report }) {
    // A sibling Deny with only `"Null": {key: "true"}` denies the requests that carry no key, which closes the gap.
    const closedBy = (statement: Statement, keys: readonly string[]) => policy.statements.some((other) => other !== statement && isNullDeny(other, keys) && denyCoversStatement(other, statement));
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      const effect = block.statement.effect?.value?.value;
      if (!operator || operator.setQualifier || (effect !== 'Allow' && effect !== 'Deny')) continue;
      for (const { key, property, values } of block.entry.keys) {
        const lower = key.toLowerCase();
        const bool = values.length === 1 ? parseBooleanValue(values[0].value) : undefined;
        if (lower === 'aws:multifactorauthpresent') {
          if (effect === 'Deny' && operator.base === 'Bool' && !operator.ifExists && bool === false) {
            if (closedBy(block.statement, ['aws:multifactorauthpresent', 'aws:multifactorauthage'])) continue;
            report(
              property.keySpan,
              'Requests signed with long-term access keys carry no "aws:MultiFactorAuthPresent", so "Bool" with "false" does not deny them. Use "BoolIfExists", as the IAM User Guide does, to deny every request without MFA.',
              { fixes: renameFix(block, formatConditionOperator('Bool', { ifExists: true })) },
            );
          } else if (effect === 'Allow' && operator.base === 'Bool' && operator.ifExists && bool === true) {
            report(
              property.keySpan,
              'With "BoolIfExists", requests signed with long-term access keys, which carry no "aws:MultiFactorAuthPresent", are allowed without MFA. Use "Bool" to allow only requests made with MFA.',
              { fixes: renameFix(block, 'Bool') },
            );
          } else if (effect === 'Allow' && operator.base === 'Null' && bool === false) {
            report(
              property.keySpan,
              '"aws:MultiFactorAuthPresent" is present in every request made with temporary credentials, with MFA or without, so "Null" with "false" does not require MFA. Use "Bool": {"aws:MultiFactorAuthPresent": "true"}.',
            );
          }
        } else if (
          lower === 'aws:multifactorauthage' &&
          effect === 'Deny' &&
          operator.family === 'Numeric' &&
          !operator.ifExists &&
          !operator.negated &&
          operator.comparison.startsWith('greaterThan')
        ) {
          // Only a missing aws:MultiFactorAuthAge marks every request without MFA; temporary credentials made
          // without MFA still carry aws:MultiFactorAuthPresent.
          if (closedBy(block.statement, ['aws:multifactorauthage'])) continue;
          report(
            property.keySpan,
            `Requests made without MFA carry no "aws:MultiFactorAuthAge", so "${block.entry.operator}" does not deny them. Use "${formatConditionOperator(operator.base, { ifExists: true })}" to deny them too.`,
            { fixes: renameFix(block, formatConditionOperator(operator.base, { ifExists: true })) },
          );
        }
      }
    }
  },
};

// Renaming changes the operator of every key of the block; other keys could change meaning, so only a block that
// tests this one key gets the fix.
function renameFix(block: ConditionBlock, name: string): Fix[] {
  if (block.entry.keys.length !== 1) return [];
  const edit = renameOperatorEdit(block, name);
  return edit ? [{ title: `Change the operator to "${name}"`, edits: [edit] }] : [];
}

// The S3 User Guide pairs "NumericGreaterThan": {"aws:MultiFactorAuthAge": 3600} with a statement that denies
// "Null": {"aws:MultiFactorAuthAge": true}: https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
function isNullDeny(statement: Statement, lowerKeys: readonly string[]): boolean {
  if (statement.effect?.value?.value !== 'Deny') return false;
  const operators = statement.condition?.operators ?? [];
  if (operators.length !== 1 || operators[0].operator !== 'Null' || operators[0].keys.length !== 1) return false;
  const [{ key, values }] = operators[0].keys;
  return lowerKeys.includes(key.toLowerCase()) && values.length === 1 && parseBooleanValue(values[0].value) === true;
}

// The Null deny must reach every action, resource and principal of the statement it closes.
function denyCoversStatement(deny: Statement, statement: Statement): boolean {
  if (!deny.action || !statement.action || !denyReachesStatement(deny, statement)) return false;
  const patterns = deny.action.values.map((v) => v.value);
  return statement.action.values.every(({ value }) => patterns.some((pattern) => patternCovers(pattern, value, true)));
}
