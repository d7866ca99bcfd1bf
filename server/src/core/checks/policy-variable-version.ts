import type { PolicyDocument } from '../policy/model';
import { substitutesVariables, variableSitesOf, variableSpan } from '../policy/variable-sites';
import { spanOf } from '../text/span';
import type { Check, Fix, TextEdit } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
// IAM Access Analyzer: "Variable unsupported in version".
export const policyVariableVersion: Check = {
  id: 'policy-variable-version',
  severity: 'error',
  description:
    'Policy variables need "Version": "2012-10-17". Without a Version, or with "2008-10-17", IAM reads ${aws:username} as plain text, so the Resource or Condition never matches what was meant.',
  run({ policy, report }) {
    const version = policy.version?.value?.value;
    // An invalid Version is version-invalid's to report.
    if (version === '2012-10-17' || (policy.version && version !== '2008-10-17')) return;
    if (policy.root?.type !== 'object') return;
    const why = version ? 'the policy is "Version": "2008-10-17"' : 'the policy has no Version, so IAM reads it as 2008-10-17';
    const fix = versionFix(policy);
    for (const site of variableSitesOf(policy)) {
      if (!substitutesVariables(site.element)) continue;
      for (const variable of site.scan.variables) {
        const written = site.value.value.slice(variable.start, variable.end);
        report(variableSpan(policy, site, variable.start, variable.end), `"${written}" is plain text here because ${why}. Use "Version": "2012-10-17" for policy variables.`, {
          fixes: [fix],
        });
      }
    }
  },
};

function versionFix(policy: PolicyDocument): Fix {
  const value = policy.version?.value;
  const edit: TextEdit = value ? { span: value.span, newText: '"2012-10-17"' } : insertVersion(policy);
  return { title: value ? 'Change the Version to "2012-10-17"' : 'Add "Version": "2012-10-17"', edits: [edit], isPreferred: true };
}

// Before the first key, on a line of its own when the keys are on lines of their own.
function insertVersion(policy: PolicyDocument): TextEdit {
  const first = policy.properties[0];
  if (!first) return { span: spanOf(policy.root!.offset + 1, 0), newText: '"Version": "2012-10-17"' };
  const lineStart = policy.text.lastIndexOf('\n', first.span.start - 1) + 1;
  const indent = policy.text.slice(lineStart, first.span.start);
  return { span: spanOf(first.span.start, 0), newText: `"Version": "2012-10-17",${/^\s*$/.test(indent) ? `\n${indent}` : ' '}` };
}
