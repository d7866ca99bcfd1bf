import { chosenDocument, DEPLOY_TIME_PREFIX, deployTimeKey, type DeployChoiceValue } from './deploy-time';
import { documentOf, statementListOf, type Account, type AccountSource } from './model';
import { resolveManagedPolicy } from './principal-policies';

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

/**
 * A boundary chosen at deploy between policies the account may know, or none: `!If [HasBoundary, !Ref Boundary, !Ref
 * AWS::NoValue]`, Terraform's `var.bounded ? aws_iam_policy.boundary.arn : null`.
 */
export interface ChosenBoundary {
  /** For each way the choice goes, the boundary's ARN, or undefined for none. */
  branches: readonly { arn: string | undefined; choice: DeployChoiceValue }[];
  /** Where the boundary is written. */
  where: AccountSource;
}

/** The ARN of the policy standing for a chosen boundary; chooseBoundaries adds it once every policy is read. */
export function chosenBoundaryArn(partition: string, accountId: string, boundary: ChosenBoundary): string {
  const [first] = boundary.branches;
  // Named by the choice and what each way gives: `deploy-time-boundary/Condition/HasBoundary/true=Boundary/false=none`.
  const ways = boundary.branches.map(({ arn, choice }) => `/${choice.value}=${arn === undefined ? 'none' : arn.slice(arn.lastIndexOf('/') + 1)}`);
  return `arn:${partition}:iam::${accountId}:policy/deploy-time-boundary/${deployTimeKey(first.choice.source).slice(DEPLOY_TIME_PREFIX.length)}${ways.join('')}`;
}

/**
 * Adds the policy standing for each chosen boundary: the statements of the policy each way names, waiting on that way
 * (so a Deny of the boundary denies only when the choice goes its way), and an Allow of everything for each way with no
 * boundary. `missing` is told of an ARN that is neither a policy of the account nor a bundled AWS managed policy; that
 * way is read as no boundary, as a boundary left out is.
 */
export function chooseBoundaries(account: Account, partition: string, accountId: string, pending: readonly ChosenBoundary[], missing: (boundary: ChosenBoundary, arn: string) => void): void {
  for (const boundary of pending) {
    const arn = chosenBoundaryArn(partition, accountId, boundary);
    if (account.policies.has(arn)) continue;
    const Statement = boundary.branches.flatMap(({ arn: chosen, choice }) => {
      const policy = chosen === undefined ? undefined : resolveManagedPolicy(account, chosen);
      if (chosen !== undefined && !policy) missing(boundary, chosen);
      if (policy) return statementListOf(chosenDocument(documentOf(policy), [choice]));
      return [{ Sid: 'NotSet', Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [deployTimeKey(choice.source)]: choice.value } } }];
    });
    const value = { Version: '2012-10-17', Statement };
    const name = arn.slice(arn.indexOf(':policy/') + ':policy/'.length);
    account.policies.set(arn, { arn, name, policy: { key: arn, name: arn, kind: 'customer-managed', text: JSON.stringify(value), value, source: boundary.where } });
  }
}
