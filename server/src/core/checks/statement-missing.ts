import { spanOf } from '../text/span';
import { hasUnreadMembers } from '../policy/parse-policy';
import { isLoneStatement } from '../policy/detect';
import type { Check, Fix } from './check';

export const statementMissing: Check = {
  id: 'statement-missing',
  severity: 'error',
  description: 'Every policy needs a Statement element: one statement object or an array of them.',
  run({ policy, report }) {
    // A `statement` written in another case is unknown-element's finding: the key is there, in the wrong case.
    if (policy.properties.some((property) => property.key.toLowerCase() === 'statement')) return;
    if (policy.root?.type !== 'object' || policy.statementElement || hasUnreadMembers(policy.root)) return;
    const root = policy.root;
    if (isLoneStatement(policy)) {
      report(spanOf(root.offset, 1), 'This is a statement, not a policy: IAM reads statements only inside "Statement". Wrap it as {"Version": "2012-10-17", "Statement": [ ... ]}.', {
        fixes: [wrapStatementFix(root.offset, root.offset + root.length)],
      });
      return;
    }
    report(spanOf(root.offset, 1), 'The policy has no "Statement". Add "Statement": [{"Effect": "Allow", "Action": ..., "Resource": ...}].');
  },
};

/** The fix that wraps a statement written at `[start, end)` in a policy of its own. */
export function wrapStatementFix(start: number, end: number): Fix {
  return {
    title: 'Wrap the statement in a policy',
    edits: [
      { span: spanOf(start, 0), newText: '{\n  "Version": "2012-10-17",\n  "Statement": [\n' },
      { span: spanOf(end, 0), newText: '\n  ]\n}' },
    ],
    isPreferred: true,
  };
}
