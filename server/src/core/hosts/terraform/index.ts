import type { HclNode as SyntaxNode } from './syntax';
import type { Fix, Problem } from '../../checks/check';
import type { JsonNode, PolicyDocument } from '../../policy/model';
import type { InlineHolder, PolicyType } from '../../policy/policy-type';
import { otherUseOf, type EmbeddedPolicy, type HostDocument, type HostInput, type HostReader } from '../host';
import {
  attributesOf,
  blockHeader,
  blocksNamed,
  bodyOf,
  functionArguments,
  functionName,
  hclToJson,
  impliedString,
  localsOf,
  scalarOf,
  spanOfSyntax,
  templateOf,
  throughLocal,
  unwrap,
  unwrapInterpolation,
  withLocals,
  type Attribute,
  type LocalNote,
  type Locals,
  type ModuleLocal,
} from './hcl';
import { readJsonTemplate } from './json-template';
import { policyTextProblems, quotedPolicyRange } from './policy-text';
import { readTerraformJson } from './tf-json';
import { isTemplateFileName, isWrittenAsJinja, isWrittenAsTemplate, readPolicyTemplateFile } from './template-file';
import { iamVariableProblems, interpolatedIamVariables, parsableText } from './iam-variables';
import { arrayNode, objectNode, policyFromNodes, propertyNode, shiftNode, stringNode } from './nodes';
import type { Span } from '../../text/span';
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { incrementalTerraformParser, loadTerraformParser, terraformParser } from './parser';
import { copySubtree } from './syntax';
import { blocksOfTree, parseTerraformText } from './blocks';
import { movedPolicy } from './moved-policy';
import { policyDocumentNodes, statementListNodes } from './policy-document';
import { mergedParts, mergedPolicy, mergeStatements, type MergedPart, type MergeInput } from './merge';
import { fileReference, linkOf, moduleSource, templateFileData, type FileReference } from './files';
import { modulePolicyInputs } from './registry-modules';
import { missingLinkedFiles } from './file-missing';
import { missingTemplateVariables } from './template-variables';
import { inlineHolderOf, publicAccessTypeOf, inlinePolicyKey, policyAttributesOf, policySeveritiesOf, policyTypeOf } from './resources';
import {
  attachesItself,
  boundariesInConditions,
  boundaryOnlyPolicies,
  isNamedBoundary,
  managedPolicyNameOf,
  policyUsesOf,
  USES_POLICIES,
  usesPolicies,
  withBoundariesByName,
  type PolicyUses,
} from './boundaries';
import { expressionPlaceholder, sliceTemplate, traversalOf } from './template';
import { evaluateInFile } from './evaluate';
import { collectingMadeSpans, withEvaluation } from './expansion';
import { isJsonModuleFile, isNativeModuleFile } from './file-names';
import { isTerragruntFile, registrySource, terragruntCalls } from './terragrunt';
import { unknownDocumentArguments } from './document-arguments';

const parser = incrementalTerraformParser();

