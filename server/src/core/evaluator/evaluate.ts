import { compilePolicies, isCompiledPolicySet, type CompiledPolicy, type CompiledPolicySet, type CompiledStatement } from './compile';
import { evaluateTest, TEST_MISSING_KEY, TEST_PASSED, TEST_UNRESOLVED } from './conditions';
import { ContextLookup } from './context';
import { matchGlob, type Glob } from '../text/wildcard';
import { MATCH, matchResourcePattern, UNRESOLVED } from './patterns';
import { GRANT_ACCOUNT, GRANT_DIRECT, GRANT_NONE, GRANT_ROLE, isIamPrincipal, notPrincipalExcludes, principalGrant, readPrincipal, type PrincipalInfo } from './principal';
import type {
  Decision,
  DecisionReason,
  EvaluateOptions,
  EvaluationError,
  EvaluationExplanation,
  EvaluationOutcome,
  EvaluationRequest,
  EvaluationResult,
  LevelVerdict,
  PolicyRef,
  PolicySetInput,
  PolicyVerdict,
  PrincipalGrant,
  ReasonCode,
  StatementFailure,
  StatementMatch,
  StatementMiss,
  StatementRef,
} from './types';
import { rcpsApplyTo, servicePrefixOf } from './rcp-services';
import { lastUnresolved } from './variables';

// AWS's policy evaluation logic:
// - within one account: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
//   (formerly the "Determining whether a request is allowed or denied within an account" section of
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
// - across accounts: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html

/**
 * Evaluates one request against its policies, as AWS would: an explicit Deny in any policy wins; RCPs, SCPs,
 * the permissions boundary and the session policy cap what identity-based and resource-based policies allow;
 * within one account an Allow in either an identity-based or a resource-based policy suffices (with AWS's
 * exceptions for resource-based policies that name the role of a session), across accounts both must allow.
 *
 * `policies` may be compiled with `compilePolicies` once and reused for many requests. An invalid policy or request
 * gives `{ errors }` instead of a decision. With `explain: false` the result is a shared frozen `{ decision }`.
 */
export function evaluate(request: EvaluationRequest, policies: PolicySetInput | CompiledPolicySet, options: EvaluateOptions = {}): EvaluationResult {
  const set = isCompiledPolicySet(policies) ? policies : compilePolicies(policies);
  if (set.errors.length > 0) return { errors: [...set.errors] };
  const requestError = checkRequest(request);
  if (requestError) return { errors: [requestError] };
  if (options.explain === false) {
    const prepared = prepare(request, set, scratchRequest);
    const code = decide(fastOracle.reset(prepared, set), prepared, set);
    prepared.context.reset(undefined);
    return fastResults[decisionOf(code)];
  }
  return explain(prepare(request, set, new PreparedRequest()), set);
}

function checkRequest(request: EvaluationRequest): EvaluationError | undefined {
  if (typeof request.action !== 'string' || request.action === '') return { ruleId: 'request', message: 'The request needs an action, such as "s3:GetObject".' };
  if (typeof request.resource !== 'string' || request.resource === '') return { ruleId: 'request', message: 'The request needs a resource ARN, or "*" for actions without a resource.' };
  if (request.principal !== undefined && typeof request.principal !== 'string') return { ruleId: 'request', message: 'The principal must be an ARN string.' };
  return undefined;
}

const fastResults: Record<Decision, EvaluationOutcome> = {
  Allowed: Object.freeze({ decision: 'Allowed' }),
  ExplicitlyDenied: Object.freeze({ decision: 'ExplicitlyDenied' }),
  ImplicitlyDenied: Object.freeze({ decision: 'ImplicitlyDenied' }),
};

// ---------------------------------------------------------------------------------------------
// The request, read once per decision.
// ---------------------------------------------------------------------------------------------

class PreparedRequest {
  actionLower = '';
  resource = '';
  principal: PrincipalInfo = readPrincipal(undefined);
  resourceAccount: string | undefined;
  sameAccount = false;
  iamPrincipal = false;
  /** Role trust policies and KMS key policies "must explicitly allow access for principals". */
  resourcePolicyRequired = false;
  hasBoundary = false;
  /** Whether the action's service is one RCPs apply to. */
  rcpsApply = true;
  readonly context = new ContextLookup();
}

