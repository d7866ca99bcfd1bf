import { policySites, type PolicySite } from '../cloudformation/resource-types';

/**
 * The AWS Cloud Control provider (hashicorp/awscc) writes CloudFormation's resources in Terraform: `AWS::IAM::Role`
 * is `awscc_iam_role`, its `AssumeRolePolicyDocument` the attribute `assume_role_policy_document`, and a list of
 * objects such as `Policies` a list attribute whose items are read as nested blocks are
 * (https://registry.terraform.io/providers/hashicorp/awscc/latest/docs). So the policies it holds are those the
 * CloudFormation reader knows, renamed: one list, no second one to keep in step. Paths deeper than an attribute of a
 * nested object (a DynamoDB table's stream specification's policy) are left out.
 *
 * Made on first use, not when the module loads: a process that lints JSON policies only never needs it, and the
 * objects made at start-up change which allocation sites V8 pretenures (a steady in-process lint pass over the
 * managed policies took 1.3× the time in most processes when this map was made at load).
 */
export function awsccPolicySites(): ReadonlyMap<string, readonly { path: string; site: PolicySite }[]> {
  return (sites ??= new Map(
    Object.entries(policySites).flatMap(([cloudFormationType, written]) => {
      const [, service, type] = cloudFormationType.split('::');
      if (service === 'Serverless' || type === undefined) return [];
      const paths = written.flatMap((site) => {
        const segments = site.path.filter((segment) => segment !== '*');
        return segments.length <= 2 && segments.every((segment) => /^[A-Za-z0-9]+$/.test(segment)) ? [{ path: segments.map(snakeCase).join('.'), site }] : [];
      });
      return paths.length > 0 ? [[`awscc_${service.toLowerCase()}_${snakeCase(type)}`, paths] as const] : [];
    }),
  ));
}

let sites: ReadonlyMap<string, readonly { path: string; site: PolicySite }[]> | undefined;

/** `AssumeRolePolicyDocument` → `assume_role_policy_document`, `VPCEndpoint` → `vpc_endpoint`, `DomainNameV2` → `domain_name_v2`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
