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
