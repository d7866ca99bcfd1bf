/**
 * Buckets AWS owns that a VPC endpoint policy lets traffic reach, as each service's guide writes them: Amazon ECR's
 * image layers, the Amazon Linux repositories, and Systems Manager's agent, document and patch buckets. A statement that
 * lets "*" read them names no resource of the policy's author: it is an endpoint's filter, not a grant of anything
 * the author owns.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html (prod-region-starport-layer-bucket)
 * https://docs.aws.amazon.com/linux/al2023/ug/al2023-repositories.html (al2023-repos-region-…)
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html
 */
const REGION = '(?:[a-z]{2}(?:-[a-z]+)+-\\d+|\\$\\{[^}]+\\})';
const awsOwnedBucket = new RegExp(
  `^(?:${[
    `prod-${REGION}-starport-layer-bucket`,
    `al2023-repos-${REGION}-[a-z0-9]+`,
    `amazonlinux-2-repos-${REGION}`,
    `(?:amazonlinux|packages|repo)\\.${REGION}\\.amazonaws\\.com`,
    `aws-ssm-${REGION}`,
    `aws-windows-downloads-${REGION}`,
    `amazon-ssm-${REGION}`,
    `amazon-ssm-packages-${REGION}`,
    `${REGION}-birdwatcher-prod`,
    `aws-ssm-distributor-file-${REGION}`,
    `aws-ssm-document-attachments-${REGION}`,
    `patch-baseline-snapshot-${REGION}`,
    `aws-patchmanager-macos-${REGION}`,
  ]
    .map((pattern) => `(?:${pattern})`)
    .join('|')})$`,
);

/** Whether an ARN names a bucket above, or objects in one (`arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*`). */
export function isAwsOwnedBucketArn(arn: string): boolean {
  const match = /^arn:[^:]*:s3:::([^/]+)(?:\/.*)?$/.exec(arn);
  return match !== null && awsOwnedBucket.test(match[1]);
}
