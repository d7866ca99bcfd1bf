import { conditionBlocksOf, type ConditionBlock } from '../policy/condition-blocks';
import type { Statement } from '../policy/model';
import { requiredKeys } from '../policy/required-keys';
import { addConditionEdit } from '../risk/policy-edits';
import type { Check, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// "ForAllValues … returns true if there are no context keys in the request": in an Allow statement that is a hole
// unless something else makes the key required.
//
// Only keys whose absence means the request is outside what the condition is about: a principal outside any
// organization, a request no service made on the caller's behalf, a KMS request without encryption context (the
// KMS guide warns about this one). For aws:TagKeys, kms:GrantOperations and other keys that list what a request
// adds, AWS's own examples use ForAllValues alone on purpose: a request that adds nothing has nothing to restrict.
const keysAbsentOutside = new Set(
  ['aws:PrincipalOrgPaths', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths', 'aws:VpceOrgPaths', 'aws:CalledVia', 'aws:PrincipalServiceNamesList', 'kms:EncryptionContextKeys'].map((key) =>
    key.toLowerCase(),
  ),
);
export const conditionForAllValuesAbsent: Check = {
  id: 'condition-for-all-values-absent',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'ForAllValues: is also true when the request does not carry the key at all, so in an Allow statement a test of aws:PrincipalOrgPaths, aws:CalledVia or kms:EncryptionContextKeys also grants requests from outside any organization, not made through a service, or without encryption context, unless a Null check or another condition requires the key.',
  run({ policy, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.setQualifier !== 'ForAllValues' || operator.family === 'Null' || block.statement.effect?.value?.value !== 'Allow') continue;
      for (const { key, property } of block.entry.keys) {
        if (!keysAbsentOutside.has(key.toLowerCase()) || requiresKey(block.statement, key, block)) continue;
        report(
          property.keySpan,
          `"${block.entry.operator}" is also true when the request has no "${key}" at all, so this Allow statement also grants requests without it. If the key must be present, add "Null": {"${key}": "false"}.`,
          { fixes: nullFix(policy.text, block.statement, key) },
        );
      }
    }
  },
};

/** Whether another test of the statement makes the key required (requiredKeys), or one that implies it. */
function requiresKey(statement: Statement, key: string, except: ConditionBlock): boolean {
  const lower = key.toLowerCase();
  return requiredKeys(statement).some(({ key: entry, operator }) => operator !== except.entry && implies(entry.key.toLowerCase(), lower));
}

/**
 * Whether a request that carries `tested` carries `key` too: the key itself, or one pair of a KMS request's encryption
 * context (`kms:EncryptionContext:tenant`), whose keys are kms:EncryptionContextKeys.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
 */
function implies(tested: string, key: string): boolean {
  if (tested === key) return true;
  return key === 'kms:encryptioncontextkeys' && tested.startsWith('kms:encryptioncontext:') && tested.length > 'kms:encryptioncontext:'.length;
}

function nullFix(text: string, statement: Statement, key: string): Fix[] {
  const edit = addConditionEdit(text, statement, 'Null', key, 'false');
  return edit ? [{ title: `Require "${key}" with a Null condition`, edits: [edit] }] : [];
}
