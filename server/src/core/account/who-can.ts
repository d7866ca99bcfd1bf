import { AccountEvaluator, type ConditionNeed, type GrantingStatement } from './account-evaluator';
import { matchesWildcard } from '../text/wildcard';
import { principalKnownAtDeploy } from './deploy-time';
import { resourcePolicyOf, type AccountPolicy, type AccountRole } from './model';

/** A principal that can make the request, or could with context keys not given. */
export interface WhoCanEntry {
  principal: string;
  /**
   * An account principal, or one a resource-based policy names that only it can allow: a service, a principal of
   * another account (whose own policies must allow the request too), an identity provider's users (`federated`), or
   * anyone (`"*"`).
   */
  type: 'user' | 'role' | 'service' | 'other-account' | 'federated' | 'anyone';
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
 * Every user and role of the account allowed `action` on `resource`, and the principals only a resource-based policy
 * can allow (services, other accounts, identity providers, anyone) that it allows: for sts:AssumeRole* on a role of the
 * account those its trust policy admits, otherwise those the resource's resource-based policy names. With the
 * statements that grant it; for roles, who can assume them.
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
  // Services and principals outside the account only a resource-based policy can allow: a role's trust policy for
  // sts:AssumeRole*, or the policy that governs the resource (a function policy letting EventBridge invoke a function).
  const role = account.roles.get(resource);
  const policy = role ? (action.toLowerCase().startsWith('sts:assumerole') ? role.trust : undefined) : resourcePolicyOf(account, resource)?.policy;
  const services = servicesNamedIn(policy);
  const named = [...services.map((name) => ({ name, type: 'service' as const })), ...outsidersNamedIn(policy, action, account.accountIds, partitionOf(resource))];
  for (const { name, type } of named) {
    const decision = evaluator.decide(name, action, resource);
    if (decision.decision === 'Allowed' || decision.decision === 'Conditional') {
      allowed.push({ principal: name, type, decision: decision.decision, via: decision.via, ...(decision.conditions ? { conditions: decision.conditions } : {}) });
    }
  }
  return { allowed, errors };
}

/**
 * The principals outside the account an Allow statement of a resource-based policy names: anyone (`"*"`), principals
 * and whole accounts of other accounts (an account ID is its root, `arn:aws:iam::444455556666:root`), and identity
 * providers (`Federated`). The account's own principals are decided one by one instead.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 *
 * A principal known only at deploy (`AWS: !Ref TrustedAccount`) is `*`, or has `*` for its unknown parts, in the
 * account's copy of the policy (deploy-time.ts), so it is no outsider to name: values with `*` are left out, and a
 * lone `*` is anyone only where the statement's principal was written so (principalKnownAtDeploy).
 */
function outsidersNamedIn(policy: AccountPolicy | undefined, action: string, accountIds: ReadonlySet<string>, partition: string): { name: string; type: 'other-account' | 'federated' | 'anyone' }[] {
  const found = new Map<string, 'other-account' | 'federated' | 'anyone'>();
  // Identity providers' users only call these; principals of accounts never do.
  const federatedAction = /^sts:AssumeRoleWith(WebIdentity|SAML)$/i.test(action);
  for (const statement of allowStatementsOf(policy)) {
    if (!namesAction(statement, action)) continue;
    const principal = statement.Principal;
    // A `*` the account wrote for a principal known only at deploy is no one in particular.
    const anyone = !principalKnownAtDeploy(statement);
    if (principal === '*' && anyone) found.set('*', 'anyone');
    if (!principal || typeof principal !== 'object') continue;
    const { AWS: aws, Federated: federated } = principal as Record<string, unknown>;
    for (const value of federatedAction ? [] : valuesOf(aws)) {
      if (value === '*') {
        if (anyone) found.set('*', 'anyone');
      } else if (value.includes('*')) continue;
      else if (/^\d{12}$/.test(value)) {
        if (!accountIds.has(value)) found.set(`arn:${partition}:iam::${value}:root`, 'other-account');
      } else if (value.startsWith('arn:') && !accountIds.has(value.split(':')[4] ?? '')) found.set(value, 'other-account');
    }
    for (const value of federatedAction ? valuesOf(federated) : []) if (!value.includes('*')) found.set(value, 'federated');
  }
  return [...found].map(([name, type]) => ({ name, type }));
}

/** Whether a statement's Action (or NotAction) takes in the action. */
function namesAction(statement: Record<string, unknown>, action: string): boolean {
  const listed = (field: unknown) => valuesOf(field).some((pattern) => matchesWildcard(pattern, action, true));
  return statement.NotAction !== undefined ? !listed(statement.NotAction) : listed(statement.Action);
}

function valuesOf(value: unknown): string[] {
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The partition of an ARN (`aws` for anything else, such as `*`). */
function partitionOf(arn: string): string {
  return arn.startsWith('arn:') ? arn.split(':')[1] || 'aws' : 'aws';
}

const assumers = new WeakMap<AccountEvaluator, Map<string, { principal: string; decision: 'Allowed' | 'Conditional' }[]>>();

/**
 * Who can assume the role: account principals (the trust policy is the resource policy), services, other accounts
 * and anyone with sts:AssumeRole, and identity providers with sts:AssumeRoleWithWebIdentity or …WithSAML.
 */
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
    // Other accounts and anyone assume with sts:AssumeRole; an identity provider's users with the call for its kind.
    const partition = partitionOf(role.arn);
    const outsiders = [
      ...outsidersNamedIn(role.trust, 'sts:AssumeRole', evaluator.account.accountIds, partition).map(({ name }) => ({ name, action: 'sts:AssumeRole' })),
      ...['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'].flatMap((action) =>
        outsidersNamedIn(role.trust, action, evaluator.account.accountIds, partition)
          .filter(({ name }) => name.includes(':saml-provider/') === action.endsWith('SAML'))
          .map(({ name }) => ({ name, action })),
      ),
    ];
    for (const { name, action } of outsiders) {
      const { decision } = evaluator.decide(name, action, role.arn, { via: false });
      if (decision === 'Allowed' || decision === 'Conditional') result.push({ principal: name, decision });
    }
  }
  cache.set(role.arn, result);
  return result;
}

/** The service principals named in the Allow statements of the role's trust policy. */
export function trustedServices(role: AccountRole): string[] {
  return servicesNamedIn(role.trust);
}

/**
 * The service principals named in the Allow statements of a resource-based policy. A name with `*` is one known only
 * at deploy (`identifiers = var.services`), which the account's copy of the policy writes `*`: no service to name.
 */
function servicesNamedIn(policy: AccountPolicy | undefined): string[] {
  const services = new Set<string>();
  for (const statement of allowStatementsOf(policy)) {
    const principal = statement.Principal;
    if (principal && typeof principal === 'object') for (const name of valuesOf((principal as Record<string, unknown>).Service)) if (!name.includes('*')) services.add(name);
  }
  return [...services];
}

/** The Allow statements of a resource-based policy. */
function allowStatementsOf(policy: AccountPolicy | undefined): Record<string, unknown>[] {
  if (!policy) return [];
  let document: unknown = policy.value;
  try {
    document ??= JSON.parse(policy.text);
  } catch {
    return [];
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]) as (Record<string, unknown> | null)[];
  return statements.filter((statement): statement is Record<string, unknown> => statement?.Effect === 'Allow');
}
