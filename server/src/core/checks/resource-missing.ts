import type { Statement } from '../policy/model';
import type { PolicyType } from '../policy/policy-type';
import { hasUnreadMembers } from '../policy/parse-policy';
import { writtenInOtherCase } from '../policy/elements';
import type { Check } from './check';
import { isEmptyStatement, statementAnchor, statementLabel } from './statement-anchor';

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
      if (!lacksResource(statement, policyType) || isEmptyStatement(statement)) continue;
      if (policyType === 'resource' && actsOnAnyService(statement))
        report(
          statementAnchor(statement),
          `${statementLabel(statement)} has no "Resource". Add "Resource" with the ARNs it covers, or "*"; only an ECR repository or EFS file system policy may leave it out.`,
          { severity: 'warning' },
        );
      else report(statementAnchor(statement), `${statementLabel(statement)} has no "Resource". Add "Resource" with the ARNs it covers, or "*".`);
    }
  },
};

/**
 * Whether a statement of a policy other than a trust policy needs a Resource it does not have: IAM rejects such a
 * policy, and KMS keeps such a key policy statement without effect, so it grants nothing until one is added.
 */
export function lacksResource(statement: Statement, policyType: PolicyType | undefined): boolean {
  if (statement.resource || statement.notResource || hasUnreadMembers(statement.node) || writtenInOtherCase(statement, 'Resource', 'NotResource')) return false;
  return !(policyType === 'resource' && actsOnOwnResource(statement));
}

/**
 * `"Action": "*"` names no service, so a resource policy file of such statements may be an ECR repository's (the
 * Landing Zone Accelerator deploys one of perimeter Denies so): a warning there, not an error.
 */
function actsOnAnyService(statement: Statement): boolean {
  const actions = statement.action?.values ?? [];
  return actions.length > 0 && actions.every(({ value }) => value === '*');
}

function actsOnOwnResource(statement: Statement): boolean {
  const actions = statement.action?.values ?? [];
  return actions.length > 0 && actions.every(({ value }) => ownResourceServices.has(value.slice(0, value.indexOf(':')).toLowerCase()));
}
