import type { Property, Statement } from '../policy/model';
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
        if (!first || !second) continue;
        const later = first.span.start < second.span.start ? second : first;
        report(later.keySpan, `A statement cannot have both "${positive}" and "${negative}". Keep one of them.`);
      }
    }
  },
};

function propertyNamed(statement: Statement, key: string): Property | undefined {
  return statement.properties.find((p) => p.key === key);
}
