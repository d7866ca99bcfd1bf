import type { CompiledPolicySet } from './compile';
import { GRANT_DIRECT, GRANT_NONE, GRANT_ROLE, type PrincipalInfo } from './principal';
import type { PreparedRequest } from './request';
import type { Decision, ReasonCode } from './types';

// The decision. One function decides for both modes; it asks an oracle, which computes lazily and stops early
// (fast mode) or reads verdicts computed for every statement (explain mode).

/** What the decision asks of the policies; see FastOracle (evaluate.ts) and the explain path (explain.ts). */
export interface Oracle {
  denied(): boolean;
  scpLevelAllows(level: number): boolean;
  resourceGrant(): number;
  identityAllows(): boolean;
  /** True when there is no boundary. */
  boundaryAllows(): boolean;
  /** Undefined when there is no session policy. */
  sessionAllows(): boolean | undefined;
}

export const reasonCodes: ReasonCode[] = [
  'explicit-deny',
  'rcp-implicit-deny',
  'scp-implicit-deny',
  'resource-policy-allows',
  'resource-policy-allows-role',
  'identity-policy-allows',
  'root-user',
  'cross-account-allowed',
  'no-identity-allow',
  'boundary-implicit-deny',
  'session-implicit-deny',
  'federated-session-without-policy',
  'resource-policy-required',
  'cross-account-no-resource-allow',
  'no-resource-allow',
];
export const code = Object.fromEntries(reasonCodes.map((name, index) => [name, index])) as Record<ReasonCode, number>;

export function decisionOf(reason: number): Decision {
  if (reason === code['explicit-deny']) return 'ExplicitlyDenied';
  switch (reasonCodes[reason]) {
    case 'resource-policy-allows':
    case 'resource-policy-allows-role':
    case 'identity-policy-allows':
    case 'root-user':
    case 'cross-account-allowed':
      return 'Allowed';
    default:
      return 'ImplicitlyDenied';
  }
}

/** Filled by `decide` in explain mode: the SCP level that did not allow, for the reason of an `scp-implicit-deny`. */
export interface DecisionDetail {
  failedLevel: number;
}

/** The reason code (an index into `reasonCodes`) of the decision, asking `oracle` only what it needs. */
export function decide(oracle: Oracle, request: PreparedRequest, set: CompiledPolicySet, detail?: DecisionDetail): number {
  // 1. "If the code finds even one explicit deny that applies, the code returns a final decision of Deny." RCPs count
  // only for the services they support (rcp-services.ts).
  if (oracle.denied()) return code['explicit-deny'];
  // 2. RCPs: "If the enforcement code does not find any applicable Allow statements in the RCPs, then the request
  // is implicitly denied." RCPFullAWSAccess sits at every level and cannot be detached, so every level allows.
  // 3. SCPs apply to the principals of the accounts they are attached to; every level from the root to the account
  // must allow ("there must be an explicit Allow statement at every level").
  if (request.iamPrincipal) {
    for (let level = 0; level < set.scps.length; level++) {
      if (!oracle.scpLevelAllows(level)) {
        if (detail) detail.failedLevel = level;
        return code['scp-implicit-deny'];
      }
    }
  }
  const principal = request.principal;
  // Service principals and anonymous callers have no identity-based policies: only the resource-based policy can allow.
  if (!request.iamPrincipal) return oracle.resourceGrant() > GRANT_NONE ? code['resource-policy-allows'] : code['no-resource-allow'];
  if (request.sameAccount) {
    // 4. "If a resource-based policy grants permission directly to the IAM user or the session principal that is
    // making the request, then an implicit deny in an identity-based policy, a permissions boundary, or a session
    // policy does not impact the final decision." Granting to a role ARN is "limited by an implicit deny in a
    // permissions boundary or session policy"; granting to the account delegates to the identity-based policies.
    const grant = oracle.resourceGrant();
    if (grant === GRANT_DIRECT) return code['resource-policy-allows'];
    if (grant === GRANT_ROLE) {
      if (!oracle.boundaryAllows()) return code['boundary-implicit-deny'];
      const session = checkSession(oracle, principal);
      return session >= 0 ? session : code['resource-policy-allows-role'];
    }
    if (grant === GRANT_NONE && request.resourcePolicyRequired) return code['resource-policy-required'];
    // "By default, all requests are implicitly denied with the exception of the AWS account root user, which has full access."
    if (principal.kind === 'root') return code['root-user'];
    // 5.–7. Identity-based policies, then the permissions boundary, then the session policy must allow.
    if (!oracle.identityAllows()) return code['no-identity-allow'];
    if (!oracle.boundaryAllows()) return code['boundary-implicit-deny'];
    const session = checkSession(oracle, principal);
    return session >= 0 ? session : code['identity-policy-allows'];
  }
  // Across accounts "the request is allowed only if both evaluations return a decision of Allow": the principal's
  // account (identity-based policies and what limits them) and the resource's account (the resource-based policy).
  if (principal.kind !== 'root') {
    if (!oracle.identityAllows()) return code['no-identity-allow'];
    if (!oracle.boundaryAllows()) return code['boundary-implicit-deny'];
    const session = checkSession(oracle, principal);
    if (session >= 0) return session;
  }
  return oracle.resourceGrant() > GRANT_NONE ? code['cross-account-allowed'] : code['cross-account-no-resource-allow'];
}

/**
 * "If a session policy is present and does not allow the requested action, then the request is implicitly denied."
 * Without one, a role session is allowed and any other session (a GetFederationToken federated user) is not.
 * -1 when the session step allows.
 */
function checkSession(oracle: Oracle, principal: PrincipalInfo): number {
  const allows = oracle.sessionAllows();
  if (allows === false) return code['session-implicit-deny'];
  if (allows === undefined && principal.kind === 'federated-user') return code['federated-session-without-policy'];
  return -1;
}
