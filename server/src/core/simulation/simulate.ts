import { deriveContext, describePolicy, evaluate } from '../evaluator/index';
import type { ContextValue, Decision, EvaluationOutcome, EvaluationRequest, EvaluationResult, PolicyInput, PolicySetInput, PolicyVerdict, ReasonCode, StatementRef } from '../evaluator/types';
import type { Placeholder, PolicyDocument } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import type { Span } from '../text/span';
import { describeFailure, statementLabel } from './describe';
import { contextValueOf } from './inputs';
import { boundedPolicy, placeholdersOf, policyHasPlaceholders } from './placeholders';

// One simulated request against a set of named policies, and a report of the result that an editor can show:
// the decision, the statements that decided, and why every other statement did not apply.

/** The part a policy plays in a request, named after the fields of the evaluator's `PolicySetInput`. */
export type PolicyRole = 'identity' | 'resource' | 'permissionsBoundary' | 'scp' | 'rcp' | 'session';

export const policyRoles: readonly PolicyRole[] = ['identity', 'resource', 'permissionsBoundary', 'scp', 'rcp', 'session'];

export const policyRoleNames: Record<PolicyRole, string> = {
  identity: 'Identity-based policy',
  resource: 'Resource-based policy',
  permissionsBoundary: 'Permissions boundary',
  scp: 'Service control policy (SCP)',
  rcp: 'Resource control policy (RCP)',
  session: 'Session policy',
};

export function isPolicyRole(value: unknown): value is PolicyRole {
  return typeof value === 'string' && (policyRoles as readonly string[]).includes(value);
}

/** The part a policy of this type plays: a role trust policy is the role's resource-based policy. */
export function roleOfPolicyType(type: PolicyType): PolicyRole {
  switch (type) {
    case 'trust':
    case 'resource':
      return 'resource';
    case 'boundary':
      return 'permissionsBoundary';
    default:
      return type;
  }
}

/** One policy in play. `name` identifies it in the report (a URI in the editor). */
export interface SimulationPolicy {
  name: string;
  text: string;
  /**
   * The parsed policy, when it was read from a host document (a template, a .tf file): `text` is then the host
   * text its spans point into, and its placeholders are never guessed (see placeholders.ts).
   */
  document?: PolicyDocument;
  role: PolicyRole;
  /** SCPs and RCPs: the level in the organisation, 0 for the root. Levels need not be consecutive. */
  level?: number;
}

export interface SimulationRequest {
  principal?: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  /**
   * Context keys as text (see `contextValueOf`), or as a list for a multivalued key; `null` keeps a key out even
   * when it could be derived.
   */
  context?: Readonly<Record<string, string | readonly string[] | null>>;
  /** Add the keys derived from the principal (aws:PrincipalArn, aws:username, aws:CurrentTime, …); true by default. */
  deriveContext?: boolean;
}

/** A statement of a policy in play, and what it made of the request. */
export interface StatementReport {
  /** The policy's name. */
  policy: string;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** `Allow statement 1 "Read"`. */
  label: string;
  span: Span;
  applies: boolean;
  /** Whether it is one of the statements that decided. */
  decided: boolean;
  /** Why it does not apply: the first element that did not match. */
  why?: string;
  /** Where that element is. */
  whySpan?: Span;
  /** Whether it applies depends on these placeholders (as written: `!GetAtt Bucket.Arn`, `${var.account}`). */
  dependsOn?: string[];
}

export interface PolicyReport {
  name: string;
  role: PolicyRole;
  level?: number;
  /** `identity-based policy 1`, `SCP 1 at level 0`, … */
  description: string;
  verdict: PolicyVerdict['verdict'];
  /** Resource-based policies: how their Allow statements name the requester. */
  grant?: 'direct' | 'role' | 'account';
  /** Why the policy took no part in the decision, when it did not. */
  ignored?: string;
  statements: StatementReport[];
}

