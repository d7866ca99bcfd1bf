import type { Catalog } from '../catalog/catalog';
import { compilePolicies, evaluate, type CompiledPolicy } from '../evaluator/index';
import type { CompiledStatement } from '../evaluator/compile';
import { evaluateTest, TEST_PASSED } from '../evaluator/conditions';
import { parseConditionOperator } from '../policy/condition-operators';
import { ContextLookup } from '../evaluator/context';
import { compileResourcePattern, MATCH, matchResourcePattern, resourcePatternTokens } from '../evaluator/patterns';
import { GRANT_NONE, notPrincipalExcludes, principalGrant, readPrincipal } from '../evaluator/principal';
import type { ContextValue, EvaluationRequest, RequestContext } from '../evaluator/types';
import { ipInRange, parseIpRange } from '../policy/condition-values';
import type { PrincipalElement, Statement } from '../policy/model';
import { compileGlob, matchGlob, SEGMENT_ONE, SEGMENT_STAR, STAR, type Glob } from '../text/wildcard';
import { accountsIn, conditionRepresentatives, principalRepresentatives, resourceRepresentatives, UnknownRegionError, type KeyTest } from './domains';
import { DEPLOY_TIME_SERVICE } from './deploy-time-values';
import { findRegions, freshCharacter, RegionLimitError, wildcardPattern, type TokenPattern } from './glob-regions';

// The search behind every check: is there a request that one policy (the candidate) allows and the other (the
// reference, or nothing) does not? Requests are split dimension by dimension (the action, the resource, the
// principal, each condition key) at the constants of the statements still in play, so each branch carries only
// the statements that match it so far; a branch ends as soon as its outcome is settled. Every leaf is a concrete
// request, and a FAIL is reported only after `evaluate` agrees on both policies.
// Zelkova's formulation (Backes et al., FMCAD 2018): "P1 allows more than P0" is SAT(P1 ∧ ¬P0); here the
// satisfying assignment is found by exact enumeration of regions instead of an SMT solver.

/** How action wildcards are read: `catalog` (today's actions) or `string` (AWS's: future actions too). */
export type ActionMode = 'catalog' | 'string';

/** Which kind of policy both documents are. Trust policies are resource policies. */
export type CheckPolicyType = 'identity' | 'resource';

/** A concrete request: the proof of a FAIL. */
export interface Witness {
  action: string;
  resource: string;
  /** Absent for an anonymous caller. */
  principal?: string;
  context: Record<string, ContextValue>;
}

/** Who may call, for the no-public-access check: only principals and key values from outside. */
export interface OutsiderScope {
  /** Condition keys that name the caller (their insider values are left out). */
  isCallerKey(key: string): boolean;
  /** Whether an IP range constant is narrow enough to pin the caller (addresses inside it are insiders). */
  isNarrowIpRange(range: string): boolean;
}

export interface SearchInput {
  /** The policy that must allow the witness. */
  candidate: CompiledPolicy;
  /** Statements of the candidate left out (pinned Allow statements in the public check). */
  skipCandidate?: (statement: Statement) => boolean;
  /** The policy that must not allow it; absent: nothing is allowed. */
  reference?: CompiledPolicy;
  policyType: CheckPolicyType;
  mode: ActionMode;
  catalog: Catalog;
  /** Only these actions (wildcards allowed, case-insensitive). */
  actions?: readonly string[];
  /** Only these resources (wildcards allowed). */
  resources?: readonly string[];
  outsider?: OutsiderScope;
  /** Stop after this many leaves (default 200,000). */
  maxLeaves?: number;
  /**
   * The work budget in steps, over the whole search (default DEFAULT_MAX_WORK): one step per statement tested
   * against a value of one dimension, and per pattern and character of each state a region walk expands. Past it the search stops with an UNKNOWN naming the widest split.
   * Counted, not timed, so the same policies give the same answer on any machine.
   */
  maxWork?: number;
  /** Optional wall-clock cap: `Date.now()` past which the search stops with an UNKNOWN (the CLI's --timeout-ms). */
  deadline?: number;
}

/** Default work budget: about 10 s of search on a loaded 2-core machine. */
export const DEFAULT_MAX_WORK = 4_000_000;

export interface ActionFinding {
  /** Catalog actions of the class, or the one future action of string mode. */
  actions: string[];
  future: boolean;
  witness?: Witness;
  /**
   * Set when the witness's resource is of no resource type the action takes (the catalog's ARN formats, or only
   * `"*"`): IAM matches resources as strings, so the witness is allowed, but AWS would not send such a request. Says
   * whether a request on a resource of the right type was looked for everywhere (and none is new access) or not.
   */
  resourceNote?: string;
  /**
   * With `resourceNote`: every action of the class was tried and none has a request on a resource of a type it takes
   * that is new access (the search was complete), so every such request is one AWS does not send.
   */
  onlyUnsent?: true;
  unknown?: string;
}

export interface SearchOutcome {
  /** One finding per class of actions the candidate allows something of and the reference does not. */
  findings: ActionFinding[];
  /** Reasons the search could not settle some class (UNKNOWN when there is no FAIL). */
  unknowns: string[];
}

interface Item {
  readonly id: number;
  readonly candidate: boolean;
  readonly deny: boolean;
  readonly compiled: CompiledStatement;
  readonly statement: Statement;
  readonly actionGlobs: readonly Glob[];
  readonly actionTexts: readonly string[];
  readonly notAction: boolean;
  /** Dimension names this statement constrains beyond the action. */
  readonly dims: ReadonlySet<string>;
  /** Tests per lower-case key. */
  readonly keyTests: ReadonlyMap<string, KeyTest[]>;
  /** Lower-case keys whose value a test compares with as a whole policy variable (`StringEquals K ${V}`): each V. */
  readonly variables: ReadonlySet<string>;
  /** Position of the last dimension it constrains, set once the order is known. */
  last: number;
}

const RESOURCE = '#resource';
const PRINCIPAL = '#principal';
const IDENTITY_PRINCIPAL = 'arn:aws:iam::111122223333:user/witness';

/**
 * The witness user of an identity policy, in the account of the resource when its ARN names one: an identity
 * policy alone decides only a request within one account (across accounts the resource's policy must allow it too),
 * and the witness is shown as a `simulate` command that reads the accounts from the ARNs.
 */
function identityPrincipalFor(resource: string): string {
  const arn = /^arn:([^:]+):([^:]*):[^:]*:(\d{12}):/.exec(resource);
  // A resource named only at deploy time stands for one in an account not known here.
  return arn && arn[2] !== DEPLOY_TIME_SERVICE ? `arn:${arn[1]}:iam::${arn[3]}:user/witness` : IDENTITY_PRINCIPAL;
}
const DEFAULT_RESOURCE = '*';

