import { escalationMethods } from '../risk/escalation-methods';
import { AccountEvaluator, type ConditionNeed, type GrantingStatement, type PrincipalDecision } from './account-evaluator';
import type { AccountGroup, AccountPolicy, AccountPrincipal, AccountRole, AccountUser } from './model';
import { groupsOf } from './principal-policies';

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
  | 'pass-role';

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
  while (frontier.length > 0) {
    const next: AccountPrincipal[] = [];
    for (const principal of principals) {
      if (paths.has(principal.arn)) continue;
      for (const target of frontier) {
        const step = stepTo(evaluator, principal, target);
        if (!step) continue;
        paths.set(principal.arn, [step, ...paths.get(target.arn)!]);
        next.push(principal);
        break;
      }
    }
    frontier = next;
  }
  const escalations: Escalation[] = [];
  for (const principal of principals) {
    const path = paths.get(principal.arn);
    if (!path || path.length === 0) continue;
    const conditional = path.some((step) => step.requests.some((r) => r.conditions));
    escalations.push({ principal: principal.arn, method: path.length === 1 ? path[0].method : 'chain', path, ...(conditional ? { conditional: true as const } : {}) });
  }
  return { administrators: [...administrators], escalations };
}

/** Whether the principal is allowed every ADMIN_PROBES action on "*", with no condition left open. */
export function isAdministrator(evaluator: AccountEvaluator, principal: AccountPrincipal): boolean {
  return ADMIN_PROBES.every((action) => evaluator.decide(principal, action, '*').decision === 'Allowed');
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
function capsAllowAdministrator(evaluator: AccountEvaluator, principal: AccountPrincipal): boolean {
  return ADMIN_PROBES.every((action) => evaluator.decide(principal, action, '*', { addedIdentity: ALLOW_EVERYTHING }).decision === 'Allowed');
}

/** A user with nothing but the group's policies, to ask what membership gives. */
function groupMember(group: AccountGroup): AccountUser {
  return { kind: 'user', name: `member-of-${group.name}`, arn: `${group.arn.slice(0, group.arn.indexOf(':group/'))}:user/member-of-group/${group.name}`, inline: [], attached: [], groups: [group.name], tags: {}, source: group.source };
}

function allowedOrConditional(decision: PrincipalDecision): boolean {
  return decision.decision === 'Allowed' || decision.decision === 'Conditional';
}

function request(action: string, resource: string, decision: PrincipalDecision): Step['requests'][number] {
  return { action, resource, via: decision.via, ...(decision.conditions ? { conditions: decision.conditions } : {}) };
}

/** One request, or undefined when it is denied. */
function ask(evaluator: AccountEvaluator, principal: AccountPrincipal | string, action: string, resource: string, context?: Record<string, string>): Step['requests'][number] | undefined {
  const decision = evaluator.decide(principal, action, resource, context ? { context } : undefined);
  return allowedOrConditional(decision) ? request(action, resource, decision) : undefined;
}

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

/** A step that makes the principal administrator-equivalent by changing its own permissions. */
function selfEscalation(evaluator: AccountEvaluator, principal: AccountPrincipal, adminGroups: Set<string>): Step | undefined {
  const admin = `arn:${partitionOf(principal.arn)}:iam::aws:policy/AdministratorAccess`;
  const step = (method: EscalationMethodId, description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: 'administrator', method, description, requests });
  const user = principal.kind === 'user';
  if (!capsAllowAdministrator(evaluator, principal)) return undefined;
  // Writing an inline policy, or attaching AdministratorAccess (the iam:PolicyARN key says which policy).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
  const put = ask(evaluator, principal, user ? 'iam:PutUserPolicy' : 'iam:PutRolePolicy', principal.arn);
  if (put) return step('put-own-policy', `writes an inline policy granting everything into its own ${principal.kind}`, [put]);
  const attach = ask(evaluator, principal, user ? 'iam:AttachUserPolicy' : 'iam:AttachRolePolicy', principal.arn, { 'iam:PolicyARN': admin });
  if (attach) return step('attach-own-policy', `attaches ${admin} to its own ${principal.kind}`, [attach]);
  // A new default version of a customer managed policy it holds: "iam:CreatePolicyVersion ... --set-as-default".
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
  const groups = groupsOf(evaluator.account, principal);
  const held = new Set([...principal.attached, ...groups.flatMap((g) => g.attached)]);
  for (const arn of held) {
    if (!evaluator.account.policies.has(arn) || /^arn:[^:]+:iam::aws:policy\//.test(arn)) continue;
    const version = ask(evaluator, principal, 'iam:CreatePolicyVersion', arn);
    if (version) return step('create-policy-version', `creates a new default version of ${arn}, which it holds, granting everything`, [version]);
  }
  for (const group of groups) {
    const change = ask(evaluator, principal, 'iam:PutGroupPolicy', group.arn) ?? ask(evaluator, principal, 'iam:AttachGroupPolicy', group.arn, { 'iam:PolicyARN': admin });
    if (change) return step('change-group-policy', `changes the policies of its group ${group.name} to grant everything`, [change]);
  }
  if (user) {
    for (const arn of adminGroups) {
      if (groups.some((g) => g.arn === arn)) continue;
      const add = ask(evaluator, principal, 'iam:AddUserToGroup', arn);
      if (add) return step('add-to-admin-group', `adds itself to the administrator-equivalent group ${arn}`, [add]);
    }
  }
  return undefined;
}

const passRoleMethods = escalationMethods
  .filter((method) => method.passedTo !== undefined)
  .map((method) => ({ service: method.passedTo!, description: method.description, actions: method.actions.filter((action) => action !== 'iam:PassRole') }));

/** A step by which `principal` becomes `target`. */
function stepTo(evaluator: AccountEvaluator, principal: AccountPrincipal, target: AccountPrincipal): Step | undefined {
  if (principal.arn === target.arn) return undefined;
  const step = (method: EscalationMethodId, description: string, requests: Step['requests']): Step => ({ from: principal.arn, to: target.arn, method, description, requests });
  if (target.kind === 'user') {
    // Credentials of another user: an access key, or a console password.
    const key = ask(evaluator, principal, 'iam:CreateAccessKey', target.arn);
    if (key) return step('create-access-key', `creates an access key for ${target.arn} and signs requests as that user`, [key]);
    const login = ask(evaluator, principal, 'iam:CreateLoginProfile', target.arn) ?? ask(evaluator, principal, 'iam:UpdateLoginProfile', target.arn);
    if (login) return step('login-profile', `sets the console password of ${target.arn} and signs in as that user`, [login]);
    return undefined;
  }
  const role = target as AccountRole;
  // sts:AssumeRole, with the trust policy as the role's resource-based policy.
  const assume = ask(evaluator, principal, 'sts:AssumeRole', role.arn);
  if (assume) return step('assume-role', `assumes ${role.arn}, whose trust policy admits it`, [assume]);
  // Rewriting the trust policy to name itself: in the same account a trust policy naming the principal suffices.
  const update = ask(evaluator, principal, 'iam:UpdateAssumeRolePolicy', role.arn);
  if (update) return step('update-trust-policy', `rewrites the trust policy of ${role.arn} to trust itself, then assumes it`, [update]);
  // Passing the role to a compute service whose service principal the role trusts, and starting that compute.
  for (const method of passRoleMethods) {
    if (!allowedOrConditional(evaluator.decide(method.service, 'sts:AssumeRole', role.arn))) continue;
    const pass = ask(evaluator, principal, 'iam:PassRole', role.arn, { 'iam:PassedToService': method.service });
    if (!pass) continue;
    const others = method.actions.map((action) => ask(evaluator, principal, action, '*'));
    if (others.some((r) => r === undefined)) continue;
    return step('pass-role', `${method.description.replace('a more privileged role', role.arn)} (passes it to ${method.service})`, [pass, ...(others as Step['requests'])]);
  }
  return undefined;
}
