import { decodePolicyDocument } from './documents';
import { emptyAccount, type Account, type AccountPolicy, type AccountSource } from './model';

// Reads the output of `aws iam get-account-authorization-details` (UserDetailList, GroupDetailList, RoleDetailList,
// Policies). Shapes: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html,
// API_UserDetail.html, API_GroupDetail.html, API_RoleDetail.html, API_ManagedPolicyDetail.html.

/** The account read from one file, or why the file is not an authorization-details export. */
export type AuthorizationDetailsResult = { account: Account; error?: undefined } | { account?: undefined; error: string };

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/**
 * Reads an authorization-details export into the account model. Never throws: a file that is not such an export
 * gives `error`; entries that cannot be used (no ARN, an undecodable document) are skipped with a warning that
 * names the entry.
 */
export function readAuthorizationDetails(text: string, file: string): AuthorizationDetailsResult {
  const parsed = parseJsonFile(text, file);
  return parsed.error !== undefined ? parsed : readAuthorizationDetailsValue(parsed.value, file);
}

/** A JSON file's value (a leading byte order mark skipped), or the error `readAuthorizationDetails` gives for it. */
export function parseJsonFile(text: string, file: string): { value: unknown; error?: undefined } | { error: string } {
  try {
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    return { error: `${file} is not valid JSON (${(error as Error).message}).` };
  }
}

/** `readAuthorizationDetails` of a file already parsed as JSON (the CLI parses each --account file once). */
export function readAuthorizationDetailsValue(data: unknown, file: string): AuthorizationDetailsResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !LISTS.some((list) => list in data)) {
    return { error: `${file} is not the output of \`aws iam get-account-authorization-details\`: it needs at least one of ${LISTS.join(', ')}.` };
  }
  const root = data as Record<string, unknown>;
  for (const list of LISTS) {
    if (root[list] !== undefined && !Array.isArray(root[list])) return { error: `${file}: ${list} must be a list.` };
  }
  const account = emptyAccount();
  const reader = new Reader(account, file);
  (root.Policies as unknown[] | undefined)?.forEach((entry, i) => reader.policy(entry, `Policies[${i}]`));
  (root.GroupDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.group(entry, `GroupDetailList[${i}]`));
  (root.UserDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.user(entry, `UserDetailList[${i}]`));
  (root.RoleDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.role(entry, `RoleDetailList[${i}]`));
  return { account };
}

/** Adds `from` into `into` (later files win for an ARN seen twice, with a warning). */
export function mergeAccounts(into: Account, from: Account): Account {
  for (const key of ['users', 'groups', 'roles', 'policies'] as const) {
    const target = into[key] as Map<string, { source?: AccountSource; policy?: AccountPolicy }>;
    for (const [arn, value] of from[key] as Map<string, { source?: AccountSource; policy?: AccountPolicy }>) {
      const previous = target.get(arn);
      if (previous) {
        const before = previous.source?.file ?? previous.policy?.source.file;
        const after = value.source?.file ?? value.policy?.source.file;
        if (before !== after) into.warnings.push(`${arn} is defined in both ${before} and ${after}; using ${after}.`);
      }
      target.set(arn, value);
    }
  }
  into.resourcePolicies.push(...from.resourcePolicies);
  for (const id of from.accountIds) into.accountIds.add(id);
  into.warnings.push(...from.warnings);
  return into;
}

type Entry = Record<string, unknown>;

/** A policy whose text is written on first use from the parsed document (most are only ever scanned). */
class ExportedPolicy implements AccountPolicy {
  key!: string;
  name!: string;
  kind!: AccountPolicy['kind'];
  source!: AccountSource;
  versionId?: string;
  value: Record<string, unknown>;

  constructor(
    fields: Omit<AccountPolicy, 'text' | 'value'>,
    private readonly document: { text: string; value: Record<string, unknown> },
  ) {
    // Field by field rather than Object.assign: thousands are made per export, most while the code is still cold.
    this.key = fields.key;
    this.name = fields.name;
    this.kind = fields.kind;
    this.source = fields.source;
    if (fields.versionId !== undefined) this.versionId = fields.versionId;
    this.value = document.value;
  }

  get text(): string {
    return this.document.text;
  }

  toJSON(): AccountPolicy {
    const { document: _, ...fields } = this;
    return { ...fields, text: this.text };
  }
}

