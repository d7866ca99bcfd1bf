import type { EmbeddedPolicy } from '../hosts/host';
import { attributesOf, blockHeader, blocksNamed, bodyOf, functionArguments, functionName, templateOf, unwrap, type Attribute } from '../hosts/terraform/hcl';
import { terraformBlocks } from '../hosts/terraform/blocks';
import { documentReference, terraformReader } from '../hosts/terraform/index';
import { renderedPolicyValue } from '../hosts/terraform/rendered';
import type { HclNode } from '../hosts/terraform/syntax';
import type { Placeholder } from '../policy/model';
import { traversalOf } from '../hosts/terraform/template';
import { DeployChoice, DeployString, deployStringOf, deployTimeDocument, type DeployValue } from './deploy-time';
import { emptyAccount, writtenPolicy, type Account, type AccountGroup, type AccountPolicy, type AccountRole, type AccountUser } from './model';

// Resource policies: https://registry.terraform.io/providers/hashicorp/aws/latest/docs (aws_s3_bucket_policy: bucket;
// aws_sqs_queue_policy: queue_url; aws_sns_topic_policy: arn; aws_kms_key: policy of the key itself;
// aws_secretsmanager_secret_policy: secret_arn).
const RESOURCE_POLICIES: Record<string, { attribute?: string; target: string; label: string }> = {
  aws_s3_bucket_policy: { attribute: 'bucket', target: 'aws_s3_bucket', label: 'bucket policy' },
  aws_sqs_queue_policy: { attribute: 'queue_url', target: 'aws_sqs_queue', label: 'queue policy' },
  aws_sns_topic_policy: { attribute: 'arn', target: 'aws_sns_topic', label: 'topic policy' },
  aws_kms_key: { target: 'aws_kms_key', label: 'key policy' },
  aws_secretsmanager_secret_policy: { attribute: 'secret_arn', target: 'aws_secretsmanager_secret', label: 'secret policy' },
};

// Builds the account model from the IAM resources of one Terraform module (the .tf files of a folder). Resource
// arguments from the AWS provider's documentation (registry.terraform.io/providers/hashicorp/aws/latest/docs):
// aws_iam_user, aws_iam_group, aws_iam_role (managed_policy_arns and inline_policy take exclusive control),
// aws_iam_policy, aws_iam_{user,group,role}_policy, aws_iam_{user,group,role}_policy_attachment,
// aws_iam_policy_attachment ("creates an exclusive attachment of that policy": the policy is attached to exactly the
// listed users, roles and groups), aws_iam_{user,group,role}_policy_attachments_exclusive,
// aws_iam_{user,group,role}_policies_exclusive, aws_iam_user_group_membership, aws_iam_group_membership (exclusive:
// the group's members are exactly the listed users). The policy documents themselves (jsonencode, heredocs, JSON
// strings, `data "aws_iam_policy_document"` with its source and override documents) are read by the Terraform host
// reader, as for the editor; this module only resolves the references between the module's resources in them.

export interface ModuleAccountOptions {
  /** The account the module is applied to; `data.aws_caller_identity.*.account_id` resolves to it. */
  accountId?: string;
  partition?: string;
}

export type ModuleAccountResult =
  | {
      account: Account;
      /** Each file's policies as the host reader built them: the account's `source.span`s are their spans. */
      policies: ReadonlyMap<string, readonly EmbeddedPolicy[]>;
      error?: undefined;
    }
  | { account?: undefined; error: string };

/** One .tf file of the module. */
export interface ModuleFile {
  file: string;
  text: string;
}

const SYNTHETIC_ACCOUNT = '000000000000';

type Entity = AccountUser | AccountGroup | AccountRole;

interface Block {
  header: string[];
  body: HclNode | undefined;
  attributes: Map<string, Attribute>;
  file: string;
  text: string;
  address: string;
  /** The block's first line (its header), where its principal is defined. */
  headerSpan: { start: number; end: number };
}

/** The policies the host reader found: by file and offset of the attribute value, and data sources by address. */
interface HostPolicies {
  values: Map<string, EmbeddedPolicy>;
  documents: Map<string, EmbeddedPolicy & { file: string }>;
}

/**
 * Reads a module's files into the account model. The Terraform parser must be loaded (`prepareHostReaders()`).
 * Never throws: a file the parser cannot read gives `error`; resources that cannot be used are warned about.
 */