const scratchRequest = new PreparedRequest();
const anonymous = readPrincipal(undefined);
// Batches repeat a handful of principals; their readings are kept (a bounded cache, cleared when full).
const principals = new Map<string, PrincipalInfo>();

function principalOf(text: string | undefined): PrincipalInfo {
  if (text === undefined) return anonymous;
  let info = principals.get(text);
  if (!info) {
    if (principals.size >= 4096) principals.clear();
    info = readPrincipal(text);
    principals.set(text, info);
  }
  return info;
}

function prepare(request: EvaluationRequest, set: CompiledPolicySet, into: PreparedRequest): PreparedRequest {
  const principal = principalOf(request.principal);
  into.actionLower = request.action.toLowerCase();
  into.resource = request.resource;
  into.principal = principal;
  into.resourceAccount = request.resourceAccount ?? arnAccount(request.resource) ?? principal.account;
  into.sameAccount = principal.account !== undefined && principal.account === into.resourceAccount;
  into.iamPrincipal = isIamPrincipal(principal);
  into.resourcePolicyRequired = set.resource !== undefined && requiresResourcePolicy(into.actionLower);
  into.hasBoundary = set.permissionsBoundary !== undefined;
  into.rcpsApply = set.rcps.length > 0 && rcpsApplyTo(into.actionLower);
  into.context.reset(request.context);
  return into;
}

/** The account field of an ARN, when it has one (S3 ARNs do not). */
function arnAccount(resource: string): string | undefined {
  if (!resource.startsWith('arn:')) return undefined;
  let colon = 3;
  for (let field = 1; field < 4; field++) {
    colon = resource.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
  }
  const end = resource.indexOf(':', colon + 1);
  if (end < 0) return undefined;
  return end > colon + 1 ? resource.slice(colon + 1, end) : undefined;
}

// "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow
// access for principals" (evaluation logic, resource-based policies step).
function requiresResourcePolicy(action: string): boolean {
  return (
    action.startsWith('kms:') ||
    action === 'sts:assumerole' ||
    action === 'sts:assumerolewithsaml' ||
    action === 'sts:assumerolewithwebidentity' ||
    action === 'sts:tagsession' ||
    action === 'sts:setsourceidentity' ||
    action === 'sts:setcontext'
  );
}

// ---------------------------------------------------------------------------------------------
// One statement against the request.
// ---------------------------------------------------------------------------------------------

/** Receives why a statement did not match, in explain mode only. */
interface MissSink {
  failure?: StatementFailure;
}

function anyGlob(globs: readonly Glob[], text: string): boolean {
  for (let i = 0; i < globs.length; i++) if (matchGlob(globs[i], text, true)) return true;
  return false;
}

/**
 * GRANT_NONE when the statement does not apply; otherwise how its Principal names the requester (GRANT_DIRECT when
 * it has no Principal, as in identity-based policies, SCPs and boundaries).
 */
