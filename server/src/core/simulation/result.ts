import { LineIndex } from '../text/positions';
import type { Span } from '../text/span';
import type { PolicyRole, SimulationReport, StatementReport } from './simulate';

// The simulation result as the editor's result view and the CLI show it: the core's report with each policy's
// place as a URI (or path) and 0-based line/character ranges. protocol.ts re-exports these types: they are
// declared once, here.

/** A zero-based position and range, as in LSP (declared here so the client needs no LSP types). */
export interface SimulationPosition {
  line: number;
  character: number;
}

export interface SimulationRange {
  start: SimulationPosition;
  end: SimulationPosition;
}

/** The part a policy plays in a simulated request. */
export type SimulationPolicyRole = PolicyRole;

/** A statement of a policy in play, with where it is. */
export interface SimulatedStatement {
  uri: string;
  range: SimulationRange;
  /** `Allow statement 1 "Read"`. */
  label: string;
  effect: 'Allow' | 'Deny';
  applies: boolean;
  /** One of the statements that decided. */
  decided: boolean;
  /** Why it does not apply, and where the element that did not match is. */
  why?: string;
  whyRange?: SimulationRange;
  /** Whether it applies depends on these placeholders of a template or .tf file, as written. */
  dependsOn?: string[];
}

export interface SimulatedPolicy {
  uri: string;
  /** The file name (with as much of its folder as tells it apart from the others). */
  name: string;
  role: SimulationPolicyRole;
  level?: number;
  /** `identity-based policy 1`, `SCP 1 at level 0`, … */
  description: string;
  verdict: 'Allow' | 'Deny' | 'NoMatch';
  grant?: string;
  ignored?: string;
  statements: SimulatedStatement[];
}

export interface SimulationResult {
  /** The request as evaluated, with the context keys derived from the principal. */
  request: { principal?: string; action: string; resource: string; resourceAccount?: string; context: Record<string, unknown> };
  /** Absent when the request could not be evaluated (`errors` says why) or depends on placeholders (`dependsOn`). */
  decision?: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** The decision depends on values known only at deploy time: which, and the decisions at either extreme. */
  dependsOn?: { placeholders: string[]; mostPermissive: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'; leastPermissive: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' };
  errors: { message: string; ruleId: string; uri?: string; name?: string; range?: SimulationRange }[];
  reason?: { code: string; message: string };
  decidedBy: SimulatedStatement[];
  policies: SimulatedPolicy[];
  requestSummary?: string;
  levels: string[];
  /** Other policies that could not take part (unreadable, not a policy, a second resource-based policy, …). */
  notes: string[];
}

/** Where a policy of the report (by its name) is: its URI or path, and its text's line index. */
export interface PolicyPlace {
  uri: string;
  lines: LineIndex;
}

/** The report with places: `places` maps each policy name of the report to its URI and text. */
export function simulationResultOf(report: SimulationReport, places: ReadonlyMap<string, PolicyPlace>, extraNotes: readonly string[] = []): SimulationResult {
  const range = (lines: LineIndex, span: Span): SimulationRange => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const statementOf = (statement: StatementReport): SimulatedStatement => {
    const where = places.get(statement.policy)!;
    return {
      uri: where.uri,
      range: range(where.lines, statement.span),
      label: statement.label,
      effect: statement.effect,
      applies: statement.applies,
      decided: statement.decided,
      ...(statement.why !== undefined ? { why: statement.why } : {}),
      ...(statement.whySpan ? { whyRange: range(where.lines, statement.whySpan) } : {}),
      ...(statement.dependsOn ? { dependsOn: statement.dependsOn } : {}),
    };
  };
  return {
    request: report.request as SimulationResult['request'],
    ...(report.decision ? { decision: report.decision } : {}),
    ...(report.dependsOn ? { dependsOn: report.dependsOn } : {}),
    errors: report.errors.map((error) => {
      const where = error.policy !== undefined ? places.get(error.policy) : undefined;
      return {
        message: error.message,
        ruleId: error.ruleId,
        ...(where ? { uri: where.uri, name: error.policy } : {}),
        ...(where && error.span ? { range: range(where.lines, error.span) } : {}),
      };
    }),
    ...(report.reason ? { reason: report.reason } : {}),
    decidedBy: report.decidedBy.map(statementOf),
    policies: report.policies.map((policy) => ({
      uri: places.get(policy.name)?.uri ?? policy.name,
      name: policy.name,
      role: policy.role,
      ...(policy.level !== undefined ? { level: policy.level } : {}),
      description: policy.description,
      verdict: policy.verdict,
      ...(policy.grant ? { grant: policy.grant } : {}),
      ...(policy.ignored ? { ignored: policy.ignored } : {}),
      statements: policy.statements.map(statementOf),
    })),
    ...(report.requestSummary ? { requestSummary: report.requestSummary } : {}),
    levels: report.levels,
    notes: [...extraNotes, ...report.notes],
  };
}

/** `identity-based policy 1 "dev.json"`, `SCP 1 "root.json" at level 0`: the policy's description with its name. */
export function policyTitle(policy: Pick<SimulatedPolicy, 'description' | 'name'>): string {
  const at = policy.description.indexOf(' at level ');
  const named = ` "${policy.name}"`;
  return at < 0 ? `${policy.description}${named}` : `${policy.description.slice(0, at)}${named}${policy.description.slice(at)}`;
}