export interface SimulationError {
  message: string;
  ruleId: string;
  /** The policy's name; absent for an error in the request. */
  policy?: string;
  span?: Span;
}

export interface SimulationReport {
  /** The request as evaluated, with the derived context keys. */
  request: EvaluationRequest;
  /** Absent when the request could not be evaluated: see `errors`. */
  decision?: Decision;
  errors: SimulationError[];
  reason?: { code: ReasonCode | 'depends-on-placeholder'; message: string };
  /**
   * Set instead of `decision` when the decision depends on values known only at deploy time: the placeholders as
   * written, and the decisions the most and the least permissive deployed values would give.
   */
  dependsOn?: { placeholders: string[]; mostPermissive: Decision; leastPermissive: Decision };
  decidedBy: StatementReport[];
  /** Every policy in play, in the order AWS evaluates them: RCPs, SCPs, resource-based, identity-based, boundary, session. */
  policies: PolicyReport[];
  /** `user principal, same account (111122223333)`. */
  requestSummary?: string;
  /** One line per organisation level: `SCP level 0: allows`. */
  levels: string[];
  /** Policies that were given but could not take part, e.g. a second resource-based policy. */
  notes: string[];
}

/** Evaluates the request against the policies, with an explanation. Never throws for bad input: see `errors`. */
export function simulate(request: SimulationRequest, policies: readonly SimulationPolicy[], now?: Date): SimulationReport {
  return simulateWithOutcome(request, policies, now).report;
}

/** As `simulate`, with the evaluator's own outcome too (the CLI's `--json` prints it). */
export function simulateWithOutcome(request: SimulationRequest, policies: readonly SimulationPolicy[], now?: Date): { report: SimulationReport; outcome: EvaluationResult } {
  const given: Record<string, ContextValue> = {};
  for (const [key, text] of Object.entries(request.context ?? {})) given[key] = text === null ? null : typeof text === 'string' ? contextValueOf(text) : [...text];
  const context = request.deriveContext === false ? given : deriveContext(request.principal, given, now);
  // Keys kept out on purpose are left out of the request altogether, which is what `null` means to the evaluator.
  const evaluated: EvaluationRequest = {
    ...(request.principal !== undefined && request.principal !== '' ? { principal: request.principal } : {}),
    action: request.action,
    resource: request.resource,
    ...(request.resourceAccount ? { resourceAccount: request.resourceAccount } : {}),
    context: Object.fromEntries(Object.entries(context).filter(([, value]) => value !== null)),
  };
  if (!policies.some((policy) => policy.document && policyHasPlaceholders(policy.document))) {
    const { set, notes } = policySetOf(policies);
    return reportOf(evaluated, evaluate(evaluated, set), policies, notes);
  }
  // Placeholders: evaluate the most permissive bounds (Allow statements at their widest, Deny at their narrowest)
  // and the least permissive; see placeholders.ts for why agreeing bounds decide for every deployed value.
  const bounded = (allow: 'widest' | 'narrowest', deny: 'widest' | 'narrowest') =>
    policies.map((policy) => (policy.document ? { ...policy, document: boundedPolicy(policy.document, allow, deny) } : policy));
  const most = policySetOf(bounded('widest', 'narrowest'));
  const least = policySetOf(bounded('narrowest', 'widest'));
  const mostOutcome = evaluate(evaluated, most.set);
  const leastOutcome = evaluate(evaluated, least.set);
  if (mostOutcome.errors || leastOutcome.errors || !mostOutcome.explanation || !leastOutcome.explanation)
    return reportOf(evaluated, mostOutcome.errors ? mostOutcome : leastOutcome, policies, most.notes);
  // Statements whose applying differs between the bounds depend on their placeholders.
  const appliesIn = (outcome: EvaluationOutcome) => new Set(outcome.explanation!.policies.flatMap((verdict) => verdict.matched.map((match) => statementKey(match))));
  const [mostApplies, leastApplies] = [appliesIn(mostOutcome), appliesIn(leastOutcome)];
  const documents = new Map(policies.map((policy) => [policy.name, policy.document]));
  const uncertain = new Map<string, string[]>();
  for (const verdict of mostOutcome.explanation.policies) {
    for (const statement of [...verdict.matched, ...verdict.notMatched]) {
      const key = statementKey(statement);
      if (mostApplies.has(key) === leastApplies.has(key)) continue;
      const original = documents.get(statement.policy.name ?? '')?.statements.find((each) => each.index === statement.index);
      uncertain.set(key, [...new Set(original ? placeholdersOf(original).map(placeholderName) : [])]);
    }
  }
  if (mostOutcome.decision === leastOutcome.decision) {
    // Decided whatever the deployed values are: explain with the bound whose deciding statements hold for every value
    // (the least permissive one's Allow statements, the most permissive one's Deny statements).
    const outcome = mostOutcome.decision === 'Allowed' ? leastOutcome : mostOutcome;
    return reportOf(evaluated, outcome, policies, most.notes, uncertain);
  }
  const { report, outcome } = reportOf(evaluated, mostOutcome, policies, most.notes, uncertain);
  const placeholders = [...new Set([...uncertain.values()].flat())];
  const names = placeholders.length > 0 ? placeholders.join(', ') : 'values known only at deploy time';
  delete report.decision;
  report.decidedBy = [];
  for (const policy of report.policies) for (const statement of policy.statements) statement.decided = false;
  report.dependsOn = { placeholders, mostPermissive: mostOutcome.decision!, leastPermissive: leastOutcome.decision! };
  report.reason = {
    code: 'depends-on-placeholder',
    message: `The decision depends on ${names}, known only at deploy time: ${decisionWords[mostOutcome.decision!]} for the most permissive values, ${decisionWords[leastOutcome.decision!]} for the least.`,
  };
  return { report, outcome };
}

