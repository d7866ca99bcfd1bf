import type { Node } from 'jsonc-parser';
import { URI } from 'vscode-uri';
import { assumersOf } from '../core/account/who-can';
import { isTrustAction, type ConditionNeed, type GrantingStatement } from '../core/account/account-evaluator';
import { resourceLabelOf, type Account, type AccountGroup, type AccountPolicy, type AccountPrincipal, type AccountResourcePolicy } from '../core/account/model';
import { findPrincipal, groupsOf } from '../core/account/principal-policies';
import { entityPlace, statementPlace } from '../core/account/statement-places';
import { whatCan } from '../core/account/what-can';
import { whoCan } from '../core/account/who-can';
import type { Catalog } from '../core/catalog/catalog';
import { parsePolicy } from '../core/policy/parse-policy';
import { simulationInputs } from '../core/simulation/inputs';
import { simulationResultOf, type PolicyPlace } from '../core/simulation/result';
import { simulate, type SimulationPolicy } from '../core/simulation/simulate';
import { LineIndex } from '../core/text/positions';
import type { Span } from '../core/text/span';
import {
  managedPolicyUri,
  type AccountEntityDetails,
  type AccountEntityInfo,
  type AccountLink,
  type AccountPermission,
  type AccountPermissionsResult,
  type AccountResourcePolicyInfo,
  type AccountSimulateParams,
  type AccountSimulationInputsParams,
  type AccountViewResult,
  type AccountWhoCanParams,
  type AccountWhoCanResult,
  type SimulationInputsResult,
  type SimulationResult,
} from '../protocol';
import type { WorkspaceAccountState } from './account';
import { managedPolicyDocumentOf } from './managed-policies';

// The account view's answers: the core's what-can, who-can and simulation over the workspace's account, with every
// granting statement turned into a place to open (a range in the file that writes it, or in the bundled copy of an
// AWS managed policy).

/** Finds places in the files the account was read from; one per account state. */
class Places {
  private readonly lines = new Map<string, LineIndex>();
  private readonly trees = new Map<string, Node | undefined>();
  private readonly bySource = new Map<string, AccountPolicy>();
  private readonly managed = new Map<string, { uri: string; lines: LineIndex; statements: { index: number; sid?: string; span: Span }[] } | null>();

  constructor(private readonly state: WorkspaceAccountState) {
    const { account } = state;
    const add = (policy: AccountPolicy) => this.bySource.set(sourceOf(policy), policy);
    for (const principal of [...account.users.values(), ...account.roles.values()]) {
      principal.inline.forEach(add);
      if (principal.kind === 'role' && principal.trust) add(principal.trust);
    }
    for (const group of account.groups.values()) group.inline.forEach(add);
    for (const { policy } of account.policies.values()) add(policy);
    // Bucket, key, queue, topic and secret policies: who-can answers name their statements too.
    for (const { policy } of account.resourcePolicies) add(policy);
  }

  private readText = (file: string): string | undefined => this.state.texts.get(file);

