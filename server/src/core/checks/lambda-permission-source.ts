import { principalValuesOf } from '../policy/principals';
import { sourceKeys, testsAnyKey } from '../risk/trust';
import type { Check } from './check';

// "If you grant permission to a service principal without specifying the source, other accounts could potentially
// configure resources in their account to invoke your Lambda function" (Lambda's AddPermission); "This lets Amazon SNS
// call the Invoke API action on the function, but it doesn't restrict the Amazon SNS topic that triggers the
// invocation" (https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html).
export const lambdaPermissionSource: Check = {
  id: 'lambda-permission-source',
  severity: 'warning',
  description:
    "A Lambda function's resource policy that lets an AWS service invoke it should name the resource that invokes it (aws:SourceArn, SourceArn of a Lambda permission) or its account: otherwise a resource of that service in another account can invoke the function too.",
  run({ policy, policyType, report }) {
    if (policyType !== 'resource') return;
    for (const statement of policy.statements) {
      if (statement.effect?.value?.value !== 'Allow' || !invokesOnly(statement.action?.values ?? []) || testsAnyKey(statement, sourceKeys)) continue;
      for (const { element, type, value } of principalValuesOf(statement)) {
        if (element !== 'Principal' || type !== 'Service' || !isAwsServicePrincipal(value.value) || sameAccountOnly.test(value.value)) continue;
        report(
          value.span,
          `"${value.value}" may invoke this function for any of its resources, also one in another account. Name the resource that invokes it with an "aws:SourceArn" condition (SourceArn on a Lambda permission), or at least its account with "aws:SourceAccount".`,
        );
      }
    }
  },
};

// A load balancer invokes only a function of its own account: "The Lambda function and target group must be in the
// same account and in the same Region" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html).
const sameAccountOnly = /^elasticloadbalancing\./;

// Invoking the function is all the statement allows: lambda:InvokeFunction, InvokeFunctionUrl, InvokeAsync, lambda:Invoke*.
function invokesOnly(actions: readonly { value: string }[]): boolean {
  return actions.length > 0 && actions.every(({ value }) => /^lambda:invoke(function(url)?|async|\*)$/i.test(value));
}

// `events.amazonaws.com`, `events.${AWS::URLSuffix}`, Terraform's `events.${data.aws_partition.current.dns_suffix}`: a
// service of AWS, which may act for any account's resources.
function isAwsServicePrincipal(value: string): boolean {
  return /\.(amazonaws\.com(\.cn)?|\$\{AWS::URLSuffix\}|\$\{[^}]*dns_suffix\})$/.test(value);
}
