import { AccountEvaluator, type ConditionNeed, type GrantingStatement } from './account-evaluator';
import { resourcePolicyOf, type AccountPolicy, type AccountRole } from './model';

/** A principal that can make the request, or could with context keys not given. */
export interface WhoCanEntry {
  principal: string;
  type: 'user' | 'role' | 'service';
  decision: 'Allowed' | 'Conditional';
  via: GrantingStatement[];
  conditions?: ConditionNeed[];
  /** Roles: the users, roles and services that can assume the role (sts:AssumeRole), Conditional ones marked. */
  assumableBy?: { principal: string; decision: 'Allowed' | 'Conditional' }[];
}

export interface WhoCanResult {
  allowed: WhoCanEntry[];
  /** Principals whose policies could not be evaluated, with why. */
  errors: { principal: string; errors: string[] }[];
}

/**
 * Every user and role of the account allowed `action` on `resource` (and the services allowed: for sts:AssumeRole* on
 * a role of the account those its trust policy admits, otherwise those the resource's resource-based policy names),
 * with the statements that grant it. For roles, who can assume them.
 */
export function whoCan(evaluator: AccountEvaluator, action: string, resource: string): WhoCanResult {
  const { account } = evaluator;
  const allowed: WhoCanEntry[] = [];
  const errors: WhoCanResult['errors'] = [];
  // Only principals holding an Allow for the action can be allowed (unless a resource policy takes part): the others
  // are implicitly denied, so they are not evaluated at all.
  const candidates = evaluator.candidatesFor(action, resource);
  const principals = evaluator.principals();
  for (let i = 0; i < principals.length; i++) {
    const principal = principals[i];
    if (candidates && !candidates.has(principal)) continue;
    const decision = evaluator.decide(principal, action, resource);
    if (decision.errors) errors.push({ principal: principal.arn, errors: decision.errors });
    if (decision.decision !== 'Allowed' && decision.decision !== 'Conditional') continue;
    const entry: WhoCanEntry = { principal: principal.arn, type: principal.kind, decision: decision.decision, via: decision.via };
    if (decision.conditions) entry.conditions = decision.conditions;
    if (principal.kind === 'role') entry.assumableBy = assumersOf(evaluator, principal);
    allowed.push(entry);
  }
  // Services are principals only a resource-based policy can allow: a role's trust policy for sts:AssumeRole*, or
  // the policy that governs the resource (a function policy letting EventBridge invoke a function).
  const role = account.roles.get(resource);
  const services = role ? (action.toLowerCase().startsWith('sts:assumerole') ? trustedServices(role) : []) : servicesNamedIn(resourcePolicyOf(account, resource)?.policy);
  for (const service of services) {
    const decision = evaluator.decide(service, action, resource);
    if (decision.decision === 'Allowed' || decision.decision === 'Conditional') {
      allowed.push({ principal: service, type: 'service', decision: decision.decision, via: decision.via, ...(decision.conditions ? { conditions: decision.conditions } : {}) });
    }
  }
  return { allowed, errors };
}

const assumers = new WeakMap<AccountEvaluator, Map<string, { principal: string; decision: 'Allowed' | 'Conditional' }[]>>();

/** Who can call sts:AssumeRole on the role: account principals (the trust policy is the resource policy) and services. */
export function assumersOf(evaluator: AccountEvaluator, role: AccountRole): { principal: string; decision: 'Allowed' | 'Conditional' }[] {
  let cache = assumers.get(evaluator);
  if (!cache) assumers.set(evaluator, (cache = new Map()));
  const cached = cache.get(role.arn);
  if (cached) return cached;
  const result: { principal: string; decision: 'Allowed' | 'Conditional' }[] = [];
  if (role.trust) {
    const candidates = evaluator.assumeCandidates(role);
    for (let i = 0; i < candidates.length; i++) {
      const principal = candidates[i];
      if (principal.arn === role.arn) continue;
      // Only the decision is wanted, not the granting statements: `via: false` skips explaining an Allow.
      const { decision } = evaluator.decide(principal, 'sts:AssumeRole', role.arn, { via: false });
      if (decision === 'Allowed' || decision === 'Conditional') result.push({ principal: principal.arn, decision });
    }
    for (const service of trustedServices(role)) {
      const { decision } = evaluator.decide(service, 'sts:AssumeRole', role.arn, { via: false });
      if (decision === 'Allowed' || decision === 'Conditional') result.push({ principal: service, decision });
    }
  }
  cache.set(role.arn, result);
  return result;
}

/** The service principals named in the Allow statements of the role's trust policy. */
export function trustedServices(role: AccountRole): string[] {
  return servicesNamedIn(role.trust);
}

/** The service principals named in the Allow statements of a resource-based policy. */
function servicesNamedIn(policy: AccountPolicy | undefined): string[] {
  if (!policy) return [];
  let document: unknown = policy.value;
  try {
    document ??= JSON.parse(policy.text);
  } catch {
    return [];
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as (Record<string, unknown> | null)[];
  const services = new Set<string>();
  for (const statement of statements) {
    if (statement?.Effect !== 'Allow') continue;
    const service = (statement.Principal as Record<string, unknown> | undefined)?.Service;
    for (const name of typeof service === 'string' ? [service] : Array.isArray(service) ? service : []) if (typeof name === 'string') services.add(name);
  }
  return [...services];
}