function withDocument(fields: Omit<AccountPolicy, 'text' | 'value'>, document: { text: string; value: Record<string, unknown> }): AccountPolicy {
  return new ExportedPolicy(fields, document);
}

class Reader {
  constructor(
    private readonly account: Account,
    private readonly file: string,
  ) {}

  policy(value: unknown, path: string): void {
    const entry = this.entry(value, path, 'Arn');
    if (!entry) return;
    const arn = entry.Arn as string;
    const versions = Array.isArray(entry.PolicyVersionList) ? (entry.PolicyVersionList as unknown[]) : [];
    // All versions are listed; the one in force is the default ("IsDefaultVersion"; DefaultVersionId names it too).
    let index = versions.findIndex((version) => (version as Entry | null)?.IsDefaultVersion === true);
    if (index < 0 && typeof entry.DefaultVersionId === 'string') index = versions.findIndex((version) => (version as Entry | null)?.VersionId === entry.DefaultVersionId);
    if (index < 0) {
      this.warn(path, `policy ${arn} has no default version in PolicyVersionList; it is left out`);
      return;
    }
    const version = versions[index] as Entry;
    const versionPath = `${path}.PolicyVersionList[${index}]`;
    const document = this.document(version.Document, versionPath, 'default version of', arn);
    if (document === undefined) return;
    const name = typeof entry.PolicyName === 'string' ? entry.PolicyName : arn.slice(arn.lastIndexOf('/') + 1);
    const isAws = /^arn:[^:]+:iam::aws:policy\//.test(arn);
    this.account.policies.set(arn, {
      arn,
      name,
      policy: withDocument(
        {
          key: arn,
          name: arn,
          kind: isAws ? 'aws-managed' : 'customer-managed',
          source: { file: this.file, path: versionPath },
          ...(typeof version.VersionId === 'string' ? { versionId: version.VersionId } : {}),
        },
        document,
      ),
      ...(isAws ? {} : this.otherVersions(arn, versions, index, path)),
    });
  }

  /** The versions besides the default, for iam:SetDefaultPolicyVersion (escalations.ts). */
  private otherVersions(arn: string, versions: unknown[], defaultIndex: number, path: string): { versions?: AccountPolicy[] } {
    const others: AccountPolicy[] = [];
    versions.forEach((item, i) => {
      const version = item as Entry | null;
      if (i === defaultIndex || !version || typeof version !== 'object' || typeof version.VersionId !== 'string') return;
      const versionPath = `${path}.PolicyVersionList[${i}]`;
      const document = this.document(version.Document, versionPath, `version ${version.VersionId} of`, arn);
      if (document === undefined) return;
      others.push(
        withDocument(
          {
            key: `${arn}#version/${version.VersionId}`,
            name: `${arn} (version ${version.VersionId})`,
            kind: 'customer-managed',
            source: { file: this.file, path: versionPath },
            versionId: version.VersionId,
          },
          document,
        ),
      );
    });
    return others.length > 0 ? { versions: others } : {};
  }

  group(value: unknown, path: string): void {
    const entry = this.entry(value, path, 'Arn');
    if (!entry) return;
    const arn = entry.Arn as string;
    const name = this.name(entry.GroupName, arn);
    this.noteAccount(arn);
    this.account.groups.set(arn, {
      kind: 'group',
      name,
      arn,
      inline: this.inline(entry.GroupPolicyList, `${path}.GroupPolicyList`, arn),
      attached: this.attached(entry.AttachedManagedPolicies, `${path}.AttachedManagedPolicies`),
      source: { file: this.file, path },
    });
  }

  user(value: unknown, path: string): void {
    const entry = this.entry(value, path, 'Arn');
    if (!entry) return;
    const arn = entry.Arn as string;
    this.noteAccount(arn);
    const groups = Array.isArray(entry.GroupList) ? (entry.GroupList as unknown[]).filter((group): group is string => typeof group === 'string') : [];
    const boundary = this.boundary(entry.PermissionsBoundary);
    this.account.users.set(arn, {
      kind: 'user',
      name: this.name(entry.UserName, arn),
      arn,
      inline: this.inline(entry.UserPolicyList, `${path}.UserPolicyList`, arn),
      attached: this.attached(entry.AttachedManagedPolicies, `${path}.AttachedManagedPolicies`),
      groups,
      ...(boundary ? { boundary } : {}),
      tags: this.tags(entry.Tags),
      source: { file: this.file, path },
    });
  }

