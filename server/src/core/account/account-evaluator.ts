import { compilePolicies, compilePolicy, compilePolicyValue, deriveContext, evaluate } from '../evaluator/index';
import { requiresResourcePolicy } from '../evaluator/request';
import type {
  CompiledPolicy,
  CompiledPolicySet,
  ContextValue,
  EvaluationOutcome,
  NamedPolicy,
  PolicyInput,
  PolicyKind,
  PolicyRef,
  PolicyVerdict,
  RequestContext,
  StatementRef,
} from '../evaluator/index';
import { matchesWildcard } from '../text/wildcard';
import { resourceLabelOf, resourcePolicyOf, type Account, type AccountGroup, type AccountPolicy, type AccountPrincipal, type AccountRole } from './model';
import { groupsOf, principalPolicies, resolvedCache, type PrincipalPolicies } from './principal-policies';
import { assumedOnlyByServices } from './service-sessions';

/** What the account questions take besides the account: the organisation's SCPs and the request context. */
export interface AccountQueryOptions {
  /** SCPs by level of the organisation, root first (as `simulate --scp`). */
  scps?: readonly (readonly PolicyInput[])[];
  /** Request context keys given by the caller; keys derived from the principal are added (see `deriveContext`). */
  context?: RequestContext;
  /** The time of the request (aws:CurrentTime); now by default. */
  now?: Date;
}

/** A statement that grants (or, in conditions, would deny) a request: which policy, which statement, from where. */
export interface GrantingStatement {
  /** The policy: its ARN for managed policies, its name for inline ones, "trust policy", or the SCP file. */
  policy: string;
  kind: AccountPolicy['kind'] | 'scp' | 'permissions-boundary';
  /** The Sid, or `#n` (1-based) when the statement has none. */
  statement: string;
  /** The principal that holds the policy (inline and trust policies), or the group it comes through. */
  holder?: string;
  source: string;
}

/** A condition whose key the request context does not give, so the answer depends on it. */
export interface ConditionNeed extends GrantingStatement {
  effect: 'Allow' | 'Deny';
  operator: string;
  key: string;
}

/**
 * One principal's answer to one request. `Conditional`: the answer depends on context keys not given (`conditions`
 * lists them): an Allow whose condition cannot be checked, or an allowed request that a Deny would deny with them.
 */
export interface PrincipalDecision {
  decision: 'Allowed' | 'Conditional' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  via: GrantingStatement[];
  conditions?: ConditionNeed[];
  /** The request could not be evaluated: an invalid policy. */
  errors?: string[];
}

const DENIED: PrincipalDecision = Object.freeze({ decision: 'ImplicitlyDenied', via: [] }) as PrincipalDecision;
const MENTIONS = 1;
const ALLOW = 2;
const DENY = 4;
const ALLOW_CONDITIONAL = 8;
const DENY_CONDITIONAL = 16;
const PER_PRINCIPAL = 32;

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_ROOT = /^arn:[^:]+:iam::\d{12}:root$/;

const ALLOWED: PrincipalDecision = Object.freeze({ decision: 'Allowed', via: [] }) as PrincipalDecision;

// The sts actions for which a role's trust policy is the resource-based policy of the role.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (role trust policy)
const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']);

/** Whether the role's trust policy is the resource-based policy for `action`. */
export function isTrustAction(action: string): boolean {
  return TRUST_ACTIONS.has(action.toLowerCase());
}

/** A statement of a policy as read from its JSON, for the cheap "does it mention this action" test. */
interface ScannedStatement {
  /** The statement as parsed, read further only when its Action covers a requested action. */
  statement: Record<string, unknown>;
  deny: boolean;
  /** Whether the statement has a Condition: only then can a missing context key matter. */
  conditional: boolean;
  /** The Action value as written, a string or a list of strings (matched case-insensitively); undefined with NotAction. */
  actions?: string | readonly string[];
  notActions?: string | readonly string[];
  /** What the statement says beyond its actions, read on first need (`detailsOf`). */
  details?: StatementDetails;
}

interface StatementDetails {
  /**
   * Whether the statement's outcome can differ between principals of one kind: policy variables, or condition keys
   * that come from the principal (aws:PrincipalArn, aws:username, aws:PrincipalTag/..., aws:userid).
   */
  perPrincipal: boolean;
  /**
   * The literal beginnings of the Resource values (up to the first wildcard or variable): a request whose resource
   * starts with none of them cannot match. Undefined with NotResource or no Resource.
   */
  resourcePrefixes?: string[];
}

const NONE: ScannedStatement[] = [];
const SERVICE_SESSION: RequestContext = { 'aws:MultiFactorAuthPresent': 'false', 'aws:MultiFactorAuthAge': null };
const NO_GROUPS: AccountGroup[] = [];

function detailsOf(scanned: ScannedStatement): StatementDetails {
  scanned.details ??= { perPrincipal: isPerPrincipal(scanned.statement), ...prefixesOf(scanned.statement) };
  return scanned.details;
}

/**
 * A policy of the account as the evaluator's input: named by its key; its text is written only if it is compiled
 * from text (the document is compiled from its JSON value when there is one).
 */
class HeldInput implements NamedPolicy {
  constructor(readonly held: AccountPolicy) {}

  get name(): string {
    return this.held.key;
  }

  get policy(): string {
    return this.held.text;
  }
}

/**
 * Evaluates requests of the account's principals with the evaluator. Policies are compiled once each (by key), and
 * only those that mention the requested action take part: a statement whose Action does not match never applies,
 * so leaving such policies out cannot change a decision.
 */
