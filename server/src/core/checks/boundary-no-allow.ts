import { hasUnreadMembers } from '../policy/parse-policy';
import type { Check } from './check';

// "An entity's permissions boundary allows it to perform only the actions that are allowed by both its
// identity-based policies and its permissions boundaries", and a session's permissions are the intersection of the
// role's policies and the session policy: with no Allow, that intersection is empty.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
export const boundaryNoAllow: Check = {
  id: 'boundary-no-allow',
  severity: 'warning',
  description:
    'A permissions boundary or session policy with no Allow statement allows nothing: it caps what the role or session may do, so Deny statements alone leave it unable to do anything. Allow the most it may ever do (often Action "*") and deny what it must not.',
  run({ policy, policyType, report }) {
    if (policyType !== 'boundary' && policyType !== 'session') return;
    const { statements, statementElement } = policy;
    if (!statementElement || statements.length === 0 || hasUnreadMembers(policy.root)) return;
    // An Effect known only at deploy (`!Ref Effect`) or another member written by the host may be an Allow.
    if (statements.some((statement) => statement.effect?.value?.value !== 'Deny' || statement.effect.value.placeholders?.length || hasUnreadMembers(statement.node))) return;
    const what = policyType === 'boundary' ? 'This permissions boundary' : 'This session policy';
    const whom = policyType === 'boundary' ? 'the role or user it bounds' : 'the session';
    report(
      statementElement.keySpan,
      `${what} has only Deny statements, so it allows nothing and ${whom} can do nothing, whatever its own policies allow. Add an Allow statement for the most ${whom} may do, such as "Action": "*" on "Resource": "*", and keep the Denies for what it must not.`,
    );
  },
};
