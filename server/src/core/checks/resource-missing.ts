import type { Statement } from '../policy/model';
import { hasUnreadMembers } from '../policy/parse-policy';
import { writtenInOtherCase } from '../policy/elements';
import type { Check } from './check';
import { statementAnchor, statementLabel } from './statement-anchor';

// An Amazon ECR repository policy and an EFS file system policy apply to their one resource and may name none (see
// ownResourcePolicySeverities in hosts/resource-policy-defaults.ts, where a template or module says which policy it
// is). In a policy file, a resource policy statement whose actions are all of those services' is read as one.
const ownResourceServices = new Set(['ecr', 'ecr-public', 'elasticfilesystem']);

export const resourceMissing: Check = {
  id: 'resource-missing',
  severity: 'error',
  description: 'Every statement needs a Resource or NotResource element, except in a role trust policy, where the role itself is the resource.',
  run({ policy, policyType, report }) {
    if (policyType === 'trust') return;
    for (const statement of policy.statements) {
      if (statement.resource || statement.notResource || hasUnreadMembers(statement.node) || writtenInOtherCase(statement, 'Resource', 'NotResource')) continue;
      if (policyType === 'resource' && actsOnOwnResource(statement)) continue;
      report(statementAnchor(statement), `${statementLabel(statement)} has no "Resource". Add "Resource" with the ARNs it covers, or "*".`);
    }
  },
};

function actsOnOwnResource(statement: Statement): boolean {
  const actions = statement.action?.values ?? [];
  return actions.length > 0 && actions.every(({ value }) => ownResourceServices.has(value.slice(0, value.indexOf(':')).toLowerCase()));
}
