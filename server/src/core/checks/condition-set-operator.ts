import type { Catalog } from '../catalog/catalog';
import { conditionBlocksOf, renameOperatorEdit, type ConditionBlock } from '../policy/condition-blocks';
import { isMultivaluedKey } from '../policy/multivalued-keys';
import { isInEveryRequest } from '../policy/condition-keys';
import { formatConditionOperator, setQualifiers } from '../policy/condition-operators';
import type { Check, CheckContext, Fix } from './check';
import type { Span } from '../text/span';
import type { PolicyDocument, Statement } from '../policy/model';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
export const conditionSetOperator: Check = {
  id: 'condition-set-operator',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'A multivalued condition key (aws:TagKeys and the other ArrayOf… keys) needs ForAllValues: or ForAnyValue: to say whether every or any value must match, and a single-valued key takes neither: ForAllValues: on it also matches when the key is missing.',
  run({ policy, catalog, report }) {
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      // Null tests whether the key is there at all, whatever its values.
      if (!operator || operator.family === 'Null') continue;
      for (const { key, property } of block.entry.keys) {
        const multiValued = isMultivaluedKey(catalog, key);
        if (multiValued === true && !operator.setQualifier) {
          const [all, any] = setQualifiers.map((setQualifier) => formatConditionOperator(operator.base, { setQualifier, ifExists: operator.ifExists }));
          report(property.keySpan, `Condition key "${key}" can have several values in a request. Use "${all}" if every value must match, or "${any}" if at least one must.`, {
            fixes: everyKey(catalog, block, true) ? [renameFix(block, all), renameFix(block, any)].flat() : [],
          });
        } else if (multiValued === false && operator.setQualifier) {
          const plain = formatConditionOperator(operator.base, { ifExists: operator.ifExists });
          if (operator.setQualifier === 'ForAnyValue' && operator.negated && !operator.ifExists && !isInEveryRequest(key) && !absentDeniedApart(policy, block.statement, key)) {
            const fixes = everyKey(catalog, block, false) ? renameFix(block, plain) : [];
            reportNegatedAnyValue(block, key, property.keySpan, formatConditionOperator(operator.base, operator), plain, fixes, report);
            continue;
          }
          const forAll = operator.setQualifier === 'ForAllValues';
          const why = forAll ? forAllValuesConsequence(block, key) : isInEveryRequest(key) ? everyRequestCarriesIt : 'set operators are meant for multivalued keys';
          // ForAllValues: matches a request without the key as `…IfExists` does: that rename keeps what the statement
          // matches, and is the one to apply unseen. The plain operator also stops matching requests without the key,
          // which breaks a statement whose actions or resources do not all carry it (ec2:RunInstances on "*" with
          // ec2:InstanceType: its subnet, volume and image lack the key).
          const keepsAbsent = forAll && !operator.ifExists && !isInEveryRequest(key);
          const ifExists = formatConditionOperator(operator.base, { ifExists: true });
          const fixes = everyKey(catalog, block, false) ? (keepsAbsent ? [...renameFix(block, ifExists), ...renameFix(block, plain)] : renameFix(block, plain)) : [];
          if (fixes[0]) fixes[0].isPreferred = true;
          // ForAnyValue: on a single value matches exactly when the plain operator does where the request has the key:
          // with a positive operator (a request without the key matches neither), with a key every request carries,
          // or beside a Deny of requests without the key. Then it is only a matter of style: AWS's own managed
          // policies and CDK's pipeline roles write it, and IAM Access Analyzer reports only ForAllValues:.
          const styleOnly = !forAll;
          const advice = keepsAbsent ? `Use "${plain}", or "${ifExists}" to keep matching requests without the key (where some of the statement's actions or resources lack it)` : `Use "${plain}"`;
          report(property.keySpan, `Condition key "${key}" has a single value, and ${why}. ${advice}.`, { fixes, ...(styleOnly ? { severity: 'information' as const } : {}) });
        }
      }
    }
  },
};

