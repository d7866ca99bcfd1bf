import { escalationMethods } from '../risk/escalation-methods';
import { AccountEvaluator, type ConditionNeed, type GrantingStatement, type PrincipalDecision } from './account-evaluator';
import { documentOf, statementListOf, type AccountGroup, type AccountPolicy, type AccountPrincipal, type AccountRole, type AccountUser } from './model';
import { groupsOf, resolveManagedPolicy } from './principal-policies';

// Privilege escalation in an account, in the manner of the published research (Rhino Security Labs' list of IAM
// escalation methods, PMapper's graph of principals): a principal reaches administrator-equivalent access when it
// can change its own policies, or become (by credentials, role assumption or a passed role) a principal that is
// administrator-equivalent or can change its own policies. Every step is decided by the evaluator.

/** The ways a step can go. */
export type EscalationMethodId =
  | 'put-own-policy'
  | 'attach-own-policy'
  | 'create-policy-version'
  | 'change-group-policy'
  | 'add-to-admin-group'
  | 'create-access-key'
  | 'login-profile'
  | 'assume-role'
  | 'update-trust-policy'
  | 'pass-role'
  | 'set-default-policy-version'
  | 'remove-permissions-boundary';

export interface EscalationStep {
  /** Who acts. */
  from: string;
  /** Who it becomes, or `administrator` for a step that makes `from` administrator-equivalent itself. */
  to: string;
  method: EscalationMethodId;
  /** What it does, in words. */
  description: string;
  /** The requests the step needs, each with the statements that allow it. */
  requests: { action: string; resource: string; via: GrantingStatement[]; conditions?: ConditionNeed[] }[];
}

/** A principal that can reach administrator-equivalent access, and how (the shortest path found). */
export interface Escalation {
  principal: string;
  /** The method of the only step, or `chain` for several steps. */
  method: EscalationMethodId | 'chain';
  path: EscalationStep[];
  /** Present when some step depends on context keys not given (the conditions are on the steps). */
  conditional?: true;
  /**
   * Set for a path from outside: `principal` is another account's root or one of its principals, which a role's
   * trust policy admits, and this is that account. Across accounts the other account's own policies must allow
   * sts:AssumeRole too, which no file here shows: its administrators can always grant it.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
   */
  fromAccount?: string;
}

export interface EscalationResult {
  /** Principals already administrator-equivalent. */
  administrators: string[];
  escalations: Escalation[];
}

/**
 * Administrator-equivalent means allowed, unconditionally and on every resource ("*"), each of these actions,
 * which span identity, compute, storage, keys and secrets. A principal allowed `iam:*` but not the rest is not
 * counted here; it shows up as an escalation (it can attach AdministratorAccess to itself).
 */
export const ADMIN_PROBES = [
  'iam:CreateUser',
  'iam:PutUserPolicy',
  'iam:AttachRolePolicy',
  'iam:PassRole',
  'sts:AssumeRole',
  'ec2:RunInstances',
  'lambda:CreateFunction',
  's3:GetObject',
  's3:DeleteBucket',
  'dynamodb:DeleteTable',
  'kms:Decrypt',
  'secretsmanager:GetSecretValue',
];

type Step = EscalationStep;

/** Finds every principal that can reach administrator-equivalent access, with the shortest path. */
export function findEscalations(evaluator: AccountEvaluator): EscalationResult {
  withVia = false;
  try {
    return searchEscalations(evaluator);
  } finally {
    withVia = false;
  }
}

