import { isTrustAction } from '../core/account/account-evaluator';
import type { DocumentAccount } from '../core/account/escalation-findings';
import { getManagedPolicies } from '../core/account/managed-policies';
import type { AccountPolicy, AccountRole } from '../core/account/model';
import { principalPolicies } from '../core/account/principal-policies';
import type { Catalog } from '../core/catalog/catalog';
import { parsePolicy } from '../core/policy/parse-policy';
import type { PolicyDocument } from '../core/policy/model';
import { simulationInputs } from '../core/simulation/inputs';
import { simulationResultOf, type PolicyPlace } from '../core/simulation/result';
import { simulate, type SimulationPolicy } from '../core/simulation/simulate';
import { LineIndex } from '../core/text/positions';
import { managedPolicyUri, type OtherPolicy, type SimulateParams, type SimulationInputsParams, type SimulationInputsResult, type SimulationResult } from '../protocol';
import type { Analysis } from './documents';
import { shortNames, type PolicyTexts } from './policy-texts';

// "Simulate as this role": a request evaluated with every policy of a role a template or Terraform module defines,
// gathered as `simulate --account` gathers them (principal-policies.ts): its inline policies, the managed policies
// attached to it (the template's own, and AWS managed ones from the bundled copy), its permissions boundary, and for
// sts:AssumeRole* on a role of the same template that role's trust policy. Policies written in the template or module
// are simulated as their host model, so placeholders are never guessed and statements link to their place.

interface Gathered {
  policies: SimulationPolicy[];
  places: Map<string, PolicyPlace>;
  notes: string[];
}

/** The role by its ARN in the document's account, or why there is none. */
function roleOf(account: DocumentAccount | undefined, arn: string | undefined): AccountRole | string {
  if (!account) return 'The template or module could not be read into an account, so there is no role to simulate.';
  const role = arn === undefined ? undefined : account.account.roles.get(arn);
  return role ?? `The role ${arn} is no longer defined here; run "Simulate as this role" again from its lens.`;
}

function gather(analysis: Analysis, account: DocumentAccount, role: AccountRole, request?: { action?: string; resource?: string }): Gathered {
  const gathered = principalPolicies(account.account, role);
  const entries: [AccountPolicy, SimulationPolicy['role']][] = gathered.identity.map((policy) => [policy, 'identity']);
  if (gathered.boundary) entries.push([gathered.boundary, 'permissionsBoundary']);
  // The trust policy of the role asked to be assumed, by its path and name: the template's ARNs are synthetic.
  const target = request?.action && isTrustAction(request.action) && request.resource ? roleNamed(account, request.resource) : undefined;
  if (target?.trust) entries.push([target.trust, 'resource']);
  const result: Gathered = { policies: [], places: new Map(), notes: [] };
  const names = new Set<string>();
  for (const [policy, part] of entries) {
    const placed = placeOf(analysis, account, policy);
    let name = placed.name;
    for (let n = 2; names.has(name); n++) name = `${placed.name} (${n})`;
    names.add(name);
    result.policies.push({ name, text: placed.text, role: part, ...(placed.document ? { document: placed.document } : {}) });
    result.places.set(name, { uri: placed.uri, lines: placed.lines });
  }
  for (const missing of gathered.missing) result.notes.push(`${missing} is attached to ${role.name} but is neither defined here nor a bundled AWS managed policy; simulated without it.`);
  if (result.policies.length === 0) result.notes.push(`${role.name} has no policies, so every request is implicitly denied.`);
  return result;
}

function roleNamed(account: DocumentAccount, arn: string): AccountRole | undefined {
  const path = /^arn:[^:]+:iam::[^:]*:(role\/.+)$/.exec(arn)?.[1];
  return path === undefined ? undefined : [...account.account.roles.values()].find((role) => role.arn.endsWith(`:${path}`));
}

/** Where a policy of the role is written: its host model in a file of the module, the bundled copy, or its text alone. */
function placeOf(analysis: Analysis, account: DocumentAccount, policy: AccountPolicy): { name: string; text: string; document?: PolicyDocument; uri: string; lines: LineIndex } {
  const span = policy.source.span;
  const embedded = span ? account.policies.get(policy.source.file)?.find((e) => e.span.start === span.start && e.variantOf === undefined) : undefined;
  if (embedded) {
    const here = policy.source.file === analysis.uri;
    return { name: embedded.name, text: embedded.policy.text, document: embedded.policy, uri: policy.source.file, lines: here ? analysis.lines : new LineIndex(embedded.policy.text) };
  }
  if (policy.kind === 'aws-managed') {
    // As the read-only document Go to Definition opens, so a statement's range is its place there.
    const bundled = getManagedPolicies().find(policy.key);
    if (bundled) {
      const text = `${JSON.stringify(bundled.document, null, 4)}\n`;
      return { name: policy.name, text, uri: managedPolicyUri(bundled.arn.replace(/^arn:[^:]+:/, 'arn:aws:')), lines: new LineIndex(text) };
    }
  }
  return { name: policy.name, text: policy.text, uri: analysis.uri, lines: new LineIndex(policy.text) };
}