/**
 * Whether another Deny of the policy denies the same actions when the key is missing (`"Null": {"aws:RequestTag/stage":
 * "true"}`): AWS's pattern for requiring a tag from a list, where the negated ForAnyValue: statement then means just
 * what the plain operator would.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
 */
function absentDeniedApart(policy: PolicyDocument, statement: Statement, key: string): boolean {
  const lower = key.toLowerCase();
  const actions = (statement.action?.values ?? []).map((value) => value.value.toLowerCase());
  return policy.statements.some((other) => {
    if (other === statement || other.effect?.value?.value !== 'Deny' || other.condition?.operators.length !== 1) return false;
    const [only] = other.condition.operators;
    if (only.operator !== 'Null' || only.keys.length !== 1 || only.keys[0].key.toLowerCase() !== lower) return false;
    if (only.keys[0].values.length !== 1 || String(only.keys[0].values[0].value).toLowerCase() !== 'true') return false;
    const covered = (other.action?.values ?? []).map((value) => value.value.toLowerCase());
    return covered.includes('*') || (actions.length > 0 && actions.every((action) => covered.includes(action)));
  });
}

const everyRequestCarriesIt = 'every request carries it, so set operators, meant for multivalued keys, only blur what the test means';

// ForAllValues: is true when the key is missing: an Allow then grants more than meant, a Deny denies more.
function forAllValuesConsequence(block: ConditionBlock, key: string): string {
  if (isInEveryRequest(key)) return everyRequestCarriesIt;
  const matches = '"ForAllValues:" also matches requests without the key';
  return block.statement.effect?.value?.value === 'Deny' ? `${matches}, so this statement denies them too` : `${matches}, which can be overly permissive`;
}

// Renaming the operator changes it for every key of the block, so the fix is offered only when all agree.
function everyKey(catalog: Catalog, block: ConditionBlock, multiValued: boolean): boolean {
  return block.entry.keys.every(({ key }) => isMultivaluedKey(catalog, key) === multiValued);
}

function renameFix(block: ConditionBlock, name: string): Fix[] {
  const edit = renameOperatorEdit(block, name);
  return edit ? [{ title: `Change the operator to "${name}"`, edits: [edit] }] : [];
}

/**
 * A negated ForAnyValue: on a single-valued key (`ForAnyValue:StringNotEquals`) matches only requests that carry the
 * key, where the plain operator also matches those without it. Sometimes that is the point: AWS RAM checks a share's
 * principals and its resources in separate request contexts, and `ram:Principal` is absent from the resources' (AWS's
 * own SCP example denies sharing outside the organization this way). In a Deny it leaves requests without the key
 * undenied, which for most keys is a gap (`aws:PrincipalOrgID` is absent from anonymous requests): a warning that
 * says so, with the plain operator as a fix, not preferred. In an Allow it grants nothing without the key, the narrower
 * reading: information, and no fix, since the plain operator would grant more.
 * https://docs.aws.amazon.com/ram/latest/userguide/security-iam-policies-examples.html
 */
function reportNegatedAnyValue(block: ConditionBlock, key: string, keySpan: Span, written: string, plain: string, fixes: Fix[], report: CheckContext['report']): void {
  const plainly = `"${plain}" with "Null": {"${key}": "false"} says the same plainly`;
  if (block.statement.effect?.value?.value === 'Deny') {
    report(
      keySpan,
      `Condition key "${key}" has a single value: "${written}" matches only requests that carry it, so this statement does not deny requests without the key. To deny them too, use "${plain}"; if they are meant to pass, ${plainly}.`,
      { fixes },
    );
  } else {
    report(keySpan, `Condition key "${key}" has a single value: "${written}" matches only requests that carry it, so this statement allows nothing without the key; ${plainly}.`, {
      severity: 'information',
    });
  }
}