function searchEscalations(evaluator: AccountEvaluator): EscalationResult {
  const { account } = evaluator;
  const principals: AccountPrincipal[] = [...account.users.values(), ...account.roles.values()];
  const administrators = new Set(principals.filter((p) => isAdministrator(evaluator, p)).map((p) => p.arn));
  const adminGroups = new Set([...account.groups.values()].filter((g) => isAdministrator(evaluator, groupMember(g))).map((g) => g.arn));

  // Paths to administrator, found backwards from the principals that are, or can make themselves, administrators.
  const paths = new Map<string, Step[]>();
  let frontier: AccountPrincipal[] = [];
  for (const principal of principals) {
    if (administrators.has(principal.arn)) {
      paths.set(principal.arn, []);
      frontier.push(principal);
      continue;
    }
    const step = selfEscalation(evaluator, principal, adminGroups);
    if (step) {
      paths.set(principal.arn, [step]);
      frontier.push(principal);
    }
  }
  const abilities = new Map(principals.map((p) => [p.arn, abilitiesOf(evaluator, p)]));
  const graph: Graph = { evaluator, principals, byArn: new Map(principals.map((p) => [p.arn, p])), paths, abilities, adminGroups, assumers: new Map(), steps: new Map() };
  // Paths through principals that become administrators once another principal removes their permissions boundary
  // can open paths for more principals, and those for more: spread and look again until nothing new is found.
  do {
    spread(graph, frontier);
    frontier = boundaryRemovals(graph);
  } while (frontier.length > 0);
  // The search asked without the granting statements; ask again, with them, for the steps of the paths found.
  withVia = true;
  const described = new Map<Step, Step>();
  const describe = (step: Step): Step => {
    let full = described.get(step);
    if (!full) {
      const from = principals.find((p) => p.arn === step.from)!;
      full = {
        ...step,
        requests: step.requests.map((r) => {
          const how = asked.get(r);
          return ask(evaluator, from, r.action, r.resource, how?.context, how?.options) ?? r;
        }),
      };
      described.set(step, full);
    }
    return full;
  };
  const escalations: Escalation[] = [];
  for (const principal of principals) {
    const found = paths.get(principal.arn);
    if (!found || found.length === 0 || isServiceLinkedRole(principal.arn)) continue;
    const path = found.map(describe);
    const conditional = path.some((step) => step.requests.some((r) => r.conditions));
    escalations.push({ principal: principal.arn, method: path.length === 1 ? path[0].method : 'chain', path, ...(conditional ? { conditional: true as const } : {}) });
  }
  // From outside: another account's principals that a role's trust policy admits, when the role is, or can become,
  // administrator-equivalent. The trust policy decides the role's side; the other account's side is its own.
  for (const role of account.roles.values()) {
    const rest = paths.get(role.arn);
    if (rest === undefined) continue;
    for (const outsider of outsidersOf(role, account.accountIds)) {
      const asked = ask(evaluator, outsider.principal, 'sts:AssumeRole', role.arn, undefined, undefined, OUTSIDE_ALLOWS);
      if (!asked) continue;
      const assume = { ...asked, via: asked.via.filter((v) => v.policy !== OUTSIDE_ALLOWS.key) };
      const who = outsider.principal.endsWith(':root') ? `account ${outsider.account}` : outsider.principal;
      const first: Step = {
        from: outsider.principal,
        to: role.arn,
        method: 'assume-role',
        description: `a principal of account ${outsider.account} assumes ${role.arn}, whose trust policy admits ${who}`,
        requests: [assume],
      };
      const path = [first, ...rest.map(describe)];
      const conditional = path.some((step) => step.requests.some((r) => r.conditions));
      escalations.push({
        principal: outsider.principal,
        method: path.length === 1 ? 'assume-role' : 'chain',
        path,
        ...(conditional ? { conditional: true as const } : {}),
        fromAccount: outsider.account,
      });
    }
  }
  return { administrators: [...administrators], escalations };
}

/**
 * A service-linked role (`role/aws-service-role/…`) is its service's: only the service assumes it and AWS writes its
 * policies, so no path that starts from it is the account's to narrow or cap
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
 */
function isServiceLinkedRole(arn: string): boolean {
  return /:role\/aws-service-role\//.test(arn);
}

/** The state of the search: the paths found so far, and what each principal's policies allow at all. */
interface Graph {
  evaluator: AccountEvaluator;
  principals: AccountPrincipal[];
  byArn: Map<string, AccountPrincipal>;
  paths: Map<string, Step[]>;
  abilities: Map<string, Abilities>;
  adminGroups: Set<string>;
  /** Per role, the principals its trust policy may admit (AccountEvaluator.assumeCandidates), by ARN. */
  assumers: Map<string, Set<string>>;
  /** The principals that may create other users' credentials, and those that may rewrite trust policies or pass roles. */
  movers?: { credentials: AccountPrincipal[]; roles: AccountPrincipal[] };
  /** Steps asked while searching chains (chainsTo), by target and then by who takes them; null for none. */
  steps: Map<string, Map<string, Step | null>>;
}

function assumersOf(graph: Graph, target: AccountPrincipal): Set<string> | undefined {
  if (target.kind !== 'role') return undefined;
  let set = graph.assumers.get(target.arn);
  if (!set) graph.assumers.set(target.arn, (set = new Set(graph.evaluator.assumeCandidates(target).map((p) => p.arn))));
  return set;
}

/** Extends the paths backwards from `frontier`, one step a round (so each path found is a shortest one), until no principal is new. */
function spread(graph: Graph, frontier: AccountPrincipal[]): void {
  const { evaluator, principals, paths, abilities } = graph;
  while (frontier.length > 0) {
    const next: AccountPrincipal[] = [];
    for (const principal of principals) {
      if (paths.has(principal.arn)) continue;
      const can = abilities.get(principal.arn)!;
      for (const target of frontier) {
        const step = stepTo(evaluator, principal, target, can, assumersOf(graph, target));
        if (!step) continue;
        paths.set(principal.arn, [step, ...paths.get(target.arn)!]);
        next.push(principal);
        break;
      }
    }
    frontier = next;
  }
}

