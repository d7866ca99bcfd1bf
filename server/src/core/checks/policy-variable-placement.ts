import { substitutesVariables, variableSitesOf, variableSpan } from '../policy/variable-sites';
import type { Check } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse
// IAM Access Analyzer: "Variable unsupported in element".
export const policyVariablePlacement: Check = {
  id: 'policy-variable-placement',
  severity: 'error',
  description: 'IAM replaces policy variables only in Resource (and NotResource) values and in Condition values; in Action or Principal, "${aws:username}" is plain text.',
  run({ policy, report }) {
    for (const site of variableSitesOf(policy)) {
      if (substitutesVariables(site.element)) continue;
      const occurrences = [...site.scan.variables, ...site.scan.problems].sort((a, b) => a.start - b.start);
      for (const { start, end } of occurrences) {
        const written = site.value.value.slice(start, end);
        report(variableSpan(policy, site, start, end), `Policy variables work only in Resource and Condition values; in ${site.element}, IAM reads "${written}" as plain text. Write the value out.`);
      }
    }
  },
};
