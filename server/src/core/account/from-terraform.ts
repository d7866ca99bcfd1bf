import type { EmbeddedPolicy } from '../hosts/host';
import { attributesOf, blockHeader, blocksNamed, bodyOf, dynamicCopies, functionArguments, functionName, unwrap, type Attribute } from '../hosts/terraform/hcl';
import { fileReference, moduleSource } from '../hosts/terraform/files';
import { readPolicyTemplateFile } from '../hosts/terraform/template-file';
import { templateVariables } from '../hosts/terraform/template-variables';
import { namesAccountIds } from './account-id-names';
import { parsePolicy } from '../policy/parse-policy';
import { stripBom } from '../text/bom';
import { moduleFileBlocks } from '../hosts/terraform/blocks';
import { isModuleFile, isNativeModuleFile } from '../hosts/terraform/file-names';
import { documentReference, readTerraformModuleFile, terraformReader, type TerraformFileReading } from '../hosts/terraform/index';
import { renderedPolicyValue, renderedStatementValue } from '../hosts/terraform/rendered';
import { isExpandedNode, withEvaluation, withSymbols, type Evaluate } from '../hosts/terraform/expansion';
import { statementNode } from '../hosts/terraform/policy-document';
import type { HclNode } from '../hosts/terraform/syntax';
import { HclEvaluator, type EvaluationContext } from '../hosts/terraform/evaluate';
import { collectionElements, navigate } from '../hosts/terraform/values';
import type { JsonNode, Placeholder } from '../policy/model';
import { chosenDocument, DeployChoice, DeployString, deployTimeDocument, deployTimeKey, isObjectValue, sourcesOf, type DeployChoiceValue, type DeployValue } from './deploy-time';
import { dnsSuffixOf } from './partitions';
import { boundarySource, chooseBoundaries, chosenBoundaryArn, unknownBoundaryArn, type ChosenBoundary } from './unknown-boundary';
import { attachChosen, joinChosen, oppositeOf, principalsUnderChoices, withChoices, type ChosenAttachment, type ChosenMembership } from './deploy-choices';
import { getManagedPolicies } from './managed-policies';
import { documentOf, emptyAccount, statementListOf, writtenPolicy, type Account, type AccountGroup, type AccountPolicy, type AccountRole, type AccountUser } from './model';
import { resolveManagedPolicy } from './principal-policies';
import { instanceAddress, joinModulePath, moduleFolderOf, referenceOfNode, referenceOfText, SPLAT, type ReferenceStep } from './terraform-modules';

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

/**
 * The AWS Cloud Control provider's IAM resources: CloudFormation's, under snake_case names
 * (https://registry.terraform.io/providers/hashicorp/awscc/latest/docs): a role's, user's or group's name, managed
 * policies and inline `policies` (each `policy_name` and `policy_document`), a user's `groups`, a managed policy's
 * `roles`, `users` and `groups`, and the inline policy resources of one principal each.
 */
const AWSCC_IAM_TYPES = ['awscc_iam_user', 'awscc_iam_group', 'awscc_iam_role', 'awscc_iam_managed_policy', 'awscc_iam_user_policy', 'awscc_iam_group_policy', 'awscc_iam_role_policy'];

/** The resource types the model reads: the IAM resources below and the resource policies above. */
const READ_RESOURCE_TYPES = new Set([
  ...['user', 'group', 'role'].flatMap((kind) => [
    `aws_iam_${kind}`,
    `aws_iam_${kind}_policy`,
    `aws_iam_${kind}_policy_attachment`,
    `aws_iam_${kind}_policy_attachments_exclusive`,
    `aws_iam_${kind}_policies_exclusive`,
  ]),
  'aws_iam_policy',
  'aws_iam_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_group_membership',
  ...Object.keys(RESOURCE_POLICIES),
  ...AWSCC_IAM_TYPES,
]);

/**
 * The resource types whose grants can wait on the condition they are created under (createdWhen): principals,
 * policies, inline policies, attachments and resource policies. Memberships and the exclusive resources, which
 * replace what others add, are read as created.
 */
const CHOSEN_RESOURCE_TYPES = new Set([
  ...['user', 'group', 'role'].flatMap((kind) => [`aws_iam_${kind}`, `aws_iam_${kind}_policy`, `aws_iam_${kind}_policy_attachment`]),
  ...['user', 'group', 'role'].flatMap((kind) => [`aws_iam_${kind}_policy_attachments_exclusive`, `aws_iam_${kind}_policies_exclusive`]),
  'aws_iam_policy',
  'aws_iam_user_group_membership',
  ...Object.keys(RESOURCE_POLICIES),
  ...AWSCC_IAM_TYPES,
]);

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
//
// Module calls (https://developer.hashicorp.com/terraform/language/modules/syntax): a `module` block with a local
// `source` is read as an instance of the called module, once per call and per `count` index or `for_each` key
// (https://developer.hashicorp.com/terraform/language/meta-arguments/count, …/for_each); the call's arguments set the
// module's input variables, unset ones take their `default`, and `module.<name>.<output>` is the instance's output
// value. Resource addresses are written from the root module (`module.a["k"].aws_iam_role.this`), as Terraform shows
// them; every place (principal, statement) stays in the file that writes it.

export interface ModuleAccountOptions {
  /** The account the module is applied to; `data.aws_caller_identity.*.account_id` resolves to it. */
  accountId?: string;
  partition?: string;
  /**
   * The .tf files of a folder a module call's local `source` names (the folder is joined to the calling file's
   * folder, with that file's separator), named as the caller names files; undefined when the folder cannot be read.
   * Without it, module calls are not followed (and a warning says so).
   */
  moduleFiles?: (folder: string) => readonly ModuleFile[] | undefined;
  /**
   * The text of a file a module reads a policy from (`file("${path.module}/policy.json")`, `templatefile(…)`), named
   * as module files are; undefined when it cannot be read. Without it, such policies are left out (with a warning).
   */
  readFile?: (path: string) => string | undefined;
  /**
   * `.tf` files read before by the caller (`takeCommandLineReading`), by file as named here: a file whose text is the
   * same is not parsed again. Each reading is taken out when used, so the map holds only what is still to be read.
   */
  readings?: Map<string, KeptReading>;
}

/** A `.tf` file's reading, with the text it was read from. */
export interface KeptReading {
  text: string;
  reading: TerraformFileReading;
}

