import type { PolicyDocument, Statement } from '../policy/model';
import { areAlternatives } from '../policy/parse-policy';
import type { Check } from './check';

// An empty Sid names no statement, and AWS accepts it on several statements: the S3 User Guide's bucket-policy
// examples and Terraform-rendered policies (aws_iam_policy_document before provider 5.0) repeat "Sid": "".
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html

export const sidDuplicate: Check = {
  id: 'sid-duplicate',
  severity: 'error',
  description: 'Statement ids (Sid) must be unique within a policy, except in a KMS key policy; an empty Sid may repeat.',
  run({ policy, policyType, report }) {
    if (policyType === 'resource' && onlyActionsOf(policy, 'kms:')) return;
    const bucketPolicy = policyType === 'resource' && onlyActionsOf(policy, 's3:');
    const seen = new Map<string, Statement[]>();
    for (const statement of policy.statements) {
      const sid = statement.sid?.value;
      if (!sid || sid.value === '') continue;
      const earlier = seen.get(sid.value);
      // Statements from different branches of one choice (a Terraform conditional) are never in one policy.
      if (earlier?.some((other) => !areAlternatives(other.node, statement.node))) {
        if (bucketPolicy)
          report(sid.span, `Sid "${sid.value}" is already used by an earlier statement. S3 accepts that, but the Sid no longer names one statement: give each its own.`, {
            severity: 'information',
          });
        else report(sid.span, `Sid "${sid.value}" is already used by an earlier statement. Give each statement its own Sid.`);
      }
      if (earlier) earlier.push(statement);
      else seen.set(sid.value, [statement]);
    }
  },
};

/**
 * Whether every action of the policy is of one service (`kms:`, `s3:`), the mark of a key policy or a bucket policy
 * among resource policies. KMS accepts a Sid on several statements: the key policy AWS writes for the aws/secretsmanager
 * key (Id "auto-secretsmanager-2") gives its two Secrets Manager statements one Sid, and templates copy it. S3 accepts it
 * too: AWS's Security Reference Architecture deploys a GuardDuty delivery bucket whose policy repeats
 * "AWSBucketPermissionsCheck", and live bucket policies hold repeats (cloud-custodian/cloud-custodian#3609).
 */
function onlyActionsOf(policy: PolicyDocument, prefix: string): boolean {
  let actions = 0;
  for (const statement of policy.statements) {
    for (const { value } of statement.action?.values ?? []) {
      if (!value.toLowerCase().startsWith(prefix)) return false;
      actions++;
    }
    if (statement.notAction) return false;
  }
  return actions > 0;
}
