import type { Catalog } from '../core/catalog/catalog';
import { templateAttachments, type TemplateAttachments } from '../core/hosts/cloudformation/attachments';
import { templateFormatOf } from '../core/hosts/cloudformation';
import { templateCompanions } from '../core/simulation/template-companions';
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
  const others: PolicyDocument[] = companionsOf(analysis, simulated).companions.map((companion) => companion.policy);
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

/**
 * Evaluates the request against the document (in the part its policy type gives it) and the other policies in play.
 * A policy of a template or .tf file is evaluated as its model (spans in the host text, placeholders never guessed),
 * with the policies of the same template that belong to the same identity (see templateCompanions).
 */
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
  const policies: SimulationPolicy[] = inPlay.policies.map((entry) => ({
    name: names.get(entry.uri)!,
    text: entry.text,
    role: entry.role,
    ...(entry.level !== undefined ? { level: entry.level } : {}),
  }));
  const notes = [...inPlay.notes];
  if (analysis.kind !== 'policy') {
    // A host document's policies are named by where they sit in it (`Worker › Policies[0] › PolicyDocument`).
    const [first, ...rest] = policies;
    const here = { uri: analysis.uri, lines: analysis.lines };
    places.set(simulated.name, here);
    const { companions, notes: companionNotes } = companionsOf(analysis, simulated);
    for (const companion of companions) places.set(companion.name, here);
    policies.splice(
      0,
      policies.length,
      { ...first, name: simulated.name, document: simulated.policy },
      ...companions.map((companion) => ({ name: companion.name, text: analysis.text, document: companion.policy, role: 'identity' as const })),
      ...rest,
    );
    notes.push(...companionNotes);
  }
  return simulationResultOf(simulate(request, policies), places, notes);
}

const attachmentsOfAnalysis = new WeakMap<Analysis, TemplateAttachments>();

/** The policies of the same template that a simulation of `simulated` includes, and notes about the rest. */
function companionsOf(analysis: Analysis, simulated: AnalyzedPolicy): { companions: AnalyzedPolicy[]; notes: string[] } {
  if (analysis.kind !== 'cloudformation') return { companions: [], notes: [] };
  let attachments = attachmentsOfAnalysis.get(analysis);
  if (!attachments) {
    attachments = templateAttachments(analysis.text, templateFormatOf({ text: analysis.text, uri: analysis.uri }) ?? (/^\s*\{/.test(analysis.text) ? 'json' : 'yaml'));
    attachmentsOfAnalysis.set(analysis, attachments);
  }
  return templateCompanions(analysis.policies, simulated, attachments);
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
