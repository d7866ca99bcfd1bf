/**
 * The domain suffix of each partition's Regions (CloudFormation's `AWS::URLSuffix`, Terraform's
 * `data.aws_partition.current.dns_suffix`), so a service principal written `ecs-tasks.${AWS::URLSuffix}`, as CDK writes
 * every one, is known once the partition is. From the AWS SDKs' partition data (dnsSuffix); undefined for a partition
 * not listed, whose suffix then stays known only at deploy.
 */
export function dnsSuffixOf(partition: string): string | undefined {
  return DNS_SUFFIXES[partition];
}

const DNS_SUFFIXES: Record<string, string> = { aws: 'amazonaws.com', 'aws-us-gov': 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn' };