  private link(label: string, file: string, span: Span | undefined): AccountLink {
    const text = this.readText(file);
    if (text === undefined) return { label, uri: URI.file(file).toString() };
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = new LineIndex(text)));
    const range = span ? { start: lines.positionAt(span.start), end: lines.positionAt(span.end) } : { start: lines.positionAt(0), end: lines.positionAt(0) };
    return { label, uri: URI.file(file).toString(), range };
  }

  /** The statement of a what-can or who-can answer, as a place. */
  granting(statement: GrantingStatement): AccountLink {
    const label = `${shortPolicyName(statement.policy)} › ${statement.statement}`;
    const policy = this.bySource.get(statement.source);
    if (policy) return this.ofPolicy(policy, statement.statement, label);
    if (/^arn:[^:]+:iam::aws:policy\//.test(statement.policy)) return this.ofManaged(statement.policy, statement.statement, label);
    return { label };
  }

  /** A policy's statement (or the policy itself, without a label) as a place. */
  ofPolicy(policy: AccountPolicy, statement: string | undefined, label: string): AccountLink {
    if (policy.kind === 'aws-managed' && !policy.source.path) return this.ofManaged(policy.key, statement, label);
    const place = statementPlace(policy, statement, this.readText, this.trees);
    return place ? this.link(label, place.file, place.span) : this.link(label, policy.source.file, undefined);
  }

  /** The bundled copy of an AWS managed policy, as the read-only document Go to Definition opens. */
  private ofManaged(arn: string, statement: string | undefined, label: string): AccountLink {
    let entry = this.managed.get(arn);
    if (entry === undefined) {
      const uri = managedPolicyUri(arn.replace(/^arn:[^:]+:/, 'arn:aws:'));
      const document = managedPolicyDocumentOf(uri);
      entry = document
        ? {
            uri,
            lines: new LineIndex(document.text),
            statements: parsePolicy(document.text).statements.map((s) => ({ index: s.index, span: s.span, ...(s.sid?.value !== undefined ? { sid: s.sid.value.value } : {}) })),
          }
        : null;
      this.managed.set(arn, entry);
    }
    if (!entry) return { label };
    const numbered = statement === undefined ? undefined : /^#(\d+)$/.exec(statement);
    const found = statement === undefined ? undefined : entry.statements.find((s) => (numbered ? s.index === Number(numbered[1]) - 1 : s.sid === statement));
    const span = found?.span ?? { start: 0, end: 0 };
    return { label, uri: entry.uri, range: { start: entry.lines.positionAt(span.start), end: entry.lines.positionAt(span.end) } };
  }

  entity(source: { file: string; path?: string; span?: Span }, label: string): AccountLink {
    const place = entityPlace(source, this.readText, this.trees);
    return this.link(label, source.file, place?.span);
  }
}

const placesOf = new WeakMap<WorkspaceAccountState, Places>();

function places(state: WorkspaceAccountState): Places {
  let found = placesOf.get(state);
  if (!found) placesOf.set(state, (found = new Places(state)));
  return found;
}

/** The source string the evaluator gives a statement's policy (see AccountEvaluator.describe). */
function sourceOf(policy: AccountPolicy): string {
  return policy.source.path ? `${policy.source.file} ${policy.source.path}` : policy.source.file;
}

function shortPolicyName(name: string): string {
  const at = name.indexOf(':policy/');
  return at >= 0 ? name.slice(name.lastIndexOf('/') + 1) : name;
}

function accountIdOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function relativeName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** The account as the view lists it: names only; what each holds comes with `accountEntityOf`. */
export function accountViewOf(state: WorkspaceAccountState): AccountViewResult {
  const { account } = state;
  const info = (kind: AccountEntityInfo['kind'], name: string, arn: string, file: string): AccountEntityInfo => ({ kind, name, arn, detail: `${accountIdOf(arn)} · ${relativeName(file)}` });
  const byName = (a: AccountEntityInfo, b: AccountEntityInfo) => a.name.localeCompare(b.name) || a.arn.localeCompare(b.arn);
  return {
    ...(state.message ? { message: state.message } : {}),
    sources: state.readings.map((reading) => ({ uri: URI.file(reading.path).toString(), kind: reading.kind, ...(reading.error ? { error: reading.error } : {}) })),
    warnings: [...state.notes, ...account.warnings],
    users: [...account.users.values()].map((e) => info('user', e.name, e.arn, e.source.file)).sort(byName),
    groups: [...account.groups.values()].map((e) => info('group', e.name, e.arn, e.source.file)).sort(byName),
    roles: [...account.roles.values()].map((e) => info('role', e.name, e.arn, e.source.file)).sort(byName),
    policies: [...account.policies.values()].map((e) => info('policy', e.name, e.arn, e.policy.source.file)).sort(byName),
    resourcePolicies: account.resourcePolicies.map((entry) => resourcePolicyInfo(state, entry)),
  };
}

/** How many actions a statement's summary names before it counts the rest. */
const SHORT_ACTIONS = 2;