export type ModuleAccountResult =
  | {
      account: Account;
      /**
       * Each file's policies as the host reader built them: the account's `source.span`s are their spans. Its keys are
       * every file read: the module's and those of the modules it calls.
       */
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

/** A top-level block of a module's files, as parsed once per folder. */
interface WrittenBlock {
  header: string[];
  body: HclNode | undefined;
  attributes: Map<string, Attribute>;
  file: string;
  text: string;
  /** `aws_iam_role.app`, `data.aws_iam_policy_document.x`; empty for other blocks. */
  local: string;
  /** The block's first line (its header), where its principal is defined. */
  headerSpan: { start: number; end: number };
  /** For a .tf.json file, an offset of `text` as an offset of the file's JSON, where the host reader's spans are. */
  jsonOffset?: (offset: number) => number;
}

/** A block of one module instance: `address` is its address from the root module (`module.a.aws_iam_role.app`). */
interface Block extends WrittenBlock {
  address: string;
  scope: Scope;
  /** A resource whose count or for_each makes exactly one instance: its `count.index` or `each`. */
  instance?: Pick<Context, 'index' | 'each'>;
  /** A resource created only when a condition known only at apply holds (`count = var.create ? 1 : 0`). */
  choices?: DeployChoiceValue[];
}

/** A module's folder as read: its blocks and the policy documents its data sources write, by address. */
interface ModuleFolder {
  folder: string;
  blocks: WrittenBlock[];
  documents: Map<string, EmbeddedPolicy & { file: string }>;
  /** The `for` expressions of its blocks by `file@start@end`, found on first use. */
  forExpressions?: Map<string, { node: HclNode; text: string; kind: 'for' | 'call' | 'local' }>;
  /** The `dynamic "statement"` blocks of its policy document data sources by `file@start@end`, found on first use. */
  dynamicStatements?: Map<string, { node: HclNode; text: string }>;
}

function dynamicStatementsOf(module: ModuleFolder): Map<string, { node: HclNode; text: string }> {
  if (module.dynamicStatements) return module.dynamicStatements;
  const found = new Map<string, { node: HclNode; text: string }>();
  for (const block of module.blocks)
    if (block.local.startsWith('data.aws_iam_policy_document.'))
      for (const child of block.body?.namedChildren ?? [])
        if (child.type === 'block' && blockHeader(child).join(' ') === 'dynamic statement') found.set(`${block.file}@${child.startIndex}@${child.endIndex}`, { node: child, text: block.text });
  module.dynamicStatements = found;
  return found;
}

/**
 * The expressions of a module's blocks whose value the host reader may have known only in part, by
 * `file@start@end`: `for` expressions, calls of built-in functions and `local.x` references (whose value may
 * depend on the module's variables).
 */
function forExpressionsOf(module: ModuleFolder): Map<string, { node: HclNode; text: string; kind: 'for' | 'call' | 'local' }> {
  if (module.forExpressions) return module.forExpressions;
  const found = new Map<string, { node: HclNode; text: string; kind: 'for' | 'call' | 'local' }>();
  const visit = (node: HclNode, block: WrittenBlock) => {
    const at = block.jsonOffset ?? ((offset: number) => offset);
    const key = `${block.file}@${at(node.startIndex)}@${at(node.endIndex)}`;
    if (node.type === 'for_tuple_expr' || node.type === 'for_object_expr') found.set(key, { node, text: block.text, kind: 'for' });
    else if (node.type === 'function_call' && !found.has(key)) found.set(key, { node, text: block.text, kind: 'call' });
    else if (node.type === 'expression' && isLocalReference(node) && !found.has(key)) found.set(key, { node, text: block.text, kind: 'local' });
    for (const child of node.children) visit(child, block);
  };
  for (const block of module.blocks) if (block.body && /\bfor\b|\(|\blocal\./.test(block.text.slice(block.body.startIndex, block.body.endIndex))) visit(block.body, block);
  module.forExpressions = found;
  return found;
}

/** `local.x` exactly, as the host reader reads a whole local. */
function isLocalReference(node: HclNode): boolean {
  const [root, step, ...rest] = node.namedChildren;
  return rest.length === 0 && root?.type === 'variable_expr' && root.text === 'local' && step?.type === 'get_attr';
}

/**
 * One instance of a module: the root module, or one call of a module (one per `count` index or `for_each` key). Its
 * `var.*` are the call's arguments, evaluated where the call is written (`caller`), or the variables' defaults.
 */
interface Scope {
  /** `''` for the root module; `module.a.`, `module.a[0].module.b.` for called modules. */
  prefix: string;
  module: ModuleFolder;
  blocks: Block[];
  byLocal: Map<string, Block>;
  /** `variable "x"`, `output "x"` and the `locals` block that sets `x`, as `variable.x`, `output.x`, `local.x`. */
  named: Map<string, Block>;
  caller?: { context: Context; arguments: Map<string, Attribute>; text: string; file: string };
  variables: Map<string, DeployValue>;
  outputs: Map<string, DeployValue>;
  /** Module calls by name: the instances by key (`undefined` for a call without count or for_each). */
  calls: Map<string, { counted: boolean; instances: Map<string | number | undefined, Scope> }>;
}

/**
 * Where an expression is evaluated: its module instance, the `count.index` or `each` of a module call's argument or
 * a resource instance, and the symbols a `for` expression declares (`b` in `[for b in var.buckets : …]`).
 */
interface Context extends EvaluationContext {
  scope: Scope;
  index?: number;
  each?: { key: string; value: DeployValue };
}

/** Module calls are followed this deep (Terraform sets no limit; real configurations nest a few levels). */
const MAX_MODULE_DEPTH = 16;
/** At most this many module instances are read (a count in the thousands would otherwise read as many). */
const MAX_INSTANCES = 2000;
/** A resource instance's address: `aws_iam_role.r[0]`, `aws_iam_role.r["k"]`. */
function instanceOfResource(address: string, key: string | number): string {
  return `${address}[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
}

/**
 * Reads a module's files into the account model, with the modules it calls from local folders (`moduleFiles` reads
 * them). The Terraform parser must be loaded (`prepareHostReaders()`). Never throws: a file of the root module the
 * parser cannot read gives `error`; a called module that cannot be read, resources that cannot be used and remote
 * module sources are warned about.
 */
export function readModuleAccount(files: readonly ModuleFile[], options: ModuleAccountOptions = {}): ModuleAccountResult {
  const values = new Map<string, EmbeddedPolicy>();
  const byFile = new Map<string, readonly EmbeddedPolicy[]>();
  const root = readFolder(files[0] ? moduleFolderOf(files[0].file) : '', files, values, byFile, options.readings);
  if (root instanceof Error) return { error: root.message };
  return { account: new ModuleReader(root, values, byFile, options).read(), policies: byFile };
}

/** A value the module writes out as a string, or null (which, like "", attaches nothing in a list compact() reads). */
function isWritten(value: DeployValue): value is string | null {
  return typeof value === 'string' || value === null;
}

const IAM_KINDS: Record<string, 'user' | 'group' | 'role' | 'policy'> = {
  aws_iam_user: 'user',
  aws_iam_group: 'group',
  aws_iam_role: 'role',
  aws_iam_policy: 'policy',
  awscc_iam_user: 'user',
  awscc_iam_group: 'group',
  awscc_iam_role: 'role',
  awscc_iam_managed_policy: 'policy',
};

/** The argument that names a principal or policy: `name`, or awscc's `role_name`, `user_name` … */
const NAME_ARGUMENTS: Record<string, string> = {
  awscc_iam_user: 'user_name',
  awscc_iam_group: 'group_name',
  awscc_iam_role: 'role_name',
  awscc_iam_managed_policy: 'managed_policy_name',
};

function nameArgumentOf(type: string): string {
  return NAME_ARGUMENTS[type] ?? 'name';
}

/** The arguments of a module block that are Terraform's, not the module's input variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** A policy value with each list inside a list spliced into it (IAM's lists are flat, as Terraform's `flatten` makes them). */
function flattened(value: DeployValue): DeployValue {
  if (Array.isArray(value)) return value.flatMap((item) => (Array.isArray(item) ? item.map(flattened) : [flattened(item)]));
  if (isObjectValue(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, flattened(item)]));
  return value;
}

/**
 * Parses a module's files, or takes their `readings`; `values` and `byFile` collect the host reader's policies (by file
 * and value offset, by file).
 */
function readFolder(
  folder: string,
  files: readonly ModuleFile[],
  values: Map<string, EmbeddedPolicy>,
  byFile: Map<string, readonly EmbeddedPolicy[]>,
  readings: Map<string, KeptReading> | undefined,
): ModuleFolder | Error {
  const module: ModuleFolder = { folder, blocks: [], documents: new Map() };
  for (const { file, text: written } of files) {
    // A .tf file's blocks and policies come from one parse; a .tf.json file's blocks from its JSON.
    const native = isNativeModuleFile(file) ? (takeReading(readings, file, written) ?? readTerraformModuleFile(file, written)) : undefined;
    if (native instanceof Error) return new Error(`Cannot read ${file}: ${native.message}`);
    const parsed: ReturnType<typeof moduleFileBlocks> = native ? { blocks: native.blocks, text: written } : moduleFileBlocks(file, written);
    if (parsed instanceof Error) return new Error(`Cannot read ${file}: ${parsed.message}`);
    const { text } = parsed;
    for (const node of parsed.blocks) {
      const header = blockHeader(node);
      const body = bodyOf(node);
      const local = header[0] === 'resource' ? header.slice(1).join('.') : header[0] === 'data' ? header.join('.') : '';
      const lineEnd = text.indexOf('\n', node.startIndex);
      const headerSpan = { start: node.startIndex, end: lineEnd < 0 || lineEnd > node.endIndex ? node.endIndex : lineEnd };
      module.blocks.push({ header, body, attributes: attributesOf(body), file, text, local, headerSpan, ...(parsed.jsonOffset ? { jsonOffset: parsed.jsonOffset } : {}) });
    }
    const read = (native ? native.document : terraformReader.read({ uri: isModuleFile(file) ? file : `${file}.tf`, text: written }))?.policies ?? [];
    byFile.set(file, read);
    for (const policy of read) {
      if (policy.owner?.startsWith('data.aws_iam_policy_document.')) module.documents.set(policy.owner, { ...policy, file });
      else {
        values.set(`${file}@${policy.span.start}`, policy);
        // A .tf.json value `"${jsonencode(...)}"` is the expression inside the string.
        const interpolation = /^"\$\{\s*/.exec(written.slice(policy.span.start, policy.span.start + 64));
        if (interpolation) values.set(`${file}@${policy.span.start + interpolation[0].length}`, policy);
      }
    }
  }
  return module;
}

function takeReading(readings: Map<string, KeptReading> | undefined, file: string, text: string): TerraformFileReading | undefined {
  const kept = readings?.get(file);
  if (kept === undefined) return undefined;
  readings!.delete(file);
  return kept.text === text ? kept.reading : undefined;
}

class ModuleReader {
  private readonly account = emptyAccount();
  private readonly evaluator = new HclEvaluator<Context>((first, steps, context) => this.resolveReference(first, steps, context));
  private readonly partition: string;
  private readonly accountId: string;
  /** Resource address (from the root module) → entity, customer managed policy ARN. */
  private readonly entities = new Map<string, Entity>();
  /** The principals of resources created only under a condition known only at apply, and that condition. */
  private readonly entityChoices = new Map<Entity, DeployChoiceValue[]>();
  /** Managed policies attached by such resources, attached once every policy is read. */
  private readonly chosenAttachments: ChosenAttachment[] = [];
  /** Boundaries chosen at apply between policies (chooseBoundaries). */
  private readonly chosenBoundaries: ChosenBoundary[] = [];
  /** Group memberships made only under choices (joinChosen). */
  private readonly chosenMemberships: ChosenMembership[] = [];
  private readonly policyArns = new Map<string, string>();
  private readonly policyArnsMade = new Set<string>();
  /** Resources with several instances known (count, for_each): the instances by the resource's address. */
  private readonly resourceInstances = new Map<string, Block[]>();
  /** Every resource block's instances, once read (a whole resource named as a collection reads them on first use). */
  private readonly instancesRead = new Map<Block, Block[]>();
  /** Module folders read, by folder (a module called twice is parsed once). */
  private readonly folders = new Map<string, ModuleFolder | undefined>();
  private readonly scopes: Scope[] = [];
  /** Calls whose source is not a local folder, as `module.x (source)`: warned about once. */
  private readonly remote: string[] = [];
  /**
   * Whether variables, locals and outputs are kept once evaluated: only once every entity is declared, since before
   * that a reference to an entity is not known yet.
   */
  private memo = false;
  /** Reading a resource policy: the caller identity's account id is the account of the module's principals. */
  private thisAccount = false;

  constructor(
    private readonly root: ModuleFolder,
    private readonly values: Map<string, EmbeddedPolicy>,
    private readonly byFile: Map<string, readonly EmbeddedPolicy[]>,
    private readonly options: ModuleAccountOptions,
  ) {
    this.partition = options.partition ?? 'aws';
    this.accountId = options.accountId ?? SYNTHETIC_ACCOUNT;
    this.folders.set(root.folder, root);
  }

  read(): Account {
    this.instantiate(this.root, '', undefined, [this.root.folder]);
    if (this.remote.length > 0)
      this.account.warnings.push(
        `Modules from the registry, git or other remote sources are not read (that needs terraform init and the network); the IAM resources of ${this.remote.join(', ')} are missing.`,
      );
    const resources = this.scopes.flatMap((scope) => scope.blocks.filter((block) => block.header[0] === 'resource').flatMap((block) => this.instancesOf(block)));
    const declared = resources.filter((block) => IAM_KINDS[block.header[1]] !== undefined);
    if (this.options.accountId === undefined && declared.length > 0)
      this.account.warnings.unshift(`The account id is known only at apply; entities get synthetic ARNs in account ${SYNTHETIC_ACCOUNT}.`);
    for (const block of declared) this.declare(block);
    this.memo = true;
    for (const block of resources) this.add(block);
    // Exclusive resources replace what the others added, whatever their order in the files.
    for (const block of resources) this.replace(block);
    principalsUnderChoices(this.entityChoices, this.chosenAttachments);
    attachChosen(this.account, this.chosenAttachments, ({ arn, source }) =>
      this.account.warnings.push(`${source.file}: ${source.path} may attach ${arn}, which is neither a policy of the module nor a bundled AWS managed policy; it is left out.`),
    );
    // A user made only under choices of its own has the group's policies only under those too.
    const memberships = this.chosenMemberships.map((membership) => {
      const own = (this.entityChoices.get(membership.user) ?? []).filter((choice) => !membership.choices.some((c) => c.source === choice.source && c.value === choice.value));
      return own.length > 0 ? { ...membership, choices: [...membership.choices, ...own] } : membership;
    });
    joinChosen(this.account, memberships, ({ group, source }) =>
      this.account.warnings.push(`${source.file}: ${source.path} may add the user to group "${group}", which the module does not define; it is left out.`),
    );
    chooseBoundaries(this.account, this.partition, this.accountId, this.chosenBoundaries, ({ where }, arn) =>
      this.account.warnings.push(`${where.file}: ${where.path} may be the boundary ${arn}, which is neither a policy of the module nor a bundled AWS managed policy; it is left out.`),
    );
    this.account.accountIds.add(this.accountId);
    return this.account;
  }

  /**
   * The instances of a resource by its `count` or `for_each`
   * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each): none when known to make none
   * (`count = var.create ? 1 : 0` with create false, an empty for_each); the block itself, its `count.index` and
   * `each` known, for exactly one; one per index or key, addressed `aws_iam_role.r["k"]`, when several are known; and
   * when they are known only at apply, the block read as one instance (a warning says so).
   */
  private instancesOf(block: Block): Block[] {
    const read = this.instancesRead.get(block);
    if (read) return read;
    // A for_each that names this resource itself is a cycle Terraform refuses: read as none known.
    this.instancesRead.set(block, [block]);
    const instances = this.instancesMade(block);
    this.instancesRead.set(block, instances);
    return instances;
  }

  private instancesMade(block: Block): Block[] {
    const count = block.attributes.has('count') ? this.valueOf(block, 'count') : undefined;
    const forEach = block.attributes.has('for_each') ? this.valueOf(block, 'for_each') : undefined;
    const entries = Array.isArray(forEach) ? forEach.map((item) => [item, item] as const) : isObjectValue(forEach) ? Object.entries(forEach) : undefined;
    if (count === 0 || entries?.length === 0) return [];
    // Exactly one instance (`count = var.create ? 1 : 0`): its count.index and each.* are known.
    // The block itself, so that other blocks reading its arguments see them too.
    if (count === 1) return [Object.assign(block, { instance: { index: 0 } })];
    if (entries?.length === 1 && typeof entries[0][0] === 'string') return [Object.assign(block, { instance: { each: { key: entries[0][0], value: entries[0][1] } } })];
    let instances: { key: string | number; instance: Block['instance'] }[] | undefined;
    if (typeof count === 'number' && Number.isInteger(count) && count > 1 && count <= MAX_INSTANCES) instances = Array.from({ length: count }, (_, index) => ({ key: index, instance: { index } }));
    else if (entries && entries.length <= MAX_INSTANCES && entries.every(([key]) => typeof key === 'string')) {
      const keys = new Map(entries.map(([key, value]) => [key as string, value]));
      instances = [...keys].map(([key, value]) => ({ key, instance: { each: { key, value } } }));
    }
    if (!instances) {
      const choice = this.createdWhen(block);
      // Said of the resources the model reads; another's unknown count shows in the values that refer to it.
      const read = READ_RESOURCE_TYPES.has(block.header[1]);
      if (choice) {
        if (read)
          this.warn(
            block,
            `is created only when ${choice.source.replace(/^(module\.\S+) (.*)$/, '$2 (in $1)')} is ${choice.value} at apply; answers through it are Conditional until --context gives ${deployTimeKey(choice.source)}=${choice.value} or its opposite`,
          );
        return [Object.assign(block, { instance: { index: 0 }, choices: [choice] })];
      }
      if ((block.attributes.has('count') || block.attributes.has('for_each')) && read) this.warn(block, 'has count or for_each known only at apply; it is read as one instance');
      return [block];
    }
    const blocks = instances.map(({ key, instance }) => ({ ...block, address: instanceOfResource(block.address, key), instance }));
    this.resourceInstances.set(block.address, blocks);
    return blocks;
  }

  /**
   * The condition of `count = <condition> ? 1 : 0` (or `? 0 : 1`), the way modules make a resource optional, when it
   * is known only at apply: the resource exists, as its one instance, only when the condition is true (false).
   */
  private createdWhen(block: Block): DeployChoiceValue | undefined {
    if (!CHOSEN_RESOURCE_TYPES.has(block.header[1])) return undefined;
    const count = block.attributes.get('count')?.value;
    const node = count && unwrap(count);
    if (node?.type !== 'conditional') return undefined;
    const [condition, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
    const [ifTrue, ifFalse] = [yes, no].map((branch) => (branch ? unwrap(branch).text : undefined));
    if (!condition || !((ifTrue === '1' && ifFalse === '0') || (ifTrue === '0' && ifFalse === '1'))) return undefined;
    return { source: sourceIn(block.scope, block.text.slice(condition.startIndex, condition.endIndex)), value: ifTrue === '1' ? 'true' : 'false' };
  }

  /** Reads a module instance and, recursively, the modules it calls with a local source. */
  private instantiate(module: ModuleFolder, prefix: string, caller: Scope['caller'], stack: string[]): Scope {
    const scope: Scope = { prefix, module, blocks: [], byLocal: new Map(), named: new Map(), variables: new Map(), outputs: new Map(), calls: new Map(), ...(caller ? { caller } : {}) };
    for (const written of module.blocks) {
      const block: Block = { ...written, address: written.local ? `${prefix}${written.local}` : '', scope };
      scope.blocks.push(block);
      if (written.local) scope.byLocal.set(written.local, block);
      const [kind, name] = written.header;
      if ((kind === 'variable' || kind === 'output') && name !== undefined && !scope.named.has(`${kind}.${name}`)) scope.named.set(`${kind}.${name}`, block);
      if (kind === 'locals') for (const local of written.attributes.keys()) if (!scope.named.has(`local.${local}`)) scope.named.set(`local.${local}`, block);
    }
    this.scopes.push(scope);
    for (const block of scope.blocks) if (block.header[0] === 'module' && block.header[1] !== undefined) this.call(scope, block, stack);
    return scope;
  }

  private call(scope: Scope, block: Block, stack: string[]): void {
    const name = block.header[1];
    const at = `${block.file}: ${scope.prefix}module.${name}`;
    const sourceNode = block.attributes.get('source')?.value;
    if (!sourceNode) return;
    const local = moduleSource(block.text, sourceNode);
    if (!local) {
      this.remote.push(`${scope.prefix}module.${name} (${block.text.slice(sourceNode.startIndex, sourceNode.endIndex)})`);
      return;
    }
    const folder = joinModulePath(moduleFolderOf(block.file), local.path);
    if (!this.options.moduleFiles) return void this.account.warnings.push(`${at} calls ${local.path}, which is not read here; the IAM resources it creates are missing.`);
    if (stack.includes(folder)) return void this.account.warnings.push(`${at} calls ${local.path}, a module that is already calling it (Terraform refuses such a cycle); it is not followed.`);
    if (stack.length > MAX_MODULE_DEPTH) return void this.account.warnings.push(`${at} is nested more than ${MAX_MODULE_DEPTH} modules deep; it is not followed.`);
    const child = this.folder(folder);
    if (child instanceof Error) return void this.account.warnings.push(`${at}: ${child.message}; it is not followed.`);
    if (!child) return void this.account.warnings.push(`${at} calls ${local.path}, a folder without .tf files here; the IAM resources it creates are missing.`);
    const args = new Map([...block.attributes].filter(([key]) => !META_ARGUMENTS.has(key)));
    const context: Context = { scope };
    const instances = new Map<string | number | undefined, Scope>();
    let keys: { key: string | number | undefined; context: Context }[] = [{ key: undefined, context }];
    let counted = false;
    if (block.attributes.has('count') || block.attributes.has('for_each')) {
      counted = true;
      const count = block.attributes.has('count') ? this.valueOf(block, 'count') : undefined;
      const forEach = block.attributes.has('for_each') ? this.valueOf(block, 'for_each') : undefined;
      if (typeof count === 'number' && Number.isInteger(count) && count >= 0) keys = Array.from({ length: count }, (_, index) => ({ key: index, context: { scope, index } }));
      else if (Array.isArray(forEach) && forEach.every((item) => typeof item === 'string'))
        keys = [...new Set(forEach as string[])].map((key) => ({ key, context: { scope, each: { key, value: key } } }));
      else if (isObjectValue(forEach)) keys = Object.entries(forEach).map(([key, value]) => ({ key, context: { scope, each: { key, value } } }));
      else {
        // Unknown until apply: one instance whose count.index and each.* stay unknown.
        counted = false;
        this.account.warnings.push(`${at} has count or for_each known only at apply; its module is read as one instance.`);
      }
    }
    if (this.scopes.length + keys.length > MAX_INSTANCES) return void this.account.warnings.push(`${at} would make more than ${MAX_INSTANCES} module instances; it is not followed.`);
    scope.calls.set(name, { counted, instances });
    for (const { key, context: instanceContext } of keys)
      instances.set(
        key,
        this.instantiate(child, `${scope.prefix}${instanceAddress(name, key)}.`, { context: instanceContext, arguments: args, text: block.text, file: block.file }, [...stack, folder]),
      );
  }

  /** A called module's folder, read once: undefined when it has no .tf files, an Error when one does not parse. */
  private folder(folder: string): ModuleFolder | Error | undefined {
    if (this.folders.has(folder)) return this.folders.get(folder);
    const files = this.options.moduleFiles?.(folder)?.filter((file) => isModuleFile(file.file));
    const read = files && files.length > 0 ? readFolder(folder, files, this.values, this.byFile, this.options.readings) : undefined;
    if (read instanceof Error) return read;
    this.folders.set(folder, read);
    return read;
  }

  /** The kind, name and ARN of a user, group, role or policy resource (instance): a synthetic name when it has no literal one. */
  private identityOf(block: Block): { kind: 'user' | 'group' | 'role' | 'policy'; name: string; named: boolean; arn: string } | undefined {
    const kind = IAM_KINDS[block.header[1]];
    if (!kind) return undefined;
    const literal = this.literalString(block, nameArgumentOf(block.header[1]));
    const name = literal ?? this.writtenName(block) ?? block.address;
    const path = this.literalString(block, 'path') ?? '/';
    return { kind, name, named: literal !== undefined, arn: `arn:${this.partition}:iam::${this.accountId}:${kind}${path}${name}` };
  }

  /**
   * A name written with values known only at apply (`"${var.cluster}-operator"`, also inside `substr(…, 0, 64)`, which
   * only shortens a name longer than IAM allows) as written, each unknown part standing as its source
   * (`var.cluster-operator`): a policy that names the principal by the same template (a Deny on
   * `role/${var.cluster}-operator`) then matches it where it may, and answers through it wait on the deploy, where the
   * module's address would match nothing.
   */
  private writtenName(block: Block): string | undefined {
    const node = block.attributes.get(nameArgumentOf(block.header[1]))?.value;
    if (!node) return undefined;
    const call = unwrap(node);
    const [text, offset] = functionName(call) === 'substr' ? functionArguments(call) : [node];
    if (!text || (offset && unwrap(offset).text !== '0')) return undefined;
    const value = this.evaluator.evaluate(text, block.text, { scope: block.scope, ...block.instance });
    // A name that is only values known at apply (`var.name`, `each.key`) says nothing the address does not.
    if (!(value instanceof DeployString) || !value.parts.some((part) => typeof part === 'string' && part !== '')) return undefined;
    const name = value.parts.map((part) => (typeof part === 'string' ? part : part.source.replace(/^\$\{\s*|\s*\}$/g, '').replace(/[^\w+=,.@-]/g, '_'))).join('');
    return name === '' ? undefined : name;
  }

  private declare(block: Block): void {
    const { kind, name, named, arn } = this.identityOf(block)!;
    if (!named)
      this.warn(block, `has no literal name (${block.attributes.has('name_prefix') ? 'name_prefix: ' : ''}Terraform or AWS names it at apply), so it is named ${block.address} here (synthetic ARN)`);
    const source = { file: block.file, path: block.address, span: block.headerSpan };
    if (kind === 'policy') {
      if (this.policyArnsMade.has(arn)) this.warn(block, `makes ${arn}, which another resource makes too (AWS refuses the second); the last is kept`);
      this.policyArnsMade.add(arn);
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
    if (block.choices) this.entityChoices.set(entity, block.choices);
    const entities = this.account[`${kind}s`] as Map<string, Entity>;
    // Two module calls that give a principal the same name fail at apply (EntityAlreadyExists): keep the first.
    if (entities.has(arn)) this.warn(block, `makes ${arn}, which ${entities.get(arn)!.source.path} makes too (AWS refuses the second); the first is kept`);
    else entities.set(arn, entity);
  }

  private add(block: Block): void {
    const [, type] = block.header;
    const entity = this.entities.get(block.address);
    switch (type) {
      case 'aws_iam_user':
      case 'aws_iam_role': {
        const holder = entity as AccountUser | AccountRole;
        const boundary = this.boundaryOf(block);
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
        const arn = this.policyArnOf(block, 'policy_arn');
        if (!holder || arn === undefined) return;
        if (block.choices) this.chosenAttachments.push({ principal: holder, arn, choices: block.choices, source: { file: block.file, path: block.address, span: block.headerSpan } });
        else holder.attached.push(arn);
        return;
      }
      case 'awscc_iam_user':
      case 'awscc_iam_group':
      case 'awscc_iam_role':
        return this.addAwsccPrincipal(block, entity!);
      case 'awscc_iam_managed_policy': {
        const arn = this.policyArns.get(block.address)!;
        const policy = this.document(block, 'policy_document', arn, arn, 'customer-managed');
        if (policy) this.account.policies.set(arn, { arn, name: arn.slice(arn.lastIndexOf('/') + 1), policy });
        this.attachToListed(block, arn);
        return;
      }
      case 'awscc_iam_user_policy':
      case 'awscc_iam_group_policy':
      case 'awscc_iam_role_policy': {
        const kind = type === 'awscc_iam_user_policy' ? 'user' : type === 'awscc_iam_group_policy' ? 'group' : 'role';
        const holder = this.holder(block, `${kind}_name`, kind);
        if (!holder) return;
        const name = this.literalString(block, 'policy_name') ?? block.address;
        const policy = this.document(block, 'policy_document', `${holder.arn}#inline/${name}`, name, 'inline');
        if (policy) holder.inline.push(policy);
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
        if (!user) return;
        const groups = this.stringsOf(block, 'groups');
        const source = { file: block.file, path: block.address, span: block.headerSpan };
        if (block.choices) for (const group of groups) this.chosenMemberships.push({ user, group, choices: block.choices, source });
        else user.groups.push(...groups);
        return;
      }
      default:
        return;
    }
  }

  /** Attaches a managed policy to the users, groups and roles a block lists by name (`users`, `groups`, `roles`). */
  private attachToListed(block: Block, arn: string): void {
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
  }

  /**
   * An awscc role, user or group: as CloudFormation's, its `managed_policy_arns` and inline `policies` (a list of
   * `{ policy_name, policy_document }`), a role's `assume_role_policy_document`, a user's `groups`, the
   * `permissions_boundary` and `tags` (a list of `{ key, value }`) of a role or user.
   */
  private addAwsccPrincipal(block: Block, entity: Entity): void {
    if (entity.kind === 'user' || entity.kind === 'role') {
      const boundary = this.boundaryOf(block);
      if (boundary !== undefined) entity.boundary = boundary;
      const tags = this.valueOf(block, 'tags');
      if (Array.isArray(tags)) for (const tag of tags) if (isObjectValue(tag) && typeof tag.key === 'string' && typeof tag.value === 'string') entity.tags[tag.key] = tag.value;
    }
    if (entity.kind === 'role' && block.attributes.has('assume_role_policy_document'))
      entity.trust = this.document(block, 'assume_role_policy_document', `${entity.arn}#trust`, 'trust policy', 'trust');
    if (entity.kind === 'user') entity.groups.push(...this.stringsOf(block, 'groups'));
    entity.attached.push(...this.stringsOf(block, 'managed_policy_arns'));
    for (const { body } of blocksNamed(block.body, 'policies')) {
      const attributes = attributesOf(body);
      if (!attributes.has('policy_document')) continue;
      const nested: Block = { ...block, body, attributes };
      const name = this.literalString(nested, 'policy_name') ?? `${block.address}.policies`;
      const policy = this.document(nested, 'policy_document', `${entity.arn}#inline/${name}`, name, 'inline');
      if (policy) entity.inline.push(policy);
    }
  }

  private replace(block: Block): void {
    const [, type] = block.header;
    switch (type) {
      case 'aws_iam_role': {
        const role = this.entities.get(block.address) as AccountRole;
        if (block.attributes.has('managed_policy_arns')) role.attached = this.managedPolicyArnsOf(block, role);
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
        const arn = this.policyArnOf(block, 'policy_arn');
        if (arn === undefined) return;
        for (const entity of this.entities.values()) entity.attached = entity.attached.filter((a) => a !== arn);
        this.attachToListed(block, arn);
        return;
      }
      case 'aws_iam_user_policy_attachments_exclusive':
      case 'aws_iam_group_policy_attachments_exclusive':
      case 'aws_iam_role_policy_attachments_exclusive': {
        const kind = type.startsWith('aws_iam_user') ? 'user' : type.startsWith('aws_iam_group') ? 'group' : 'role';
        const holder = this.holder(block, `${kind}_name`, kind);
        if (!holder) return;
        const listed = this.stringsOf(block, 'policy_arns');
        // Made only under a choice: the listed policies when it goes that way, the others' attachments when not.
        const otherwise = oppositeOf(block.choices);
        if (!block.choices || !otherwise) {
          holder.attached = listed;
          return;
        }
        const source = { file: block.file, path: block.address, span: block.headerSpan };
        for (const arn of holder.attached) if (!listed.includes(arn)) this.chosenAttachments.push({ principal: holder, arn, choices: otherwise, source });
        for (const arn of listed) if (!holder.attached.includes(arn)) this.chosenAttachments.push({ principal: holder, arn, choices: block.choices, source });
        for (const pending of this.chosenAttachments)
          if (pending.principal === holder && !listed.includes(pending.arn) && pending.choices !== otherwise) pending.choices = [...pending.choices, ...otherwise];
        holder.attached = holder.attached.filter((arn) => listed.includes(arn));
        return;
      }
      case 'aws_iam_user_policies_exclusive':
      case 'aws_iam_group_policies_exclusive':
      case 'aws_iam_role_policies_exclusive': {
        const kind = type.startsWith('aws_iam_user') ? 'user' : type.startsWith('aws_iam_group') ? 'group' : 'role';
        const holder = this.holder(block, `${kind}_name`, kind);
        if (!holder) return;
        const names = new Set(this.stringsOf(block, 'policy_names'));
        // Made only under a choice, it drops the others' inline policies only when the choice goes its way.
        const otherwise = oppositeOf(block.choices);
        holder.inline = holder.inline.flatMap((policy) => (names.has(policy.name) ? [policy] : otherwise ? [withChoices(policy, otherwise)] : []));
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
    // governedBy has said why.
    if (resources.length === 0) return;
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
    const reference = node && referenceOfNode(node, () => undefined);
    const [name] = reference?.steps ?? [];
    const target = kind.attribute === undefined ? block : reference && reference.first === kind.target && typeof name === 'string' ? block.scope.byLocal.get(`${reference.first}.${name}`) : undefined;
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
    const undefinedTarget = reference?.first === kind.target && typeof name === 'string' ? `${kind.target}.${name}, which the module does not define` : undefined;
    this.warn(block, `${kind.attribute} names ${undefinedTarget ?? 'a resource known only at apply'}; the policy is left out`);
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
    const value = this.valueOf(block, attribute);
    if (typeof value === 'string') return value;
    if (value !== null && block.attributes.has(attribute)) this.warn(block, `${attribute} is known only at apply; the resource is left out`);
    return undefined;
  }

  /**
   * A managed policy ARN: a string, or an AWS managed policy's ARN whose only part known only at apply is its
   * partition (`arn:${var.partition}:iam::aws:policy/…`), which is the partition of the module's principals: the
   * policy exists under the same name in each partition.
   */
  private policyArnOf(block: Block, attribute: string): string | undefined {
    const value = this.valueOf(block, attribute);
    if (value instanceof DeployString) {
      const [arn, partition, rest, ...more] = value.parts;
      if (arn === 'arn:' && typeof partition === 'object' && typeof rest === 'string' && more.length === 0 && /^:iam::aws:policy\/\S+$/.test(rest)) return `arn:${this.partition}${rest}`;
    }
    return this.stringOf(block, attribute);
  }

  private literalString(block: Block, attribute: string): string | undefined {
    const value = this.valueOf(block, attribute);
    return typeof value === 'string' ? value : undefined;
  }

  /** A principal's permissions boundary: its ARN, or the policy standing for one known only at apply (unknown-boundary.ts). */
  private boundaryOf(block: Block): string | undefined {
    const value = this.valueOf(block, 'permissions_boundary');
    if (typeof value === 'string' || value === undefined || value === null) return value || undefined;
    const where = { file: block.file, path: `${block.address}.permissions_boundary` };
    const branches = this.boundaryBranches(block);
    const unknown = branches?.filter((branch) => !branch.none && typeof branch.value !== 'string');
    if (branches && unknown?.length === 0) {
      const chosen = { branches: branches.map(({ value, none, choice }) => ({ arn: none ? undefined : (value as string), choice })), where };
      const named = chosen.branches.map(({ arn, choice }) => `${arn ?? 'none'} when ${choice.source} is ${choice.value}`).join(', ');
      this.warn(
        block,
        `permissions_boundary is chosen at apply (${named}); answers through the principal are Conditional until --context gives ${deployTimeKey(chosen.branches[0].choice.source)}=true or false`,
      );
      this.chosenBoundaries.push(chosen);
      return chosenBoundaryArn(this.partition, this.accountId, chosen);
    }
    // `var.b != null ? var.b : null`: a value or none, as the value is set or not.
    const none = branches?.find((branch) => branch.none);
    if (branches && unknown?.length === 1 && none) {
      const [set] = unknown;
      const source = boundarySource(sourcesOf(set.value), `${block.address}.permissions_boundary`);
      if (set.guards) {
        this.warn(block, `permissions_boundary is known only at apply (${source}); answers through the principal are Conditional until --context gives ${deployTimeKey(source)}`);
        return unknownBoundaryArn(this.account, this.partition, this.accountId, { source, where });
      }
      const { choice } = set;
      this.warn(
        block,
        `permissions_boundary is known only at apply (${source}) when ${choice.source} is ${choice.value}; answers through the principal are Conditional until --context gives ${deployTimeKey(source)} or ${deployTimeKey(choice.source)}=${none.choice.value}`,
      );
      return unknownBoundaryArn(this.account, this.partition, this.accountId, { source, setWhen: [choice], unsetWhen: [[none.choice]], where });
    }
    const source = boundarySource(sourcesOf(value), `${block.address}.permissions_boundary`);
    this.warn(block, `permissions_boundary is known only at apply (${source}); answers through the principal are Conditional until --context gives ${deployTimeKey(source)}`);
    return unknownBoundaryArn(this.account, this.partition, this.accountId, { source, where });
  }

  /**
   * The branches of `permissions_boundary = <condition> ? <a> : <b>` with the condition known only at apply: each
   * branch's value, whether it is no boundary (null, or "", which the provider reads as none), and the choice that
   * takes it. `guards` marks a branch whose condition only tests that its own value is set (`var.b != null ? var.b : null`).
   */
  private boundaryBranches(block: Block): { value: DeployValue; none: boolean; choice: DeployChoiceValue; guards: boolean }[] | undefined {
    const written = block.attributes.get('permissions_boundary')?.value;
    const node = written && unwrap(written);
    if (node?.type !== 'conditional') return undefined;
    const [condition, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
    if (!condition || !yes || !no) return undefined;
    const context = { scope: block.scope, ...block.instance };
    const conditionText = block.text.slice(condition.startIndex, condition.endIndex);
    const source = sourceIn(block.scope, conditionText);
    return [yes, no].map((expression, i) => {
      const value = this.evaluator.evaluate(expression, block.text, context);
      const text = block.text.slice(expression.startIndex, expression.endIndex).trim();
      const tested = conditionText.replace(/\s+/g, ' ').trim();
      const guards = i === 0 ? [`${text} != null`, `${text} != ""`].includes(tested) : [`${text} == null`, `${text} == ""`].includes(tested);
      return { value, none: value === null || value === '', choice: { source, value: i === 0 ? 'true' : 'false' }, guards };
    });
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

  /**
   * A role's `managed_policy_arns`: the ARNs it always attaches. An item chosen by a condition known only at apply
   * (`compact(["arn:…:AWSAccountManagementReadOnlyAccess", var.is_organizational ? "arn:…:AWSOrganizationsReadOnlyAccess" : ""])`,
   * as sysdig's onboarding role writes it) is attached in the ways that choose it, each waiting on
   * `deploy-time:<condition>`; "" or null in a way attaches nothing.
   */
  private managedPolicyArnsOf(block: Block, role: AccountRole): string[] {
    const written = block.attributes.get('managed_policy_arns')!.value;
    let node = written && unwrap(written);
    if (node && functionName(node) === 'compact') node = functionArguments(node).length === 1 ? unwrap(functionArguments(node)[0]) : undefined;
    const items = node?.type === 'tuple' ? node.namedChildren.filter((child) => child.type === 'expression') : undefined;
    const context = { scope: block.scope, ...block.instance };
    const chosen = (item: HclNode) => unwrap(item).type === 'conditional' && !isWritten(this.evaluator.evaluate(item, block.text, context));
    if (!items?.some(chosen)) return this.stringsOf(block, 'managed_policy_arns');
    const source = { file: block.file, path: block.address, span: block.headerSpan };
    return items.flatMap((item) => {
      const value = this.evaluator.evaluate(item, block.text, context);
      if (isWritten(value)) return value ? [value] : [];
      const choice = unwrap(item);
      const [condition, yes, no] = choice.type === 'conditional' ? choice.namedChildren.filter((child) => child.type === 'expression') : [];
      if (!condition || !yes || !no) {
        this.warn(block, 'an item of managed_policy_arns is known only at apply; it is left out');
        return [];
      }
      const when = sourceIn(block.scope, block.text.slice(condition.startIndex, condition.endIndex));
      [yes, no].forEach((branch, i) => {
        const arn = this.evaluator.evaluate(branch, block.text, context);
        if (!isWritten(arn)) this.warn(block, 'an item of managed_policy_arns is known only at apply; it is left out');
        else if (arn) this.chosenAttachments.push({ principal: role, arn, choices: [{ source: when, value: i === 0 ? 'true' : 'false' }], source });
      });
      return [];
    });
  }

  private valueOf(block: Block, attribute: string): DeployValue {
    const node = block.attributes.get(attribute)?.value;
    return node ? this.evaluator.evaluate(node, block.text, { scope: block.scope, ...block.instance }) : undefined;
  }

  /**
   * A string of a policy document: a value that is only a reference to a list (`identifiers = var.trusted_arns`,
   * `Resource = var.arns`) is the list, which `flattened` then splices into the list around it; any other string has
   * the references the module resolves filled in.
   */
  private leafValue(value: string, placeholders: readonly Placeholder[] | undefined, context: Context): DeployValue {
    const [only] = placeholders ?? [];
    if (only && placeholders!.length === 1 && only.start === 0 && only.end === value.length) {
      const reference = referenceOfText(only.source);
      const list = reference && this.evaluator.reference(reference.first, reference.steps, context);
      if (Array.isArray(list) && list.every((item) => typeof item === 'string' || item instanceof DeployString)) return list;
    }
    return this.evaluator.resolved(value, placeholders, context);
  }

  /**
   * What a reference names: `var.*` (the call's argument, or the variable's default in a called module), `local.*`,
   * `module.x.output`, `count.index` and `each.*` of a module call's arguments, the module's resources (names, ARNs,
   * their literal arguments), and the partition and account id data sources. Undefined when known only at apply.
   */
  private resolveReference(first: string, steps: readonly ReferenceStep[], context: Context): DeployValue {
    const { scope } = context;
    const [second, ...rest] = steps;
    switch (first) {
      case 'var': {
        if (typeof second !== 'string') return undefined;
        const value = navigate(this.variable(scope, second), rest);
        // A variable of account IDs known only at apply (`var.trusted_account_ids`), in a principal: see account-id-names.ts.
        if (value === undefined && rest.length === 0 && namesAccountIds(second)) return new DeployString([{ source: `var.${second}`, inPrincipal: this.accountId }]);
        return value;
      }
      case 'local':
        return typeof second === 'string' ? navigate(this.local(scope, second), rest) : undefined;
      case 'count':
        return second === 'index' ? context.index : undefined;
      case 'each':
        return !context.each ? undefined : second === 'key' ? context.each.key : second === 'value' ? navigate(context.each.value, rest) : undefined;
      case 'module': {
        const call = typeof second === 'string' ? scope.calls.get(second) : undefined;
        if (!call) return undefined;
        let [step, ...after] = rest;
        let instance: Scope | undefined;
        if (call.counted) {
          if (typeof step !== 'object') return undefined;
          instance = call.instances.get(step.index);
          [step, ...after] = after;
        } else instance = call.instances.get(undefined);
        return instance && typeof step === 'string' ? navigate(this.output(instance, step), after) : undefined;
      }
      case 'data': {
        const [, attribute] = rest.filter((part) => typeof part === 'string');
        if (second === 'aws_partition' && (attribute === 'partition' || attribute === 'id')) return this.partition;
        if (second === 'aws_partition' && attribute === 'dns_suffix') return dnsSuffixOf(this.partition);
        if (second === 'aws_caller_identity' && attribute === 'account_id') return this.options.accountId ?? (this.thisAccount ? this.accountId : undefined);
        if (second === 'aws_iam_policy' && typeof rest[0] === 'string') return this.existingPolicyAttribute(scope, rest[0], attribute);
        return undefined;
      }
      default:
        return typeof second === 'string' ? this.resourceAttribute(scope, `${first}.${second}`, rest) : undefined;
    }
  }

  /**
   * A policy that exists already, read by `data "aws_iam_policy"` (its literal `arn`, or a `name` that is an AWS
   * managed policy's): the data source's `arn`, `id` (the ARN), `name`, `path`, and `policy` when the bundled AWS
   * managed policies hold it (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy).
   */
  private existingPolicyAttribute(scope: Scope, name: string, attribute: string | undefined): DeployValue {
    const existing = this.existingPolicy(scope, name);
    if (!existing) return undefined;
    const { arn } = existing;
    const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
    switch (attribute) {
      case 'arn':
      case 'id':
        return arn;
      case 'name':
        return resource.slice(resource.lastIndexOf('/') + 1);
      case 'path':
        return resource.slice(0, resource.lastIndexOf('/') + 1);
      case 'policy':
        return existing.bundled?.text;
      default:
        return undefined;
    }
  }

  /**
   * The policy a `data "aws_iam_policy"` block of the module reads, and the bundled copy of it when it is AWS
   * managed. Found by name only among the AWS managed policies: a customer managed policy of that name exists only
   * in the account, and the data source fails when the name is not unique. Undefined when known only at apply.
   */
  private existingPolicy(scope: Scope, name: string): { arn: string; bundled?: AccountPolicy } | undefined {
    const block = scope.byLocal.get(`data.aws_iam_policy.${name}`);
    if (!block) return undefined;
    const awsManaged = (arn: string) => (/^arn:[^:]+:iam::aws:policy\//.test(arn) ? resolveManagedPolicy(this.account, arn) : undefined);
    if (block.attributes.has('arn')) {
      const arn = this.valueOf(block, 'arn');
      return typeof arn === 'string' && /^arn:[^:]+:iam::[^:]*:policy\//.test(arn) ? { arn, bundled: awsManaged(arn) } : undefined;
    }
    const policyName = this.valueOf(block, 'name');
    const pathPrefix = block.attributes.has('path_prefix') ? this.valueOf(block, 'path_prefix') : '/';
    if (typeof policyName !== 'string' || typeof pathPrefix !== 'string') return undefined;
    let found: string | undefined;
    try {
      found = getManagedPolicies().findByName(policyName)?.arn;
    } catch {
      return undefined;
    }
    if (!found || !found.slice(found.indexOf(':policy/') + ':policy'.length).startsWith(pathPrefix)) return undefined;
    const arn = `arn:${this.partition}${found.slice('arn:aws'.length)}`;
    return { arn, bundled: awsManaged(arn) };
  }

  /**
   * `aws_iam_role.r.arn`, `aws_iam_role.r[0].name`, `aws_iam_role.r.*.arn` (a list of the one instance read, or of
   * each instance of a resource with several), `aws_iam_role.r["k"].arn` (one of several).
   */
  private resourceAttribute(scope: Scope, local: string, steps: readonly ReferenceStep[]): DeployValue {
    const address = `${scope.prefix}${local}`;
    const block = scope.byLocal.get(local);
    if (block?.header[0] === 'resource' && steps.length === 0) return this.wholeResource(block);
    const instances = this.resourceInstances.get(address);
    if (instances) {
      const [step, ...rest] = steps;
      if (step === SPLAT) {
        const values = instances.map((instance) => this.attributeOf(instance.address, instance, rest));
        return values.every((value) => value !== undefined) ? values : undefined;
      }
      const key = typeof step === 'object' ? step.index : undefined;
      const instance = key === undefined ? undefined : instances.find((block) => block.address === instanceOfResource(address, key));
      return instance && this.attributeOf(instance.address, instance, rest);
    }
    const value = this.attributeOf(address, scope.byLocal.get(local), steps);
    return steps.includes(SPLAT) && value !== undefined ? [value] : value;
  }

  /**
   * A resource named as a whole (https://developer.hashicorp.com/terraform/language/expressions/references#resources):
   * with for_each, a map of its instances by key; with count, a list of them; else its one instance. An instance is
   * an object of its attributes: a user's, group's, role's or policy's `arn`, `name` and `id`, and the arguments
   * written in its block. Undefined when which instances exist is known only at apply.
   */
  private wholeResource(block: Block): DeployValue {
    const instances = this.instancesOf(block);
    const counted = block.attributes.has('count');
    if (!block.attributes.has('for_each') && !counted) return this.instanceObject(block);
    // Read as one instance: its count or for_each is known only at apply.
    if (instances.length === 1 && instances[0] === block && !block.instance) return undefined;
    if (counted) return instances.map((instance) => this.instanceObject(instance));
    const entries = instances.map((instance) => [instance.instance?.each?.key, this.instanceObject(instance)] as const);
    return entries.every(([key]) => typeof key === 'string') ? Object.fromEntries(entries.map(([key, value]) => [key as string, value])) : undefined;
  }

  private instanceObject(instance: Block): { [key: string]: DeployValue } {
    const result: { [key: string]: DeployValue } = {};
    for (const name of instance.attributes.keys()) if (name !== 'count' && name !== 'for_each' && name !== 'depends_on' && name !== 'provider') result[name] = this.valueOf(instance, name);
    const identity = this.identityOf(instance);
    if (identity) {
      result.arn = identity.arn;
      result.name = identity.name;
      result.id = identity.kind === 'policy' ? identity.arn : identity.name;
      result[nameArgumentOf(instance.header[1])] = identity.name;
      if (instance.header[1] === 'awscc_iam_managed_policy') result.policy_arn = identity.arn;
    }
    return result;
  }

  /** An attribute of a resource (instance) by its address: an entity's or policy's ARN and name, or a literal argument. */
  private attributeOf(address: string, block: Block | undefined, steps: readonly ReferenceStep[]): DeployValue {
    const names = steps.filter((step): step is string => typeof step === 'string');
    const [attribute] = names;
    const entity = this.entities.get(address);
    const policy = this.policyArns.get(address);
    const named = block && attribute === nameArgumentOf(block.header[1]);
    if (entity) return attribute === 'arn' ? entity.arn : attribute === 'name' || attribute === 'id' || named ? entity.name : undefined;
    if (policy) return attribute === 'arn' || attribute === 'id' || attribute === 'policy_arn' ? policy : attribute === 'name' || named ? policy.slice(policy.lastIndexOf('/') + 1) : undefined;
    // A bucket's ID is its name and its ARN follows from the name alone (an S3 bucket ARN holds no Region or account).
    if (block?.header[0] === 'resource' && block.header[1] === 'aws_s3_bucket' && names.length === 1 && (attribute === 'arn' || attribute === 'id')) {
      const bucket = block.attributes.has('bucket') ? this.valueOf(block, 'bucket') : undefined;
      if (typeof bucket === 'string') return attribute === 'id' ? bucket : `arn:${this.partition}:s3:::${bucket}`;
    }
    // An OIDC provider's ARN (its `id` too) ends in the host and path of its `url`, in the module's account
    // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_openid_connect_provider), as
    // the GitHub Actions trust policies that name it need.
    if (block?.header[0] === 'resource' && block.header[1] === 'aws_iam_openid_connect_provider' && names.length === 1 && (attribute === 'arn' || attribute === 'id')) {
      const url = block.attributes.has('url') ? this.valueOf(block, 'url') : undefined;
      if (typeof url === 'string' && /^https:\/\/[^/\s]+/.test(url)) return `arn:${this.partition}:iam::${this.accountId}:oidc-provider/${url.slice('https://'.length).replace(/\/$/, '')}`;
    }
    // Another resource's literal argument (`aws_iam_role_policy.p.name`).
    const value = block && attribute && names.length === 1 && block.attributes.has(attribute) ? this.valueOf(block, attribute) : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  /** A module's input variable: the call's argument, evaluated where the call is written, or the variable's default. */
  private variable(scope: Scope, name: string): DeployValue {
    return this.kept(scope.variables, name, () => this.variableValue(scope, name));
  }

  private variableValue(scope: Scope, name: string): DeployValue {
    let value: DeployValue;
    const argument = scope.caller?.arguments.get(name)?.value;
    if (argument && scope.caller) value = this.evaluator.evaluate(argument, scope.caller.text, scope.caller.context);
    else if (scope.caller) {
      // A called module's unset variable is its default; the root module's may be set at apply (tfvars, -var), so
      // its default is not assumed.
      const block = scope.named.get(`variable.${name}`);
      value = block?.attributes.has('default') ? this.valueOf(block, 'default') : undefined;
    }
    return value;
  }

  private local(scope: Scope, name: string): DeployValue {
    return this.kept(scope.variables, `local.${name}`, () => {
      const block = scope.named.get(`local.${name}`);
      return block ? this.valueOf(block, name) : undefined;
    });
  }

  private output(scope: Scope, name: string): DeployValue {
    return this.kept(scope.outputs, name, () => {
      const block = scope.named.get(`output.${name}`);
      return block?.attributes.has('value') ? this.valueOf(block, 'value') : undefined;
    });
  }

  /** A value evaluated once (once entities are declared); a reference back to itself while evaluated is unknown. */
  private kept(values: Map<string, DeployValue>, key: string, evaluate: () => DeployValue): DeployValue {
    if (values.has(key)) return values.get(key);
    values.set(key, undefined);
    const value = evaluate();
    if (this.memo) values.set(key, value);
    else values.delete(key);
    return value;
  }

  /**
   * Where a policy argument's document is written: the expression itself, or through `var.x` the calling module's
   * argument and through `module.x.output` the called module's output value (`policy = var.policy` in a module
   * called with `policy = data.aws_iam_policy_document.p.json`).
   */
  private written(node: HclNode, text: string, file: string, context: Context): Written {
    for (let hops = 0; hops < MAX_MODULE_DEPTH * 2; hops++) {
      const reference = referenceOfNode(node, (index) => this.evaluator.evaluate(index, text, context));
      if (!reference) break;
      const { scope } = context;
      const [name, ...rest] = reference.steps;
      if (reference.first === 'var' && typeof name === 'string' && rest.length === 0 && scope.caller?.arguments.get(name)?.value) {
        ({ text, file } = scope.caller);
        node = scope.caller.arguments.get(name)!.value!;
        context = scope.caller.context;
        continue;
      }
      // `local.assume_role_policy`, set to `var.x != null ? var.x : data.….json` or `coalesce(var.x, data.….json)`: the
      // choice is read where the local writes it (conditionalDocument); other locals are values the evaluator reads.
      const local = reference.first === 'local' && typeof name === 'string' && rest.length === 0 ? scope.named.get(`local.${name}`) : undefined;
      const localValue = local?.attributes.get(name as string)?.value;
      if (local && localValue && (unwrap(localValue).type === 'conditional' || functionName(unwrap(localValue)) === 'coalesce')) {
        ({ text, file } = local);
        node = localValue;
        continue;
      }
      if (reference.first === 'module' && typeof name === 'string') {
        const call = scope.calls.get(name);
        let [step, ...after] = rest;
        const instance = call?.counted ? (typeof step === 'object' ? call.instances.get(step.index) : undefined) : call?.instances.get(undefined);
        if (call?.counted) [step, ...after] = after;
        const block = instance && typeof step === 'string' && after.length === 0 ? instance.named.get(`output.${step}`) : undefined;
        const value = block?.attributes.get('value')?.value;
        if (!instance || !block || !value) break;
        ({ text, file } = block);
        node = value;
        context = { scope: instance };
        continue;
      }
      break;
    }
    return { node, text, file, context };
  }

  /**
   * A policy the module reads from a file it ships (https://developer.hashicorp.com/terraform/language/functions/file,
   * …/templatefile): `file()` gives the file's JSON as written, `templatefile()` the template with the variables it is
   * given filled in (the others stay values known only at apply). Undefined for any other argument; LEFT_OUT, with a
   * warning, when the file cannot be read or holds no policy.
   */
  private shippedPolicy(block: Block, attribute: string, node: HclNode, text: string, context: Context): { embedded: EmbeddedPolicy; file: string; context: Context } | typeof LEFT_OUT | undefined {
    const rendered = fileReference(text, node) ? undefined : this.templateFileData(node, text, context);
    const template = rendered?.attributes.get('template')?.value;
    const reference = rendered ? template && fileReference(rendered.text, template) : fileReference(text, node);
    if (!reference || (rendered && reference.function !== 'file')) return undefined;
    const path = joinModulePath(reference.from === 'root' ? this.root.folder : (rendered ?? context).scope.module.folder, reference.path);
    const content = this.options.readFile?.(path);
    if (content === undefined) {
      this.warn(block, `${attribute} is read from ${path}, which ${this.options.readFile ? 'cannot be read' : 'is not read here'}; it is left out`);
      return LEFT_OUT;
    }
    const written = stripBom(content);
    if (rendered) {
      // The template provider's `template_file`: `vars` fill the template as templatefile()'s variables do.
      const [policy] = readPolicyTemplateFile(written, path, true)?.policies ?? [];
      const dataContext: Context = { scope: rendered.scope, ...rendered.instance };
      if (policy) return { embedded: policy, file: path, context: { ...dataContext, symbols: this.templateVariables(rendered, dataContext) } };
    } else if (reference.function === 'file') {
      const policy = parsePolicy(written);
      if (policy.root?.type === 'object') return { embedded: { policy, span: { start: 0, end: written.length }, name: path }, file: path, context };
    } else {
      const [policy] = readPolicyTemplateFile(written, path, true)?.policies ?? [];
      const variables = reference.call && functionArguments(reference.call)[1];
      const given = variables && this.evaluator.evaluate(variables, text, context);
      const symbols = new Map(isObjectValue(given) ? Object.entries(given) : []);
      if (policy && isObjectValue(given)) {
        const missing = templateVariables(written).filter((name) => !symbols.has(name));
        if (missing.length > 0)
          this.warn(
            block,
            `${attribute} renders ${path} with templatefile(), which is given no value for ${missing.join(', ')}: Terraform fails to render it ("vars map does not contain key"); it is read with ${missing.length === 1 ? 'that value' : 'those values'} known only at apply`,
          );
      }
      if (policy) return { embedded: policy, file: path, context: { ...context, symbols } };
    }
    this.warn(block, `${attribute} is read from ${path}, which holds no JSON policy document; it is left out`);
    return LEFT_OUT;
  }

  /**
   * The `data "template_file"` block whose `rendered` an argument is (`data.template_file.policy.rendered`), as
   * Terraform code from before templatefile() writes policies (https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file).
   */
  private templateFileData(node: HclNode, text: string, context: Context): Block | undefined {
    const reference = referenceOfNode(node, (index) => this.evaluator.evaluate(index, text, context));
    const [type, name, ...rest] = reference?.steps ?? [];
    if (reference?.first !== 'data' || type !== 'template_file' || typeof name !== 'string' || rest[rest.length - 1] !== 'rendered') return undefined;
    return context.scope.byLocal.get(`data.template_file.${name}`);
  }

  /** A `template_file`'s `vars`: an object, or a `vars { … }` block as Terraform 0.11 wrote it. */
  private templateVariables(data: Block, context: Context): Map<string, DeployValue> {
    const attribute = data.attributes.get('vars')?.value;
    if (attribute) {
      const given = this.evaluator.evaluate(attribute, data.text, context);
      return new Map(isObjectValue(given) ? Object.entries(given) : []);
    }
    const [block] = blocksNamed(data.body, 'vars');
    return new Map([...attributesOf(block?.body)].map(([name, { value }]) => [name, value && this.evaluator.evaluate(value, data.text, context)]));
  }

  /**
   * A document chosen by a condition (`local.assume_role ? data.a.json : data.b.json`, as lablabs' EKS add-ons write
   * it): the branch it takes when the module knows it; when known only at apply, the statements of both, each branch's
   * waiting on `deploy-time:<condition>` being `true` or `false` (https://developer.hashicorp.com/terraform/language/expressions/conditionals).
   */
  private conditionalDocument(block: Block, attribute: string, key: string, name: string, kind: AccountPolicy['kind'], found: Written): AccountPolicy | undefined | typeof NOT_CONDITIONAL {
    const node = unwrap(found.node);
    const choice = node.type === 'conditional' ? conditionalChoice(node, found.text) : coalesceChoice(node, found.text);
    if (!choice) return NOT_CONDITIONAL;
    const { yes, no } = choice;
    const source = sourceIn(found.context.scope, choice.condition);
    const branch = (expression: HclNode, taken?: boolean) =>
      this.document(block, attribute, key, name, kind, { ...this.written(expression, found.text, found.file, found.context), ...(taken === undefined ? {} : { branch: `${source} is ${taken}` }) });
    // Terraform converts the strings "true" and "false" to the bool a condition needs.
    const value = choice.decide(this.evaluator.evaluate(choice.tested, found.text, found.context));
    const decided = value === 'true' ? true : value === 'false' ? false : value;
    if (typeof decided === 'boolean') return branch(decided ? yes : no);
    const read = [yes, no].map((expression, i) => {
      const policy = branch(expression, i === 0);
      return policy && chosenDocument(documentOf(policy), [{ source, value: i === 0 ? 'true' : 'false' }]);
    });
    const statements = read.flatMap((document) => (document ? statementListOf(document) : []));
    if (!read.some(Boolean)) return undefined;
    this.warn(block, `${attribute} is one of two documents as ${source} is true or false at apply; answers through it are Conditional until --context gives ${deployTimeKey(source)}=true or false`);
    const document = { ...(read[0] ?? read[1])!, Statement: statements };
    return { key, name, kind, text: JSON.stringify(document), value: document, source: { file: found.file, path: `${block.address}.${attribute}` } };
  }

  /**
   * The bundled AWS managed policy whose document an argument copies (`policy = data.aws_iam_policy.x.policy`);
   * undefined for any other argument.
   */
  private copiedPolicy(node: HclNode, text: string, context: Context): AccountPolicy | undefined {
    const reference = referenceOfNode(node, (index) => this.evaluator.evaluate(index, text, context));
    const [type, name, ...rest] = reference?.steps ?? [];
    if (reference?.first !== 'data' || type !== 'aws_iam_policy' || typeof name !== 'string' || rest[rest.length - 1] !== 'policy') return undefined;
    return this.existingPolicy(context.scope, name)?.bundled;
  }

  /** A policy argument (jsonencode, a policy document data source, a JSON string or heredoc) as an account policy. */
  /** A policy argument as an account policy, waiting on the condition its resource is created under, if any. */
  private document(block: Block, attribute: string, key: string, name: string, kind: AccountPolicy['kind'], writtenAt?: Written): AccountPolicy | undefined {
    const policy = this.documentAsWritten(block, attribute, key, name, kind, writtenAt);
    return policy && withChoices(policy, block.choices ?? []);
  }

  private documentAsWritten(block: Block, attribute: string, key: string, name: string, kind: AccountPolicy['kind'], writtenAt?: Written): AccountPolicy | undefined {
    const argument = block.attributes.get(attribute)?.value;
    const found = writtenAt ?? (argument && this.written(argument, block.text, block.file, { scope: block.scope, ...block.instance }));
    const chosen = found && this.conditionalDocument(block, attribute, key, name, kind, found);
    if (chosen !== NOT_CONDITIONAL) return chosen;
    const node = found?.node;
    const context = found?.context ?? { scope: block.scope, ...block.instance };
    const copied = node && this.copiedPolicy(node, found.text, context);
    if (copied) return { key, name, kind, text: copied.text, value: copied.value, source: { file: found.file, path: `${block.address}.${attribute}` } };
    const address = node && documentReference(node);
    const documents = context.scope.module.documents;
    const shipped = !address && node ? this.shippedPolicy(block, attribute, node, found.text, context) : undefined;
    if (shipped === LEFT_OUT) return undefined;
    const embedded = address ? documents.get(address) : shipped ? shipped.embedded : node && this.values.get(`${found.file}@${node.startIndex}`);
    const root = embedded?.policy.root;
    const rendering = address ? 'policy-document' : 'jsonencode';
    // A shipped file's policy holds no expressions of the module (its `${…}` are the template's variables).
    const writtenIn = address ? documents.get(address)?.file : shipped ? undefined : found?.file;
    // `Statement = [for … : {…}]`: every statement it makes is written where its one body is.
    const statementList = root?.children?.find((property) => property.children?.[0]?.value === 'Statement')?.children?.[1];
    let statementsMadeByFor = false;
    // `dynamic "statement"` blocks the host reader read once: the places of the statements each makes here.
    const madeByDynamic = new Map<JsonNode, { start: number; end: number }[]>();
    const stringContext = shipped?.context ?? context;
    const stringOf = (string: JsonNode) => this.leafValue(String(string.value), (string as { placeholders?: Placeholder[] }).placeholders, stringContext);
    const value =
      root?.type === 'object'
        ? (flattened(
            renderedPolicyValue(
              root,
              rendering,
              stringOf,
              (node) => {
                if (writtenIn === undefined) return undefined;
                if (isExpandedNode(node)) return this.evaluatedValue(context, writtenIn, node);
                if (address && node.parent === statementList) return this.dynamicStatementValue(context, writtenIn, node, stringOf, madeByDynamic);
                const made = this.forExpressionValue(context, writtenIn, node);
                if (node === statementList && made !== undefined) statementsMadeByFor = true;
                return made;
              },
              unreadTestsValue,
            ) as DeployValue,
          ) as {
            [key: string]: DeployValue;
          })
        : undefined;
    if (!value) {
      if (found?.branch) this.warn(block, `${attribute}, when ${found.branch}, is not a policy document the module writes out; that branch is left out`);
      else this.warn(block, `${attribute} is not a policy document the module writes out; it is left out`);
      return undefined;
    }
    // The provider writes `"Sid": ""` for a statement without one; the model keeps the statement as IAM lists it.
    if (address && Array.isArray(value.Statement)) for (const statement of value.Statement) if (isObjectValue(statement) && statement.Sid === '') delete statement.Sid;
    const { document: written, placeholders } = deployTimeDocument(value);
    if (placeholders.length > 0)
      this.warn(block, `${attribute} holds values known only at apply (${placeholders.join(', ')}); statements using them are answered as conditional on deploy-time:… keys`);
    // Where the statements are written: the data source's document (in whichever file of its module), or the value.
    const at = address ? documents.get(address) : undefined;
    const span = embedded?.span;
    const file = at?.file ?? shipped?.file ?? found?.file ?? block.file;
    const place = embedded && writtenPolicy(file, embedded);
    const [body] = place?.statements ?? [];
    if (place && body && statementsMadeByFor && Array.isArray(written.Statement))
      place.statements = (written.Statement as Record<string, unknown>[]).map((statement, index) => ({ index, ...(typeof statement.Sid === 'string' ? { sid: statement.Sid } : {}), span: body.span }));
    if (place && embedded && madeByDynamic.size > 0 && Array.isArray(written.Statement)) {
      const statements = written.Statement as Record<string, unknown>[];
      const spans = embedded.policy.statements.flatMap((statement) => madeByDynamic.get(statement.node) ?? [statement.span]);
      place.statements = spans.map((span, index) => ({ index, ...(typeof statements[index]?.Sid === 'string' ? { sid: statements[index].Sid as string } : {}), span }));
    }
    return {
      key,
      name,
      kind,
      text: JSON.stringify(written),
      value: written,
      source: { file, path: `${block.address}.${attribute}`, ...(span ? { span } : {}) },
      ...(place ? { written: place } : {}),
    };
  }

  /**
   * The statements a `dynamic "statement"` block the host reader read once (its for_each not known in the file alone)
   * makes in this module instance (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks):
   * one per element of a for_each known here, read by the host reader's own statement reading with this module's
   * evaluation, each placed at the content block (`made` collects the places); when the for_each is known only at
   * apply, the one statement read, which may be made any number of times: a choice between it and none, on a
   * deploy-time key named by the for_each. Undefined for a statement that is no dynamic block.
   */
  private dynamicStatementValue(context: Context, file: string, node: JsonNode, stringOf: (node: JsonNode) => unknown, made: Map<JsonNode, { start: number; end: number }[]>): DeployValue {
    const written = dynamicStatementsOf(context.scope.module).get(`${file}@${node.offset}@${node.offset + node.length}`);
    if (!written) return undefined;
    const evaluate: Evaluate = (expression, text, symbols) => this.evaluator.evaluate(expression, text, symbols ? { ...context, symbols } : context);
    const copies = withEvaluation(evaluate, () =>
      dynamicCopies(written.node, 'statement', written.text).map((copy) => ({
        span: { start: copy.block.startIndex, end: copy.block.endIndex },
        statement: withSymbols(copy.symbols, () => statementNode(written.text, copy.block, copy.keyword, copy.body)),
        expanded: copy.symbols !== undefined,
      })),
    );
    const valueOf = (statement: JsonNode) => {
      const value = flattened(renderedStatementValue(statement, stringOf, unreadTestsValue) as DeployValue) as { [key: string]: DeployValue };
      if (value.Sid === '') delete value.Sid;
      return value;
    };
    if (copies.length === 1 && !copies[0].expanded) {
      const forEach = attributesOf(bodyOf(written.node)).get('for_each')?.value;
      return new DeployChoice([valueOf(node), undefined], forEach ? written.text.slice(forEach.startIndex, forEach.endIndex) : 'for_each');
    }
    made.set(
      node,
      copies.map((copy) => copy.span),
    );
    return copies.map((copy) => valueOf(copy.statement));
  }

  /**
   * The value of a `for` expression the host reader wrote as `node` (one copy of its body, or one placeholder string
   * in a list of a policy document data source), when its collection is known; undefined otherwise, and the
   * reader's node stands for every element as before.
   */
  private forExpressionValue(context: Context, file: string, node: JsonNode): DeployValue {
    const written = forExpressionsOf(context.scope.module).get(`${file}@${node.offset}@${node.offset + node.length}`);
    if (written?.kind !== 'for') return this.evaluatedValue(context, file, node);
    return this.evaluator.evaluated(written.node, written.text, context) ?? this.overUnknownCollection(written.node, written.text, context);
  }

  /**
   * `[for b in var.buckets : "arn:aws:s3:::${b}/*"]` over a collection known only at apply: its body once, with the
   * symbols standing for any element (`var.buckets[*]`) and key, so that the value says which collection it depends
   * on rather than the body's name for an element (`${b}`), which no request context could give.
   */
  private overUnknownCollection(node: HclNode, text: string, context: Context): DeployValue {
    if (node.type !== 'for_tuple_expr') return undefined;
    const intro = node.namedChildren.find((child) => child.type === 'for_intro');
    const collection = intro?.namedChildren.find((child) => child.type === 'expression');
    const names = intro?.namedChildren.filter((child) => child.type === 'identifier').map((child) => child.text) ?? [];
    const [body] = node.namedChildren.filter((child) => child.type === 'expression');
    if (!collection || !body || names.length === 0 || names.length > 2) return undefined;
    // A known collection with a filter known only at apply makes some of its elements, not any.
    if (collectionElements(this.evaluator.evaluate(collection, text, context)) !== undefined) return undefined;
    const source = sourceIn(context.scope, text.slice(collection.startIndex, collection.endIndex));
    const symbols = new Map(context.symbols);
    if (names.length === 2) symbols.set(names[0], new DeployString([{ source: `keys(${source})[*]` }]));
    symbols.set(names[names.length - 1], new DeployString([{ source: `${source}[*]` }]));
    return [this.evaluator.evaluate(body, text, { ...context, symbols })];
  }

  /**
   * The value in this module instance of a function call or `local.x` the host reader wrote as `node` (from what the
   * file alone knows), when it is known here and is what the node stands for: a string node for a string, a list for
   * a list (or a string that is wholly the call's placeholder, which the list is spliced in for); undefined otherwise,
   * and the reader's node stands. A list's element the reader spliced in from a call stands as read, so the list is
   * not repeated once per element.
   */
  private evaluatedValue(context: Context, file: string, node: JsonNode): DeployValue {
    if (node.type !== 'string' && node.type !== 'array') return undefined;
    const written = forExpressionsOf(context.scope.module).get(`${file}@${node.offset}@${node.offset + node.length}`);
    if (!written || written.kind === 'for') return undefined;
    const value = this.evaluator.evaluated(unwrap(written.node), written.text, context);
    if (value === undefined || (value instanceof DeployString && !value.parts.some((part) => typeof part === 'string'))) return undefined;
    const isString = typeof value === 'string' || value instanceof DeployString;
    if (node.type === 'array') return Array.isArray(value) ? value : undefined;
    const holes = (node as { placeholders?: Placeholder[] }).placeholders ?? [];
    const wholly = !isExpandedNode(node) && holes.length === 1 && holes[0].start === 0 && holes[0].end === String(node.value).length;
    return isString || (wholly && Array.isArray(value)) ? value : undefined;
  }

  private warn(block: Block, message: string): void {
    this.account.warnings.push(`${block.file}: ${block.address || block.header.join('.')} ${message}.`);
  }
}

/** Where a policy argument's expression is written (see `written`), and the branch of a conditional it is, if one. */
type Written = { node: HclNode; text: string; file: string; context: Context; branch?: string };

/**
 * A condition written in a module, as the source of a choice made at apply: on one line, and in a called module
 * preceded by the module's address (`module.reader var.create`), since each call has its own variables.
 */
function sourceIn(scope: Scope, written: string): string {
  const text = written.replace(/\s+/g, ' ');
  return scope.prefix ? `${scope.prefix.slice(0, -1)} ${text}` : text;
}

/** `shippedPolicy` of a file that cannot be read or holds no policy (a warning says so). */
const LEFT_OUT = Symbol('left out');

/** `conditionalDocument` of an argument that is no conditional expression: the document is read as written. */
const NOT_CONDITIONAL = Symbol('not conditional');

/**
 * A Condition's tests the reader could not read (a `condition` block whose `variable` is computed): one value known
 * only at apply, which deployTimeDocument makes the statement wait on, so that an answer through it is Conditional.
 */
function unreadTestsValue(sources: readonly string[]): DeployValue {
  return new DeployString(sources.map((source) => ({ source })));
}

/** A document chosen at apply: the expression `tested` evaluates, the condition as written for the key, and the branches. */
interface DocumentChoice {
  tested: HclNode;
  condition: string;
  decide: (value: DeployValue) => DeployValue;
  yes: HclNode;
  no: HclNode;
}

// `cond ? a : b`.
function conditionalChoice(node: HclNode, text: string): DocumentChoice | undefined {
  const [condition, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
  if (!condition || !yes || !no) return undefined;
  return { tested: condition, condition: text.slice(condition.startIndex, condition.endIndex), decide: (value) => value, yes, no };
}

/**
 * `coalesce(var.policy, data.aws_iam_policy_document.this[0].json)`, as terraform-aws-modules' KMS module writes a key
 * policy: the caller's document when it is set, else the module's, as `var.policy != null ? var.policy : …` would be
 * (coalesce also skips "", which no caller passes for a policy). https://developer.hashicorp.com/terraform/language/functions/coalesce
 */
function coalesceChoice(node: HclNode, text: string): DocumentChoice | undefined {
  if (functionName(node) !== 'coalesce') return undefined;
  const args = functionArguments(node);
  if (args.length !== 2) return undefined;
  const [first, second] = args;
  // `coalesce(data.….json, "")`, the count idiom, is the document (documentReference reads it), not a choice.
  if (documentReference(first)) return undefined;
  const decide = (value: DeployValue): DeployValue =>
    value === null || value === '' ? false : value === undefined || (value instanceof DeployString && !value.parts.some((part) => typeof part === 'string' && part !== '')) ? undefined : true;
  return { tested: first, condition: `${text.slice(first.startIndex, first.endIndex)} != null`, decide, yes: first, no: second };
}
