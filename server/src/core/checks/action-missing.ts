import { hasUnreadMembers } from '../policy/parse-policy';
import { writtenInOtherCase } from '../policy/elements';
import type { Check } from './check';
import { isEmptyStatement, statementAnchor, statementLabel } from './statement-anchor';

export const actionMissing: Check = {
  id: 'action-missing',
  severity: 'error',
  description: 'Every statement needs an Action or a NotAction element; without one IAM rejects the policy.',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      if (!statement.action && !statement.notAction && !hasUnreadMembers(statement.node) && !isEmptyStatement(statement) && !writtenInOtherCase(statement, 'Action', 'NotAction'))
        report(statementAnchor(statement), `${statementLabel(statement)} has no "Action". Add "Action" (or "NotAction") with the actions it covers.`);
    }
  },
};