  role(value: unknown, path: string): void {
    const entry = this.entry(value, path, 'Arn');
    if (!entry) return;
    const arn = entry.Arn as string;
    this.noteAccount(arn);
    const boundary = this.boundary(entry.PermissionsBoundary);
    const trustPath = `${path}.AssumeRolePolicyDocument`;
    const trustText = entry.AssumeRolePolicyDocument === undefined ? undefined : this.document(entry.AssumeRolePolicyDocument, trustPath, 'trust policy of', arn);
    const trust: AccountPolicy | undefined =
      trustText === undefined ? undefined : withDocument({ key: `${arn}#trust`, name: 'trust policy', kind: 'trust', source: { file: this.file, path: trustPath } }, trustText);
    this.account.roles.set(arn, {
      kind: 'role',
      name: this.name(entry.RoleName, arn),
      arn,
      inline: this.inline(entry.RolePolicyList, `${path}.RolePolicyList`, arn),
      attached: this.attached(entry.AttachedManagedPolicies, `${path}.AttachedManagedPolicies`),
      ...(boundary ? { boundary } : {}),
      ...(trust ? { trust } : {}),
      tags: this.tags(entry.Tags),
      source: { file: this.file, path },
    });
  }

  private entry(value: unknown, path: string, arnField: string): Entry | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.warn(path, 'is not an object; it is left out');
      return undefined;
    }
    const entry = value as Entry;
    if (typeof entry[arnField] !== 'string' || !(entry[arnField] as string).startsWith('arn:')) {
      this.warn(path, `has no ${arnField}; it is left out`);
      return undefined;
    }
    return entry;
  }

  private name(value: unknown, arn: string): string {
    return typeof value === 'string' ? value : arn.slice(arn.lastIndexOf('/') + 1);
  }

  private inline(value: unknown, path: string, owner: string): AccountPolicy[] {
    if (!Array.isArray(value)) return [];
    const policies: AccountPolicy[] = [];
    for (let i = 0; i < value.length; i++) {
      const entry = value[i] as Entry | null;
      const name = typeof entry?.PolicyName === 'string' ? entry.PolicyName : `#${i}`;
      const itemPath = `${path}[${i}]`;
      const document = this.document(entry?.PolicyDocument, itemPath, `inline policy ${name} of`, owner);
      if (document !== undefined) policies.push(withDocument({ key: `${owner}#inline/${name}`, name, kind: 'inline', source: { file: this.file, path: itemPath } }, document));
    }
    return policies;
  }

  private attached(value: unknown, path: string): string[] {
    if (!Array.isArray(value)) return [];
    const arns: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const arn = (value[i] as Entry | null)?.PolicyArn;
      if (typeof arn === 'string') arns.push(arn);
      else this.warn(`${path}[${i}]`, 'has no PolicyArn; it is left out');
    }
    return arns;
  }

  private boundary(value: unknown): string | undefined {
    const arn = (value as Entry | null | undefined)?.PermissionsBoundaryArn;
    return typeof arn === 'string' ? arn : undefined;
  }

  private tags(value: unknown): Record<string, string> {
    const tags: Record<string, string> = {};
    if (Array.isArray(value)) for (const tag of value as (Entry | null)[]) if (typeof tag?.Key === 'string' && typeof tag.Value === 'string') tags[tag.Key] = tag.Value;
    return tags;
  }

  /** The decoded document; a warning about `what` `whose` (written only then) when it cannot be decoded. */
  private document(value: unknown, path: string, what: string, whose: string): { text: string; value: Record<string, unknown> } | undefined {
    const decoded = decodePolicyDocument(value);
    if (decoded.error !== undefined) {
      this.warn(path, `${what} ${whose}: ${decoded.error}; it is left out`);
      return undefined;
    }
    return decoded as { text: string; value: Record<string, unknown> };
  }

  private noteAccount(arn: string): void {
    // The fifth field of the ARN (what `arn.split(':')[4]` gives), without splitting every ARN into an array.
    let start = 0;
    for (let field = 0; field < 4; field++) {
      start = arn.indexOf(':', start) + 1;
      if (start === 0) return;
    }
    const end = arn.indexOf(':', start);
    const account = end < 0 ? arn.slice(start) : arn.slice(start, end);
    if (account) this.account.accountIds.add(account);
  }

  private warn(path: string, message: string): void {
    this.account.warnings.push(`${this.file}: ${path} ${message}.`);
  }
}
