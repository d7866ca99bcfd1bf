import type { CompiledPolicy, CompiledPolicySet, CompiledStatement } from './compile';
import { decide, decisionOf, reasonCodes, type DecisionDetail, type Oracle } from './decide';
import { matchStatement, type MissSink } from './match';
import { GRANT_ACCOUNT, GRANT_DIRECT, GRANT_NONE, GRANT_ROLE } from './principal';
import { servicePrefixOf } from './rcp-services';
import type { PreparedRequest } from './request';
import type {
  DecisionReason,
  EvaluationExplanation,
  EvaluationOutcome,
  LevelVerdict,
  PolicyRef,
  PolicyVerdict,
  PrincipalGrant,
  ReasonCode,
  StatementMatch,
  StatementMiss,
  StatementRef,
} from './types';

// Explain mode: every statement of every policy, with why it did or did not apply, then the same decision as the
// fast path (decide.ts) read from those verdicts, its reason and a message.

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

/** Explain mode: the decision with its reason, and every statement of every policy with why it did or did not apply. */
export function explain(request: PreparedRequest, set: CompiledPolicySet): EvaluationOutcome {
  const scpIgnored = request.iamPrincipal ? undefined : 'SCPs apply only to IAM principals of member accounts, not to service principals or anonymous callers.';
  const rcpIgnored =
    set.rcps.length === 0 || request.rcpsApply() ? undefined : `RCPs apply only to the services AWS lists as supported, and "${servicePrefixOf(request.actionLower)}" is not one of them.`;
  const rcps = set.rcps.map((level) => level.map((policy) => explainPolicy(policy, request, rcpIgnored)));
  const scps = set.scps.map((level) => level.map((policy) => explainPolicy(policy, request, scpIgnored)));
  const resource = set.resource ? explainPolicy(set.resource, request) : undefined;
  const identity = set.identity.map((policy) => explainPolicy(policy, request));
  const boundary = set.permissionsBoundary ? explainPolicy(set.permissionsBoundary, request) : undefined;
  const session = set.session ? explainPolicy(set.session, request) : undefined;
  const counted = [
    ...(rcpIgnored ? [] : rcps.flat()),
    ...(scpIgnored ? [] : scps.flat()),
    ...(resource ? [resource] : []),
    ...identity,
    ...(boundary ? [boundary] : []),
    ...(session ? [session] : []),
  ];

  const oracle: Oracle = {
    denied: () => counted.some((work) => work.denyMatches.length > 0),
    scpLevelAllows: (level) => scps[level].some((work) => work.allowMatches.length > 0),
    resourceGrant: () => resource?.grant ?? GRANT_NONE,
    identityAllows: () => identity.some((work) => work.allowMatches.length > 0),
    boundaryAllows: () => (boundary ? boundary.allowMatches.length > 0 : true),
    sessionAllows: () => (session ? session.allowMatches.length > 0 : undefined),
  };
  const detail: DecisionDetail = { failedLevel: -1 };
  const reasonIndex = decide(oracle, request, set, detail);
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
  const reason: DecisionReason = { code: reasonCode, message: reasonMessage(reasonCode, request, set, statements, detail.failedLevel), statements };
  if (reasonCode === 'scp-implicit-deny') reason.level = detail.failedLevel;

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

function reasonMessage(reason: ReasonCode, request: PreparedRequest, set: CompiledPolicySet, statements: StatementRef[], failedLevel: number): string {
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
