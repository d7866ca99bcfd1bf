import type { Severity } from '../../checks/check';
import type { PolicyType } from '../../policy/policy-type';
import { policyAttributesOf, policySeveritiesOf, policyTypeOf } from '../terraform/resources';
import { organizationsPolicyTypes, policySites, type PolicySite } from '../cloudformation/resource-types';

/**
 * A class of one of Pulumi's AWS providers: `aws.iam.Role` of `@pulumi/aws` (made from Terraform's provider), or
 * `aws_native.iam.Role` of `@pulumi/aws-native` (made from CloudFormation's resource schemas).
 */
export interface PulumiClass {
  /** `cdktf`: a class of CDK for Terraform's AWS provider (`IamRole` of `@cdktf/provider-aws`), Terraform's resource in PascalCase. */
  readonly provider: 'aws' | 'aws-native' | 'cdktf';
  readonly module: string;
  readonly name: string;
}

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

/**
 * `aws_s3_bucket_policy` for the class `BucketPolicy` of the module `s3`; for a CDK for Terraform class, its name
 * (`S3BucketPolicy`) in snake_case after `aws_`.
 */
export function terraformTypeOf(module: string, className: string, provider: PulumiClass['provider'] = 'aws'): string {
  if (provider === 'cdktf') return `aws_${snakeCase(className)}`;
  const listed = TERRAFORM_TYPES[`${module}.${className}`];
  if (listed) return listed;
  // Python's module of a keyword's name: `aws.lambda_.Permission`.
  return `aws_${module.toLowerCase().replace(/_$/, '')}_${snakeCase(className)}`;
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
export function pulumiPolicyTypeOf(resourceClass: PulumiClass, path: readonly string[], values: ReadonlyMap<string, string>): PolicyType | undefined {
  if (resourceClass.provider === 'aws-native') {
    if (cloudFormationTypeOf(resourceClass) === 'AWS::Organizations::Policy' && path.length === 1 && sameName(path[0], 'Content')) {
      const type = [...values].find(([key]) => sameName(key, 'Type'))?.[1];
      return type === undefined ? undefined : organizationsPolicyTypes[type];
    }
    return nativeSiteOf(resourceClass, path)?.type;
  }
  const attributes = new Map([...values].map(([key, value]) => [attributeNameOf(key), value]));
  return policyTypeOf(terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider), path.map(attributeNameOf).join('.'), attributes);
}

/**
 * Whether a Pulumi resource's argument holds a policy document that is no IAM policy: an AWS IoT Core policy's
 * (`aws.iot.Policy`'s `policy`, aws-native's `iot.Policy` `policyDocument`), or an Organizations tag policy's content.
 */
export function pulumiForeignPolicy(resourceClass: PulumiClass, path: readonly string[], values: ReadonlyMap<string, string>): boolean {
  if (pulumiPolicyTypeOf(resourceClass, path, values) !== undefined) return false;
  if (resourceClass.provider === 'aws-native') return cloudFormationTypeOf(resourceClass) === 'AWS::IoT::Policy' && path.length === 1 && sameName(path[0], 'PolicyDocument');
  const type = terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider);
  return policyAttributesOf(type)?.[path.map(attributeNameOf).join('.')] !== undefined;
}

/** The host's defaults for rules on the policies of this class (an endpoint policy's, a repository's own). */
export function pulumiPolicySeverities(resourceClass: PulumiClass, path: readonly string[]): Readonly<Record<string, Severity | 'off'>> | undefined {
  if (resourceClass.provider === 'aws-native') return nativeSiteOf(resourceClass, path)?.severities;
  return policySeveritiesOf(terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider));
}

/**
 * `AWS::S3::BucketPolicy` for the aws-native class `s3.BucketPolicy`: the provider's modules and classes are the
 * CloudFormation types' service and resource names in other letter cases (`ec2.VpcEndpoint` is `AWS::EC2::VPCEndpoint`).
 * Only the types whose properties hold policies are known.
 * https://www.pulumi.com/registry/packages/aws-native/api-docs/
 */
export function cloudFormationTypeOf(resourceClass: PulumiClass): string | undefined {
  return CLOUDFORMATION_TYPES.get(`aws::${resourceClass.module}::${resourceClass.name}`.toLowerCase());
}

const CLOUDFORMATION_TYPES = new Map([...Object.keys(policySites), 'AWS::Organizations::Policy'].map((type) => [type.toLowerCase(), type]));

/**
 * The CloudFormation policy site an aws-native argument path is: its arguments are the type's properties in camelCase
 * (Python's in snake_case), a list's items written without the site's `*`.
 */
function nativeSiteOf(resourceClass: PulumiClass, path: readonly string[]): PolicySite | undefined {
  const type = cloudFormationTypeOf(resourceClass);
  const sites = type === undefined ? undefined : policySites[type];
  return sites?.find((site) => {
    const properties = site.path.filter((part) => part !== '*');
    return properties.length === path.length && properties.every((property, i) => sameName(path[i], property));
  });
}

/** Whether a class of a provider's module holds a policy in one of its arguments (`iam.Role`, `s3.BucketPolicy`). */
export function holdsPolicies(resourceClass: PulumiClass): boolean {
  if (resourceClass.provider === 'aws-native') return cloudFormationTypeOf(resourceClass) !== undefined;
  return policyAttributesOf(terraformTypeOf(resourceClass.module, resourceClass.name, resourceClass.provider)) !== undefined;
}

/** `policyDocument`, `policy_document` and `PolicyDocument` name one property. */
export function sameName(written: string, property: string): boolean {
  return written.replace(/_/g, '').toLowerCase() === property.toLowerCase();
}
