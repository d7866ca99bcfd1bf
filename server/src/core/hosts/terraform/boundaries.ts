import type { PolicyDocument } from '../../policy/model';
import { fits, namesBoundary } from '../../policy/path-conventions';
import type { Attribute } from './hcl';
import { functionArguments, functionName, templateOf, unwrap } from './hcl';
import type { HclNode as SyntaxNode } from './syntax';
import { traversalOf } from './template';

// An `aws_iam_policy` of the module that roles and users name only as their `permissions_boundary` and that nothing
// attaches is a permissions boundary: the most those identities may be granted, which grants nothing itself. Its
// `Allow * on *` beside a few Denies is AWS's own pattern for a boundary
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), not a grant to report.

/** What one resource block says of the file's `aws_iam_policy` resources, by address (`aws_iam_policy.dev`). */
export interface PolicyUses {
  boundaries: readonly string[];
  attached: readonly string[];
}

/** The attributes that take a permissions boundary, and those that attach a managed policy, by resource type. */
export const boundaryAttributes: Readonly<Record<string, string>> = {
  aws_iam_role: 'permissions_boundary',
  aws_iam_user: 'permissions_boundary',
  awscc_iam_role: 'permissions_boundary',
  awscc_iam_user: 'permissions_boundary',
};
export const attachingAttributes: Readonly<Record<string, string>> = {
  aws_iam_role: 'managed_policy_arns',
  awscc_iam_role: 'managed_policy_arns',
  awscc_iam_user: 'managed_policy_arns',
  awscc_iam_group: 'managed_policy_arns',
  aws_iam_role_policy_attachment: 'policy_arn',
  aws_iam_user_policy_attachment: 'policy_arn',
  aws_iam_group_policy_attachment: 'policy_arn',
  aws_iam_policy_attachment: 'policy_arn',
  aws_iam_role_policy_attachments_exclusive: 'policy_arns',
  aws_iam_user_policy_attachments_exclusive: 'policy_arns',
  aws_iam_group_policy_attachments_exclusive: 'policy_arns',
};

/** Text that may name a boundary or attach a managed policy: a file of the module without it need not be parsed. */
export const USES_POLICIES = /\b(?:permissions_boundary|policy_arns?|managed_policy_arns)\b/;

/** Whether a resource type can name a boundary or attach a managed policy. */
export function usesPolicies(type: string): boolean {
  return boundaryAttributes[type] !== undefined || attachingAttributes[type] !== undefined;
}

export function policyUsesOf(type: string, attributes: ReadonlyMap<string, Attribute>): PolicyUses {
  const named = (attribute: string | undefined) => {
    const value = attribute === undefined ? undefined : attributes.get(attribute)?.value;
    return value ? policiesNamed(value) : [];
  };
  return { boundaries: named(boundaryAttributes[type]), attached: named(attachingAttributes[type]) };
}

/** The addresses of the policies used as boundaries and attached nowhere, over every block of the file. */
export function boundaryOnlyPolicies(uses: readonly (PolicyUses | undefined)[]): ReadonlySet<string> {
  const boundaries = new Set<string>();
  for (const use of uses) for (const address of use?.boundaries ?? []) boundaries.add(address);
  if (boundaries.size === 0) return boundaries;
  for (const use of uses) for (const address of use?.attached ?? []) boundaries.delete(address);
  return boundaries;
}

/**
 * `policyUsesOf` for a `.tf.json` resource body, whose attributes are strings (`"${aws_iam_policy.dev.arn}"`) or
 * lists of them: `stringsOf` gives an attribute's strings.
 */
export function policyUsesOfStrings(type: string, stringsOf: (attribute: string) => readonly string[]): PolicyUses {
  const named = (attribute: string | undefined) => (attribute === undefined ? [] : stringsOf(attribute).flatMap(policiesNamedInString));
  return { boundaries: named(boundaryAttributes[type]), attached: named(attachingAttributes[type]) };
}

// `aws_iam_policy.dev.arn`, `aws_iam_policy.dev[0].arn`, `aws_iam_policy.dev[*].arn` inside an interpolation; not
// `data.aws_iam_policy.x.arn`, a policy that exists already and that this module does not write.
const POLICY_ARN_IN_STRING = /(?<![\w.])aws_iam_policy\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])*\.arn\b/g;

function policiesNamedInString(value: string): string[] {
  const names: string[] = [];
  for (const interpolation of value.matchAll(/\$\{([^}]*)\}/g)) for (const match of interpolation[1].matchAll(POLICY_ARN_IN_STRING)) names.push(`aws_iam_policy.${match[1]}`);
  return names;
}

const WRAPPERS = new Set(['one', 'element', 'try', 'coalesce', 'tostring', 'concat', 'tolist', 'toset', 'compact', 'flatten']);

/**
 * The `aws_iam_policy` resources an expression names by ARN: `aws_iam_policy.dev.arn`, `aws_iam_policy.dev[0].arn`,
 * `one(aws_iam_policy.dev[*].arn)`, and each element of a list of them.
 */
function policiesNamed(expression: SyntaxNode): string[] {
  const node = unwrap(expression);
  const name = functionName(node);
  if (name !== undefined) return WRAPPERS.has(name) ? functionArguments(node).flatMap(policiesNamed) : [];
  if (node.type === 'tuple') return node.namedChildren.flatMap((element) => (element?.type === 'expression' ? policiesNamed(element) : []));
  const names = node.type === 'expression' ? traversalOf(node) : undefined;
  const address = names && policyOfArnReference(names);
  return address ? [address] : [];
}