export function readModuleAccount(files: readonly ModuleFile[], options: ModuleAccountOptions = {}): ModuleAccountResult {
  const blocks: Block[] = [];
  const policies: HostPolicies = { values: new Map(), documents: new Map() };
  const byFile = new Map<string, readonly EmbeddedPolicy[]>();
  for (const { file, text } of files) {
    const parsed = terraformBlocks(text);
    if (parsed instanceof Error) return { error: `Cannot read ${file}: ${parsed.message}` };
    for (const node of parsed) {
      const header = blockHeader(node);
      const body = bodyOf(node);
      const address = header[0] === 'resource' ? header.slice(1).join('.') : header[0] === 'data' ? header.join('.') : '';
      const lineEnd = text.indexOf('\n', node.startIndex);
      const headerSpan = { start: node.startIndex, end: lineEnd < 0 || lineEnd > node.endIndex ? node.endIndex : lineEnd };
      blocks.push({ header, body, attributes: attributesOf(body), file, text, address, headerSpan });
    }
    const read = terraformReader.read({ uri: /\.tf$/i.test(file) ? file : `${file}.tf`, text })?.policies ?? [];
    byFile.set(file, read);
    for (const policy of read) {
      if (policy.owner?.startsWith('data.aws_iam_policy_document.')) policies.documents.set(policy.owner, { ...policy, file });
      else policies.values.set(`${file}@${policy.span.start}`, policy);
    }
  }
  return { account: new ModuleReader(blocks, policies, options).read(), policies: byFile };
}

class ModuleReader {
  private readonly account = emptyAccount();
  private readonly partition: string;
  private readonly accountId: string;
  private readonly byAddress = new Map<string, Block>();
  /** Resource address → entity, customer managed policy ARN. */
  private readonly entities = new Map<string, Entity>();
  private readonly policyArns = new Map<string, string>();
  private depth = 0;
  /** Reading a resource policy: the caller identity's account id is the account of the module's principals. */
  private thisAccount = false;

  constructor(
    private readonly blocks: Block[],
    private readonly policies: HostPolicies,
    private readonly options: ModuleAccountOptions,
  ) {
    this.partition = options.partition ?? 'aws';
    this.accountId = options.accountId ?? SYNTHETIC_ACCOUNT;
    for (const block of blocks) if (block.address) this.byAddress.set(block.address, block);
  }

  read(): Account {
    const resources = this.blocks.filter((block) => block.header[0] === 'resource');
    const declared = resources.filter((block) => ['aws_iam_user', 'aws_iam_group', 'aws_iam_role', 'aws_iam_policy'].includes(block.header[1]));
    if (this.options.accountId === undefined && declared.length > 0) this.account.warnings.push(`The account id is known only at apply; entities get synthetic ARNs in account ${SYNTHETIC_ACCOUNT}.`);
    for (const block of declared) this.declare(block);
    for (const block of resources) {
      if (block.attributes.has('count') || block.attributes.has('for_each')) this.warn(block, 'has count or for_each; it is read as one instance');
      this.add(block);
    }
    // Exclusive resources replace what the others added, whatever their order in the files.
    for (const block of resources) this.replace(block);
    this.account.accountIds.add(this.accountId);
    return this.account;
  }

  private declare(block: Block): void {
    const [, type] = block.header;
    const kinds: Record<string, 'user' | 'group' | 'role' | 'policy'> = { aws_iam_user: 'user', aws_iam_group: 'group', aws_iam_role: 'role', aws_iam_policy: 'policy' };
    const kind = kinds[type];
    let name = this.literalString(block, 'name');
    if (name === undefined) {
      this.warn(block, `has no literal name (${block.attributes.has('name_prefix') ? 'name_prefix: ' : ''}Terraform or AWS names it at apply), so it is named ${block.address} here (synthetic ARN)`);
      name = block.address;
    }
    const path = this.literalString(block, 'path') ?? '/';
    const arn = `arn:${this.partition}:iam::${this.accountId}:${kind}${path}${name}`;
    const source = { file: block.file, path: block.address, span: block.headerSpan };
    if (kind === 'policy') {
      this.policyArns.set(block.address, arn);
      return;
    }
    const entity: Entity =
      kind === 'user'
        ? { kind, name, arn, inline: [], attached: [], groups: [], tags: {}, source }
        : kind === 'group'
          ? { kind, name, arn, inline: [], attached: [], source }
          : { kind, name, arn, inline: [], attached: [], tags: {}, source };
    this.entities.set(block.address, entity);
    this.account[`${kind}s`].set(arn, entity as never);
  }

