import type { Catalog } from '../catalog/catalog';
import { quotedAt } from '../policy/value-text';
import type { Statement } from '../policy/model';
import { DerivedSlot } from '../policy/derived';
import { listForMessage } from '../risk/action-expansion';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { escalationMethods, type EscalationMethod, type GrantScope } from '../risk/escalation-methods';
import { unconditionalDeniesOf } from '../risk/policy-denies';
import { grantsToHolder } from '../risk/policy-scope';
import { namesAnyOfType, resourceReachOf, type ResourceReach } from '../risk/resource-reach';
import { constrainingConditionKeys, lacksResources, reachesAllResources } from '../risk/statement-scope';
import { hasExpired } from '../risk/time-bounds';
import type { Arn } from '../policy/arn';
import type { Span } from '../text/span';
import { matchesWildcard } from '../text/wildcard';
import type { Check, Severity } from './check';
import { detached } from '../text/detached';

export const privilegeEscalation: Check = {
  id: 'privilege-escalation',
  severity: 'warning',
  description:
    'The policy allows a known way to gain more permissions than it grants, such as attaching AdministratorAccess to a user, passing a privileged role to a new EC2 instance or Lambda function, or taking over compute that already runs with a role (SSM commands, ECS Exec, CodeBuild buildspec overrides); the actions may sit in different statements. Resources limited by a name prefix are reported at information.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsToHolder(policyType)) return;
    const statements = statementActionsOf(policy);
    // A policy that already allows everything has nothing left to escalate to; wildcard-action says so.
    if (statements.some((s) => s.effect === 'Allow' && s.star && reachesAllResources(s.statement) && !s.statement.condition)) return;
    const allowStatements = statements.filter((s) => s.effect === 'Allow' && s.element && !lacksResources(s.statement));
    if (allowStatements.length === 0) return;
    const denies = unconditionalDeniesOf(policy);
    // An Action list matches only the services it names (unless a value has a wildcard in its prefix), so a method
    // needing an action of a service no Allow statement names cannot be complete.
    let allowedServices = 0;
    for (const grants of allowStatements) allowedServices |= methodServicesOf(grants);
    // The Allow statements that match each action (by its number), found once per action however many methods need it.
    const allows: (readonly Allow[] | undefined)[] = [];
    let known: Uint8Array[] | undefined;
    const now = Date.now();
    // Made at the first method found, which most policies never have.
    let found: Map<string, { span: Span; severity: Severity; methods: EscalationMethod[]; prefixes: Set<string> }> | undefined;
    for (let m = 0; m < escalationMethods.length; m++) {
      const method = escalationMethods[m];
      const needed = methodServiceBits[m];
      if ((allowedServices & needed) !== needed) continue;
      let span: Span | undefined;
      let prefixes: Set<string> | undefined;
      let complete = true;
      for (let a = 0; a < method.actions.length; a++) {
        const action = method.actions[a];
        const id = methodActionIds[m][a];
        known ??= allowStatements.map(knownMatchesOf);
        const grant = findGrant((allows[id] ??= matchingAllows(allowStatements, known, denies, action, id)), catalog, method, action, now);
        if (!grant) {
          complete = false;
          break;
        }
        span ??= grant.span;
        if (grant.prefixes) for (const prefix of grant.prefixes) (prefixes ??= new Set()).add(prefix);
      }
      if (!complete || !span) continue;
      // Escalation among the resources under a name prefix depends on what those are: said, at a lower severity.
      const severity: Severity = prefixes ? 'information' : 'warning';
      const key = `${span.start}:${span.end}:${severity}`;
      found ??= new Map();
      const entry = found.get(key) ?? { span, severity, methods: [], prefixes: new Set<string>() };
      entry.methods.push(method);
      if (prefixes) for (const prefix of prefixes) entry.prefixes.add(prefix);
      found.set(key, entry);
    }
    if (!found) return;
    for (const { span, severity, methods, prefixes } of found.values()) {
      const written = quotedAt(policy, span);
      const ways = methods.map((m) => `${m.description} (${m.actions.join(' + ')})`);
      const many = methods.length === 1 ? 'privilege escalation' : `${methods.length} known ways of privilege escalation`;
      if (severity === 'warning') {
        report(
          span,
          `${written} allows ${many}: the holder can ${listForMessage(ways, 3)}. Limit these actions to the resources they need, add conditions, or make sure only principals who may hold these permissions get this policy.`,
        );
      } else {
        const named = listForMessage(
          [...prefixes].map((prefix) => `"${prefix}*"`),
          3,
        );
        report(
          span,
          `${written} allows ${many} among the resources named ${named}: the holder can ${listForMessage(ways, 3)}. Make sure no resource under that prefix is the holder's own or more privileged than the holder, or name the resources exactly.`,
          { severity },
        );
      }
    }
  },
};

