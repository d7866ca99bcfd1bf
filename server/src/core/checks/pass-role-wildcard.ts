import type { Catalog } from '../catalog/catalog';
import { quotedAt } from '../policy/value-text';
import { parseArn } from '../policy/arn';
import type { PolicyDocument, Statement } from '../policy/model';
import { statementActionsOf, type StatementActions } from '../risk/action-grants';
import { actionsMatching } from '../risk/action-expansion';
import { addConditionEdit } from '../risk/policy-edits';
import { isDeniedWherever } from '../risk/policy-denies';
import { parseConditionOperator } from '../policy/condition-operators';
import { matchesWildcard } from '../text/wildcard';
import { grantsToHolder } from '../risk/policy-scope';
import { constrainingConditionKeys } from '../risk/statement-scope';
import type { Span } from '../text/span';
import type { Check, Fix } from './check';

interface RoleAction {
  action: string;
  conditionKey: string;
  placeholder: string;
  risk: string;
  advice: string;
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_AWSServiceName
const roleActions: readonly RoleAction[] = [
  {
    action: 'iam:PassRole',
    conditionKey: 'iam:PassedToService',
    placeholder: '${ServicePrincipal}',
    risk: 'whoever holds this policy can hand any role, however privileged, to an AWS service (an EC2 instance, a Lambda function) and act with its permissions',
    advice: 'Name the roles to pass in "Resource" and the services they go to with an "iam:PassedToService" condition.',
  },
  {
    action: 'iam:CreateServiceLinkedRole',
    conditionKey: 'iam:AWSServiceName',
    placeholder: '${ServicePrincipal}',
    risk: "whoever holds this policy can create the service-linked role of any AWS service, which then acts in the account with that service's permissions",
    advice: 'Limit it to the services this policy is for with an "iam:AWSServiceName" condition.',
  },
];

export const passRoleWildcard: Check = {
  id: 'pass-role-wildcard',
  severity: 'warning',
  description:
    'iam:PassRole on any role, or iam:CreateServiceLinkedRole for any service (through "Resource": "*", NotResource, "iam:*", "*" or NotAction), lets the holder give AWS services more power than it has itself; name the roles and add an iam:PassedToService or iam:AWSServiceName condition.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsToHolder(policyType)) return;
    for (const grants of statementActionsOf(policy)) {
      if (grants.effect !== 'Allow') continue;
      for (const roleAction of roleActions) {
        const span = grants.matchSpan(roleAction.action);
        if (!span || testsKey(grants.statement, roleAction.conditionKey) || narrowsRoles(grants.statement, catalog)) continue;
        // Allow iam:* with Deny iam:PassRole (or iam:*) on the same resources passes no role.
        if (isDeniedWherever(policy, grants.statement, roleAction.action) || isDeniedForMissingKeys(policy, catalog, roleAction.action)) continue;
        const reach = anyRoleReach(grants.statement, roleAction.action === 'iam:PassRole');
        if (!reach) continue;
        const how = howAllowed(policy, grants, span, roleAction.action);
        report(span, `${how} ${reach}: ${roleAction.risk}. ${roleAction.advice}`, { fixes: conditionFix(policy.text, catalog, grants, roleAction) });
      }
    }
  },
};

/**
 * Whether a Deny of the policy applies to every request for `action`: it matches the action on every resource, names
 * no principal but everyone, and each of its tests is a negated string or ARN comparison of a service's key that
 * `action`'s requests never carry (not one the Service Authorization Reference lists for it or its resource types).
 * A missing key makes such a test true: Automated Security Response's boundary denies `iam:*` unless
 * `iam:PassedToService` is SSM's, which CreateServiceLinkedRole's requests never carry, so it always denies that.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
function isDeniedForMissingKeys(policy: PolicyDocument, catalog: Catalog, action: string): boolean {
  const carried = new Set(catalog.conditionKeysOf(action).map((key) => key.name.toLowerCase()));
  return policy.statements.some((statement) => {
    if (statement.effect?.value?.value !== 'Deny' || statement.notResource || statement.notPrincipal || !statement.condition || statement.condition.deployTime) return false;
    if (statement.principal && !statement.principal.entries.every((entry) => entry.values.every(({ value }) => value === '*'))) return false;
    if (!statement.action?.values.some(({ value }) => matchesWildcard(value, action, true))) return false;
    if (!statement.resource?.values.some(({ value }) => /^\*+$/.test(value))) return false;
    const operators = statement.condition.operators;
    return (
      operators.length > 0 &&
      operators.every((written) => {
        const operator = parseConditionOperator(written.operator);
        if (!operator?.negated || operator.setQualifier !== undefined || (operator.family !== 'String' && operator.family !== 'Arn')) return false;
        return written.keys.every(({ key }) => /^[a-z0-9-]+:/i.test(key) && !/^aws:/i.test(key) && !carried.has(key.toLowerCase()));
      })
    );
  });
}

/**
 * Whether a condition narrows the roles themselves: their tags (`aws:ResourceTag/team`, ABAC sweep: `*` on resources
 * tagged with a product drew this warning alone) or a service's key. Keys that say how the request comes
 * (`aws:CalledVia`, `aws:IsMcpServiceAction`) or name the account (`aws:ResourceAccount`, and a role passed is always
 * the account's own) still let any role through.
 */
