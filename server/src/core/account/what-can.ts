import type { Catalog } from '../catalog/catalog';
import type { ContextValue } from '../evaluator/index';
import { AccountEvaluator, type ConditionNeed, type GrantingStatement } from './account-evaluator';
import { resourcePatternOf, type AccountPolicy, type AccountPrincipal } from './model';

/** One action the principal is allowed (or conditionally allowed), on which resources, granted by which statements. */
export interface WhatCanEntry {
  action: string;
  /** Resource patterns from the granting statements that the request is allowed on; `*` means every resource. */
  resources: string[];
  via: GrantingStatement[];
  /** Present when some of it depends on context keys not given. */
  decision?: 'Conditional';
  conditions?: ConditionNeed[];
  /** Resources of the allowed patterns that an explicit Deny takes away again. */
  denied?: { resource: string; via: GrantingStatement[] }[];
}

export interface WhatCanResult {
  principal: string;
  allowed: WhatCanEntry[];
  errors: string[];
}

interface Held {
  policy: AccountPolicy;
  kind: GrantingStatement['kind'];
  statements: RawStatement[];
}

interface RawStatement {
  /** The Sid, or `#n` (1-based). */
  label: string;
  deny: boolean;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResource: boolean;
}

/**
 * Every action `principal` is allowed, after explicit denies, its permissions boundary and the SCPs. Actions are the
 * catalog's (plus action names written out in the policies that the catalog does not know); for each, the resources
 * tried are the Resource values of the statements that mention it, with policy variables filled in from the
 * principal's context, so an allowed resource is always one a statement names.
 */
export function whatCan(evaluator: AccountEvaluator, principal: AccountPrincipal, catalog: Catalog, service?: string): WhatCanResult {
  const policies = evaluator.policiesOf(principal);
  const context = evaluator.contextFor(principal);
  const identity: Held[] = policies.identity.map((policy) => ({ policy, kind: policy.kind, statements: rawStatements(policy) }));
  const limits: Held[] = [
    ...(policies.boundary ? [{ policy: policies.boundary, kind: 'permissions-boundary' as const, statements: rawStatements(policies.boundary) }] : []),
    ...scpPolicies(evaluator).map((policy) => ({ policy, kind: 'scp' as const, statements: rawStatements(policy) })),
  ];
  // Resource policies (bucket, key, ...) can allow what the identity-based policies do not, and deny what they allow:
  // their statements name actions and resources to try too; a statement on `*` is tried on the resources it governs.
  const resourceHeld: Held[] = evaluator.account.resourcePolicies.map(({ policy, resources }) => ({
    policy,
    kind: 'resource' as const,
    statements: rawStatements(policy).map((statement) =>
      !statement.resources || statement.resources.includes('*') ? { ...statement, resources: resources.map(resourcePatternOf), notResource: false } : statement,
    ),
  }));
  const errors: string[] = policies.missing.map((what) => `${what} is attached to ${principal.arn} but is neither in the account files nor a bundled AWS managed policy; evaluated without it.`);
  const prefix = service?.toLowerCase();
  const ownAccount = principal.arn.split(':')[4] ?? '';

  // Candidate actions: what the Allow statements of the identity-based policies name.
  const actions = new Map<string, string>();
  const add = (name: string) => {
    if (prefix === undefined || name.slice(0, name.indexOf(':')).toLowerCase() === prefix) actions.set(name.toLowerCase(), name);
  };
  let everything = false;
  for (const { statements, kind } of [...identity, ...resourceHeld]) {
    for (const statement of statements) {
      if (statement.deny) continue;
      if (statement.notActions && kind !== 'resource') everything = true;
      for (const pattern of statement.actions ?? []) {
        if (/[*?]/.test(pattern)) for (const action of catalog.matchActions(pattern)) add(action.fullName);
        else if (pattern.includes(':')) add(catalog.findAction(pattern)?.fullName ?? pattern);
      }
    }
  }
  if (everything) for (const svc of catalog.services()) if (prefix === undefined || svc.prefix === prefix) for (const action of svc.actions) add(action.fullName);

  const allowed: WhatCanEntry[] = [];
  const seenErrors = new Set<string>();
  for (const name of [...actions.values()].sort(compareText)) {
    const lower = name.toLowerCase();
    const candidates = new Set<string>();
    for (const { statements } of [...identity, ...limits, ...resourceHeld]) {
      for (const statement of statements) {
        if (statement.deny || !mentions(statement, lower)) continue;
        for (const resource of statement.notResource ? ['*'] : (statement.resources ?? ['*'])) candidates.add(inAccount(fillVariables(resource, context), ownAccount));
      }
    }
    const entry: WhatCanEntry = { action: name, resources: [], via: [] };
    const via = new Map<string, GrantingStatement>();
    const conditions = new Map<string, ConditionNeed>();
    for (const resource of candidates) {
      const decision = evaluator.decide(principal, name, resource);
      for (const error of decision.errors ?? []) seenErrors.add(error);
      if (decision.decision !== 'Allowed' && decision.decision !== 'Conditional') continue;
      entry.resources.push(resource);
      for (const statement of decision.via) via.set(JSON.stringify(statement), statement);
      if (decision.decision === 'Conditional') {
        entry.decision = 'Conditional';
        for (const need of decision.conditions ?? []) conditions.set(JSON.stringify(need), need);
      }
    }
    if (entry.resources.length === 0) continue;
    entry.via = [...via.values()];
    if (conditions.size > 0) entry.conditions = [...conditions.values()];
    const denied = deniedWithin(evaluator, principal, [...identity, ...resourceHeld], limits, name, entry.resources, context, ownAccount);
    if (denied.length > 0) entry.denied = denied;
    allowed.push(entry);
  }
  return { principal: principal.arn, allowed, errors: [...errors, ...seenErrors] };
}

