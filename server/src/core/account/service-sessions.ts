import { documentOf, statementListOf, type AccountRole } from './model';

/**
 * Whether only AWS services may assume the role: its trust policy's every Allow statement names service principals
 * alone (an instance profile's role, a function's execution role). Such a role's sessions are started by the service,
 * never by a person, so none was validated with MFA: `aws:MultiFactorAuthPresent` is false in each of their requests,
 * and `aws:MultiFactorAuthAge` absent ("check whether multi-factor authentication (MFA) was used to validate the
 * temporary security credentials that made the request",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
export function assumedOnlyByServices(role: AccountRole): boolean {
  if (!role.trust) return false;
  let statements: unknown[];
  try {
    statements = statementListOf(documentOf(role.trust));
  } catch {
    return false;
  }
  let allows = 0;
  for (const statement of statements) {
    if (!statement || typeof statement !== 'object') return false;
    const { Effect, Principal, NotPrincipal } = statement as Record<string, unknown>;
    if (Effect !== 'Allow') continue;
    allows++;
    if (NotPrincipal !== undefined || !Principal || typeof Principal !== 'object' || Array.isArray(Principal)) return false;
    const types = Object.keys(Principal);
    if (types.length !== 1 || types[0] !== 'Service') return false;
  }
  return allows > 0;
}