/**
 * A placeholder as the answer names it: its source, and a template parameter's Default, the value a deployment gets
 * when it gives none (`!Ref Stage (default "prod")`). The default is named, never assumed: a deployment may give
 * another value.
 */
function placeholderName(hole: Placeholder): string {
  return hole.default === undefined ? hole.source : `${hole.source} (default ${JSON.stringify(hole.default)})`;
}

const decisionWords: Record<Decision, string> = { Allowed: 'allowed', ExplicitlyDenied: 'explicitly denied', ImplicitlyDenied: 'implicitly denied' };

function reportOf(
  evaluated: EvaluationRequest,
  result: EvaluationResult,
  policies: readonly SimulationPolicy[],
  notes: string[],
  uncertain: ReadonlyMap<string, string[]> = new Map(),
): { report: SimulationReport; outcome: EvaluationResult } {
  const report: SimulationReport = { request: evaluated, errors: [], decidedBy: [], policies: [], levels: [], notes };
  if (result.errors) {
    report.errors = result.errors.map((error) => ({
      message: error.message,
      ruleId: error.ruleId,
      ...(error.policy?.name !== undefined ? { policy: error.policy.name } : {}),
      ...(error.span ? { span: error.span } : {}),
    }));
    return { report, outcome: result };
  }
  const reason = result.reason!;
  const explanation = result.explanation!;
  const levelOf = new Map(policies.map((policy) => [policy.name, policy.level]));
  const decided = new Set(reason.statements.map(statementKey));
  report.decision = result.decision;
  report.reason = { code: reason.code, message: reason.message };
  const withUncertainty = (statement: StatementReport, ref: StatementRef): StatementReport => {
    const dependsOn = uncertain.get(statementKey(ref));
    if (!dependsOn) return statement;
    const { whySpan: _, ...rest } = statement;
    const names = dependsOn.length > 0 ? dependsOn.join(', ') : 'values known only at deploy time';
    return { ...rest, applies: false, decided: false, why: `Whether it applies depends on ${names}, known only at deploy time`, dependsOn };
  };
  report.policies = explanation.policies.map((verdict) => {
    const name = verdict.policy.name ?? describePolicy(verdict.policy);
    const statements: StatementReport[] = [
      ...verdict.matched.map((match) => withUncertainty(statementReport(match, true, decided), match)),
      ...verdict.notMatched.map((miss) =>
        withUncertainty(
          {
            ...statementReport(miss, false, decided),
            why: describeFailure(miss.failure, evaluated),
            whySpan: miss.failure.span,
          },
          miss,
        ),
      ),
    ].sort((a, b) => a.index - b.index);
    const level = levelOf.get(name);
    return {
      name,
      role: verdict.policy.kind,
      ...(level !== undefined && (verdict.policy.kind === 'scp' || verdict.policy.kind === 'rcp') ? { level } : {}),
      description: describePolicy({ kind: verdict.policy.kind, index: verdict.policy.index, ...(verdict.policy.level !== undefined ? { level: verdict.policy.level } : {}) }),
      verdict: verdict.verdict,
      ...(verdict.grant ? { grant: verdict.grant } : {}),
      ...(verdict.ignored ? { ignored: verdict.ignored } : {}),
      statements,
    };
  });
  report.decidedBy = report.policies.flatMap((policy) => policy.statements.filter((statement) => statement.decided));
  const principal = explanation.principal;
  report.requestSummary = `${principal.kind} principal, ${
    explanation.crossAccount ? `cross-account (principal ${principal.account ?? 'none'}, resource ${explanation.resourceAccount ?? 'unknown'})` : `same account (${explanation.resourceAccount})`
  }`;
  report.levels = explanation.levels.map(
    (level) => `${level.kind.toUpperCase()} level ${level.level}: ${level.allows ? 'allows' : 'no statement allows'}${level.implicitFullAccess ? ' (RCPFullAWSAccess is implied)' : ''}`,
  );
  return { report, outcome: result };
}

