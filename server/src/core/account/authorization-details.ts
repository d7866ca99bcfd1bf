import { decodePolicyDocument } from './documents';
import { emptyAccount, type Account, type AccountPolicy, type AccountSource } from './model';
import { stripBom } from '../text/bom';

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
    return { value: JSON.parse(stripBom(text)) };
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
  (root.Policies as unknown[] | undefined)?.forEach((entry, i) => reader.policy(entry, i));
  (root.GroupDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.group(entry, i));
  (root.UserDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.user(entry, i));
  (root.RoleDetailList as unknown[] | undefined)?.forEach((entry, i) => reader.role(entry, i));
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

/**
 * Where in the export an entry is: `list[index]`, then `.field` and `[item]` when given. The path is written on first
 * use: an export has tens of thousands of entries and policies, and a query reads the paths of the few it reports.
 */
class ExportSource implements AccountSource {
  #path?: string;

  constructor(
    readonly file: string,
    private readonly list: string,
    private readonly index: number,
    private readonly field?: string,
    private readonly item?: number,
  ) {}

  get path(): string {
    this.#path ??= `${this.list}[${this.index}]${this.field === undefined ? '' : `.${this.field}`}${this.item === undefined ? '' : `[${this.item}]`}`;
    return this.#path;
  }

  toJSON(): AccountSource {
    return { file: this.file, path: this.path };
  }
}

/** A document the export gives as a string, decoded: its text and value. */
class DecodedText {
  constructor(
    readonly text: string,
    readonly value: Record<string, unknown>,
  ) {}
}

/**
 * A policy whose text is written on first use from the parsed document (most are only ever scanned), and whose key
 * (for a trust or inline policy, written from its holder's ARN and its name) on first use too. An export holds one
 * per inline and trust policy, so nothing else is kept per policy: `keyOf` is the key itself, or the holder's ARN.
 */
class ExportedPolicy implements AccountPolicy {
  #key?: string;
  #text?: string;
  value: Record<string, unknown>;
  versionId?: string;

  constructor(
    private readonly keyOf: string,
    readonly name: string,
    readonly kind: AccountPolicy['kind'],
    readonly source: AccountSource,
    document: Record<string, unknown> | DecodedText,
    versionId?: string,
  ) {
    if (document instanceof DecodedText) {
      this.value = document.value;
      this.#text = document.text;
    } else {
      this.value = document;
    }
    if (versionId !== undefined) this.versionId = versionId;
  }

  get key(): string {
    this.#key ??= this.kind === 'trust' ? `${this.keyOf}#trust` : this.kind === 'inline' ? `${this.keyOf}#inline/${this.name}` : this.keyOf;
    return this.#key;
  }

  get text(): string {
    this.#text ??= JSON.stringify(this.value);
    return this.#text;
  }

  toJSON(): AccountPolicy {
    return {
      key: this.key,
      name: this.name,
      kind: this.kind,
      source: this.source instanceof ExportSource ? this.source.toJSON() : this.source,
      ...(this.versionId !== undefined ? { versionId: this.versionId } : {}),
      value: this.value,
      text: this.text,
    };
  }
}

class Reader {
  constructor(
    private readonly account: Account,
    private readonly file: string,
  ) {}

  policy(value: unknown, entryIndex: number): void {
    const entry = this.entry(value, 'Policies', entryIndex);
    if (!entry) return;
    const arn = entry.Arn as string;
    const versions = Array.isArray(entry.PolicyVersionList) ? (entry.PolicyVersionList as unknown[]) : [];
    // All versions are listed; the one in force is the default ("IsDefaultVersion"; DefaultVersionId names it too).
    let index = versions.findIndex((version) => (version as Entry | null)?.IsDefaultVersion === true);
    if (index < 0 && typeof entry.DefaultVersionId === 'string') index = versions.findIndex((version) => (version as Entry | null)?.VersionId === entry.DefaultVersionId);
    if (index < 0) {
      this.warn(`Policies[${entryIndex}]`, `policy ${arn} has no default version in PolicyVersionList; it is left out`);
      return;
    }
    const version = versions[index] as Entry;
    const source = new ExportSource(this.file, 'Policies', entryIndex, 'PolicyVersionList', index);
    const document = this.document(version.Document, source, 'default version of', arn);
    if (document === undefined) return;
    const name = typeof entry.PolicyName === 'string' ? entry.PolicyName : arn.slice(arn.lastIndexOf('/') + 1);
    const isAws = /^arn:[^:]+:iam::aws:policy\//.test(arn);
    const versionId = typeof version.VersionId === 'string' ? version.VersionId : undefined;
    this.account.policies.set(arn, {
      arn,
      name,
      policy: new ExportedPolicy(arn, arn, isAws ? 'aws-managed' : 'customer-managed', source, document, versionId),
      ...(isAws ? {} : this.otherVersions(arn, versions, index, entryIndex)),
    });
  }

  /** The versions besides the default, for iam:SetDefaultPolicyVersion (escalations.ts). */
  private otherVersions(arn: string, versions: unknown[], defaultIndex: number, entryIndex: number): { versions?: AccountPolicy[] } {
    const others: AccountPolicy[] = [];
    versions.forEach((item, i) => {
      const version = item as Entry | null;
      if (i === defaultIndex || !version || typeof version !== 'object' || typeof version.VersionId !== 'string') return;
      const source = new ExportSource(this.file, 'Policies', entryIndex, 'PolicyVersionList', i);
      const document = this.document(version.Document, source, `version ${version.VersionId} of`, arn);
      if (document === undefined) return;
      others.push(new ExportedPolicy(`${arn}#version/${version.VersionId}`, `${arn} (version ${version.VersionId})`, 'customer-managed', source, document, version.VersionId));
    });
    return others.length > 0 ? { versions: others } : {};
  }

