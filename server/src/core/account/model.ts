import type { Span } from '../text/span';
import { matchesWildcard } from '../text/wildcard';
import { DeployString } from './deploy-time';

// The account model: users, groups, roles and the policies they hold, whatever the source (an
// authorization-details export today; CloudFormation templates and Terraform modules can fill the same model).

/** Where a policy or principal was read from: a file, and where in it when the reader knows. */
export interface AccountSource {
  file: string;
  /** A path inside the file, e.g. `RoleDetailList[3].RolePolicyList[0]`. */
  path?: string;
  /** Where in the file's text it is written (templates and Terraform modules): a policy's value, a principal's resource. */
  span?: { start: number; end: number };
}

/**
 * A policy document held by a principal: an inline policy, a customer managed policy (its default version) or an
 * AWS managed policy from the bundled set.
 */
export interface AccountPolicy {
  /**
   * A key unique in the account: the ARN for managed policies; `<principal ARN>#inline/<name>` for inline policies;
   * `<role ARN>#trust` for trust policies; `<source path>#resource` for resource policies (bucket, key, queue, ...).
   */
  key: string;
  /** The policy name (inline policies) or ARN (managed policies), as people refer to it. */
  name: string;
  kind: 'inline' | 'customer-managed' | 'aws-managed' | 'trust' | 'resource';
  /** The document as JSON text, decoded from whatever encoding the source used. */
  text: string;
  /** The same document parsed, when the reader has it (saves parsing `text` again). */
  value?: Record<string, unknown>;
  source: AccountSource;
  /** Customer managed: the default version's id; AWS managed: the bundled version. */
  versionId?: string;
  /** AWS managed: a note on where the document comes from (bundled snapshot date, other partition). */
  note?: string;
  /**
   * Where a template or module writes the document, when its reader knows: the file, the document's span and each
   * statement's span with its Sid, in the order written. The editor opens a granting statement there.
   */
  written?: WrittenPolicy;
}

/** A policy's document: the value its reader kept, or its text parsed. */
export function documentOf(policy: AccountPolicy): Record<string, unknown> {
  return policy.value ?? (JSON.parse(policy.text) as Record<string, unknown>);
}

/** A document's statements as a list: a lone statement object is a list of one. */
export function statementListOf(document: Record<string, unknown>): unknown[] {
  const written = document.Statement;
  return Array.isArray(written) ? written : written === undefined ? [] : [written];
}

/** A policy document's place in the file that writes it (offsets into that file's text). */
export interface WrittenPolicy {
  file: string;
  span: Span;
  /** The statements that are objects: `index` is the position in the Statement list. */
  statements: { index: number; sid?: string; span: Span }[];
}

/** A customer managed policy with its default version resolved. */
export interface ManagedPolicyEntry {
  arn: string;
  name: string;
  policy: AccountPolicy;
  /**
   * The versions that are not the default (authorization details list up to five), each with its `versionId`: any
   * of them can be made the default with iam:SetDefaultPolicyVersion.
   */
  versions?: AccountPolicy[];
}

export interface AccountGroup {
  kind: 'group';
  name: string;
  arn: string;
  inline: AccountPolicy[];
  /** ARNs of attached managed policies. */
  attached: string[];
  source: AccountSource;
}

export interface AccountUser {
  kind: 'user';
  name: string;
  arn: string;
  inline: AccountPolicy[];
  attached: string[];
  /** Group names, as the export and templates give them. */
  groups: string[];
  /** ARN of the permissions boundary's managed policy. */
  boundary?: string;
  tags: Record<string, string>;
  source: AccountSource;
}

export interface AccountRole {
  kind: 'role';
  name: string;
  arn: string;
  inline: AccountPolicy[];
  attached: string[];
  boundary?: string;
  /** The trust policy (AssumeRolePolicyDocument), the role's resource-based policy for sts:AssumeRole*. */
  trust?: AccountPolicy;
  tags: Record<string, string>;
  source: AccountSource;
}

export type AccountPrincipal = AccountUser | AccountRole;

/**
 * A resource-based policy other than a role's trust policy, as a template or module writes it: a bucket, queue, topic,
 * key or secret policy, with the ARNs of the resources it governs. Parts of an ARN known only at deploy (a generated
 * name, the region) are deploy-time parts; for matching a request they stand for any value (`resourcePatternOf`).
 */
export interface AccountResourcePolicy {
  /** The resource type as the source names it (`AWS::S3::BucketPolicy`, `aws_s3_bucket_policy`). */
  type: string;
  /** The resources the policy governs: a bucket policy its bucket and the bucket's objects (`bucket/*`). */
  resources: (string | DeployString)[];
  policy: AccountPolicy;
  source: AccountSource;
}

/** One or more accounts' IAM entities, merged. Maps are keyed by ARN. */
export interface Account {
  users: Map<string, AccountUser>;
  groups: Map<string, AccountGroup>;
  roles: Map<string, AccountRole>;
  /** Customer managed policies by ARN. */
  policies: Map<string, ManagedPolicyEntry>;
  /** Resource-based policies other than trust policies (bucket, key, queue, topic, secret policies). */
  resourcePolicies: AccountResourcePolicy[];
  /** Account IDs seen in the principals' ARNs. */
  accountIds: Set<string>;
  /** Things read but not usable, as messages naming the file and entry; never fatal. */
  warnings: string[];
}

export function emptyAccount(): Account {
  return { users: new Map(), groups: new Map(), roles: new Map(), policies: new Map(), resourcePolicies: [], accountIds: new Set(), warnings: [] };
}

/** The place of a policy a host reader found (spans in the host file's text). */
export function writtenPolicy(file: string, embedded: { span: Span; policy: { statements: readonly { index: number; span: Span; sid?: { value?: { value: string } } }[] } }): WrittenPolicy {
  return {
    file,
    span: embedded.span,
    statements: embedded.policy.statements.map((statement) => ({
      index: statement.index,
      ...(statement.sid?.value !== undefined ? { sid: statement.sid.value.value } : {}),
      span: statement.span,
    })),
  };
}

/** A governed resource as a pattern to match request resources with: each deploy-time part may be any value it can be. */
export function resourcePatternOf(resource: string | DeployString): string {
  return typeof resource === 'string' ? resource : resource.parts.map((part) => (typeof part === 'string' ? part : (part.pattern ?? '*'))).join('');
}

/** A governed resource as people read it: deploy-time parts as `${source}`. */
export function resourceLabelOf(resource: string | DeployString): string {
  return typeof resource === 'string' ? resource : resource.parts.map((part) => (typeof part === 'string' ? part : `\${${part.source}}`)).join('');
}

/**
 * The resource-based policy that governs `resource`: one whose resources (written out) match it, else the first whose
 * pattern with deploy-time parts as `*` matches it. ARNs are matched case-sensitively, `*` and `?` as wildcards.
 */
export function resourcePolicyOf(account: Account, resource: string): AccountResourcePolicy | undefined {
  let matched: AccountResourcePolicy | undefined;
  for (const entry of account.resourcePolicies) {
    for (const governed of entry.resources) {
      if (typeof governed === 'string' ? governed === resource || matchesWildcard(governed, resource, false) : false) return entry;
      if (!matched && typeof governed !== 'string' && matchesWildcard(resourcePatternOf(governed), resource, false)) matched = entry;
    }
  }
  return matched;
}
