import type { PolicyDocument, PrincipalElement, Statement } from './model';
import { isWhollyDeployTime } from './value-text';

/** The kinds of policy AWS knows; rules differ between them. */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session';

/**
 * What an identity policy is embedded in when it is an inline policy (a role's `Policies`, `aws_iam_role_policy`), as
 * its host tells: inline policies have their own size quotas, not the managed policies'.
 */
export type InlineHolder = 'role' | 'user' | 'group';

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
 * In a host document, a Principal or action that is wholly a deploy-time value (a Terraform `dynamic "principals"`
 * block fed from a variable, `actions = [var.action]`) is weaker evidence: unknown Principals beside statements without
 * one do not make a resource policy, and unknown actions do not rule out a trust policy.
 */
export function inferPolicyType(policy: PolicyDocument): PolicyType {
  const withPrincipal = policy.statements.filter((s) => knownPrincipal(s.principal) || knownPrincipal(s.notPrincipal));
  // Empty action strings are being typed; they do not make a trust policy a resource policy.
  const assumesRole = (s: Statement) =>
    !s.resource && !s.notResource && !s.notAction && (s.action?.values ?? []).every((a) => a.value === '' || trustActionPattern.test(a.value) || isWhollyDeployTime(a));
  // `"NotAction": "sts:AssumeRole"` beside a statement that allows assuming the role: the other STS actions on the
  // role (the reference policies of AWS's Access Analyzer samples for role trust policies are written so).
  const otherStsActions = (s: Statement) => !s.resource && !s.notResource && !s.action && (s.notAction?.values ?? []).length > 0 && s.notAction!.values.every((a) => /^sts:/i.test(a.value));
  const trustLike = (statements: Statement[]) => statements.some(assumesRole) && statements.every((s) => assumesRole(s) || otherStsActions(s));
  if (withPrincipal.length === 0) {
    // Only unknown Principals: beside statements with none they are statements that may not exist (an identity
    // policy); in every statement they say whom the policy is for.
    const unknown = policy.statements.filter((s) => s.principal || s.notPrincipal);
    if (unknown.length === 0 || unknown.length < policy.statements.length) return 'identity';
    return trustLike(policy.statements) ? 'trust' : 'resource';
  }
  return trustLike(withPrincipal) ? 'trust' : 'resource';
}

function knownPrincipal(principal: PrincipalElement | undefined): boolean {
  return principal !== undefined && !(principal.entries.length === 0 && principal.wildcard !== undefined && isWhollyDeployTime(principal.wildcard));
}

/** A string that is one placeholder from start to end: its value is known only when the host deploys. */
/** Policy types that carry a Principal element. */
export function takesPrincipal(type: PolicyType): boolean {
  return type === 'resource' || type === 'trust' || type === 'rcp';
}
