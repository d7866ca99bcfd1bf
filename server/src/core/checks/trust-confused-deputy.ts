import { principalValuesOf } from '../policy/principals';
import { sourceAccountFix } from '../risk/policy-edits';
import { isConfusedDeputyService, sourceKeys, testsAnyKey } from '../risk/trust';
import type { Check } from './check';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
export const trustConfusedDeputy: Check = {
  id: 'trust-confused-deputy',
  severity: 'warning',
  description:
    'A role that a service such as Step Functions, CodeBuild or AWS Config assumes for your resources should trust it only with an aws:SourceArn or aws:SourceAccount condition, so that the service cannot be made to use the role for another account.',
  run({ policy, policyType, report }) {
    if (policyType !== 'trust') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !statement.principal || testsAnyKey(statement, sourceKeys)) continue;
      const principals = [...principalValuesOf(statement)].filter((p) => p.element === 'Principal');
      const services = principals.filter((p) => p.type === 'Service' && isConfusedDeputyService(p.value.value));
      // The condition applies to every principal of the statement; others (ec2.amazonaws.com, an account) would
      // not pass the key and so could no longer assume the role.
      const fixable = services.length === principals.length;
      for (const { value } of services) {
        report(
          value.span,
          `"${value.value}" can assume this role without an "aws:SourceAccount" or "aws:SourceArn" condition, so the service could be made to use it on behalf of another account (the confused deputy problem). Add a condition naming your account or the resource that uses the role.`,
          { fixes: fixable ? sourceAccountFix(policy.text, statement) : [] },
        );
      }
    }
  },
};