export class AccountEvaluator {
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly scanned = new Map<AccountPolicy, ScannedStatement[] | null>();
  private readonly policyByKey = new Map<string, { policy: AccountPolicy; holder?: string }>();
  private readonly gathered = new Map<string, PrincipalPolicies>();
  private readonly groups = new Map<AccountPrincipal, AccountGroup[]>();
  private readonly assumers = new Map<string, AccountPrincipal[]>();
  /**
   * Per action (lower case), per policy: the statements that cover the action (null: malformed policy). Caches by
   * policy are keyed by the object (a key is unique in the account, so one object per key is the rule; another
   * object with the same key is only scanned again).
   */
  private readonly flags = new Map<string, { service: number; byPolicy: Map<AccountPolicy, ScannedStatement[] | null> }>();
  /** Per policy: the services its Action values can name, as `readServices` gives them (MALFORMED included). */
  private readonly services = new Map<AccountPolicy, number>();
  private readonly contexts = new Map<string, Record<string, ContextValue>>();
  /** Decisions shared by principals with the same policies in play (see `decide`). */
  private readonly memo = new Map<string, PrincipalDecision>();
  /** Documents of policies the source gave only as text, parsed once (null: not JSON). */
  private readonly values = new Map<AccountPolicy, unknown>();
  private identityAssumers?: Set<AccountPrincipal>;
  /** The resource policy governing a resource (null: none), by resource. */
  private readonly governing = new Map<string, AccountPolicy | null>();
  private everyone?: AccountPrincipal[];
  private positions?: Map<AccountPrincipal, number>;
  private readonly scpPolicies: AccountPolicy[];
  private readonly resolve: (arn: string) => AccountPolicy | undefined;
  private readonly scpSets: NamedPolicy[][];
  private readonly now: Date;

  constructor(
    readonly account: Account,
    readonly options: AccountQueryOptions = {},
  ) {
    this.resolve = resolvedCache(account);
    this.now = options.now ?? new Date();
    this.scpSets = (options.scps ?? []).map((level, l) =>
      level.map((policy, i): NamedPolicy => (typeof policy === 'object' && 'policy' in policy ? policy : { name: `SCP ${i + 1} at level ${l}`, policy })),
    );
    this.scpPolicies = this.scpSets.flat().map((policy) => ({
      key: `#scp/${policy.name}`,
      name: policy.name,
      kind: 'inline' as const,
      text: typeof policy.policy === 'string' ? policy.policy : policy.policy.text,
      source: { file: policy.name },
    }));
    // Inline and trust policies are registered with their holders as they come into play (`policiesOf`,
    // `resourcePolicyFor`): only those can be described, and most of an account's never are.
    for (const entry of account.resourcePolicies) this.policyByKey.set(entry.policy.key, { policy: entry.policy, holder: entry.resources.map(resourceLabelOf).join(', ') });
  }

  /**
   * The resource-based policy of a request: the role's trust policy for sts:AssumeRole* on a role of the account, else
   * the bucket, key, queue, topic or secret policy whose resources match `resource`, if any.
   */
  resourcePolicyFor(actionLower: string, resource: string): AccountPolicy | undefined {
    if (isTrustAction(actionLower)) {
      const role = this.account.roles.get(resource);
      if (role?.trust && !this.policyByKey.has(role.trust.key)) this.policyByKey.set(role.trust.key, { policy: role.trust, holder: role.arn });
      return role?.trust;
    }
    if (this.account.resourcePolicies.length === 0) return undefined;
    let found = this.governing.get(resource);
    if (found === undefined) {
      if (this.governing.size >= 10_000) this.governing.clear();
      this.governing.set(resource, (found = resourcePolicyOf(this.account, resource)?.policy ?? null));
    }
    return found ?? undefined;
  }

  /** The principal's policies, gathered once. */
  policiesOf(principal: AccountPrincipal): PrincipalPolicies {
    let gathered = this.gathered.get(principal.arn);
    if (!gathered) {
      const groups = this.groupsOf(principal);
      gathered = principalPolicies(this.account, principal, this.resolve, groups);
      this.gathered.set(principal.arn, gathered);
    }
    return gathered;
  }

  /**
   * Registers, for `describe`, the identity-based policies of a request with who holds them (inline policies: the
   * principal or the group). Only the policies a request takes part in are registered: most of an account's never do.
   */
  private registerHeld(identity: readonly AccountPolicy[], principal: AccountPrincipal): void {
    for (let i = 0; i < identity.length; i++) {
      const policy = identity[i];
      if (this.policyByKey.has(policy.key)) continue;
      let holder: string | undefined;
      if (principal.inline.includes(policy)) holder = principal.arn;
      else {
        const groups = this.groupsOf(principal);
        for (let g = 0; g < groups.length; g++) if (groups[g].inline.includes(policy)) holder ??= groups[g].arn;
      }
      this.policyByKey.set(policy.key, holder === undefined ? { policy } : { policy, holder });
    }
  }

  /** A user's groups (none for a role), looked up once per user. */
  private groupsOf(principal: AccountPrincipal): AccountGroup[] {
    if (principal.kind !== 'user') return NO_GROUPS;
    let groups = this.groups.get(principal);
    if (!groups) this.groups.set(principal, (groups = groupsOf(this.account, principal)));
    return groups;
  }

