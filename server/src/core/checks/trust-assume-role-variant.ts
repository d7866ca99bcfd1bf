import { appendStrings, removeEntry } from '../policy/json-edits';
import type { ListElement, Statement, StringValue } from '../policy/model';
import { spanOfNode } from '../policy/parse-policy';
import { assumeRoleActions, federationKind, requiredAssumeRoleAction, type AssumeRoleAction } from '../policy/principals';
import { hasPlaceholder } from '../policy/value-text';
import { matchesWildcard } from '../text/wildcard';
import type { Check, CheckContext, Fix } from './check';

interface NeedingPrincipal {
  type: string;
  value: StringValue;
  required: AssumeRoleAction;
}

// Roles Anywhere assumes the role with all three permissions.
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
const rolesAnywhereActions = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

// Access Analyzer errors "Mismatched action for principal" and "Missing action for roles anywhere trust policy".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
export const trustAssumeRoleVariant: Check = {
  id: 'trust-assume-role-variant',
  severity: 'error',
  description:
    'Each kind of principal assumes a role with its own action: a SAML provider with sts:AssumeRoleWithSAML, an OIDC provider (or Cognito, Google, Facebook, Amazon) with sts:AssumeRoleWithWebIdentity, AWS and service principals with sts:AssumeRole; IAM Roles Anywhere also needs sts:SetSourceIdentity and sts:TagSession.',
  run(context) {
    if (context.policyType !== 'trust') return;
    for (const statement of context.policy.statements) {
      const action = statement.action;
      if (!action) continue;
      const principals = principalsNeedingAction(statement);
      if (principals.length === 0) continue;
      checkVariants(context, action, principals);
      checkUnservedPrincipals(context, action, principals);
      checkRolesAnywhere(context, action, principals);
    }
  },
};

function principalsNeedingAction(statement: Statement): NeedingPrincipal[] {
  const result: NeedingPrincipal[] = [];
  for (const entry of statement.principal?.entries ?? []) {
    for (const value of entry.values) {
      const required = requiredAssumeRoleAction(entry.type, value.value);
      if (required && value.value !== '*') result.push({ type: entry.type, value, required });
    }
  }
  return result;
}

// An AssumeRole variant that none of the statement's principals can use is a mistake: the right variant for
// them is missing, or it sits beside one that never applies.
function checkVariants(context: CheckContext, action: ListElement, principals: NeedingPrincipal[]): void {
  for (const [index, value] of action.values.entries()) {
    const variant = assumeRoleActions.find((candidate) => candidate.toLowerCase() === value.value.toLowerCase());
    if (!variant || principals.some((p) => p.required === variant)) continue;
    const wanted = [...new Set(principals.map((p) => p.required))];
    const use = wanted.map((w) => `"${w}"`).join(' or ');
    context.report(value.span, `"${value.value}" does not work with ${describePrincipals(principals)}. Use ${use} instead.`, {
      fixes: variantFixes(action, index, wanted),
    });
  }
}

// Beside principals the statement's actions serve, one whose variant no action allows can never assume the role: the
// Terraform provider's example of a role for several principals lists a SAML provider and Cognito with sts:AssumeRole
// alone. Where no action serves any principal, checkVariants has said so at the actions.
function checkUnservedPrincipals(context: CheckContext, action: ListElement, principals: NeedingPrincipal[]): void {
  const allows = (required: AssumeRoleAction) => action.values.some((value) => hasPlaceholder(value) || matchesWildcard(value.value, required, true));
  if (!principals.some((principal) => allows(principal.required))) return;
  for (const principal of principals) {
    if (allows(principal.required)) continue;
    const who = describePrincipals([principal]);
    context.report(
      principal.value.span,
      `${who[0].toUpperCase()}${who.slice(1)} cannot assume this role: it needs "${principal.required}", which this statement does not allow. Give it a statement of its own with that action${principal.type === 'Federated' ? ' and conditions on its claims' : ''}, or remove it.`,
    );
  }
}

function variantFixes(action: ListElement, index: number, wanted: AssumeRoleAction[]): Fix[] {
  if (wanted.length !== 1) return [];
  const value = action.values[index];
  const present = action.values.some((v) => v.value.toLowerCase() === wanted[0].toLowerCase());
  const items = action.property.valueNode?.children ?? [];
  if (present && action.isArray) {
    const position = items.findIndex((item) => item.offset === value.span.start);
    if (position < 0) return [];
    return [{ title: `Remove "${value.value}"`, edits: [removeEntry(items.map(spanOfNode), position)], isPreferred: true }];
  }
  if (present) return [];
  return [{ title: `Change to "${wanted[0]}"`, edits: [{ span: value.span, newText: JSON.stringify(wanted[0]) }], isPreferred: true }];
}

function describePrincipals(principals: NeedingPrincipal[]): string {
  if (principals.length > 1) return 'the principals of this statement';
  const [{ type, value }] = principals;
  if (type === 'Federated') return `the ${federationKind(value.value) === 'saml' ? 'SAML' : 'OIDC'} provider "${value.value}"`;
  return `the ${type === 'Service' ? 'service' : 'AWS'} principal "${value.value}"`;
}

function checkRolesAnywhere(context: CheckContext, action: ListElement, principals: NeedingPrincipal[]): void {
  const rolesAnywhere = principals.find((p) => p.type === 'Service' && p.value.value === 'rolesanywhere.amazonaws.com');
  if (!rolesAnywhere) return;
  const missing = rolesAnywhereActions.filter((needed) => !action.values.some((v) => matchesWildcard(v.value, needed, true)));
  if (missing.length === 0) return;
  const node = action.property.valueNode;
  const edit = node ? appendStrings(context.policy.text, node, missing) : undefined;
  context.report(
    rolesAnywhere.value.span,
    `IAM Roles Anywhere needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume the role. Add ${missing.map((m) => `"${m}"`).join(' and ')} to "Action".`,
    { fixes: edit ? [{ title: `Add ${missing.join(', ')}`, edits: [edit], isPreferred: true }] : [] },
  );
}
