import type { JsonNode, Property } from '../policy/model';
import { propertiesOf, spanOfNode } from '../policy/parse-policy';
import type { Check, CheckContext } from './check';

export const emptyValue: Check = {
  id: 'empty-value',
  severity: 'warning',
  description: 'An empty array or object (for example "Action": [] or "Condition": {}) matches nothing or does nothing; fill it in or remove it.',
  run(context) {
    const { policy } = context;
    const statementElement = policy.statementElement;
    if (statementElement) flagEmpty(context, statementElement);
    for (const statement of policy.statements) {
      for (const property of statement.properties) {
        flagEmpty(context, property);
        const node = property.valueNode;
        if (node?.type !== 'object') continue;
        for (const inner of propertiesOf(node)) {
          flagEmpty(context, inner);
          if (property.key === 'Condition' && inner.valueNode?.type === 'object') {
            for (const key of propertiesOf(inner.valueNode)) flagEmpty(context, key);
          }
        }
      }
    }
  },
};

function flagEmpty(context: CheckContext, property: Property): void {
  const node: JsonNode | undefined = property.valueNode;
  if (!node || (node.type !== 'array' && node.type !== 'object') || (node.children?.length ?? 0) > 0) return;
  const what = node.type === 'array' ? 'an empty array' : 'an empty object';
  context.report(spanOfNode(node), `"${property.key}" is ${what}. Add a value or remove "${property.key}".`);
}
