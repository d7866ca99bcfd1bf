import type { InlineHolder, PolicyType } from '../../policy/policy-type';
import type { Severity } from '../../checks/check';
import { endpointPolicySeverities, ownResourcePolicySeverities } from '../resource-policy-defaults';
import type { PolicySite } from '../cloudformation/resource-types';
import { awsccPolicySites } from './awscc';

/**
 * The resource attributes that hold a policy document, and the policy type each one is. Paths with a dot name an
 * attribute of a nested block (`inline_policy.policy`). The list follows the AWS provider's resource docs; the
 * set of resources matches the one in awslabs/terraform-iam-policy-validator's default config (MIT-0), read as data.
 * A function instead of a type decides from another attribute (aws_organizations_policy's `type`).
 */
export type PolicyTypeRule = PolicyType | ((attributes: ReadonlyMap<string, string>) => PolicyType | undefined);

const identity = 'identity';
const resource = 'resource';

const awsPolicyAttributes: Readonly<Record<string, Readonly<Record<string, PolicyTypeRule>>>> = {
  aws_iam_policy: { policy: identity },
  aws_iam_role_policy: { policy: identity },
  aws_iam_user_policy: { policy: identity },
  aws_iam_group_policy: { policy: identity },
  aws_iam_role: { assume_role_policy: 'trust', 'inline_policy.policy': identity },
  aws_ssoadmin_permission_set_inline_policy: { inline_policy: identity },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_policy: `type`
  // defaults to SERVICE_CONTROL_POLICY; tag, backup and AI opt-out policies are not IAM policies.
  aws_organizations_policy: {
    content: (attributes) => {
      // A `type` the module computes (`var.policy_type`) is most often an SCP's, but content written with the
      // inheritance operators of tag, backup and AI opt-out policies (`"@@assign"`) and no Statement is one of those.
      const content = attributes.get('content');
      const managementPolicy = content !== undefined && /"@@(?:assign|append|remove|operators_allowed_for_child_policies)"/.test(content) && !/"Statement"/.test(content);
      const type = attributes.get('type') ?? (managementPolicy ? 'TAG_POLICY' : 'SERVICE_CONTROL_POLICY');
      return type === 'SERVICE_CONTROL_POLICY' ? 'scp' : type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : undefined;
    },
  },
  aws_s3_bucket_policy: { policy: resource },
  aws_s3_bucket: { policy: resource },
  aws_s3_access_point: { policy: resource },
  aws_s3control_access_point_policy: { policy: resource },
  aws_s3control_bucket_policy: { policy: resource },
  aws_s3control_multi_region_access_point_policy: { 'details.policy': resource },
  aws_s3control_object_lambda_access_point_policy: { policy: resource },
  aws_sqs_queue_policy: { policy: resource },
  aws_sqs_queue: { policy: resource },
  aws_sns_topic_policy: { policy: resource },
  aws_sns_topic: { policy: resource },
  aws_kms_key: { policy: resource },
  aws_kms_key_policy: { policy: resource },
  aws_kms_replica_key: { policy: resource },
  aws_secretsmanager_secret_policy: { policy: resource },
  aws_secretsmanager_secret: { policy: resource },
  aws_ecr_repository_policy: { policy: resource },
  aws_ecr_registry_policy: { policy: resource },
  aws_ecrpublic_repository_policy: { policy: resource },
  aws_opensearch_domain: { access_policies: resource },
  aws_opensearch_domain_policy: { access_policies: resource },
  aws_elasticsearch_domain: { access_policies: resource },
  aws_elasticsearch_domain_policy: { access_policies: resource },
  aws_vpc_endpoint: { policy: resource },
  aws_vpc_endpoint_policy: { policy: resource },
  aws_glacier_vault: { access_policy: resource },
  aws_efs_file_system_policy: { policy: resource },
  aws_cloudwatch_log_resource_policy: { policy_document: resource },
  aws_cloudwatch_log_destination_policy: { access_policy: resource },
  aws_cloudwatch_event_bus_policy: { policy: resource },
  aws_api_gateway_rest_api: { policy: resource },
  aws_api_gateway_rest_api_policy: { policy: resource },
  // A private custom domain name's policy (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name).
  aws_api_gateway_domain_name: { policy: resource },
  aws_backup_vault_policy: { policy: resource },
  aws_codeartifact_domain_permissions_policy: { policy_document: resource },
  aws_codeartifact_repository_permissions_policy: { policy_document: resource },
  aws_dynamodb_resource_policy: { policy: resource },
  aws_glue_resource_policy: { policy: resource },
  aws_kinesis_resource_policy: { policy: resource },
  aws_media_store_container_policy: { policy: resource },
  aws_networkfirewall_resource_policy: { policy: resource },
  aws_schemas_registry_policy: { policy: resource },
  aws_sagemaker_model_package_group_policy: { resource_policy: resource },
  aws_ses_identity_policy: { policy: resource },
  aws_s3tables_table_bucket_policy: { resource_policy: resource },
  aws_s3tables_table_policy: { resource_policy: resource },
  aws_s3vectors_vector_bucket_policy: { policy: resource },
  aws_vpclattice_auth_policy: { policy: resource },
  aws_vpclattice_resource_policy: { policy: resource },
  // A Roles Anywhere profile's session policy narrows what the sessions it vends may do (policy type session).
  aws_rolesanywhere_profile: { session_policy: 'session' },
  // A Transfer Family user's scope-down policy, the session policy of the role it shares with other users.
  aws_transfer_user: { policy: 'session' },
  aws_transfer_access: { policy: 'session' },
  aws_msk_cluster_policy: { policy: resource },
  // A Glacier vault's lock policy, which once completed can no longer change.
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/glacier_vault_lock
  aws_glacier_vault_lock: { policy: resource },
  // Sending authorization policies of SES v2, CodeBuild's report group and project policies, X-Ray's, a private CA's,
  // Redshift's (data shares, integrations), and the delegation policy of AWS Organizations' management account.
  aws_sesv2_email_identity_policy: { policy: resource },
  aws_codebuild_resource_policy: { policy: resource },
  aws_xray_resource_policy: { policy_document: resource },
  aws_acmpca_policy: { policy: resource },
  aws_redshift_resource_policy: { policy: resource },
  aws_redshiftserverless_resource_policy: { policy: resource },
  aws_organizations_resource_policy: { content: resource },
  // An AWS IoT Core policy is written in IAM's grammar but evaluated by IoT Core, with its own policy variables and
  // condition keys (`${iot:Connection.Thing.ThingName}`, `iot:Connection.Thing.IsAttached`): no IAM policy, and a
  // document only such a policy takes is not checked as one.
  // https://docs.aws.amazon.com/iot/latest/developerguide/iot-policies.html
  aws_iot_policy: { policy: () => undefined },
};