  /** The request context for a principal: its tags as aws:PrincipalTag/*, what the caller gave, and derived keys. */
  contextFor(principal: AccountPrincipal | string, extra?: RequestContext): Record<string, ContextValue> {
    if (extra === undefined) {
      const key = typeof principal === 'string' ? principal : principal.arn;
      let context = this.contexts.get(key);
      if (!context) this.contexts.set(key, (context = this.contextFor(principal, {})));
      return context;
    }
    const tags: Record<string, ContextValue> = {};
    if (typeof principal !== 'string') for (const [key, value] of Object.entries(principal.tags)) tags[`aws:PrincipalTag/${key}`] = value;
    // A question about what a principal can do now is answered for a session issued now: one a principal can always
    // start (a role is assumed, a user calls GetSessionToken), and no session lasts past 36 hours. So an Allow only for
    // sessions issued before a past date grants nothing, and the Deny that revoking a role's sessions adds (IAM's
    // AWSRevokeOlderSessions, `DateLessThan` on `aws:TokenIssueTime`) no longer waits on the key once its date is past.
    // A role only services assume has sessions no person started, none validated with MFA (service-sessions.ts).
    const sessionFacts: RequestContext = typeof principal !== 'string' && principal.kind === 'role' && assumedOnlyByServices(principal) ? SERVICE_SESSION : {};
    const given: RequestContext = { ...tags, ...sessionFacts, ...this.options.context, ...extra };
    const session: RequestContext = Object.keys(given).some((key) => key.toLowerCase() === 'aws:tokenissuetime') ? {} : { 'aws:TokenIssueTime': this.now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    return deriveContext(typeof principal === 'string' ? principal : principal.arn, { ...session, ...given }, this.now);
  }

  /**
   * Whether any statement of the policy has an Action (or NotAction) that the action falls under; with a resource,
   * only statements whose Resource could match it count.
   */
  mentions(policy: AccountPolicy, actionLower: string, resource?: string): boolean {
    return (this.flagsOf(policy, actionLower, resource) & MENTIONS) !== 0;
  }

  /**
   * Whether an Allow statement of the policy applies to the action (Deny statements aside); with a resource, only
   * statements whose Resource could match it count. A malformed policy counts as allowing, so the evaluator reports it.
   */
  allowsAction(policy: AccountPolicy, actionLower: string, resource?: string): boolean {
    return (this.flagsOf(policy, actionLower, resource) & ALLOW) !== 0;
  }

  /**
   * The users and roles that hold (themselves or through a group) an identity-based policy with an Allow statement
   * for the action that could match the resource (any resource when none is given). Without a resource-based policy
   * in play nobody else can be allowed it: `decide` answers ImplicitlyDenied for them before evaluating anything.
   * Computed from the policies, once per group and managed policy, without gathering each principal's policies.
   * Each policy's statements are read in place against the action as written (`mayApply`), keeping nothing: most
   * policies are inline, held by one principal and read once; a query asks this for one or two actions; and only the
   * few principals found are evaluated, which scans their policies' statements (`statementsFor`).
   */
  principalsWithAllow(action: string, resource?: string): Set<AccountPrincipal> {
    const actionLower = action.toLowerCase();
    const grants = (policy: AccountPolicy): boolean => mayApply(this.valueOf(policy), actionLower, resource, true);
    const anyGrants = (policies: readonly AccountPolicy[]): boolean => {
      for (let i = 0; i < policies.length; i++) if (grants(policies[i])) return true;
      return false;
    };
    const managed = new Map<string, boolean>();
    const attachedGrants = (arns: readonly string[]): boolean => {
      for (let i = 0; i < arns.length; i++) {
        const arn = arns[i];
        let granted = managed.get(arn);
        if (granted === undefined) {
          const policy = this.resolve(arn);
          managed.set(arn, (granted = policy !== undefined && grants(policy)));
        }
        if (granted) return true;
      }
      return false;
    };
    const groups = new Map<AccountGroup, boolean>();
    const groupGrants = (group: AccountGroup): boolean => {
      let granted = groups.get(group);
      if (granted === undefined) groups.set(group, (granted = anyGrants(group.inline) || attachedGrants(group.attached)));
      return granted;
    };
    const result = new Set<AccountPrincipal>();
    const principals = this.principals();
    for (let i = 0; i < principals.length; i++) {
      const principal = principals[i];
      if (anyGrants(principal.inline) || attachedGrants(principal.attached) || this.groupsOf(principal).some(groupGrants)) {
        result.add(principal);
      }
    }
    return result;
  }

  /**
   * The principals `decide` can allow (or find Conditional) for the request without evaluating it; undefined when a
   * resource-based policy takes part (the trust policy of a role for sts:AssumeRole*, a bucket, key, queue, topic or
   * secret policy), which may allow anyone. A resource policy without an Allow for the request can only deny.
   */
  candidatesFor(action: string, resource: string): Set<AccountPrincipal> | undefined {
    const actionLower = action.toLowerCase();
    const governing = this.resourcePolicyFor(actionLower, resource);
    if (governing && this.flagsOf(governing, actionLower, resource) & (governing.kind === 'trust' ? ~0 : ALLOW)) return undefined;
    return this.principalsWithAllow(action, resource);
  }

  /** Every user and role of the account, users first. */
  principals(): AccountPrincipal[] {
    this.everyone ??= [...this.account.users.values(), ...this.account.roles.values()];
    return this.everyone;
  }

  /** Each principal's position in `principals()`. */
  private principalPositions(): Map<AccountPrincipal, number> {
    if (!this.positions) {
      this.positions = new Map();
      this.principals().forEach((principal, i) => this.positions!.set(principal, i));
    }
    return this.positions;
  }

  /**
   * What the policy's statements for the action say, as MENTIONS/ALLOW/DENY/... bits; with a resource, only the
   * statements whose Resource could match it count (a resource that starts with none of the literal beginnings of
   * a statement's Resource values cannot match it). A malformed policy has every bit, so the evaluator reports it.
   */
  private flagsOf(policy: AccountPolicy, actionLower: string, resource?: string): number {
    const matching = this.statementsFor(policy, actionLower);
    if (matching === null) return MENTIONS | ALLOW | DENY | ALLOW_CONDITIONAL | DENY_CONDITIONAL | PER_PRINCIPAL;
    let flags = 0;
    for (let i = 0; i < matching.length; i++) {
      const statement = matching[i];
      const { resourcePrefixes, perPrincipal } = detailsOf(statement);
      if (resource !== undefined && resourcePrefixes && !startsWithAny(resource, resourcePrefixes)) continue;
      flags |= MENTIONS | (statement.deny ? DENY : ALLOW);
      if (statement.conditional) flags |= statement.deny ? DENY_CONDITIONAL : ALLOW_CONDITIONAL;
      if (perPrincipal) flags |= PER_PRINCIPAL;
    }
    return flags;
  }

  /** The policy's statements whose Action (or NotAction) covers the action; computed once per policy and action. */
  private statementsFor(policy: AccountPolicy, actionLower: string): ScannedStatement[] | null {
    let byAction = this.flags.get(actionLower);
    if (!byAction) {
      if (this.flags.size >= 256) this.flags.clear();
      this.flags.set(actionLower, (byAction = { service: actionServiceBits(actionLower), byPolicy: new Map() }));
    }
    let matching = byAction.byPolicy.get(policy);
    if (matching !== undefined) return matching;
    const services = this.services.get(policy);
    // A policy none of whose Action values can name the action's service: known without reading it or keeping an answer.
    if (services !== undefined && (services & (MALFORMED | ANY_SERVICE | byAction.service)) === 0) return NONE;
    // Most policies have no statement for a given action: they share one empty list. Whether a policy has one is
    // read from its document as written, without scanning its statements into objects, which only the policies
    // that have one (or are malformed, so the evaluator reports them) need. The first read also notes the services
    // its Action values can name, so that for later actions a policy that names none of theirs is not read again.
    let statements = this.scanned.get(policy);
    if (statements === undefined) {
      let none: boolean;
      if (services === undefined) {
        const read = readServices(this.valueOf(policy), actionLower);
        this.services.set(policy, read & ~COVERED);
        none = (read & (COVERED | MALFORMED)) === 0;
      } else {
        none = (services & MALFORMED) === 0 && coversNone(this.valueOf(policy), actionLower);
      }
      statements = none ? NONE : this.scan(policy);
    }
    if (statements === null) matching = null;
    else {
      matching = NONE;
      for (const statement of statements) {
        if (statement.actions !== undefined ? coversAction(statement.actions, actionLower) : !coversAction(statement.notActions!, actionLower)) {
          if (matching === NONE) matching = [];
          matching.push(statement);
        }
      }
    }
    byAction.byPolicy.set(policy, matching);
    return matching;
  }

  /**
   * The users and roles that may be allowed sts:AssumeRole on the role, read from its trust policy: the principals it
   * names, and when it names an account (its root or ID) or a wildcard, every principal whose identity-based policies
   * have an Allow for sts:AssumeRole. Trust policies must allow a principal explicitly, so nobody else can.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (role trust policies)
   */
  assumeCandidates(role: AccountRole): AccountPrincipal[] {
    let candidates = this.assumers.get(role.arn);
    if (candidates) return candidates;
    const named = new Set<string>();
    let accounts = false;
    let open = false;
    let document: unknown = role.trust?.value;
    try {
      if (role.trust && document === undefined) document = JSON.parse(role.trust.text);
    } catch {
      open = true;
    }
    const raw = (document as { Statement?: unknown } | undefined)?.Statement;
    for (const statement of (Array.isArray(raw) ? raw : raw ? [raw] : []) as (Record<string, unknown> | null)[]) {
      if (!statement || statement.Effect !== 'Allow') continue;
      if (statement.NotPrincipal !== undefined || statement.Principal === '*') {
        open = true;
        continue;
      }
      const aws = (statement.Principal as Record<string, unknown> | undefined)?.AWS;
      for (const value of typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws : []) {
        if (typeof value !== 'string') continue;
        if (value.includes('*') || value.includes('?')) open = true;
        else if (/^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value)) accounts = true;
        else named.add(value);
      }
    }
    if (open) candidates = this.principals();
    else {
      // Picked from the named ARNs and the account's assumers, then put in the order of `principals()`: filtering
      // every principal for every role asked about costs roles × principals.
      const picked = new Set<AccountPrincipal>();
      if (accounts) for (const principal of (this.identityAssumers ??= this.principalsWithAllow('sts:assumerole'))) picked.add(principal);
      // By ARN in the account's maps, which `principals()` lists (a user and a role may in principle share an ARN).
      for (const arn of named) {
        const user = this.account.users.get(arn);
        if (user) picked.add(user);
        const role = this.account.roles.get(arn);
        if (role) picked.add(role);
      }
      const position = this.principalPositions();
      candidates = [...picked].sort((a, b) => position.get(a)! - position.get(b)!);
    }
    this.assumers.set(role.arn, candidates);
    return candidates;
  }

