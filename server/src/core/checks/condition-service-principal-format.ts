import { conditionBlocksOf, conditionValueSpan } from '../policy/condition-blocks';
import { placeholderIn } from '../policy/placeholder-text';
import { mayHavePolicyVariable } from '../policy/policy-variables';
import type { Check, Fix } from './check';

// Keys whose value is a service principal, a name like a host name: "The service principal for the AWS service to which
// this role is attached … For example: elasticbeanstalk.amazonaws.com" (CreateServiceLinkedRole's AWSServiceName, which
// iam:AWSServiceName tests); iam:PassedToService, aws:CalledVia* and aws:PrincipalServiceName* take the same names.
// kms:ViaService takes the Region's endpoint of the calling service (`ec2.us-west-2.amazonaws.com`).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceLinkedRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
const principalKeys = new Set(['iam:awsservicename', 'iam:passedtoservice', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast', 'aws:principalservicename', 'aws:principalservicenameslist']);
const endpointKey = 'kms:viaservice';

export const conditionServicePrincipalFormat: Check = {
  id: 'condition-service-principal-format',
  severity: 'warning',
  onlyWith: 'Condition',
  description:
    'iam:AWSServiceName, iam:PassedToService, aws:CalledVia and the other keys that name a service hold its service principal (eks.amazonaws.com), and kms:ViaService its endpoint (ec2.us-west-2.amazonaws.com); a bare service name such as "eks" never matches.',
  run({ policy, report }) {
    const { text } = policy;
    for (const block of conditionBlocksOf(policy)) {
      const operator = block.operator;
      if (operator?.family !== 'String') continue;
      for (const { key, values } of block.entry.keys) {
        const lower = key.toLowerCase();
        const endpoint = lower === endpointKey;
        if (!endpoint && !principalKeys.has(lower)) continue;
        for (const value of values) {
          const written = value.value;
          // Every service principal and endpoint is a dotted name; a pattern with wildcards may still match one.
          if (value.jsonType !== 'string' || written === '' || written.includes('.') || mayHavePolicyVariable(written) || placeholderIn(written)) continue;
          if (operator.like && /[*?]/.test(written)) continue;
          const span = conditionValueSpan(text, value);
          if (endpoint) {
            report(span, `"${written}" is not a service endpoint: ${key} holds the endpoint of the service that calls AWS KMS, such as "ec2.us-west-2.amazonaws.com", so this value never matches.`);
            continue;
          }
          const principal = /^[a-z0-9-]+$/i.test(written) ? `${written.toLowerCase()}.amazonaws.com` : undefined;
          // The whole JSON string, quotes included, as value.span is: a host writes the fix in its own quoting.
          const fixes: Fix[] = principal ? [{ title: `Change to "${principal}"`, edits: [{ span: value.span, newText: JSON.stringify(principal) }], isPreferred: true }] : [];
          report(
            span,
            `"${written}" is not a service principal: ${key} holds one such as "${principal ?? 'ec2.amazonaws.com'}", so this value never matches.${principal ? ` Write "${principal}".` : ''}`,
            { fixes },
          );
        }
      }
    }
  },
};
