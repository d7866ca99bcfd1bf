import { conditionValueSpan } from '../policy/condition-blocks';
import { parseConditionOperator } from '../policy/condition-operators';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
export const conditionPrincipalArn: Check = {
  id: 'condition-principal-arn',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    "aws:PrincipalArn is the ARN of the IAM user, role, federated user or account root that makes the request; for a role's session it is the role's ARN. Another service's ARN (an SNS topic's: test aws:SourceArn for a service acting for a resource) or an assumed-role session ARN never matches it.",
  run({ policy, report }) {
    const { text } = policy;
    // The entries as written, not conditionBlocksOf's: a value with a template's placeholder in another field than
    // the service (`arn:aws:sns:${var.region}:…`) is judged too.
    for (const statement of policy.statements) {
      for (const entry of statement.condition?.operators ?? []) {
        const family = parseConditionOperator(entry.operator)?.family;
        if (family !== 'String' && family !== 'Arn') continue;
        for (const { key, property, values } of entry.keys) {
          if (key.toLowerCase() !== 'aws:principalarn') continue;
          const read = values.filter((value) => value.jsonType === 'string').map((value) => ({ value, arn: parts(value.value) }));
          // Every value another service's: the author meant the resource the request comes from.
          const sourceArn = read.length > 0 && read.every(({ arn }) => arn !== undefined && arn.service !== 'iam' && arn.service !== 'sts');
          for (const { value, arn } of read) {
            if (!arn) continue;
            if (arn.service !== 'iam' && arn.service !== 'sts') {
              const fixes: Fix[] = sourceArn ? [{ title: 'Change the key to "aws:SourceArn"', edits: [{ span: property.keySpan, newText: '"aws:SourceArn"' }] }] : [];
              report(
                conditionValueSpan(text, value),
                `"${value.value}" is an ARN of ${arn.service}, but aws:PrincipalArn holds the ARN of the IAM user, role or account that makes the request, so it never matches. For a service that acts for this resource, test "aws:SourceArn".`,
                { fixes },
              );
              continue;
            }
            const session = arn.service === 'sts' && !mayHavePolicyVariable(value.value) ? /^assumed-role\/([^/]+)/.exec(arn.resource) : null;
            if (!session) continue;
            const role = `arn:${arn.partition}:iam::${arn.account}:role/${session[1]}`;
            report(conditionValueSpan(text, value), `"${value.value}" is a role session's ARN, but for a role aws:PrincipalArn holds the role's ARN ("${role}"), so it never matches.`, {
              fixes: [{ title: `Change to "${role}"`, edits: [{ span: value.span, newText: JSON.stringify(role) }], isPreferred: true }],
            });
          }
        }
      }
    }
  },
};

/** An ARN's partition, service, account and resource, when its service is written out (no wildcard, no placeholder). */
function parts(value: string): { partition: string; service: string; account: string; resource: string } | undefined {
  const match = /^arn:([^:]*):([^:]*):[^:]*:([^:]*):(.*)$/.exec(value);
  if (!match || match[2] === '' || /[*?$]/.test(match[2])) return undefined;
  return { partition: match[1], service: match[2].toLowerCase(), account: match[3], resource: match[4] };
}
