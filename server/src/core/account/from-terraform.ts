import { attributesOf, blockHeader, blocksNamed, bodyOf, functionArguments, functionName, unwrap, type Attribute } from '../hosts/terraform/hcl';
import { terraformBlocks } from '../hosts/terraform/blocks';
import type { HclNode } from '../hosts/terraform/syntax';
import { traversalOf } from '../hosts/terraform/template';
import { DeployString, deployTimeDocument, type DeployValue } from './deploy-time';
import { emptyAccount, type Account, type AccountGroup, type AccountPolicy, type AccountRole, type AccountUser } from './model';

// Builds the account model from the IAM resources of one Terraform module (the .tf files of a folder). Resource
// arguments from the AWS provider's documentation (registry.terraform.io/providers/hashicorp/aws/latest/docs):
// aws_iam_user, aws_iam_group, aws_iam_role (managed_policy_arns and inline_policy take exclusive control),
// aws_iam_policy, aws_iam_{user,group,role}_policy, aws_iam_{user,group,role}_policy_attachment,
// aws_iam_policy_attachment ("creates an exclusive attachment of that policy": the policy is attached to exactly the
// listed users, roles and groups), aws_iam_{user,group,role}_policy_attachments_exclusive,
// aws_iam_{user,group,role}_policies_exclusive, aws_iam_user_group_membership, aws_iam_group_membership (exclusive:
// the group's members are exactly the listed users), data.aws_iam_policy_document.

export interface ModuleAccountOptions {
  /** The account the module is applied to; `data.aws_caller_identity.*.account_id` resolves to it. */
  accountId?: string;
  partition?: string;
}

export type ModuleAccountResult = { account: Account; error?: undefined } | { account?: undefined; error: string };

/** One .tf file of the module. */
export interface ModuleFile {
  file: string;
  text: string;
}

const SYNTHETIC_ACCOUNT = '000000000000';

/** A value `jsonencode(…)` or a policy document data source writes as JSON. */
class JsonOf {
  constructor(readonly value: DeployValue) {}
}

type Value = DeployValue | JsonOf;
type Entity = AccountUser | AccountGroup | AccountRole;

interface Block {
  header: string[];
  body: HclNode | undefined;
  attributes: Map<string, Attribute>;
  file: string;
  address: string;
}

/**
 * Reads a module's files into the account model. The Terraform parser must be loaded (`prepareHostReaders()`).
 * Never throws: a file the parser cannot read gives `error`; resources that cannot be used are warned about.
 */