/** Runs the search. Never throws for policies the evaluator accepts; limits become `unknowns`. */
export function searchNewAccess(input: SearchInput): SearchOutcome {
  const referenceItems = input.reference ? itemsOf(input.reference, false, input) : [];
  const items = [...withoutCoveredAllows(itemsOf(input.candidate, true, input), referenceItems, input), ...referenceItems];
  const order = dimensionOrder(items, input);
  for (const item of items) item.last = Math.max(-1, ...[...item.dims].map((dim) => order.indexOf(dim)));
  const outcome: SearchOutcome = { findings: [], unknowns: [] };
  let classes: ActionClass[];
  try {
    classes = actionClasses(items, input);
  } catch (error) {
    if (error instanceof RegionLimitError || error instanceof UnknownRegionError) {
      outcome.unknowns.push(`Actions could not be split: ${error.message}.`);
      return outcome;
    }
    throw error;
  }
  // The accounts the statements name (their values, not the document text: a template's text holds other policies, and
  // a placeholder's literal is only in the values).
  const namedAccounts = new Set([input.candidate, input.reference].flatMap((policy) => (policy ? policy.document.statements.flatMap((statement) => accountsIn(valuesText(statement))) : [])));
  const context = new Search(input, order, namedAccounts);
  for (const actionClass of classes) {
    const remaining = items.filter((item) => actionClass.members.has(item.id));
    if (!remaining.some((item) => item.candidate && !item.deny)) continue;
    try {
      const found = context.find(actionClass.action, remaining, actionClass.actions);
      if (found) outcome.findings.push({ actions: actionClass.actions, future: actionClass.future, ...found });
    } catch (error) {
      if (!(error instanceof RegionLimitError || error instanceof UnknownRegionError || error instanceof WitnessError || error instanceof BudgetError)) throw error;
      const reason = error instanceof WitnessError || error instanceof BudgetError ? error.message : `For ${actionClass.action}: ${error.message}.`;
      outcome.findings.push({ actions: actionClass.actions, future: actionClass.future, unknown: reason });
      outcome.unknowns.push(reason);
      // The budget is shared by all classes: once spent, the classes left are not searched (one reason says so).
      if (error instanceof BudgetError) break;
    }
  }
  return outcome;
}

/**
 * Leaves out the candidate's Allow statements that the reference holds verbatim (Sid aside), when every Deny of the
 * reference is a Deny of the candidate too. Exact: a request such a statement allows is allowed by its twin in the
 * reference unless a reference Deny matches it, and then the same Deny in the candidate denies it; so it is never a
 * witness, and the other candidate statements decide the rest alone. Policy updates mostly keep their statements,
 * and without this every kept statement drew its services' actions and its resources into the search again.
 */
function withoutCoveredAllows(candidates: Item[], references: Item[], input: SearchInput): Item[] {
  if (references.length === 0) return candidates;
  // Policy variables read differently under the two Version values (2008-10-17 takes `${…}` literally).
  if (input.candidate.document.version?.value?.value !== input.reference!.document.version?.value?.value) return candidates;
  const candidateDenies = new Set(candidates.filter((item) => item.deny).map((item) => statementKey(item.statement)));
  if (!references.filter((item) => item.deny).every((item) => candidateDenies.has(statementKey(item.statement)))) return candidates;
  const referenceAllows = references.filter((item) => !item.deny);
  const verbatim = new Set(referenceAllows.map((item) => statementKey(item.statement)));
  const result: Item[] = [];
  for (const item of candidates) {
    if (item.deny) result.push(item);
    else if (!verbatim.has(statementKey(item.statement))) {
      const reduced = withoutCoveredValues(withoutCoveredValues(item, referenceAllows, 'resource'), referenceAllows, 'action');
      if (reduced) result.push(reduced);
    }
  }
  return result;
}

/**
 * The candidate Allow without the Resource (or Action) values that a reference Allow equal to it in every other
 * element also lists; undefined when none is left. Exact under withoutCoveredAllows's condition: a statement is the
 * union of one statement per value of its Resource (or Action) list, and each such part whose value a reference twin
 * lists allows only requests that twin allows (a new policy adding one ARN to a statement of 80 searches that one).
 */
function withoutCoveredValues(item: Item | undefined, references: readonly Item[], element: 'resource' | 'action'): Item | undefined {
  if (!item) return undefined;
  const own = item.statement[element];
  if (!own) return item;
  const key = statementKey(item.statement, element);
  const covered = new Set<string>();
  for (const reference of references) {
    const theirs = reference.statement[element];
    if (theirs && statementKey(reference.statement, element) === key) for (const value of theirs.values) covered.add(value.value);
  }
  if (covered.size === 0) return item;
  const values = own.values.filter((value) => !covered.has(value.value));
  if (values.length === own.values.length) return item;
  if (values.length === 0) return undefined;
  const statement: Statement = { ...item.statement, [element]: { ...own, values } };
  if (element === 'action') {
    const kept = item.actionTexts.map((text) => !covered.has(text));
    return { ...item, statement, actionTexts: item.actionTexts.filter((_, i) => kept[i]), actionGlobs: item.actionGlobs.filter((_, i) => kept[i]) };
  }
  const left = new Set(values.map((value) => value.value));
  return { ...item, statement, compiled: { ...item.compiled, resources: item.compiled.resources!.filter((pattern) => left.has(pattern.text)) } };
}

/**
 * A statement's meaning as written, Sid aside: equal keys, equal statements (lists compared as sets). `except`
 * leaves one element out, to find statements that differ only there.
 */
