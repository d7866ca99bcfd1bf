import type { Severity } from '../../checks/check';
import type { PolicyType } from '../../policy/policy-type';
import { policySeverities, policyTypeOf } from '../terraform/resources';

/**
 * Pulumi's AWS provider (`@pulumi/aws`, `pulumi_aws`) is made from Terraform's: the class `aws.s3.BucketPolicy` is
 * the resource `aws_s3_bucket_policy`, and its `policy` argument the same attribute, written in camelCase. So the
 * policy attributes and the policy type each holds are Terraform's (terraform/resources.ts), looked up by that name.
 * Listed here: the classes whose module is not the Terraform type's second word, and those Pulumi renamed.
 * https://www.pulumi.com/registry/packages/aws/api-docs/
 */
const TERRAFORM_TYPES: Readonly<Record<string, string>> = {
  'ec2.VpcEndpoint': 'aws_vpc_endpoint',
  'ec2.VpcEndpointPolicy': 'aws_vpc_endpoint_policy',
  'apigateway.RestApi': 'aws_api_gateway_rest_api',
  'apigateway.RestApiPolicy': 'aws_api_gateway_rest_api_policy',
  'mediastore.ContainerPolicy': 'aws_media_store_container_policy',
  's3.BucketV2': 'aws_s3_bucket',
  'codeartifact.DomainPermissions': 'aws_codeartifact_domain_permissions_policy',
};

/** Arguments Pulumi writes as a list where Terraform has repeated blocks: a role's `inlinePolicies` are its `inline_policy` blocks. */
const LIST_BLOCKS: Readonly<Record<string, string>> = { inlinePolicies: 'inline_policy' };

/** `aws_s3_bucket_policy` for the class `BucketPolicy` of the module `s3`. */
export function terraformTypeOf(module: string, className: string): string {
  const listed = TERRAFORM_TYPES[`${module}.${className}`];
  if (listed) return listed;
  return `aws_${module.toLowerCase()}_${snakeCase(className)}`;
}

/** `assume_role_policy` for `assumeRolePolicy`; `inline_policy` for the list `inlinePolicies`. */
export function attributeNameOf(argument: string): string {
  return LIST_BLOCKS[argument] ?? snakeCase(argument);
}

function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The policy type of a Pulumi resource's argument (`path`: argument names from the resource's arguments down, such
 * as `['inlinePolicies', 'policy']`), undefined when it holds no IAM policy. `values`: the resource's string
 * arguments, for the types that depend on one (an organizations Policy's `type`).
 */
export function pulumiPolicyTypeOf(module: string, className: string, path: readonly string[], values: ReadonlyMap<string, string>): PolicyType | undefined {
  const attributes = new Map([...values].map(([key, value]) => [attributeNameOf(key), value]));
  return policyTypeOf(terraformTypeOf(module, className), path.map(attributeNameOf).join('.'), attributes);
}

/** The host's defaults for rules on the policies of this class (an endpoint policy's, a repository's own). */
export function pulumiPolicySeverities(module: string, className: string): Readonly<Record<string, Severity | 'off'>> | undefined {
  return policySeverities[terraformTypeOf(module, className)];
}