/** A resource policy for the view: what it governs, where it is written, and its statements, each a link. */
function resourcePolicyInfo(state: WorkspaceAccountState, entry: AccountResourcePolicy): AccountResourcePolicyInfo {
  const at = places(state);
  const { policy } = entry;
  const name = shortPolicyName(policy.name);
  const statements = parsePolicy(policy.text).statements.map((statement) => {
    const sid = statement.sid?.value?.value;
    const label = sid !== undefined && sid !== '' ? sid : `#${statement.index + 1}`;
    const element = statement.action ?? statement.notAction;
    const values = element?.values.map((v) => v.value) ?? [];
    const listed = values.slice(0, SHORT_ACTIONS).join(', ') + (values.length > SHORT_ACTIONS ? ` +${values.length - SHORT_ACTIONS}` : '');
    const actions = !element ? 'no Action' : statement.action ? listed : `NotAction ${listed}`;
    return { label, effect: statement.effect?.value?.value ?? 'no Effect', actions, link: at.ofPolicy(policy, label, `${name} › ${label}`) };
  });
  return {
    type: entry.type,
    resources: entry.resources.map(resourceLabelOf),
    detail: relativeName(entry.source.file),
    link: at.ofPolicy(policy, undefined, name),
    statements,
  };
}

/** Where an entity is defined, what it is related to, and the policies it holds, each a link. */
export function accountEntityOf(state: WorkspaceAccountState, arn: string): AccountEntityDetails | null {
  const { account } = state;
  const at = places(state);
  const principal = account.users.get(arn) ?? account.roles.get(arn);
  if (principal) {
    const gathered = state.evaluator.policiesOf(principal);
    const policies = gathered.identity.map((policy) => at.ofPolicy(policy, undefined, policyLabel(account, policy)));
    if (gathered.boundary) policies.push(at.ofPolicy(gathered.boundary, undefined, `${shortPolicyName(gathered.boundary.name)} (permissions boundary)`));
    if (principal.kind === 'role' && principal.trust) policies.push(at.ofPolicy(principal.trust, undefined, 'trust policy'));
    return {
      link: at.entity(principal.source, principal.name),
      related: principal.kind === 'user' ? groupsOf(account, principal).map((g) => g.arn) : [],
      policies,
      ...(principal.kind === 'role' ? { assumableBy: assumersOf(state.evaluator, principal) } : {}),
    };
  }
  const group = account.groups.get(arn);
  if (group) {
    const attached = group.attached.map((policyArn) => {
      const policy = account.policies.get(policyArn);
      return policy
        ? at.ofPolicy(policy.policy, undefined, shortPolicyName(policyArn))
        : { ...at.granting({ policy: policyArn, kind: 'aws-managed', statement: '', source: '' }), label: shortPolicyName(policyArn) };
    });
    return {
      link: at.entity(group.source, group.name),
      related: [...account.users.values()].filter((user) => groupsOf(account, user).includes(group)).map((user) => user.arn),
      policies: [...group.inline.map((policy) => at.ofPolicy(policy, undefined, `${policy.name} (inline)`)), ...attached],
    };
  }
  const entry = account.policies.get(arn);
  if (entry) {
    const holders = [...account.users.values(), ...account.groups.values(), ...account.roles.values()].filter(
      (e: AccountPrincipal | AccountGroup) => e.attached.includes(arn) || (e.kind !== 'group' && e.boundary === arn),
    );
    return { link: at.ofPolicy(entry.policy, undefined, entry.name), related: holders.map((e) => e.arn), policies: [] };
  }
  return null;
}

function policyLabel(account: Account, policy: AccountPolicy): string {
  if (policy.kind === 'inline') {
    const holder = policy.key.slice(0, policy.key.indexOf('#'));
    const group = account.groups.get(holder);
    return group ? `${policy.name} (inline, group ${group.name})` : `${policy.name} (inline)`;
  }
  return `${shortPolicyName(policy.name)} (${policy.kind === 'aws-managed' ? 'AWS managed' : 'customer managed'})`;
}

