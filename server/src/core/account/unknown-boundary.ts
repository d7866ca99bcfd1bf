import { DEPLOY_TIME_PREFIX, deployTimeKey, type DeployChoiceValue } from './deploy-time';
import type { Account, AccountSource } from './model';

/**
 * When a permissions boundary is set, or which, a template or module knows only at deploy.
 *
 * A boundary is the most a principal may do (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html),
 * so a boundary known only at deploy (`PermissionsBoundary: !Ref BoundaryArn`, Terraform's `permissions_boundary =
 * var.boundary_arn`) may take away any grant: answers through the principal are Conditional on it, not Allowed. It is
 * read as a policy of the account that allows everything while its deploy-time key holds (`deploy-time:Ref/BoundaryArn`),
 * which a request context gives to answer as if the boundary allowed the request. Each `unset` choice (`!If
 * [HasBoundary, !Ref BoundaryArn, !Ref AWS::NoValue]` with HasBoundary false) is a way to deploy without a boundary:
 * the policy then allows everything, with no other key.
 */
export interface UnknownBoundary {
  /** What gives the boundary's ARN at deploy: `Ref BoundaryArn`, `var.boundary_arn`. */
  source: string;
  /** The choices under which the boundary is that value; none when it always is. */
  setWhen?: readonly DeployChoiceValue[];
  /** Choices under each of which the principal has no boundary. */
  unsetWhen?: readonly (readonly DeployChoiceValue[])[];
  /** Where the boundary is written. */
  where: AccountSource;
}

/**
 * What names a boundary known only at deploy among the sources of its value: the first that is not the stack's account,
 * partition or Region (`arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${BoundaryName}` is named by BoundaryName).
 */
export function boundarySource(sources: readonly string[], fallback: string): string {
  return sources.find((source) => !/^\$?\{?AWS::/.test(source)) ?? sources[0] ?? fallback;
}

/** Adds the policy standing for a boundary known only at deploy to the account (once per source and choices); returns its ARN. */
export function unknownBoundaryArn(account: Account, partition: string, accountId: string, boundary: UnknownBoundary): string {
  const choices = (values: readonly DeployChoiceValue[] | undefined) => Object.fromEntries((values ?? []).map(({ source, value }) => [deployTimeKey(source), value]));
  const setWhen = choices(boundary.setWhen);
  // Named by its keys without their prefix: `deploy-time-boundary/Ref/BoundaryArn/Condition/HasBoundary=true`.
  const bare = (key: string) => key.slice(DEPLOY_TIME_PREFIX.length);
  const when = Object.entries(setWhen).map(([key, value]) => `/${bare(key)}=${value}`);
  const name = `deploy-time-boundary/${bare(deployTimeKey(boundary.source))}${when.join('')}`;
  const arn = `arn:${partition}:iam::${accountId}:policy/${name}`;
  if (account.policies.has(arn)) return arn;
  const Statement: Record<string, unknown>[] = [
    {
      Sid: 'KnownOnlyAtDeploy',
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { [deployTimeKey(boundary.source)]: '*' }, ...(boundary.setWhen?.length ? { StringEquals: setWhen } : {}) },
    },
    ...(boundary.unsetWhen ?? []).map((unset) => ({ Sid: 'NotSet', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: choices(unset) } })),
  ];
  const value = { Version: '2012-10-17', Statement };
  account.policies.set(arn, { arn, name, policy: { key: arn, name: arn, kind: 'customer-managed', text: JSON.stringify(value), value, source: boundary.where } });
  return arn;
}
