import type { Check } from './check';

// Access Analyzer: "Federated principal not supported: The policy type does not support a federated identity
// provider in the principal element." Identity providers are trusted by roles, and only there.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const principalFederatedOutsideTrust: Check = {
  id: 'principal-federated-outside-trust',
  severity: 'error',
  description: 'A Federated principal (a SAML or OIDC identity provider) can appear only in a role trust policy, not in other resource-based policies.',
  run({ policy, policyType, report }) {
    // Identity policies, SCPs and the like take no Principal at all and RCPs only "*"; other rules say so.
    if (policyType !== 'resource') return;
    for (const statement of policy.statements) {
      for (const element of [statement.principal, statement.notPrincipal]) {
        for (const entry of element?.entries ?? []) {
          if (entry.type !== 'Federated') continue;
          report(
            entry.property.keySpan,
            'A resource-based policy cannot name an identity provider under "Federated"; only role trust policies can. Trust the provider in a role\'s trust policy and name that role under "AWS" here.',
          );
        }
      }
    }
  },
};
