import type { StringValue } from '../policy/model';
import type { Span } from '../text/span';
import type { Check } from './check';
import { ActionIssue, actionNameOf, forEachResolvedAction } from './resolved-actions';

export const actionCase: Check = {
  id: 'action-case',
  severity: 'hint',
  description: 'IAM matches actions case-insensitively, so "S3:getobject" works; writing them as AWS does ("s3:GetObject") keeps policies readable and searchable.',
  run({ policy, catalog, report }) {
    // Only the lists known to hold such a value: comparing each of the managed policies' 59,000 values with its AWS
    // spelling cost about 13 ms a pass, when 76 of the 1,594 policies hold one.
    forEachResolvedAction(policy, catalog, ActionIssue.Miscased, (value, facts) => {
      const fullName = facts?.fullName;
      if (fullName === undefined || fullName === value.value) return;
      const { title, newText } = caseFixOf(fullName);
      report(actionTextSpan(value), `"${value.value}" is written "${fullName}" by AWS. IAM ignores the case, but the usual spelling reads better.`, {
        fixes: [{ title, edits: [{ span: value.span, newText }], isPreferred: true }],
      });
    });
  },
};

// The managed policies alone report 6,200 of these a pass, and the fix's strings depend on the action only: made
// once per action. Keyed by the name, which keeps no catalog alive; at most one entry per catalog action.
const caseFixes = new Map<string, { title: string; newText: string }>();

function caseFixOf(fullName: string): { title: string; newText: string } {
  let fix = caseFixes.get(fullName);
  if (!fix) caseFixes.set(fullName, (fix = { title: `Change to "${fullName}"`, newText: JSON.stringify(fullName) }));
  return fix;
}

/** From the prefix's start to the name's end, as `actionNameOf` has them, without splitting the value. */
function actionTextSpan(value: StringValue): Span {
  if (value.mapSpan) {
    const action = actionNameOf(value);
    return { start: action.prefixSpan.start, end: action.nameSpan.end };
  }
  const start = value.span.start + 1;
  return { start, end: start + value.value.length };
}