/** An Allow statement that matches an action, and where. */
interface Allow {
  statement: Statement;
  span: Span;
}

/**
 * The Allow statements that match the action (numbered `id`); none when a Deny of the policy denies it on every
 * resource without conditions. `known[i]` holds what is known of the matches of `allowStatements[i]`.
 */
function matchingAllows(allowStatements: readonly StatementActions[], known: readonly Uint8Array[], denies: readonly StatementActions[], action: string, id: number): readonly Allow[] {
  for (const deny of denies) if (deny.matchSpan(action) && reachesAllResources(deny.statement)) return noAllows;
  let result: Allow[] | undefined;
  for (let i = 0; i < allowStatements.length; i++) {
    const grants = allowStatements[i];
    let state = known[i][id];
    if (state === UNKNOWN) known[i][id] = state = grants.matchSpan(action) ? MATCHES : NO_MATCH;
    if (state === MATCHES) (result ??= []).push({ statement: grants.statement, span: grants.matchSpan(action)! });
  }
  return result ?? noAllows;
}

// Every action the methods name, by a number: what a list matches of them is kept with the list, one byte an action.
const actionIds = new Map<string, number>();
const methodActionIds: readonly (readonly number[])[] = escalationMethods.map((method) =>
  method.actions.map((action) => {
    let id = actionIds.get(action);
    if (id === undefined) actionIds.set(action, (id = actionIds.size));
    return id;
  }),
);
const UNKNOWN = 0;
const NO_MATCH = 1;
const MATCHES = 2;

/**
 * Whether the statement's list matches each of the methods' actions, by action number, filled in as they are asked.
 * It depends only on the list, so it is kept with it: the rule asks about a hundred thousand such questions a pass
 * over the managed policies, and most are asked again of the same lists.
 */
function knownMatchesOf(grants: StatementActions): Uint8Array {
  let known = grants.memo.get(actionIds) as Uint8Array | undefined;
  if (!known) grants.memo.set(actionIds, (known = new Uint8Array(actionIds.size)));
  return known;
}

// Most actions the methods ask about match no statement: they share one empty answer rather than making one each.
const noAllows: readonly Allow[] = [];

// The services of the methods' actions (lower case), each a bit of a mask: 21 services today, and a mask holds 31
// (the sign bit stands for "any service"). Masks make the test of each of the 74 methods against a policy one
// operation; a set of the policy's services, looked up once per service of each method, was a third of the rule.
const serviceBits = new Map<string, number>();
const methodServiceBits: readonly number[] = escalationMethods.map((method) => {
  let bits = 0;
  for (const action of method.actions) {
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    let bit = serviceBits.get(service);
    if (bit === undefined) serviceBits.set(service, (bit = 1 << serviceBits.size));
    bits |= bit;
  }
  return bits;
});
if (serviceBits.size > 31) throw new Error('privilege-escalation: more method services than a service mask holds');
const ANY_SERVICE = -1;

/**
 * The mask of the methods' services the statement's list can match: every one when it is NotAction or a value has
 * a wildcard in its service prefix (`*`, `s*:Get*`). It depends only on the list, so it is kept with it.
 */
function methodServicesOf(grants: StatementActions): number {
  let bits = grants.memo.get(methodServiceBits) as number | undefined;
  if (bits === undefined) {
    if (grants.isNotAction || grants.patternsAnyPrefix.length > 0) bits = ANY_SERVICE;
    else {
      bits = 0;
      for (const service of grants.servicePrefixes) bits |= serviceBits.get(service) ?? 0;
    }
    grants.memo.set(methodServiceBits, bits);
  }
  return bits;
}

/** Where the policy grants `action` in a way that serves the method, and the name prefixes it is limited to, if any. */
interface Grant {
  span: Span;
  /** Set when the grant reaches only the resources under these prefixes (`role/app/`). */
  prefixes?: readonly string[];
}

/**
 * The grant of `action` that serves the method: one that reaches every resource the method needs if any does,
 * else one that reaches those under a name prefix; undefined when none serves it.
 */