// Access levels in the order of the Service Authorization Reference's tables.
const LEVEL_ORDER = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** A principal's effective permissions (what-can), by service and access level, each with the statements that grant it. */
export function accountPermissionsOf(state: WorkspaceAccountState, principalArn: string, catalog: Catalog): AccountPermissionsResult | null {
  const principal = state.account.users.get(principalArn) ?? state.account.roles.get(principalArn);
  if (!principal) return null;
  const answer = whatCan(state.evaluator, principal, catalog);
  const at = places(state);
  const links: AccountLink[] = [];
  const linkIndex = new Map<string, number>();
  const indexOf = (statement: GrantingStatement): number => {
    const key = `${statement.source}\u0000${statement.policy}\u0000${statement.statement}`;
    let index = linkIndex.get(key);
    if (index === undefined) {
      linkIndex.set(key, (index = links.length));
      links.push(at.granting(statement));
    }
    return index;
  };
  const services = new Map<string, Map<string, AccountPermission[]>>();
  for (const entry of answer.allowed) {
    const prefix = entry.action.slice(0, entry.action.indexOf(':')).toLowerCase();
    const level = catalog.findAction(entry.action)?.accessLevel ?? 'Unknown to the catalog';
    let levels = services.get(prefix);
    if (!levels) services.set(prefix, (levels = new Map()));
    const list = levels.get(level) ?? [];
    list.push({
      action: entry.action,
      resources: entry.resources,
      decision: entry.decision ?? 'Allowed',
      ...(entry.conditions ? { conditions: entry.conditions.map(conditionText) } : {}),
      ...(entry.denied ? { denied: entry.denied.map((d) => d.resource) } : {}),
      via: [...new Set(grantingOf(entry.via, entry.conditions).map(indexOf))],
    });
    levels.set(level, list);
  }
  const levelRank = (level: string) => (LEVEL_ORDER.indexOf(level) < 0 ? LEVEL_ORDER.length : LEVEL_ORDER.indexOf(level));
  return {
    principal: principal.arn,
    links,
    services: [...services.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([prefix, levels]) => ({
        prefix,
        name: catalog.findService(prefix)?.name ?? prefix,
        levels: [...levels.entries()].sort(([a], [b]) => levelRank(a) - levelRank(b)).map(([level, actions]) => ({ level, actions })),
      })),
    errors: answer.errors,
  };
}

/**
 * The statements to link to: those that grant, and for a grant that waits on a condition (which the evaluator does not
 * count as matched), the Allow statements holding the conditions.
 */
function grantingOf(via: readonly GrantingStatement[], conditions: readonly ConditionNeed[] | undefined): GrantingStatement[] {
  const seen = new Set<string>();
  return [...via, ...(conditions ?? []).filter((c) => c.effect === 'Allow')].filter((s) => {
    const key = `${s.source}\u0000${s.policy}\u0000${s.statement}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conditionText(need: ConditionNeed): string {
  return `${need.effect === 'Deny' ? 'unless ' : ''}${need.operator} ${need.key} (${shortPolicyName(need.policy)} › ${need.statement})`;
}

/** Who can make the request (who-can), with the granting statements as places. */
export function accountWhoCanOf(state: WorkspaceAccountState, params: AccountWhoCanParams): AccountWhoCanResult {
  const action = typeof params?.action === 'string' ? params.action.trim() : '';
  const resource = typeof params?.resource === 'string' && params.resource.trim() !== '' ? params.resource.trim() : '*';
  if (state.readings.length === 0) return { message: state.message ?? 'The workspace has no account sources.', allowed: [], errors: [] };
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action)) return { message: `"${action}" is not an action: write it as service:Action, such as s3:GetObject.`, allowed: [], errors: [] };
  const answer = whoCan(state.evaluator, action, resource);
  const at = places(state);
  return {
    allowed: answer.allowed.map((entry) => ({
      principal: entry.principal,
      type: entry.type,
      decision: entry.decision,
      ...(entry.conditions ? { conditions: entry.conditions.map(conditionText) } : {}),
      via: grantingOf(entry.via, entry.conditions).map((statement) => at.granting(statement)),
      ...(entry.assumableBy ? { assumableBy: entry.assumableBy } : {}),
    })),
    errors: answer.errors.map((e) => `${e.principal}: ${e.errors.join('; ')}`),
  };
}

/** The policies a simulation of the principal's request takes, named for people, with the account policy behind each. */
function simulationPolicies(state: WorkspaceAccountState, principal: AccountPrincipal, action: string, resource: string): { policy: AccountPolicy; simulated: SimulationPolicy }[] {
  const gathered = state.evaluator.policiesOf(principal);
  const used = new Set<string>();
  const unique = (name: string) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
    used.add(candidate);
    return candidate;
  };
  const entry = (policy: AccountPolicy, role: SimulationPolicy['role'], name: string) => ({ policy, simulated: { name: unique(name), text: policy.text, role } });
  const list = gathered.identity.map((policy) => entry(policy, 'identity', policyLabel(state.account, policy)));
  if (gathered.boundary) list.push(entry(gathered.boundary, 'permissionsBoundary', `${shortPolicyName(gathered.boundary.name)} (permissions boundary)`));
  const role = isTrustAction(action) ? state.account.roles.get(resource) : undefined;
  if (role?.trust) list.push(entry(role.trust, 'resource', `trust policy of ${role.name}`));
  return list;
}

/** Simulates a request with the principal's gathered policies; the statements link to where they are written. */
export function accountSimulationOf(state: WorkspaceAccountState, params: AccountSimulateParams): SimulationResult | null {
  const principal = findPrincipal(state.account, params.principal);
  if (typeof principal === 'string') return null;
  const request = { ...params.request, context: params.request.context ?? {} };
  const entries = simulationPolicies(state, principal, request.action, request.resource);
  const report = simulate(
    request,
    entries.map((e) => e.simulated),
  );
  const placesByName = new Map<string, PolicyPlace>(entries.map((e) => [e.simulated.name, { uri: e.simulated.name, lines: new LineIndex(e.policy.text) }]));
  const result = simulationResultOf(report, placesByName, [
    `Simulated with the policies of ${principal.arn} in the workspace's account: ${entries.map((e) => e.simulated.name).join(', ') || 'none'}.`,
    ...state.evaluator
      .policiesOf(principal)
      .missing.map((what) => `${what} is attached to ${principal.arn} but is neither in the account files nor a bundled AWS managed policy; evaluated without it.`),
  ]);
  // The core reports places in each policy's JSON; the editor opens the statement where the file writes it.
  const at = places(state);
  const byName = new Map(entries.map((e) => [e.simulated.name, e.policy]));
  const relocate = (policyName: string, statement: { index: number; sid?: string }, target: SimulationResult['decidedBy'][number]) => {
    const policy = byName.get(policyName);
    if (!policy) return;
    const link = at.ofPolicy(policy, statement.sid ? statement.sid : `#${statement.index + 1}`, policyName);
    if (link.uri && link.range) {
      target.uri = link.uri;
      target.range = link.range;
      // The element that did not match is found in the JSON, not in the file.
      delete target.whyRange;
    }
  };
  report.policies.forEach((policy, p) => policy.statements.forEach((statement, s) => relocate(policy.name, statement, result.policies[p].statements[s])));
  report.decidedBy.forEach((statement, i) => relocate(statement.policy, statement, result.decidedBy[i]));
  for (const policy of result.policies) {
    const account = byName.get(policy.name);
    if (account) policy.uri = at.ofPolicy(account, undefined, policy.name).uri ?? policy.uri;
  }
  for (const error of result.errors) if (error.name && byName.has(error.name)) error.uri = at.ofPolicy(byName.get(error.name)!, undefined, error.name).uri ?? error.uri;
  return result;
}