/** A permissions boundary change one principal may make on another: the request, and the boundary after it (null: none). */
interface BoundaryChange {
  request: Step['requests'][number];
  boundary: AccountPolicy | null;
  how: string;
}

/**
 * Principals that reach administrator-equivalent access through another user's or role's permissions boundary: they
 * remove it (iam:Delete{User,Role}PermissionsBoundary, whose resource is the user or role) or replace it with a
 * looser one (iam:Put{User,Role}PermissionsBoundary, with iam:PermissionsBoundary naming the new boundary's ARN),
 * and then become that user or role (assume it, pass it to a service, create its credentials, or a chain of these),
 * which without the boundary is administrator-equivalent or has a path of its own. The boundary of the principal
 * removing it still applies to the removal and to every step it takes.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * Returns the principals given a path, for the search to spread from.
 */
function boundaryRemovals(graph: Graph): AccountPrincipal[] {
  const { evaluator, principals, paths, abilities } = graph;
  const found: AccountPrincipal[] = [];
  // Who may change boundaries at all (what its identity-based policies allow), of users and of roles.
  // A principal that can take no step to anyone (it may not assume roles, pass them or create credentials, and no
  // trust policy names it) cannot become the principal whose boundary it removes. A trust policy with a wildcard or
  // NotPrincipal may admit anyone (assumeCandidates), so then every principal may move.
  const named = new Set<string>();
  let open = false;
  for (const role of graph.evaluator.account.roles.values()) {
    const text = role.trust?.text ?? '';
    if (text.includes('*') || text.includes('NotPrincipal')) open = true;
    for (const value of text.match(/arn:[^"]+/g) ?? []) named.add(value);
  }
  const moves = (p: AccountPrincipal) => {
    const can = abilities.get(p.arn)!;
    return open || can.accessKey || can.loginProfile || can.assumeRole || can.updateTrust || can.passRole || named.has(p.arn);
  };
  const able = {
    user: principals.filter((p) => !paths.has(p.arn) && abilities.get(p.arn)!.boundaries.user && moves(p)),
    role: principals.filter((p) => !paths.has(p.arn) && abilities.get(p.arn)!.boundaries.role && moves(p)),
  };
  if (able.user.length + able.role.length === 0) return found;
  for (const target of principals) {
    if (!target.boundary || paths.has(target.arn)) continue;
    const removers = able[target.kind].filter((p) => p !== target && !paths.has(p.arn));
    const changes: [AccountPrincipal, BoundaryChange][] = [];
    for (const remover of removers) {
      const change = boundaryChangeBy(evaluator, remover, target);
      if (change) changes.push([remover, change]);
    }
    if (changes.length === 0) continue;
    // The target's path once its boundary is gone or replaced, by the boundary after the change.
    const after = new Map<string, Step[] | undefined>();
    const pathAfter = (boundary: AccountPolicy | null) => {
      const key = boundary?.key ?? '';
      if (!after.has(key)) after.set(key, pathWithBoundary(graph, target, boundary));
      return after.get(key);
    };
    const useful = changes.filter(([, change]) => pathAfter(change.boundary) !== undefined);
    if (useful.length === 0) continue;
    const chains = chainsTo(graph, target, new Set(useful.map(([remover]) => remover.arn)));
    for (const [remover, change] of useful) {
      const chain = chains.get(remover.arn);
      if (!chain || paths.has(remover.arn)) continue;
      const rest = pathAfter(change.boundary)!;
      const what = rest.length === 0 ? `which is all that kept it from administrator-equivalent access` : `which kept it from the steps that follow`;
      const step: Step = { from: remover.arn, to: target.arn, method: 'remove-permissions-boundary', description: `${change.how}, ${what}; then becomes it`, requests: [change.request] };
      paths.set(remover.arn, [step, ...chain, ...rest]);
      found.push(remover);
    }
  }
  return found;
}

/** The first boundary change `remover` may make on `target`: removing the boundary, else replacing it with a looser one. */
function boundaryChangeBy(evaluator: AccountEvaluator, remover: AccountPrincipal, target: AccountPrincipal): BoundaryChange | undefined {
  const kind = target.kind === 'user' ? 'User' : 'Role';
  const removal = ask(evaluator, remover, `iam:Delete${kind}PermissionsBoundary`, target.arn);
  if (removal) return { request: removal, boundary: null, how: `removes the permissions boundary of ${target.arn}` };
  const put = `iam:Put${kind}PermissionsBoundary`;
  if (!evaluator.policiesOf(remover).identity.some((policy) => evaluator.allowsAction(policy, put.toLowerCase()))) return undefined;
  for (const { arn, boundary } of looserBoundaries(evaluator, target)) {
    const request = ask(evaluator, remover, put, target.arn, { 'iam:PermissionsBoundary': arn });
    if (request) return { request, boundary, how: `replaces the permissions boundary of ${target.arn} with ${arn}` };
  }
  return undefined;
}

/**
 * The path to administrator-equivalent access of a principal with another permissions boundary (null: none): none
 * needed, a change of its own policies, or a step to a principal that has a path; undefined when there is none.
 */
function pathWithBoundary(graph: Graph, principal: AccountPrincipal, boundary: AccountPolicy | null): Step[] | undefined {
  const { evaluator, paths, abilities, adminGroups } = graph;
  const options: AskOptions = { boundary };
  if (isAdministrator(evaluator, principal, options)) return [];
  const own = selfEscalation(evaluator, principal, adminGroups, options);
  if (own) return [own];
  const can = abilities.get(principal.arn)!;
  for (const [arn, path] of paths) {
    const target = graph.byArn.get(arn);
    if (!target || target === principal) continue;
    const step = stepTo(evaluator, principal, target, can, assumersOf(graph, target), options);
    if (step) return [step, ...path];
  }
  return undefined;
}

/**
 * How principals become `target`: the shortest chain of steps (assume, pass, credentials) from each, searched
 * backwards from the target until every principal in `wanted` is reached or nobody new is. Each round asks only the
 * principals that could take a step to a principal of the frontier at all (its trust policy's candidates, and those
 * whose policies allow creating credentials, rewriting trust policies or passing roles), not every principal.
 */
function chainsTo(graph: Graph, target: AccountPrincipal, wanted: Set<string>): Map<string, Step[]> {
  const { evaluator, abilities } = graph;
  const chains = new Map<string, Step[]>([[target.arn, []]]);
  let missing = wanted.size;
  let frontier = [target];
  while (frontier.length > 0 && missing > 0) {
    const next: AccountPrincipal[] = [];
    for (const hop of frontier) {
      let asked = graph.steps.get(hop.arn);
      if (!asked) graph.steps.set(hop.arn, (asked = new Map()));
      for (const principal of movers(graph, hop)) {
        if (chains.has(principal.arn)) continue;
        let step = asked.get(principal.arn);
        if (step === undefined) asked.set(principal.arn, (step = stepTo(evaluator, principal, hop, abilities.get(principal.arn)!, assumersOf(graph, hop)) ?? null));
        if (!step) continue;
        chains.set(principal.arn, [step, ...chains.get(hop.arn)!]);
        next.push(principal);
        if (wanted.has(principal.arn)) missing--;
      }
    }
    frontier = next;
  }
  return chains;
}

/** The principals that could take a step to `target` (stepTo) at all, from what their identity-based policies allow. */
function movers(graph: Graph, target: AccountPrincipal): Iterable<AccountPrincipal> {
  const { principals, abilities } = graph;
  const by = (graph.movers ??= {
    credentials: principals.filter((p) => abilities.get(p.arn)!.accessKey || abilities.get(p.arn)!.loginProfile),
    roles: principals.filter((p) => abilities.get(p.arn)!.updateTrust || abilities.get(p.arn)!.passRole),
  });
  if (target.kind === 'user') return by.credentials;
  const roles = by.roles;
  const candidates = graph.evaluator.assumeCandidates(target);
  if (roles.length === 0) return candidates;
  const among = new Set(candidates);
  return [...candidates, ...roles.filter((p) => !among.has(p))];
}

/**
 * The principals of other accounts that a role's trust policy names in an Allow statement (an account ID, its root,
 * or a user or role ARN), as literal values: a wildcard or a value known only at deploy names no account.
 */
function outsidersOf(role: AccountRole, own: ReadonlySet<string>): { principal: string; account: string }[] {
  let document: unknown = role.trust?.value;
  try {
    if (role.trust && document === undefined) document = JSON.parse(role.trust.text);
  } catch {
    return [];
  }
  const partition = partitionOf(role.arn);
  const found = new Map<string, string>();
  const raw = (document as { Statement?: unknown } | undefined)?.Statement;
  for (const statement of (Array.isArray(raw) ? raw : raw ? [raw] : []) as (Record<string, unknown> | null)[]) {
    if (!statement || statement.Effect !== 'Allow' || typeof statement.Principal !== 'object' || statement.Principal === null) continue;
    const aws = (statement.Principal as Record<string, unknown>).AWS;
    for (const value of typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws : []) {
      if (typeof value !== 'string') continue;
      const id = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):(root|user\/[^*?]+|role\/[^*?]+)$/.exec(value)?.[1];
      if (id === undefined || own.has(id)) continue;
      found.set(/^\d{12}$/.test(value) ? `arn:${partition}:iam::${id}:root` : value, id);
    }
  }
  return [...found].map(([principal, account]) => ({ principal, account }));
}

/** Whether the principal is allowed every ADMIN_PROBES action on "*", with no condition left open. */
export function isAdministrator(evaluator: AccountEvaluator, principal: AccountPrincipal, options?: AskOptions): boolean {
  return ADMIN_PROBES.every((action) => evaluator.decide(principal, action, '*', { ...options, via: false }).decision === 'Allowed');
}

/**
 * A principal as it would be after a step that changes what applies to it: a policy version in place of the default
 * one (`replaced`), or another permissions boundary (`boundary`; null for none).
 */
interface AskOptions {
  replaced?: { key: string; by: AccountPolicy };
  boundary?: AccountPolicy | null;
  /** Its own inline policies written over (iam:Put{User,Role}Policy with their names), their Deny statements gone. */
  ownInlineReplaced?: boolean;
}

/** A policy that allows everything: what a principal that can change its own policies would give itself. */
const ALLOW_EVERYTHING: AccountPolicy = {
  key: '#escalation/allow-everything',
  name: 'a policy allowing everything',
  kind: 'inline',
  text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  source: { file: '(escalation analysis)' },
};

/**
 * Whether the principal would be administrator-equivalent with a policy allowing everything added to its own: its
 * permissions boundary, its other policies' Deny statements and the SCPs still apply, so changing its own policies
 * only makes it an administrator when none of them stands in the way.
 */
function capsAllowAdministrator(evaluator: AccountEvaluator, principal: AccountPrincipal, options?: AskOptions): boolean {
  return ADMIN_PROBES.every((action) => evaluator.decide(principal, action, '*', { ...options, addedIdentity: ALLOW_EVERYTHING, via: false }).decision === 'Allowed');
}

/**
 * The other account's side of a cross-account sts:AssumeRole: its own policies, which no file here shows; its
 * administrators can always allow it, so the role's trust policy is what decides.
 */
const OUTSIDE_ALLOWS: AccountPolicy = {
  key: '#escalation/outside-account',
  name: "the other account's own policies",
  kind: 'inline',
  text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}',
  source: { file: '(escalation analysis)' },
};

/** A user with nothing but the group's policies, to ask what membership gives. */
function groupMember(group: AccountGroup): AccountUser {
  return {
    kind: 'user',
    name: `member-of-${group.name}`,
    arn: `${group.arn.slice(0, group.arn.indexOf(':group/'))}:user/member-of-group/${group.name}`,
    inline: [],
    attached: [],
    groups: [group.name],
    tags: {},
    source: group.source,
  };
}

function allowedOrConditional(decision: PrincipalDecision): boolean {
  return decision.decision === 'Allowed' || decision.decision === 'Conditional';
}

/** The context each request of a step was asked with (iam:PolicyARN, iam:PassedToService) and its options, to ask it again. */
const asked = new WeakMap<object, { context?: Record<string, string | null>; options?: AskOptions }>();

function request(action: string, resource: string, decision: PrincipalDecision): Step['requests'][number] {
  return { action, resource, via: decision.via, ...(decision.conditions ? { conditions: decision.conditions } : {}) };
}

/** Whether the search asks for the granting statements (only once a path is found, to describe it). */
let withVia = false;

/** One request, or undefined when it is denied. */
function ask(
  evaluator: AccountEvaluator,
  principal: AccountPrincipal | string,
  action: string,
  resource: string,
  context?: Record<string, string | null>,
  options?: AskOptions,
  addedIdentity?: AccountPolicy,
): Step['requests'][number] | undefined {
  const decision = evaluator.decide(principal, action, resource, { ...options, ...(context ? { context } : {}), ...(addedIdentity ? { addedIdentity } : {}), via: withVia });
  if (!allowedOrConditional(decision)) return undefined;
  const result = request(action, resource, decision);
  if (context || options) asked.set(result, { ...(context ? { context } : {}), ...(options ? { options } : {}) });
  return result;
}

/** What a principal's identity-based policies allow at all, among the actions of the methods: a cheap first cut. */
interface Abilities {
  accessKey: boolean;
  loginProfile: boolean;
  assumeRole: boolean;
  updateTrust: boolean;
  passRole: boolean;
  /** Whether it may remove or replace the permissions boundary of users, of roles. */
  boundaries: { user: boolean; role: boolean };
}

function abilitiesOf(evaluator: AccountEvaluator, principal: AccountPrincipal): Abilities {
  const identity = evaluator.policiesOf(principal).identity;
  const can = (action: string) => identity.some((policy) => evaluator.allowsAction(policy, action));
  return {
    accessKey: can('iam:createaccesskey'),
    loginProfile: can('iam:createloginprofile') || can('iam:updateloginprofile'),
    assumeRole: can('sts:assumerole'),
    updateTrust: can('iam:updateassumerolepolicy'),
    passRole: can('iam:passrole'),
    boundaries: {
      user: can('iam:deleteuserpermissionsboundary') || can('iam:putuserpermissionsboundary'),
      role: can('iam:deleterolepermissionsboundary') || can('iam:putrolepermissionsboundary'),
    },
  };
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

/** A step that makes the principal administrator-equivalent by changing its own permissions. */
function selfEscalation(evaluator: AccountEvaluator, principal: AccountPrincipal, adminGroups: Set<string>, options?: AskOptions): Step | undefined {
  const step = ownPolicyChange(evaluator, principal, adminGroups, options);
  if (step && capsAllowAdministrator(evaluator, principal, options)) return step;
  // Writing an inline policy under the name of one it has replaces that one: a Deny kept in its own inline policies
  // goes with it (iam:PutRolePolicy "adds or updates an inline policy document"), so only Denies elsewhere stand.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
  if (step?.method === 'put-own-policy' && principal.inline.some(writesDeny) && capsAllowAdministrator(evaluator, principal, { ...options, ownInlineReplaced: true }))
    return { ...step, description: `writes over its own inline policies, and the Deny statements in them, with one granting everything` };
  // With its boundary already removed or replaced (options.boundary), there is no boundary of its own left to change.
  return defaultVersionChange(evaluator, principal, adminGroups, options) ?? (options?.boundary === undefined ? boundaryChange(evaluator, principal, adminGroups) : undefined);
}

/**
 * Whether a policy writes a Deny statement, one the principal may write over when the policy is its own. Not one that
 * only values known at deploy may make (a statement the module's caller gives, its effect unknown): that one is no
 * Deny the author wrote, and writing over it would turn every module that takes statements into a finding.
 */
function writesDeny(policy: AccountPolicy): boolean {
  let writes = denyWriters.get(policy);
  if (writes === undefined) {
    writes = false;
    if (/"Effect"\s*:\s*"Deny"/.test(policy.text)) {
      const statements = statementListOf(documentOf(policy));
      writes = statements.some((item) => {
        const statement = item as { Effect?: unknown; Condition?: unknown };
        // A value known only at deploy waits as `StringLike deploy-time:…` (deploy-time.ts); a choice of whether the
        // statement is made at all as `StringEquals deploy-time:… = true`, which leaves it a Deny the author wrote.
        const like = (statement.Condition as Record<string, unknown> | undefined)?.StringLike;
        return statement.Effect === 'Deny' && !/"deploy-time:/.test(JSON.stringify(like ?? {}));
      });
    }
    denyWriters.set(policy, writes);
  }
  return writes;
}

const denyWriters = new WeakMap<AccountPolicy, boolean>();

/** The customer managed policies a principal holds, itself or through its groups. */
function heldPolicies(evaluator: AccountEvaluator, principal: AccountPrincipal): string[] {
  const held = new Set([...principal.attached, ...groupsOf(evaluator.account, principal).flatMap((g) => g.attached)]);
  return [...held].filter((arn) => evaluator.account.policies.has(arn) && !/^arn:[^:]+:iam::aws:policy\//.test(arn));
}

/**
 * iam:SetDefaultPolicyVersion on a customer managed policy the principal holds: a version that is not the default
 * becomes the one in force for everyone holding the policy, without writing anything new. A step when that version
 * makes the principal administrator-equivalent, or lets it change its own policies to become so.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
 */
function defaultVersionChange(evaluator: AccountEvaluator, principal: AccountPrincipal, adminGroups: Set<string>, given?: AskOptions): Step | undefined {
  for (const arn of heldPolicies(evaluator, principal)) {
    const entry = evaluator.account.policies.get(arn)!;
    if (!entry.versions?.length) continue;
    const set = ask(evaluator, principal, 'iam:SetDefaultPolicyVersion', arn, undefined, given);
    if (!set) continue;
    for (const version of entry.versions) {
      const options: AskOptions = { ...given, replaced: { key: entry.policy.key, by: version } };
      const what = `makes version ${version.versionId ?? '?'} of ${arn}, which it holds, the default`;
      const step = (description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: 'administrator', method: 'set-default-policy-version', description, requests });
      if (isAdministrator(evaluator, principal, options)) return step(`${what}: that version grants administrator-equivalent access`, [set]);
      const change = ownPolicyChange(evaluator, principal, adminGroups, options);
      if (change && capsAllowAdministrator(evaluator, principal, options)) return step(`${what}, then ${change.description}`, [set, ...change.requests]);
    }
  }
  return undefined;
}

/**
 * Removing the principal's own permissions boundary (iam:Delete{User,Role}PermissionsBoundary), or replacing it
 * with one that allows everything (iam:Put{User,Role}PermissionsBoundary, whose iam:PermissionsBoundary key names
 * the new boundary's ARN): a step when the boundary is what stands between the principal and administrator-equivalent
 * access, directly or through a change of its own policies that the boundary stopped.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
 */
function boundaryChange(evaluator: AccountEvaluator, principal: AccountPrincipal, adminGroups: Set<string>): Step | undefined {
  if (!principal.boundary) return undefined;
  const kind = principal.kind === 'user' ? 'User' : 'Role';
  const step = (description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: 'administrator', method: 'remove-permissions-boundary', description, requests });
  const attempts: { request: Step['requests'][number] | undefined; boundary: AccountPolicy | null; how: string }[] = [];
  attempts.push({ request: ask(evaluator, principal, `iam:Delete${kind}PermissionsBoundary`, principal.arn), boundary: null, how: 'removes its permissions boundary' });
  const put = `iam:Put${kind}PermissionsBoundary`;
  if (evaluator.policiesOf(principal).identity.some((policy) => evaluator.allowsAction(policy, put.toLowerCase()))) {
    for (const { arn, boundary, admin } of looserBoundaries(evaluator, principal)) {
      attempts.push({ request: ask(evaluator, principal, put, principal.arn, { 'iam:PermissionsBoundary': arn }), boundary, how: `replaces its permissions boundary with ${arn}` });
      if (admin && attempts[attempts.length - 1].request) break;
    }
  }
  for (const { request: change, boundary, how } of attempts) {
    if (!change) continue;
    const options: AskOptions = { boundary };
    if (isAdministrator(evaluator, principal, options)) return step(`${how}, which is all that kept it from administrator-equivalent access`, [change]);
    const own = ownPolicyChange(evaluator, principal, adminGroups, options);
    if (own && capsAllowAdministrator(evaluator, principal, options)) return step(`${how}, then ${own.description}`, [change, ...own.requests]);
  }
  return undefined;
}

/**
 * The managed policies that could replace a principal's permissions boundary and let it be administrator-equivalent:
 * AdministratorAccess, which allows what no boundary allows, then the account's own managed policies that could (a
 * boundary must allow every ADMIN_PROBES action for the principal to become an administrator).
 */
function looserBoundaries(evaluator: AccountEvaluator, principal: AccountPrincipal): { arn: string; boundary: AccountPolicy; admin: boolean }[] {
  const admin = `arn:${partitionOf(principal.arn)}:iam::aws:policy/AdministratorAccess`;
  const broad = (arn: string) => {
    const policy = evaluator.account.policies.get(arn)?.policy;
    return policy !== undefined && ADMIN_PROBES.every((action) => evaluator.allowsAction(policy, action.toLowerCase()));
  };
  const candidates = [admin, ...[...evaluator.account.policies.keys()].filter(broad)].filter((arn) => arn !== principal.boundary);
  return candidates.flatMap((arn) => {
    const boundary = resolveManagedPolicy(evaluator.account, arn);
    return boundary ? [{ arn, boundary, admin: arn === admin }] : [];
  });
}

/**
 * The `iam:PermissionsBoundary` key of a request that changes the principal's own policies: the boundary the principal
 * has (the one the step supposes, when it replaced it), absent when it has none. A policy that lets roles change only
 * with a given boundary (AWS's pattern for delegating role management) then does not let a role without it change
 * itself. No key when the boundary is known only at deploy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
 */
function boundaryContext(evaluator: AccountEvaluator, principal: AccountPrincipal, options: AskOptions | undefined): Record<string, string | null> | undefined {
  // A request with a context is not memoised: give the key only where a policy of the principal reads it.
  if (!evaluator.policiesOf(principal).identity.some(readsBoundaryKey)) return undefined;
  const boundary = options?.boundary !== undefined ? (options.boundary?.key ?? undefined) : principal.boundary;
  if (boundary === undefined) return { 'iam:PermissionsBoundary': null };
  return /:policy\/deploy-time-boundary\//.test(boundary) || boundary.startsWith('#') ? undefined : { 'iam:PermissionsBoundary': boundary };
}

/** Whether a policy's text names the iam:PermissionsBoundary key, read once per policy. */
function readsBoundaryKey(policy: AccountPolicy): boolean {
  let reads = boundaryKeyReaders.get(policy);
  if (reads === undefined) boundaryKeyReaders.set(policy, (reads = /iam:PermissionsBoundary/i.test(policy.text)));
  return reads;
}

const boundaryKeyReaders = new WeakMap<AccountPolicy, boolean>();

function ownPolicyChange(evaluator: AccountEvaluator, principal: AccountPrincipal, adminGroups: Set<string>, options?: AskOptions): Step | undefined {
  const admin = `arn:${partitionOf(principal.arn)}:iam::aws:policy/AdministratorAccess`;
  const step = (method: EscalationMethodId, description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: 'administrator', method, description, requests });
  const user = principal.kind === 'user';
  // Writing an inline policy, or attaching AdministratorAccess (the iam:PolicyARN key says which policy).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
  const ownBoundary = boundaryContext(evaluator, principal, options);
  const put = ask(evaluator, principal, user ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy', principal.arn, ownBoundary, options);
  if (put) return step('put-own-policy', `writes an inline policy granting everything into its own ${principal.kind}`, [put]);
  const attach = ask(evaluator, principal, user ? 'iam:AttachUserPolicy' : 'iam:AttachRolePolicy', principal.arn, { 'iam:PolicyARN': admin, ...ownBoundary }, options);
  if (attach) return step('attach-own-policy', `attaches ${admin} to its own ${principal.kind}`, [attach]);
  // A new default version of a customer managed policy it holds: "iam:CreatePolicyVersion ... --set-as-default".
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
  const groups = groupsOf(evaluator.account, principal);
  const held = new Set([...principal.attached, ...groups.flatMap((g) => g.attached)]);
  for (const arn of held) {
    if (!evaluator.account.policies.has(arn) || /^arn:[^:]+:iam::aws:policy\//.test(arn)) continue;
    const version = ask(evaluator, principal, 'iam:CreatePolicyVersion', arn, undefined, options);
    if (version) return step('create-policy-version', `creates a new default version of ${arn}, which it holds, granting everything`, [version]);
  }
  for (const group of groups) {
    const change = ask(evaluator, principal, 'iam:PutGroupPolicy', group.arn, undefined, options) ?? ask(evaluator, principal, 'iam:AttachGroupPolicy', group.arn, { 'iam:PolicyARN': admin }, options);
    if (change) return step('change-group-policy', `changes the policies of its group ${group.name} to grant everything`, [change]);
  }
  if (user) {
    for (const arn of adminGroups) {
      if (groups.some((g) => g.arn === arn)) continue;
      const add = ask(evaluator, principal, 'iam:AddUserToGroup', arn, undefined, options);
      if (add) return step('add-to-admin-group', `adds itself to the administrator-equivalent group ${arn}`, [add]);
    }
  }
  return undefined;
}

const passRoleMethods = escalationMethods
  .filter((method) => method.passedTo !== undefined)
  .map((method) => ({ service: method.passedTo!, description: method.description, actions: method.actions.filter((action) => action !== 'iam:PassRole') }));

/** A step by which `principal` becomes `target`. */
function stepTo(evaluator: AccountEvaluator, principal: AccountPrincipal, target: AccountPrincipal, can: Abilities, assumers: Set<string> | undefined, options?: AskOptions): Step | undefined {
  if (principal.arn === target.arn) return undefined;
  const step = (method: EscalationMethodId, description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: target.arn, method, description, requests });
  if (target.kind === 'user') {
    // Credentials of another user: an access key, or a console password.
    const key = can.accessKey ? ask(evaluator, principal, 'iam:CreateAccessKey', target.arn, undefined, options) : undefined;
    if (key) return step('create-access-key', `creates an access key for ${target.arn} and signs requests as that user`, [key]);
    const login = can.loginProfile
      ? (ask(evaluator, principal, 'iam:CreateLoginProfile', target.arn, undefined, options) ?? ask(evaluator, principal, 'iam:UpdateLoginProfile', target.arn, undefined, options))
      : undefined;
    if (login) return step('login-profile', `sets the console password of ${target.arn} and signs in as that user`, [login]);
    return undefined;
  }
  const role = target as AccountRole;
  // sts:AssumeRole, with the trust policy as the role's resource-based policy.
  const assume = assumers?.has(principal.arn) ? ask(evaluator, principal, 'sts:AssumeRole', role.arn, undefined, options) : undefined;
  if (assume) return step('assume-role', `assumes ${role.arn}, whose trust policy admits it`, [assume]);
  // Rewriting the trust policy to name itself: in the same account a trust policy naming the principal suffices.
  const update = can.updateTrust ? ask(evaluator, principal, 'iam:UpdateAssumeRolePolicy', role.arn, undefined, options) : undefined;
  if (update) return step('update-trust-policy', `rewrites the trust policy of ${role.arn} to trust itself, then assumes it`, [update]);
  // Passing the role to a compute service whose service principal the role trusts, and starting that compute.
  if (!can.passRole) return undefined;
  for (const method of passRoleMethods) {
    if (!allowedOrConditional(evaluator.decide(method.service, 'sts:AssumeRole', role.arn, { via: false }))) continue;
    const pass = ask(evaluator, principal, 'iam:PassRole', role.arn, { 'iam:PassedToService': method.service }, options);
    if (!pass) continue;
    const others = method.actions.map((action) => ask(evaluator, principal, action, '*', undefined, options));
    if (others.some((r) => r === undefined)) continue;
    return step('pass-role', `${method.description.replace('a more privileged role', role.arn)} (passes it to ${method.service})`, [pass, ...(others as Step['requests'])]);
  }
  return undefined;
}
