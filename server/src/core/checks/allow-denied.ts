import type { ConditionElement, Statement } from '../policy/model';
import { isPresentWhenever } from '../policy/parse-policy';
import { isWhollyDeployTime } from '../policy/value-text';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { listForMessage } from '../risk/action-expansion';
import { denyReachesStatement } from '../risk/policy-denies';
import { patternCovers } from '../text/wildcard';
import type { Check } from './check';
import { statementAnchor, statementLabel } from './statement-anchor';

// "An explicit deny in any of these policies overrides the allow"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow).
// A Deny of the same policy applies to every request the Allow applies to when it matches all of the Allow's actions,
// resources and principals and tests nothing the Allow does not test too: the Allow then never grants anything.
// AWS's Security Reference Architecture has one, from a Deny whose Condition key was repeated (the last one counts).
export const allowDenied: Check = {
  id: 'allow-denied',
  severity: 'warning',
  description:
    "An Allow statement that a Deny statement of the same policy always overrides grants nothing: the Deny matches every action, resource and principal the Allow names, and each of its conditions is one of the Allow's.",
  run({ policy, report }) {
    if (policy.statements.length < 2) return;
    const grants = statementActionsOf(policy);
    const denies = grants.filter(isReadableDeny);
    if (denies.length === 0) return;
    for (const allow of grants) {
      if (allow.effect !== 'Allow' || !allow.element || allow.isNotAction || allow.element.values.length === 0 || !isReadable(allow.statement)) continue;
      const applying = denies.filter(
        (deny) =>
          isPresentWhenever(deny.statement.node, allow.statement.node) && conditionsAmong(deny.statement.condition, allow.statement.condition) && denyReachesStatement(deny.statement, allow.statement),
      );
      if (applying.length === 0) continue;
      const by = new Set<Statement>();
      const covered = allow.element.values.every((action) => {
        const deny = applying.find((candidate) => candidate.element!.values.some((denied) => patternCovers(denied.value, action.value, true)));
        if (deny) by.add(deny.statement);
        return deny !== undefined;
      });
      if (!covered) continue;
      const labels = [...by].map((statement) => statementLabel(statement).replace(/^Statement/, 'statement'));
      report(
        statementAnchor(allow.statement),
        `${statementLabel(allow.statement)} allows nothing: ${listForMessage(labels)} of this policy ${by.size === 1 ? 'denies' : 'deny'} every request it allows, and an explicit Deny overrides an Allow. Remove the Allow, or narrow the Deny (a condition the Allow's requests do not meet).`,
      );
    }
  },
};

// A Deny of Actions, with values known now: NotAction, NotResource and NotPrincipal denies are not weighed.
function isReadableDeny(deny: StatementActions): boolean {
  return deny.effect === 'Deny' && deny.element !== undefined && !deny.isNotAction && !deny.statement.notResource && !deny.statement.notPrincipal && isReadable(deny.statement);
}

function isReadable(statement: Statement): boolean {
  const values = [...(statement.action?.values ?? []), ...(statement.resource?.values ?? []), ...(statement.principal?.entries.flatMap((entry) => entry.values) ?? [])];
  return !values.some(isWhollyDeployTime) && statement.condition?.deployTime !== true;
}

/**
 * Whether every test of the Deny's Condition is one of the Allow's: the same operator on the same key with the same
 * values, so that whenever the Allow's conditions hold, the Deny's do too. No Condition: always.
 */
function conditionsAmong(deny: ConditionElement | undefined, allow: ConditionElement | undefined): boolean {
  if (!deny) return true;
  if (!allow || deny.operators.length === 0) return deny.operators.length === 0 && deny.property.valueNode?.type === 'object';
  return deny.operators.every((operator) =>
    operator.keys.every((test) =>
      allow.operators.some(
        (other) => other.operator === operator.operator && other.keys.some((candidate) => candidate.key.toLowerCase() === test.key.toLowerCase() && sameValues(candidate.values, test.values)),
      ),
    ),
  );
}

function sameValues(a: readonly { value: string }[], b: readonly { value: string }[]): boolean {
  const values = new Set(a.map((item) => item.value));
  return values.size === new Set(b.map((item) => item.value)).size && b.every((item) => values.has(item.value));
}
