import type { PlaceholderResource } from '../../policy/model';
import type { PolicyType } from '../../policy/policy-type';

/**
 * Where policy documents sit in CloudFormation resources: a property path (`*` is every element of a list) and the
 * policy type. Sources: the CloudFormation template reference (docs.aws.amazon.com/AWSCloudFormation/latest/
 * TemplateReference/aws-resource-*.html) and the resource lists of cfn-lint's IAM rules and of
 * aws-cloudformation-iam-policy-validator (see the research notes, section A1).
 */
export interface PolicySite {
  path: readonly string[];
  type: PolicyType;
}

const identityInline: PolicySite[] = [{ path: ['Policies', '*', 'PolicyDocument'], type: 'identity' }];
const document = (type: PolicyType, property = 'PolicyDocument'): PolicySite[] => [{ path: [property], type }];

export const policySites: Record<string, readonly PolicySite[]> = {
  'AWS::IAM::Role': [{ path: ['AssumeRolePolicyDocument'], type: 'trust' }, ...identityInline],
  'AWS::IAM::User': identityInline,
  'AWS::IAM::Group': identityInline,
  'AWS::IAM::Policy': document('identity'),
  'AWS::IAM::ManagedPolicy': document('identity'),
  'AWS::IAM::RolePolicy': document('identity'),
  'AWS::IAM::UserPolicy': document('identity'),
  'AWS::IAM::GroupPolicy': document('identity'),
  'AWS::SSO::PermissionSet': document('identity', 'InlinePolicy'),
  'AWS::S3::BucketPolicy': document('resource'),
  'AWS::SQS::QueuePolicy': document('resource'),
  'AWS::SQS::QueueInlinePolicy': document('resource'),
  'AWS::SNS::TopicPolicy': document('resource'),
  'AWS::SNS::TopicInlinePolicy': document('resource'),
  'AWS::KMS::Key': document('resource', 'KeyPolicy'),
  'AWS::KMS::ReplicaKey': document('resource', 'KeyPolicy'),
  'AWS::SecretsManager::ResourcePolicy': document('resource', 'ResourcePolicy'),
  'AWS::ECR::Repository': document('resource', 'RepositoryPolicyText'),
  'AWS::OpenSearchService::Domain': document('resource', 'AccessPolicies'),
  'AWS::Elasticsearch::Domain': document('resource', 'AccessPolicies'),
  'AWS::ApiGateway::RestApi': document('resource', 'Policy'),
  'AWS::Backup::BackupVault': document('resource', 'AccessPolicy'),
  'AWS::S3::AccessPoint': document('resource', 'Policy'),
  'AWS::CloudTrail::ResourcePolicy': document('resource', 'ResourcePolicy'),
  // SAM: AssumeRolePolicyDocument of a function or state machine replaces the implicit role's trust policy.
  'AWS::Serverless::Function': [{ path: ['AssumeRolePolicyDocument'], type: 'trust' }],
  'AWS::Serverless::StateMachine': [],
};

/** Organizations policy types that are IAM policies; TAG_POLICY, BACKUP_POLICY and the rest have their own syntax. */
export const organizationsPolicyTypes: Record<string, PolicyType> = {
  SERVICE_CONTROL_POLICY: 'scp',
  RESOURCE_CONTROL_POLICY: 'rcp',
};

// Resource types whose `Ref` is an ARN (the "Return values" section of each type's reference page); for the rest
// it is a name, an id or a URL (AWS::SQS::Queue), which a policy cannot use where an ARN goes.
const refIsArn = new Set([
  'AWS::IAM::ManagedPolicy',
  'AWS::SNS::Topic',
  'AWS::StepFunctions::StateMachine',
  'AWS::StepFunctions::Activity',
  'AWS::Serverless::StateMachine',
  'AWS::SecretsManager::Secret',
  'AWS::CertificateManager::Certificate',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::CloudFormation::Stack',
  'AWS::Batch::JobQueue',
  'AWS::Batch::JobDefinition',
  'AWS::AppSync::GraphQLApi',
]);

export function refReturnsArn(type: string): boolean {
  return refIsArn.has(type);
}

