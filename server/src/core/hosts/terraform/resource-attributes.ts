import type { PlaceholderResource } from '../../policy/model';

/**
 * What an attribute of a Terraform resource (or the data source of the same type) is, where a policy uses it in an
 * ARN: the catalog's service prefix and resource type, and whether the attribute is the resource's ARN, its name, its
 * ID or its URL. With it, `resources = [aws_s3_bucket.b.arn]` under `s3:GetObject` is a bucket where an object is
 * needed, and `"${aws_s3_bucket.b.arn}/*"` surely names objects, as `!GetAtt Bucket.Arn` does in a template
 * (cloudformation/resource-types.ts).
 *
 * Only the attributes whose meaning the AWS provider's "Attribute Reference" states plainly are listed, and a name or
 * an ID only where it holds no `/` or `:` (a log group's, a secret's or an ECR repository's name may hold `/`, and
 * stays a value of unknown text). The `arn` of `aws_cloudwatch_log_group` has no `:*` suffix: the provider removes
 * the one the API adds. Other ARN attributes (a table's `stream_arn`, a function's `invoke_arn` or `qualified_arn`)
 * are not the resource's own ARN and are left out. `aws_sqs_queue`'s `id` and `url` are the queue's URL, no ARN.
 */
interface AttributeKinds {
  service: string;
  type: string;
  attributes: Record<string, PlaceholderResource['part']>;
}

const attributeKinds: Record<string, AttributeKinds> = {
  aws_s3_bucket: { service: 's3', type: 'bucket', attributes: { arn: 'arn', bucket: 'name', id: 'name' } },
  aws_sqs_queue: { service: 'sqs', type: 'queue', attributes: { arn: 'arn', name: 'name', id: 'url', url: 'url' } },
  aws_sns_topic: { service: 'sns', type: 'topic', attributes: { arn: 'arn', name: 'name' } },
  aws_iam_role: { service: 'iam', type: 'role', attributes: { arn: 'arn', name: 'name' } },
  aws_iam_user: { service: 'iam', type: 'user', attributes: { arn: 'arn', name: 'name' } },
  aws_iam_group: { service: 'iam', type: 'group', attributes: { arn: 'arn', name: 'name' } },
  aws_iam_policy: { service: 'iam', type: 'policy', attributes: { arn: 'arn' } },
  aws_iam_instance_profile: { service: 'iam', type: 'instance-profile', attributes: { arn: 'arn', name: 'name' } },
  aws_lambda_function: { service: 'lambda', type: 'function', attributes: { arn: 'arn', function_name: 'name' } },
  aws_dynamodb_table: { service: 'dynamodb', type: 'table', attributes: { arn: 'arn', name: 'name' } },
  aws_kms_key: { service: 'kms', type: 'key', attributes: { arn: 'arn', key_id: 'id' } },
  aws_kinesis_stream: { service: 'kinesis', type: 'stream', attributes: { arn: 'arn', name: 'name' } },
  aws_kinesis_firehose_delivery_stream: { service: 'firehose', type: 'deliverystream', attributes: { arn: 'arn', name: 'name' } },
  aws_cloudwatch_log_group: { service: 'logs', type: 'log-group', attributes: { arn: 'arn' } },
  aws_sfn_state_machine: { service: 'states', type: 'statemachine', attributes: { arn: 'arn' } },
  aws_secretsmanager_secret: { service: 'secretsmanager', type: 'Secret', attributes: { arn: 'arn' } },
  aws_ecr_repository: { service: 'ecr', type: 'repository', attributes: { arn: 'arn' } },
  aws_cloudwatch_event_bus: { service: 'events', type: 'event-bus', attributes: { arn: 'arn', name: 'name' } },
  aws_ecs_cluster: { service: 'ecs', type: 'cluster', attributes: { arn: 'arn', name: 'name' } },
  aws_codebuild_project: { service: 'codebuild', type: 'project', attributes: { arn: 'arn', name: 'name' } },
  aws_efs_file_system: { service: 'elasticfilesystem', type: 'file-system', attributes: { arn: 'arn' } },
  aws_cognito_user_pool: { service: 'cognito-idp', type: 'userpool', attributes: { arn: 'arn' } },
  aws_ssm_parameter: { service: 'ssm', type: 'parameter', attributes: { arn: 'arn' } },
};

/** The Terraform resource types listed above, for the test that checks each against the catalog. */
export const typedResourceTypes: readonly string[] = Object.keys(attributeKinds);

/**
 * What a reference's attribute stands for (`aws_s3_bucket.logs.arn`, `data.aws_sqs_queue.q.url`; index and splat
 * steps already left out of `traversal`), when its resource type and attribute are listed; undefined otherwise.
 * Where the attribute is no ARN, `arnInstead` is `source` (the reference as written) reading `arn` instead.
 */
export function referencedResource(traversal: readonly string[], source: string): PlaceholderResource | undefined {
  const names = traversal[0] === 'data' ? traversal.slice(1) : traversal;
  if (names.length !== 3) return undefined;
  const [resourceType, , attribute] = names;
  const kinds = Object.hasOwn(attributeKinds, resourceType) ? attributeKinds[resourceType] : undefined;
  const part = kinds && Object.hasOwn(kinds.attributes, attribute) ? kinds.attributes[attribute] : undefined;
  if (!kinds || !part) return undefined;
  const resource: PlaceholderResource = { service: kinds.service, type: kinds.type, part, resourceType };
  if (part === 'arn') return resource;
  const last = source.lastIndexOf(`.${attribute}`);
  return { ...resource, attribute, ...(last >= 0 ? { arnInstead: `${source.slice(0, last)}.arn${source.slice(last + attribute.length + 1)}` } : {}) };
}
