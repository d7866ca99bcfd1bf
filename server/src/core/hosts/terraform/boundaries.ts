import type { Attribute } from './hcl';
import { functionArguments, functionName, unwrap } from './hcl';
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
export const boundaryAttributes: Readonly<Record<string, string>> = { aws_iam_role: 'permissions_boundary', aws_iam_user: 'permissions_boundary' };
export const attachingAttributes: Readonly<Record<string, string>> = {
  aws_iam_role: 'managed_policy_arns',
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
  if (!names || names[0] !== 'aws_iam_policy' || names.length < 3 || names[names.length - 1] !== 'arn') return [];
  return [`aws_iam_policy.${names[1]}`];
}