  /**
   * Decides one request by an account principal (or by a service principal, given as its name, which only the
   * resource-based policy can allow). `resourcePolicy` defaults to the role's trust policy for sts:AssumeRole* on a
   * role of the account, and to the resource policy whose resources match `resource` otherwise (`resourcePolicyFor`).
   */
  decide(
    principal: AccountPrincipal | string,
    action: string,
    resource: string,
    extra?: {
      context?: RequestContext;
      resourcePolicy?: AccountPolicy | null;
      addedIdentity?: AccountPolicy;
      /** A policy held in place of another (a policy version made the default), by the held policy's key. */
      replaced?: { key: string; by: AccountPolicy };
      /** A permissions boundary in place of the principal's own; null for none. */
      boundary?: AccountPolicy | null;
      /** The principal's own inline policies left out: written over by the principal (escalation analysis). */
      ownInlineReplaced?: boolean;
      via?: boolean;
    },
  ): PrincipalDecision {
    const actionLower = action.toLowerCase();
    const resourcePolicy = extra?.resourcePolicy !== undefined ? extra.resourcePolicy : (this.resourcePolicyFor(actionLower, resource) ?? null);
    const relevantResource = resourcePolicy && this.flagsOf(resourcePolicy, actionLower, resource) !== 0 ? resourcePolicy : undefined;
    let identity: AccountPolicy[] = [];
    let boundary: AccountPolicy | undefined;
    if (typeof principal !== 'string') {
      const policies = this.policiesOf(principal);
      // Only statements that cover the action and could match the resource can apply: leaving the other policies
      // out of the set cannot change the decision.
      const replaced = extra?.replaced;
      if (replaced && !this.policyByKey.has(replaced.by.key)) this.policyByKey.set(replaced.by.key, { policy: replaced.by });
      const swapped = replaced ? policies.identity.map((policy) => (policy.key === replaced.key ? replaced.by : policy)) : policies.identity;
      const own = extra?.ownInlineReplaced ? new Set(principal.inline.map((policy) => policy.key)) : undefined;
      const held = own ? swapped.filter((policy) => !own.has(policy.key)) : swapped;
      // An inline policy is held by one principal or group: read in place first (`mayApply`), most never take part and
      // are not scanned; managed policies, held by many, are scanned once and their statements for the action kept.
      for (let i = 0; i < held.length; i++) {
        const policy = held[i];
        if ((policy.kind !== 'inline' || mayApply(this.valueOf(policy), actionLower, resource, false)) && this.flagsOf(policy, actionLower, resource) !== 0) identity.push(policy);
      }
      this.registerHeld(identity, principal);
      // A policy the principal could add to itself (escalation analysis): the rest of its policies still apply.
      if (extra?.addedIdentity && this.flagsOf(extra.addedIdentity, actionLower, resource) !== 0) identity.push(extra.addedIdentity);
      boundary = extra?.boundary !== undefined ? (extra.boundary ?? undefined) : policies.boundary;
      if (boundary && !this.policyByKey.has(boundary.key)) this.policyByKey.set(boundary.key, { policy: boundary });
      // Without an Allow in the identity-based policies or the resource-based policy nothing can allow.
      if (!relevantResource && !this.anyFlagged(identity, ALLOW, actionLower, resource)) return DENIED;
    } else if (!relevantResource) {
      return DENIED;
    } else if (extra?.addedIdentity) {
      // A principal of another account, with what its own account allows (escalation analysis).
      identity = [extra.addedIdentity];
    }
    // Principals of one kind in one account holding the same policies get the same answer, unless a statement in play
    // reads something of the principal itself (a variable, aws:PrincipalArn, a tag) or a resource policy names
    // principals other than whole accounts (a trust policy naming the account admits all its principals alike).
    let memoKey: string | undefined;
    // A principal asked without its own inline policies holds what others of its kind do not: never memoised.
    if (typeof principal !== 'string' && (!relevantResource || this.namesOnlyAccounts(relevantResource, actionLower, resource)) && extra?.context === undefined && !extra?.ownInlineReplaced) {
      if (!this.inPlayFlagged(identity, boundary, relevantResource, PER_PRINCIPAL, actionLower, resource)) {
        let keys = '';
        for (let i = 0; i < identity.length; i++) keys = i === 0 ? identity[i].key : `${keys}\u0000${identity[i].key}`;
        memoKey = `${principal.kind}\u0000${accountFieldOf(principal.arn)}\u0000${actionLower}\u0000${resource}\u0000${extra?.via === false ? 0 : 1}\u0000${relevantResource?.key ?? ''}\u0000${boundary?.key ?? ''}\u0000${keys}`;
        const known = this.memo.get(memoKey);
        if (known) return known;
      }
    }
    const decision = this.evaluateSet(principal, action, actionLower, resource, identity, boundary, relevantResource, extra);
    if (memoKey !== undefined) {
      if (this.memo.size >= 200_000) this.memo.clear();
      this.memo.set(memoKey, decision);
    }
    return decision;
  }

