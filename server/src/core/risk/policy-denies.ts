import type { PolicyDocument, PrincipalElement, Statement } from '../policy/model';
import { statementActionsOf, type StatementActions } from './action-grants';
import { patternCovers } from '../text/wildcard';
import { coversAllResources } from './statement-scope';
import { DerivedSlot } from '../policy/derived';

// An explicit Deny overrides any Allow of the same request, in any policy:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow
// A Deny of the same policy that has no Condition applies to every request it matches, so what it matches an Allow
// of that policy never grants (iam-vulnerable's "allow and deny" negative test: Allow iam:* + Deny iam:*).

const byPolicy = new DerivedSlot<PolicyDocument, readonly StatementActions[]>();

/** The Deny statements of the policy without a Condition element, in statement order; computed once per parse. */
export function unconditionalDeniesOf(policy: PolicyDocument): readonly StatementActions[] {
  let denies = byPolicy.get(policy);
  if (!denies) {
    denies = statementActionsOf(policy).filter((s) => s.effect === 'Deny' && s.element && !s.statement.condition);
    byPolicy.set(policy, denies);
  }
  return denies;
}

/**
 * Whether the policy's unconditional denies take `fullName` (`service:Action`) away wherever the Allow statement
 * `allow` grants it: some Deny without a Condition matches the action (through Action or NotAction), covers every
 * resource the Allow names, and, in a resource-based policy, every principal it names. Sound rather than
 * complete: a true answer is always right, and Deny statements with NotResource or NotPrincipal are not counted.
 */
export function isDeniedWherever(policy: PolicyDocument, allow: Statement, fullName: string): boolean {
  return matchesAny(deniesCovering(policy, allow), fullName);
}

/**
 * The policy's unconditional Deny statements that cover every resource and principal the Allow statement `allow`
 * names: whatever action one of them matches, `allow` does not grant (see `isDeniedWherever`).
 */
export function deniesCovering(policy: PolicyDocument, allow: Statement): readonly StatementActions[] {
  const denies = unconditionalDeniesOf(policy);
  if (denies.length === 0) return denies;
  // Asked for every action a rule weighs, with the same few statements: worked out once per Allow statement.
  let covering = coveringByAllow.get(allow);
  if (!covering) {
    covering = denies.filter((deny) => deny.statement !== allow && coversResources(deny.statement, allow) && coversPrincipals(deny.statement, allow));
    coveringByAllow.set(allow, covering);
  }
  return covering;
}

const coveringByAllow = new DerivedSlot<Statement, readonly StatementActions[]>();

function matchesAny(denies: readonly StatementActions[], fullName: string): boolean {
  for (const deny of denies) if (deny.matchSpan(fullName) !== undefined) return true;
  return false;
}

/**
 * What the Allow statement `allow` still grants of `actions` after the policy's unconditional denies: the actions
 * `isDeniedWherever` does not take away, in their order. The list itself when no such Deny covers the statement.
 */
export function actionsStillGranted<T extends { readonly fullName: string }>(policy: PolicyDocument, allow: Statement, actions: readonly T[]): readonly T[] {
  const covering = deniesCovering(policy, allow);
  if (covering.length === 0) return actions;
  return actions.filter((action) => !matchesAny(covering, action.fullName));
}

/**
 * Whether the Deny statement `deny` reaches every resource and principal `other` names (its Action and Condition
 * aside): Resource `*` or patterns that cover each of `other`'s resources, and Principal `*` or the same principals.
 */
export function denyReachesStatement(deny: Statement, other: Statement): boolean {
  return coversResources(deny, other) && coversPrincipals(deny, other);
}

function coversResources(deny: Statement, allow: Statement): boolean {
  if (deny.notResource) return false;
  // Role trust policies have no Resource element: a Deny without one covers an Allow without one.
  if (!deny.resource) return !allow.resource && !allow.notResource;
  const denied = deny.resource.values.map((v) => v.value);
  if (denied.some((value) => coversAllResources(value))) return true;
  if (!allow.resource || allow.resource.values.length === 0) return false;
  return allow.resource.values.every(({ value }) => denied.some((pattern) => patternCovers(pattern, value, false)));
}

function coversPrincipals(deny: Statement, allow: Statement): boolean {
  if (deny.notPrincipal) return false;
  if (!deny.principal) return !allow.principal && !allow.notPrincipal;
  if (isEveryone(deny.principal)) return true;
  if (!allow.principal || isEveryone(allow.principal)) return false;
  const denied = deny.principal;
  return allow.principal.entries.every((entry) => entry.values.every(({ value }) => denied.entries.some((d) => d.type === entry.type && d.values.some((v) => v.value === value))));
}

function isEveryone(principal: PrincipalElement): boolean {
  if (principal.wildcard) return principal.wildcard.value === '*';
  return principal.entries.some((entry) => entry.type === 'AWS' && entry.values.some((v) => v.value === '*'));
}
