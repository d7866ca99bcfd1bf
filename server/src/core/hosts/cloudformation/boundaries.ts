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
  for (const [, own] of properties) for (const policy of namedInBoundaryConditions(own)) boundaries.add(policy);
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
function namedInBoundaryConditions(node: CfnNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items.flatMap(namedInBoundaryConditions);
  if (node.kind === 'fn') return namedInBoundaryConditions(node.arg);
  if (node.kind !== 'map') return [];
  return node.entries.flatMap((entry) => (entry.key.toLowerCase() === 'iam:permissionsboundary' ? refsIn(entry.value) : namedInBoundaryConditions(entry.value)));
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