  group(value: unknown, index: number): void {
    const entry = this.entry(value, 'GroupDetailList', index);
    if (!entry) return;
    const arn = entry.Arn as string;
    const name = this.name(entry.GroupName, arn);
    this.noteAccount(arn);
    this.account.groups.set(arn, {
      kind: 'group',
      name,
      arn,
      inline: this.inline(entry.GroupPolicyList, 'GroupDetailList', index, 'GroupPolicyList', arn),
      attached: this.attached(entry.AttachedManagedPolicies, 'GroupDetailList', index),
      source: new ExportSource(this.file, 'GroupDetailList', index),
    });
  }

  user(value: unknown, index: number): void {
    const entry = this.entry(value, 'UserDetailList', index);
    if (!entry) return;
    const arn = entry.Arn as string;
    this.noteAccount(arn);
    const groups = Array.isArray(entry.GroupList) ? (entry.GroupList as unknown[]).filter((group): group is string => typeof group === 'string') : [];
    const boundary = this.boundary(entry.PermissionsBoundary);
    this.account.users.set(arn, {
      kind: 'user',
      name: this.name(entry.UserName, arn),
      arn,
      inline: this.inline(entry.UserPolicyList, 'UserDetailList', index, 'UserPolicyList', arn),
      attached: this.attached(entry.AttachedManagedPolicies, 'UserDetailList', index),
      groups,
      ...(boundary ? { boundary } : {}),
      tags: this.tags(entry.Tags),
      source: new ExportSource(this.file, 'UserDetailList', index),
    });
  }

  role(value: unknown, index: number): void {
    const entry = this.entry(value, 'RoleDetailList', index);
    if (!entry) return;
    const arn = entry.Arn as string;
    this.noteAccount(arn);
    const boundary = this.boundary(entry.PermissionsBoundary);
    let trust: AccountPolicy | undefined;
    if (entry.AssumeRolePolicyDocument !== undefined) {
      const source = new ExportSource(this.file, 'RoleDetailList', index, 'AssumeRolePolicyDocument');
      const document = this.document(entry.AssumeRolePolicyDocument, source, 'trust policy of', arn);
      if (document !== undefined) trust = new ExportedPolicy(arn, 'trust policy', 'trust', source, document);
    }
    this.account.roles.set(arn, {
      kind: 'role',
      name: this.name(entry.RoleName, arn),
      arn,
      inline: this.inline(entry.RolePolicyList, 'RoleDetailList', index, 'RolePolicyList', arn),
      attached: this.attached(entry.AttachedManagedPolicies, 'RoleDetailList', index),
      ...(boundary ? { boundary } : {}),
      ...(trust ? { trust } : {}),
      tags: this.tags(entry.Tags),
      source: new ExportSource(this.file, 'RoleDetailList', index),
    });
  }

  private entry(value: unknown, list: string, index: number): Entry | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.warn(`${list}[${index}]`, 'is not an object; it is left out');
      return undefined;
    }
    const entry = value as Entry;
    if (typeof entry.Arn !== 'string' || !entry.Arn.startsWith('arn:')) {
      this.warn(`${list}[${index}]`, 'has no Arn; it is left out');
      return undefined;
    }
    return entry;
  }

  private name(value: unknown, arn: string): string {
    return typeof value === 'string' ? value : arn.slice(arn.lastIndexOf('/') + 1);
  }

  private inline(value: unknown, list: string, index: number, field: string, owner: string): AccountPolicy[] {
    if (!Array.isArray(value)) return [];
    const policies: AccountPolicy[] = [];
    for (let i = 0; i < value.length; i++) {
      const entry = value[i] as Entry | null;
      const name = typeof entry?.PolicyName === 'string' ? entry.PolicyName : `#${i}`;
      const source = new ExportSource(this.file, list, index, field, i);
      const document = this.document(entry?.PolicyDocument, source, 'inline policy', owner, name);
      if (document !== undefined) policies.push(new ExportedPolicy(owner, name, 'inline', source, document));
    }
    return policies;
  }

  private attached(value: unknown, list: string, index: number): string[] {
    if (!Array.isArray(value)) return [];
    const arns: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const arn = (value[i] as Entry | null)?.PolicyArn;
      if (typeof arn === 'string') arns.push(arn);
      else this.warn(`${list}[${index}].AttachedManagedPolicies[${i}]`, 'has no PolicyArn; it is left out');
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

  /**
   * The decoded document: the value itself when the export gives it as an object (AWS CLI output; its text is written
   * on first use), else decoded from the string. When it cannot be decoded, a warning about `what` `whose` (or
   * `what` `named` of `whose`), written only then.
   */
  private document(value: unknown, source: ExportSource, what: string, whose: string, named?: string): Record<string, unknown> | DecodedText | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    const decoded = decodePolicyDocument(value);
    if (decoded.error !== undefined) {
      this.warn(source.path, `${named === undefined ? what : `${what} ${named} of`} ${whose}: ${decoded.error}; it is left out`);
      return undefined;
    }
    return new DecodedText(decoded.text, decoded.value);
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
