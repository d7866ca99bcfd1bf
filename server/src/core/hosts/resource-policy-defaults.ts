import type { Severity } from '../checks/check';

// Host defaults for rules on the resource policies of a few services whose policies read differently from a bucket's
// or a key's, applied under the user's own settings. The host knows the service from the resource that holds the
// policy (CloudFormation's resource type, Terraform's resource); a policy file alone does not.

export type HostSeverities = Readonly<Record<string, Severity | 'off'>>;

/** The rules that judge what an Allow grants, and to whom. */
export const grantRules: readonly string[] = [
  'credentials-exposure',
  'data-exfiltration',
  'not-action-allow',
  'not-resource-allow',
  'pass-role-wildcard',
  'privilege-escalation',
  'resource-exposure',
  'resource-public',
  'wildcard-action',
  'wildcard-resource',
];

/**
 * A VPC endpoint policy grants nothing: it only filters which requests pass through the endpoint, each of which still
 * needs its principal's own permissions, and AWS's default endpoint policy allows "*" to "*" with Principal "*"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html). A wildcard or a Principal "*" there
 * is no grant to anyone, so the rules that judge what a policy grants are off on it; the syntax, action, ARN and
 * condition rules still apply. (CloudFormation's AWS::EC2::VPCEndpoint, Terraform's aws_vpc_endpoint.)
 */
export const endpointPolicySeverities: HostSeverities = Object.fromEntries(grantRules.map((id) => [id, 'off']));

/**
 * A policy of one resource that the service applies to that resource may name no Resource: an Amazon ECR repository
 * policy (AWS's examples and the CloudFormation reference write none, and the AWS CDK leaves it out, aws/aws-cdk#3590)
 * and an EFS file system policy (statements the AWS CDK adds without resources mount, aws/aws-cdk#36224). Elsewhere a
 * statement without Resource is refused, as S3 does. (AWS::ECR::Repository, AWS::ECR::PublicRepository,
 * AWS::EFS::FileSystem; Terraform's aws_ecr_repository_policy, aws_ecrpublic_repository_policy and
 * aws_efs_file_system_policy.)
 */
export const ownResourcePolicySeverities: HostSeverities = { 'resource-missing': 'off' };
