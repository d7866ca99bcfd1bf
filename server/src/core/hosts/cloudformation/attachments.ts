import { parseTemplateText } from './jinja';
import { valueOf, type CfnNode } from './nodes';
import { isTemplate, type TemplateFormat } from './reader';

// Which resources of a template hold policies for which IAM identities of the same template, so that a simulation
// of a role's permission policy includes the role's other policies. Only what the template itself says is read:
// `!Ref` to a resource of the template (a role, user or group by its logical id), never a name or an ARN typed out.

/** The IAM identities (logical ids) each policy-holding resource attaches its policy to. */
export type TemplateAttachments = ReadonlyMap<string, readonly string[]>;

// Properties that name the identities a policy resource attaches to: a list, or one name.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-managedpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
const attachingProperties: Record<string, readonly string[]> = {
  'AWS::IAM::ManagedPolicy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::Policy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::RolePolicy': ['RoleName'],
  'AWS::IAM::UserPolicy': ['UserName'],
  'AWS::IAM::GroupPolicy': ['GroupName'],
};

/** Identities that attach managed policies by ARN (`ManagedPolicyArns: [!Ref MyManagedPolicy]`). */
const identityTypes = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/**
 * Reads which identities each policy resource of a template attaches to: `Roles`/`Users`/`Groups` of
 * AWS::IAM::ManagedPolicy and AWS::IAM::Policy, the name of a Role/User/GroupPolicy, and a role's, user's or
 * group's `ManagedPolicyArns` entries that `!Ref` a managed policy of the template. Never throws; a text that is not
 * a template has none.
 */
export function templateAttachments(text: string, format: TemplateFormat): TemplateAttachments {
  const attachments = new Map<string, string[]>();
  let root: CfnNode | undefined;
  try {
    root = parseTemplateText(text, format).root;
  } catch {
    return attachments;
  }
  if (!isTemplate(root)) return attachments;
  const resources = valueOf(root, 'Resources');
  if (resources?.kind !== 'map') return attachments;
  const typeOf = new Map(resources.entries.map((entry) => [entry.key, scalarText(valueOf(entry.value, 'Type'))]));
  const attach = (policy: string, identity: string) => {
    if (!identityTypes.has(typeOf.get(identity) ?? '')) return;
    const list = attachments.get(policy) ?? [];
    if (!list.includes(identity)) list.push(identity);
    attachments.set(policy, list);
  };
  for (const entry of resources.entries) {
    const type = typeOf.get(entry.key) ?? '';
    const properties = valueOf(entry.value, 'Properties');
    for (const property of attachingProperties[type] ?? []) for (const identity of refsIn(valueOf(properties, property))) attach(entry.key, identity);
    if (identityTypes.has(type)) {
      for (const policy of refsIn(valueOf(properties, 'ManagedPolicyArns'))) if (typeOf.get(policy) === 'AWS::IAM::ManagedPolicy') attach(policy, entry.key);
    }
  }
  return attachments;
}

function scalarText(node: CfnNode | undefined): string | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/** The logical ids a value `!Ref`s: the value itself, or the entries of a list. */
export function refsIn(node: CfnNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items.flatMap(refsIn);
  if (node.kind === 'fn' && node.name === 'Ref') {
    const target = scalarText(node.arg);
    return target ? [target] : [];
  }
  return [];
}
