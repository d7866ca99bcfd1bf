import { hasPrincipalWildcard, namesPrincipals, principalValuesOf } from '../policy/principals';
import { textWithHoles } from '../policy/value-text';
import type { Check } from './check';

// "You cannot use a wildcard to match part of a principal name or ARN."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// Access Analyzer reports it as the error "Unsupported wildcard in principal".
export const principalWildcard: Check = {
  id: 'principal-wildcard',
  severity: 'error',
  description:
    'IAM matches principals exactly: "*" alone stands for everyone, but a wildcard inside a principal (such as arn:aws:iam::*:role/admin) or under Service, Federated or CanonicalUser is not supported.',
  run({ policy, policyType, report }) {
    if (!namesPrincipals(policyType)) return;
    for (const statement of policy.statements) {
      for (const { element, type, value } of principalValuesOf(statement)) {
        if (policyType === 'trust' && element === 'NotPrincipal') continue;
        const text = value.value;
        // A `*` inside a placeholder is the host's (Terraform's splat `aws_caller_identity.current.*.account_id`), not IAM's.
        if (!hasPrincipalWildcard(textWithHoles(value, () => '') ?? text) || (type === 'AWS' && text === '*')) continue;
        const hint =
          type === 'AWS'
            ? ` Name each principal exactly, or use "*" and the condition "ArnLike": {"aws:PrincipalArn": ${JSON.stringify(text)}}.`
            : ` Name each ${type === 'Service' ? 'service' : type === 'Federated' ? 'identity provider' : 'principal'} exactly.`;
        report(value.span, `"${text}" under "${type}" contains a wildcard, which IAM does not support in a principal.${hint}`);
      }
    }
  },
};
