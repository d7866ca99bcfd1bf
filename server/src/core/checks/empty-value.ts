import type { JsonNode } from '../policy/model';
import { forEachProperty, hasUnreadMembers, spanOfNode, type HostJsonNode } from '../policy/parse-policy';
import type { Check, CheckContext } from './check';

export const emptyValue: Check = {
  id: 'empty-value',
  severity: 'warning',
  description: 'An empty array or object (for example "Action": [] or "Condition": {}) matches nothing or does nothing; fill it in or remove it.',
  run(context) {
    const { policy } = context;
    const statementElement = policy.statementElement;
    // `"Statement": {}` is one empty statement, which effect-missing reports as such.
    if (statementElement && statementElement.valueNode?.type !== 'object') flagEmpty(context, statementElement.key, statementElement.valueNode);
    for (const statement of policy.statements) {
      for (const property of statement.properties) {
        flagEmpty(context, property.key, property.valueNode);
        const node = property.valueNode;
        if (node?.type !== 'object') continue;
        const isCondition = property.key === 'Condition';
        forEachProperty(node, (key, inner) => {
          flagEmpty(context, key, inner);
          if (isCondition && inner?.type === 'object') forEachProperty(inner, (conditionKey, values) => flagEmpty(context, conditionKey, values));
        });
      }
    }
  },
};

function flagEmpty(context: CheckContext, key: string, node: JsonNode | undefined): void {
  if (!node || (node.type !== 'array' && node.type !== 'object') || (node.children?.length ?? 0) > 0) return;
  // A Condition whose tests the host could not read (a computed Terraform `variable`), or an object whose members the
  // code computes (a Python dict keyed by an f-string), is not empty once deployed.
  if ((node as HostJsonNode).unreadTests?.length || hasUnreadMembers(node)) return;
  const what = node.type === 'array' ? 'an empty array' : 'an empty object';
  // A policy needs its Statement element, and a resource or trust policy its statements' Principal: removing them is
  // no way out (code sweep: "or remove Statement"; KMS sweep: "or remove Principal" in a key policy).
  const needsPrincipal = key === 'Principal' && (context.policyType === 'resource' || context.policyType === 'trust');
  const advice = key === 'Statement' ? 'Add the statements this policy is for.' : needsPrincipal ? 'Name the principals it is for.' : `Add a value or remove "${key}".`;
  context.report(spanOfNode(node), `"${key}" is ${what}. ${advice}`);
}