/** What the simulation pickers offer for the principal: the actions, resources and keys of its policies. */
export function accountSimulationInputsOf(state: WorkspaceAccountState, params: AccountSimulationInputsParams, catalog: Catalog): SimulationInputsResult {
  const principal = findPrincipal(state.account, params.principal);
  if (typeof principal === 'string') return { isPolicy: false, actions: [], actionsLeftOut: 0, resources: [], contextKeys: [] };
  const documents = simulationPolicies(state, principal, params.action ?? '', '').map((e) => parsePolicy(e.policy.text));
  const [first, ...rest] = documents.length > 0 ? documents : [parsePolicy('{"Statement": []}')];
  const inputs = simulationInputs(first, catalog, { ...(params.action ? { action: params.action } : {}), principal: principal.arn, otherPolicies: rest });
  // The first policy's actions only would hide the others': offer every policy's.
  const actions = new Map(inputs.actions.map((a) => [a.name, a]));
  let leftOut = inputs.actionsLeftOut;
  for (const other of rest) {
    const more = simulationInputs(other, catalog, { principal: principal.arn });
    for (const action of more.actions) if (!actions.has(action.name)) actions.set(action.name, action);
    leftOut += more.actionsLeftOut;
    if (params.action) {
      const resources = simulationInputs(other, catalog, { action: params.action, principal: principal.arn }).resources;
      for (const resource of resources) if (!inputs.resources.some((r) => r.value === resource.value)) inputs.resources.push(resource);
    }
  }
  return { isPolicy: true, role: `${principal.kind} ${principal.name}`, ...inputs, actions: [...actions.values()].slice(0, 2000), actionsLeftOut: leftOut };
}
