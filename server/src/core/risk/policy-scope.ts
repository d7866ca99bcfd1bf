import type { PolicyType } from '../policy/policy-type';

/**
 * Whether an Allow statement of this policy type grants permissions: identity-based and resource-based policies do.
 * SCPs, RCPs, permissions boundaries and session policies only set the most a principal or session may get ("session
 * policies limit permissions for a created session, but do not grant permissions", IAM User Guide), so a broad Allow
 * there (FullAWSAccess, a Roles Anywhere profile's `*` under an IP condition) is the norm, not a risk; a role trust
 * policy grants only the AssumeRole actions, which the trust rules judge.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
export function grantsPermissions(type: PolicyType): boolean {
  return type === 'identity' || type === 'resource';
}

/**
 * Whether the policy grants permissions to whoever holds it (identity-based policies), so that what it allows on `*`
 * reaches every resource that holder's account can reach.
 */
export function grantsToHolder(type: PolicyType): boolean {
  return type === 'identity';
}
