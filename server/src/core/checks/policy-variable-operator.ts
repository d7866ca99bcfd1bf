import { variableSitesOf, variableSpan } from '../policy/variable-sites';
import type { Check } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// IAM Access Analyzer: "Invalid variable for operator".
export const policyVariableOperator: Check = {
  id: 'policy-variable-operator',
  severity: 'error',
  onlyWith: 'Condition',
  description:
    'IAM substitutes policy variables in String and ARN conditions (and, by the operator reference, Bool), but not in Numeric, Date, BinaryEquals, IpAddress or Null conditions, where "${…}" stays plain text.',
  run({ policy, report }) {
    for (const site of variableSitesOf(policy)) {
      const operator = site.block?.operator;
      if (!operator || operator.policyVariables) continue;
      for (const variable of site.scan.variables) {
        const written = site.value.value.slice(variable.start, variable.end);
        report(
          variableSpan(policy, site, variable.start, variable.end),
          `IAM does not substitute policy variables in ${operator.family} conditions, so "${site.block!.entry.operator}" compares "${written}" as plain text. Use a literal value, or a String or ARN operator.`,
        );
      }
    }
  },
};
