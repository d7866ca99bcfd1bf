import { removeEntry } from '../policy/json-edits';
import type { Property, Statement } from '../policy/model';
import { roleTrustActions } from '../policy/principals';
import { isWhollyDeployTime } from '../policy/value-text';
import { matchesWildcard } from '../text/wildcard';
import type { Check, CheckContext } from './check';

// Access Analyzer errors "Role trust policy syntax error resource" and "Role trust policy unsupported wildcard
// in principal"; IAM accepts only sts: role-assumption actions in a trust policy.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const trustPolicyElements: Check = {
  id: 'trust-policy-elements',
  severity: 'error',
  description:
    'A role trust policy applies to its role, so it takes no Resource or NotResource; it cannot use "Principal": "*"; and it grants only sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext.',
  run(context) {
    if (context.policyType !== 'trust') return;
    for (const statement of context.policy.statements) {
      for (const element of [statement.resource, statement.notResource]) {
        // Known only at deploy time (`resources = try(statement.value.resources, null)` in a dynamic block fed from a
        // variable), it may be null or an empty list, which leaves it out of the policy.
        const deployTimeOnly = element !== undefined && element.values.length > 0 && element.values.every(isWhollyDeployTime);
        if (element && !deployTimeOnly) reportResource(context, statement, element.property);
      }
      checkPrincipal(context, statement);
      for (const action of statement.action?.values ?? []) {
        // An action known only at deploy time (`actions = lookup(statement.value, "actions", null)`) may be any of them.
        if (action.placeholders?.length) continue;
        // "sts: AssumeRole" is action-format's (white space); read without it, it is a trust action.
        const name = action.value.replace(/\s+/g, '');
        if (roleTrustActions.some((trustAction) => matchesWildcard(name, trustAction, true))) continue;
        // A mistyped STS action (`sts:AssumeRoles`) is action-unknown's, which names the trust action meant.
        if (isUnknownStsAction(context, name)) continue;
        context.report(
          action.span,
          `"${action.value}" cannot be granted in a role trust policy, which grants only sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext. Grant other permissions in the role's permissions policy.`,
        );
      }
    }
  },
};

function reportResource(context: CheckContext, statement: Statement, property: Property): void {
  const index = statement.properties.indexOf(property);
  context.report(property.keySpan, `A role trust policy applies to the role it is attached to, so it cannot have "${property.key}". Remove "${property.key}".`, {
    fixes: [
      {
        title: `Remove "${property.key}"`,
        edits: [
          removeEntry(
            statement.properties.map((p) => p.span),
            index,
          ),
        ],
        isPreferred: true,
      },
    ],
  });
}

function checkPrincipal(context: CheckContext, statement: Statement): void {
  const principal = statement.principal;
  if (!principal) return;
  if (principal.wildcard?.value === '*') {
    context.report(principal.wildcard.span, 'A role trust policy does not support "Principal": "*". Name the accounts, roles, services or identity providers that may assume the role.');
    return;
  }
  // {"AWS": "*"} is accepted, but without a condition anyone with AWS credentials can assume the role.
  if (statement.effect?.value?.value !== 'Allow' || statement.condition) return;
  for (const entry of principal.entries) {
    if (entry.type !== 'AWS') continue;
    for (const value of entry.values) {
      if (value.value !== '*') continue;
      context.report(
        value.span,
        'Any AWS principal in any account can assume this role, because the statement allows "AWS": "*" without a condition. Name the trusted accounts or roles, or add a condition such as aws:PrincipalOrgID.',
        { severity: 'warning' },
      );
    }
  }
}

function isUnknownStsAction(context: CheckContext, name: string): boolean {
  if (!/^sts:[a-z]+$/i.test(name)) return false;
  try {
    return context.catalog.findAction(name) === undefined;
  } catch {
    return false;
  }
}
