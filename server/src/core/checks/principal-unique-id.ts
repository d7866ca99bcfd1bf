import { namesPrincipals, principalValuesOf, uniqueIdKind } from '../policy/principals';
import type { Check } from './check';

// IAM stores a role or user named in a Principal by its unique ID and shows the ARN again when reading the
// policy back. When the role or user is deleted, only the ID is left, and a new role or user with the same
// name gets a new ID, so the statement no longer matches anyone.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
// Access Analyzer: "Invalid role reference" and "Invalid user reference" (general warnings).
export const principalUniqueId: Check = {
  id: 'principal-unique-id',
  severity: 'warning',
  description: 'A role or user given by its unique ID (AROA..., AIDA...) instead of its ARN usually means it was deleted; the statement no longer applies to anyone.',
  run({ policy, policyType, report }) {
    if (!namesPrincipals(policyType)) return;
    for (const statement of policy.statements) {
      for (const { type, value } of principalValuesOf(statement)) {
        const kind = type === 'AWS' ? uniqueIdKind(value.value) : undefined;
        if (!kind) continue;
        report(
          value.span,
          `"${value.value}" is the unique ID of an IAM ${kind}, not its ARN. IAM shows the ID when the ${kind} this policy named was deleted, and the statement now matches no ${kind}, not even a new one with the same name. Replace it with the ${kind}'s ARN, or remove it.`,
        );
      }
    }
  },
};
