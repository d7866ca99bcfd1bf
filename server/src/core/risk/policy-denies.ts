import type { PolicyDocument, PrincipalElement, Statement } from '../policy/model';
import { statementActionsOf, type ActionPattern, type StatementActions } from './action-grants';
import { matchesWildcard, patternCovers } from '../text/wildcard';
import { coversAllResources } from './statement-scope';
import { DerivedSlot } from '../policy/derived';
import type { HostJsonNode } from '../policy/parse-policy';

// An explicit Deny overrides any Allow of the same request, in any policy:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow
// A Deny of the same policy that has no Condition applies to every request it matches, so what it matches an Allow
// of that policy never grants (iam-vulnerable's "allow and deny" negative test: Allow iam:* + Deny iam:*).

const byPolicy = new DerivedSlot<PolicyDocument, readonly StatementActions[]>();

/** The Deny statements of the policy without a Condition element, in statement order; computed once per parse. */
export function unconditionalDeniesOf(policy: PolicyDocument): readonly StatementActions[] {
  let denies = byPolicy.get(policy);
  if (!denies) {
    // A Deny written in a branch of a choice (a Terraform conditional) is in some deployed policies only.
    denies = statementActionsOf(policy).filter((s) => s.effect === 'Deny' && s.element && !s.statement.condition && !(s.statement.node as HostJsonNode).branches);
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
  const covering = deniesCovering(policy, allow);
  return covering.length > 0 && denySetOf(policy, covering).denies(fullName);
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
    const allowPrincipals = allowPrincipalsOf(allow);
    covering = reachesOf(policy)
      .filter((reach) => reach.deny.statement !== allow && reachesPrincipals(reach, allow, allowPrincipals) && reachesResources(reach, allow))
      .map((reach) => reach.deny);
    coveringByAllow.set(allow, covering);
  }
  return covering;
}

const coveringByAllow = new DerivedSlot<Statement, readonly StatementActions[]>('statement');

/**
 * What decides which Allow statements an unconditional Deny reaches, read once per policy: each Allow is held against
 * every Deny, and reading the Deny's elements anew for each pair took 1.3 s of the 1.9 s lint of a policy of 2,000
 * Allows and 2,000 Denies that name principals.
 */
interface DenyReach {
  readonly deny: StatementActions;
  /** `covers` for a Resource element with a value that covers every resource; `resources`, its values otherwise. */
  readonly resources: 'none' | 'not-resource' | 'covers' | readonly string[];
  /** The Principal element: none, NotPrincipal, everyone, or its values by principal type. */
  readonly principals: 'none' | 'not-principal' | 'everyone' | ReadonlyMap<string, ReadonlySet<string>>;
}

const reaches = new DerivedSlot<PolicyDocument, readonly DenyReach[]>();

function reachesOf(policy: PolicyDocument): readonly DenyReach[] {
  let found = reaches.get(policy);
  if (!found) {
    found = unconditionalDeniesOf(policy).map((deny) => ({ deny, resources: resourcesOf(deny.statement), principals: principalsOf(deny.statement) }));
    reaches.set(policy, found);
  }
  return found;
}

function resourcesOf(deny: Statement): DenyReach['resources'] {
  if (deny.notResource) return 'not-resource';
  if (!deny.resource) return 'none';
  const values = deny.resource.values.map((v) => v.value);
  return values.some((value) => coversAllResources(value)) ? 'covers' : values;
}

function principalsOf(deny: Statement): DenyReach['principals'] {
  return deny.notPrincipal ? 'not-principal' : allowPrincipalsOf(deny);
}

/** An Allow statement's Principal element as `principalsOf` reads a Deny's, its NotPrincipal aside. */
function allowPrincipalsOf(statement: Statement): Exclude<DenyReach['principals'], 'not-principal'> {
  if (!statement.principal) return 'none';
  if (isEveryone(statement.principal)) return 'everyone';
  const byType = new Map<string, Set<string>>();
  for (const entry of statement.principal.entries) {
    let values = byType.get(entry.type);
    if (!values) byType.set(entry.type, (values = new Set()));
    for (const { value } of entry.values) values.add(value);
  }
  return byType;
}

/**
 * What the Allow statement `allow` still grants of `actions` after the policy's unconditional denies: the actions
 * `isDeniedWherever` does not take away, in their order. The list itself when no such Deny covers the statement.
 */
export function actionsStillGranted<T extends { readonly fullName: string }>(policy: PolicyDocument, allow: Statement, actions: readonly T[]): readonly T[] {
  const covering = deniesCovering(policy, allow);
  if (covering.length === 0) return actions;
  return denySetOf(policy, covering).stillGranted(actions);
}

/**
 * A set of Deny statements asked about actions as one: their Action values merged into one index (exact names, and
 * wildcards by service prefix), each name's answer kept. Every Allow statement that the same denies cover shares it:
 * asking each Deny in turn about each action an Allow expands to cost the product of the three (a policy of 1,000
 * `svc:*` Allows and 1,000 Denies took 20 s to lint, 2,000 of each 100 s).
 */
