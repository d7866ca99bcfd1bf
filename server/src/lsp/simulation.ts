import type { Catalog } from '../core/catalog/catalog';
import type { PolicyDocument } from '../core/policy/model';
import { parsePolicy } from '../core/policy/parse-policy';
import { simulationInputs } from '../core/simulation/inputs';
import { policiesInPlay } from '../core/simulation/policies-in-play';
import { simulationResultOf, type PolicyPlace } from '../core/simulation/result';
import { isPolicyRole, policyRoleNames, roleOfPolicyType, simulate, type SimulationPolicy } from '../core/simulation/simulate';
import { LineIndex } from '../core/text/positions';
import type { AnalyzedPolicy } from '../core/analyze';
import type { OtherPolicy, SimulateArguments, SimulateParams, SimulationInputsParams, SimulationInputsResult, SimulationResult } from '../protocol';
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
  const others = (params.otherPolicies ?? []).map((other) => ({ ...other, ...(other.uri === analysis.uri ? {} : texts.read(other.uri)) }));
  const inPlay = policiesInPlay({ uri: analysis.uri, text: simulated.policy.text, role: roleOfPolicyType(simulated.policyType) }, others, nameOfUri);
  const names = shortNames([...new Set(inPlay.policies.map((entry) => entry.uri))]);
  const places = new Map<string, PolicyPlace>();
  for (const entry of inPlay.policies) {
    const name = names.get(entry.uri)!;
    if (!places.has(name)) places.set(name, { uri: entry.uri, lines: entry.uri === analysis.uri ? analysis.lines : new LineIndex(entry.text) });
  }
  const policies: SimulationPolicy[] = inPlay.policies.map((entry) => ({ name: names.get(entry.uri)!, text: entry.text, role: entry.role, ...(entry.level !== undefined ? { level: entry.level } : {}) }));
  return simulationResultOf(simulate(request, policies), places, inPlay.notes);
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
