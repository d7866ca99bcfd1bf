import { spanOf } from '../text/span';
import { hasUnreadMembers } from '../policy/parse-policy';
import type { Check } from './check';

export const statementMissing: Check = {
  id: 'statement-missing',
  severity: 'error',
  description: 'Every policy needs a Statement element: one statement object or an array of them.',
  run({ policy, report }) {
    // A `statement` written in another case is unknown-element's finding: the key is there, in the wrong case.
    if (policy.properties.some((property) => property.key.toLowerCase() === 'statement')) return;
    if (policy.root?.type === 'object' && !policy.statementElement && !hasUnreadMembers(policy.root)) {
      report(spanOf(policy.root.offset, 1), 'The policy has no "Statement". Add "Statement": [{"Effect": "Allow", "Action": ..., "Resource": ...}].');
    }
  },
};
