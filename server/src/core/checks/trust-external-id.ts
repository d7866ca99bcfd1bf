import type { Statement } from '../policy/model';
import { principalValuesOf } from '../policy/principals';
import { addConditionEdit } from '../risk/policy-edits';
import { keyTestsOf } from '../risk/trust';
import type { Check, Fix } from './check';

// Conditions that show the role is for people or workloads you control rather than a third party's service:
// same organization, MFA (a person signs in), or a named source identity; or an external ID already.
const ownAccessKeys = new Set(
  ['sts:ExternalId', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'sts:SourceIdentity', 'aws:SourceIdentity'].map((key) => key.toLowerCase()),
);

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
export const trustExternalId: Check = {
  id: 'trust-external-id',
  severity: 'information',
  description:
    "A role that another AWS account assumes for you, such as a vendor's monitoring or backup service, should require the sts:ExternalId the third party gave you, so that the third party cannot be tricked into using the role for another of its customers.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || statement.condition?.deployTime) continue;
      if (keyTestsOf(statement).some(({ entry }) => ownAccessKeys.has(entry.key.toLowerCase()))) continue;
      const principals = [...principalValuesOf(statement)].filter((p) => p.element === 'Principal');
      const account = principals.find((p) => p.type === 'AWS' && accountOf(p.value.value) !== undefined);
      if (!account) continue;
      const id = accountOf(account.value.value)!;
      report(
        account.value.span,
        `If account ${id} belongs to a third party that assumes this role for you, require the external ID it gave you with an "sts:ExternalId" condition; otherwise it could be tricked into using this role on behalf of another of its customers (the confused deputy problem).`,
        { fixes: principals.every((p) => p.type === 'AWS') ? externalIdFix(policy.text, statement) : [] },
      );
    }
  },
};

/** The account of an AWS principal given as an account ID or an IAM ARN; undefined for "*" and other values. */
function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

function externalIdFix(text: string, statement: Statement): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringEquals', 'sts:ExternalId', '${ExternalId}');
  return edit ? [{ title: 'Add an "sts:ExternalId" condition', edits: [edit] }] : [];
}
