import type { Statement } from '../policy/model';
import { principalValuesOf } from '../policy/principals';
import { addConditionEdit } from '../risk/policy-edits';
import { claimOf, githubIssuer, isEksProvider, keyTestsOf, oidcKeyPrefix, requiresForeignClaim } from '../risk/trust';
import type { Check, Fix } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
// https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
export const trustOidcConditions: Check = {
  id: 'trust-oidc-conditions',
  severity: 'warning',
  description:
    "A role trusted by an OIDC identity provider needs conditions on the provider's claims (aud, sub), or anyone the provider issues a token to can assume it; for Amazon EKS, a sub condition naming the service account.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      // Conditions known only at deploy time (CDK's CfnJson, which EKS service account roles use) may test every claim.
      if (statement.effect?.value?.value !== 'Allow' || statement.condition?.deployTime || requiresForeignClaim(statement)) continue;
      for (const { element, type, value } of principalValuesOf(statement)) {
        if (element !== 'Principal' || type !== 'Federated') continue;
        const prefix = oidcKeyPrefix(value.value);
        // GitHub's sub claim has its own rule, trust-github-sub.
        if (!prefix || prefix.toLowerCase() === githubIssuer) continue;
        const claims = claimsTested(statement, prefix);
        if (isEksProvider(prefix)) {
          if (claims.has('sub')) continue;
          report(
            value.span,
            `Any pod of this EKS cluster whose service account gets a token can assume this role: there is no condition on "${prefix}:sub". Add one naming the service account, such as "system:serviceaccount:NAMESPACE:NAME".`,
            { fixes: claimFix(policy.text, statement, `${prefix}:sub`, 'system:serviceaccount:${Namespace}:${ServiceAccountName}') },
          );
        } else if (claims.size === 0) {
          const audience = /^(?:www\.amazon\.com|graph\.facebook\.com)$/i.test(prefix) ? 'app_id' : 'aud';
          report(
            value.span,
            `Anyone "${prefix}" issues a token to can assume this role: the statement tests none of the provider's claims. Add a condition on "${prefix}:${audience}" naming your application, and on "${prefix}:sub" where it identifies the user or workload.`,
            { fixes: claimFix(policy.text, statement, `${prefix}:${audience}`, '${ClientId}') },
          );
        }
      }
    }
  },
};

/** The claims of the provider (`aud`, `sub`, `amr` …) that the statement's Condition tests. */
function claimsTested(statement: Statement, prefix: string): Set<string> {
  const claims = new Set<string>();
  for (const { entry } of keyTestsOf(statement)) {
    const claim = claimOf(entry, prefix);
    if (claim !== undefined) claims.add(claim);
  }
  return claims;
}

function claimFix(text: string, statement: Statement, key: string, placeholder: string): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringEquals', key, placeholder);
  return edit ? [{ title: `Add a "${key}" condition`, edits: [edit] }] : [];
}