  /** Whether `flagsOf` gives one of the policies the flag. */
  private anyFlagged(policies: readonly AccountPolicy[], flag: number, actionLower: string, resource: string): boolean {
    for (let i = 0; i < policies.length; i++) if ((this.flagsOf(policies[i], actionLower, resource) & flag) !== 0) return true;
    return false;
  }

  /** Whether `flagsOf` gives one of the policies of a request (identity, boundary, resource policy, SCPs) the flag. */
  private inPlayFlagged(
    identity: readonly AccountPolicy[],
    boundary: AccountPolicy | undefined,
    resourcePolicy: AccountPolicy | undefined,
    flag: number,
    actionLower: string,
    resource: string,
  ): boolean {
    return (
      this.anyFlagged(identity, flag, actionLower, resource) ||
      (boundary !== undefined && (this.flagsOf(boundary, actionLower, resource) & flag) !== 0) ||
      (resourcePolicy !== undefined && (this.flagsOf(resourcePolicy, actionLower, resource) & flag) !== 0) ||
      this.anyFlagged(this.scpPolicies, flag, actionLower, resource)
    );
  }

  /**
   * Whether every statement of the resource-based policy that could apply to the request names its principals only
   * as whole accounts (`"AWS"` with account IDs or `arn:…:root`): then it matches every principal of such an account
   * alike. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (AWS account
   * principals)
   */
  private namesOnlyAccounts(policy: AccountPolicy, actionLower: string, resource: string): boolean {
    const matching = this.statementsFor(policy, actionLower);
    if (matching === null) return false;
    for (let i = 0; i < matching.length; i++) {
      const statement = matching[i];
      const { resourcePrefixes, perPrincipal } = detailsOf(statement);
      if (resourcePrefixes && !startsWithAny(resource, resourcePrefixes)) continue;
      if (perPrincipal || statement.statement.NotPrincipal !== undefined) return false;
      const named = statement.statement.Principal;
      if (typeof named !== 'object' || named === null || Array.isArray(named)) return false;
      const keys = Object.keys(named);
      if (keys.length !== 1 || keys[0] !== 'AWS') return false;
      const aws = (named as Record<string, unknown>).AWS;
      const values = typeof aws === 'string' ? [aws] : Array.isArray(aws) ? (aws as unknown[]) : [];
      if (values.length === 0) return false;
      for (const value of values) if (typeof value !== 'string' || !(ACCOUNT_ID.test(value) || ACCOUNT_ROOT.test(value))) return false;
    }
    return true;
  }

  private evaluateSet(
    principal: AccountPrincipal | string,
    action: string,
    actionLower: string,
    resource: string,
    identity: AccountPolicy[],
    boundary: AccountPolicy | undefined,
    relevantResource: AccountPolicy | undefined,
    extra: { context?: RequestContext; via?: boolean } | undefined,
  ): PrincipalDecision {
    const set = this.compileSet(identity, boundary, relevantResource);
    const request = { principal: typeof principal === 'string' ? principal : principal.arn, action, resource, context: this.contextFor(principal, extra?.context) };
    const fast = evaluate(request, set, { explain: false });
    if (fast.errors) return { decision: 'ImplicitlyDenied', via: [], errors: fast.errors.map((error) => `${error.policy?.name ?? 'request'}: ${error.ruleId}: ${error.message}`) };
    if (fast.decision === 'ExplicitlyDenied') return { decision: 'ExplicitlyDenied', via: [] };
    // Explaining costs more than deciding: do it only when the statements are wanted, or when a Condition that
    // mentions the action could be waiting on a key the request lacks.
    if (fast.decision === 'Allowed') {
      if (extra?.via === false && !this.inPlayFlagged(identity, boundary, relevantResource, DENY_CONDITIONAL, actionLower, resource)) return ALLOWED;
    } else if (!this.inPlayFlagged(identity, boundary, relevantResource, ALLOW_CONDITIONAL, actionLower, resource)) {
      return DENIED;
    }
    const explained = evaluate(request, set) as EvaluationOutcome;
    const policies = explained.explanation!.policies;
    // A key the request is known not to carry (given as null: iam:PermissionsBoundary of a role without one) fails its
    // test outright, as a key no request gives would not: no answer waits on it.
    const absent = absentKeysOf(request.context);
    if (explained.decision === 'Allowed') {
      const via = explained.reason!.statements.filter((s) => s.effect === 'Allow').map((s) => this.describe(s));
      const denyNeeds = this.needs(policies, 'Deny', () => true, absent);
      return denyNeeds.length > 0 ? { decision: 'Conditional', via, conditions: denyNeeds } : { decision: 'Allowed', via };
    }
    // Implicitly denied: conditional when every layer that must allow has an Allow that applies or one that waits
    // only on a context key the request did not give.
    const layer = (kinds: PolicyKind[], level?: number) => {
      const verdicts = policies.filter((v) => kinds.includes(v.policy.kind) && (level === undefined || v.policy.level === level));
      return { allows: verdicts.some((v) => v.verdict === 'Allow'), needs: this.needs(verdicts, 'Allow', () => true, absent) };
    };
    // In its own account, a principal a resource-based policy names only as the account is allowed by its
    // identity-based policies ("granting to the account delegates to the identity-based policies", decide.ts): the
    // resource policy's Allow, met or waiting on a key, grants nothing of its own, and is needed besides only where a
    // resource policy must allow (a role's trust policy, a key policy).
    const own = typeof principal !== 'string' && (accountFieldOf(resource) || accountFieldOf(principal.arn)) === accountFieldOf(principal.arn);
    const delegated = own && relevantResource !== undefined && this.namesOnlyAccounts(relevantResource, actionLower, resource);
    const layers = delegated ? [layer(['identity']), ...(requiresResourcePolicy(actionLower) ? [layer(['resource'])] : [])] : [layer(['identity', 'resource'])];
    if (set.permissionsBoundary && !(explained.explanation!.principal.kind === 'service')) layers.push(layer(['permissionsBoundary']));
    if (explained.explanation!.principal.kind !== 'service') for (let level = 0; level < set.scps.length; level++) layers.push(layer(['scp'], level));
    const needs = layers.flatMap((l) => l.needs);
    if (needs.length === 0 || !layers.every((l) => l.allows || l.needs.length > 0)) return { decision: 'ImplicitlyDenied', via: [] };
    const via = policies.flatMap((v) => v.matched.filter((m) => m.effect === 'Allow').map((m) => this.describe(m)));
    return { decision: 'Conditional', via, conditions: needs };
  }