function findGrant(allows: readonly Allow[], catalog: Catalog, method: EscalationMethod, action: string, now: number): Grant | undefined {
  const scope = method.scope?.[action];
  let limited: Grant | undefined;
  for (const { statement, span } of allows) {
    // The resource checks first: they are cheaper than reading the conditions, and every one must hold. A method on
    // any resource of its type (the holder's own user) still needs one of that type: `role/*-clamav` is no user.
    if ((scope === undefined || scope === 'others') && !namesAnyOfType(statement, templatesOf(catalog, action, 'all'), action.slice(0, action.indexOf(':')))) continue;
    if (scope === 'others' && !reachesOtherPrincipals(statement)) continue;
    const reach = scope === undefined || scope === 'others' ? reachesAll : reachOf(statement, catalog, action, scope);
    if (!reach) continue;
    // What else the request needs may come from another statement of the policy: each resource of a request is
    // allowed on its own (the instances in one statement, the document in another).
    if (method.alsoNeeds && action === method.actions[0] && !allows.some((other) => method.alsoNeeds!(other.statement) && constrainingConditionKeys(other.statement, catalog).length === 0)) continue;
    if (hasExpired(statement, now)) continue;
    if (scope === 'passRole') {
      if (!passesTo(statement, catalog, method.passedTo)) continue;
    } else if (constrainingConditionKeys(statement, catalog).length > 0) continue;
    if (reach.kind === 'all') return { span };
    limited ??= { span, prefixes: reach.values.map((v) => v.prefix) };
  }
  return limited;
}

const reachesAll: ResourceReach = { kind: 'all' };

/** How far the statement reaches into the resources the scope names. */
function reachOf(statement: Statement, catalog: Catalog, action: string, scope: Exclude<GrantScope, 'others'>): ResourceReach | undefined {
  const type = typeof scope === 'object' ? undefined : scope === 'passRole' || scope === 'anyRole' ? 'role' : scope === 'anyGroup' ? 'group' : 'policy';
  const templates = type ? templatesOf(catalog, 'iam:*', [type]) : templatesOf(catalog, action, (scope as { existing: readonly string[] }).existing);
  // Many methods ask about the same statement and resource types; the templates array is shared per types, so it keys the answer.
  let byTemplates = reachCache.get(statement);
  if (!byTemplates) reachCache.set(statement, (byTemplates = new Map()));
  if (byTemplates.has(templates)) return byTemplates.get(templates);
  const reach = resourceReachOf(statement, templates, type === 'role' ? isServiceRolePath : type === 'policy' ? isAwsManagedPolicy : undefined);
  byTemplates.set(templates, reach);
  return reach;
}

const reachCache = new DerivedSlot<Statement, Map<readonly string[], ResourceReach | undefined>>('statement');

// Roles for AWS services trust the service, not the holder, and service-linked roles cannot be changed by IAM
// actions at all (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
function isServiceRolePath(arn: Arn): boolean {
  return /^role\/(?:aws-)?service-role\//.test(arn.resource.text);
}

// Account `aws` holds the AWS managed policies, which customers cannot version or change.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
function isAwsManagedPolicy(arn: Arn): boolean {
  return arn.account.text === 'aws';
}

const templateCache = new WeakMap<Catalog, Map<string, readonly string[]>>();

/** The ARN templates of the named resource types (or all): of `action`'s resource types, or of IAM's for `iam:*`. */
function templatesOf(catalog: Catalog, action: string, types: readonly string[] | 'all'): readonly string[] {
  let cache = templateCache.get(catalog);
  if (!cache) templateCache.set(catalog, (cache = new Map()));
  const key = `${action}|${types === 'all' ? '*' : types.join(',')}`;
  let templates = cache.get(key);
  if (!templates) {
    const resourceTypes =
      action === 'iam:*' && types !== 'all'
        ? types.map((type) => catalog.findResourceType('iam', type))
        : catalog
            .resourceTypesOf(action)
            .map((r) => r.resourceType)
            .filter((r) => types === 'all' || types.includes(r.name));
    templates = resourceTypes.flatMap((r) => r?.arns ?? []);
    cache.set(detached(key), templates);
  }
  return templates;
}

function hasWildcardOutsideVariables(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
}

/** Whether the resources can name other IAM users than the caller: a wildcard, unless tied to `${aws:username}`. */
function reachesOtherPrincipals(statement: Statement): boolean {
  if (!statement.resource) return true;
  return statement.resource.values.some(({ value }) => hasWildcardOutsideVariables(value) && !value.includes('${aws:username}'));
}

/** Whether the statement's conditions let the role go to `service`: none that narrow, or iam:PassedToService that matches it. */
function passesTo(statement: Statement, catalog: Catalog, service: string | undefined): boolean {
  const keys = constrainingConditionKeys(statement, catalog);
  if (keys.length === 0) return true;
  if (!service || keys.some((key) => key.toLowerCase() !== 'iam:passedtoservice')) return false;
  for (const operator of statement.condition?.operators ?? []) {
    for (const entry of operator.keys) {
      if (entry.key.toLowerCase() !== 'iam:passedtoservice') continue;
      const negated = operator.operator.includes('Not');
      const matches = entry.values.some(({ value }) => matchesWildcard(value, service, true));
      if (matches === negated) return false;
    }
  }
  return true;
}