  private add(block: Block): void {
    const [, type] = block.header;
    const entity = this.entities.get(block.address);
    switch (type) {
      case 'aws_iam_user':
      case 'aws_iam_role': {
        const holder = entity as AccountUser | AccountRole;
        const boundary = this.stringOf(block, 'permissions_boundary');
        if (boundary !== undefined) holder.boundary = boundary;
        const tags = this.valueOf(block, 'tags');
        if (tags && typeof tags === 'object' && !Array.isArray(tags) && !(tags instanceof DeployString)) {
          for (const [key, value] of Object.entries(tags)) if (typeof value === 'string') holder.tags[key] = value;
        }
        if (holder.kind === 'role' && block.attributes.has('assume_role_policy')) {
          holder.trust = this.document(block, 'assume_role_policy', `${holder.arn}#trust`, 'trust policy', 'trust');
        }
        return;
      }
      case 'aws_iam_policy': {
        const arn = this.policyArns.get(block.address)!;
        const policy = this.document(block, 'policy', arn, arn, 'customer-managed');
        if (policy) this.account.policies.set(arn, { arn, name: arn.slice(arn.lastIndexOf('/') + 1), policy });
        return;
      }
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy':
      case 'aws_iam_role_policy': {
        const kind = type === 'aws_iam_user_policy' ? 'user' : type === 'aws_iam_group_policy' ? 'group' : 'role';
        const holder = this.holder(block, kind, kind);
        if (!holder) return;
        const name = this.literalString(block, 'name') ?? block.address;
        const policy = this.document(block, 'policy', `${holder.arn}#inline/${name}`, name, 'inline');
        if (policy) holder.inline.push(policy);
        return;
      }
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment':
      case 'aws_iam_role_policy_attachment': {
        const kind = type === 'aws_iam_user_policy_attachment' ? 'user' : type === 'aws_iam_group_policy_attachment' ? 'group' : 'role';
        const holder = this.holder(block, kind, kind);
        const arn = this.stringOf(block, 'policy_arn');
        if (holder && arn !== undefined) holder.attached.push(arn);
        return;
      }
      case 'aws_s3_bucket_policy':
      case 'aws_sqs_queue_policy':
      case 'aws_sns_topic_policy':
      case 'aws_kms_key':
      case 'aws_secretsmanager_secret_policy':
        return this.resourcePolicy(block, RESOURCE_POLICIES[type]);
      case 'aws_iam_user_group_membership': {
        const user = this.holder(block, 'user', 'user') as AccountUser | undefined;
        if (user) user.groups.push(...this.stringsOf(block, 'groups'));
        return;
      }
      default:
        return;
    }
  }

  private replace(block: Block): void {
    const [, type] = block.header;
    switch (type) {
      case 'aws_iam_role': {
        const role = this.entities.get(block.address) as AccountRole;
        if (block.attributes.has('managed_policy_arns')) role.attached = this.stringsOf(block, 'managed_policy_arns');
        const inline = blocksNamed(block.body, 'inline_policy');
        if (inline.length > 0) {
          // `inline_policy {}` alone removes every inline policy; otherwise the role has exactly the ones written.
          role.inline = [];
          for (const { body } of inline) {
            const attributes = attributesOf(body);
            const name = attributes.get('name')?.value;
            if (!name || !attributes.has('policy')) continue;
            const nested: Block = { ...block, body, attributes };
            const text = this.literalString(nested, 'name') ?? `${block.address}.inline_policy`;
            const policy = this.document(nested, 'policy', `${role.arn}#inline/${text}`, text, 'inline');
            if (policy) role.inline.push(policy);
          }
        }
        return;
      }
      case 'aws_iam_group_membership': {
        const group = this.name(block, 'group');
        if (group === undefined) return;
        const members = new Set(this.stringsOf(block, 'users'));
        for (const user of this.account.users.values()) {
          const listed = members.has(user.name);
          if (listed && !user.groups.includes(group)) user.groups.push(group);
          if (!listed) user.groups = user.groups.filter((g) => g !== group);
          members.delete(user.name);
        }
        for (const name of members) this.warn(block, `names user "${name}", which the module does not define`);
        return;
      }
      case 'aws_iam_policy_attachment': {
        const arn = this.stringOf(block, 'policy_arn');
        if (arn === undefined) return;
        for (const entity of this.entities.values()) entity.attached = entity.attached.filter((a) => a !== arn);
        for (const [key, kind] of [
          ['users', 'user'],
          ['groups', 'group'],
          ['roles', 'role'],
        ] as const) {
          for (const name of this.stringsOf(block, key)) {
            const holder = this.entityNamed(kind, name);
            if (holder) holder.attached.push(arn);
            else this.warn(block, `names ${kind} "${name}", which the module does not define`);
          }
        }
        return;
      }
      case 'aws_iam_user_policy_attachments_exclusive':
      case 'aws_iam_group_policy_attachments_exclusive':
      case 'aws_iam_role_policy_attachments_exclusive': {
        const kind = type.startsWith('aws_iam_user') ? 'user' : type.startsWith('aws_iam_group') ? 'group' : 'role';
        const holder = this.holder(block, `${kind}_name`, kind);
        if (holder) holder.attached = this.stringsOf(block, 'policy_arns');
        return;
      }
      case 'aws_iam_user_policies_exclusive':
      case 'aws_iam_group_policies_exclusive':
      case 'aws_iam_role_policies_exclusive': {
        const kind = type.startsWith('aws_iam_user') ? 'user' : type.startsWith('aws_iam_group') ? 'group' : 'role';
        const holder = this.holder(block, `${kind}_name`, kind);
        if (!holder) return;
        const names = new Set(this.stringsOf(block, 'policy_names'));
        holder.inline = holder.inline.filter((policy) => names.has(policy.name));
        return;
      }
      default:
        return;
    }
  }

