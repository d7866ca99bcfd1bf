import type { Statement, StringValue } from '../policy/model';
import { keyTestsOf } from '../risk/trust';
import type { Check } from './check';

// Keys that say who the caller is, or for which account or resource a service acts. Tag, type and session keys
// do not count: anyone can tag their own principals or set up a session the same way, and an external ID is
// shared with the third party, not a secret (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
const identifyingKeys = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName',
    'aws:userid',
    'aws:username',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
  ].map((key) => key.toLowerCase()),
);

// trust-policy-elements reports {"AWS": "*"} without any Condition; this rule covers the conditions that leave it open.
export const trustAnyPrincipal: Check = {
  id: 'trust-any-principal',
  severity: 'warning',
  description:
    'A role trust policy that lets "*" assume the role must limit who the caller is with aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn; conditions on the transport, tags or an external ID leave the role open to every AWS account.',
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !statement.condition) continue;
      const everyone = everyoneValue(statement);
      if (!everyone) continue;
      const keys = keyTestsOf(statement).map(({ entry }) => entry.key);
      if (keys.length === 0 || keys.some((key) => identifyingKeys.has(key.toLowerCase()))) continue;
      const tested =
        keys.length === 1
          ? `"${keys[0]}"`
          : `${keys
              .slice(0, -1)
              .map((k) => `"${k}"`)
              .join(', ')} and "${keys[keys.length - 1]}"`;
      report(
        everyone.span,
        `Any principal of any AWS account can assume this role: the condition tests only ${tested}, which does not limit who the caller is. Add "aws:PrincipalOrgID", "aws:PrincipalAccount" or "aws:PrincipalArn", or name the principals.`,
      );
    }
  },
};

/** The `"*"` that stands for every principal: `"Principal": "*"` or `{"AWS": "*"}`. */
function everyoneValue(statement: Statement): StringValue | undefined {
  const principal = statement.principal;
  if (!principal) return undefined;
  if (principal.wildcard?.value === '*') return principal.wildcard;
  return principal.entries.find((entry) => entry.type === 'AWS')?.values.find((value) => value.value === '*');
}