/** The policy attributes of a resource type, of the AWS provider or the AWS Cloud Control one; undefined when it has none. */
export function policyAttributesOf(type: string): Readonly<Record<string, PolicyTypeRule>> | undefined {
  if (!type.startsWith('awscc_')) return awsPolicyAttributes[type];
  if (!awsccAttributes) {
    awsccAttributes = new Map();
    for (const [awsccType, sites] of awsccPolicySites()) awsccAttributes.set(awsccType, Object.fromEntries(sites.map(({ path, site }) => [path, site.type])));
    // CloudFormation's AWS::Organizations::Policy is typed by its Type, as the AWS provider's resource is.
    awsccAttributes.set('awscc_organizations_policy', { content: awsPolicyAttributes.aws_organizations_policy.content });
  }
  return awsccAttributes.get(type);
}

let awsccAttributes: Map<string, Readonly<Record<string, PolicyTypeRule>>> | undefined;

/** What `pick` takes from the CloudFormation site an awscc resource's attribute is, if it is one. */
function awsccSite<T>(resourceType: string, attributePath: string, pick: (site: PolicySite) => T | undefined): T | undefined {
  if (!resourceType.startsWith('awscc_')) return undefined;
  const found = awsccPolicySites()
    .get(resourceType)
    ?.find(({ path }) => path === attributePath);
  return found && pick(found.site);
}

// The attributes that make their policy an inline policy of a role, user or group (EmbeddedPolicy.inlineOn).
const inlineHolders: Readonly<Record<string, InlineHolder>> = {
  'aws_iam_role_policy.policy': 'role',
  'aws_iam_role.inline_policy.policy': 'role',
  'aws_iam_user_policy.policy': 'user',
  'aws_iam_group_policy.policy': 'group',
};