function matchStatement(statement: CompiledStatement, request: PreparedRequest, requiresPrincipal: boolean, sink: MissSink | undefined): number {
  if (statement.actions ? !anyGlob(statement.actions, request.actionLower) : anyGlob(statement.notActions!, request.actionLower)) {
    if (sink) sink.failure = { element: statement.actions ? 'Action' : 'NotAction', span: statement.actionSpan };
    return GRANT_NONE;
  }
  if (statement.resources) {
    let matched = false;
    let unresolved: string | undefined;
    for (const pattern of statement.resources) {
      const result = matchResourcePattern(pattern, request.resource, request.context);
      if (result === MATCH) {
        matched = true;
        break;
      }
      if (result === UNRESOLVED) unresolved = lastUnresolved.key;
    }
    if (!matched) {
      if (sink) sink.failure = { element: 'Resource', span: statement.resourceSpan!, ...(unresolved !== undefined ? { unresolvedVariable: unresolved } : {}) };
      return GRANT_NONE;
    }
  } else if (statement.notResources) {
    for (const pattern of statement.notResources) {
      const result = matchResourcePattern(pattern, request.resource, request.context);
      // An unreadable NotResource value cannot be shown not to match: the statement does not apply.
      if (result !== MATCH && result !== UNRESOLVED) continue;
      if (sink) sink.failure = { element: 'NotResource', span: statement.resourceSpan!, ...(result === UNRESOLVED ? { unresolvedVariable: lastUnresolved.key } : {}) };
      return GRANT_NONE;
    }
  }
  let grant = GRANT_DIRECT;
  if (statement.principal) {
    grant = principalGrant(statement.principal, request.principal, request.context);
    if (grant === GRANT_NONE) {
      if (sink) sink.failure = { element: 'Principal', span: statement.principalSpan! };
      return GRANT_NONE;
    }
  } else if (statement.notPrincipal) {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions
    // boundary policy attached, regardless of the values specified in the NotPrincipal element."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const boundaryRule = statement.deny && request.hasBoundary && request.iamPrincipal;
    if (!boundaryRule && notPrincipalExcludes(statement.notPrincipal, request.principal, request.context, statement.deny)) {
      if (sink) sink.failure = { element: 'NotPrincipal', span: statement.principalSpan! };
      return GRANT_NONE;
    }
  } else if (requiresPrincipal) {
    if (sink) sink.failure = { element: 'Principal', span: statement.span, missing: true };
    return GRANT_NONE;
  }
  const conditions = statement.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const result = evaluateTest(conditions[i], request.context);
    if (result === TEST_PASSED) continue;
    if (sink) {
      const test = conditions[i];
      sink.failure = {
        element: 'Condition',
        operator: test.operator,
        key: test.key,
        span: test.span,
        reason: result === TEST_MISSING_KEY ? 'missing-key' : result === TEST_UNRESOLVED ? 'unresolved-variable' : 'no-match',
        ...(result === TEST_UNRESOLVED ? { variable: lastUnresolved.key } : {}),
      };
    }
    return GRANT_NONE;
  }
  return grant;
}

function policyDenies(policy: CompiledPolicy, request: PreparedRequest): boolean {
  const requiresPrincipal = policy.ref.kind === 'resource';
  for (const statement of policy.denies) if (matchStatement(statement, request, requiresPrincipal, undefined) !== GRANT_NONE) return true;
  return false;
}

function policyAllows(policy: CompiledPolicy, request: PreparedRequest): boolean {
  for (const statement of policy.allows) if (matchStatement(statement, request, false, undefined) !== GRANT_NONE) return true;
  return false;
}

