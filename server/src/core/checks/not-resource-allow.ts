import type { Statement } from '../policy/model';
import { parseConditionOperator } from '../policy/condition-operators';
import { actionsMatching } from '../risk/action-expansion';
import { grantsPermissions } from '../risk/policy-scope';
import type { Check } from './check';

// "NotResource with Allow" grants the actions on every resource not listed, in every account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
export const notResourceAllow: Check = {
  id: 'not-resource-allow',
  severity: 'warning',
  description:
    'NotResource with "Effect": "Allow" grants the actions on every resource except the listed ones, including resources AWS adds later and those of other accounts; list the allowed resources in Resource, or use NotResource with Deny.',
  run({ policy, policyType, catalog, report }) {
    if (!grantsPermissions(policyType)) return;
    for (const statement of policy.statements) {
      const notResource = statement.notResource;
      if (statement.effect?.value?.value !== 'Allow' || !notResource || statement.resource) continue;
      // Actions without resource types are granted on "*" whatever the statement names; NotResource changes nothing for them.
      const actions = (statement.action?.values ?? []).flatMap((value) => actionsMatching(catalog, value.value));
      if (statement.action && actions.length > 0 && actions.every((action) => action.resourceTypes.length === 0)) continue;
      // KMS keys used only through a service (kms:ViaService), on keys outside the account: Amazon MWAA's guide grants
      // the AWS-owned key its SQS queues use so, a key no ARN of the account names (orchestration and EMR sweeps).
      // https://docs.aws.amazon.com/mwaa/latest/userguide/mwaa-create-role.html
      if (actions.length > 0 && actions.every((action) => action.service === 'kms') && viaServiceOnly(statement)) continue;
      const listed = notResource.values.length === 1 ? `"${notResource.values[0].value}"` : `the ${notResource.values.length} listed resources`;
      report(
        notResource.property.keySpan,
        `"NotResource" with "Allow" grants the statement's actions on every resource except ${listed}, in this account and any other the actions reach. List the resources to allow in "Resource" instead, or pair "NotResource" with "Deny".`,
      );
    }
  },
};

/** Whether the statement allows only requests a named AWS service makes (a kms:ViaService test that is no negation). */
function viaServiceOnly(statement: Statement): boolean {
  return (statement.condition?.operators ?? []).some((operator) => {
    const parsed = parseConditionOperator(operator.operator);
    return parsed !== undefined && parsed.family === 'String' && !parsed.negated && operator.keys.some((entry) => entry.key.toLowerCase() === 'kms:viaservice' && entry.values.length > 0);
  });
}
