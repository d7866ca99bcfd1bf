import type { Catalog } from '../catalog/catalog';
import type { Statement } from '../policy/model';
import { listForMessage } from '../risk/action-expansion';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { escalationMethods, type EscalationMethod } from '../risk/escalation-methods';
import { grantsToHolder } from '../risk/policy-scope';
import { constrainingConditionKeys, coversAllResources, reachesAllResources } from '../risk/statement-scope';
import { parseArn } from '../policy/arn';
import type { Span } from '../text/span';
import { matchesWildcard } from '../text/wildcard';
import type { Check } from './check';

export const privilegeEscalation: Check = {
  id: 'privilege-escalation',
  severity: 'warning',
  description:
    'The policy allows a known way to gain more permissions than it grants, such as attaching AdministratorAccess to a user or passing a privileged role to a new EC2 instance or Lambda function; the actions may sit in different statements.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsToHolder(policyType)) return;
    const statements = statementActionsOf(policy);
    // A policy that already allows everything has nothing left to escalate to; wildcard-action says so.
    if (statements.some((s) => s.effect === 'Allow' && s.star && reachesAllResources(s.statement) && !s.statement.condition)) return;
    // The Allow statements that match each action, found once per action however many methods need it.
    const allows = new Map<string, readonly Allow[]>();
    const allowsOf = (action: string): readonly Allow[] => {
      let found = allows.get(action);
      if (!found) allows.set(action, (found = matchingAllows(statements, action)));
      return found;
    };
    const bySpan = new Map<string, { span: Span; methods: EscalationMethod[] }>();
    for (const method of escalationMethods) {
      let span: Span | undefined;
      let complete = true;
      for (const action of method.actions) {
        const grant = findGrant(allowsOf(action), catalog, method, action);
        if (!grant) {
          complete = false;
          break;
        }
        span ??= grant;
      }
      if (!complete || !span) continue;
      const key = `${span.start}:${span.end}`;
      const entry = bySpan.get(key) ?? { span, methods: [] };
      entry.methods.push(method);
      bySpan.set(key, entry);
    }
    for (const { span, methods } of bySpan.values()) {
      const written = policy.text.slice(span.start, span.end);
      const ways = methods.map((m) => `${m.description} (${m.actions.join(' + ')})`);
      const intro = methods.length === 1 ? 'allows privilege escalation: the holder can' : `allows ${methods.length} known ways of privilege escalation: the holder can`;
      report(
        span,
        `${written} ${intro} ${listForMessage(ways, 3)}. Limit these actions to the resources they need, add conditions, or make sure only principals who may hold these permissions get this policy.`,
      );
    }
  },
};

/** An Allow statement that matches an action, and where. */
interface Allow {
  statement: Statement;
  span: Span;
}

/** The Allow statements that match the action; none when a Deny of the policy denies it on every resource without conditions. */
function matchingAllows(statements: readonly StatementActions[], action: string): Allow[] {
  const result: Allow[] = [];
  for (const grants of statements) {
    if (grants.effect === 'Deny' && !grants.statement.condition && grants.matchSpan(action) && reachesAllResources(grants.statement)) return [];
    if (grants.effect !== 'Allow') continue;
    const span = grants.matchSpan(action);
    if (span) result.push({ statement: grants.statement, span });
  }
  return result;
}

/** Where the policy grants `action` in a way that serves the method, or undefined when it does not. */
function findGrant(allows: readonly Allow[], catalog: Catalog, method: EscalationMethod, action: string): Span | undefined {
  const scope = method.scope?.[action];
  for (const { statement, span } of allows) {
    if (scope === 'passRole') {
      if (!reachesEvery(statement, 'role') || !passesTo(statement, catalog, method.passedTo)) continue;
    } else if (constrainingConditionKeys(statement, catalog).length > 0) continue;
    if (scope === 'others' && !reachesOtherPrincipals(statement)) continue;
    if ((scope === 'anyRole' || scope === 'anyGroup' || scope === 'anyPolicy') && !reachesEvery(statement, scope.slice(3).toLowerCase())) continue;
    return span;
  }
  return undefined;
}

function hasWildcardOutsideVariables(value: string): boolean {
  return /[*?]/.test(value.replace(/\$\{[^}]*\}/g, ''));
}

/** Whether the resources can name other IAM users than the caller: a wildcard, unless tied to `${aws:username}`. */
function reachesOtherPrincipals(statement: Statement): boolean {
  if (!statement.resource) return true;
  return statement.resource.values.some(({ value }) => hasWildcardOutsideVariables(value) && !value.includes('${aws:username}'));
}

/** Whether the resources take in every IAM `type` (role, group, policy): `*`, NotResource, `arn:aws:iam::*:role/*`. */
function reachesEvery(statement: Statement, type: string): boolean {
  if (!statement.resource) return true;
  return statement.resource.values.some(({ value }) => {
    if (coversAllResources(value, 'iam')) return true;
    const arn = parseArn(value);
    return arn !== undefined && /^(?:\*+|iam)$/.test(arn.service.text) && new RegExp(`^${type}/\\*+$`).test(arn.resource.text);
  });
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
