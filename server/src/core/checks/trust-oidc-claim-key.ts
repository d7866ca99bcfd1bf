import { parseConditionOperator } from '../policy/condition-operators';
import { failsWithoutKey, foreignClaimTests, oidcPrefixesOf } from '../risk/trust';
import type { Check, Fix } from './check';

// An OIDC provider's claims reach the request as keys named after the provider's URL, as its ARN ends
// (`oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`); a key that names another URL is carried by no token the role
// accepts, and a test that needs a key the request lacks is false.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
export const trustOidcClaimKey: Check = {
  id: 'trust-oidc-claim-key',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    "In a role trusted by an OIDC provider, a condition key must name that provider's claims: a key of another provider (another EKS cluster's ID, another issuer) or a variable left unexpanded (`$oidc_provider:sub`) is in no token the role accepts, so the statement never applies, or its test limits nothing.",
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow') continue;
      const prefixes = oidcPrefixesOf(statement);
      if (!prefixes?.length) continue;
      for (const { operator, entry } of foreignClaimTests(statement, prefixes)) {
        const parsed = parseConditionOperator(operator.operator);
        if (!parsed) continue;
        const claim = entry.key.slice(entry.key.indexOf(':') + 1);
        const written = entry.key.slice(0, entry.key.indexOf(':'));
        const what = written.startsWith('$') ? `"${written}" is a variable left unexpanded` : `"${written}" is not the provider this statement trusts`;
        const trusted = prefixes.length === 1 ? `"${prefixes[0]}:${claim}"` : `a key of one of the providers it trusts`;
        const fixes: Fix[] =
          prefixes.length === 1
            ? [{ title: `Change the key to "${prefixes[0]}:${claim}"`, edits: [{ span: entry.property.keySpan, newText: JSON.stringify(`${prefixes[0]}:${claim}`) }], isPreferred: true }]
            : [];
        if (failsWithoutKey(parsed)) {
          report(
            entry.property.keySpan,
            `No token this role accepts carries "${entry.key}": ${what}, so "${operator.operator}" is false and no one can assume the role through this statement. Write ${trusted}.`,
            { fixes },
          );
        } else {
          report(entry.property.keySpan, `No token this role accepts carries "${entry.key}": ${what}, so this "${operator.operator}" test limits nothing. Write ${trusted}.`, {
            fixes,
            severity: 'warning',
          });
        }
      }
    }
  },
};