function policyGrant(policy: CompiledPolicy, request: PreparedRequest): number {
  let best = GRANT_NONE;
  for (const statement of policy.allows) {
    const grant = matchStatement(statement, request, true, undefined);
    if (grant > best) best = grant;
    if (best === GRANT_DIRECT) break;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The decision. One function decides for both modes; it asks an oracle, which computes lazily and stops early
// (fast mode) or reads verdicts computed for every statement (explain mode).
// ---------------------------------------------------------------------------------------------

interface Oracle {
  denied(): boolean;
  scpLevelAllows(level: number): boolean;
  resourceGrant(): number;
  identityAllows(): boolean;
  /** True when there is no boundary. */
  boundaryAllows(): boolean;
  /** Undefined when there is no session policy. */
  sessionAllows(): boolean | undefined;
}

const reasonCodes: ReasonCode[] = [
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
const code = Object.fromEntries(reasonCodes.map((name, index) => [name, index])) as Record<ReasonCode, number>;

function decisionOf(reason: number): Decision {
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

/** The SCP level that did not allow, for the reason of an `scp-implicit-deny`. */
let failedLevel = -1;

function decide(oracle: Oracle, request: PreparedRequest, set: CompiledPolicySet): number {
  // 1. "If the code finds even one explicit deny that applies, the code returns a final decision of Deny."
  if (oracle.denied()) return code['explicit-deny'];
  // 2. RCPs: "If the enforcement code does not find any applicable Allow statements in the RCPs, then the request
  // is implicitly denied." RCPFullAWSAccess sits at every level and cannot be detached, so every level allows.
  // 3. SCPs apply to the principals of the accounts they are attached to; every level from the root to the account
  // must allow ("there must be an explicit Allow statement at every level").
  if (request.iamPrincipal) {
    for (let level = 0; level < set.scps.length; level++) {
      if (!oracle.scpLevelAllows(level)) {
        failedLevel = level;
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

/** Fast mode: asks only what the decision needs, stops at the first statement that settles each question. */
class FastOracle implements Oracle {
  private request!: PreparedRequest;
  private set!: CompiledPolicySet;
  private grant = -1;

  reset(request: PreparedRequest, set: CompiledPolicySet): this {
    this.request = request;
    this.set = set;
    this.grant = -1;
    return this;
  }

  denied(): boolean {
    const { request, set } = this;
    if (request.rcpsApply) for (const level of set.rcps) for (const policy of level) if (policyDenies(policy, request)) return true;
    if (request.iamPrincipal) for (const level of set.scps) for (const policy of level) if (policyDenies(policy, request)) return true;
    if (set.resource && policyDenies(set.resource, request)) return true;
    for (const policy of set.identity) if (policyDenies(policy, request)) return true;
    if (set.permissionsBoundary && policyDenies(set.permissionsBoundary, request)) return true;
    if (set.session && policyDenies(set.session, request)) return true;
    return false;
  }

  scpLevelAllows(level: number): boolean {
    for (const policy of this.set.scps[level]) if (policyAllows(policy, this.request)) return true;
    return false;
  }

  resourceGrant(): number {
    if (this.grant < 0) this.grant = this.set.resource ? policyGrant(this.set.resource, this.request) : GRANT_NONE;
    return this.grant;
  }

  identityAllows(): boolean {
    for (const policy of this.set.identity) if (policyAllows(policy, this.request)) return true;
    return false;
  }

  boundaryAllows(): boolean {
    return this.set.permissionsBoundary ? policyAllows(this.set.permissionsBoundary, this.request) : true;
  }

  sessionAllows(): boolean | undefined {
    return this.set.session ? policyAllows(this.set.session, this.request) : undefined;
  }
}

const fastOracle = new FastOracle();

// ---------------------------------------------------------------------------------------------
// Explain mode: every statement of every policy, with why it did or did not apply.
// ---------------------------------------------------------------------------------------------

interface PolicyWork {
  policy: CompiledPolicy;
  verdict: PolicyVerdict;
  allowMatches: StatementMatch[];
  denyMatches: StatementMatch[];
  grant: number;
}

const grantNames: Record<number, PrincipalGrant> = { [GRANT_ACCOUNT]: 'account', [GRANT_ROLE]: 'role', [GRANT_DIRECT]: 'direct' };

function explainPolicy(policy: CompiledPolicy, request: PreparedRequest, ignored?: string): PolicyWork {
  const matched: StatementMatch[] = [];
  const notMatched: StatementMiss[] = [];
  const allowMatches: StatementMatch[] = [];
  const denyMatches: StatementMatch[] = [];
  const isResource = policy.ref.kind === 'resource';
  let best = GRANT_NONE;
  for (const statement of policy.statements) {
    const sink: MissSink = {};
    const grant = matchStatement(statement, request, isResource, sink);
    const ref = statementRef(policy, statement);
    if (grant === GRANT_NONE) {
      notMatched.push({ ...ref, failure: sink.failure! });
      continue;
    }
    const match: StatementMatch = isResource && !statement.deny ? { ...ref, grant: grantNames[grant] } : ref;
    matched.push(match);
    if (statement.deny) denyMatches.push(match);
    else {
      allowMatches.push(match);
      if (grant > best) best = grant;
    }
  }
  const verdict: PolicyVerdict = {
    policy: policy.ref,
    verdict: denyMatches.length > 0 ? 'Deny' : allowMatches.length > 0 ? 'Allow' : 'NoMatch',
    matched,
    notMatched,
  };
  if (isResource && best !== GRANT_NONE) verdict.grant = grantNames[best];
  if (ignored) verdict.ignored = ignored;
  return { policy, verdict, allowMatches, denyMatches, grant: best };
}

function statementRef(policy: CompiledPolicy, statement: CompiledStatement): StatementRef {
  return {
    policy: policy.ref,
    index: statement.index,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.deny ? 'Deny' : 'Allow',
    span: statement.span,
  };
}

function explain(request: PreparedRequest, set: CompiledPolicySet): EvaluationOutcome {
  const scpIgnored = request.iamPrincipal ? undefined : 'SCPs apply only to IAM principals of member accounts, not to service principals or anonymous callers.';
  const rcpIgnored = request.rcpsApply ? undefined : `RCPs apply only to the services AWS lists as supported, and "${servicePrefixOf(request.actionLower)}" is not one of them.`;
  const rcps = set.rcps.map((level) => level.map((policy) => explainPolicy(policy, request, rcpIgnored)));
  const scps = set.scps.map((level) => level.map((policy) => explainPolicy(policy, request, scpIgnored)));
  const resource = set.resource ? explainPolicy(set.resource, request) : undefined;
  const identity = set.identity.map((policy) => explainPolicy(policy, request));
  const boundary = set.permissionsBoundary ? explainPolicy(set.permissionsBoundary, request) : undefined;
  const session = set.session ? explainPolicy(set.session, request) : undefined;
  const counted = [...(rcpIgnored ? [] : rcps.flat()), ...(scpIgnored ? [] : scps.flat()), ...(resource ? [resource] : []), ...identity, ...(boundary ? [boundary] : []), ...(session ? [session] : [])];

  const oracle: Oracle = {
    denied: () => counted.some((work) => work.denyMatches.length > 0),
    scpLevelAllows: (level) => scps[level].some((work) => work.allowMatches.length > 0),
    resourceGrant: () => resource?.grant ?? GRANT_NONE,
    identityAllows: () => identity.some((work) => work.allowMatches.length > 0),
    boundaryAllows: () => (boundary ? boundary.allowMatches.length > 0 : true),
    sessionAllows: () => (session ? session.allowMatches.length > 0 : undefined),
  };
  failedLevel = -1;
  const reasonIndex = decide(oracle, request, set);
  const reasonCode = reasonCodes[reasonIndex];
  const decision = decisionOf(reasonIndex);

  const allowsOf = (works: (PolicyWork | undefined)[], grants?: number[]): StatementRef[] =>
    works.flatMap((work) => (work ? work.allowMatches.filter((match) => !grants || grants.includes(grantValue(match.grant))) : []));
  let statements: StatementRef[] = [];
  switch (reasonCode) {
    case 'explicit-deny':
      statements = counted.flatMap((work) => work.denyMatches);
      break;
    case 'resource-policy-allows':
      statements = allowsOf([resource], [GRANT_DIRECT]);
      break;
    case 'resource-policy-allows-role':
      statements = [...allowsOf([resource], [GRANT_ROLE]), ...allowsOf([boundary, session])];
      break;
    case 'identity-policy-allows':
      statements = allowsOf([...identity, boundary, session]);
      break;
    case 'cross-account-allowed':
      statements = [...allowsOf([...identity, boundary, session]), ...allowsOf([resource])];
      break;
  }
  const reason: DecisionReason = { code: reasonCode, message: reasonMessage(reasonCode, request, set, statements), statements };
  if (reasonCode === 'scp-implicit-deny') reason.level = failedLevel;

  const levels: LevelVerdict[] = [
    ...rcps.map((_, level): LevelVerdict => ({ kind: 'rcp', level, allows: true, implicitFullAccess: true })),
    ...scps.map((works, level): LevelVerdict => ({ kind: 'scp', level, allows: works.some((work) => work.allowMatches.length > 0) })),
  ];
  const explanation: EvaluationExplanation = {
    principal: { arn: request.principal.arn, kind: request.principal.kind, ...(request.principal.account !== undefined ? { account: request.principal.account } : {}) },
    ...(request.resourceAccount !== undefined ? { resourceAccount: request.resourceAccount } : {}),
    crossAccount: !request.sameAccount,
    levels,
    policies: [...rcps.flat(), ...scps.flat(), ...(resource ? [resource] : []), ...identity, ...(boundary ? [boundary] : []), ...(session ? [session] : [])].map((work) => work.verdict),
  };
  request.context.reset(undefined);
  return { decision, reason, explanation };
}

function grantValue(grant: PrincipalGrant | undefined): number {
  return grant === 'direct' ? GRANT_DIRECT : grant === 'role' ? GRANT_ROLE : grant === 'account' ? GRANT_ACCOUNT : GRANT_NONE;
}

/** "identity-based policy 2 (name)", "SCP 1 at level 0", ... for messages. */
export function describePolicy(ref: PolicyRef): string {
  const name = ref.name !== undefined ? ` "${ref.name}"` : '';
  switch (ref.kind) {
    case 'identity':
      return `identity-based policy ${ref.index + 1}${name}`;
    case 'resource':
      return `resource-based policy${name}`;
    case 'permissionsBoundary':
      return `permissions boundary${name}`;
    case 'session':
      return `session policy${name}`;
    case 'scp':
      return `SCP ${ref.index + 1}${name} at level ${ref.level}`;
    case 'rcp':
      return `RCP ${ref.index + 1}${name} at level ${ref.level}`;
  }
}

function reasonMessage(reason: ReasonCode, request: PreparedRequest, set: CompiledPolicySet, statements: StatementRef[]): string {
  const where = [...new Set(statements.map((s) => describePolicy(s.policy)))].join(', ');
  switch (reason) {
    case 'explicit-deny':
      return `An explicit Deny in ${where} applies, and an explicit deny overrides any Allow.`;
    case 'rcp-implicit-deny':
      return 'No RCP at some level of the organisation allows the request.';
    case 'scp-implicit-deny':
      return `No SCP at level ${failedLevel} of the organisation allows the request; every level from the root to the account must allow it.`;
    case 'resource-policy-allows':
      return request.iamPrincipal
        ? `The resource-based policy grants the request to the principal itself, so implicit denies in identity-based policies, the permissions boundary and the session policy do not matter.`
        : `The resource-based policy allows the request.`;
    case 'resource-policy-allows-role':
      return `The resource-based policy grants the request to the role of the session, and the permissions boundary and session policy (where present) allow it too.`;
    case 'identity-policy-allows':
      return `Allowed by ${where}, and nothing denies it.`;
    case 'root-user':
      return 'The account root user has full access to its own account unless something denies it.';
    case 'cross-account-allowed':
      return `Cross-account request: the principal's identity-based policies and the resource-based policy both allow it.`;
    case 'no-identity-allow':
      return set.identity.length === 0
        ? 'No identity-based policy is in play, and no resource-based policy grants the request on its own: implicitly denied.'
        : 'No statement of the identity-based policies allows the request: implicitly denied.';
    case 'boundary-implicit-deny':
      return 'The permissions boundary does not allow the request: implicitly denied.';
    case 'session-implicit-deny':
      return 'The session policy does not allow the request: implicitly denied.';
    case 'federated-session-without-policy':
      return 'A federated user session without a session policy has no permissions of its own: implicitly denied.';
    case 'resource-policy-required':
      return 'Role trust policies and KMS key policies must allow the principal explicitly, and the resource-based policy does not: implicitly denied.';
    case 'cross-account-no-resource-allow':
      return `Cross-account request: the resource-based policy in account ${request.resourceAccount ?? '(unknown)'} must allow it too, and it does not${set.resource ? '' : ' (there is none)'}.`;
    case 'no-resource-allow':
      return 'Only a resource-based policy can allow a service principal or an anonymous caller, and none allows this request.';
  }
}
