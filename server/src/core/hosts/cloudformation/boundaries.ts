import { refsIn } from './attachments';
import { valueOf, type CfnNode } from './nodes';

// A managed policy of the template that roles, users or SAM functions name as their `PermissionsBoundary` and that
// no identity attaches is a permissions boundary: the most those identities may be granted, which grants nothing
// itself. Its `Allow * on *` beside a few Denies is AWS's own pattern for a boundary
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), not a grant to report.

/** The resources whose `PermissionsBoundary` names a boundary policy. */
const boundaryHolders = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/** Identities that attach managed policies by ARN, and the property they list them in. */
const attachingLists: Record<string, string> = {
  'AWS::IAM::Role': 'ManagedPolicyArns',
  'AWS::IAM::User': 'ManagedPolicyArns',
  'AWS::IAM::Group': 'ManagedPolicyArns',
  'AWS::Serverless::Function': 'Policies',
  'AWS::Serverless::StateMachine': 'Policies',
};

/**
 * The logical ids of the template's AWS::IAM::ManagedPolicy resources used only as permissions boundaries: named by a
 * `PermissionsBoundary` (`!Ref Policy`, on a resource or in SAM's `Globals.Function`) or by a policy's
 * `iam:PermissionsBoundary` condition (the boundary that roles made under that policy must take), not listed in any
 * `ManagedPolicyArns` or SAM `Policies`, and with no `Roles`, `Users` or `Groups` of their own.
 */
export function boundaryOnlyPolicies(resources: ReadonlyMap<string, string>, properties: ReadonlyMap<string, CfnNode | undefined>, globalBoundary: CfnNode | undefined): ReadonlySet<string> {
  const boundaries = new Set(refsIn(globalBoundary));
  for (const [id, type] of resources) if (boundaryHolders.has(type)) for (const policy of refsIn(valueOf(properties.get(id), 'PermissionsBoundary'))) boundaries.add(policy);
  const written: string[] = [];
  for (const [, own] of properties) for (const policy of namedInBoundaryConditions(own, written)) boundaries.add(policy);
  if (written.length > 0)
    for (const [id, type] of resources) {
      const name = type === 'AWS::IAM::ManagedPolicy' ? managedPolicyNameOf(properties.get(id)) : undefined;
      if (name !== undefined && written.includes(name)) boundaries.add(id);
    }
  if (boundaries.size === 0) return boundaries;
  for (const [id, type] of resources) {
    const list = attachingLists[type];
    if (list) for (const policy of refsIn(valueOf(properties.get(id), list))) boundaries.delete(policy);
  }
  for (const policy of boundaries) {
    const own = properties.get(policy);
    if (resources.get(policy) !== 'AWS::IAM::ManagedPolicy' || ['Roles', 'Users', 'Groups'].some((key) => valueOf(own, key) !== undefined)) boundaries.delete(policy);
  }
  return boundaries;
}

/**
 * The resources that the `iam:PermissionsBoundary` conditions under `node` name by `!Ref` (a managed policy's Ref is
 * its ARN): AWS's pattern for delegating role creation, where roles may be made only with that boundary
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 */
function namedInBoundaryConditions(node: CfnNode | undefined, written: string[]): string[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items.flatMap((item) => namedInBoundaryConditions(item, written));
  if (node.kind === 'fn') return namedInBoundaryConditions(node.arg, written);
  if (node.kind !== 'map') return [];
  return node.entries.flatMap((entry) => {
    if (entry.key.toLowerCase() !== 'iam:permissionsboundary') return namedInBoundaryConditions(entry.value, written);
    // An ARN written out (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/cdk-${Qualifier}-boundary`): the
    // path and name after `policy/`, as written, which a managed policy's ManagedPolicyName and Path may give.
    const values = entry.value?.kind === 'seq' ? entry.value.items : [entry.value];
    for (const value of values) {
      const arn = writtenText(value);
      // The partition and account are often `${AWS::Partition}`, `${AWS::AccountId}`, colons and all.
      const name = arn?.startsWith('arn:') ? /:policy\/(.+)$/.exec(arn)?.[1] : undefined;
      if (name !== undefined) written.push(name);
    }
    return refsIn(entry.value);
  });
}

/** A string as written: a scalar, or the template of a `Fn::Sub` (short or with its variables). */
function writtenText(node: CfnNode | undefined): string | undefined {
  if (node?.kind === 'scalar') return node.value;
  if (node?.kind !== 'fn' || node.name !== 'Fn::Sub') return undefined;
  const arg = node.arg?.kind === 'seq' ? node.arg.items[0] : node.arg;
  return arg?.kind === 'scalar' ? arg.value : undefined;
}

/** A managed policy's path and name as written (`ops/cdk-${Qualifier}-boundary`, without `policy/`), when it has a name. */
function managedPolicyNameOf(properties: CfnNode | undefined): string | undefined {
  const name = writtenText(valueOf(properties, 'ManagedPolicyName'));
  if (name === undefined) return undefined;
  const path = valueOf(properties, 'Path');
  const pathText = path === undefined ? '/' : writtenText(path);
  return pathText === undefined ? undefined : `${pathText.replace(/^\//, '')}${name}`;
}

/** Whether a template's text may name boundaries in conditions, so that an edit anywhere in it can change them. */
export function mayNameBoundariesInConditions(text: string): boolean {
  return /iam:PermissionsBoundary/i.test(text);
}

/** Whether an edit of a resource of this type can change which policies are boundaries only. */
export function bearsOnBoundaries(type: string): boolean {
  return boundaryHolders.has(type) || attachingLists[type] !== undefined || type === 'AWS::IAM::ManagedPolicy';
}

/** SAM's `Globals.Function.PermissionsBoundary`, which every function of the template takes. */
export function globalBoundaryOf(root: CfnNode): CfnNode | undefined {
  return valueOf(valueOf(valueOf(root, 'Globals'), 'Function'), 'PermissionsBoundary');
}

/** Whether two sets hold the same ids. */
export function sameIds(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const id of a ?? []) if (!b!.has(id)) return false;
  return true;
}