function statementReport(statement: StatementRef, applies: boolean, decided: Set<string>): StatementReport {
  return {
    policy: statement.policy.name ?? describePolicy(statement.policy),
    index: statement.index,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.effect,
    label: statementLabel(statement),
    span: statement.span,
    applies,
    decided: decided.has(statementKey(statement)),
  };
}

function statementKey(statement: StatementRef): string {
  const { kind, index, level, name } = statement.policy;
  return `${kind}|${level ?? ''}|${index}|${name ?? ''}|${statement.index}`;
}

/**
 * The evaluator's policy set: identity-based policies in the order given; one resource-based policy, boundary
 * and session policy each (the first; later ones are noted and left out); SCPs and RCPs grouped by level, the
 * levels in ascending order.
 */
export function policySetOf(policies: readonly SimulationPolicy[]): { set: PolicySetInput; notes: string[] } {
  const notes: string[] = [];
  const named = (policy: SimulationPolicy): PolicyInput => ({ name: policy.name, policy: policy.document ?? policy.text });
  const single = (role: PolicyRole): PolicyInput | null => {
    const [first, ...rest] = policies.filter((policy) => policy.role === role);
    for (const extra of rest) notes.push(`${extra.name} is left out: a request has one ${policyRoleNames[role].toLowerCase()}, and ${first.name} is it.`);
    return first ? named(first) : null;
  };
  const levels = (role: 'scp' | 'rcp'): PolicyInput[][] => {
    const byLevel = new Map<number, PolicyInput[]>();
    for (const policy of policies) {
      if (policy.role !== role) continue;
      const level = policy.level ?? 0;
      byLevel.set(level, [...(byLevel.get(level) ?? []), named(policy)]);
    }
    return [...byLevel.keys()].sort((a, b) => a - b).map((level) => byLevel.get(level)!);
  };
  return {
    set: {
      identity: policies.filter((policy) => policy.role === 'identity').map(named),
      resource: single('resource'),
      permissionsBoundary: single('permissionsBoundary'),
      session: single('session'),
      scps: levels('scp'),
      rcps: levels('rcp'),
    },
    notes,
  };
}
