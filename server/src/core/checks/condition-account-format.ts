import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { parseConditionOperator } from '../policy/condition-operators';
import { placeholderIn } from '../policy/placeholder-text';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

// Keys whose value is a 12-digit account ID ("aws:SourceAccount … the AWS account ID of the resource"; kms:CallerAccount
// "the AWS account ID of the caller"). An ARN or an ID written with dashes is never a request's value.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
const accountKeys = new Set(['aws:sourceaccount', 'aws:principalaccount', 'aws:resourceaccount', 'aws:vpceaccount', 'aws:sourceowner', 'kms:calleraccount']);

export const conditionAccountFormat: Check = {
  id: 'condition-account-format',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'aws:SourceAccount, aws:PrincipalAccount, aws:ResourceAccount, aws:VpceAccount, aws:SourceOwner and kms:CallerAccount hold a 12-digit account ID; an ARN, or an ID written with dashes, never matches.',
  run({ policy, report }) {
    const { text } = policy;
    // The written blocks, values known only at deploy included: `arn:aws:iam::${var.account}:root` is an ARN whatever
    // the account is.
    for (const statement of policy.statements) {
      for (const written of statement.condition?.operators ?? []) {
        const operator = parseConditionOperator(written.operator);
        if (operator?.family !== 'String') continue;
        for (const { key, values } of written.keys) {
          if (!accountKeys.has(key.toLowerCase())) continue;
          for (const value of values) {
            if (!value.placeholders?.length || !value.value.startsWith('arn:')) continue;
            report(value.span, `"${value.value}" is an ARN, not an account ID: ${key} holds the 12-digit ID of an account, so this value never matches. Write the account's ID alone.`);
          }
        }
      }
    }
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.family !== 'String') continue;
      for (const { key, values } of block.entry.keys) {
        if (!accountKeys.has(key.toLowerCase())) continue;
        for (const value of values) {
          // Wildcards under an operator that reads them literally are condition-wildcard-without-like's.
          if (value.jsonType !== 'string' || mayHavePolicyVariable(value.value) || (!operator.like && /[*?]/.test(value.value))) continue;
          if (mayBeAccountId(value.value, operator.like)) continue;
          const account = accountIn(value.value);
          // The whole JSON string, quotes included, as value.span is: a host writes the fix in its own quoting.
          const fixes: Fix[] = account ? [{ title: `Change to "${account}"`, edits: [{ span: value.span, newText: JSON.stringify(account) }], isPreferred: true }] : [];
          const span = conditionValueSpan(text, value);
          if (placeholderIn(value.value)) {
            report(span, `"${value.value}" is a placeholder left in, not an account ID: ${key} holds the 12-digit ID of an account, so this value never matches. Replace it with the account's ID.`);
            continue;
          }
          const what = value.value.startsWith('arn:') ? 'is an ARN, not an account ID' : 'is not an account ID';
          report(span, `"${value.value}" ${what}: ${key} holds the 12-digit ID of an account, so this value never matches.${account ? ` Write "${account}".` : ''}`, { fixes });
        }
      }
    }
  },
};

/** A 12-digit ID, or under a Like operator a pattern that could match one (digits and wildcards only). */
function mayBeAccountId(value: string, like: boolean): boolean {
  return like && /[*?]/.test(value) ? /^[0-9*?]+$/.test(value) : /^\d{12}$/.test(value);
}

/** The account a value plainly means: an account's ARN (`arn:aws:iam::111122223333:root`) or an ID with dashes. */
function accountIn(value: string): string | undefined {
  const arn = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(value);
  if (arn) return arn[1];
  const digits = /^\d{4}-\d{4}-\d{4}$/.test(value) ? value.replace(/-/g, '') : undefined;
  return digits;
}