function narrowsRoles(statement: Statement, catalog: Catalog): boolean {
  const keys = constrainingConditionKeys(statement, catalog);
  if (!keys.some((key) => !/^aws:/i.test(key) || /^aws:(?:ResourceTag|RequestTag)\/|^aws:TagKeys$/i.test(key))) return false;
  // Neither iam:PassRole nor iam:CreateServiceLinkedRole carries the tags of a request: a test of them that holds when
  // they are absent (ForAllValues, IfExists, a negated operator) lets every role through (EC2 sweep: GitLab runner's
  // `ForAllValues:StringEquals` on aws:TagKeys).
  return (statement.condition?.operators ?? []).some((entry) => {
    const operator = parseConditionOperator(entry.operator);
    const passesWhenAbsent = !operator || operator.setQualifier === 'ForAllValues' || operator.ifExists || operator.negated;
    return entry.keys.some(({ key }) => keys.includes(key) && (!/^aws:/i.test(key) || /^aws:ResourceTag\//i.test(key) || (/^aws:(?:RequestTag\/|TagKeys$)/i.test(key) && !passesWhenAbsent)));
  });
}

function testsKey(statement: Statement, key: string): boolean {
  const lower = key.toLowerCase();
  return (statement.condition?.operators ?? []).some((operator) => operator.keys.some((entry) => entry.key.toLowerCase() === lower));
}

/**
 * How the statement's resources reach every role, for the message, or undefined when they name roles. For
 * CreateServiceLinkedRole a role pattern is no limit worth reporting: its ARN is fixed by the service.
 */
function anyRoleReach(statement: Statement, rolePatterns: boolean): string | undefined {
  const every = rolePatterns ? 'on every role' : 'for every service';
  if (statement.notResource) return `${every} but those "NotResource" lists`;
  if (!statement.resource) return undefined;
  for (const { value } of statement.resource.values) {
    const arn = /^\*+$/.test(value) ? undefined : parseArn(value);
    if (!arn) {
      if (/^\*+$/.test(value)) return `${every} ("${value}")`;
      continue;
    }
    if (!/^(?:\*+|iam)$/.test(arn.service.text)) continue;
    if (/^\*+$/.test(arn.resource.text) || (rolePatterns && /^role\/\*+$/.test(arn.resource.text))) return `${every} ("${value}")`;
  }
  return undefined;
}

function howAllowed(policy: PolicyDocument, grants: StatementActions, span: Span, action: string): string {
  if (grants.isNotAction) return `"NotAction" leaves ${action} allowed`;
  const written = quotedAt(policy, span);
  return written.toLowerCase() === `"${action.toLowerCase()}"` ? `${written} is allowed` : `${written} allows ${action}`;
}

// The condition narrows the whole statement, so it is offered only when the statement allows nothing else: added
// to a statement that also allows s3:GetObject, it would take s3:GetObject away (the key is absent there).
function conditionFix(text: string, catalog: Catalog, grants: StatementActions, roleAction: RoleAction): Fix[] {
  const values = grants.statement.action?.values ?? [];
  if (grants.isNotAction || values.length === 0) return [];
  const onlyThis = values.every((value) => {
    const matched = actionsMatching(catalog, value.value);
    return matched.length === 1 && matched[0].fullName.toLowerCase() === roleAction.action.toLowerCase();
  });
  if (!onlyThis) return [];
  const edit = addConditionEdit(text, grants.statement, 'StringEquals', roleAction.conditionKey, roleAction.placeholder);
  return edit ? [{ title: `Add an "${roleAction.conditionKey}" condition`, edits: [edit] }] : [];
}