/**
 * What `Ref` and `Fn::GetAtt` of a template resource give, where a policy uses it in an ARN: the catalog's service
 * prefix and resource type, and for `Ref` and each attribute whether it is the resource's ARN or its name. A name is
 * listed only where it holds no `/` or `:` (so `arn:${AWS::Partition}:s3:::${Bucket}/*` is surely an object ARN);
 * IDs, URLs and names that may hold separators are left out, and stay values of unknown text. Sources: the
 * "Return values" section of each type's page in the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html) and
 * the SAM resource pages for the AWS::Serverless types.
 */
interface ReferenceKinds {
  service: string;
  type: string;
  ref?: PlaceholderResource['part'];
  attributes: Record<string, PlaceholderResource['part']>;
  /** What the `Arn` attribute adds to the catalog's ARN format. */
  arnSuffix?: string;
}

const referenceKinds: Record<string, ReferenceKinds> = {
  'AWS::SQS::Queue': { service: 'sqs', type: 'queue', attributes: { Arn: 'arn', QueueName: 'name' } },
  'AWS::SNS::Topic': { service: 'sns', type: 'topic', ref: 'arn', attributes: { TopicArn: 'arn', TopicName: 'name' } },
  'AWS::S3::Bucket': { service: 's3', type: 'bucket', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::Role': { service: 'iam', type: 'role', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::User': { service: 'iam', type: 'user', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::Group': { service: 'iam', type: 'group', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::ManagedPolicy': { service: 'iam', type: 'policy', ref: 'arn', attributes: { PolicyArn: 'arn' } },
  'AWS::IAM::InstanceProfile': { service: 'iam', type: 'instance-profile', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Lambda::Function': { service: 'lambda', type: 'function', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Serverless::Function': { service: 'lambda', type: 'function', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::DynamoDB::Table': { service: 'dynamodb', type: 'table', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Serverless::SimpleTable': { service: 'dynamodb', type: 'table', ref: 'name', attributes: {} },
  'AWS::KMS::Key': { service: 'kms', type: 'key', ref: 'name', attributes: { Arn: 'arn', KeyId: 'name' } },
  'AWS::Kinesis::Stream': { service: 'kinesis', type: 'stream', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::KinesisFirehose::DeliveryStream': { service: 'firehose', type: 'deliverystream', ref: 'name', attributes: { Arn: 'arn' } },
  // "arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AHG:*" (the Arn attribute's example).
  'AWS::Logs::LogGroup': { service: 'logs', type: 'log-group', attributes: { Arn: 'arn' }, arnSuffix: ':*' },
  'AWS::StepFunctions::StateMachine': { service: 'states', type: 'statemachine', ref: 'arn', attributes: { Arn: 'arn' } },
  'AWS::Serverless::StateMachine': { service: 'states', type: 'statemachine', ref: 'arn', attributes: { Arn: 'arn' } },
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', type: 'Secret', ref: 'arn', attributes: { Id: 'arn' } },
  'AWS::ECR::Repository': { service: 'ecr', type: 'repository', attributes: { Arn: 'arn' } },
  'AWS::Events::EventBus': { service: 'events', type: 'event-bus', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::ECS::Cluster': { service: 'ecs', type: 'cluster', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::CodeBuild::Project': { service: 'codebuild', type: 'project', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', type: 'file-system', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Cognito::UserPool': { service: 'cognito-idp', type: 'userpool', ref: 'name', attributes: { Arn: 'arn' } },
};

/** What `Ref` (no attribute) or `Fn::GetAtt` (an attribute) of a resource of a type stands for, when known. */
export function referencedResource(type: string, attribute: string | undefined): PlaceholderResource | undefined {
  const kinds = referenceKinds[type];
  if (!kinds) return undefined;
  const part = attribute === undefined ? kinds.ref : Object.hasOwn(kinds.attributes, attribute) ? kinds.attributes[attribute] : undefined;
  if (!part) return undefined;
  return { service: kinds.service, type: kinds.type, part, ...(part === 'arn' && attribute === 'Arn' && kinds.arnSuffix ? { suffix: kinds.arnSuffix } : {}) };
}
