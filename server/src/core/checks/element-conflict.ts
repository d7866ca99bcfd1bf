import type { JsonNode, Property, Statement } from '../policy/model';
import { isDeployTimeNode } from '../policy/parse-policy';
import type { Check } from './check';

const pairs: [string, string][] = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
];

export const elementConflict: Check = {
  id: 'element-conflict',
  severity: 'error',
  description: 'A statement may use Action or NotAction, Resource or NotResource, Principal or NotPrincipal, but not both of a pair.',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      for (const [positive, negative] of pairs) {
        const first = propertyNamed(statement, positive);
        const second = propertyNamed(statement, negative);
        if (!first || !second || mayBeLeftOut(first) || mayBeLeftOut(second)) continue;
        const later = first.span.start < second.span.start ? second : first;
        report(later.keySpan, `A statement cannot have both "${positive}" and "${negative}". Keep one of them.`);
      }
    }
  },
};

function propertyNamed(statement: Statement, key: string): Property | undefined {
  return statement.properties.find((p) => p.key === key);
}

/**
 * Whether an element's whole value is known only at deploy time: a Terraform policy document fed from a variable
 * (`not_actions = lookup(statement.value, "not_actions", [])`, as cloudposse's Step Functions module writes beside
 * `actions`) leaves an element out when its list is empty, so the pair may never be written together.
 */
function mayBeLeftOut(property: Property): boolean {
  const node = property.valueNode;
  const items: readonly JsonNode[] = node?.type === 'array' ? (node.children ?? []) : node ? [node] : [];
  return items.length > 0 && items.every(isDeployTimeNode);
}