  /**
   * A bucket, queue, topic, key or secret policy with the ARNs of the resources it governs. The account id in its
   * document (`data.aws_caller_identity.*.account_id`) is the account of the module's principals (synthetic unless
   * given): the module's principals are applied to the same account as its resources.
   */
  private resourcePolicy(block: Block, kind: { attribute?: string; target: string; label: string }): void {
    if (!block.attributes.has('policy')) return;
    const resources = this.governedBy(block, kind);
    if (resources.length === 0) return this.warn(block, `names no resource the ${kind.label} governs; it is left out`);
    this.thisAccount = true;
    let policy: AccountPolicy | undefined;
    try {
      policy = this.document(block, 'policy', `${block.address}#resource`, `${kind.label} ${block.address}`, 'resource');
    } finally {
      this.thisAccount = false;
    }
    if (policy) this.account.resourcePolicies.push({ type: block.header[1], resources, policy, source: { file: block.file, path: block.address, span: block.headerSpan } });
  }

  /** The ARNs of what a resource policy governs: the module's resource its attribute refers to, or a value written out. */
  private governedBy(block: Block, kind: { attribute?: string; target: string }): (string | DeployString)[] {
    const node = kind.attribute === undefined ? undefined : block.attributes.get(kind.attribute)?.value;
    const inner = node && unwrap(node);
    const traversal = inner?.type === 'expression' ? traversalOf(inner) : undefined;
    const target = kind.attribute === undefined ? block : traversal && traversal[0] === kind.target ? this.byAddress.get(`${traversal[0]}.${traversal[1]}`) : undefined;
    const region = { source: 'data.aws_region.current.name' };
    const arn = (service: string, resource: (string | { source: string })[], regional = true): string | DeployString => {
      const parts = [`arn:${this.partition}:${service}:`, ...(regional ? [region, `:${this.accountId}:`] : ['::']), ...resource];
      return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts);
    };
    if (target) {
      const nameAttribute = { aws_s3_bucket: 'bucket', aws_sqs_queue: 'name', aws_sns_topic: 'name', aws_secretsmanager_secret: 'name' }[kind.target];
      const literal = nameAttribute ? this.literalString(target, nameAttribute) : undefined;
      const name = literal ?? { source: `${target.address}.${kind.target === 'aws_kms_key' ? 'key_id' : (nameAttribute ?? 'id')}` };
      switch (kind.target) {
        case 'aws_s3_bucket':
          return [arn('s3', [name], false), arn('s3', [name, '/*'], false)];
        case 'aws_sqs_queue':
          return [arn('sqs', [name])];
        case 'aws_sns_topic':
          return [arn('sns', [name])];
        case 'aws_kms_key':
          return [arn('kms', ['key/', name])];
        case 'aws_secretsmanager_secret':
          // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
          return [arn('secretsmanager', ['secret:', name, literal !== undefined ? '-??????' : ''])];
      }
    }
    const value = kind.attribute === undefined ? undefined : this.valueOf(block, kind.attribute);
    if (typeof value === 'string' && kind.target === 'aws_s3_bucket') return value.startsWith('arn:') ? [value, `${value}/*`] : [arn('s3', [value], false), arn('s3', [value, '/*'], false)];
    if (typeof value === 'string' && kind.target === 'aws_sqs_queue') {
      // https://sqs.<region>.amazonaws.com/<account>/<name>
      const url = /^https:\/\/sqs\.([^.]+)\.[^/]+\/(\d{12})\/([^/]+)$/.exec(value);
      if (url) return [`arn:${this.partition}:sqs:${url[1]}:${url[2]}:${url[3]}`];
      this.warn(block, `${kind.attribute} is not a queue URL; the policy is left out`);
      return [];
    }
    if (typeof value === 'string') return [value];
    if (value instanceof DeployString) {
      if (kind.target === 'aws_s3_bucket') return [arn('s3', [...value.parts], false), arn('s3', [...value.parts, '/*'], false)];
      if (kind.target !== 'aws_sqs_queue') return [value];
    }
    this.warn(block, `${kind.attribute} names a resource known only at apply; the policy is left out`);
    return [];
  }

  /** The entity an attribute names (`user = aws_iam_user.a.name`), when the module defines it. */
  private holder(block: Block, attribute: string, kind: Entity['kind']): Entity | undefined {
    const name = this.name(block, attribute);
    if (name === undefined) return undefined;
    const entity = this.entityNamed(kind, name);
    if (!entity) this.warn(block, `names ${kind} "${name}", which the module does not define; it is left out`);
    return entity;
  }

  private entityNamed(kind: Entity['kind'], name: string): Entity | undefined {
    for (const entity of this.entities.values()) if (entity.kind === kind && entity.name === name) return entity;
    return undefined;
  }

  private name(block: Block, attribute: string): string | undefined {
    const value = this.stringOf(block, attribute);
    if (value === undefined && block.attributes.has(attribute)) this.warn(block, `${attribute} is known only at apply; the resource is left out`);
    return value;
  }

  private literalString(block: Block, attribute: string): string | undefined {
    const value = this.valueOf(block, attribute);
    return typeof value === 'string' ? value : undefined;
  }

  private stringOf(block: Block, attribute: string): string | undefined {
    const value = this.valueOf(block, attribute);
    if (typeof value === 'string') return value;
    if (value !== undefined && value !== null) this.warn(block, `${attribute} is known only at apply; it is left out`);
    return undefined;
  }

  private stringsOf(block: Block, attribute: string): string[] {
    const value = this.valueOf(block, attribute);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.warn(block, `${attribute} is not a list the module writes out; it is left out`);
      return [];
    }
    return value.flatMap((item) => {
      if (typeof item === 'string') return [item];
      this.warn(block, `an item of ${attribute} is known only at apply; it is left out`);
      return [];
    });
  }

  private valueOf(block: Block, attribute: string): DeployValue {
    const node = block.attributes.get(attribute)?.value;
    return node ? this.evaluate(node, block.text) : undefined;
  }

  /** An HCL expression's value, with every reference the module resolves; the rest stay deploy-time strings. */
  private evaluate(expression: HclNode, text: string): DeployValue {
    const node = unwrap(expression);
    const unknown = () => new DeployString([{ source: expression.text }]);
    switch (node.type) {
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template': {
        const template = templateOf(text, node, false);
        return template ? this.resolved(template.value, template.placeholders) : unknown();
      }
      case 'numeric_lit':
        return Number(node.text);
      case 'bool_lit':
        return node.text === 'true';
      case 'null_lit':
        return null;
      case 'tuple':
        return node.namedChildren.filter((child) => child.type === 'expression').map((child) => this.evaluate(child, text));
      case 'object': {
        const result: { [key: string]: DeployValue } = {};
        for (const element of node.namedChildren) {
          if (element.type !== 'object_elem') continue;
          const [key, value] = element.namedChildren.filter((child) => child.type === 'expression');
          if (!key || !value) continue;
          const keyNode = unwrap(key);
          const name = keyNode.type === 'variable_expr' ? keyNode.text : this.evaluate(key, text);
          if (typeof name !== 'string') continue;
          result[name] = this.evaluate(value, text);
        }
        return result;
      }
      case 'function_call': {
        const name = functionName(node);
        const args = functionArguments(node);
        if ((name === 'tolist' || name === 'toset') && args.length === 1) return this.evaluate(args[0], text);
        if (name === 'concat') {
          const lists = args.map((arg) => this.evaluate(arg, text));
          return lists.every(Array.isArray) ? (lists as DeployValue[][]).flat() : unknown();
        }
        return unknown();
      }
      case 'expression': {
        const traversal = traversalOf(node);
        return (traversal && this.reference(traversal)) ?? unknown();
      }
      default:
        return unknown();
    }
  }

  /** A string from the host reader with the references the module resolves filled in. */
  private resolved(value: string, placeholders: readonly Placeholder[] | undefined): DeployValue {
    return deployStringOf(value, placeholders, (_, { source }) => this.placeholderValue(source) ?? { source });
  }

  private placeholderValue(source: string): string | undefined {
    const expression = source.replace(/^\$\{\s*/, '').replace(/\s*\}$/, '');
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])*$/.test(expression)) return undefined;
    const value = this.reference(expression.replace(/\[\d+\]/g, '').split('.'));
    return typeof value === 'string' ? value : undefined;
  }

  private reference(traversal: string[]): DeployValue {
    if (this.depth > 20) return undefined;
    const [first, second, third, fourth] = traversal;
    if (first === 'data') {
      if (second === 'aws_partition' && fourth === 'partition') return this.partition;
      if (second === 'aws_caller_identity' && fourth === 'account_id') return this.options.accountId ?? (this.thisAccount ? this.accountId : undefined);
      return undefined;
    }
    const address = `${first}.${second}`;
    const entity = this.entities.get(address);
    if (entity) {
      if (third === 'arn') return entity.arn;
      if (third === 'name' || third === 'id') return entity.name;
      return undefined;
    }
    const policy = this.policyArns.get(address);
    if (policy) return third === 'arn' || third === 'id' ? policy : third === 'name' ? policy.slice(policy.lastIndexOf('/') + 1) : undefined;
    // Another resource's literal argument (`aws_iam_role_policy.p.name`).
    const block = this.byAddress.get(address);
    if (block && third && traversal.length === 3 && block.attributes.has(third)) {
      this.depth++;
      try {
        const value = this.valueOf(block, third);
        return typeof value === 'string' ? value : undefined;
      } finally {
        this.depth--;
      }
    }
    return undefined;
  }

  /** A policy argument (jsonencode, a policy document data source, a JSON string or heredoc) as an account policy. */
  private document(block: Block, attribute: string, key: string, name: string, kind: AccountPolicy['kind']): AccountPolicy | undefined {
    const node = block.attributes.get(attribute)?.value;
    const address = node && documentReference(node);
    const embedded = address ? this.policies.documents.get(address) : node && this.policies.values.get(`${block.file}@${node.startIndex}`);
    const root = embedded?.policy.root;
    const rendering = address ? 'policy-document' : 'jsonencode';
    const value =
      root?.type === 'object'
        ? (renderedPolicyValue(root, rendering, (string) => this.resolved(String(string.value), (string as { placeholders?: Placeholder[] }).placeholders)) as { [key: string]: DeployValue })
        : undefined;
    if (!value) {
      this.warn(block, `${attribute} is not a policy document the module writes out; it is left out`);
      return undefined;
    }
    // The provider writes `"Sid": ""` for a statement without one; the model keeps the statement as IAM lists it.
    if (address && Array.isArray(value.Statement))
      for (const statement of value.Statement)
        if (statement && typeof statement === 'object' && !Array.isArray(statement) && !(statement instanceof DeployString) && !(statement instanceof DeployChoice) && statement.Sid === '')
          delete statement.Sid;
    const { document: written, placeholders } = deployTimeDocument(value);
    if (placeholders.length > 0)
      this.warn(block, `${attribute} holds values known only at apply (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys`);
    // Where the statements are written: the data source's document (in whichever file of the module), or the value.
    const at = address ? this.policies.documents.get(address) : undefined;
    const span = embedded?.span;
    const file = at?.file ?? block.file;
    return {
      key,
      name,
      kind,
      text: JSON.stringify(written),
      value: written,
      source: { file, path: `${block.address}.${attribute}`, ...(span ? { span } : {}) },
      ...(embedded ? { written: writtenPolicy(file, embedded) } : {}),
    };
  }

  private warn(block: Block, message: string): void {
    this.account.warnings.push(`${block.file}: ${block.address || block.header.join('.')} ${message}.`);
  }
}
