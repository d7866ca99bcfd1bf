import { hasUnreadMembers } from '../policy/parse-policy';
import { writtenInOtherCase } from '../policy/elements';
import type { Check } from './check';
import { isEmptyStatement, statementAnchor, statementLabel } from './statement-anchor';

export const effectMissing: Check = {
  id: 'effect-missing',
  severity: 'error',
  description: 'Every statement needs an Effect: "Allow" or "Deny".',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      if (statement.effect || hasUnreadMembers(statement.node) || writtenInOtherCase(statement, 'Effect')) continue;
      if (isEmptyStatement(statement))
        report(statementAnchor(statement), `${statementLabel(statement)} is empty, and IAM refuses a statement without an "Effect" and an "Action". Write what it allows or denies, or remove it.`);
      else report(statementAnchor(statement), `${statementLabel(statement)} has no "Effect". Add "Effect": "Allow" or "Effect": "Deny".`);
    }
  },
};
