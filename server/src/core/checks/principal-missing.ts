import { insertFirstProperty } from '../policy/json-edits';
import { hasUnreadMembers } from '../policy/parse-policy';
import { writtenInOtherCase } from '../policy/elements';
import type { Check } from './check';
import { isEmptyStatement, statementAnchor, statementLabel } from './statement-anchor';

export const principalMissing: Check = {
  id: 'principal-missing',
  severity: 'error',
  description: 'Every statement of a resource-based policy, role trust policy or RCP needs a Principal (or, where supported, NotPrincipal) saying whom it applies to.',
  run({ policy, policyType, report }) {
    if (policyType !== 'resource' && policyType !== 'trust' && policyType !== 'rcp') return;
    for (const statement of policy.statements) {
      if (statement.principal || statement.notPrincipal || hasUnreadMembers(statement.node) || isEmptyStatement(statement) || writtenInOtherCase(statement, 'Principal', 'NotPrincipal')) continue;
      const label = statementLabel(statement);
      if (policyType === 'rcp') {
        // An RCP takes only "*" here, so the fix is certain.
        report(statementAnchor(statement), `${label} has no "Principal". An RCP statement needs "Principal": "*"; add it.`, {
          fixes: [{ title: 'Add "Principal": "*"', edits: [insertFirstProperty(policy.text, statement.node, 'Principal', '"*"')], isPreferred: true }],
        });
      } else if (policyType === 'trust') {
        report(statementAnchor(statement), `${label} has no "Principal". Add "Principal" with the accounts, roles, services or identity providers that may assume the role.`);
      } else {
        report(statementAnchor(statement), `${label} has no "Principal". A resource-based policy must say whom it applies to: add "Principal", for example {"AWS": "111122223333"}.`);
      }
    }
  },
};
