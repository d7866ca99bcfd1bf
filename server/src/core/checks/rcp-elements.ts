import type { PrincipalElement, Statement } from '../policy/model';
import { spanOfNode } from '../policy/parse-policy';
import type { Check, CheckContext } from './check';

// RCPs take "Principal": "*" only, no NotAction, and "Allow" only in the RCPFullAWSAccess form.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
// Access Analyzer errors "RCP syntax error principal", "RCP syntax error NotAction" and "RCP syntax error allow".
export const rcpElements: Check = {
  id: 'rcp-elements',
  severity: 'error',
  description:
    'An RCP statement applies to all principals ("Principal": "*", narrowed with conditions), uses Action rather than NotAction, and is a Deny: Allow is supported only in the form of RCPFullAWSAccess (Principal, Action and Resource "*", no Condition).',
  run(context) {
    if (context.policyType !== 'rcp') return;
    for (const statement of context.policy.statements) {
      if (statement.principal) checkPrincipal(context, statement.principal);
      if (statement.notAction) {
        context.report(statement.notAction.property.keySpan, 'RCPs do not support "NotAction". List the actions to deny in "Action" instead.');
      }
      if (statement.effect?.value?.value === 'Allow') checkAllow(context, statement);
    }
  },
};

function isAllPrincipals(element: PrincipalElement): boolean {
  if (element.wildcard) return element.wildcard.value === '*';
  const [entry, ...others] = element.entries;
  return others.length === 0 && entry?.type === 'AWS' && entry.values.length === 1 && entry.values[0].value === '*';
}

function checkPrincipal(context: CheckContext, element: PrincipalElement): void {
  const node = element.property.valueNode;
  // A string other than "*" is reported by value-type.
  if (node?.type !== 'object' || isAllPrincipals(element)) return;
  context.report(spanOfNode(node), 'An RCP applies to all principals, so its "Principal" must be "*". To narrow it, add conditions on keys such as aws:PrincipalOrgID or aws:PrincipalArn.', {
    fixes: [{ title: 'Change to "*"', edits: [{ span: spanOfNode(node), newText: '"*"' }] }],
  });
}

function isStar(values: { value: string }[] | undefined): boolean {
  return values !== undefined && values.length > 0 && values.every((v) => v.value === '*');
}

function checkAllow(context: CheckContext, statement: Statement): void {
  // A named principal and NotAction are reported on their own.
  const problems: string[] = [];
  if (statement.action && !isStar(statement.action.values)) problems.push('"Action" is not "*"');
  if (statement.notResource) problems.push('it uses "NotResource"');
  if (statement.resource && !isStar(statement.resource.values)) problems.push('"Resource" is not "*"');
  if (statement.condition) problems.push('it has a "Condition"');
  if (problems.length === 0) return;
  context.report(
    statement.effect!.value!.span,
    `RCPs support "Allow" only as in RCPFullAWSAccess, with "Principal", "Action" and "Resource" all "*" and no "Condition", but here ${joinAnd(problems)}. RCPs restrict access with "Deny" statements; write this one as a Deny.`,
  );
}

function joinAnd(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