class DenySet {
  private readonly exact = new Set<string>();
  private readonly byPrefix = new Map<string, ActionPattern[]>();
  private readonly anyPrefix: ActionPattern[] = [];
  /** NotAction denies match what their list leaves out: asked one by one. */
  private readonly notActions: StatementActions[] = [];
  private readonly answers = new Map<string, boolean>();
  /** `stillGranted`'s answers by the array asked about: the rules ask about the shared expansion of each Action list. */
  private readonly granted = new WeakMap<readonly object[], readonly object[]>();

  constructor(denies: readonly StatementActions[]) {
    for (const deny of denies) {
      if (!deny.element) continue;
      if (deny.isNotAction) {
        this.notActions.push(deny);
        continue;
      }
      for (const name of deny.exact.keys()) this.exact.add(name);
      for (const [prefix, patterns] of deny.patternsByPrefix) {
        const merged = this.byPrefix.get(prefix);
        if (merged) merged.push(...patterns);
        else this.byPrefix.set(prefix, [...patterns]);
      }
      this.anyPrefix.push(...deny.patternsAnyPrefix);
    }
  }

  /** Whether one of the denies matches `fullName`, as `StatementActions.matchSpan` finds a match. */
  denies(fullName: string): boolean {
    let denied = this.answers.get(fullName);
    if (denied === undefined) {
      denied = this.matches(fullName);
      this.answers.set(fullName, denied);
    }
    return denied;
  }

  stillGranted<T extends { readonly fullName: string }>(actions: readonly T[]): readonly T[] {
    let kept = this.granted.get(actions) as readonly T[] | undefined;
    if (!kept) {
      kept = actions.filter((action) => !this.denies(action.fullName));
      this.granted.set(actions, kept.length === actions.length ? actions : kept);
    }
    return kept;
  }

  private matches(fullName: string): boolean {
    const lower = fullName.toLowerCase();
    if (this.exact.has(lower)) return true;
    const colon = lower.indexOf(':');
    if (matchesSome(this.byPrefix.get(lower.slice(0, colon)), lower) || matchesSome(this.anyPrefix, lower)) return true;
    for (const deny of this.notActions) if (deny.matchSpan(fullName) !== undefined) return true;
    return false;
  }
}

function matchesSome(patterns: readonly ActionPattern[] | undefined, lower: string): boolean {
  if (patterns) for (const pattern of patterns) if (lower.startsWith(pattern.head) && matchesWildcard(pattern.lower, lower, false)) return true;
  return false;
}

/** The policy's deny sets, by the denies they hold (their positions among its unconditional denies). */
const denySets = new DerivedSlot<PolicyDocument, { positions: Map<StatementActions, number>; sets: Map<string, DenySet> }>();

function denySetOf(policy: PolicyDocument, covering: readonly StatementActions[]): DenySet {
  const all = unconditionalDeniesOf(policy);
  let kept = denySets.get(policy);
  if (!kept) denySets.set(policy, (kept = { positions: new Map(all.map((deny, position) => [deny, position])), sets: new Map() }));
  // Most Allow statements are covered by every deny (`covering` keeps their order): the key is short for those.
  const key = covering.length === all.length ? '*' : covering.map((deny) => kept.positions.get(deny)).join(',');
  let set = kept.sets.get(key);
  if (!set) kept.sets.set(key, (set = new DenySet(covering)));
  return set;
}

/**
 * Whether the Deny statement `deny` reaches every resource and principal `other` names (its Action and Condition
 * aside): Resource `*` or patterns that cover each of `other`'s resources, and Principal `*` or the same principals.
 */
export function denyReachesStatement(deny: Statement, other: Statement): boolean {
  return coversResources(deny, other) && coversPrincipals(deny, other);
}

function coversResources(deny: Statement, allow: Statement): boolean {
  return reachesResources({ resources: resourcesOf(deny) }, allow);
}

function reachesResources({ resources }: Pick<DenyReach, 'resources'>, allow: Statement): boolean {
  if (resources === 'not-resource') return false;
  // Role trust policies have no Resource element: a Deny without one covers an Allow without one.
  if (resources === 'none') return !allow.resource && !allow.notResource;
  if (resources === 'covers') return true;
  if (!allow.resource || allow.resource.values.length === 0) return false;
  return allow.resource.values.every(({ value }) => resources.some((pattern) => patternCovers(pattern, value, false)));
}

function coversPrincipals(deny: Statement, allow: Statement): boolean {
  return reachesPrincipals({ principals: principalsOf(deny) }, allow, allowPrincipalsOf(allow));
}

/** `allowPrincipals`: `allowPrincipalsOf(allow)`, read once for all the denies. */
function reachesPrincipals({ principals }: Pick<DenyReach, 'principals'>, allow: Statement, allowPrincipals: ReturnType<typeof allowPrincipalsOf>): boolean {
  if (principals === 'not-principal') return false;
  if (principals === 'none') return !allow.principal && !allow.notPrincipal;
  if (principals === 'everyone') return true;
  if (typeof allowPrincipals === 'string') return false;
  for (const [type, values] of allowPrincipals) {
    const denied = principals.get(type);
    for (const value of values) if (!denied?.has(value)) return false;
  }
  return true;
}

function isEveryone(principal: PrincipalElement): boolean {
  if (principal.wildcard) return principal.wildcard.value === '*';
  return principal.entries.some((entry) => entry.type === 'AWS' && entry.values.some((v) => v.value === '*'));
}
