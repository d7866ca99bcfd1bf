import type { PlaceholderResource } from '../../policy/model';
import type { InlineHolder, PolicyType } from '../../policy/policy-type';
import type { Severity } from '../../checks/check';
import { endpointPolicySeverities, ownResourcePolicySeverities } from '../resource-policy-defaults';

/**
 * Where policy documents sit in CloudFormation resources: a property path (`*` is every element of a list) and the
 * policy type. Sources: the CloudFormation template reference (docs.aws.amazon.com/AWSCloudFormation/latest/
 * TemplateReference/aws-resource-*.html) and the resource lists of cfn-lint's IAM rules and of
 * aws-cloudformation-iam-policy-validator (see the research notes, section A1).
 */
export interface PolicySite {
  path: readonly string[];
  type: PolicyType;
  /** Host defaults for rules on the policies of this site, over the template's own (resource-policy-defaults.ts). */
  severities?: Readonly<Record<string, Severity | 'off'>>;
  /** An empty string there is no policy, and deploys: no policy to check. */
  emptyIsNone?: true;
  /** What the policy is an inline policy of (EmbeddedPolicy.inlineOn). */
  inlineOn?: InlineHolder;
  /** The resource type IAM Access Analyzer's CheckNoPublicAccess takes for this policy (EmbeddedPolicy.publicAccessType). */
  publicAccessType?: string;
}

const identityInline = (inlineOn: InlineHolder): PolicySite[] => [{ path: ['Policies', '*', 'PolicyDocument'], type: 'identity', inlineOn }];
const document = (type: PolicyType, property = 'PolicyDocument', publicAccessType?: string): PolicySite[] => [{ path: [property], type, ...(publicAccessType ? { publicAccessType } : {}) }];
const inlineDocument = (inlineOn: InlineHolder): PolicySite[] => [{ path: ['PolicyDocument'], type: 'identity', inlineOn }];

