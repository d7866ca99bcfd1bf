import type { ManagedPolicies, ManagedPolicy } from '../account/managed-policies';
import type { Span } from '../text/span';

/** An AWS managed policy named in a document: as an ARN anywhere, or by name in a SAM function's `Policies`. */
export interface ManagedPolicyRef {
  /** The ARN to look up: `arn:aws:iam::aws:policy/...`, or the written partition when it is a literal. */
  arn: string;
  /** The reference in the document text: the ARN as written, or the bare SAM policy name. */
  span: Span;
  /**
   * The partition as written, or undefined when it is only known at deploy time (`${AWS::Partition}`,
   * `${data.aws_partition.current.partition}`): the ARN is then looked up in partition `aws`.
   */
  partition?: string;
  /** Set for a SAM `Policies` name: SAM resolves it whatever its path (`service-role/`, `job-function/`). */
  name?: string;
}

// Policy paths and names are `[\w+=,.@-]` and `/` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html).
// The partition is a literal, or a template's `${AWS::Partition}` / a Terraform interpolation (`${...}`).
const arnPattern = /arn:(aws(?:-[a-z-]+)?|\$\{[^}\s]+\}):iam::aws:policy\/([\w+=,.@/-]*[\w+=,.@-])(?![\w+=,.@/*?$-])/g;

// SAM `Policies:` entries that are plain names (`- AmazonS3ReadOnlyAccess`) are AWS managed policies; the policy
// templates (`- S3ReadPolicy: {...}`) are maps and are not matched.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
const samPoliciesKey = /^([ \t]*)Policies[ \t]*:[ \t]*(?:([A-Za-z0-9+=,.@_-]+)[ \t]*)?(?:#.*)?$/;
const samListItem = /^([ \t]*)-[ \t]+([A-Za-z0-9+=,.@_-]+)[ \t]*(?:#.*)?$/;

/**
 * Lists the AWS managed policy references of a policy, template or Terraform file, in text order, with their spans
 * in the host text. It reads the text itself, so references outside policies (a CloudFormation role's
 * `ManagedPolicyArns` and `PermissionsBoundary`, Terraform's `policy_arn`, `managed_policy_arns` and
 * `permissions_boundary`) are found as well as ARNs inside policies. `isSamTemplate` enables SAM `Policies:` names.
 */
export function findManagedPolicyRefs(text: string, isSamTemplate = false): ManagedPolicyRef[] {
  const refs: ManagedPolicyRef[] = [];
  for (const match of text.matchAll(arnPattern)) {
    const [whole, partition, path] = match;
    const literal = partition.startsWith('$') ? undefined : partition;
    refs.push({ arn: `arn:${literal ?? 'aws'}:iam::aws:policy/${path}`, span: { start: match.index, end: match.index + whole.length }, ...(literal ? { partition: literal } : {}) });
  }
  if (isSamTemplate) refs.push(...samPolicyNames(text));
  return refs.sort((a, b) => a.span.start - b.span.start);
}

/** The bundled policy a reference names: by ARN, or for a SAM name by the name alone. */
export function findReferencedPolicy(ref: ManagedPolicyRef, policies: ManagedPolicies): ManagedPolicy | undefined {
  return ref.name !== undefined ? policies.findByName(ref.name) : policies.find(ref.arn);
}

/** The managed policy reference whose span holds `offset`. */
export function managedPolicyRefAt(refs: ManagedPolicyRef[], offset: number): ManagedPolicyRef | undefined {
  return refs.find((ref) => offset >= ref.span.start && offset <= ref.span.end);
}

/** Whether a template is a SAM template: its `Transform` names AWS::Serverless. */
export function isSamTemplateText(text: string): boolean {
  return /AWS::Serverless-\d{4}-\d{2}-\d{2}/.test(text);
}

function samPolicyNames(text: string): ManagedPolicyRef[] {
  const refs: ManagedPolicyRef[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let listIndent: number | undefined;
  let keyIndent = -1;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    const content = line.replace(/\r$/, '');
    const key = samPoliciesKey.exec(content);
    if (key) {
      keyIndent = key[1].length;
      listIndent = undefined;
      // `Policies: AmazonS3ReadOnlyAccess`: one managed policy by name.
      if (key[2]) {
        const start = lineStart + content.indexOf(key[2], content.indexOf(':') + 1);
        refs.push(samRef(key[2], start));
        keyIndent = -1;
      }
      continue;
    }
    if (keyIndent < 0 || /^[ \t]*(#.*)?$/.test(content)) continue;
    const indent = /^[ \t]*/.exec(content)![0].length;
    const isItem = /^[ \t]*-/.test(content);
    // The list ends at the first line back at (or above) the key's level, other than its own items.
    if (indent < keyIndent || (indent === keyIndent && !isItem)) {
      keyIndent = -1;
      continue;
    }
    if (!isItem) continue;
    listIndent ??= indent;
    if (indent !== listIndent) continue;
    const item = samListItem.exec(content);
    if (item && !item[2].startsWith('arn:')) refs.push(samRef(item[2], lineStart + content.indexOf(item[2], item[1].length + 1)));
  }
  return refs;
}

function samRef(name: string, start: number): ManagedPolicyRef {
  return { arn: `arn:aws:iam::aws:policy/${name}`, span: { start, end: start + name.length }, name };
}
