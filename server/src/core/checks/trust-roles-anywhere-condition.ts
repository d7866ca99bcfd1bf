import { principalValuesOf } from '../policy/principals';
import { addConditionEdit } from '../risk/policy-edits';
import { keyTestsOf } from '../risk/trust';
import type { Statement } from '../policy/model';
import type { Check, Fix } from './check';

// "It is recommended to have condition statements in the Assume Role Policy Document to restrict authorization based
// on attributes that are extracted from an end-entity X.509 certificate", with aws:SourceArn naming the trust anchor.
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mappping-and-trust-policy.html
export const trustRolesAnywhereCondition: Check = {
  id: 'trust-roles-anywhere-condition',
  severity: 'warning',
  description:
    'A role that IAM Roles Anywhere assumes should test the trust anchor (aws:SourceArn) or the certificate (aws:PrincipalTag/x509Subject/CN and the like); without, any certificate of any trust anchor in the account gets its credentials.',
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !statement.principal || namesAnchorOrCertificate(statement)) continue;
      const principals = [...principalValuesOf(statement)].filter((p) => p.element === 'Principal');
      const rolesAnywhere = principals.filter((p) => p.type === 'Service' && /^rolesanywhere(?:\.[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/i.test(p.value.value));
      // The condition applies to every principal of the statement; another could no longer assume the role.
      const fixes = rolesAnywhere.length === principals.length ? anchorFix(policy.text, statement) : [];
      for (const { value } of rolesAnywhere) {
        report(
          value.span,
          `"${value.value}" can assume this role for any certificate of any trust anchor in the account: no condition names the trust anchor ("aws:SourceArn") or the certificate ("aws:PrincipalTag/x509Subject/CN" and the like). Add one that does.`,
          { fixes },
        );
      }
    }
  },
};

/**
 * Whether the statement tests the trust anchor, the certificate's attributes (the principal tags Roles Anywhere maps
 * from its subject, issuer and SANs, or the source identity it sets to the subject's CN), or keys known only at
 * deploy time. aws:SourceAccount alone names every trust anchor of the account.
 */
function namesAnchorOrCertificate(statement: Statement): boolean {
  if (statement.condition?.deployTime) return true;
  return keyTestsOf(statement).some(({ entry }) => /^(?:aws:SourceArn|aws:PrincipalTag\/.+|sts:SourceIdentity|aws:SourceIdentity)$/i.test(entry.key));
}

function anchorFix(text: string, statement: Statement): Fix[] {
  const edit = addConditionEdit(text, statement, 'ArnEquals', 'aws:SourceArn', 'arn:aws:rolesanywhere:${Region}:${AccountId}:trust-anchor/${TrustAnchorId}');
  return edit ? [{ title: 'Add an "aws:SourceArn" condition naming the trust anchor', edits: [edit] }] : [];
}
