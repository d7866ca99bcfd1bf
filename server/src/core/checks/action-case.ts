import type { Check } from './check';
import { actionNameOf, resolvedActions } from './resolved-actions';

export const actionCase: Check = {
  id: 'action-case',
  severity: 'hint',
  description: 'IAM matches actions case-insensitively, so "S3:getobject" works; writing them as AWS does ("s3:GetObject") keeps policies readable and searchable.',
  run({ policy, catalog, report }) {
    const { values, facts } = resolvedActions(policy, catalog);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const known = facts[i]?.action;
      if (!known || known.fullName === value.value) continue;
      const action = actionNameOf(value);
      report({ start: action.prefixSpan.start, end: action.nameSpan.end }, `"${value.value}" is written "${known.fullName}" by AWS. IAM ignores the case, but the usual spelling reads better.`, {
        fixes: [{ title: `Change to "${known.fullName}"`, edits: [{ span: value.span, newText: JSON.stringify(known.fullName) }], isPreferred: true }],
      });
    }
  },
};
