import { readCdkAccount } from './from-cdk';
import { readPulumiProgramAccount } from './from-pulumi';
import { CDKTF_ENTITY, PULUMI_ENTITY } from './workspace-sources';
import type { Problem, Severity } from '../checks/check';
import type { Configuration } from '../config/configuration';
import { matchesAny, pathOfUri } from '../config/globs';
import type { EmbeddedPolicy } from '../hosts/host';
import type { Statement, StringValue } from '../policy/model';
import { withoutSuppressed } from '../suppressions';
import type { Span } from '../text/span';
import { matchesWildcard } from '../text/wildcard';
import { changedRange } from '../hosts/cloudformation/incremental';
import { AccountEvaluator, type GrantingStatement } from './account-evaluator';
import { findEscalations, type Escalation, type EscalationResult, type EscalationStep } from './escalations';
import { readServerlessAccount } from './from-serverless';
import { readTemplateAccount } from './from-cloudformation';
import { readModuleAccount, type ModuleAccountOptions, type ModuleFile } from './from-terraform';
import type { Account, AccountPolicy } from './model';
import { DEPLOY_TIME_PREFIX } from './deploy-time';

// Escalation paths as findings in the template or Terraform module that defines the principals: the account the
// document defines (one template, or the .tf files of one module folder) is analysed as `iam-policy escalations`
// does, and each principal that can reach administrator-equivalent access gets a finding on the statement that
// allows its first step, with the rest of the path as related places.

/** The rule the account analysis of a template or module reports; it has a page in docs/rules. */
export const escalationRules: readonly { id: string; severity: 'warning'; description: string }[] = [
  {
    id: 'escalation-path',
    severity: 'warning',
    description:
      'A user or role the template or Terraform module defines can reach administrator-equivalent access (changing its own policies or boundary, becoming another principal, passing a stronger role to a service, or being assumed from another account); reported on the statement that allows the first step.',
  },
];

const RULE = escalationRules[0];

/** The account a template or module defines, with the host readings its spans refer to. */
export interface DocumentAccount {
  account: Account;
  /** By file, as named in the input: the policies as the host reader built them. */
  policies: ReadonlyMap<string, readonly EmbeddedPolicy[]>;
  /** The account's content as text: two accounts with the same fingerprint have the same escalations. */
  fingerprint: string;
}

/**
 * Reads the account a CloudFormation/SAM template (`files` holds it alone) or a Terraform module (its .tf files, and
 * with `moduleFiles` those of the modules it calls) defines. Files are named by what the caller passes (an editor's URIs); entities get synthetic ARNs. Undefined when
 * the files define no user or role, or cannot be read (the host readers report that themselves).
 */
/** The kinds of document that define an account of their own (escalation paths are found in them). */
/**
 * A CDK construct that makes a user or role: `new iam.Role(`, `new iam.User(`, a Lambda function (its service role),
 * in Python `iam.Role(self, …)`, in Java `Role.Builder.create(this, …)`, in Go `awsiam.NewRole(stack, …)`.
 */