function statementKey(statement: Statement, except?: 'resource' | 'action'): string {
  const list = (element: { values: { value: string }[] } | undefined) => (element ? [...new Set(element.values.map((v) => v.value))].sort() : null);
  const principal = (element: PrincipalElement | undefined) =>
    element
      ? { wildcard: element.wildcard?.value ?? null, entries: element.entries.map((entry) => [entry.type, list(entry)]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }
      : null;
  const condition = (statement.condition?.operators ?? [])
    .map(
      (entry) =>
        [
          entry.operator,
          entry.keys.map((key) => [key.key, [...new Set(key.values.map((v) => `${v.jsonType}:${v.value}`))].sort()]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        ] as const,
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return JSON.stringify([
    statement.effect?.value?.value ?? null,
    except === 'action' ? null : list(statement.action),
    list(statement.notAction),
    except === 'resource' ? null : list(statement.resource),
    list(statement.notResource),
    principal(statement.principal),
    principal(statement.notPrincipal),
    condition,
  ]);
}

/** The work budget or the wall-clock cap ran out. */
class BudgetError extends Error {}

/** The search for a witness on a resource of the action's types went past its share of the work: the first witness stands. */
class TypedSearchStop extends Error {}

/**
 * The work a class may spend, after its first witness, looking for one on a resource of a type the action takes
 * (most classes find one on the first leaf: only a Resource that names other types sends the search on).
 */
const TYPED_SEARCH_WORK = 100_000;

/** How many actions of a class are tried for a witness on a resource of a type the action takes. */
const TYPED_ACTIONS = 32;

/** The witness the search built does not re-check with the evaluator: a bug, reported as UNKNOWN, never a FAIL. */
class WitnessError extends Error {}

function itemsOf(policy: CompiledPolicy, candidate: boolean, input: SearchInput): Item[] {
  const items: Item[] = [];
  for (const compiled of policy.statements) {
    const statement = policy.document.statements[compiled.index];
    if (candidate && !compiled.deny && input.skipCandidate?.(statement)) continue;
    // Resource-based policies: a statement without Principal applies to no one.
    if (input.policyType === 'resource' && !compiled.principal && !compiled.notPrincipal) continue;
    const actionElement = statement.action ?? statement.notAction!;
    const actionTexts = actionElement.values.map((value) => value.value);
    const dims = new Set<string>();
    if (compiled.resources || compiled.notResources) dims.add(RESOURCE);
    if (compiled.principal || compiled.notPrincipal) dims.add(PRINCIPAL);
    const keyTests = new Map<string, KeyTest[]>();
    const variables = new Set<string>();
    for (const entry of statement.condition?.operators ?? []) {
      for (const keyEntry of entry.keys) {
        const lower = keyEntry.key.toLowerCase();
        dims.add(lower);
        if (policy.variables) {
          for (const value of keyEntry.values) {
            const source = comparedVariable(entry.operator, lower, value.value, input);
            if (source === undefined) continue;
            variables.add(source.lower);
            dims.add(source.lower);
          }
        }
        const list = keyTests.get(lower) ?? [];
        list.push({ operator: entry.operator, values: keyEntry.values.filter((v) => v.jsonType !== 'null').map((v) => v.value) });
        keyTests.set(lower, list);
      }
    }
    items.push({
      id: -1,
      candidate,
      deny: compiled.deny,
      compiled,
      statement,
      actionGlobs: actionTexts.map((text) => compileGlob(text, true)),
      actionTexts,
      notAction: !statement.action,
      dims,
      keyTests,
      variables,
      last: -1,
    });
  }
  return items;
}

/**
 * The key V of a condition value that is exactly the policy variable `${V}` under StringEquals or StringNotEquals
 * (IfExists allowed), when the tested key and V are single-valued and differ: the test then says only whether the
 * request's two values are equal, and the search splits V as a key of its own, before the tested key (see
 * `representatives`). Undefined for anything else (a variable inside text, with a default, under another operator):
 * such values still end the search of their branch with an UNKNOWN.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: "When the policy is evaluated,
 * the policy variables are replaced with values that come from the conditional context keys passed in the request."
 */
function comparedVariable(operator: string, tested: string, value: string, input: SearchInput): { key: string; lower: string } | undefined {
  const match = /^\$\{([A-Za-z0-9_.:/-]+)\}$/.exec(value);
  if (!match) return undefined;
  const op = parseConditionOperator(operator);
  if (!op || op.family !== 'String' || op.like || op.ignoreCase || op.setQualifier) return undefined;
  const lower = match[1].toLowerCase();
  if (lower === tested) return undefined;
  const multivalued = (key: string) => input.catalog.findConditionKey(key)?.multiValued === true;
  if (multivalued(lower) || multivalued(tested)) return undefined;
  return { key: match[1], lower };
}

function dimensionOrder(items: Item[], input: SearchInput): string[] {
  items.forEach((item, index) => ((item as { id: number }).id = index));
  const keys = new Set<string>();
  for (const item of items) for (const dim of item.dims) if (dim !== RESOURCE && dim !== PRINCIPAL) keys.add(dim);
  // A key whose value a test compares with as a variable is split first: the tested key's split then includes its value.
  const sources = new Set(items.flatMap((item) => [...item.variables]));
  const sorted = [...keys].sort((a, b) => Number(sources.has(b)) - Number(sources.has(a)) || (a < b ? -1 : a > b ? 1 : 0));
  return [RESOURCE, PRINCIPAL, ...sorted].filter((dim) => dim !== PRINCIPAL || input.policyType === 'resource' || items.some((item) => item.dims.has(PRINCIPAL)));
}

interface ActionClass {
  /** The representative action of the witness. */
  action: string;
  actions: string[];
  future: boolean;
  members: Set<number>;
}

/**
 * An item's action globs by literal service prefix (those with a wildcard in the prefix under ''), and whether one of
 * them is "*", which matches every action of every service; built once per item.
 */
interface GlobIndex {
  readonly byService: Map<string, Glob[]>;
  readonly matchesAll: boolean;
}

const globIndexes = new WeakMap<Item, GlobIndex>();

function globIndexOf(item: Item): GlobIndex {
  let index = globIndexes.get(item);
  if (!index) {
    const byService = new Map<string, Glob[]>();
    item.actionTexts.forEach((text, i) => {
      const head = serviceHead(text) ?? '';
      const list = byService.get(head) ?? [];
      list.push(item.actionGlobs[i]);
      byService.set(head, list);
    });
    index = { byService, matchesAll: item.actionTexts.some((text) => /^\*+$/.test(text)) };
    globIndexes.set(item, index);
  }
  return index;
}

/**
 * How each item (by position) decides whether it matches the actions of one service: the globs that can meet the
 * service, or the answer itself when it is the same for every action of the service: when no glob can meet the service
 * (true for NotAction), or when one is "*".
 */
type ServicePlan = readonly (boolean | readonly Glob[])[];

function servicePlan(items: readonly Item[], service: string): ServicePlan {
  return items.map((item) => {
    const { byService, matchesAll } = globIndexOf(item);
    if (matchesAll) return !item.notAction;
    const globs = [...(byService.get(service) ?? []), ...(byService.get('') ?? [])];
    return globs.length === 0 ? item.notAction : globs;
  });
}

/**
 * Actions grouped by the statements they match. Catalog actions are matched one by one (each pattern scans only its
 * service when the service prefix is literal); string mode adds, per service, one action the catalog does not have
 * for every combination of patterns such an action can meet. A wildcard service prefix or NotAction means a scan of
 * the whole catalog: the statements whose patterns cannot meet a service answer once for all of its actions, so
 * each action costs a glob match only for the statements that name its service or none.
 */
function actionClasses(items: Item[], input: SearchInput): ActionClass[] {
  const filter = input.actions?.map((text) => compileGlob(text, true));
  const byKey = new Map<string, ActionClass>();
  const plans = new Map<string, ServicePlan>();
  const planOf = (service: string): ServicePlan => {
    let plan = plans.get(service);
    if (!plan) plans.set(service, (plan = servicePlan(items, service)));
    return plan;
  };
  // `names` all have the members `plan` gives for `lower`, the first of them lower-cased (the globs read that case).
  const add = (names: readonly string[], lower: string, plan: ServicePlan, future: boolean) => {
    const members: number[] = [];
    let allowed = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const step = plan[i];
      if (typeof step === 'boolean' ? !step : step.some((glob) => matchGlob(glob, lower, true)) === item.notAction) continue;
      members.push(item.id);
      if (item.candidate && !item.deny) allowed = true;
    }
    if (!allowed) return;
    const key = members.join(',');
    const existing = byKey.get(key);
    if (existing) {
      if (!future) existing.actions.push(...names);
      return;
    }
    byKey.set(key, { action: names[0], actions: [...names], future, members: new Set(members) });
  };
  const addOne = (name: string, future: boolean) => {
    const lower = name.toLowerCase();
    if (filter && !filter.some((glob) => matchGlob(glob, lower, true))) return;
    add([name], lower, planOf(lower.slice(0, Math.max(0, lower.indexOf(':')))), future);
  };
  const allowedServices = servicesToScan(items, input);
  for (const service of input.catalog.services()) {
    if (allowedServices && !allowedServices.has(service.prefix)) continue;
    const plan = planOf(service.prefix);
    // Every statement answers alike for all of the service's actions (none of its globs can meet the service, or one
    // is "*"): they fall in one class, found once.
    if (!filter && service.actions.length > 0 && plan.every((step) => typeof step === 'boolean')) {
      add(
        service.actions.map((action) => action.fullName),
        service.actions[0].fullName.toLowerCase(),
        plan,
        false,
      );
    } else for (const action of service.actions) addOne(action.fullName, false);
  }
  if (input.mode === 'string') {
    for (const name of futureActions(items, input)) addOne(name, true);
    // A name written out that the catalog lacks (`--action s3:GetObjectFuture`, an action added since): the patterns'
    // representatives hold a character no pattern uses, so they never stand for it; it is tried as itself.
    for (const name of literalActionsOutsideCatalog(items, input)) addOne(name, true);
  }
  return [...byKey.values()];
}

/** The action names without wildcards, of the statements and of `input.actions`, that are no catalog action. */
function literalActionsOutsideCatalog(items: Item[], input: SearchInput): string[] {
  const texts = [...items.flatMap((item) => item.actionTexts), ...(input.actions ?? [])];
  const names = new Map<string, string>();
  for (const text of texts) {
    if (/[*?]/.test(text) || serviceHead(text) === undefined || input.catalog.findAction(text) !== undefined) continue;
    if (!names.has(text.toLowerCase())) names.set(text.toLowerCase(), text);
  }
  return [...names.values()];
}

/** Services whose actions a candidate Allow can reach; undefined for all (a wildcard or NotAction). */
function servicesToScan(items: Item[], input: SearchInput): Set<string> | undefined {
  const services = new Set<string>();
  const texts = input.actions ?? items.filter((item) => item.candidate && !item.deny).flatMap((item) => (item.notAction ? ['*'] : item.actionTexts));
  for (const text of texts) {
    const head = serviceHead(text);
    if (head === undefined) return undefined;
    services.add(head);
  }
  return services;
}

/** The literal service prefix of an action pattern, lower case; undefined when the prefix has a wildcard. */
function serviceHead(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const head = text.slice(0, colon);
  return /[*?]/.test(head) ? undefined : head.toLowerCase();
}

/**
 * String mode: actions outside the catalog. For each literal service prefix, the patterns of that service and the
 * patterns whose prefix has a wildcard cut the service's unknown names into regions; one more group stands for
 * services no pattern names. Each representative holds a character no pattern uses, so it is no catalog name
 * (checked against the catalog too).
 */
function futureActions(items: Item[], input: SearchInput): string[] {
  const texts = [...new Set([...items.flatMap((item) => item.actionTexts), ...(input.actions ?? [])].map((text) => text.toLowerCase()))];
  const wild = texts.filter((text) => serviceHead(text) === undefined);
  const heads = [...new Set(texts.map(serviceHead).filter((head): head is string => head !== undefined))];
  const names: string[] = [];
  const all = texts.map((text) => wildcardPattern(text, true));
  const fresh = freshCharacter(all);
  for (const head of heads) {
    // One group per statement (a statement matches when any of its values does), then the service itself.
    // A name without wildcards never matches a name holding the fresh character: only patterns can.
    const patterns: TokenPattern[] = [];
    const groups: number[] = [];
    let group = 0;
    for (const list of [...items.map((item) => item.actionTexts), ...(input.actions ? [input.actions] : [])]) {
      const own = list.map((text) => text.toLowerCase()).filter((text) => /[*?]/.test(text) && (serviceHead(text) === head || serviceHead(text) === undefined));
      if (own.length === 0) continue;
      for (const text of own) {
        patterns.push(wildcardPattern(text, true));
        groups.push(group);
      }
      group++;
    }
    patterns.push(wildcardPattern(`${head}:*`, true));
    groups.push(group);
    for (const region of findRegions(patterns, { groups, require: [group], needFresh: true })) names.push(region.text);
  }
  // Services no pattern names: a service whose name starts with a character no pattern uses equals no literal
  // prefix. Patterns with a literal character before their first wildcard could still name part of such services'
  // space only through that character, which the fresh one never is, so only wildcard-first patterns matter.
  const patterns: TokenPattern[] = wild.map((text) => wildcardPattern(text, true));
  const code = fresh.charCodeAt(0);
  patterns.push({ tokens: [code, STAR, 58, STAR], ignoreCase: true });
  for (const region of findRegions(patterns, { require: [patterns.length - 1] })) names.push(region.text);
  const known = (name: string) => input.catalog.findAction(name) !== undefined;
  if (names.some(known)) throw new UnknownRegionError('a representative of the actions outside the catalog is a catalog action');
  return names;
}

class Search {
  private readonly cache = new Map<string, unknown[]>();
  private readonly lookup = new ContextLookup();
  private leaves = 0;
  private work = 0;
  private nextClock = 0;
  /** The dimension split into the most regions so far, and the statements that split it: named when the budget runs out. */
  private widest: { dim: string; count: number; items: Item[] } | undefined;
  private readonly candidateSet;
  private readonly referenceSet;

  constructor(
    private readonly input: SearchInput,
    private readonly order: readonly string[],
    private readonly namedAccounts: ReadonlySet<string>,
  ) {
    // The policies are compiled once, by the caller, with the kind the check compares.
    const wrap = (policy: CompiledPolicy) => compilePolicies(input.policyType === 'identity' ? { identity: [policy.document] } : { resource: policy.document }, () => policy);
    this.candidateSet = wrap(input.candidate);
    this.referenceSet = input.reference ? wrap(input.reference) : undefined;
  }

  /**
   * A witness for the action among `items`, or undefined when none exists. Among witnesses, one whose resource is of a
   * type the action takes (typedResource): the search goes on past a first witness on another resource, within
   * TYPED_SEARCH_WORK, and keeps that first one (with a note) when it finds none.
   */
  find(action: string, items: Item[], actions: readonly string[] = [action]): { witness: Witness; resourceNote?: string; onlyUnsent?: true } | undefined {
    let first: { assignment: Map<string, unknown>; note: string } | undefined;
    let typed: Map<string, unknown> | undefined;
    let typedAction = action;
    let complete = true;
    // Every action of the class matches the same statements, so any of them makes the same witness: the first that
    // takes a resource the witness can name (a class of s3:ListBucket and s3:ListMultipartUploadParts allowed on
    // object ARNs only is shown with the second). A few dozen are tried; most classes settle on the first.
    const tried = [action, ...actions.filter((other) => other !== action).slice(0, TYPED_ACTIONS - 1)];
    this.accept = (assignment) => {
      let found: { resource?: string; note?: string } = {};
      for (const candidate of tried) {
        const one = this.typedResource(candidate, items, assignment.get(RESOURCE) as string | undefined);
        if (candidate === action) found = one;
        if (one.resource !== undefined) {
          found = one;
          typedAction = candidate;
          break;
        }
      }
      if (found.resource !== undefined) {
        typed = assignment;
        if (found.resource !== '') assignment.set(RESOURCE, found.resource);
        return true;
      }
      if (!first) {
        first = { assignment, note: found.note! };
        this.typedLimit = this.work + TYPED_SEARCH_WORK;
      }
      return false;
    };
    this.unsettled = undefined;
    try {
      this.descend(0, items, new Map(), action);
      if (!typed && !first && this.unsettled) throw this.unsettled;
    } catch (error) {
      // Past the first witness, a limit ends only the look for a better one.
      if (!first || !(error instanceof TypedSearchStop || error instanceof BudgetError || error instanceof RegionLimitError)) throw error;
      complete = false;
    } finally {
      this.accept = undefined;
      this.typedLimit = undefined;
    }
    // A branch left unsplit may hold a witness on a resource of the right type: then "none" is not claimed.
    if (this.unsettled) complete = false;
    const chosen = typed ?? first?.assignment;
    if (!chosen) return undefined;
    const witness = this.callerNamed(this.witnessOf(typed ? typedAction : action, chosen));
    this.recheck(witness);
    if (typed || !first) return { witness };
    const others = tried.length === 2 ? ` (nor of one that ${tried[1]} takes)` : tried.length > 2 ? ` (nor of one that the ${tried.length - 1} other actions tried take)` : '';
    const note = first.note.replace(/: IAM matches/, `${others}: IAM matches`);
    if (!complete) return { witness, resourceNote: `${note.replace(/; no request on .*$/, '')}; the search for a request on a resource of the right type stopped at its work limit.` };
    return tried.length === new Set(actions).size ? { witness, resourceNote: note, onlyUnsent: true } : { witness, resourceNote: note };
  }

  /** The first branch of the current class the search could not split (its error), if any. */
  private unsettled: Error | undefined;
  /** Set by `find`: whether a witness the descent reached will do (else the descent goes on). */
  private accept: ((assignment: Map<string, unknown>) => boolean) | undefined;
  /** The work past which the look for a typed witness stops. */
  private typedLimit: number | undefined;
  private readonly typedCache = new Map<string, { resource?: string; note?: string }>();

  /**
   * A resource of a type the action takes (its catalog ARN formats, filled with `aws`, us-east-1 and the witness's
   * account where the policies leave those free, and the shortest text elsewhere; only `*` for an action that takes
   * no resource type) that every Resource and NotResource value in play matches or misses exactly as `current` does,
   * so the request keeps its decision in both policies. `''`: keep `current` (an action outside the catalog). None:
   * `note` says why. Found with the same region walk as the representatives, so "none" is exact.
   */
  private typedResource(action: string, items: Item[], current: string | undefined): { resource?: string; note?: string } {
    const known = this.input.catalog.findAction(action);
    if (!known) return { resource: '' };
    const holders = items.filter((item) => item.dims.has(RESOURCE));
    const lists = holders.map((item) => (item.statement.resource ?? item.statement.notResource)!.values.map((value) => value.value));
    if (this.input.resources) lists.push([...this.input.resources]);
    const bits = current === undefined ? [] : lists.map((list) => list.some((pattern) => matchesResource(pattern, current)));
    const types = [...known.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required) || variablesIn(a.resourceType.arns[0] ?? '') - variablesIn(b.resourceType.arns[0] ?? ''));
    const formats = types.length > 0 ? types.flatMap((use) => use.resourceType.arns.map((arn) => ({ arn, service: use.resourceType.service }))) : [{ arn: '*', service: '' }];
    const key = `${formats.map((format) => format.arn).join(' ')}|${JSON.stringify(lists)}|${bits.map(Number).join('')}`;
    const cached = this.typedCache.get(key);
    if (cached) return cached;
    let result: { resource?: string; note?: string } | undefined;
    const patterns: TokenPattern[] = [];
    const groups: number[] = [];
    lists.forEach((list, group) => {
      for (const text of list) {
        patterns.push({ tokens: resourcePatternTokens(text), ignoreCase: false });
        groups.push(group);
      }
    });
    const require = bits.flatMap((bit, group) => (bit ? [group] : []));
    const forbid = bits.flatMap((bit, group) => (bit ? [] : [group]));
    const place = `${JSON.stringify(lists)}|${bits.map(Number).join('')}`;
    for (const { arn, service } of formats) {
      // One format's answer serves every action that takes it (the actions of a class often share their types).
      const formatKey = `${arn}|${place}`;
      let found = this.formatCache.get(formatKey);
      if (found === undefined) {
        found = this.resourceOfFormat(arn, service, patterns, groups, lists.length, require, forbid);
        this.formatCache.set(formatKey, found);
      }
      if (found !== null) {
        result = { resource: found };
        break;
      }
    }
    if (!result) {
      const what = types.length > 0 ? `of no resource type ${action} takes (${[...new Set(types.map((use) => use.resourceType.name))].join(', ')})` : `not "*", the only resource ${action} takes`;
      result = {
        note: `The witness's resource ${current ?? '*'} is ${what}: IAM matches resources as strings, so the policy allows the request, but AWS does not send it; no request on ${types.length > 0 ? 'a resource of those types' : '"*"'} is new access.`,
      };
    }
    this.typedCache.set(key, result);
    return result;
  }

  private readonly formatCache = new Map<string, string | null>();

  /**
   * The shortest resource of one ARN format with the given membership (`require`d groups matched, `forbid`den ones
   * not), or null. The format with every variable free is tried first: when even it has none, no filling has.
   */
  private resourceOfFormat(arn: string, service: string, patterns: TokenPattern[], groups: number[], count: number, require: number[], forbid: number[]): string | null {
    // A variable another format of the service extends with `/…` (a bucket's name, extended by the object's key)
    // holds no `/`: the text after it would make the resource one of the other type.
    const siblings = service ? (this.input.catalog.findService(service)?.resourceTypes.flatMap((type) => type.arns) ?? []) : [];
    const extended = extensionPatterns(arn, siblings);
    const extra = extended.map((tokens) => ({ tokens, ignoreCase: false }));
    const extraGroups = extended.map((_, i) => count + 1 + i);
    const walk = (tokens: number[]): string | undefined => {
      try {
        const regions = findRegions([...patterns, { tokens, ignoreCase: false }, ...extra], {
          groups: [...groups, count, ...extraGroups],
          require: [...require, count],
          forbid: [...forbid, ...extraGroups],
          maxStates: 2_000,
        });
        return regions[0]?.text;
      } catch (error) {
        if (!(error instanceof RegionLimitError)) throw error;
        return undefined;
      }
    };
    const variants = formatTokens(arn, this.witnessAccount());
    const loosest = walk(variants[variants.length - 1]);
    if (loosest === undefined) return null;
    for (const tokens of variants.slice(0, -1)) {
      const text = walk(tokens);
      if (text !== undefined) return text;
    }
    return loosest;
  }

  /** The account of the witness's resources: the identity principal's, or the first account the policies name. */
  private witnessAccount(): string {
    return this.input.policyType === 'identity' ? IDENTITY_PRINCIPAL.split(':')[4] : ([...this.namedAccounts][0] ?? '111122223333');
  }

  /** Counts `units` of work; throws BudgetError past the budget or the deadline. */
  private spend(action: string, units: number, splitting?: string): void {
    this.work += units;
    const max = this.input.maxWork ?? DEFAULT_MAX_WORK;
    let late = false;
    // The clock is read every 4,096 units only, so the cap costs nothing measurable.
    if (this.input.deadline !== undefined && this.work >= this.nextClock) {
      this.nextClock = this.work + 4096;
      late = Date.now() > this.input.deadline;
    }
    if (this.typedLimit !== undefined && this.work > this.typedLimit) throw new TypedSearchStop();
    if (this.work <= max && !late) return;
    const what = late ? 'the time limit ran out' : `the search passed its budget of ${max.toLocaleString('en-US')} steps`;
    const where = splitting !== undefined ? `the split of ${dimName(splitting, this.input)} alone (its patterns cut it into too many pieces)` : this.widestText();
    throw new BudgetError(`Not settled: ${what} while checking ${action}; ${where}.`);
  }

  private widestText(): string {
    const widest = this.widest;
    if (!widest) return 'it had not split anything yet';
    const where = (candidate: boolean) => {
      const numbers = [...new Set(widest.items.filter((item) => item.candidate === candidate).map((item) => item.compiled.index + 1))];
      if (numbers.length === 0) return undefined;
      const side = candidate ? (this.input.reference ? 'the new policy' : 'the policy') : 'the old policy';
      return `statement${numbers.length === 1 ? '' : 's'} ${numbers.slice(0, 5).join(', ')}${numbers.length > 5 ? ', …' : ''} of ${side}`;
    };
    const name = dimName(widest.dim, this.input);
    return `the widest split cuts ${name} into ${widest.count.toLocaleString('en-US')} region${widest.count === 1 ? '' : 's'} (${[where(true), where(false)].filter(Boolean).join(' and ')})`;
  }

  private descend(depth: number, items: Item[], assignment: Map<string, unknown>, action: string): Map<string, unknown> | undefined {
    if (!items.some((item) => item.candidate && !item.deny)) return undefined;
    if (items.some((item) => item.candidate && item.deny && item.last < depth)) return undefined;
    const referenceDenies = items.some((item) => !item.candidate && item.deny);
    if (!referenceDenies && items.some((item) => !item.candidate && !item.deny && item.last < depth)) return undefined;
    if (depth === this.order.length) {
      if (++this.leaves > (this.input.maxLeaves ?? 200_000)) throw new RegionLimitError(`more than ${this.input.maxLeaves ?? 200_000} requests to try`);
      const candidateAllows = items.some((item) => item.candidate && !item.deny) && !items.some((item) => item.candidate && item.deny);
      const referenceAllows = items.some((item) => !item.candidate && !item.deny) && !referenceDenies;
      if (!candidateAllows || referenceAllows) return undefined;
      const found = new Map(assignment);
      return !this.accept || this.accept(found) ? found : undefined;
    }
    const dim = this.order[depth];
    const relevant = items.filter((item) => item.dims.has(dim));
    const forced = (dim === RESOURCE && this.input.resources !== undefined) || (dim === PRINCIPAL && this.input.outsider !== undefined);
    if (relevant.length === 0 && !forced) return this.descend(depth + 1, items, assignment, action);
    const seen = new Set<string>();
    let values: unknown[];
    try {
      values = this.representatives(dim, relevant, items, action, assignment);
    } catch (error) {
      // A split this check cannot make (a policy variable, a multivalued key with too many regions) settles only this
      // branch: another branch may still hold a witness, which decides the class (FAIL). Without one, `find` answers
      // UNKNOWN with the first such reason.
      if (!(error instanceof UnknownRegionError || error instanceof RegionLimitError)) throw error;
      this.unsettled ??= error;
      return undefined;
    }
    if (!this.widest || values.length > this.widest.count) this.widest = { dim, count: values.length, items: relevant };
    // Values that keep the same statements are alike, unless a later test compares this key's value with another's.
    const source = items.some((item) => item.variables.has(dim));
    for (const value of values) {
      this.spend(action, relevant.length);
      const kept = items.filter((item) => !item.dims.has(dim) || this.member(item, dim, value, assignment));
      const key = kept.map((item) => item.id).join(',');
      if (!source && seen.has(key)) continue;
      seen.add(key);
      assignment.set(dim, value);
      const found = this.descend(depth + 1, kept, assignment, action);
      if (found) return found;
      assignment.delete(dim);
    }
    return undefined;
  }

  /**
   * A condition key's tests with each whole-value variable `${V}` written as V's value in the assignment (left out when
   * the request has no V: the test then reads an unresolved variable, as the evaluator decides); for a key other
   * tests compare with as a variable, those tests too, read as tests of this key's value (`StringEquals K ${V}` holds
   * for K's value k exactly when V's value is k, so V's split must tell apart every region K's tests cut). With V split
   * before K at those constants, every value of V outside them is like any other (nothing tells them apart), and the
   * split of K at its constants and V's value covers the rest: exact, no assumption on the value.
   */
  private testsOf(dim: string, relevant: Item[], items: Item[], assignment: Map<string, unknown>): KeyTest[] {
    const substitute = (test: KeyTest): KeyTest => {
      if (!test.values.some((value) => value.includes('${'))) return test;
      const values: string[] = [];
      for (const value of test.values) {
        const variable = /^\$\{([A-Za-z0-9_.:/-]+)\}$/.exec(value)?.[1]?.toLowerCase();
        if (variable === undefined || !assignment.has(variable)) {
          values.push(value);
          continue;
        }
        const known = assignment.get(variable);
        if (known !== null && known !== undefined) values.push(String(known));
      }
      return { operator: test.operator, values };
    };
    const tests = relevant.flatMap((item) => item.keyTests.get(dim) ?? []).map(substitute);
    for (const item of items) {
      if (!item.variables.has(dim)) continue;
      for (const [key, list] of item.keyTests) {
        if (key === dim || !list.some((test) => test.values.some((value) => value.toLowerCase() === `\${${dim}}`))) continue;
        for (const other of items) for (const test of other.keyTests.get(key) ?? []) tests.push({ operator: test.operator, values: test.values.filter((value) => !value.includes('${')) });
      }
    }
    return tests;
  }

  private representatives(dim: string, relevant: Item[], items: Item[], action: string, assignment: Map<string, unknown>): unknown[] {
    if (dim !== RESOURCE && dim !== PRINCIPAL) return this.conditionValues(dim, this.testsOf(dim, relevant, items, assignment), action);
    // Every candidate Allow in play names its resources with Resource (not NotResource): the split may stay inside them.
    const allows = items.filter((item) => item.candidate && !item.deny);
    const allowLists =
      dim === RESOURCE && allows.every((item) => item.dims.has(RESOURCE) && item.statement.resource) ? allows.map((item) => item.statement.resource!.values.map((value) => value.value)) : undefined;
    const cacheKey = dim + '|' + relevant.map((item) => item.id).join(',') + (allowLists ? '|' + allows.map((item) => item.id).join(',') : '');
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    // A new split walks the regions of its patterns (up to 20,000 states): a moment worth reading the clock for.
    this.nextClock = 0;
    this.spend(action, 0);
    const limits = { onWork: (units: number) => this.spend(action, units, dim) };
    let values: unknown[];
    if (dim === RESOURCE) {
      const lists = relevant.map((item) => (item.statement.resource ?? item.statement.notResource)!.values.map((value) => value.value));
      const filter = this.input.resources;
      const keyOfList = (list: readonly string[]) => JSON.stringify([...new Set(list)].sort());
      const unique = new Map([...lists, ...(filter ? [filter] : [])].map((list) => [keyOfList(list), [...new Set(list)]]));
      const groups = [...unique.values()];
      let all: string[];
      if (allowLists) {
        // Only resources some candidate Allow matches can be witnesses: walk the regions inside each such
        // statement's Resource alone (a small product) rather than every region of every statement in play.
        const texts = new Set<string>();
        const indexes = new Set(allowLists.map((list) => [...unique.keys()].indexOf(keyOfList(list))));
        for (const index of indexes) for (const text of resourceRepresentatives(groups, limits, [index])) texts.add(text);
        all = [...texts];
      } else {
        all = resourceRepresentatives(groups, limits);
      }
      values = filter ? all.filter((text) => filter.some((pattern) => matchesResource(pattern, text))) : all;
    } else if (dim === PRINCIPAL) {
      const elements = relevant.map((item) => (item.statement.principal ?? item.statement.notPrincipal) as PrincipalElement);
      const all = principalRepresentatives(elements, this.namedAccounts);
      values = this.input.outsider
        ? all.filter((p) => p === undefined || accountsIn(p).every((account) => !this.namedAccounts.has(account))).filter((p) => p === undefined || p.startsWith('arn:'))
        : all;
    } else {
      throw new Error(`unexpected dimension ${dim}`);
    }
    this.cache.set(cacheKey, values);
    return values;
  }

  /** Representatives of a condition key for its tests (variables already written as values), cached by the tests. */
  private conditionValues(dim: string, tests: KeyTest[], action: string): unknown[] {
    const cacheKey = `${dim}|${JSON.stringify(tests)}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    this.nextClock = 0;
    this.spend(action, 0);
    const limits = { onWork: (units: number) => this.spend(action, units, dim) };
    let values: unknown[] = conditionRepresentatives(dim, tests, limits, this.input.catalog.findConditionKey(keyName(dim, this.input))?.multiValued === true);
    if (this.input.outsider?.isCallerKey(dim)) values = values.filter((value) => this.outsiderValue(dim, value as ContextValue, tests));
    this.cache.set(cacheKey, values);
    return values;
  }

  /** An outsider's value names no account of the policies, and no address of a narrow range they name. */
  private outsiderValue(key: string, value: ContextValue, tests: readonly KeyTest[]): boolean {
    if (value === null) return true;
    const values = Array.isArray(value) ? value : [value];
    const constants = tests.flatMap((test) => test.values);
    for (const one of values) {
      const text = String(one);
      if (accountsIn(text).some((account) => this.namedAccounts.has(account))) return false;
      if (key === 'aws:sourceip') {
        const narrow = tests
          .filter((test) => /^(ForAnyValue:|ForAllValues:)?(Not)?IpAddress/i.test(test.operator))
          .flatMap((test) => test.values)
          .filter((range) => this.input.outsider!.isNarrowIpRange(range));
        if (narrow.some((range) => ipInside(text, range))) return false;
      } else if (constants.includes(text)) return false;
    }
    return true;
  }

  private member(item: Item, dim: string, value: unknown, assignment: Map<string, unknown>): boolean {
    const compiled = item.compiled;
    this.lookup.reset(undefined);
    if (dim === RESOURCE) {
      const resource = value as string;
      if (compiled.resources) return compiled.resources.some((pattern) => matchResourcePattern(pattern, resource, this.lookup) === MATCH);
      return !compiled.notResources!.some((pattern) => matchResourcePattern(pattern, resource, this.lookup) === MATCH);
    }
    if (dim === PRINCIPAL) {
      const info = readPrincipal(value as string | undefined);
      if (compiled.principal) return principalGrant(compiled.principal, info, this.lookup) !== GRANT_NONE;
      return !notPrincipalExcludes(compiled.notPrincipal!, info, this.lookup, compiled.deny);
    }
    // The values of the keys its tests name as variables, so the evaluator's own test resolves them.
    const context: Record<string, ContextValue> = {};
    for (const variable of item.variables) {
      const known = assignment.get(variable);
      if (variable !== dim && known !== null && known !== undefined) context[variable] = known as ContextValue;
    }
    if (value !== null) context[dim] = value as ContextValue;
    this.lookup.reset(context);
    for (const test of compiled.conditions) if (test.lowerKey === dim && evaluateTest(test, this.lookup) !== TEST_PASSED) return false;
    return true;
  }

  private witnessOf(action: string, assignment: Map<string, unknown>): Witness {
    const context: Record<string, ContextValue> = {};
    for (const [dim, value] of assignment) if (dim !== RESOURCE && dim !== PRINCIPAL && value !== null) context[keyName(dim, this.input)] = value as ContextValue;
    const resource = (assignment.get(RESOURCE) as string | undefined) ?? DEFAULT_RESOURCE;
    const principal = assignment.has(PRINCIPAL)
      ? (assignment.get(PRINCIPAL) as string | undefined)
      : this.input.policyType === 'identity'
        ? identityPrincipalFor(resource)
        : `arn:aws:iam::${[...this.namedAccounts][0] ?? '111122223333'}:root`;
    return {
      action,
      resource,
      ...(principal !== undefined ? { principal } : {}),
      context,
    };
  }

  /**
   * An anonymous witness whose context names the caller (`aws:PrincipalArn`, which an anonymous request never
   * carries) made by that caller instead, when the two policies decide it alike: a request AWS can receive.
   */
  private callerNamed(witness: Witness): Witness {
    if (witness.principal !== undefined) return witness;
    const named = Object.entries(witness.context).find(([key]) => key.toLowerCase() === 'aws:principalarn')?.[1];
    if (typeof named !== 'string' || !named.startsWith('arn:')) return witness;
    const byCaller = { ...witness, principal: named };
    return this.verdicts(byCaller).ok ? byCaller : witness;
  }

  /** Both policies' verdicts on the witness, through `evaluate`: the candidate must allow it, the reference must not. */
  private verdicts(witness: Witness): { candidate: string; reference: string; ok: boolean } {
    const request: EvaluationRequest = {
      action: witness.action,
      resource: witness.resource,
      ...(witness.principal !== undefined ? { principal: witness.principal } : {}),
      context: witness.context as RequestContext,
    };
    const candidate = verdictOf(evaluate(request, this.candidateSet));
    const reference = this.referenceSet ? verdictOf(evaluate(request, this.referenceSet)) : 'NoMatch';
    return { candidate, reference, ok: candidate === 'Allow' && reference !== 'Allow' };
  }

  /** Both policies, through `evaluate`: the candidate must allow the witness, the reference must not. */
  private recheck(witness: Witness): void {
    const { candidate, reference, ok } = this.verdicts(witness);
    if (!ok) {
      throw new WitnessError(
        `The request found for ${witness.action} on ${witness.resource} did not re-check with the evaluator (new: ${candidate}, old: ${reference}); this is a bug in the check, please report it.`,
      );
    }
  }
}

function verdictOf(result: ReturnType<typeof evaluate>): string {
  if (result.errors) return 'error';
  return result.explanation?.policies[0]?.verdict ?? 'error';
}

function dimName(dim: string, input: SearchInput): string {
  return dim === RESOURCE ? 'the Resource' : dim === PRINCIPAL ? 'the Principal' : `the condition key ${keyName(dim, input)}`;
}

/** The key as the policies spell it, for the witness. */
function keyName(lower: string, input: SearchInput): string {
  for (const policy of [input.candidate, input.reference]) {
    for (const statement of policy?.document.statements ?? []) {
      for (const entry of statement.condition?.operators ?? []) for (const key of entry.keys) if (key.key.toLowerCase() === lower) return key.key;
    }
  }
  // A key named only as a variable (`${aws:PrincipalAccount}`): as the variable spells it.
  for (const policy of [input.candidate, input.reference]) {
    for (const statement of policy?.document.statements ?? []) {
      for (const entry of statement.condition?.operators ?? []) {
        for (const key of entry.keys) for (const value of key.values) if (value.value.toLowerCase() === `\${${lower}}`) return value.value.slice(2, -1);
      }
    }
  }
  return lower;
}

function matchesResource(pattern: string, text: string): boolean {
  const lookup = new ContextLookup();
  return matchResourcePattern({ text: pattern, glob: compileResourceGlob(pattern) }, text, lookup) === MATCH;
}

function compileResourceGlob(pattern: string): Glob {
  return resourceGlobs.get(pattern) ?? resourceGlobs.set(pattern, compileGlobForResource(pattern)).get(pattern)!;
}

const resourceGlobs = new Map<string, Glob>();

function compileGlobForResource(pattern: string): Glob {
  return compileResourcePattern(pattern, false).glob!;
}

function ipInside(address: string, range: string): boolean {
  const parsed = parseIpRange(range);
  const ip = parseIpRange(address);
  if (!parsed || !ip || parsed.version !== ip.version) return false;
  return ipInRange(ip, parsed);
}

/** Every value a statement matches requests with, joined: for the account IDs it names. */
function valuesText(statement: Statement): string {
  const parts: string[] = [];
  for (const list of [statement.resource, statement.notResource]) list?.values.forEach((value) => parts.push(value.value));
  for (const principal of [statement.principal, statement.notPrincipal]) {
    if (principal?.wildcard) parts.push(principal.wildcard.value);
    principal?.entries.forEach((entry) => entry.values.forEach((value) => parts.push(value.value)));
  }
  statement.condition?.operators.forEach((operator) => operator.keys.forEach((key) => key.values.forEach((value) => parts.push(value.value))));
  return parts.join(' ');
}

/** How many `${…}` variables an ARN format holds. */
function variablesIn(format: string): number {
  return (format.match(/\$\{/g) ?? []).length;
}

/**
 * Token patterns of an ARN format, most readable first: `${Partition}`, `${Region}` and `${Account}` as `aws`,
 * `us-east-1` and `account`, then with each of them free in turn (a Resource value may pin another region), every
 * other variable as one or more characters other than a colon. `*` (an action that takes no resource type) is the
 * literal resource `*`.
 */
function formatTokens(format: string, account: string): number[][] {
  if (format === '*') return [[42]];
  const fixed: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: account };
  const present = Object.keys(fixed).filter((name) => format.includes(`\${${name}}`));
  const variants: number[][] = [];
  // Subsets of the fixed variables set free, the fewest first.
  const subsets = Array.from({ length: 1 << present.length }, (_, mask) => mask).sort((a, b) => bitCount(a) - bitCount(b) || a - b);
  for (const mask of subsets) {
    const free = new Set(present.filter((_, i) => mask & (1 << i)));
    const tokens: number[] = [];
    let at = 0;
    for (const match of format.matchAll(/\$\{([^}]+)\}/g)) {
      for (let i = at; i < match.index; i++) tokens.push(format.charCodeAt(i));
      const name = match[1];
      if (fixed[name] !== undefined && !free.has(name)) for (const char of fixed[name]) tokens.push(char.charCodeAt(0));
      else tokens.push(SEGMENT_ONE, SEGMENT_STAR);
      at = match.index + match[0].length;
    }
    for (let i = at; i < format.length; i++) tokens.push(format.charCodeAt(i));
    variants.push(tokens);
  }
  return variants;
}

/**
 * Resources of the format's shape that are not of its type, to be avoided: for each variable of `format` that
 * another format of the same service continues with `/` (`${BucketName}` in
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`), the format up to that variable, then `/` and anything (such
 * a `/` makes the resource one of the other type); and the format ending in `/`.
 */
function extensionPatterns(format: string, siblings: readonly string[]): number[][] {
  // A name that ends the ARN and ends in `/` is a path with no name (`role/app/`): not the resource a request names.
  const result: number[][] = /\}$/.test(format) ? [[...formatTokens(format, '').at(-1)!, 47]] : [];
  for (const match of format.matchAll(/\$\{[^}]+\}/g)) {
    const prefix = format.slice(0, match.index + match[0].length);
    if (!siblings.some((other) => other !== format && other.startsWith(`${prefix}/`))) continue;
    const tokens = formatTokens(prefix, '').at(-1)!;
    result.push([...tokens, 47, STAR]);
  }
  return result;
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m > 0; m >>= 1) n += m & 1;
  return n;
}
