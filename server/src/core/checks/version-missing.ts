import type { PolicyDocument } from '../policy/model';
import { spanOf } from '../text/span';
import { hasUnreadMembers } from '../policy/parse-policy';
import { isLoneStatement } from '../policy/detect';
import type { Check, TextEdit } from './check';

export const versionMissing: Check = {
  id: 'version-missing',
  severity: 'information',
  description: 'Without a Version element IAM uses the old 2008-10-17 language, where policy variables such as ${aws:username} are plain text. Add "Version": "2012-10-17".',
  run({ policy, report }) {
    // A statement without its policy around it gets its Version with the wrapper statement-missing offers.
    if (policy.root?.type !== 'object' || policy.version || hasUnreadMembers(policy.root) || isLoneStatement(policy)) return;
    // A `version` in another case is unknown-element's finding.
    if (policy.properties.some((property) => property.key.toLowerCase() === 'version')) return;
    report(spanOf(policy.root.offset, 1), 'The policy has no "Version", so IAM reads it as version 2008-10-17. Add "Version": "2012-10-17".', {
      fixes: [{ title: 'Add "Version": "2012-10-17"', edits: [insertVersion(policy)], isPreferred: true }],
    });
  },
};

/** Inserts the Version before the first key, on its own line when the keys are on lines of their own. */
function insertVersion(policy: PolicyDocument): TextEdit {
  const first = policy.properties[0];
  if (!first) return { span: spanOf(policy.root!.offset + 1, 0), newText: '"Version": "2012-10-17"' };
  const lineStart = policy.text.lastIndexOf('\n', first.span.start - 1) + 1;
  const before = policy.text.slice(lineStart, first.span.start);
  const separator = /^\s*$/.test(before) ? `\n${before}` : ' ';
  return { span: spanOf(first.span.start, 0), newText: `"Version": "2012-10-17",${separator}` };
}
