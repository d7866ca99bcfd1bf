import type { PolicyType } from '../policy/policy-type';

/**
 * Whether an Allow statement of this policy type grants permissions: identity-based, session and resource-based
 * policies do. SCPs, RCPs and permissions boundaries only set the most a principal may get, so a broad Allow there
 * (FullAWSAccess) is the norm, not a risk; a role trust policy grants only the AssumeRole actions, which the trust
 * rules judge.
 */
export function grantsPermissions(type: PolicyType): boolean {
  return type === 'identity' || type === 'session' || type === 'resource';
}

/**
 * Whether the policy grants permissions to whoever holds it (identity-based and session policies), so that what
 * it allows on `*` reaches every resource that holder's account can reach.
 */
export function grantsToHolder(type: PolicyType): boolean {
  return type === 'identity' || type === 'session';
}