  /** Compiles (once) the policy set of a request. */
  compileSet(identity: AccountPolicy[], boundary: AccountPolicy | undefined, resource: AccountPolicy | undefined): CompiledPolicySet {
    return compilePolicies(
      {
        identity: identity.map((policy) => new HeldInput(policy)),
        resource: resource ? new HeldInput(resource) : null,
        permissionsBoundary: boundary ? new HeldInput(boundary) : null,
        scps: this.scpSets,
      },
      (input, ref) => this.compileOne(input, ref),
    );
  }

  private compileOne(input: PolicyInput, ref: PolicyRef): CompiledPolicy {
    const name = (input as { name: string }).name;
    // Policy keys never hold U+0000: an identity policy's key alone cannot be another kind's cache key.
    const key = ref.kind === 'identity' ? name : `${ref.kind}\u0000${ref.level ?? ''}\u0000${name}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      // Shared by every principal that holds the policy: the position in a set is not needed, the name says which.
      const shared: PolicyRef = { kind: ref.kind, index: ref.kind === 'scp' ? ref.index : 0, ...(ref.level !== undefined ? { level: ref.level } : {}) };
      const value = input instanceof HeldInput ? this.valueOf(input.held) : undefined;
      compiled = value !== undefined ? compilePolicyValue(value, shared, name) : compilePolicy(input, shared);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private needs(verdicts: readonly PolicyVerdict[], effect: 'Allow' | 'Deny', accept: (v: PolicyVerdict) => boolean, absent: ReadonlySet<string> = NO_KEYS): ConditionNeed[] {
    const needs: ConditionNeed[] = [];
    for (const verdict of verdicts) {
      if (!accept(verdict) || verdict.ignored) continue;
      for (const miss of verdict.notMatched) {
        if (miss.effect !== effect || miss.failure.element !== 'Condition') continue;
        if (miss.failure.reason === 'no-match') continue;
        if (miss.failure.reason === 'missing-key' && absent.has(miss.failure.key.toLowerCase())) continue;
        needs.push({
          ...this.describe(miss),
          effect,
          operator: miss.failure.operator,
          key: miss.failure.reason === 'unresolved-variable' ? `${miss.failure.key} (variable ${miss.failure.variable})` : miss.failure.key,
        });
      }
    }
    return needs;
  }

  /** A statement reference in the account's words. */
  describe(ref: StatementRef): GrantingStatement {
    const statement = ref.sid !== undefined && ref.sid !== '' ? ref.sid : `#${ref.index + 1}`;
    const name = ref.policy.name ?? '';
    if (ref.policy.kind === 'scp') return { policy: name, kind: 'scp', statement, source: name };
    const entry = this.policyByKey.get(name);
    if (!entry) return { policy: name, kind: ref.policy.kind === 'permissionsBoundary' ? 'permissions-boundary' : 'inline', statement, source: '' };
    const { policy, holder } = entry;
    const source = policy.source.path ? `${policy.source.file} ${policy.source.path}` : policy.source.file;
    return {
      policy: policy.name,
      kind: ref.policy.kind === 'permissionsBoundary' ? 'permissions-boundary' : policy.kind,
      statement,
      ...(holder ? { holder } : {}),
      source,
    };
  }

  private scan(policy: AccountPolicy): ScannedStatement[] | null {
    let statements = this.scanned.get(policy);
    if (statements === undefined) {
      const value = this.valueOf(policy);
      statements = value === undefined ? null : scanStatements(value);
      this.scanned.set(policy, statements);
    }
    return statements;
  }

  /** The policy's document as a JSON value (parsed from its text once when the source gave only text); undefined when it is not JSON. */
  private valueOf(policy: AccountPolicy): unknown {
    if (policy.value !== undefined) return policy.value;
    let value = this.values.get(policy);
    if (value === undefined) {
      try {
        value = JSON.parse(policy.text);
      } catch {
        value = null;
      }
      this.values.set(policy, value);
    }
    return value === null ? undefined : value;
  }
}

// The functions below read every statement of an account once per query, mostly before V8 has optimised them: they
// loop by index, since a for-of in unoptimised code allocates an iterator result per element (in a who-can process on
// the bench account, for-of in `stringList` alone took a quarter of the scan for candidates).

