import type { Catalog } from '../core/catalog/catalog';
import { looksLikePolicy } from '../core/policy/detect';
import type { PolicyDocument } from '../core/policy/model';
import { parsePolicy } from '../core/policy/parse-policy';
import { simulationInputs } from '../core/simulation/inputs';
import { isPolicyRole, policyRoleNames, roleOfPolicyType, simulate, type SimulationPolicy, type StatementReport } from '../core/simulation/simulate';
import { LineIndex } from '../core/text/positions';
import type { AnalyzedPolicy } from '../core/analyze';
import type { OtherPolicy, SimulateArguments, SimulatedStatement, SimulateParams, SimulationInputsParams, SimulationInputsResult, SimulationResult } from '../protocol';
import { toRange } from './convert';
import type { Analysis } from './documents';
import { shortNames, type PolicyTexts } from './policy-texts';

/** The inputs of a document that is not a policy (or not open). */
export const noSimulationInputs: SimulationInputsResult = { isPolicy: false, actions: [], actionsLeftOut: 0, resources: [], contextKeys: [] };

/** What to offer in the pickers of a simulation of this document. */
export function simulationInputsOf(analysis: Analysis, params: SimulationInputsParams, texts: PolicyTexts, catalog: Catalog): SimulationInputsResult {
  const simulated = simulatedPolicy(analysis, params);
  if (!simulated) return noSimulationInputs;
  const others: PolicyDocument[] = [];
  for (const other of params.otherPolicies ?? []) {
    if (other.uri === analysis.uri) continue;
    const { text } = texts.read(other.uri);
    if (text !== undefined) others.push(parsePolicy(text));
  }
  const inputs = simulationInputs(simulated.policy, catalog, {
    ...(params.statementIndex !== undefined ? { statementIndex: params.statementIndex } : {}),
    ...(params.action ? { action: params.action } : {}),
    ...(params.principal ? { principal: params.principal } : {}),
    otherPolicies: others,
  });
  return { isPolicy: true, role: policyRoleNames[roleOfPolicyType(simulated.policyType)], ...inputs };
}

/** Evaluates the request against the document (in the part its policy type gives it) and the other policies in play. */
export function simulationOf(analysis: Analysis, params: SimulateParams, texts: PolicyTexts): SimulationResult {
  const request = { ...params.request, context: params.request.context ?? {} };
  const simulated = simulatedPolicy(analysis, params);
  if (!simulated) {
    return { request, errors: [{ ruleId: 'not-a-policy', message: 'This file is not an IAM policy, so there is nothing to simulate.' }], decidedBy: [], policies: [], levels: [], notes: [] };
  }
  const role = roleOfPolicyType(simulated.policyType);
  const notes: string[] = [];
  const entries: { uri: string; text: string; role: SimulationPolicy['role']; level?: number }[] = [];
  const seen = new Set<string>();
  for (const other of params.otherPolicies ?? []) {
    if (!isPolicyRole(other.role)) continue;
    if (other.uri === analysis.uri) {
      notes.push(`${nameOfUri(other.uri)} is the simulated file itself; it takes part once, as ${policyRoleNames[role].toLowerCase()}.`);
      continue;
    }
    const key = `${other.uri}|${other.role}|${other.level ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const read = texts.read(other.uri);
    if (read.text === undefined) {
      notes.push(`${nameOfUri(other.uri)} is left out: it cannot be read (${read.error}).`);
      continue;
    }
    if (!looksLikePolicy(parsePolicy(read.text))) {
      notes.push(`${nameOfUri(other.uri)} is left out: it is not a policy (no top-level object with a Statement).`);
      continue;
    }
    entries.push({ uri: other.uri, text: read.text, role: other.role, ...(other.level !== undefined ? { level: other.level } : {}) });
  }
  // The simulated SCP or RCP sits below every level the user added: the account's own level.
  const ownLevel = role === 'scp' || role === 'rcp' ? Math.max(-1, ...entries.filter((e) => e.role === role).map((e) => e.level ?? 0)) + 1 : undefined;
  // The simulated document comes first, so that it is the one resource-based policy (or boundary, or session policy).
  entries.unshift({ uri: analysis.uri, text: simulated.policy.text, role, ...(ownLevel !== undefined ? { level: ownLevel } : {}) });

  const names = shortNames([...new Set(entries.map((entry) => entry.uri))]);
  const byName = new Map<string, { uri: string; lines: LineIndex }>();
  for (const entry of entries) if (!byName.has(names.get(entry.uri)!)) byName.set(names.get(entry.uri)!, { uri: entry.uri, lines: entry.uri === analysis.uri ? analysis.lines : new LineIndex(entry.text) });
  const policies: SimulationPolicy[] = entries.map((entry) => ({ name: names.get(entry.uri)!, text: entry.text, role: entry.role, ...(entry.level !== undefined ? { level: entry.level } : {}) }));

  const report = simulate(request, policies);
  const statementOf = (statement: StatementReport): SimulatedStatement => {
    const where = byName.get(statement.policy)!;
    return {
      uri: where.uri,
      range: toRange(where.lines, statement.span),
      label: statement.label,
      effect: statement.effect,
      applies: statement.applies,
      decided: statement.decided,
      ...(statement.why !== undefined ? { why: statement.why } : {}),
      ...(statement.whySpan ? { whyRange: toRange(where.lines, statement.whySpan) } : {}),
    };
  };
  return {
    request: report.request as SimulationResult['request'],
    ...(report.decision ? { decision: report.decision } : {}),
    errors: report.errors.map((error) => {
      const where = error.policy !== undefined ? byName.get(error.policy) : undefined;
      return {
        message: error.message,
        ruleId: error.ruleId,
        ...(where ? { uri: where.uri, name: error.policy } : {}),
        ...(where && error.span ? { range: toRange(where.lines, error.span) } : {}),
      };
    }),
    ...(report.reason ? { reason: report.reason } : {}),
    decidedBy: report.decidedBy.map(statementOf),
    policies: report.policies.map((policy) => ({
      uri: byName.get(policy.name)?.uri ?? policy.name,
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
    notes: [...notes, ...report.notes],
  };
}

/** The policy of the document that the lens or command names. */
function simulatedPolicy(analysis: Analysis, params: SimulateArguments): AnalyzedPolicy | undefined {
  return analysis.policies[params.policyIndex ?? 0];
}

function nameOfUri(uri: string): string {
  return shortNames([uri]).get(uri)!;
}

/** The other policies of a request, as the client sent them, keeping only well-formed entries. */
export function validOtherPolicies(value: unknown): OtherPolicy[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is OtherPolicy => !!entry && typeof entry.uri === 'string' && isPolicyRole(entry.role) && (entry.level === undefined || Number.isInteger(entry.level)));
}
