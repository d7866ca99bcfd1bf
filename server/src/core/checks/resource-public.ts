import type { Statement } from '../policy/model';
import { denyFenceOf, everyonePrincipalOf, findDeployTimePin, isPublicStatement } from '../risk/public-access';
import type { Check } from './check';
import { lacksResource } from './resource-missing';
import { isAwsOwnedBucketArn } from '../risk/aws-owned-buckets';

// Role trust policies are the trust rules' (trust-policy-elements for {"AWS": "*"} without a Condition,
// trust-any-principal for conditions that do not say who the caller is); identity policies that let their holder
// open resources to others are resource-exposure's. This rule judges what a resource-based policy itself grants.
export const resourcePublic: Check = {
  id: 'resource-public',
  severity: 'warning',
  description:
    'A resource-based policy that allows "*" (Principal "*" or {"AWS": "*"}) without a condition that limits the caller to fixed accounts, an organization, principals, source resources, VPCs, VPC endpoints or narrow IP ranges makes the resource public, as IAM Access Analyzer and Amazon S3 call it.',
  run({ policy, policyType, attachedTo, report }) {
    // A policy whose host names the resource it is attached to is that resource's, not an endpoint's filter.
    if (policyType !== 'resource' || (attachedTo === undefined && policy.statements.some(filtersOnly))) return;
    for (const statement of policy.statements) {
      // Conditions known only at deploy time may limit the caller. A statement without the Resource it needs grants
      // nothing (resource-missing reports it): KMS keeps it without effect, S3 refuses the policy.
      if (!isPublicStatement(statement) || statement.condition?.deployTime || lacksResource(statement, policyType)) continue;
      // `"*"` reading ECR's layers or the Amazon Linux repositories: a VPC endpoint's filter, naming no bucket of the author's.
      if (statement.resource && statement.resource.values.length > 0 && statement.resource.values.every(({ value }) => isAwsOwnedBucketArn(value))) continue;
      const fence = denyFenceOf(statement, policy.statements);
      if (fence && !fence.atDeploy) continue;
      const everyone = everyonePrincipalOf(statement)!;
      const atDeploy = findDeployTimePin(statement.condition);
      if (fence) {
        report(
          everyone.span,
          `This statement lets "*" in, and a Deny keeps out every caller whose "${fence.key}" is not a value known only at deploy time: the resource is public unless that is ${narrowAtDeploy(fence.key)}. Make sure it is, or name the principals.`,
          { severity: 'information' },
        );
        continue;
      }
      if (atDeploy) {
        report(
          everyone.span,
          `This statement lets "*" in, and "${atDeploy.key}" limits the caller to a value known only at deploy time: the resource is public unless that is ${narrowAtDeploy(atDeploy.key)}. Make sure it is, or name the principals.`,
          { severity: 'information' },
        );
        continue;
      }
      const why = statement.condition
        ? 'its conditions do not limit the caller to fixed accounts, an organization, principals, source resources, VPCs, VPC endpoints or IP ranges'
        : 'it has no condition';
      report(
        everyone.span,
        `This statement makes the resource public: it allows "*" (anyone, from any AWS account or none) and ${why}. Name the principals, or add a condition such as "aws:PrincipalOrgID", "aws:SourceAccount", "aws:SourceVpce" or "aws:SourceIp".`,
      );
    }
  },
};

function narrowAtDeploy(key: string): string {
  const lower = key.toLowerCase();
  if (lower === 'aws:sourceip') return 'a range no broader than /8';
  // `${org_id}/*` (cross-account sharing sweep): an organization path ends in a wildcard, as the IAM User Guide writes it.
  if (lower === 'aws:principalorgpaths' || lower === 'aws:sourceorgpaths') return "a path that starts with your organization's ID";
  return 'a value without wildcards';
}

/**
 * In a policy file, a statement with `"Action": "*"` on `"Resource": "*"`, or with actions of several services, marks a VPC endpoint
 * policy (a resource policy belongs to one service's resource), and an endpoint policy grants nothing: it only
 * filters what passes through the endpoint, and AWS's default endpoint policy is exactly this statement. Its other
 * statements, such as `"Principal": "*"` reading Amazon Linux repository buckets, are filters too.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
function filtersOnly(statement: Statement): boolean {
  const actions = statement.action?.values.map((v) => v.value) ?? [];
  if (actions.includes('*') && (!statement.resource || statement.resource.values.some((v) => v.value === '*'))) return true;
  // Whose resources a request may reach (aws:ResourceAccount, aws:ResourceOrgID): in a resource's own policy the
  // resource's account, always; an endpoint's perimeter tests it (a DynamoDB gateway endpoint's policy, DynamoDB sweep).
  if ((statement.condition?.operators ?? []).some((operator) => operator.keys.some((entry) => RESOURCE_OWNER_KEYS.has(entry.key.toLowerCase())))) return true;
  const services = new Set(actions.filter((a) => a.includes(':')).map((a) => a.slice(0, a.indexOf(':')).toLowerCase()));
  return services.size > 1;
}

const RESOURCE_OWNER_KEYS = new Set(['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths']);