/**
 * Whether the document is well formed as `scanStatements` reads it and none of its statements' Action (or NotAction)
 * covers the action: then no statement can apply to the request. False when one does, or when the document is
 * malformed (`scanStatements` says which). Reads the values in place, allocating nothing.
 */
function coversNone(document: unknown, actionLower: string): boolean {
  const raw = (document as { Statement?: unknown } | null | undefined)?.Statement;
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) if (!coversNoneOne(raw[i], actionLower)) return false;
    return true;
  }
  return typeof raw === 'object' && raw !== null && coversNoneOne(raw, actionLower);
}

function coversNoneOne(item: unknown, actionLower: string): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const statement = item as Record<string, unknown>;
  const action = statement.Action;
  if (action !== undefined) return isStringList(action) && !coversAction(action, actionLower);
  const notAction = statement.NotAction;
  return notAction !== undefined && isStringList(notAction) && coversAction(notAction, actionLower);
}

// The services a policy's Action values can name, as a bit set: each literal service prefix (`s3` of `s3:Get*`,
// case-insensitively) sets one of SERVICE_BUCKETS bits chosen by a hash of its name; a statement that can name any
// service (NotAction, a wildcard or a non-ASCII character before the first colon, no colon) sets ANY_SERVICE. An
// action's statements can only be among those of a policy whose bits include the action service's bit or
// ANY_SERVICE: a pattern whose part before the first colon is literal matches only actions of that service.
const SERVICE_BUCKETS = 28;
const ALL_SERVICES = (1 << SERVICE_BUCKETS) - 1;
const ANY_SERVICE = 1 << SERVICE_BUCKETS;
/** `readServices`: some statement's Action (or NotAction) covers the action read with it. */
const COVERED = 1 << (SERVICE_BUCKETS + 1);
/** `readServices`: the document is malformed as `scanStatements` reads it. */
const MALFORMED = 1 << (SERVICE_BUCKETS + 2);

/** The bit of the service part of `value` up to its first colon; ANY_SERVICE when it is not a literal ASCII name. */
function serviceBit(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code === COLON) return 1 << ((hash >>> 0) % SERVICE_BUCKETS);
    if (code === STAR || code === QUESTION || code >= 128) return ANY_SERVICE;
    if (code >= 65 && code <= 90) code += 32;
    hash = (Math.imul(hash, 31) + code) | 0;
  }
  return ANY_SERVICE;
}

/** The bits a policy must have for the action to be among its statements' (every bit when its service is not literal). */
function actionServiceBits(actionLower: string): number {
  const bit = serviceBit(actionLower);
  return bit === ANY_SERVICE ? ALL_SERVICES : bit;
}

/**
 * One read of a document's statements: the services their Action values can name, COVERED when one covers the
 * action, MALFORMED (alone) when `scanStatements` would find the document malformed.
 */
function readServices(document: unknown, actionLower: string): number {
  const raw = (document as { Statement?: unknown } | null | undefined)?.Statement;
  if (Array.isArray(raw)) {
    let bits = 0;
    for (let i = 0; i < raw.length; i++) {
      const read = readStatementServices(raw[i], actionLower);
      if (read === MALFORMED) return MALFORMED;
      bits |= read;
    }
    return bits;
  }
  return typeof raw === 'object' && raw !== null ? readStatementServices(raw, actionLower) : MALFORMED;
}

function readStatementServices(item: unknown, actionLower: string): number {
  if (typeof item !== 'object' || item === null) return MALFORMED;
  const statement = item as Record<string, unknown>;
  const action = statement.Action;
  if (action !== undefined) {
    if (typeof action === 'string') return serviceBit(action) | (patternCovers(action, actionLower) ? COVERED : 0);
    if (!Array.isArray(action)) return MALFORMED;
    let bits = 0;
    for (let i = 0; i < action.length; i++) {
      const pattern: unknown = action[i];
      if (typeof pattern !== 'string') return MALFORMED;
      bits |= serviceBit(pattern);
      if ((bits & COVERED) === 0 && patternCovers(pattern, actionLower)) bits |= COVERED;
    }
    return bits;
  }
  const notAction = statement.NotAction;
  if (notAction === undefined || !isStringList(notAction)) return MALFORMED;
  return ANY_SERVICE | (coversAction(notAction, actionLower) ? 0 : COVERED);
}

/**
 * Whether the document has a statement (an Allow statement with `allowOnly`) whose Action (or NotAction) covers the
 * action and whose Resource could match `resource` (any resource when undefined), or is malformed as
 * `scanStatements` reads it: what `flagsOf` says of it (not 0, or its ALLOW bit), read in one pass over the values in
 * place, allocating nothing. Resources are tested as `flagsOf` does: a statement counts unless every Resource value's
 * literal beginning (up to the first wildcard or variable) differs from the resource's; with NotResource, or no
 * Resource, it counts.
 */
export function mayApply(document: unknown, actionLower: string, resource: string | undefined, allowOnly: boolean): boolean {
  const raw = (document as { Statement?: unknown } | null | undefined)?.Statement;
  if (!Array.isArray(raw)) return typeof raw !== 'object' || raw === null || statementMayApply(raw, actionLower, resource, allowOnly);
  // A statement that applies settles it; a malformed one counts too, whatever follows it.
  for (let i = 0; i < raw.length; i++) if (statementMayApply(raw[i], actionLower, resource, allowOnly)) return true;
  return false;
}

function statementMayApply(item: unknown, actionLower: string, resource: string | undefined, allowOnly: boolean): boolean {
  if (typeof item !== 'object' || item === null) return true;
  const statement = item as Record<string, unknown>;
  let covers: boolean;
  const action = statement.Action;
  if (action !== undefined) {
    if (!isStringList(action)) return true;
    covers = coversAction(action, actionLower);
  } else {
    const notAction = statement.NotAction;
    if (notAction === undefined || !isStringList(notAction)) return true;
    covers = !coversAction(notAction, actionLower);
  }
  return covers && (!allowOnly || statement.Effect !== 'Deny') && (resource === undefined || resourceMayMatch(statement, resource));
}

function resourceMayMatch(statement: Record<string, unknown>, resource: string): boolean {
  if (statement.NotResource !== undefined) return true;
  const value = statement.Resource;
  if (typeof value === 'string') return startsWithLiteralPart(resource, value);
  if (stringList(value) === null) return true;
  const patterns = value as string[];
  for (let i = 0; i < patterns.length; i++) if (startsWithLiteralPart(resource, patterns[i])) return true;
  return false;
}