/**
 * The module's managed policy an ARN reference names: `aws_iam_policy.dev.arn` (the names of a traversal, index steps
 * skipped), or the AWS Cloud Control provider's `awscc_iam_managed_policy.dev.policy_arn` (or `.id`, its ARN too).
 */
function policyOfArnReference(names: readonly string[]): string | undefined {
  const [type, name] = names;
  const attribute = names[names.length - 1];
  if (names.length < 3 || name === undefined) return undefined;
  if (type === 'aws_iam_policy' && attribute === 'arn') return `aws_iam_policy.${name}`;
  if (type === 'awscc_iam_managed_policy' && (attribute === 'policy_arn' || attribute === 'id')) return `awscc_iam_managed_policy.${name}`;
  return undefined;
}

/** The managed policy resource types of the module, by the attribute that names each policy. */
const nameAttributes: Readonly<Record<string, string>> = { aws_iam_policy: 'name', awscc_iam_managed_policy: 'managed_policy_name' };

/**
 * The path and name a managed policy resource gives its ARN (`policy/ops/dev-boundary`, without `policy/`), as
 * written (`${var.cluster}-boundary`, holes and all); undefined for other resources, or a name not written out.
 */
export function managedPolicyNameOf(text: string, type: string, attributes: ReadonlyMap<string, Attribute>): string | undefined {
  const attribute = nameAttributes[type];
  const name = attribute && attributes.get(attribute)?.value;
  const written = name && templateOf(text, name, false);
  if (!written || written.value === '') return undefined;
  const pathValue = attributes.get('path')?.value;
  const path = pathValue ? templateOf(text, pathValue, false) : undefined;
  if (pathValue && !path) return undefined;
  return `${(path?.value ?? '/').replace(/^\//, '')}${written.value}`;
}

/** A managed policy resource that attaches itself to identities (`awscc_iam_managed_policy`'s `roles`, `users`, `groups`). */
export function attachesItself(type: string, attributes: ReadonlyMap<string, Attribute>): boolean {
  return type === 'awscc_iam_managed_policy' && ['roles', 'users', 'groups'].some((attribute) => attributes.has(attribute));
}

/**
 * The managed policies that a policy's `iam:PermissionsBoundary` condition names: those roles and users must be
 * created or changed with as their boundary (AWS's pattern for delegating role creation,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), so they are boundaries too. By
 * reference (`aws_iam_policy.dev.arn`), as `addresses`; or written as an ARN, as the path and name after `policy/`
 * (`arn:aws:iam::${account}:policy/${var.cluster}-boundary` names `${var.cluster}-boundary`), as `names`.
 */
export function boundariesInConditions(policy: PolicyDocument): { addresses: string[]; names: string[] } {
  const addresses: string[] = [];
  const names: string[] = [];
  for (const statement of policy.statements)
    for (const operator of statement.condition?.operators ?? [])
      for (const { key, values } of operator.keys) {
        if (key.toLowerCase() !== 'iam:permissionsboundary') continue;
        for (const value of values) {
          const holes = value.placeholders ?? [];
          const [only] = holes;
          const address = holes.length === 1 && only.start === 0 && only.end === value.value.length ? policyOfArnReference(referenceNames(only.source)) : undefined;
          if (address) addresses.push(address);
          else {
            const written = value.value.startsWith('arn:') ? /:policy\/(.+)$/.exec(value.value) : null;
            if (written) names.push(written[1]);
          }
        }
      }
  return { addresses, names };
}

/** `aws_iam_policy.dev[0].arn` (or inside `${…}`) as its names without index steps; none for other text. */
function referenceNames(source: string): string[] {
  const reference = /^(?:\$\{\s*)?([A-Za-z_][\w-]*(?:\[[^\]]*\]|\.[A-Za-z_][\w-]*)*)(?:\s*\})?$/.exec(source.trim());
  return reference ? reference[1].replace(/\[[^\]]*\]/g, '').split('.') : [];
}

/**
 * An `aws_iam_policy` or a policy document a module names as a permissions boundary
 * (`aws_iam_policy.permission_boundary_automation`, `data.aws_iam_policy_document.ci_permission_boundary`), whose
 * content fits one: the roles that take it may be in other modules (deployment sweep: 15 false warnings of the grant
 * rules on two such boundaries). One the module attaches is a grant, whatever its name.
 */
export function isNamedBoundary(address: string, policies: readonly { policy: PolicyDocument }[]): boolean {
  const name = /^(?:data\.aws_iam_policy_document|aws_iam_policy|awscc_iam_managed_policy)\.([\w-]+)$/.exec(address)?.[1];
  return name !== undefined && namesBoundary(name) && policies.length > 0 && policies.every(({ policy }) => fits('boundary', policy));
}

/** `boundaries` and the module's policies named as boundaries that nothing attaches. */
export function withBoundariesByName(
  boundaries: ReadonlySet<string>,
  entries: readonly { reading: { owner?: string; policies: readonly { policy: PolicyDocument }[] } }[],
  uses: readonly (PolicyUses | undefined)[],
): ReadonlySet<string> {
  const named = entries.filter(({ reading }) => reading.owner !== undefined && !boundaries.has(reading.owner) && isNamedBoundary(reading.owner, reading.policies));
  if (named.length === 0) return boundaries;
  const attached = new Set(uses.flatMap((use) => use?.attached ?? []));
  const all = new Set(boundaries);
  for (const { reading } of named) if (!attached.has(reading.owner!)) all.add(reading.owner!);
  return all;
}