export function readModuleAccount(files: readonly ModuleFile[], options: ModuleAccountOptions = {}): ModuleAccountResult {
  const blocks: Block[] = [];
  for (const { file, text } of files) {
    const parsed = terraformBlocks(text);
    if (parsed instanceof Error) return { error: `Cannot read ${file}: ${parsed.message}` };
    for (const node of parsed) {
      const header = blockHeader(node);
      const body = bodyOf(node);
      const address = header[0] === 'resource' ? header.slice(1).join('.') : header[0] === 'data' ? header.join('.') : '';
      blocks.push({ header, body, attributes: attributesOf(body), file, address });
    }
  }
  return { account: new ModuleReader(blocks, options).read() };
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

  constructor(
    private readonly blocks: Block[],
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
    const source = { file: block.file, path: block.address };
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
        if (tags && typeof tags === 'object' && !Array.isArray(tags) && !(tags instanceof DeployString) && !(tags instanceof JsonOf)) {
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
        for (const [key, kind] of [['users', 'user'], ['groups', 'group'], ['roles', 'role']] as const) {
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

  private valueOf(block: Block, attribute: string): Value {
    const node = block.attributes.get(attribute)?.value;
    return node ? this.evaluate(node) : undefined;
  }

  /** An HCL expression's value, with every reference the module resolves; the rest stay deploy-time strings. */
  private evaluate(expression: HclNode): Value {
    const node = unwrap(expression);
    const unknown = () => new DeployString([{ source: expression.text }]);
    switch (node.type) {
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(node);
      case 'numeric_lit':
        return Number(node.text);
      case 'bool_lit':
        return node.text === 'true';
      case 'null_lit':
        return null;
      case 'tuple':
        return node.namedChildren.filter((child) => child.type === 'expression').map((child) => this.plain(this.evaluate(child)));
      case 'object': {
        const result: { [key: string]: DeployValue } = {};
        for (const element of node.namedChildren) {
          if (element.type !== 'object_elem') continue;
          const [key, value] = element.namedChildren.filter((child) => child.type === 'expression');
          if (!key || !value) continue;
          const keyNode = unwrap(key);
          const name = keyNode.type === 'variable_expr' ? keyNode.text : this.evaluate(key);
          if (typeof name !== 'string') continue;
          result[name] = this.plain(this.evaluate(value));
        }
        return result;
      }
      case 'function_call': {
        const name = functionName(node);
        const args = functionArguments(node);
        if (name === 'jsonencode' && args.length === 1) return new JsonOf(this.plain(this.evaluate(args[0])));
        if ((name === 'tolist' || name === 'toset') && args.length === 1) return this.evaluate(args[0]);
        if (name === 'concat') {
          const lists = args.map((arg) => this.evaluate(arg));
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

  /** A value inside a document: JSON written by jsonencode inside another is a string there. */
  private plain(value: Value): DeployValue {
    return value instanceof JsonOf ? JSON.stringify(value.value) : value;
  }

  private template(node: HclNode): DeployValue {
    const heredoc = node.type === 'heredoc_template';
    const parts: (string | { source: string })[] = [];
    for (const child of node.namedChildren) {
      if (child.type === 'template_literal') parts.push(unescapeLiteral(child.text, heredoc));
      else if (child.type === 'template_interpolation') {
        const inner = child.namedChildren.find((c) => c.type === 'expression');
        const value = inner ? this.evaluate(inner) : undefined;
        if (typeof value === 'string') parts.push(value);
        else if (value instanceof DeployString) parts.push(...value.parts);
        else parts.push({ source: child.text });
      } else if (child.type === 'template_directive') parts.push({ source: child.text });
    }
    if (heredoc && parts.length > 0 && typeof parts[0] === 'string') parts[0] = parts[0].replace(/^\r?\n/, '');
    return parts.every((part) => typeof part === 'string') ? parts.join('') : new DeployString(parts);
  }

  private reference(traversal: string[]): Value {
    if (this.depth > 20) return undefined;
    const [first, second, third, fourth] = traversal;
    if (first === 'data') {
      if (second === 'aws_partition' && fourth === 'partition') return this.partition;
      if (second === 'aws_caller_identity' && fourth === 'account_id') return this.options.accountId;
      if (second === 'aws_iam_policy_document' && (fourth === 'json' || fourth === 'minified_json')) {
        const block = this.byAddress.get(`data.${second}.${third}`);
        return block ? new JsonOf(this.policyDocument(block)) : undefined;
      }
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

  /**
   * The JSON a `data "aws_iam_policy_document"` writes: Version 2012-10-17, each statement's Effect (Allow when
   * omitted), a one-item list as a string, principals and conditions grouped by type and test.
   */
  private policyDocument(block: Block): DeployValue {
    const one = (list: DeployValue): DeployValue => (Array.isArray(list) && list.length === 1 ? list[0] : list);
    const document: { [key: string]: DeployValue } = { Version: this.plainOf(block, 'version') ?? '2012-10-17' };
    for (const key of ['source_policy_documents', 'override_policy_documents']) if (block.attributes.has(key)) this.warn(block, `${key} is not merged into the account model's copy of this document`);
    const statements: DeployValue[] = [];
    for (const { body } of blocksNamed(block.body, 'statement')) {
      const nested: Block = { ...block, body, attributes: attributesOf(body) };
      const statement: { [key: string]: DeployValue } = {};
      const sid = this.plainOf(nested, 'sid');
      if (sid !== undefined) statement.Sid = sid;
      statement.Effect = this.plainOf(nested, 'effect') ?? 'Allow';
      for (const [attribute, key] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
        const value = this.plainOf(nested, attribute);
        if (value !== undefined) statement[key] = one(value);
      }
      for (const [name, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
        const found = blocksNamed(body, name);
        if (found.length === 0) continue;
        const principal: { [key: string]: DeployValue } = {};
        for (const each of found) {
          const inner: Block = { ...block, body: each.body, attributes: attributesOf(each.body) };
          const type = this.plainOf(inner, 'type');
          const identifiers = this.plainOf(inner, 'identifiers');
          if (typeof type !== 'string' || identifiers === undefined) continue;
          const list = [...(Array.isArray(principal[type]) ? (principal[type] as DeployValue[]) : principal[type] !== undefined ? [principal[type]] : []), ...(Array.isArray(identifiers) ? identifiers : [identifiers])];
          principal[type] = one(list);
        }
        statement[key] = principal['*'] === '*' && Object.keys(principal).length === 1 ? '*' : principal;
      }
      const conditions = blocksNamed(body, 'condition');
      if (conditions.length > 0) {
        const condition: { [key: string]: { [key: string]: DeployValue } } = {};
        for (const each of conditions) {
          const inner: Block = { ...block, body: each.body, attributes: attributesOf(each.body) };
          const test = this.plainOf(inner, 'test');
          const variable = this.plainOf(inner, 'variable');
          if (typeof test !== 'string' || typeof variable !== 'string') continue;
          (condition[test] ??= {})[variable] = one(this.plainOf(inner, 'values') ?? []);
        }
        statement.Condition = condition;
      }
      statements.push(statement);
    }
    document.Statement = statements;
    return document;
  }

  private plainOf(block: Block, attribute: string): DeployValue {
    return this.plain(this.valueOf(block, attribute));
  }

  /** A policy argument (jsonencode, a policy document data source, a JSON string or heredoc) as an account policy. */
  private document(block: Block, attribute: string, key: string, name: string, kind: AccountPolicy['kind']): AccountPolicy | undefined {
    const value = this.valueOf(block, attribute);
    let document: DeployValue;
    if (value instanceof JsonOf) document = value.value;
    else if (typeof value === 'string' || value instanceof DeployString) document = parseJsonWithHoles(value);
    if (!document || typeof document !== 'object' || Array.isArray(document) || document instanceof DeployString) {
      this.warn(block, `${attribute} is not a policy document the module writes out; it is left out`);
      return undefined;
    }
    const { document: written, placeholders } = deployTimeDocument(document);
    if (placeholders.length > 0) this.warn(block, `${attribute} holds values known only at apply (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys`);
    return { key, name, kind, text: JSON.stringify(written), value: written, source: { file: block.file, path: `${block.address}.${attribute}` } };
  }

  private warn(block: Block, message: string): void {
    this.account.warnings.push(`${block.file}: ${block.address || block.header.join('.')} ${message}.`);
  }
}

function unescapeLiteral(text: string, heredoc: boolean): string {
  const unescaped = heredoc
    ? text
    : text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (_, c: string) => {
        if (c[0] === 'u' || c[0] === 'U') return String.fromCodePoint(parseInt(c.slice(1), 16));
        return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c;
      });
  return unescaped.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** JSON text whose interpolations are unknown: each hole becomes a deploy-time part of the string it sits in. */
function parseJsonWithHoles(value: string | DeployString): DeployValue {
  const parts = typeof value === 'string' ? [value] : value.parts;
  const holes: string[] = [];
  const text = parts.map((part) => (typeof part === 'string' ? part : `@@deploy-time-${holes.push(part.source) - 1}@@`)).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const restore = (item: unknown): DeployValue => {
    if (typeof item === 'string') {
      if (!item.includes('@@deploy-time-')) return item;
      const pieces = item.split(/@@deploy-time-(\d+)@@/);
      return new DeployString(pieces.map((piece, i) => (i % 2 === 1 ? { source: holes[Number(piece)] } : piece)).filter((piece) => piece !== ''));
    }
    if (Array.isArray(item)) return item.map(restore);
    if (item && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, restore(v)]));
    return item as DeployValue;
  };
  return restore(parsed);
}