/** Deny statements that name narrower resources inside what is allowed: those resources are denied. */
function deniedWithin(
  evaluator: AccountEvaluator,
  principal: AccountPrincipal,
  identity: Held[],
  limits: Held[],
  action: string,
  allowedResources: string[],
  context: Record<string, ContextValue>,
  ownAccount: string,
): { resource: string; via: GrantingStatement[] }[] {
  const lower = action.toLowerCase();
  const result: { resource: string; via: GrantingStatement[] }[] = [];
  for (const { policy, kind, statements } of [...identity, ...limits]) {
    for (const statement of statements) {
      if (!statement.deny || !mentions(statement, lower) || statement.notResource) continue;
      for (const pattern of statement.resources ?? []) {
        const resource = inAccount(fillVariables(pattern, context), ownAccount);
        if (allowedResources.includes(resource) || result.some((r) => r.resource === resource)) continue;
        const decision = evaluator.decide(principal, action, resource);
        if (decision.decision === 'ExplicitlyDenied') {
          const source = policy.source.path ? `${policy.source.file} ${policy.source.path}` : policy.source.file;
          result.push({ resource, via: [{ policy: policy.name, kind, statement: statement.label, source }] });
        }
      }
    }
  }
  return result;
}

function scpPolicies(evaluator: AccountEvaluator): AccountPolicy[] {
  return (evaluator.options.scps ?? []).flatMap((level, l) =>
    level.map((policy, i) => {
      const name = typeof policy === 'object' && 'name' in policy ? policy.name : `SCP ${i + 1} at level ${l}`;
      const text = typeof policy === 'object' && 'policy' in policy ? policy.policy : policy;
      return { key: name, name, kind: 'inline' as const, text: typeof text === 'string' ? text : text.text, source: { file: name } };
    }),
  );
}

function mentions(statement: RawStatement, actionLower: string): boolean {
  return statement.actions ? statement.actions.some((p) => wildcardMatch(p, actionLower)) : !statement.notActions!.some((p) => wildcardMatch(p, actionLower));
}

const regexes = new Map<string, RegExp>();

function wildcardMatch(pattern: string, text: string): boolean {
  let re = regexes.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'is',
    );
    regexes.set(pattern, re);
  }
  return re.test(text);
}

function rawStatements(policy: AccountPolicy): RawStatement[] {
  let document: unknown = policy.value;
  try {
    document ??= JSON.parse(policy.text);
  } catch {
    return [];
  }
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const list = (Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : []) as (Record<string, unknown> | null)[];
  const strings = (value: unknown): string[] | undefined => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  return list
    .map((s, i) => [s, i] as const)
    .filter((pair): pair is readonly [Record<string, unknown>, number] => typeof pair[0] === 'object' && pair[0] !== null)
    .map(([s, i]) => ({
      label: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${i + 1}`,
      deny: s.Effect === 'Deny',
      ...(s.Action !== undefined ? { actions: strings(s.Action) ?? [] } : { notActions: strings(s.NotAction) ?? [] }),
      ...(s.Resource !== undefined ? { resources: strings(s.Resource) ?? [] } : {}),
      notResource: s.NotResource !== undefined,
    }));
}

/**
 * Fills `${key}` policy variables from the context (`${*}`, `${?}`, `${$}` are the literal characters; a default
 * is used when the key is absent), so a resource like `home/${aws:username}/*` is tried as the principal's own.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function fillVariables(pattern: string, context: Record<string, ContextValue>): string {
  if (!pattern.includes('${')) return pattern;
  const lower = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
  return pattern.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return inner;
    const match = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    if (!match) return whole;
    const value = lower.get(match[1].toLowerCase());
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return match[2] ?? whole;
  });
}

/**
 * A resource pattern whose account field is a wildcard (`arn:aws:logs:*:*:log-group:x`) is tried in the principal's
 * own account: tried as written, the request would be cross-account (resource account `*`), which an identity-based
 * policy alone never allows, so what-can would miss what who-can finds.
 */
function inAccount(pattern: string, account: string): string {
  if (!pattern.startsWith('arn:') || account === '') return pattern;
  const fields = pattern.split(':');
  if (fields.length < 6 || !/[*?]/.test(fields[4]) || !wildcardMatch(fields[4], account)) return pattern;
  fields[4] = account;
  return fields.join(':');
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