// The resource type IAM Access Analyzer's CheckNoPublicAccess takes for the policy of each attribute
// (EmbeddedPolicy.publicAccessType), as the CloudFormation reader gives its resources'.
const publicAccessTypes: Readonly<Record<string, string>> = {
  'aws_iam_role.assume_role_policy': 'AWS::IAM::AssumeRolePolicyDocument',
  'aws_s3_bucket_policy.policy': 'AWS::S3::Bucket',
  'aws_s3_bucket.policy': 'AWS::S3::Bucket',
  'aws_s3_access_point.policy': 'AWS::S3::AccessPoint',
  'aws_s3control_access_point_policy.policy': 'AWS::S3::AccessPoint',
  'aws_s3control_bucket_policy.policy': 'AWS::S3Outposts::Bucket',
  'aws_sqs_queue_policy.policy': 'AWS::SQS::Queue',
  'aws_sqs_queue.policy': 'AWS::SQS::Queue',
  'aws_sns_topic_policy.policy': 'AWS::SNS::Topic',
  'aws_sns_topic.policy': 'AWS::SNS::Topic',
  'aws_kms_key.policy': 'AWS::KMS::Key',
  'aws_kms_key_policy.policy': 'AWS::KMS::Key',
  'aws_kms_replica_key.policy': 'AWS::KMS::Key',
  'aws_secretsmanager_secret_policy.policy': 'AWS::SecretsManager::Secret',
  'aws_secretsmanager_secret.policy': 'AWS::SecretsManager::Secret',
  'aws_opensearch_domain.access_policies': 'AWS::OpenSearchService::Domain',
  'aws_opensearch_domain_policy.access_policies': 'AWS::OpenSearchService::Domain',
  'aws_elasticsearch_domain.access_policies': 'AWS::OpenSearchService::Domain',
  'aws_elasticsearch_domain_policy.access_policies': 'AWS::OpenSearchService::Domain',
  'aws_glacier_vault.access_policy': 'AWS::S3::Glacier',
  'aws_efs_file_system_policy.policy': 'AWS::EFS::FileSystem',
  'aws_api_gateway_rest_api.policy': 'AWS::ApiGateway::RestApi',
  'aws_api_gateway_rest_api_policy.policy': 'AWS::ApiGateway::RestApi',
  'aws_backup_vault_policy.policy': 'AWS::Backup::BackupVault',
  'aws_codeartifact_domain_permissions_policy.policy_document': 'AWS::CodeArtifact::Domain',
};

/** The resource type CheckNoPublicAccess takes for the policy of `resourceType.attributePath`, if it takes one. */
export function publicAccessTypeOf(resourceType: string, attributePath: string): string | undefined {
  return publicAccessTypes[`${resourceType}.${attributePath}`] ?? awsccSite(resourceType, attributePath, (site) => site.publicAccessType);
}

/** What the policy of `resourceType.attributePath` is an inline policy of, if it is one. */
export function inlineHolderOf(resourceType: string, attributePath: string): InlineHolder | undefined {
  return inlineHolders[`${resourceType}.${attributePath}`] ?? awsccSite(resourceType, attributePath, (site) => site.inlineOn);
}

/** The policy type of `resourceType.attributePath`, or undefined when it holds no IAM policy. */
export function policyTypeOf(resourceType: string, attributePath: string, attributes: ReadonlyMap<string, string>): PolicyType | undefined {
  const rule = policyAttributesOf(resourceType)?.[attributePath];
  if (!rule) return undefined;
  return typeof rule === 'function' ? rule(attributes) : rule;
}

/**
 * The key that finds a named nested policy again in another version of the file: `inline_policy` blocks by their
 * `name` (`aws_iam_role.app.inline_policy["read"].policy`), since blocks carry no other name and a block inserted
 * before another must not make it read as new.
 */
export function inlinePolicyKey(owner: string, path: string, label: string): string {
  const [block, attribute] = path.split('.');
  return `${owner}.${block}[${JSON.stringify(label)}].${attribute}`;
}

/** Host defaults for rules on the policies of a resource type, under the user's settings (resource-policy-defaults.ts). */
const awsPolicySeverities: Readonly<Record<string, Readonly<Record<string, Severity | 'off'>>>> = {
  aws_vpc_endpoint: endpointPolicySeverities,
  aws_vpc_endpoint_policy: endpointPolicySeverities,
  aws_ecr_repository_policy: ownResourcePolicySeverities,
  aws_ecrpublic_repository_policy: ownResourcePolicySeverities,
  aws_efs_file_system_policy: ownResourcePolicySeverities,
};

/** Host defaults for rules on the policies of a resource type (resource-policy-defaults.ts), of either provider. */
export function policySeveritiesOf(resourceType: string): Readonly<Record<string, Severity | 'off'>> | undefined {
  if (!resourceType.startsWith('awscc_')) return awsPolicySeverities[resourceType];
  return awsccPolicySites()
    .get(resourceType)
    ?.find(({ site }) => site.severities)?.site.severities;
}
