import { actionValuesOf, parseActionName } from '../policy/action-name';
import type { Check } from './check';

export const actionCase: Check = {
  id: 'action-case',
  severity: 'hint',
  description: 'IAM matches actions case-insensitively, so "S3:getobject" works; writing them as AWS does ("s3:GetObject") keeps policies readable and searchable.',
  run({ policy, catalog, report }) {
    for (const statement of policy.statements) {
      for (const value of actionValuesOf(statement)) {
        const action = parseActionName(value);
        if (!action || action.prefixHasWildcard || action.nameHasWildcard) continue;
        const known = catalog.findAction(value.value);
        if (!known || known.fullName === value.value) continue;
        report({ start: action.prefixSpan.start, end: action.nameSpan.end }, `"${value.value}" is written "${known.fullName}" by AWS. IAM ignores the case, but the usual spelling reads better.`, {
          fixes: [{ title: `Change to "${known.fullName}"`, edits: [{ span: value.span, newText: JSON.stringify(known.fullName) }], isPreferred: true }],
        });
      }
    }
  },
};
