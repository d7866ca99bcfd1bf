import { substitutesVariables, variableSitesOf, variableSpan } from '../policy/variable-sites';
import type { Check } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse
// IAM Access Analyzer: "Variable unsupported in element".
const CLOUDFORMATION_PSEUDO_PARAMETER = /^\$\{AWS::[A-Za-z]+\}$/;

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
        // `${AWS::AccountId}` outside Fn::Sub: a template's pseudo parameter CloudFormation never replaced, not a policy variable.
        const message = CLOUDFORMATION_PSEUDO_PARAMETER.test(written)
          ? `"${written}" is a CloudFormation pseudo parameter, which CloudFormation replaces only inside Fn::Sub (!Sub); written as plain text it reaches IAM as it is, and ${site.element} takes no variable. Write the value in !Sub, or write it out.`
          : `Policy variables work only in Resource and Condition values; in ${site.element}, IAM reads "${written}" as plain text. Write the value out.`;
        report(variableSpan(policy, site, start, end), message);
      }
    }
  },
};