/** Whether `resource` starts with the pattern's beginning up to its first `*`, `?` or `${` (`firstSpecial`). */
function startsWithLiteralPart(resource: string, pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === STAR || code === QUESTION || (code === DOLLAR && pattern.charCodeAt(i + 1) === OPEN_BRACE)) return true;
    if (code !== resource.charCodeAt(i)) return false;
  }
  return true;
}

function startsWithAny(resource: string, prefixes: readonly string[]): boolean {
  for (let i = 0; i < prefixes.length; i++) if (resource.startsWith(prefixes[i])) return true;
  return false;
}

/** The fifth field of an ARN, as `arn.split(':')[4]` gives it (undefined when there is none), without the array. */
function accountFieldOf(arn: string): string | undefined {
  let start = 0;
  for (let field = 0; field < 4; field++) {
    start = arn.indexOf(':', start) + 1;
    if (start === 0) return undefined;
  }
  const end = arn.indexOf(':', start);
  return end < 0 ? arn.slice(start) : arn.slice(start, end);
}

function isStringList(value: unknown): value is string | readonly string[] {
  return stringList(value) !== null;
}

/** The statements' Effect and Action/NotAction values; null when the document is malformed. */
function scanStatements(document: unknown): ScannedStatement[] | null {
  const raw = (document as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : null;
  if (!list) return null;
  const statements: ScannedStatement[] = [];
  for (const item of list) {
    const statement = item as Record<string, unknown> | null;
    if (!statement || typeof statement !== 'object') return null;
    if (statement.Action !== undefined) {
      const actions = stringList(statement.Action);
      if (!actions) return null;
      statements.push({ statement, deny: statement.Effect === 'Deny', conditional: statement.Condition !== undefined, actions });
    } else if (statement.NotAction !== undefined) {
      const notActions = stringList(statement.NotAction);
      if (!notActions) return null;
      statements.push({ statement, deny: statement.Effect === 'Deny', conditional: statement.Condition !== undefined, notActions });
    } else {
      return null;
    }
  }
  return statements;
}

function stringList(value: unknown): string | readonly string[] | null {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return null;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return null;
  return value as string[];
}

// Keys derived from the principal (deriveContext and its tags): the same for every principal of one kind in one
// account except these.
const PRINCIPAL_KEY = /^aws:(principal|username|userid|sourceidentity)/i;

function prefixesOf(statement: Record<string, unknown>): { resourcePrefixes?: string[] } {
  const resource = statement.Resource;
  const values = typeof resource === 'string' ? [resource] : Array.isArray(resource) && resource.every((v) => typeof v === 'string') ? (resource as string[]) : undefined;
  if (!values || statement.NotResource !== undefined) return {};
  return { resourcePrefixes: values.map((value) => value.slice(0, firstSpecial(value))) };
}

function firstSpecial(value: string): number {
  let end = value.length;
  for (const special of ['*', '?', '${']) {
    const at = value.indexOf(special);
    if (at >= 0 && at < end) end = at;
  }
  return end;
}

function isPerPrincipal(statement: Record<string, unknown>): boolean {
  return readsPrincipal(statement.Resource) || readsPrincipal(statement.NotResource) || readsPrincipal(statement.Condition);
}

function readsPrincipal(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(readsPrincipal);
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) if (PRINCIPAL_KEY.test(key) || readsPrincipal(inner)) return true;
  }
  return false;
}

// "Action names are not case sensitive"; `*` and `?` are the only wildcards.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// Statements are many and a query tests each against one action, so patterns are matched as written: one whose first
// character is a plain ASCII character other than the action's cannot match it (lower-casing keeps an ASCII first
// character ASCII), and only the rest are lower-cased and compared.
function coversAction(patterns: string | readonly string[], actionLower: string): boolean {
  if (typeof patterns === 'string') return patternCovers(patterns, actionLower);
  for (let i = 0; i < patterns.length; i++) if (patternCovers(patterns[i], actionLower)) return true;
  return false;
}

function patternCovers(pattern: string, actionLower: string): boolean {
  const code = pattern.charCodeAt(0);
  if (code < 128 && code !== STAR && code !== QUESTION && (code >= 65 && code <= 90 ? code + 32 : code) !== actionLower.charCodeAt(0)) return false;
  const star = pattern.indexOf('*');
  const question = pattern.indexOf('?');
  // Lower-casing neither makes nor moves a wildcard to or from the end: the same cases as for the lower-cased pattern.
  if (star < 0 && question < 0) return asciiLowerEquals(pattern, actionLower, true) ?? pattern.toLowerCase() === actionLower;
  if (star === pattern.length - 1 && question < 0) return asciiLowerEquals(pattern, actionLower, false) ?? actionLower.startsWith(pattern.toLowerCase().slice(0, -1));
  return matchesWildcard(pattern.toLowerCase(), actionLower, false);
}

/**
 * Whether the ASCII `pattern` lower-cased is `actionLower` (`whole`), or, without its last character (the `*`), begins
 * it: compared character by character, without writing the lower-cased copy. Undefined when the pattern has a
 * non-ASCII character before a mismatch (lower-casing may change its length, or depend on its neighbours).
 */
function asciiLowerEquals(pattern: string, actionLower: string, whole: boolean): boolean | undefined {
  const length = whole ? pattern.length : pattern.length - 1;
  for (let i = 0; i < length; i++) {
    let code = pattern.charCodeAt(i);
    if (code >= 128) return undefined;
    if (code >= 65 && code <= 90) code += 32;
    if (code !== actionLower.charCodeAt(i)) return false;
  }
  return whole ? actionLower.length === length : true;
}

const STAR = 42;
const QUESTION = 63;
const COLON = 58;
const DOLLAR = 36;
const OPEN_BRACE = 123;

const NO_KEYS: ReadonlySet<string> = new Set();

/** The keys a request context gives as null, known absent, in lower case. */
function absentKeysOf(context: Readonly<Record<string, ContextValue>>): ReadonlySet<string> {
  let keys: Set<string> | undefined;
  for (const key in context) if (context[key] === null) (keys ??= new Set()).add(key.toLowerCase());
  return keys ?? NO_KEYS;
}