/** The other policies the user added to the simulation that are not the role's own: SCPs, RCPs, a session policy, a resource policy. */
function othersOf(params: { otherPolicies?: OtherPolicy[] }, texts: PolicyTexts): { policies: SimulationPolicy[]; places: Map<string, PolicyPlace>; notes: string[] } {
  const policies: SimulationPolicy[] = [];
  const places = new Map<string, PolicyPlace>();
  const notes: string[] = [];
  const others = (params.otherPolicies ?? []).filter((other) => other.role !== 'identity' && other.role !== 'permissionsBoundary');
  const names = shortNames(others.map((other) => other.uri));
  for (const other of others) {
    const { text, error } = texts.read(other.uri);
    const name = names.get(other.uri)!;
    if (text === undefined) {
      notes.push(`${name} is left out: it cannot be read (${error}).`);
      continue;
    }
    policies.push({ name, text, role: other.role, ...(other.level !== undefined ? { level: other.level } : {}) });
    places.set(name, { uri: other.uri, lines: new LineIndex(text) });
  }
  if (others.length < (params.otherPolicies ?? []).length) notes.push("Identity-based policies and boundaries added to the simulation are left out: the role's own take their place.");
  return { policies, places, notes };
}

/** What to offer in the pickers of "Simulate as this role": the actions and resources of all the role's policies. */
export function roleSimulationInputsOf(analysis: Analysis, account: DocumentAccount | undefined, params: SimulationInputsParams, catalog: Catalog): SimulationInputsResult {
  const role = roleOf(account, params.templateRole);
  if (typeof role === 'string') return { isPolicy: false, actions: [], actionsLeftOut: 0, resources: [], contextKeys: [] };
  const documents = gather(analysis, account!, role)
    .policies.filter((policy) => policy.role === 'identity')
    .map((policy) => policy.document ?? parsePolicy(policy.text));
  const options = { ...(params.action ? { action: params.action } : {}), ...(params.principal ? { principal: params.principal } : {}) };
  // The choices of each policy, merged: an action or resource offered by several lists where each came from.
  const each = (documents.length > 0 ? documents : [parsePolicy('{"Version":"2012-10-17","Statement":[]}')]).map((document, i, all) =>
    simulationInputs(document, catalog, { ...options, otherPolicies: all.filter((_, j) => j !== i) }),
  );
  const actions = new Map<string, SimulationInputsResult['actions'][number]>();
  for (const action of each.flatMap((inputs) => inputs.actions)) {
    const known = actions.get(action.name);
    if (known) known.from = [...new Set([...known.from, ...action.from])];
    else actions.set(action.name, { ...action, from: [...action.from] });
  }
  const resources = new Map(each.flatMap((inputs) => inputs.resources).map((resource) => [resource.value, resource] as const));
  return {
    isPolicy: true,
    // The pickers' titles read "Simulate request against this role's policies".
    role: "Role's policies",
    actions: [...actions.values()],
    actionsLeftOut: Math.max(...each.map((inputs) => inputs.actionsLeftOut)),
    resources: [...resources.values()],
    contextKeys: each[0].contextKeys,
  };
}

/** Evaluates the request as the role: with all of its policies, and the other policies the user added that are not its own. */
export function roleSimulationOf(analysis: Analysis, account: DocumentAccount | undefined, params: SimulateParams, texts: PolicyTexts): SimulationResult {
  const request = { ...params.request, context: params.request.context ?? {} };
  const role = roleOf(account, params.templateRole);
  if (typeof role === 'string') return { request, errors: [{ ruleId: 'not-a-policy', message: role }], decidedBy: [], policies: [], levels: [], notes: [] };
  const own = gather(analysis, account!, role, params.request);
  const others = othersOf(params, texts);
  const places = new Map([...own.places, ...others.places]);
  const notes = [`Simulated as role ${role.name}, with all of its policies as the template or module defines them.`, ...own.notes, ...others.notes];
  return simulationResultOf(simulate(request, [...own.policies, ...others.policies]), places, notes);
}