/** Whether a document is Terraform's native syntax: a `.tf` file, or the editor says so. */
export function isTerraformFile(input: Pick<HostInput, 'uri' | 'languageId'>): boolean {
  return input.languageId === 'terraform' || input.languageId === 'opentofu' || isNativeModuleFile(input.uri.replace(/[?#].*$/, ''));
}

/** Terraform's JSON syntax: a `.tf.json` file. */
export function isTerraformJsonFile(input: Pick<HostInput, 'uri'>): boolean {
  return isJsonModuleFile(input.uri.replace(/[?#].*$/, ''));
}

/**
 * Reads the policies of a Terraform `.tf` file: `data "aws_iam_policy_document"` blocks, and `jsonencode(...)`,
 * heredoc or string JSON assigned to the policy attributes of AWS resources (see resources.ts), plus
 * aws_lambda_permission as the statement Lambda adds to the function's policy. Spans are offsets in the .tf text.
 * `.tf.json` files: the policy document data sources (tf-json.ts). `.tftpl`, `.tpl` and `.tmpl` files: a JSON policy template
 * (template-file.ts). `file()`/`templatefile()` policy values are links to the file, which is checked on its own.
 */
export const terraformReader: HostReader = {
  kind: 'terraform',
  extensions: ['.tf', '.tf.json', '.tofu', '.tofu.json', '.tftpl', '.tpl', '.tmpl', '.hcl'],
  prepare: loadTerraformParser,
  read(input: HostInput): HostDocument | undefined {
    const document = readTerraformDocument(input);
    const missing = document ? [...missingLinkedFiles(document, input.readLinked), ...missingTemplateVariables(document, input.readLinked)] : [];
    return missing.length > 0 ? { ...document!, problems: [...document!.problems, ...missing] } : document;
  },
};

function readTerraformDocument(input: HostInput): HostDocument | undefined {
  if (isTerraformJsonFile(input)) return readTerraformJson(input.text, input.uri);
  if (isTemplateFileName(input.uri)) {
    const name = input.uri.replace(/[?#].*$/, '').replace(/^.*\//, '');
    // Go's text/template and Helm name their templates `.tmpl` and `.tpl` too: `{{ .Region }}` is a value the tool
    // fills in, and such a file is no Terraform template (linecard/self's policy.json.tmpl).
    if (!isWrittenAsTemplate(input.text) && isWrittenAsJinja(input.text)) {
      const template = readPolicyTemplateFile(input.text, name, false, 'jinja');
      return template && { ...template, kind: 'policy' };
    }
    const template = readPolicyTemplateFile(input.text, name);
    // templatefile() parses the whole template: an IAM policy variable written as an interpolation fails it.
    return template && { ...template, problems: [...template.problems, ...iamVariableProblems(input.text, { template: true })] };
  }
  if (isTerragruntFile(input)) {
    // A Terragrunt configuration: its `inputs` (a stack's units' `values`) are read as the arguments of the module it calls.
    const reading: Pick<BlockReading, 'references' | 'policies'> = { references: [], policies: [] };
    for (const call of terragruntCalls(input)) readModuleInputs(input.text, call.source, call.inputs, call.owner, reading, registrySource);
    return { kind: 'terraform', policies: reading.policies, problems: [] };
  }
  if (!isTerraformFile(input)) return undefined;
  const jsonPolicy = jsonPolicyInConfigurationFile(input);
  if (jsonPolicy) return jsonPolicy;
  const instance = terraformParser();
  if (instance instanceof Error) {
    return {
      kind: 'terraform',
      policies: [],
      problems: [{ ruleId: 'terraform-parser', severity: 'warning', message: `Policies in this Terraform file are not checked: ${instance.message}`, span: { start: 0, end: 0 } }],
    };
  }
  try {
    // An editor document (it has a languageId) is read again after each edit, so its tree and block readings are
    // kept; a file the command line reads once is not, which keeps a lint run over many files small.
    const editing = input.languageId !== undefined;
    const tree = editing ? parser.parse(input.uri, input.text) : (instance.parse(parsableText(input.text)) ?? undefined);
    if (!tree) return { kind: 'terraform', policies: [], problems: [] };
    const variables = interpolatedIamVariables(input.text).length > 0 ? iamVariableProblemsIn(input.text, tree) : [];
    const cursor = tree.walk();
    try {
      const { others, uris } = otherFilesOf(input, instance);
      const moduleLocals = moduleLocalsOf(others, uris);
      const moduleUses: ModuleUses = {
        policies: others.flatMap((other) => other.uses),
        renderedTemplates: others.flatMap((other) => other.renderedTemplates),
        references: others.flatMap((other) => other.references),
        foreign: others.flatMap((other) => other.foreign),
      };
      if (editing || moduleLocals !== NO_MODULE_LOCALS)
        return withProblems(readTerraform(editing ? input.uri : undefined, input.text, cursor, tree.language, input.uri, moduleLocals, undefined, moduleUses), variables);
      // Read as the account model reads a module's file (no other file's locals): the reading is kept for it.
      const copies = new Map<number, SyntaxNode>();
      const document = readTerraform(undefined, input.text, cursor, tree.language, input.uri, NO_MODULE_LOCALS, copies, moduleUses);
      if (document.policies.length > 0) keepWithBlocks(input.text, tree, copies, document);
      return withProblems(document, variables);
    } finally {
      cursor.delete();
      if (!editing) tree.delete();
    }
  } catch (error) {
    return readFailure(error);
  }
}

/**
 * A policy saved as a `.tf` file (`irsa-cluster-autoscaler.tf` holding JSON, EKS controllers sweep): no HCL, so
 * Terraform refuses to load the module, and the parser finds no block to read. Said at its first brace, and its policy
 * checked as the JSON it is (a terraform-syntax finding would silence the policy's findings as text past an error).
 */
function jsonPolicyInConfigurationFile(input: HostInput): HostDocument | undefined {
  const brace = /^\s*\{\s*"/.exec(input.text);
  if (!brace || !/"(?:Statement|Version)"\s*:/.test(input.text)) return undefined;
  const name = input.uri.replace(/[?#].*$/, '').replace(/^.*\//, '');
  const policy = readPolicyTemplateFile(input.text, name);
  if (!policy || policy.policies.length === 0) return undefined;
  const start = brace[0].indexOf('{');
  const problem: Problem = {
    ruleId: 'terraform-policy-json',
    severity: 'error',
    message: `This .tf file holds a JSON policy, not Terraform configuration, and Terraform refuses to load its module. Name it .json and read it with file() or templatefile(), or write the policy in the argument that takes it.`,
    span: { start, end: start + 1 },
  };
  return { ...policy, problems: [problem, ...policy.problems] };
}

function withProblems(document: HostDocument, problems: readonly Problem[]): HostDocument {
  return problems.length === 0 ? document : { ...document, problems: [...document.problems, ...problems].sort((a, b) => a.span.start - b.span.start) };
}

/**
 * `terraform-policy-variable` findings of a `.tf` file, from its tree: one in a comment is none (Terraform does not
 * read comments), and one in an aws_iam_policy_document is fixed the data source's way, `&{…}`.
 */
function iamVariableProblemsIn(text: string, tree: Tree): Problem[] {
  const nodeAt = (start: number) => tree.rootNode.descendantForIndex(start);
  const inPolicyDocument = (start: number) => {
    for (let node = nodeAt(start); node; node = node.parent) {
      if (node.type !== 'block') continue;
      const [kind, label] = node.namedChildren;
      if (kind?.text === 'data' && label?.text.replace(/"/g, '') === 'aws_iam_policy_document') return true;
    }
    return false;
  };
  return iamVariableProblems(text, { skip: (start) => nodeAt(start)?.type === 'comment', inPolicyDocument });
}

// A reader never throws; an unexpected tree shape costs this file its policies, not the server.
function readFailure(error: unknown): HostDocument {
  return {
    kind: 'terraform',
    policies: [],
    problems: [{ ruleId: 'internal-error', severity: 'warning', message: `Reading the policies of this Terraform file failed: ${(error as Error).message}`, span: { start: 0, end: 0 } }],
  };
}

/** A `.tf` file's top-level blocks, copied, and its policies, from one parse. */
export interface TerraformFileReading {
  blocks: SyntaxNode[];
  document: HostDocument;
}

/**
 * The command line's last reading of a `.tf` file whose policies read no other file's locals, with its blocks: what
 * `readTerraformModuleFile` makes of the same text, but for the document's links (the linted document's). `iam-policy
 * lint` keeps it for the file's module's account model, which it reads once every file is linted: a module file was
 * parsed and copied a second time for it, a third of a large module's lint. Given only until the code that read it
 * returns, as the CloudFormation reader's (`takeCommandLineRead`); an editor's readings are never kept here.
 */
let commandLineReading: { text: string; reading: TerraformFileReading } | undefined;

function keepCommandLineReading(text: string, reading: TerraformFileReading): void {
  const kept = { text, reading };
  commandLineReading = kept;
  queueMicrotask(() => {
    if (commandLineReading === kept) commandLineReading = undefined;
  });
}

function keepWithBlocks(text: string, tree: Tree, copies: ReadonlyMap<number, SyntaxNode>, document: HostDocument): void {
  try {
    keepCommandLineReading(text, { blocks: blocksOfTree(tree, text, copies), document });
  } catch {
    // Not kept: the account model parses the file again, and reports what it cannot read itself.
  }
}

/** The reader's reading of `text` with its blocks, when it is the last the command line made and was kept; once. */
export function takeCommandLineReading(text: string): TerraformFileReading | undefined {
  const kept = commandLineReading;
  if (kept === undefined || kept.text !== text) return undefined;
  commandLineReading = undefined;
  return kept.reading;
}

/**
 * A `.tf` file's top-level blocks, copied, and its policies as `terraformReader` reads a file of the command line, from
 * one parse: the account model needs both, and parsed each file twice for them. The parser must be loaded first.
 */
export function readTerraformModuleFile(uri: string, text: string): TerraformFileReading | Error {
  const tree = parseTerraformText(text);
  if (tree instanceof Error) return tree;
  try {
    const blocks = blocksOfTree(tree, text);
    const cursor = tree.walk();
    try {
      // The policies are read from the blocks just copied: a block copied twice was a third of a module file's read.
      const copies = new Map(blocks.map((block) => [block.startIndex, block]));
      return { blocks, document: readTerraform(undefined, text, cursor, tree.language, uri, NO_MODULE_LOCALS, copies) };
    } catch (error) {
      return { blocks, document: readFailure(error) };
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

/** What one top-level block holds, read once and kept while its text is unchanged. */
interface BlockReading {
  /** Data sources: `data.aws_iam_policy_document.x`, whose policy type other blocks may give. */
  address?: string;
  /**
   * `attribute = data.aws_iam_policy_document.x.json` in a policy attribute: the data source, the type it gets, the
   * resource's defaults for rules on it (a VPC endpoint policy's), and the attribute (`aws_iam_role.x.assume_role_policy`).
   */
  references: [string, PolicyType, HostSeverities | undefined, string][];
  /** The policy documents attributes name that take no IAM policy (an IoT Core policy's `policy`, a tag policy's `content`). */
  foreignUses?: string[];
  policies: EmbeddedPolicy[];
  problems: Problem[];
  /** A policy document data source with source or override documents: its own part, merged once all blocks are read. */
  merge?: { root: JsonNode; parts: MergedPart[]; span: Span; address: string };
  /** `file(...)` / `templatefile(...)` policy values: the files they read; a `template_file` data source's template. */
  files: FileReference[];
  /** `data.template_file.x.rendered` as a policy value: the data sources (`data.template_file.x`) whose template is a policy. */
  renderedTemplates?: string[];
  /** References to locals of the module's other files that the block's policies read (LocalNote). */
  notes?: LocalNote[];
  /** Resources: the block's address (`aws_iam_policy.x`). */
  owner?: string;
  /** The `aws_iam_policy` resources the block names as a permissions boundary, and those it attaches (boundaries.ts). */
  policyUses?: PolicyUses;
  /** The managed policies its policies' `iam:PermissionsBoundary` conditions name, by reference or by ARN (boundaries.ts). */
  conditionBoundaries?: { addresses: string[]; names: string[] };
  /** A managed policy resource: the path and name of its ARN, as written (`${var.cluster}-boundary`). */
  managedPolicyName?: string;
}

type HostSeverities = NonNullable<EmbeddedPolicy['severities']>;

interface BlockEntry {
  start: number;
  reading: BlockReading;
  /** The merged policy of a `merge` reading and the documents it was built from, kept while those stay the same objects. */
  merged?: { inputs: JsonNode[]; policy: EmbeddedPolicy | undefined; problems: Problem[] };
  /** The data source policy with the type references gave it, kept so an unchanged policy stays the same object. */
  typed?: EmbeddedPolicy;
}

interface DocumentCache {
  blocks: Map<string, BlockEntry[]>;
  /** The copied `locals` blocks by offset and text. */
  locals: Map<string, SyntaxNode>;
}

/**
 * Per document, the readings of the blocks of the last read by their text. After an edit only the blocks whose text
 * changed are copied from the tree and read again; the policies of blocks that merely moved are shifted copies, and
 * those of blocks before the edit are returned as the same objects, so a pipeline can keep their findings.
 */
const documentCaches = new Map<string, DocumentCache>();
const CACHED_DOCUMENTS = 16;

/** Drops what is kept for incremental reading of a closed document. */
export function forgetTerraformDocument(uri: string): void {
  parser.forget(uri);
  documentCaches.delete(uri);
}

const BLOCK_HEADER = /^(data|resource|module)\s+(?:"([^"]*)"|([A-Za-z_][\w-]*))/;

/**
 * Whether a top-level block can hold a policy (or, for a module call or a template_file, a link), or says how another block's policy is
 * used (a permissions boundary, an attachment), from its header text alone.
 */
function canHoldPolicy(blockText: string): boolean {
  const header = BLOCK_HEADER.exec(blockText);
  if (!header) return false;
  const type = header[2] ?? header[3];
  if (header[1] === 'module') return true;
  // A `template_file` renders a policy template where a policy attribute reads it (see BlockReading.renderedTemplates).
  if (header[1] === 'data') return type === 'aws_iam_policy_document' || type === 'template_file';
  return isPermissionType(type) || policyAttributesOf(type) !== undefined || usesPolicies(type);
}

/** Resources that each add one statement to another resource's policy: a Lambda function's, a layer's, an event bus's. */
type PermissionType = 'aws_lambda_permission' | 'aws_lambda_layer_version_permission' | 'aws_cloudwatch_event_permission';

function isPermissionType(type: string | undefined): type is PermissionType {
  return type === 'aws_lambda_permission' || type === 'aws_lambda_layer_version_permission' || type === 'aws_cloudwatch_event_permission';
}

/**
 * Reads the policies of the tree under `cursor`; with a `uri`, reusing and keeping the block readings of that document.
 * `copies`: the top-level blocks copied from this tree, by their start: those in it are read instead of copied again,
 * and those copied here are added to it.
 */
export function readTerraform(
  uri: string | undefined,
  text: string,
  cursor: TreeCursor,
  language: Language,
  documentUri = uri ?? '',
  moduleLocals: ModuleLocals = NO_MODULE_LOCALS,
  copies?: Map<number, SyntaxNode>,
  moduleUses: ModuleUses = NO_MODULE_USES,
): HostDocument {
  const previous = uri === undefined ? undefined : documentCaches.get(uri);
  const cache: DocumentCache = { blocks: new Map(), locals: new Map() };
  if (uri !== undefined) {
    documentCaches.delete(uri);
    documentCaches.set(uri, cache);
    if (documentCaches.size > CACHED_DOCUMENTS) documentCaches.delete(documentCaches.keys().next().value!);
  }
  const { locals, localsKey: ownKey } = readLocals(text, cursor, language, previous, cache);
  // The locals of the module's other files count as this file's: a change in them reads again the blocks that name locals.
  const localsKey = moduleLocals.key ? `${ownKey}\u0000${moduleLocals.key}` : ownKey;
  const entries: BlockEntry[] = [];
  const lost: Problem[] = [];
  if (cursor.nodeType === 'ERROR') lost.push(...lostBlockProblems(text, copySubtree(cursor, language, { text })));
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeType === 'ERROR') lost.push(...lostBlockProblems(text, copySubtree(cursor, language, { text })));
      if (cursor.nodeType !== 'body' || !cursor.gotoFirstChild()) continue;
      do {
        if ((cursor.nodeType as string) !== 'block') continue;
        const start = cursor.startIndex;
        const blockText = text.slice(start, cursor.endIndex);
        if (!canHoldPolicy(blockText)) continue;
        // A block that names locals reads their values, which sit elsewhere in the file: it is kept only while
        // it and the locals are unchanged and in place (its reading is never shifted).
        const key = localsKey && /\blocal\./.test(blockText) ? `${start}\u0000${localsKey}\u0000${blockText}` : blockText;
        const entry = reuse(previous?.blocks.get(key), start, text) ?? newEntry(text, copyOf(cursor, language, text, copies), locals, moduleLocals.locals);
        entries.push(entry);
        const same = cache.blocks.get(key);
        if (same) same.push(entry);
        else cache.blocks.set(key, [entry]);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    } while (cursor.gotoNextSibling());
  }
  mergeDocuments(text, entries);
  // The module's other files name its policies as boundaries or attach them too: Terraform reads them as one.
  const uses = [...entries.map(({ reading }) => reading.policyUses), ...moduleUses.policies, conditionBoundaryUses(entries)];
  const boundaries = withBoundariesByName(boundaryOnlyPolicies(uses), entries, uses);
  const typeOf = (reading: BlockReading, type: PolicyType): PolicyType => (type === 'identity' && reading.owner && boundaries.has(reading.owner) ? 'boundary' : type);
  // Policy types that resource attributes give the data sources they reference; a grant anywhere wins over a boundary.
  const documentTypes = new Map<string, { type: PolicyType; severities?: HostSeverities }>();
  for (const { reading } of entries) {
    for (const [address, type, severities] of reading.references) {
      const given = documentTypes.get(address);
      if (given === undefined || given.type === 'boundary') documentTypes.set(address, { type: typeOf(reading, type), ...(severities ? { severities } : {}) });
    }
  }
  // The module's other files give documents of this file types too (Terraform reads a folder's files as one module).
  for (const [address, type, severities] of moduleUses.references) {
    if (!documentTypes.has(address)) documentTypes.set(address, { type, ...(severities ? { severities } : {}) });
  }
  // A document every use of which is one kind of inline policy (an `aws_iam_role_policy`'s) has that quota.
  const holders = new Map<string, InlineHolder | null>();
  for (const [address, , , where] of [...entries.flatMap(({ reading }) => reading.references), ...moduleUses.references]) {
    const holder = inlineHolderOfUse(where) ?? null;
    holders.set(address, holders.has(address) && holders.get(address) !== holder ? null : holder);
  }
  // A document every use of which is one resource's policy (a bucket policy's) is checked as that resource's by
  // CheckNoPublicAccess.
  const accessTypes = new Map<string, string | null>();
  for (const [address, , , where] of [...entries.flatMap(({ reading }) => reading.references), ...moduleUses.references]) {
    const [resourceType, , ...path] = where.split('.');
    const access = publicAccessTypeOf(resourceType, path.join('.')) ?? null;
    accessTypes.set(address, accessTypes.has(address) && accessTypes.get(address) !== access ? null : access);
  }
  // A document also given as another kind of policy (a role's trust policy and a role policy's permissions): checked
  // as that too, its findings naming the attribute. A boundary and a grant are the same kind of document.
  const otherTypes = new Map<string, Map<PolicyType, string>>();
  for (const { reading } of entries) {
    for (const [address, given, , where] of reading.references) {
      const type = typeOf(reading, given);
      const first = documentTypes.get(address)?.type;
      if (first === undefined || type === first || [type, first].every((each) => each === 'identity' || each === 'boundary')) continue;
      const others = otherTypes.get(address) ?? new Map<PolicyType, string>();
      if (!others.has(type)) others.set(type, where);
      otherTypes.set(address, others);
    }
  }
  // A document only attributes that take no IAM policy name (an IoT Core policy's) is not one.
  const foreign = new Set([...entries.flatMap(({ reading }) => reading.foreignUses ?? []), ...moduleUses.foreign]);
  const policies: EmbeddedPolicy[] = [];
  const problems: Problem[] = [...lost];
  for (const entry of entries) {
    const { reading } = entry;
    problems.push(...reading.problems, ...(entry.merged?.problems ?? []));
    if (reading.address && foreign.has(reading.address) && !documentTypes.has(reading.address)) continue;
    const merged = entry.merged?.policy;
    for (const policy of merged ? [merged] : reading.policies) {
      policy.policy.text = text;
      const given = reading.address
        ? (documentTypes.get(reading.address) ?? (isNamedBoundary(reading.address, reading.policies) ? { type: 'boundary' as const } : undefined))
        : reading.owner && boundaries.has(reading.owner)
          ? { type: 'boundary' as const }
          : undefined;
      if (!given) {
        policies.push(policy);
        continue;
      }
      const { type, severities } = given;
      const inlineOn = (reading.address && holders.get(reading.address)) || undefined;
      const publicAccessType = (reading.address && accessTypes.get(reading.address)) || undefined;
      if (
        entry.typed?.policyType !== type ||
        entry.typed.severities !== severities ||
        entry.typed.policy !== policy.policy ||
        entry.typed.inlineOn !== inlineOn ||
        entry.typed.publicAccessType !== publicAccessType
      ) {
        entry.typed = { ...policy, policyType: type, ...(severities ? { severities } : {}), ...(inlineOn ? { inlineOn } : {}), ...(publicAccessType ? { publicAccessType } : {}) };
      }
      policies.push(entry.typed);
      for (const [other, where] of (reading.address && otherTypes.get(reading.address)) || []) {
        const { severities: _, ...untyped } = policy;
        policies.push({
          ...untyped,
          name: `${policy.name} [${other}]`,
          policyType: other,
          variantOf: policy.name,
          alsoAs: otherUseOf(where, other),
        });
      }
    }
  }
  const rendered = new Set([...entries.flatMap(({ reading }) => reading.renderedTemplates ?? []), ...moduleUses.renderedTemplates]);
  // A file a policy attribute reads is that attribute's policy: the link says of which type (typeOf: an
  // `aws_iam_policy` the module's roles take only as a permissions boundary is a boundary).
  const links = entries.flatMap(({ reading }) =>
    reading.files.flatMap((file) => {
      if (file.renderedAs && !rendered.has(file.renderedAs)) return [];
      return linkOf(file.policyType ? { ...file, policyType: typeOf(reading, file.policyType) } : file, documentUri) ?? [];
    }),
  );
  return { kind: 'terraform', policies, problems, ...(links.length ? { links } : {}) };
}

/** The block under `cursor`, copied, or its copy in `copies`; a new copy is added to `copies`. */
function copyOf(cursor: TreeCursor, language: Language, text: string, copies: Map<number, SyntaxNode> | undefined): SyntaxNode {
  const start = cursor.startIndex;
  let copy = copies?.get(start);
  if (!copy) {
    copy = copySubtree(cursor, language, { text });
    copies?.set(start, copy);
  }
  return copy;
}

/** A kept block with this text: as it was when it has not moved, its reading shifted when it has. */
function reuse(candidates: BlockEntry[] | undefined, start: number, text: string): BlockEntry | undefined {
  if (!candidates?.length) return undefined;
  const same = candidates.find((entry) => entry.start === start);
  if (same) return same;
  return { start, reading: shiftReading(candidates[0].reading, start - candidates[0].start, text) };
}

function newEntry(text: string, block: SyntaxNode, locals: Locals, moduleLocals: ReadonlyMap<string, ModuleLocal>): BlockEntry {
  const notes: LocalNote[] = [];
  const made: Span[] = [];
  const reading = withLocals(locals, () => collectingMadeSpans(made, () => withEvaluation(evaluateInFile, () => readBlock(text, block))), text, moduleLocals, notes);
  if (notes.length > 0) {
    reading.notes = notes;
    for (const policy of reading.policies) policy.notes = notes;
  }
  if (made.length > 0) for (const policy of reading.policies) policy.writeFix = outsideMadeValues(made);
  return { start: block.startIndex, reading };
}

/**
 * A fix or completion edit is offered only outside the expressions whose values were evaluated (a `for`, a function
 * call, a `local.x`): every element they make spans the whole expression, so an edit for one element would replace it.
 */
function outsideMadeValues(made: readonly Span[]): (fix: Fix) => Fix | undefined {
  return (fix) => (fix.edits.some((edit) => made.some((span) => span.start <= edit.span.start && edit.span.end <= span.end)) ? undefined : fix);
}

const LOCALS_HEADER = /^locals\s*\{/;

/** The locals of the module's other files, by name, and a key that changes when any of their `locals` blocks does. */
export interface ModuleLocals {
  locals: ReadonlyMap<string, ModuleLocal>;
  key: string;
}

const NO_MODULE_LOCALS: ModuleLocals = { locals: new Map(), key: '' };

/**
 * Per other file, its locals as last read, kept while its text is the same: the editor asks on every keystroke, and
 * `lint` for each file of a module. Every sibling is asked in turn, so a bound below a module's files would miss each
 * time (least recently used first): at 64 files, `lint` of a module of 400 files with `locals` took 32 s, parsing each
 * file for each other. Room for the largest modules; what an entry adds is its `locals` blocks' syntax, since the
 * text is the one the caller holds (the editor keeps the disk's, the CLI its run's).
 */
const otherFiles = new Map<string, OtherFile>();

/** What this file reads of another file of its module: its locals, and how its blocks use the module's policies. */
interface OtherFile {
  text: string;
  locals: [string, ModuleLocal][];
  key: string;
  uses: readonly PolicyUses[];
  /** The `template_file` data sources whose `rendered` text a policy attribute of the file reads. */
  renderedTemplates: readonly string[];
  /** The policy documents its resources' policy attributes name (`content = data.aws_iam_policy_document.x.json`). */
  references: readonly DocumentReference[];
  /** The policy documents its resources' attributes name that take no IAM policy (BlockReading.foreignUses). */
  foreign: readonly string[];
}

/** What the attribute a document reference names (`aws_iam_role_policy.app.policy`) makes the document an inline policy of. */
function inlineHolderOfUse(where: string): InlineHolder | undefined {
  const [type, , ...path] = where.split('.');
  return type === 'module' ? undefined : inlineHolderOf(type, path.join('.'));
}

/** A policy document a resource attribute names: its address, the type it gives, the host's severities, the attribute. */
type DocumentReference = [address: string, policyType: PolicyType, severities: HostSeverities | undefined, where: string];

/** What the module's other files say of this file's blocks: how they use its policies, which templates they render as policies, which documents they give which type. */
export interface ModuleUses {
  policies: readonly PolicyUses[];
  renderedTemplates: readonly string[];
  references: readonly DocumentReference[];
  foreign: readonly string[];
}
const NO_MODULE_USES: ModuleUses = { policies: [], renderedTemplates: [], references: [], foreign: [] };
// A policy attribute that names a policy document data source, which may be declared in another file of the module.
const NAMES_DOCUMENT = /\bdata\.aws_iam_policy_document\.[\w-]+\.json\b/;
// A policy attribute that reads a template_file, in a file that may declare the data source elsewhere in the module.
const RENDERS_TEMPLATE = /\bdata\.template_file\.[\w-]+\.rendered\b/;
const OTHER_FILES = 4096;

/**
 * The locals of the other `.tf` files the host input names (`siblings`: the module's files, which the CLI reads from
 * the folder and the editor from its open documents, then the disk). Terraform reads every `.tf` file of a module's
 * folder as one configuration, so their locals are this file's (https://developer.hashicorp.com/terraform/language/files).
 */
function moduleLocalsOf(others: readonly OtherFile[], uris: readonly string[]): ModuleLocals {
  const locals = new Map<string, ModuleLocal>();
  const keys: string[] = [];
  others.forEach((read, i) => {
    if (read.locals.length === 0) return;
    keys.push(`${uris[i]}\u0000${read.key}`);
    for (const [name, local] of read.locals) if (!locals.has(name)) locals.set(name, local);
  });
  return locals.size > 0 ? { locals, key: hashOf(keys.join('\u0000')) } : NO_MODULE_LOCALS;
}

/** The module's other `.tf` files the host input names, in URI order, each read once per text (`otherFiles`). */
function otherFilesOf(input: HostInput, instance: TreeParser): { others: OtherFile[]; uris: string[] } {
  const siblings = input.siblings?.();
  const others: OtherFile[] = [];
  const uris: string[] = [];
  if (!siblings?.length) return { others, uris };
  const own = input.uri.replace(/[?#].*$/, '');
  for (const sibling of [...siblings].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) {
    const path = sibling.uri.replace(/[?#].*$/, '');
    if (path === own || !isNativeModuleFile(path)) continue;
    let read = otherFiles.get(sibling.uri);
    if (!read || read.text !== sibling.text) {
      read = readOtherFile(sibling.text, decodeURIComponent(path.replace(/^.*\//, '')), instance);
      otherFiles.delete(sibling.uri);
      otherFiles.set(sibling.uri, read);
      if (otherFiles.size > OTHER_FILES) otherFiles.delete(otherFiles.keys().next().value!);
    }
    others.push(read);
    uris.push(sibling.uri);
  }
  return { others, uris };
}

type TreeParser = { parse(text: string): { walk(): TreeCursor; delete(): void; language: Language } | null };

function readOtherFile(text: string, file: string, instance: TreeParser): OtherFile {
  const hasLocals = /\blocals\s*\{/.test(text);
  const rendersTemplate = RENDERS_TEMPLATE.test(text);
  const namesDocument = NAMES_DOCUMENT.test(text);
  const tree = hasLocals || rendersTemplate || namesDocument || USES_POLICIES.test(text) ? instance.parse(text) : null;
  if (!tree) return { text, locals: [], key: '', uses: [], renderedTemplates: [], references: [], foreign: [] };
  const cursor = tree.walk();
  try {
    const blocks: SyntaxNode[] = [];
    const texts: string[] = [];
    const uses: PolicyUses[] = [];
    const renderedTemplates: string[] = [];
    const references: DocumentReference[] = [];
    const foreign: string[] = [];
    if (cursor.gotoFirstChild()) {
      do {
        if (cursor.nodeType !== 'body' || !cursor.gotoFirstChild()) continue;
        do {
          if ((cursor.nodeType as string) !== 'block') continue;
          const blockText = text.slice(cursor.startIndex, cursor.endIndex);
          if (LOCALS_HEADER.test(blockText)) {
            blocks.push(copySubtree(cursor, tree.language, { text }));
            texts.push(blockText);
            continue;
          }
          // A role, user or attachment of this file that names one of the module's policies as a boundary or attaches it.
          const header = BLOCK_HEADER.exec(blockText);
          const type = header && header[1] === 'resource' ? (header[2] ?? header[3]) : undefined;
          if (type !== undefined && usesPolicies(type)) uses.push(policyUsesOf(type, attributesOf(bodyOf(copySubtree(cursor, tree.language, { text })))));
          // A resource of this file that gives one of the module's policy documents its type (an SCP's `content`).
          if (type !== undefined && namesDocument && policyAttributesOf(type) && NAMES_DOCUMENT.test(blockText)) {
            const block = copySubtree(cursor, tree.language, { text });
            const [, , name] = blockHeader(block);
            for (const { path, policyType, attribute } of typedPolicyAttributes(text, type, bodyOf(block)))
              if (attribute.value) for (const reference of documentReferences(attribute.value)) references.push([reference, policyType, policySeveritiesOf(type), `${type}.${name}.${path}`]);
            foreign.push(...foreignDocumentReferences(text, type, bodyOf(block)));
          }
          if (type !== undefined && rendersTemplate && policyAttributesOf(type) && RENDERS_TEMPLATE.test(blockText)) {
            const body = bodyOf(copySubtree(cursor, tree.language, { text }));
            for (const path of Object.keys(policyAttributesOf(type)!))
              for (const { attribute } of attributesAt(text, body, path)) {
                const rendered = attribute.value && renderedTemplateReference(attribute.value);
                if (rendered) renderedTemplates.push(rendered);
              }
          }
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
      } while (cursor.gotoNextSibling());
    }
    return { text, locals: [...localsOf(blocks)].map(([name, value]) => [name, { value, text, file }]), key: texts.join('\u0000'), uses, renderedTemplates, references, foreign };
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** A short stand-in for a long key (FNV-1a, 32 bits, twice with different seeds). */
function hashOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}:${text.length}`;
}

/**
 * The `locals` blocks of the file (https://developer.hashicorp.com/terraform/language/values/locals), copied once
 * per offset and text, and a key that changes when any of them changes or moves. The locals of the module's other
 * files come from moduleLocalsOf.
 */
function readLocals(text: string, cursor: TreeCursor, language: Language, previous: DocumentCache | undefined, cache: DocumentCache): { locals: Locals; localsKey: string } {
  const blocks: SyntaxNode[] = [];
  const keys: string[] = [];
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeType !== 'body' || !cursor.gotoFirstChild()) continue;
      do {
        if ((cursor.nodeType as string) !== 'block' || !text.startsWith('locals', cursor.startIndex)) continue;
        const blockText = text.slice(cursor.startIndex, cursor.endIndex);
        if (!LOCALS_HEADER.test(blockText)) continue;
        const key = `${cursor.startIndex}:${blockText}`;
        const block = previous?.locals.get(key) ?? copySubtree(cursor, language, { text });
        cache.locals.set(key, block);
        blocks.push(block);
        keys.push(key);
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return { locals: localsOf(blocks), localsKey: keys.join('\u0000') };
}

/** A fix writer for a policy moved `delta` characters: edits are moved back, written, and moved again. */
function shiftedWriter(writer: (fix: Fix) => Fix | undefined, delta: number): (fix: Fix) => Fix | undefined {
  const moved = (fix: Fix, by: number): Fix => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: { start: edit.span.start + by, end: edit.span.end + by } })) });
  return (fix) => {
    const written = writer(moved(fix, -delta));
    return written && moved(written, delta);
  };
}

function shiftReading(reading: BlockReading, delta: number, text: string): BlockReading {
  const shift = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  return {
    ...reading,
    // Built when first read (moved-policy.ts): an edit's diagnostics need only the findings of the policies it moved.
    policies: reading.policies.map((embedded) => ({
      ...embedded,
      span: shift(embedded.span),
      policy: movedPolicy(embedded.policy, delta, text),
      movedFrom: embedded.movedFrom ?? embedded.policy,
      ...(embedded.writeFix ? { writeFix: shiftedWriter(embedded.writeFix, delta) } : {}),
      ...(embedded.notes ? { notes: embedded.notes.map((note) => ({ ...note, span: shift(note.span) })) } : {}),
    })),
    ...(reading.notes ? { notes: reading.notes.map((note) => ({ ...note, span: shift(note.span) })) } : {}),
    problems: reading.problems.map((problem) => ({
      ...problem,
      span: shift(problem.span),
      ...(problem.fixes ? { fixes: problem.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: shift(edit.span) })) })) } : {}),
    })),
    files: reading.files.map((file) => ({ ...file, span: shift(file.span), ...(file.variables ? { variables: { ...file.variables, span: shift(file.variables.span) } } : {}) })),
    ...(reading.merge
      ? { merge: { ...reading.merge, root: shiftNode(reading.merge.root, delta), span: shift(reading.merge.span), parts: reading.merge.parts.map((part) => ({ ...part, span: shift(part.span) })) } }
      : {}),
  };
}

/**
 * Builds the policy of each data source with source or override documents from the documents of this file it
 * names (merge.ts). Statement nodes are shared, not copied, so a finding in a merged statement sits where the
 * statement is written. A document not in this file (a variable, another module's output) leaves the merged policy
 * partial: only what is known is checked, and nothing is reported for what is missing. A merge whose documents are
 * unchanged keeps its policy object, so the pipeline can keep its findings.
 */
function mergeDocuments(text: string, entries: readonly BlockEntry[]): void {
  const byAddress = new Map<string, BlockEntry>();
  for (const entry of entries) if (entry.reading.address && !byAddress.has(entry.reading.address)) byAddress.set(entry.reading.address, entry);
  const results = new Map<BlockEntry, MergeInput | undefined>();
  const resolve = (entry: BlockEntry): MergeInput | undefined => {
    if (results.has(entry)) return results.get(entry);
    const { merge } = entry.reading;
    if (!merge) {
      const [own] = entry.reading.policies;
      return own ? { statements: own.policy.statements.map((statement) => statement.node), complete: true } : undefined;
    }
    // A document that merges itself in, directly or not, is a cycle Terraform refuses; read it as unknown.
    results.set(entry, undefined);
    const inputs: JsonNode[] = [merge.root];
    const lookup = (address: string) => {
      const target = byAddress.get(address);
      if (!target) return undefined;
      const found = resolve(target);
      const root = target.reading.merge ? target.merged?.policy?.policy.root : target.reading.policies[0]?.policy.root;
      if (root) inputs.push(root);
      return found;
    };
    const own = statementNodesOf(merge.root);
    const { statements, complete, problems } = mergeStatements(own, merge.parts, lookup);
    const kept = entry.merged;
    if (!kept || kept.inputs.length !== inputs.length || kept.inputs.some((input, i) => input !== inputs[i])) {
      const policy = statements.length > 0 ? mergedPolicy(text, merge.root, statements, merge.span, merge.address) : undefined;
      // Statements merged from other blocks keep their places, and with them the notes of those blocks' references.
      const notes = entries.flatMap(({ reading }) => reading.notes ?? []);
      if (policy && notes.length > 0) policy.notes = notes;
      entry.merged = { inputs, policy, problems };
    }
    const result = { statements, complete };
    results.set(entry, result);
    return result;
  };
  for (const entry of entries) if (entry.reading.merge) resolve(entry);
}

function statementNodesOf(root: JsonNode): JsonNode[] {
  const property = (root.children ?? []).find((child) => child.children?.[0]?.value === 'Statement');
  return (property?.children?.[1]?.children ?? []).filter((child) => child.type === 'object');
}

/** The policy attributes a resource block writes, each with the policy type it gives (`policy` of an SCP is `scp`). */
function typedPolicyAttributes(text: string, type: string, body: SyntaxNode | undefined): { path: string; policyType: PolicyType; attribute: Attribute; label: string | undefined }[] {
  const literals = literalAttributesOf(text, body);
  const result: { path: string; policyType: PolicyType; attribute: Attribute; label: string | undefined }[] = [];
  for (const path of Object.keys(policyAttributesOf(type) ?? {})) {
    const policyType = policyTypeOf(type, path, literals);
    if (policyType) for (const { attribute, label } of attributesAt(text, body, path)) result.push({ path, policyType, attribute, label });
  }
  return result;
}

/** A block's attributes written as literals (`type = "TAG_POLICY"`), which some policy attributes' types depend on. */
function literalAttributesOf(text: string, body: SyntaxNode | undefined): Map<string, string> {
  const literals = new Map<string, string>();
  for (const [key, attribute] of attributesOf(body)) {
    const value = attribute.value && templateOf(text, attribute.value, false);
    if (value && value.placeholders.length === 0) literals.set(key, value.value);
  }
  return literals;
}

/** The documents a resource's attributes name that take no IAM policy (`aws_iot_policy`'s `policy`, a tag policy's `content`). */
function foreignDocumentReferences(text: string, type: string, body: SyntaxNode | undefined): string[] {
  const literals = literalAttributesOf(text, body);
  return Object.keys(policyAttributesOf(type) ?? {})
    .filter((path) => policyTypeOf(type, path, literals) === undefined)
    .flatMap((path) => attributesAt(text, body, path).flatMap(({ attribute }) => (attribute.value ? documentReferences(attribute.value) : [])));
}

function readBlock(text: string, block: SyntaxNode): BlockReading {
  const reading: BlockReading = { references: [], policies: [], problems: [], files: [] };
  const [kind, type, name] = blockHeader(block);
  if (kind === 'module') {
    // The module's own .tf files are read where they are; a local `source` links to its folder.
    const attributes = attributesOf(bodyOf(block));
    const source = attributes.get('source')?.value;
    const folder = source && moduleSource(text, source);
    if (folder) reading.files.push(folder);
    // A module call has one label, its name: `module "policy" { … }`.
    if (type !== undefined)
      readModuleInputs(
        text,
        source,
        [...attributes].map(([input, attribute]) => [input, attribute.value]),
        `module.${type}`,
        reading,
      );
    return reading;
  }
  if (kind === 'data' && type === 'template_file' && name !== undefined) {
    const template = templateFileData(text, block, name);
    if (template) reading.files.push(template);
    return reading;
  }
  if (kind === 'data' && type === 'aws_iam_policy_document' && name !== undefined) {
    const address = `data.aws_iam_policy_document.${name}`;
    reading.address = address;
    reading.problems.push(...unknownDocumentArguments(block));
    const nodes = policyDocumentNodes(text, block);
    const parts = mergedParts(attributesOf(bodyOf(block)));
    if (parts.length > 0) reading.merge = { root: nodes, parts, span: spanOfSyntax(block), address };
    else {
      const policy: EmbeddedPolicy = { policy: policyFromNodes(text, nodes, [], { kind: 'policy-document' }), span: spanOfSyntax(block), name: address, owner: address };
      // `data "aws_iam_policy_document" "empty" {}` is written empty on purpose: the other branch of a conditional
      // document, or a source or override another document merges (cloudposse's modules keep one so).
      if ((bodyOf(block)?.namedChildCount ?? 0) === 0) policy.severities = { 'statement-missing': 'off' };
      reading.policies.push(policy);
    }
  } else if (kind === 'resource' && isPermissionType(type) && name !== undefined) {
    const policy = permissionStatement(text, block, type, name);
    if (policy) reading.policies.push(policy);
  } else if (kind === 'resource' && type !== undefined && name !== undefined && policyAttributesOf(type)) {
    const owner = `${type}.${name}`;
    const body = bodyOf(block);
    const attributes = attributesOf(body);
    const foreign = foreignDocumentReferences(text, type, body);
    if (foreign.length > 0) reading.foreignUses = foreign;
    for (const { path, policyType, attribute, label } of typedPolicyAttributes(text, type, body)) {
      if (!attribute.value) continue;
      reading.problems.push(...policyTextProblems(text, type, path, attribute.value));
      const references = documentReferences(attribute.value);
      const file = references.length > 0 ? undefined : fileReference(text, attribute.value);
      const rendered = references.length > 0 || file ? undefined : renderedTemplateReference(attribute.value);
      const severities = policySeveritiesOf(type);
      if (references.length > 0) for (const reference of references) reading.references.push([reference, policyType, severities, `${owner}.${path}`]);
      else if (file) reading.files.push({ ...file, policyType });
      else if (rendered) (reading.renderedTemplates ??= []).push(rendered);
      else {
        const policy = policyOfValue(text, attribute.value, policyType, `${owner}.${path}`, owner);
        const inlineOn = inlineHolderOf(type, path);
        if (policy && inlineOn) policy.inlineOn = inlineOn;
        const publicAccessType = publicAccessTypeOf(type, path);
        if (policy && publicAccessType) policy.publicAccessType = publicAccessType;
        if (policy && label !== undefined) policy.matchKey = inlinePolicyKey(owner, path, label);
        if (policy && severities) policy.severities = severities;
        if (policy) reading.policies.push(policy);
      }
    }
    if (type === 'aws_api_gateway_rest_api') {
      const body = attributes.get('body')?.value;
      const policy = body && openApiBodyPolicy(text, body, owner);
      if (policy) reading.policies.push(policy);
    }
  }
  if (kind === 'resource' && type !== undefined && name !== undefined) {
    reading.owner = `${type}.${name}`;
    const attributes = attributesOf(bodyOf(block));
    if (usesPolicies(type)) reading.policyUses = policyUsesOf(type, attributes);
    else if (attachesItself(type, attributes)) reading.policyUses = { boundaries: [], attached: [reading.owner] };
    const managedPolicyName = managedPolicyNameOf(text, type, attributes);
    if (managedPolicyName !== undefined) reading.managedPolicyName = managedPolicyName;
  }
  if (reading.policies.length > 0 && /permissionsboundary/i.test(text.slice(block.startIndex, block.endIndex))) {
    for (const { policy } of reading.policies) {
      const named = boundariesInConditions(policy);
      if (named.addresses.length + named.names.length === 0) continue;
      const kept = (reading.conditionBoundaries ??= { addresses: [], names: [] });
      kept.addresses.push(...named.addresses);
      kept.names.push(...named.names);
    }
  }
  if ((reading.policies.length > 0 || reading.merge) && block.hasError) {
    const error = firstError(block);
    if (error) reading.problems.push(syntaxProblem(text, block, error));
  }
  return reading;
}

/**
 * The file's managed policies that its policies' `iam:PermissionsBoundary` conditions name, as uses of them as
 * boundaries: by reference, or by the path and name their ARN is written with.
 */
function conditionBoundaryUses(entries: readonly BlockEntry[]): PolicyUses {
  const named = entries.filter(({ reading }) => reading.conditionBoundaries);
  if (named.length === 0) return { boundaries: [], attached: [] };
  const byName = new Map<string, string>();
  for (const { reading } of entries) if (reading.managedPolicyName !== undefined && reading.owner) byName.set(reading.managedPolicyName, reading.owner);
  const boundaries = named.flatMap(({ reading }) => [...reading.conditionBoundaries!.addresses, ...reading.conditionBoundaries!.names.flatMap((name) => byName.get(name) ?? [])]);
  return { boundaries, attached: [] };
}

/**
 * A `terraform-syntax` finding on the first error of a block. A missing token is named as written ("]" expected, where
 * the parser says `tuple_end`); a missing name or value (the parser's `identifier`, `variable_expr`), as in `resources = [*]`, which it reads as a splat of nothing,
 * is "an expression", on the expression it leaves incomplete, as Terraform says it ("Expected the start of an
 * expression").
 */
function syntaxProblem(text: string, block: SyntaxNode, error: SyntaxNode): Problem {
  if (!error.isMissing)
    return (
      commaProblem(text, error.startIndex) ?? {
        ruleId: 'terraform-syntax',
        severity: 'error',
        message: 'Terraform syntax error: this text does not fit the HCL syntax, so the policy around it may be read incompletely.',
        span: spanOfSyntax(error),
      }
    );
  const isExpression = MISSING_EXPRESSIONS.has(error.type);
  const incomplete = isExpression ? outermostExpressionAt(block, error.startIndex) : undefined;
  const span =
    !incomplete || incomplete.endIndex <= error.startIndex ? { start: error.startIndex, end: Math.min(text.length, error.startIndex + 1) } : { start: error.startIndex, end: incomplete.endIndex };
  const token = MISSING_TOKENS[error.type] ?? error.type;
  return {
    ruleId: 'terraform-syntax',
    severity: 'error',
    message: isExpression ? 'Terraform syntax error: an expression is expected here (Terraform: "Expected the start of an expression").' : `Terraform syntax error: "${token}" expected here.`,
    span,
  };
}

/**
 * A syntax error tree-sitter could not recover from inside a block swallows the block: the file's top level is then an
 * error holding its header, and the block is not read. When it could hold a policy, the first error in it is reported,
 * saying the block's policy is not checked, so a mistake there is never silent.
 */
function lostBlockProblems(text: string, error: SyntaxNode): Problem[] {
  const header = [...text.slice(error.startIndex, error.endIndex).matchAll(/^(data|resource)\s+"([^"]*)"\s+"([^"]*)"/gm)].find((each) => canHoldPolicy(each[0]));
  if (!header) return [];
  const innermost = innermostError(error);
  const lost = ` The block ${header[1] === 'data' ? 'data.' : ''}${header[2]}.${header[3]} cannot be read, so its policy is not checked.`;
  const problem = commaProblem(text, innermost.startIndex) ?? {
    ruleId: 'terraform-syntax',
    severity: 'error' as const,
    message: 'Terraform syntax error: this text does not fit the HCL syntax.',
    span: { start: innermost.startIndex, end: Math.max(innermost.startIndex + 1, lineEnd(text, innermost.startIndex)) },
  };
  return [{ ...problem, message: problem.message + lost }];
}

/** The deepest error on the way to the first one under `node`. */
function innermostError(node: SyntaxNode): SyntaxNode {
  let found = node;
  for (;;) {
    const child = node.children.find((each) => each.hasError);
    if (!child) return found;
    if (child.isError || child.isMissing) found = child;
    node = child;
  }
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/**
 * Arguments separated by commas, as in JSON (`actions = ["s3:GetObject"],`, `principals { type = "*", identifiers =
 * ["*"] }`): tree-sitter's error starts at the argument's value. Named as Terraform names it (hashicorp/hcl,
 * hclsyntax/parser.go), at the comma; undefined when the error at `start` is no argument's value followed by a comma.
 */
function commaProblem(text: string, start: number): Problem | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const argument = /(^|\{)\s*[A-Za-z_][\w-]*\s*=\s*$/.exec(before);
  if (!argument) return undefined;
  const comma = commaAfterValue(text, start);
  if (comma === undefined) return undefined;
  const span = { start: comma, end: comma + 1 };
  if (argument[1] === '{')
    return {
      ruleId: 'terraform-syntax',
      severity: 'error',
      message: 'Terraform syntax error: a block written on one line holds a single argument (Terraform: "Invalid single-argument block definition"). Write each argument on a line of its own.',
      span,
    };
  return {
    ruleId: 'terraform-syntax',
    severity: 'error',
    message: 'Terraform syntax error: arguments are separated by new lines, not commas (Terraform: "Unexpected comma after argument"). Remove the comma.',
    span,
    fixes: [{ title: 'Remove the comma', edits: [{ span, newText: '' }], isPreferred: true }],
  };
}

/** Where the comma right after the value that starts at `start` is, on the same line; undefined when none follows it. */
function commaAfterValue(text: string, start: number): number | undefined {
  let depth = 0;
  let at = start;
  for (; at < text.length; at++) {
    const char = text[at];
    if (char === '"') {
      for (at++; at < text.length && text[at] !== '"' && text[at] !== '\n'; at++) if (text[at] === '\\') at++;
      if (depth === 0) {
        at++;
        break;
      }
    } else if (char === '[' || char === '{' || char === '(') depth++;
    else if (char === ']' || char === '}' || char === ')') {
      if (--depth <= 0) {
        at++;
        break;
      }
    } else if (depth === 0 && /[\s,]/.test(char)) break;
  }
  while (text[at] === ' ' || text[at] === '\t') at++;
  return depth <= 0 && text[at] === ',' ? at : undefined;
}

/** The parser's names for a missing name or value. */
const MISSING_EXPRESSIONS = new Set(['identifier', 'variable_expr', 'expression']);

/** The parser's names for punctuation it found missing, as written. */
const MISSING_TOKENS: Readonly<Record<string, string>> = {
  tuple_start: '[',
  tuple_end: ']',
  object_start: '{',
  object_end: '}',
  block_start: '{',
  block_end: '}',
  quoted_template_start: '"',
  quoted_template_end: '"',
  template_interpolation_start: '${',
  template_interpolation_end: '}',
  template_directive_start: '%{',
  template_directive_end: '}',
};

/** The outermost `expression` that begins at `offset`, under `node`. */
function outermostExpressionAt(node: SyntaxNode, offset: number): SyntaxNode | undefined {
  if (node.type === 'expression' && node.startIndex === offset) return node;
  for (const child of node.children) if (child && child.startIndex <= offset && offset < child.endIndex) return outermostExpressionAt(child, offset);
  return undefined;
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The attributes at `a` or `block.a` (every block of that name), each with its block's literal `name` when it has
 * one (an `inline_policy` block's own name).
 */
function attributesAt(text: string, body: SyntaxNode | undefined, path: string): { attribute: Attribute; label?: string }[] {
  const [first, second] = path.split('.');
  if (second === undefined) {
    const attribute = attributesOf(body).get(first);
    return attribute ? [{ attribute }] : [];
  }
  return blocksNamed(body, first).flatMap(({ body: inner }) => {
    const attributes = attributesOf(inner);
    const attribute = attributes.get(second);
    if (!attribute) return [];
    // An `inline_policy` block's `name`; an awscc role's `policies` item's `policy_name`.
    const name = (attributes.get('name') ?? attributes.get('policy_name'))?.value;
    const literal = name && templateOf(text, name, false);
    return [literal && literal.placeholders.length === 0 && literal.value !== '' ? { attribute, label: literal.value } : { attribute }];
  });
}

const DOCUMENT_WRAPPERS = new Set(['join', 'one', 'element', 'try', 'coalesce', 'tostring']);

/** `data.aws_iam_policy_document.x.json` (also `.minified_json`, with or without `[0]`), as the data source's address. */
/**
 * The policy document data sources an argument names: one (`documentReference`), or one per branch of a conditional
 * (`var.oidc ? data.aws_iam_policy_document.oidc.json : data.aws_iam_policy_document.ec2.json`), each of which the
 * argument may be.
 */
export function documentReferences(expression: SyntaxNode): string[] {
  const node = unwrapInterpolation(expression);
  if (node.type !== 'conditional') {
    const reference = documentReference(expression);
    return reference ? [reference] : [];
  }
  const [, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
  const branches = [yes, no].map((branch) => (branch ? documentReferences(branch) : []));
  // A branch that is no document (`null`, `""`) or the caller's own policy (`var.policy`) adds none; one written
  // otherwise is read as the whole value is.
  const isNothing = (branch: SyntaxNode | undefined) => !branch || isNoValue(branch) || isCallersValue(branch);
  if ([yes, no].some((branch, i) => branches[i].length === 0 && !isNothing(branch))) return [];
  return branches.flat();
}

export function documentReference(expression: SyntaxNode): string | undefined {
  let node = unwrapInterpolation(expression);
  // `join("", data.aws_iam_policy_document.x.*.json)`, `one(...)`, `element(..., 0)`, `try(..., "")`: the count idioms.
  for (let name = functionName(node); name && DOCUMENT_WRAPPERS.has(name); name = functionName(node)) {
    const args = functionArguments(node);
    const inner = name === 'join' ? args[1] : args[0];
    if (!inner) return undefined;
    node = unwrapInterpolation(inner);
  }
  const names = node.type === 'expression' ? traversalOf(node) : undefined;
  if (!names || names[0] !== 'data' || names[1] !== 'aws_iam_policy_document' || names.length < 4) return undefined;
  return `data.aws_iam_policy_document.${names[2]}`;
}

/** `data.template_file.x.rendered` (also inside `"${…}"`): the data source, `data.template_file.x`. */
function renderedTemplateReference(expression: SyntaxNode): string | undefined {
  const node = unwrapInterpolation(expression);
  const names = node.type === 'expression' ? traversalOf(node) : undefined;
  if (!names || names.length !== 4 || names[0] !== 'data' || names[1] !== 'template_file' || names[3] !== 'rendered') return undefined;
  return `data.template_file.${names[2]}`;
}

/**
 * A policy given as the value of a resource attribute: `jsonencode({...})`, or JSON text in a heredoc or string.
 * A string that is only an interpolation, `file(...)`/`templatefile(...)` (the file is checked on its own) and
 * other expressions hold no policy text here.
 */
/** A module's input as it is (`var.policy`): a value the module's caller writes, not this module. */
function isCallersValue(expression: SyntaxNode): boolean {
  const node = unwrapInterpolation(expression);
  return node.type === 'expression' && traversalOf(node)?.[0] === 'var';
}

/** `null` or `""`: a value that leaves the argument unset, or empty. */
function isNoValue(expression: SyntaxNode): boolean {
  const value = unwrap(expression);
  return value.type === 'null_lit' || (value.type === 'string_lit' && value.namedChildren.every((child) => child.type.startsWith('quoted_template_')));
}

/**
 * The branch of a conditional that the module writes as its policy: in `var.policy != "" ? var.policy :
 * local.default_policy` (cloudposse's kms-key), the policy it deploys when its caller gives none; in `local.write ?
 * jsonencode({…}) : null` (DoiT's cloud connect, SaaS sweep), the policy it deploys when the feature is on. Undefined for
 * any other expression.
 */
function ownBranch(expression: SyntaxNode): SyntaxNode | undefined {
  const node = unwrapInterpolation(expression);
  if (node.type !== 'conditional') return undefined;
  const [, yes, no] = node.namedChildren.filter((child) => child.type === 'expression');
  if (!yes || !no) return undefined;
  if (isCallersValue(yes) !== isCallersValue(no)) return isCallersValue(yes) ? no : yes;
  if (isNoValue(yes) !== isNoValue(no)) return isNoValue(yes) ? no : yes;
  return undefined;
}

/**
 * The policies a module's inputs give (a module block's arguments, a Terragrunt file's `inputs`), named `<owner>.<input>`.
 * An input is a module's own variable, whatever its name: it is read as a policy where the registry module is known to
 * pass it to a resource as it is (registry-modules.ts), or where its value is written as a policy document
 * (`jsonencode({ Version, Statement })`, JSON text with a `"Statement"`), typed by the name of the input (a trust policy
 * for `assume_role_policy`, `custom_role_trust_policy`; policyTypeOfInputName), else by its content.
 */
function readModuleInputs(
  text: string,
  source: SyntaxNode | undefined,
  inputs: readonly [string, SyntaxNode | undefined][],
  owner: string,
  reading: Pick<BlockReading, 'references' | 'policies'>,
  sourceAddress: (written: string) => string = (written) => written,
): void {
  const address = source && templateOf(text, source, false);
  const known = address && address.placeholders.length === 0 ? modulePolicyInputs(sourceAddress(address.value)) : undefined;
  for (const [input, value] of inputs) {
    if (!value || input === 'source') continue;
    const label = `${owner}.${input}`;
    const policyType = known?.[input];
    if (policyType) {
      const references = documentReferences(value);
      if (references.length > 0) for (const reference of references) reading.references.push([reference, policyType, undefined, label]);
      else {
        const policy = policyOfValue(text, value, policyType, label, owner);
        if (policy) reading.policies.push(policy);
      }
      continue;
    }
    // `policy_statements = { s3 = { actions = [...], resources = [...] } }`: the module's policy, made of them.
    // terraform-aws-iam 6.x names them `trust_policy_permissions` and `inline_policy_permissions`.
    const statements = /(?:^|_)(?:statements|policy_permissions)$/.test(input) ? statementListNodes(text, value, value) : undefined;
    if (statements) {
      const typed = policyTypeOfInputName(input);
      reading.policies.push({ policy: policyFromNodes(text, statements, [], { kind: 'policy-document' }), ...(typed ? { policyType: typed } : {}), span: spanOfSyntax(value), name: label, owner });
      continue;
    }
    readWrittenDocuments(text, value, input, label, owner, reading, 0);
  }
}

/**
 * The policy documents written in a module input's value: the value itself, each item of a list
 * (`policy_jsons = [<<EOF … EOF]`) and the attributes of objects in it (`permission_sets = [{ name = "ops",
 * inline_policy = jsonencode({…}) }]`), named by their path, two levels down at most.
 */
function readWrittenDocuments(text: string, value: SyntaxNode, name: string, label: string, owner: string, reading: Pick<BlockReading, 'policies'>, depth: number): void {
  if (isWrittenPolicyDocument(text, value)) {
    const policy = policyOfValue(text, value, policyTypeOfInputName(name), label, owner);
    if (policy && hasIamShape(policy.policy)) reading.policies.push(policy);
    return;
  }
  if (depth >= 2) return;
  const node = unwrap(value);
  if (node.type === 'tuple')
    node.namedChildren
      .filter((child): child is SyntaxNode => child?.type === 'expression')
      .forEach((item, index) => readWrittenDocuments(text, item, name, `${label}[${index}]`, owner, reading, depth + 1));
  else if (node.type === 'object') for (const [key, item] of objectEntries(text, node)) readWrittenDocuments(text, item, key, `${label}.${key}`, owner, reading, depth + 1);
}

/**
 * An object's elements by key, written as a name (`ops = {…}`) or a string (`"ReadOnly" = {…}`, as a map of permission
 * sets by their names writes them); elements with a computed key are left out.
 */
function objectEntries(text: string, object: SyntaxNode): [string, SyntaxNode][] {
  const entries: [string, SyntaxNode][] = [];
  for (const child of object.namedChildren) {
    if (child?.type !== 'object_elem') continue;
    const [key, value] = child.namedChildren;
    if (!key || !value) continue;
    const written = unwrap(key);
    const name = written.type === 'variable_expr' ? written.firstNamedChild?.text : templateOf(text, key, false);
    if (typeof name === 'string') entries.push([name, value]);
    else if (name && name.placeholders.length === 0) entries.push([name.value, value]);
  }
  return entries;
}

/**
 * The type a module input's name says its policy is (`assume_role_policy`, `scp_content`, `permissions_boundary_policy`),
 * undefined where it says none: the content tells then.
 */
function policyTypeOfInputName(input: string): PolicyType | undefined {
  if (/assume_role|trust/i.test(input)) return 'trust';
  if (/(?:^|_)scps?(?:_|$)|service_control/i.test(input)) return 'scp';
  if (/(?:^|_)rcps?(?:_|$)|resource_control/i.test(input)) return 'rcp';
  if (/boundary/i.test(input)) return 'boundary';
  return undefined;
}

/**
 * Whether a document a module input holds is an IAM policy rather than another service's document with statements:
 * only IAM's top-level elements, and IAM's Version if it says one. An SNS data protection policy (`Name`,
 * `Description`, `Version = "2021-06-01"`, statements of `DataIdentifier` and `Operation`) is not one.
 */
function hasIamShape(policy: PolicyDocument): boolean {
  if (!policy.properties.every((property) => /^(?:version|id|statement)$/i.test(property.key))) return false;
  const version = policy.version?.value;
  return !version || Boolean(version.placeholders?.length) || version.value === '2012-10-17' || version.value === '2008-10-17';
}

/** `jsonencode({ Version = …, Statement = […] })`, or JSON text (a heredoc) whose object has a `"Statement"`. */
function isWrittenPolicyDocument(text: string, value: SyntaxNode): boolean {
  const node = unwrap(value);
  if (functionName(node) === 'jsonencode') {
    const [argument] = functionArguments(node);
    const object = argument && unwrap(argument);
    return object?.type === 'object' && /(?:^|[{,\s"])Statement"?\s*[=:]/.test(object.text);
  }
  const template = templateOf(text, value, false);
  return template !== undefined && /^\s*\{/.test(template.value) && /"Statement"\s*:/.test(template.value);
}

function policyOfValue(text: string, value: SyntaxNode, policyType: PolicyType | undefined, name: string, owner: string): EmbeddedPolicy | undefined {
  const own = ownBranch(value);
  if (own) return policyOfValue(text, own, policyType, name, owner);
  // `policy = local.policy` where the local is `jsonencode({...})`: read where the local is written.
  const local = throughLocal(
    value,
    (literal, literalText) => {
      const call = unwrap(ownBranch(literal) ?? literal);
      const [argument] = functionName(call) === 'jsonencode' ? functionArguments(call) : [];
      return argument ? hclToJson(literalText, argument) : undefined;
    },
    { element: true, conditional: true },
  );
  const node = unwrap(value);
  // `jsondecode({…})` (terraform-policy-json): the object is the policy its author meant.
  if (local || functionName(node) === 'jsonencode' || (functionName(node) === 'jsondecode' && functionArguments(node)[0] && unwrap(functionArguments(node)[0]).type === 'object')) {
    const [argument] = local ? [] : functionArguments(node);
    if (!local && !argument) return undefined;
    const root = local ?? hclToJson(text, argument!);
    if (root.type !== 'object') return undefined;
    return { policy: policyFromNodes(text, root), ...(policyType ? { policyType } : {}), span: spanOfSyntax(value), name, owner };
  }
  const written = templateOf(text, value, false);
  if (!written) return undefined;
  // `"{…}"`: the object inside the quotes is the policy meant (terraform-policy-json reports the quotes).
  const quoted = quotedPolicyRange(written.value);
  const template = quoted ? sliceTemplate(written, quoted.start, quoted.end) : written;
  const trimmed = template.value.trim();
  if (!trimmed.startsWith('{')) return undefined;
  const { root, syntaxErrors } = readJsonTemplate(template);
  if (!root) return undefined;
  return {
    policy: policyFromNodes(text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders }),
    ...(policyType ? { policyType } : {}),
    span: spanOfSyntax(value),
    name,
    owner,
  };
}

/**
 * The resource policy an OpenAPI body written in HCL carries (`body = jsonencode({ …, "x-amazon-apigateway-policy" =
 * {…} })`), as a definition file does (hosts/openapi.ts); the provider's `policy` argument, when also given, wins
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_rest_api).
 */
function openApiBodyPolicy(text: string, body: SyntaxNode, owner: string): EmbeddedPolicy | undefined {
  const call = unwrap(body);
  const [argument] = functionName(call) === 'jsonencode' ? functionArguments(call) : [];
  const root = argument && hclToJson(text, argument);
  const property = root?.type === 'object' ? root.children?.find((child) => child.children?.[0]?.value === 'x-amazon-apigateway-policy') : undefined;
  const policy = property?.children?.[1];
  if (policy?.type !== 'object') return undefined;
  return {
    policy: policyFromNodes(text, policy),
    policyType: 'resource',
    span: { start: policy.offset, end: policy.offset + policy.length },
    name: `${owner}.body["x-amazon-apigateway-policy"]`,
    owner,
  };
}

/**
 * aws_lambda_permission is one statement of the function's resource policy. Lambda's AddPermission builds it
 * from the arguments (https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html): Allow `action` to
 * `principal` on the function, with `source_arn` as ArnLike aws:SourceArn, `source_account` as StringEquals
 * aws:SourceAccount, `principal_org_id` as StringEquals aws:PrincipalOrgID and `function_url_auth_type` as
 * StringEquals lambda:FunctionUrlAuthType. Each element points at the argument that gives it.
 */
function permissionStatement(text: string, block: SyntaxNode, type: PermissionType, name: string): EmbeddedPolicy | undefined {
  // A layer version permission (AddLayerVersionPermission) is a statement of the layer version's policy: Allow
  // `action` to `principal` on the layer, with `organization_id` as StringEquals aws:PrincipalOrgID. An event bus
  // permission (PutPermission) is one of the bus's policy, its action events:PutEvents unless it says, its one
  // `condition` block the condition EventBridge writes.
  const layer = type === 'aws_lambda_layer_version_permission';
  const bus = type === 'aws_cloudwatch_event_permission';
  const body = bodyOf(block);
  const attributes = attributesOf(body);
  const action = attributes.get('action');
  const principal = attributes.get('principal');
  if ((!action?.value && !bus) || !principal?.value) return undefined;
  const keyword = spanOfSyntax(block.namedChildren.find((child) => child?.type === 'string_lit') ?? block);
  const property = (attribute: Attribute, key: string, value: JsonNode) => propertyNode(spanOfSyntax(attribute.node), key, spanOfSyntax(attribute.name), value);
  const statement: JsonNode[] = [
    propertyNode(keyword, 'Effect', keyword, impliedString('Allow', keyword)),
    action?.value ? property(action, 'Action', scalarOf(text, action.value, false)) : propertyNode(keyword, 'Action', keyword, impliedString('events:PutEvents', keyword)),
  ];
  const principalValue = scalarOf(text, principal.value, false);
  const principalText = String(principalValue.value ?? '');
  if (principalText === '*') statement.push(property(principal, 'Principal', principalValue));
  else {
    // A service's name, also with the partition's DNS suffix the module reads (`events.${data.aws_partition.current.dns_suffix}`).
    const type = /\.(?:amazon(?:aws)?\.com(?:\.cn)?|\$\{[^}]*dns_suffix\})$/.test(principalText) ? 'Service' : 'AWS';
    const span = spanOfSyntax(principal.value);
    statement.push(property(principal, 'Principal', objectNode(span, [propertyNode(span, type, span, principalValue)])));
  }
  const functionName = attributes.get(layer ? 'layer_name' : bus ? 'event_bus_name' : 'function_name');
  // The account's default bus when the permission names none.
  if (!functionName?.value && bus) {
    const value = '${default event bus}';
    statement.push(
      propertyNode(
        keyword,
        'Resource',
        keyword,
        stringNode(keyword, {
          value,
          // Every character of it stands at the resource's type, which says where the permission goes.
          offsets: Array.from({ length: value.length + 1 }, (_, i) => keyword.start + Math.round((i * (keyword.end - keyword.start)) / value.length)),
          placeholders: [{ start: 0, end: value.length, kind: 'arn', source: 'default', resource: { service: 'events', type: 'event-bus', part: 'arn' } }],
        }),
      ),
    );
  }
  if (functionName?.value) {
    const template = templateOf(text, functionName.value, false);
    // A function name (not an ARN) stands for the function's ARN, which Lambda fills in: `function_name` of an
    // aws_lambda_function is a name, but not here.
    let resource: JsonNode;
    if (template && template.value.startsWith('arn:')) resource = stringNode(spanOfSyntax(functionName.value), template);
    else {
      const placeholder = expressionPlaceholder(text, functionName.value);
      const holes = placeholder.placeholders.map(({ start, end, source }) => ({ start, end, source, kind: 'arn' as const }));
      resource = stringNode(spanOfSyntax(functionName.value), { ...placeholder, placeholders: holes });
    }
    statement.push(property(functionName, 'Resource', resource));
  }
  const conditions: [string, string, string][] = [
    ['source_arn', 'ArnLike', 'aws:SourceArn'],
    ['source_account', 'StringEquals', 'aws:SourceAccount'],
    ['principal_org_id', 'StringEquals', 'aws:PrincipalOrgID'],
    ['organization_id', 'StringEquals', 'aws:PrincipalOrgID'],
    ['function_url_auth_type', 'StringEquals', 'lambda:FunctionUrlAuthType'],
  ];
  const operators = new Map<string, JsonNode[]>();
  let conditionSpan: { start: number; end: number } | undefined;
  for (const { block: condition, body: conditionBody } of bus ? blocksNamed(body, 'condition') : []) {
    const parts = attributesOf(conditionBody);
    const operator = parts.get('type')?.value && templateOf(text, parts.get('type')!.value!, false);
    const key = parts.get('key')?.value && templateOf(text, parts.get('key')!.value!, false);
    const value = parts.get('value');
    if (!operator || !key || !value?.value || operator.placeholders.length > 0 || key.placeholders.length > 0) continue;
    const span = spanOfSyntax(condition);
    conditionSpan = span;
    operators.set(operator.value, [propertyNode(span, key.value, spanOfSyntax(parts.get('key')!.value!), scalarOf(text, value.value, false))]);
  }
  for (const [argument, operator, key] of conditions) {
    const attribute = attributes.get(argument);
    if (!attribute?.value) continue;
    const span = spanOfSyntax(attribute.node);
    conditionSpan = conditionSpan ? { start: Math.min(conditionSpan.start, span.start), end: Math.max(conditionSpan.end, span.end) } : span;
    const entry = propertyNode(span, key, spanOfSyntax(attribute.name), scalarOf(text, attribute.value, false));
    operators.set(operator, [...(operators.get(operator) ?? []), entry]);
  }
  if (conditionSpan) {
    const span = conditionSpan;
    statement.push(
      propertyNode(
        span,
        'Condition',
        span,
        objectNode(
          span,
          [...operators].map(([operator, keys]) => propertyNode(span, operator, span, objectNode(span, keys))),
        ),
      ),
    );
  }
  const blockSpan = spanOfSyntax(block);
  const root = objectNode(blockSpan, [
    propertyNode(keyword, 'Version', keyword, impliedString('2012-10-17', keyword)),
    propertyNode(blockSpan, 'Statement', keyword, arrayNode(blockSpan, [objectNode(blockSpan, statement)])),
  ]);
  const address = `${type}.${name}`;
  return { policy: policyFromNodes(text, root), policyType: 'resource', span: blockSpan, name: address, owner: address };
}
