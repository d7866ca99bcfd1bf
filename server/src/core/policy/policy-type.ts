import type { PolicyDocument } from './model';

/** The kinds of policy AWS knows; rules differ between them. */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session';

export const policyTypes: readonly PolicyType[] = ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session'];

export const policyTypeNames: Record<PolicyType, string> = {
  identity: 'Identity-based policy',
  resource: 'Resource-based policy',
  trust: 'Role trust policy',
  scp: 'Service control policy (SCP)',
  rcp: 'Resource control policy (RCP)',
  boundary: 'Permissions boundary',
  session: 'Session policy',
};

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (policyTypes as readonly string[]).includes(value);
}

// Actions a role trust policy grants to the principals that may assume the role.
const trustActionPattern = /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i;

/**
 * Guesses the policy type from its content: a Principal means a resource policy, and a Principal with only
 * `sts:AssumeRole*`-family actions (or none yet) and no Resource means a role trust policy. Everything else is read as an
 * identity policy; SCPs, RCPs, boundaries and session policies look like identity policies and are chosen by setting.
 */
export function inferPolicyType(policy: PolicyDocument): PolicyType {
  const withPrincipal = policy.statements.filter((s) => s.principal || s.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  // Empty action strings are being typed; they do not make a trust policy a resource policy.
  const isTrust = withPrincipal.every((s) => !s.resource && !s.notResource && !s.notAction && (s.action?.values ?? []).every((a) => a.value === '' || trustActionPattern.test(a.value)));
  return isTrust ? 'trust' : 'resource';
}

/** Policy types that carry a Principal element. */
export function takesPrincipal(type: PolicyType): boolean {
  return type === 'resource' || type === 'trust' || type === 'rcp';
}