const CDK_PRINCIPALS =
  /\.New(?:Role|User|Function|GoFunction|DockerImageFunction|SingletonFunction)\(|\bnew\s+(?:[\w$]+\.)?(?:Role|User|Function|NodejsFunction|PythonFunction|GoFunction|DockerImageFunction|SingletonFunction)\s*\(|\b(?:Role|User|Function|PythonFunction|DockerImageFunction|SingletonFunction)(?:\(\s*self\s*,|\.Builder\.create\(\s*this\s*,)/;

export type DocumentAccountKind = 'cloudformation' | 'terraform' | 'serverless' | 'cdk' | 'pulumi' | 'cdktf';

export function readDocumentAccount(
  kind: DocumentAccountKind,
  files: readonly ModuleFile[],
  options: Pick<ModuleAccountOptions, 'moduleFiles' | 'readings' | 'readFile'> = {},
): DocumentAccount | undefined {
  // A template or module that names no principal type (nor calls a module that may) defines none: not worth reading.
  const principalTypes =
    kind === 'cloudformation'
      ? /AWS::IAM::(User|Role)\b|AWS::Serverless::(Function|StateMachine)\b/
      : kind === 'serverless'
        ? /^\s*["']?functions["']?\s*:|AWS::IAM::(User|Role)\b/m
        : kind === 'cdk'
          ? CDK_PRINCIPALS
          : kind === 'pulumi'
            ? PULUMI_ENTITY
            : kind === 'cdktf'
              ? CDKTF_ENTITY
              : options.moduleFiles
                ? /\b(?:aws|awscc)_iam_(user|role)\b|\bmodule\s|"module"\s*:/
                : /\b(?:aws|awscc)_iam_(user|role)\b/;
  if (!files.some((file) => principalTypes.test(file.text))) return undefined;
  let account: Account;
  let policies: ReadonlyMap<string, readonly EmbeddedPolicy[]>;
  if (kind === 'cdk' || kind === 'pulumi' || kind === 'cdktf') {
    const [only] = files;
    // A Pulumi program's files are read as one (the project's, when the editor gives them).
    const result = only && (kind === 'cdk' ? readCdkAccount(only.text, only.file) : kind === 'cdktf' ? readPulumiProgramAccount([only], { app: 'cdktf' }) : readPulumiProgramAccount(files));
    if (!result?.account) return undefined;
    account = result.account;
    policies = result.policies instanceof Map ? result.policies : new Map([[only.file, result.policies ?? []]]);
  } else if (kind === 'cloudformation' || kind === 'serverless') {
    const [only] = files;
    // A service's `${file(…)}` statements and resources are its own: read with the files it ships.
    const result = !only ? undefined : kind === 'serverless' ? readServerlessAccount(only.text, only.file, { readFile: options.readFile }) : readTemplateAccount(only.text, only.file);
    if (!result?.account) return undefined;
    account = result.account;
    policies = new Map([[only.file, result.policies]]);
  } else {
    const result = readModuleAccount(files, options);
    if (!result.account) return undefined;
    account = result.account;
    policies = result.policies;
  }
  if (account.users.size === 0 && account.roles.size === 0) return undefined;
  return { account, policies, fingerprint: fingerprintOf(account) };
}

/** What decides the escalations: every principal's policies, groups, boundary and trust, and the managed policies. */
function fingerprintOf(account: Account): string {
  const policy = (p: AccountPolicy | undefined) => (p ? `${p.key}=${p.text}` : '');
  const parts: string[] = [];
  for (const user of account.users.values())
    parts.push(`u ${user.arn} ${user.inline.map(policy).join('|')} ${user.attached.join(',')} ${user.groups.join(',')} ${user.boundary ?? ''} ${JSON.stringify(user.tags)}`);
  for (const group of account.groups.values()) parts.push(`g ${group.arn} ${group.inline.map(policy).join('|')} ${group.attached.join(',')}`);
  for (const role of account.roles.values())
    parts.push(`r ${role.arn} ${role.inline.map(policy).join('|')} ${role.attached.join(',')} ${role.boundary ?? ''} ${policy(role.trust)} ${JSON.stringify(role.tags)}`);
  for (const entry of account.policies.values()) parts.push(`p ${policy(entry.policy)} ${(entry.versions ?? []).map(policy).join('|')}`);
  return parts.join('\n');
}

/** The escalations of the account: `previous` is reused when the account has not changed since it was found. */
export function documentEscalations(documentAccount: DocumentAccount, previous?: { fingerprint: string; result: EscalationResult }): EscalationResult {
  if (previous && previous.fingerprint === documentAccount.fingerprint) return previous.result;
  return findEscalations(new AccountEvaluator(documentAccount.account));
}

/** A place in one of the files. */
interface Place {
  file: string;
  span: Span;
  /** The statement the place is in, for suppressions by statement. */
  policy?: EmbeddedPolicy;
}

/**
 * The `escalation-path` findings of each file, after the rule's setting and suppressions in `config`: one per
 * escalation, on the statement (the Action value, or the trust policy's principal) that allows the path's first
 * step, or on the principal's resource when an AWS managed policy allows it.
 */
export function escalationProblems(documentAccount: DocumentAccount, result: EscalationResult, config: Configuration): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>();
  const setting = config.rules[RULE.id];
  if (!config.validate || setting === 'off') return byFile;
  const severity: Severity = setting ?? RULE.severity;
  const locator = new Locator(documentAccount);
  const seen = new Set<string>();
  for (const escalation of result.escalations) {
    const [first] = escalation.path;
    const primary = locator.request(first, 0, escalation.fromAccount ? escalation.principal : undefined) ?? locator.principal(first.from);
    if (!primary) continue;
    const related: NonNullable<Problem['related']> = [];
    const relate = (place: Place | undefined, message: string) => {
      if (place && (place.file !== primary.file || place.span.start !== primary.span.start)) related.push({ span: place.span, message, ...(place.file !== primary.file ? { uri: place.file } : {}) });
    };
    escalation.path.forEach((step, i) => {
      step.requests.forEach((request, j) => {
        if (i === 0 && j === 0) return;
        relate(locator.request(step, j), `${request.action} on ${locator.nameOf(request.resource)} is allowed here for ${locator.who(step.from)}.`);
      });
    });
    const last = escalation.path[escalation.path.length - 1];
    if (last.to !== 'administrator') {
      // A principal whose boundary a step of the path removes is administrator-equivalent only once it is gone.
      const unbounded = escalation.path.some((step) => step.method === 'remove-permissions-boundary' && step.to === last.to);
      relate(locator.principal(last.to), `${capitalized(locator.who(last.to))} is administrator-equivalent${unbounded ? ' without its permissions boundary' : ''}.`);
    }
    const message = `${capitalized(locator.who(escalation.principal, escalation.fromAccount))} can become administrator: ${escalation.path.map((step) => locator.phrase(step)).join(', then ')}${conditionsOf(escalation)}. Narrow the statement that allows the first step, or cap the principal with a permissions boundary.`;
    const problem: Problem = { ruleId: RULE.id, severity, message, span: primary.span, ...(related.length > 0 ? { related } : {}) };
    const key = `${primary.file}\u0000${primary.span.start}\u0000${message}`;
    if (seen.has(key) || suppressed(problem, primary, config)) continue;
    seen.add(key);
    const list = byFile.get(primary.file) ?? [];
    list.push(problem);
    byFile.set(primary.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.span.start - b.span.start);
  return byFile;
}

function suppressed(problem: Problem, place: Place, config: Configuration): boolean {
  if (config.suppressions.length === 0) return false;
  const path = pathOfUri(place.file);
  const applies = (glob: string) => matchesAny(path, [glob]);
  if (place.policy) return withoutSuppressed([problem], place.policy.policy, [...config.suppressions], applies).length === 0;
  return config.suppressions.some((s) => s.rule === problem.ruleId && s.statement === undefined && (s.file === undefined || applies(s.file)));
}

/** The conditions the path waits on, for the message. */
function conditionsOf(escalation: Escalation): string {
  if (!escalation.conditional) return '';
  const keys = new Set(escalation.path.flatMap((step) => step.requests.flatMap((r) => (r.conditions ?? []).map((c) => c.key))));
  // A condition waiting on a deploy-time variable (`aws:SourceArn (variable deploy-time:…)`) depends on deploy too.
  const isDeployTime = (key: string) => key.startsWith(DEPLOY_TIME_PREFIX) || key.includes(`(variable ${DEPLOY_TIME_PREFIX}`);
  const deployTime = [...keys].some(isDeployTime);
  const others = [...keys].filter((key) => !isDeployTime(key));
  const parts = [...(others.length > 0 ? [`when ${others.join(', ')} allow${others.length === 1 ? 's' : ''} it`] : []), ...(deployTime ? ['depending on values known only at deploy'] : [])];
  return ` (${parts.join(', and ')})`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Finds where the account's policies and principals are written, in the host readings of the files. */
class Locator {
  private readonly account: Account;

  constructor(private readonly documentAccount: DocumentAccount) {
    this.account = documentAccount.account;
  }

  /** How a principal is named in messages: `role AppRole`, `user alice`, `account 444455556666`. */
  who(arn: string, fromAccount?: string): string {
    const role = this.account.roles.get(arn);
    if (role) return `role ${role.name}`;
    const user = this.account.users.get(arn);
    if (user) return `user ${user.name}`;
    if (fromAccount) {
      const named = /^arn:[^:]+:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
      return named ? `${named[1]} ${named[2]} of account ${fromAccount}` : `account ${fromAccount}`;
    }
    return arn;
  }

  /** A resource by the name people gave it: a principal's or group's name, a policy's name, else the ARN. */
  nameOf(arn: string): string {
    const entity = this.account.roles.get(arn) ?? this.account.users.get(arn) ?? this.account.groups.get(arn);
    if (entity) return entity.name;
    if (arn === '*') return '*';
    const policy = this.account.policies.get(arn);
    if (policy) return policy.name;
    const managed = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return managed ? managed[1] : arn;
  }

  /** A step in a few words: `iam:PassRole of AdminRole to lambda:CreateFunction and lambda:InvokeFunction`. */
  phrase(step: EscalationStep): string {
    const [first, ...rest] = step.requests;
    const on = (r: { action: string; resource: string }) => `${r.action} ${r.resource === step.from ? 'on itself' : `on ${this.nameOf(r.resource)}`}`;
    const then = rest.map((r) => `, then ${on(r)}`).join('');
    switch (step.method) {
      case 'attach-own-policy':
        return `${first.action} of AdministratorAccess to itself`;
      case 'create-policy-version':
        return `${first.action} of ${this.nameOf(first.resource)}, which it holds`;
      case 'set-default-policy-version':
        return `${first.action} of ${this.nameOf(first.resource)}${then}`;
      case 'change-group-policy':
        return `${first.action} on its group ${this.nameOf(first.resource)}`;
      case 'add-to-admin-group':
        return `${first.action} into ${this.nameOf(first.resource)}`;
      case 'create-access-key':
      case 'login-profile':
        return `${first.action} of ${this.who(first.resource)}`;
      case 'assume-role':
        return `${first.action} of ${this.nameOf(first.resource)}`;
      case 'update-trust-policy':
        return `${first.action} of ${this.nameOf(first.resource)}, then sts:AssumeRole`;
      case 'pass-role':
        return `${first.action} of ${this.nameOf(first.resource)} to ${rest.map((r) => r.action).join(' and ')}`;
      default:
        return `${on(first)}${then}`;
    }
  }

  /** Where a principal is defined (its resource's logical id, its block's header), when in one of the files. */
  principal(arn: string): Place | undefined {
    const principal = this.account.roles.get(arn) ?? this.account.users.get(arn);
    const span = principal?.source.span;
    return principal && span && this.documentAccount.policies.has(principal.source.file) ? { file: principal.source.file, span } : undefined;
  }

  /** Where the first statement that allows a step's request is written, when in one of the files. */
  request(step: EscalationStep, index: number, outsider?: string): Place | undefined {
    const request = step.requests[index];
    // A conditional grant names its statement among the conditions it waits on.
    for (const via of [...request.via, ...(request.conditions ?? []).filter((c) => c.effect === 'Allow')]) {
      const place = this.statement(via, request.action, outsider);
      if (place) return place;
    }
    return undefined;
  }

  private statement(via: GrantingStatement, action: string, outsider: string | undefined): Place | undefined {
    const policy = this.policyOf(via);
    const span = policy?.source.span;
    if (!policy || !span) return undefined;
    const file = policy.source.file;
    const embedded = this.documentAccount.policies.get(file)?.find((e) => e.span.start === span.start && e.variantOf === undefined);
    if (!embedded) return this.documentAccount.policies.has(file) ? { file, span } : undefined;
    const actionLower = action.toLowerCase();
    const covers = (s: Statement) => s.effect?.value?.value === 'Allow' && (s.action?.values.some((v) => matches(v, actionLower)) || s.notAction !== undefined);
    const statements = embedded.policy.statements;
    const byRef = via.statement.startsWith('#') ? statements[Number(via.statement.slice(1)) - 1] : statements.find((s) => s.sid?.value?.value === via.statement);
    // A statement whose values are known only at deploy may be written as two (deploy-time.ts): find it by its action.
    const statement = byRef && covers(byRef) ? byRef : (statements.find(covers) ?? byRef);
    if (!statement) return { file, span: embedded.span, policy: embedded };
    const value = outsider ? principalValue(statement, outsider) : statement.action?.values.find((v) => matches(v, actionLower));
    return { file, span: value?.span ?? statement.notAction?.property.keySpan ?? statement.span, policy: embedded };
  }

  /** The account's policy a granting statement names. */
  private policyOf(via: GrantingStatement): AccountPolicy | undefined {
    switch (via.kind) {
      case 'inline': {
        const holder = via.holder && (this.account.users.get(via.holder) ?? this.account.roles.get(via.holder) ?? this.account.groups.get(via.holder));
        return holder ? holder.inline.find((p) => p.name === via.policy) : undefined;
      }
      case 'trust':
        return via.holder ? this.account.roles.get(via.holder)?.trust : undefined;
      case 'customer-managed':
      case 'permissions-boundary':
        return this.account.policies.get(via.policy)?.policy;
      default:
        return undefined;
    }
  }
}

function matches(value: StringValue, actionLower: string): boolean {
  return matchesWildcard(value.value.toLowerCase(), actionLower, false);
}

/** The trust statement's principal value that admits an outside principal (its ARN, its account's root or ID). */
function principalValue(statement: Statement, outsider: string): StringValue | undefined {
  const account = outsider.split(':')[4];
  for (const entry of statement.principal?.entries ?? []) {
    if (entry.type !== 'AWS') continue;
    const found = entry.values.find((v) => v.value === outsider || v.value === account || v.value === `arn:${outsider.split(':')[1]}:iam::${account}:root`);
    if (found) return found;
  }
  return undefined;
}

/** The roles a template or module defines, where each is defined: for "Simulate as this role". */
export function rolePlaces(documentAccount: DocumentAccount): { file: string; arn: string; name: string; span: Span }[] {
  const places: { file: string; arn: string; name: string; span: Span }[] = [];
  for (const role of documentAccount.account.roles.values()) {
    if (role.source.span && documentAccount.policies.has(role.source.file)) places.push({ file: role.source.file, arn: role.arn, name: role.name, span: role.source.span });
  }
  return places.sort((a, b) => a.span.start - b.span.start);
}

/** Findings (or anything placed by a span) of `before` where they are in `after`: moved past the edit, or dropped when they touch it. */
export function movedProblems<T extends { span: Span; related?: { span: Span; uri?: string }[] }>(problems: T[], before: string, after: string): T[] {
  if (problems.length === 0) return problems;
  const { start, oldEnd, newEnd } = changedRange(before, after);
  const delta = newEnd - oldEnd;
  const move = (span: { start: number; end: number }) => (span.start >= oldEnd ? { start: span.start + delta, end: span.end + delta } : span.end <= start ? span : undefined);
  return problems.flatMap((problem) => {
    const span = move(problem.span);
    if (!span) return [];
    const related = problem.related?.flatMap((r) => {
      if (r.uri !== undefined) return [r];
      const moved = move(r.span);
      return moved ? [{ ...r, span: moved }] : [];
    });
    return [{ ...problem, span, ...(related ? { related } : {}) }];
  });
}
