import type { Check } from './check';
import { statementAnchor, statementLabel } from './statement-anchor';

export const resourceMissing: Check = {
  id: 'resource-missing',
  severity: 'error',
  description: 'Every statement needs a Resource or NotResource element, except in a role trust policy, where the role itself is the resource.',
  run({ policy, policyType, report }) {
    if (policyType === 'trust') return;
    for (const statement of policy.statements) {
      if (!statement.resource && !statement.notResource) {
        report(statementAnchor(statement), `${statementLabel(statement)} has no "Resource". Add "Resource" with the ARNs it covers, or "*".`);
      }
    }
  },
};