export const policySites: Record<string, readonly PolicySite[]> = {
  'AWS::IAM::Role': [{ path: ['AssumeRolePolicyDocument'], type: 'trust', publicAccessType: 'AWS::IAM::AssumeRolePolicyDocument' }, ...identityInline('role')],
  'AWS::IAM::User': identityInline('user'),
  'AWS::IAM::Group': identityInline('group'),
  // Inline in each role, user and group it names; which of them bounds its size the host does not look up.
  'AWS::IAM::Policy': document('identity'),
  'AWS::IAM::ManagedPolicy': document('identity'),
  'AWS::IAM::RolePolicy': inlineDocument('role'),
  'AWS::IAM::UserPolicy': inlineDocument('user'),
  'AWS::IAM::GroupPolicy': inlineDocument('group'),
  'AWS::SSO::PermissionSet': document('identity', 'InlinePolicy'),
  'AWS::S3::BucketPolicy': document('resource', 'PolicyDocument', 'AWS::S3::Bucket'),
  'AWS::SQS::QueuePolicy': document('resource', 'PolicyDocument', 'AWS::SQS::Queue'),
  'AWS::SQS::QueueInlinePolicy': document('resource', 'PolicyDocument', 'AWS::SQS::Queue'),
  'AWS::SNS::TopicPolicy': document('resource', 'PolicyDocument', 'AWS::SNS::Topic'),
  'AWS::SNS::TopicInlinePolicy': document('resource', 'PolicyDocument', 'AWS::SNS::Topic'),
  'AWS::KMS::Key': document('resource', 'KeyPolicy', 'AWS::KMS::Key'),
  'AWS::KMS::ReplicaKey': document('resource', 'KeyPolicy', 'AWS::KMS::Key'),
  'AWS::SecretsManager::ResourcePolicy': document('resource', 'ResourcePolicy', 'AWS::SecretsManager::Secret'),
  'AWS::ECR::Repository': [{ path: ['RepositoryPolicyText'], type: 'resource', severities: ownResourcePolicySeverities }],
  'AWS::OpenSearchService::Domain': document('resource', 'AccessPolicies', 'AWS::OpenSearchService::Domain'),
  'AWS::Elasticsearch::Domain': document('resource', 'AccessPolicies', 'AWS::OpenSearchService::Domain'),
  // The Serverless Framework writes `Policy: ""` on every REST API without a resource policy, and it deploys.
  // An OpenAPI definition carries the API's resource policy as its `x-amazon-apigateway-policy` extension
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-policy.html).
  'AWS::ApiGateway::RestApi': [
    { path: ['Policy'], type: 'resource', emptyIsNone: true, publicAccessType: 'AWS::ApiGateway::RestApi' },
    { path: ['Body', 'x-amazon-apigateway-policy'], type: 'resource', publicAccessType: 'AWS::ApiGateway::RestApi' },
  ],
  // A private custom domain name's policy: who may invoke through it (execute-api:Invoke on the domain's ARN).
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainnamev2.html
  'AWS::ApiGateway::DomainNameV2': document('resource', 'Policy'),
  'AWS::Backup::BackupVault': document('resource', 'AccessPolicy', 'AWS::Backup::BackupVault'),
  'AWS::S3::AccessPoint': document('resource', 'Policy', 'AWS::S3::AccessPoint'),
  'AWS::CloudTrail::ResourcePolicy': document('resource', 'ResourcePolicy'),
  // Endpoint policies must name a Principal, and grant nothing (resource-policy-defaults.ts).
  'AWS::EC2::VPCEndpoint': [{ path: ['PolicyDocument'], type: 'resource', severities: endpointPolicySeverities }],
  'AWS::Logs::ResourcePolicy': document('resource'),
  'AWS::Logs::Destination': document('resource', 'DestinationPolicy'),
  'AWS::EFS::FileSystem': [{ path: ['FileSystemPolicy'], type: 'resource', severities: ownResourcePolicySeverities, publicAccessType: 'AWS::EFS::FileSystem' }],
  'AWS::DynamoDB::Table': [
    { path: ['ResourcePolicy', 'PolicyDocument'], type: 'resource', publicAccessType: 'AWS::DynamoDB::Table' },
    { path: ['StreamSpecification', 'ResourcePolicy', 'PolicyDocument'], type: 'resource', publicAccessType: 'AWS::DynamoDB::Stream' },
  ],
  'AWS::DynamoDB::GlobalTable': [
    { path: ['Replicas', '*', 'ResourcePolicy', 'PolicyDocument'], type: 'resource', publicAccessType: 'AWS::DynamoDB::Table' },
    { path: ['Replicas', '*', 'ReplicaStreamSpecification', 'ResourcePolicy', 'PolicyDocument'], type: 'resource', publicAccessType: 'AWS::DynamoDB::Stream' },
  ],
  'AWS::Events::EventBus': document('resource', 'Policy'),
  'AWS::ECR::RegistryPolicy': document('resource', 'PolicyText'),
  'AWS::ECR::PublicRepository': [{ path: ['RepositoryPolicyText'], type: 'resource', severities: ownResourcePolicySeverities }],
  'AWS::CodeArtifact::Domain': document('resource', 'PermissionsPolicyDocument', 'AWS::CodeArtifact::Domain'),
  'AWS::CodeArtifact::Repository': document('resource', 'PermissionsPolicyDocument'),
  'AWS::Kinesis::ResourcePolicy': document('resource', 'ResourcePolicy'),
  'AWS::S3Express::BucketPolicy': document('resource', 'PolicyDocument', 'AWS::S3Express::DirectoryBucket'),
  'AWS::S3Express::AccessPoint': document('resource', 'Policy', 'AWS::S3Express::AccessPoint'),
  'AWS::S3::MultiRegionAccessPointPolicy': document('resource', 'Policy'),
  'AWS::S3ObjectLambda::AccessPointPolicy': document('resource'),
  'AWS::S3Tables::TableBucketPolicy': document('resource', 'ResourcePolicy', 'AWS::S3Tables::TableBucket'),
  'AWS::S3Tables::TablePolicy': document('resource', 'ResourcePolicy', 'AWS::S3Tables::Table'),
  'AWS::SSM::ResourcePolicy': document('resource', 'Policy'),
  'AWS::VpcLattice::AuthPolicy': document('resource', 'Policy'),
  'AWS::VpcLattice::ResourcePolicy': document('resource', 'Policy'),
  'AWS::EventSchemas::RegistryPolicy': document('resource', 'Policy'),
  'AWS::Lex::ResourcePolicy': document('resource', 'Policy'),
  'AWS::SageMaker::ModelPackageGroup': document('resource', 'ModelPackageGroupPolicy'),
  'AWS::MediaStore::Container': document('resource', 'Policy'),
  // A Roles Anywhere profile's session policy narrows what the sessions it vends may do, as an sts:AssumeRole `Policy` does.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rolesanywhere-profile.html
  'AWS::RolesAnywhere::Profile': document('session', 'SessionPolicy'),
  // A Transfer Family user's scope-down policy is the session policy of the role it shares with other users, and may
  // name Transfer's variables (`${transfer:HomeDirectory}`).
  // https://docs.aws.amazon.com/transfer/latest/userguide/users-policies-session.html
  'AWS::Transfer::User': document('session', 'Policy'),
  'AWS::MSK::ClusterPolicy': document('resource', 'Policy'),
  'AWS::XRay::ResourcePolicy': document('resource', 'PolicyDocument'),
  // The management account's delegation of Organizations' policy actions to member accounts.
  'AWS::Organizations::ResourcePolicy': document('resource', 'Content'),
  // SAM: AssumeRolePolicyDocument of a function or state machine replaces the implicit role's trust policy.
  'AWS::Serverless::Function': [{ path: ['AssumeRolePolicyDocument'], type: 'trust', publicAccessType: 'AWS::IAM::AssumeRolePolicyDocument' }],
  'AWS::Serverless::StateMachine': [],
  'AWS::Serverless::Api': [{ path: ['DefinitionBody', 'x-amazon-apigateway-policy'], type: 'resource', publicAccessType: 'AWS::ApiGateway::RestApi' }],
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
 * prefix and resource type, and for `Ref` and each attribute whether it is the resource's ARN, its name, its ID or its
 * URL. A name or ID is listed only where it holds no `/` or `:` (so `arn:${AWS::Partition}:s3:::${Bucket}/*` is
 * surely an object ARN); names that may hold separators are left out, and stay values of unknown text. Sources: the
 * "Return values" section of each type's page in the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html) and
 * the SAM resource pages for the AWS::Serverless types. The Refs that are no ARN, which a policy's Resource or an
 * ARN condition key cannot use, each from the type's "Return values" section
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values,
 * aws-resource-iam-role.html ("Ref … returns the resource name"), aws-resource-lambda-function.html,
 * aws-resource-dynamodb-table.html, aws-resource-kms-key.html, aws-resource-kinesis-stream.html, likewise):
 * - AWS::SQS::Queue: "Ref returns the queue URL" (https://sqs.us-east-1.amazonaws.com/123456789012/MyQueue);
 *   `Fn::GetAtt Arn` is the queue's ARN, `QueueUrl` the URL again.
 * - AWS::IAM::Role, User, Group, InstanceProfile: Ref returns the name; `Arn` the ARN.
 * - AWS::Lambda::Function: Ref returns the function's name; `Arn` the ARN. AWS::Serverless::Function: the same
 *   (SAM's page: "the name of the underlying Lambda function").
 * - AWS::DynamoDB::Table: Ref returns the table name; `Arn` the ARN. AWS::Serverless::SimpleTable: the table name,
 *   and SAM documents no attributes.
 * - AWS::KMS::Key: Ref returns the key ID (1234abcd-12ab-34cd-56ef-1234567890ab); `Arn` the ARN, `KeyId` the ID.
 * - AWS::Kinesis::Stream: Ref returns the stream name; `Arn` the ARN.
 * - AWS::KinesisFirehose::DeliveryStream, AWS::S3::Bucket, AWS::Events::EventBus, AWS::ECS::Cluster,
 *   AWS::CodeBuild::Project, AWS::Cognito::UserPool: Ref returns the name (an EventBus's and a UserPool's, the
 *   name and the pool ID); `Arn` the ARN. AWS::EFS::FileSystem: Ref returns the file system ID; `Arn` the ARN.
 * - AWS::SNS::Topic, AWS::IAM::ManagedPolicy, AWS::SecretsManager::Secret, AWS::StepFunctions::StateMachine:
 *   Ref returns the ARN, which is right where an ARN goes.
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
  'AWS::SQS::Queue': { service: 'sqs', type: 'queue', ref: 'url', attributes: { Arn: 'arn', QueueName: 'name', QueueUrl: 'url' } },
  'AWS::SNS::Topic': { service: 'sns', type: 'topic', ref: 'arn', attributes: { TopicArn: 'arn', TopicName: 'name' } },
  'AWS::S3::Bucket': { service: 's3', type: 'bucket', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::Role': { service: 'iam', type: 'role', ref: 'name', attributes: { Arn: 'arn', RoleId: 'id' } },
  'AWS::IAM::User': { service: 'iam', type: 'user', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::Group': { service: 'iam', type: 'group', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::IAM::ManagedPolicy': { service: 'iam', type: 'policy', ref: 'arn', attributes: { PolicyArn: 'arn' } },
  'AWS::IAM::InstanceProfile': { service: 'iam', type: 'instance-profile', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Lambda::Function': { service: 'lambda', type: 'function', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Serverless::Function': { service: 'lambda', type: 'function', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::DynamoDB::Table': { service: 'dynamodb', type: 'table', ref: 'name', attributes: { Arn: 'arn' } },
  'AWS::Serverless::SimpleTable': { service: 'dynamodb', type: 'table', ref: 'name', attributes: {} },
  'AWS::KMS::Key': { service: 'kms', type: 'key', ref: 'id', attributes: { Arn: 'arn', KeyId: 'id' } },
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
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', type: 'file-system', ref: 'id', attributes: { Arn: 'arn' } },
  'AWS::Cognito::UserPool': { service: 'cognito-idp', type: 'userpool', ref: 'id', attributes: { Arn: 'arn' } },
};

/** What `Ref` (no attribute) or `Fn::GetAtt` (an attribute) of a resource of a type stands for, when known. */
export function referencedResource(type: string, attribute: string | undefined): PlaceholderResource | undefined {
  const kinds = referenceKinds[type];
  if (!kinds) return undefined;
  const part = attribute === undefined ? kinds.ref : Object.hasOwn(kinds.attributes, attribute) ? kinds.attributes[attribute] : undefined;
  if (!part) return undefined;
  return {
    service: kinds.service,
    type: kinds.type,
    part,
    resourceType: type,
    ...(part === 'arn' && attribute === 'Arn' && kinds.arnSuffix ? { suffix: kinds.arnSuffix } : {}),
  };
}

/**
 * The attribute `Fn::GetAtt` reads for the ARN of a resource of a type whose Ref is no ARN (`Arn` for most), when it
 * has one. A log group's `Arn` ends in `:*` and is left out: it is not the ARN a policy names the group by everywhere.
 */
export function arnAttributeOf(type: string): string | undefined {
  const kinds = referenceKinds[type];
  if (!kinds || kinds.ref === 'arn' || kinds.arnSuffix) return undefined;
  return Object.keys(kinds.attributes).find((attribute) => kinds.attributes[attribute] === 'arn');
}
