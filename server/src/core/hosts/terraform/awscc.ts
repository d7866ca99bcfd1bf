import { policySites, type PolicySite } from '../cloudformation/resource-types';

/**
 * The AWS Cloud Control provider (hashicorp/awscc) writes CloudFormation's resources in Terraform: `AWS::IAM::Role`
 * is `awscc_iam_role`, its `AssumeRolePolicyDocument` the attribute `assume_role_policy_document`, and a list of
 * objects such as `Policies` a list attribute whose items are read as nested blocks are
 * (https://registry.terraform.io/providers/hashicorp/awscc/latest/docs). So the policies it holds are those the
 * CloudFormation reader knows, renamed: one list, no second one to keep in step. Paths deeper than an attribute of a
 * nested object (a DynamoDB table's stream specification's policy) are left out.
 */
export const awsccPolicySites: ReadonlyMap<string, readonly { path: string; site: PolicySite }[]> = new Map(
  Object.entries(policySites).flatMap(([cloudFormationType, sites]) => {
    const [, service, type] = cloudFormationType.split('::');
    if (service === 'Serverless' || type === undefined) return [];
    const paths = sites.flatMap((site) => {
      const segments = site.path.filter((segment) => segment !== '*');
      return segments.length <= 2 && segments.every((segment) => /^[A-Za-z0-9]+$/.test(segment)) ? [{ path: segments.map(snakeCase).join('.'), site }] : [];
    });
    return paths.length > 0 ? [[`awscc_${service.toLowerCase()}_${snakeCase(type)}`, paths] as const] : [];
  }),
);

/** `AssumeRolePolicyDocument` → `assume_role_policy_document`, `VPCEndpoint` → `vpc_endpoint`, `DomainNameV2` → `domain_name_v2`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
