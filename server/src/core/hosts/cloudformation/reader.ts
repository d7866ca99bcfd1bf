import type { Problem, Severity } from '../../checks/check';
import type { JsonNode, PolicyDocument } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { PolicyType } from '../../policy/policy-type';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy, HostDocument, HostInput, HostReader } from '../host';
import { bearsOnBoundaries, boundaryOnlyPolicies, globalBoundaryOf, mayNameBoundariesInConditions, sameIds } from './boundaries';
import { blockEndOf, changedRange, indentedBeyond, lineStartOf, setPolicyText, shiftPolicy, shiftProblem, type ChangedRange } from './incremental';
import { allowedValuesOf, checkIfConditions, ifBranches, isNoValue, NO_VALUE, stringOf, type BranchChoice, type TemplateContext } from './intrinsics';
import { connectorPolicies, samConnectorsOf } from '../../account/sam-connectors';
import { isWrittenForServerless, NO_SERVICE_VALUES, type ServerlessValues } from '../serverless/variables';
import { alternativeKeys, hasJinja, jinjaBranchMarks, parseTemplateText, renderedName } from './jinja';
import { entryOf, parseJsonTemplate, parseYamlTemplate, scalarValue, valueOf, type CfnEntry, type CfnMap, type CfnNode, type ParsedTemplate } from './nodes';
import { buildPolicy, policyFromNodes, toJsonNode, type BuildNode } from './policy-tree';
import { organizationsPolicyTypes, policySites } from './resource-types';
import { samPolicies } from './sam';
import { yamlSyntaxWriter, YamlSyntaxIndex } from './writer';

export type TemplateFormat = 'yaml' | 'json';

/**
 * The rules the template reader reports itself, beside the policy rules (which it reuses: `duplicate-key` and
 * `json-syntax` in templates mean what they mean in policy files). Each has a page in docs/rules.
 */
export const templateRules: readonly { id: string; severity: 'error' | 'warning'; description: string }[] = [
  {
    id: 'yaml-account-number',
    severity: 'warning',
    description: 'An unquoted 12-digit account ID with a leading zero is a number to YAML, so the zero is lost and the policy names another account; quote it.',
  },
  { id: 'yaml-syntax', severity: 'error', description: 'The template must be valid YAML; CloudFormation rejects a template it cannot parse.' },
  {
    id: 'cfn-sub-policy-variable',
    severity: 'error',
    description: 'Under Fn::Sub, ${aws:username} is a reference to a template name and fails the stack; an IAM policy variable is written ${!aws:username}.',
  },
  {
    id: 'cfn-reference-unknown',
    severity: 'error',
    description: 'A Ref, Fn::GetAtt or Fn::Sub in a policy names a parameter, resource or pseudo parameter of the template; CloudFormation rejects a template that names one it does not have.',
  },
  {
    id: 'sam-policy-unknown',
    severity: 'warning',
    description: 'A SAM function or state machine lists in Policies only policy templates and AWS managed policies SAM knows, or ARNs; any other name fails the deployment.',
  },
  {
    id: 'sam-policies-ignored',
    severity: 'warning',
    description: 'A SAM function or state machine that names its Role gets none of its Policies: SAM attaches them only to the role it makes itself.',
  },
  {
    id: 'sam-connector-invalid',
    severity: 'warning',
    description:
      'A SAM connector names resources of the template, a source and destination SAM connects, the access categories SAM has for them, and a source with a role it can give the policy to; otherwise the transform fails.',
  },
];

/**
 * The format a document would have as a template, from the editor's language or the file name: YAML for `.yaml`,
 * `.yml` and `.template` files, JSON for `.json` and for `.template` files that start with `{`.
 */
export function templateFormatOf(input: HostInput): TemplateFormat | undefined {
  if (input.languageId === 'yaml') return 'yaml';
  if (input.languageId === 'json' || input.languageId === 'jsonc') return 'json';
  // A Jinja template (Sceptre's `vpc.yaml.j2`) is the template it renders: its format is its name's without `.j2`.
  const path = renderedName(input.uri).toLowerCase();
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (path.endsWith('.json')) return 'json';
  // `.template`, and the names some projects give templates (`.cfntemplate`, `.cform`, `.cfn`): JSON or YAML by the text.
  if (/\.(?:template|cfntemplate|cform|cfn)$/.test(path)) return JSON_START.test(input.text) ? 'json' : 'yaml';
  // An Elastic Beanstalk configuration file (`.ebextensions/iam.config`), YAML or JSON: its `Resources` are
  // CloudFormation's, which Elastic Beanstalk adds to its environment's stack.
  if (isBeanstalkConfig(path)) return JSON_START.test(input.text) ? 'json' : 'yaml';
  // A file without an extension (Check Point's onboarding templates are `Dome9ReadOnly`) is read by its text when
  // named on the command line; whether it is a template is decided after parsing, as for any other.
  if (!/\.[^/]*$/.test(path)) return JSON_START.test(input.text) ? 'json' : /^(?:AWSTemplateFormatVersion|Transform|Resources)\s*:/m.test(input.text) ? 'yaml' : undefined;
  return undefined;
}

/** `.ebextensions/*.config`: the configuration files Elastic Beanstalk reads from an application's source bundle. */
export function isBeanstalkConfig(path: string): boolean {
  return /(?:^|\/)\.ebextensions\/(?:[^/]+\/)*[^/]+\.config$/i.test(path);
}

/**
 * A document in a template's formats, parsed as one is (YAML or JSON by its name or language, Jinja tags masked):
 * what the readers of other YAML and JSON documents read (OpenAPI definitions, Zappa settings). Undefined when the
 * document is in neither format or does not parse.
 */
export function parsedDocumentOf(input: HostInput): { format: TemplateFormat; parsed: ParsedTemplate } | undefined {
  const format = templateFormatOf(input);
  if (!format) return undefined;
  try {
    return { format, parsed: parseTemplateText(input.text, format) };
  } catch {
    return undefined;
  }
}

/** A JSON template starts with `{`; a Jinja tag (`{% set … %}`, `{# … #}`, `{{ … }}`) does not start one. */
export const JSON_START = /^\s*\{(?![{%#])/;

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Whether a parsed document is a CloudFormation or SAM template (see issue 13 for the definition). */
export function isTemplate(root: CfnNode | undefined): root is CfnMap {
  if (root?.kind !== 'map') return false;
  if (entryOf(root, 'AWSTemplateFormatVersion')) return true;
  // SAM's transform, or another AWS transform (AWS::LanguageExtensions): only CloudFormation reads them.
  const transform = valueOf(root, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items : [transform];
  if (transforms.some((item) => scalarValue(item)?.startsWith('AWS::'))) return true;
  const resources = valueOf(root, 'Resources');
  return resources?.kind === 'map' && resources.entries.some((entry) => scalarValue(valueOf(entry.value, 'Type'))?.startsWith('AWS::'));
}

// Cheap test before parsing: every template names an AWS type, the format version or the SAM transform.
function mayBeTemplate(text: string): boolean {
  return text.includes('AWS::') || text.includes('AWSTemplateFormatVersion');
}

/** Reads CloudFormation and SAM templates, YAML or JSON; any other document is not its kind. */
export const cloudFormationReader: HostReader = {
  kind: 'cloudformation',
  extensions: ['.yaml', '.yml', '.template', '.cfntemplate', '.cform', '.cfn', '.json', '.j2', '.jinja', '.jinja2', '.config'],
  read(input: HostInput): HostDocument | undefined {
    const format = templateFormatOf(input);
    // An editor document (it has a languageId) is read again after each edit, so its reading is kept; a file the
    // command line reads once is not.
    const uri = input.languageId !== undefined ? input.uri : undefined;
    if (!format || !mayBeTemplate(input.text)) {
      if (uri !== undefined) keptTemplates.delete(uri);
      return undefined;
    }
    try {
      const again = uri !== undefined ? readEdited(uri, input.text, format) : undefined;
      if (again) return again;
    } catch {
      // Whatever goes wrong reading one resource again, the full read below decides.
    }
    if (uri !== undefined) keptTemplates.delete(uri);
    let parsed: ParsedTemplate;
    try {
      parsed = parseTemplateText(input.text, format);
    } catch {
      return undefined;
    }
    const read = readParsedTemplate(input.text, format, parsed);
    if (uri === undefined) keepCommandLineRead({ text: input.text, format, parsed, document: read?.document });
    if (uri !== undefined && read?.kept) keepTemplate(uri, read.kept);
    return read?.document;
  },
};

/** A template read whole: its parse, and what `readParsedTemplate` made of it (undefined when it is no template). */
export interface TemplateReading {
  parsed: ParsedTemplate;
  document: HostDocument | undefined;
}

/**
 * The command line's last whole reading of a template, kept for the account read of the same text that follows it:
 * `iam-policy lint` reads a template's escalation paths right after its policies, and the YAML parse is most of a
 * template's cost, the policies' reading much of the rest. One reading, given to the first read that asks for it, and
 * only until the code that read it returns (the end of the current job): the command line reads file after file, a
 * text is never kept beyond its analysis, and an editor's readings are kept apart (`keptTemplates`).
 */
let commandLineRead: (TemplateReading & { text: string; format: TemplateFormat }) | undefined;

function keepCommandLineRead(reading: NonNullable<typeof commandLineRead>): void {
  commandLineRead = reading;
  queueMicrotask(() => {
    if (commandLineRead === reading) commandLineRead = undefined;
  });
}

/** The reader's reading of `text` when it is the last the command line made, once; else undefined. */
export function takeCommandLineRead(text: string, format: TemplateFormat): TemplateReading | undefined {
  const kept = commandLineRead;
  if (kept === undefined || kept.format !== format || kept.text !== text) return undefined;
  commandLineRead = undefined;
  return { parsed: kept.parsed, document: kept.document };
}

/**
 * The policies of a template already parsed whole, as the reader gives them; undefined when it is no template. The
 * account model reads them so, from the parse it reads the rest of the template from: through `read`, a template
 * the reader kept no reading of was parsed a second time, and the YAML parse is most of a template's cost.
 */
export function readParsedTemplate(
  text: string,
  format: TemplateFormat,
  parsed: ParsedTemplate,
  options: { serverless?: ServerlessValues } = {},
): { document: HostDocument; kept?: KeptTemplate } | undefined {
  if (!isTemplate(parsed.root)) return undefined;
  try {
    return readTemplate(text, format, parsed.root, parsed, options);
  } catch (error) {
    // Never throw at the pipeline: a template we fail on gets one finding instead of its policies.
    return {
      document: {
        kind: 'cloudformation',
        policies: [],
        problems: [{ ruleId: 'internal-error', severity: 'warning', message: `The template could not be read for policies: ${(error as Error).message}`, span: { start: 0, end: 0 } }],
      },
    };
  }
}

/** Host defaults for rules in templates, under the user's own settings. */
export const templateSeverities = { 'version-missing': 'information' } as const;
// Statements a service wraps into its own policy (EventBridge, Lambda permissions) have no Version to write, and the
// service writes "2012-10-17" (PutPermission, AddPermission), so their policy variables are read as variables.
const statementSeverities = { 'version-missing': 'off', 'policy-variable-version': 'off' } as const;

/** What one resource of the Resources map gave, read once and kept (or moved) while its text is unchanged. */
interface ResourceReading {
  policies: EmbeddedPolicy[];
  /** Problems found reading its values (`cfn-sub-policy-variable`, SAM's). */
  problems: Problem[];
  /** `yaml-account-number` findings in its policies. */
  accountProblems: Problem[];
  /** The text it was read in: its policies' mappers and fix writers read that text. */
  source: SourceText;
  /** Set when it holds SAM connectors, whose checks read the resources they name (checkConnectors). */
  readsOthers?: true;
}

/**
 * A text resources were read in, as an object: readings are counted and compared by it. A template's versions are
 * strings of nearly one length, and V8 hashes a string longer than 16,383 characters by its length alone, so a map
 * keyed by the text itself compared whole texts at each lookup: in a 1 MB template that was a third of each edit.
 */
interface SourceText {
  readonly text: string;
}

const sourceTexts = new WeakMap<TemplateContext, SourceText>();

function sourceTextOf(context: TemplateContext): SourceText {
  let source = sourceTexts.get(context);
  if (!source) sourceTexts.set(context, (source = { text: context.text }));
  return source;
}

interface ResourceSlot {
  key: string;
  keySpan: Span;
  /** The whole entry, key to end of value. */
  span: Span;
  /** JSON: the resource's object, whose braces bound an edit read in this resource alone. */
  valueSpan: Span | undefined;
  isObject: boolean;
  type: string | undefined;
  reading: ResourceReading;
}

/** A template as last read for an editor document: enough to read only the resource an edit is in. */
interface KeptTemplate {
  text: string;
  format: TemplateFormat;
  context: TemplateContext;
  slots: ResourceSlot[];
  /** YAML: the column of every resource key. */
  indent: number;
}

/**
 * Per editor document, the last reading of its template. After an edit inside one resource only that resource is
 * parsed and read again; resources before it keep their policy objects (so the pipeline keeps their findings),
 * those after it get moved copies. Anything else (an edit outside Resources, where intrinsics may look; parse
 * errors; anchors; a changed key line or Type) reads the whole template again.
 */
const keptTemplates = new Map<string, KeptTemplate>();
const KEPT_TEMPLATES = 16;
/**
 * Texts a kept template may hold on to through its resources' readings (their mappers and fix writers read the text
 * they were built in). Typing in one resource replaces its text; each further resource edited adds one. Past the
 * bound, the resources read in the text fewest of them were read in are read again in the current one.
 */
const KEPT_SOURCES = 32;

function keepTemplate(uri: string, kept: KeptTemplate): void {
  keptTemplates.delete(uri);
  keptTemplates.set(uri, kept);
  if (keptTemplates.size > KEPT_TEMPLATES) keptTemplates.delete(keptTemplates.keys().next().value!);
}

/** The parsed template around an offset, and the names the template defines: what completion inside a value needs. */
export interface TemplateAround {
  /** The resource the offset is in, parsed alone when the document's last reading is kept; the whole template else. */
  node: CfnNode;
  /** The template's parameters by name, each with its declaration. */
  parameters: ReadonlyMap<string, CfnNode | undefined>;
  /** The template's resources: logical ID to type. */
  resources: ReadonlyMap<string, string>;
}

/**
 * The template around `offset` of an editor document (`uri`) or a file. A document the server has just read is not
 * parsed again in full: only the resource the offset is in, as an edit is read. Undefined when the text is no
 * template or cannot be parsed.
 */
export function templateAround(uri: string, text: string, offset: number): TemplateAround | undefined {
  const kept = keptTemplates.get(uri);
  if (kept && kept.text === text) {
    const { slots } = kept;
    const index = slots.findLastIndex((slot) => slot.keySpan.start <= offset);
    const slot = slots[index];
    if (slot && offset <= slot.span.end) {
      let node: CfnNode | undefined;
      if (kept.format === 'json') node = slot.valueSpan && parseJsonTemplate(text, slot.valueSpan).root;
      else {
        const lineEnd = text.indexOf('\n', slot.span.end);
        node = parseYamlTemplate(text, { start: lineStartOf(text, slot.keySpan.start), end: lineEnd < 0 ? text.length : lineEnd }).root;
      }
      return node && { node, parameters: kept.context.parameters, resources: kept.context.resources };
    }
  }
  const format = templateFormatOf({ text, uri }) ?? (JSON_START.test(text) ? 'json' : 'yaml');
  let root: CfnNode | undefined;
  try {
    root = parseTemplateText(text, format).root;
  } catch {
    return undefined;
  }
  if (!isTemplate(root)) return undefined;
  const context = templateContextOf(text, format, root);
  return { node: root, parameters: context.parameters, resources: context.resources };
}

/** Drops what is kept for incremental reading of a closed document. */
export function forgetCloudFormationDocument(uri: string): void {
  keptTemplates.delete(uri);
}

// The type of an OIDC provider and its Url tell other resources' trust policies what a `!Ref` is (intrinsics.ts),
// so an edit in one reads the whole template.
const READ_BY_OTHERS = 'AWS::IAM::OIDCProvider';

/** The template read again in the one resource an edit is in; undefined when a full read is needed. */
function readEdited(uri: string, text: string, format: TemplateFormat): HostDocument | undefined {
  const kept = keptTemplates.get(uri);
  if (!kept || kept.format !== format) return undefined;
  if (kept.text === text) return documentOf(text, kept.slots);
  // Jinja just typed in: the template is read whole, masked (jinja.ts).
  if (hasJinja(text)) return undefined;
  const change = changedRange(kept.text, text);
  const delta = change.newEnd - change.oldEnd;
  const { slots } = kept;
  // The last resource whose key starts before the edit.
  let low = 0;
  let high = slots.length - 1;
  let index = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (slots[middle].keySpan.start < change.start) {
      index = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (index < 0) return undefined;
  const slot = slots[index];
  // A connector elsewhere may name the edited resource: its checks read that resource's properties.
  if (slots.some((other, at) => at !== index && other.reading.readsOthers)) return undefined;
  const entry = format === 'yaml' ? reparseYamlResource(kept, index, change, text) : reparseJsonResource(slot, change, text);
  if (!entry || entry.key !== slot.key) return undefined;
  const type = scalarValue(valueOf(entry.value, 'Type'));
  if (type !== slot.type || type === READ_BY_OTHERS) return undefined;
  const properties = new Map(kept.context.properties).set(slot.key, valueOf(entry.value, 'Properties'));
  // A role that takes or drops a PermissionsBoundary changes how another resource's policy reads, as does a policy
  // whose iam:PermissionsBoundary condition names one: read it all.
  if (
    type !== undefined &&
    (bearsOnBoundaries(type) || mayNameBoundariesInConditions(kept.context.text) || mayNameBoundariesInConditions(text)) &&
    !sameIds(boundaryOnlyPolicies(kept.context.resources, properties, kept.context.globalBoundary), kept.context.boundaryPolicies)
  )
    return undefined;
  const context: TemplateContext = { ...kept.context, text, properties, problems: [] };
  const next: ResourceSlot[] = slots.slice(0, index);
  next.push(slotOf(entry, context));
  for (let i = index + 1; i < slots.length; i++) next.push(delta === 0 ? slots[i] : shiftSlot(slots[i], delta, text));
  const current = sourceTextOf(context);
  for (let sources = sourceCounts(next); sources.size > KEPT_SOURCES; sources = sourceCounts(next)) {
    const rarest = [...sources].filter(([source]) => source !== current).sort((a, b) => a[1] - b[1])[0][0];
    for (let i = 0; i < next.length; i++) {
      if (next[i].reading.source !== rarest) continue;
      const again = rereadSlot(next, i, text, kept, context);
      if (!again) return undefined;
      next[i] = again;
    }
  }
  keepTemplate(uri, { ...kept, text, context, slots: next });
  return documentOf(text, next);
}

/** How many resources were read in each text. */
function sourceCounts(slots: readonly ResourceSlot[]): Map<SourceText, number> {
  const counts = new Map<SourceText, number>();
  for (const { reading } of slots) counts.set(reading.source, (counts.get(reading.source) ?? 0) + 1);
  return counts;
}

/** A resource whose text is unchanged, read again in the current text; undefined when it does not read as before. */
function rereadSlot(slots: readonly ResourceSlot[], index: number, text: string, kept: KeptTemplate, context: TemplateContext): ResourceSlot | undefined {
  const slot = slots[index];
  let entry: CfnEntry | undefined;
  if (kept.format === 'json') {
    const root = slot.valueSpan && parseJsonTemplate(text, slot.valueSpan).root;
    if (root?.kind === 'map' && root.span.start === slot.valueSpan!.start && root.span.end === slot.valueSpan!.end) entry = { key: slot.key, keySpan: slot.keySpan, value: root, span: slot.span };
  } else {
    const keyLineEnd = text.indexOf('\n', slot.keySpan.start);
    if (keyLineEnd < 0) return undefined;
    const end = index + 1 < slots.length ? lineStartOf(text, slots[index + 1].keySpan.start) : blockEndOf(text, keyLineEnd + 1, kept.indent);
    const parsed = parseYamlTemplate(text, { start: lineStartOf(text, slot.keySpan.start), end });
    if (parsed.errors.length === 0 && !parsed.anchors && parsed.root?.kind === 'map' && parsed.root.entries.length === 1) entry = parsed.root.entries[0];
  }
  if (!entry || entry.key !== slot.key || entry.keySpan.start !== slot.keySpan.start || scalarValue(valueOf(entry.value, 'Type')) !== slot.type) return undefined;
  context.properties.set(slot.key, valueOf(entry.value, 'Properties'));
  return slotOf(entry, context);
}

// YAML: the edit is below the resource's key line and above the next resource's key (or the end of Resources), and
// every line of the resource stays indented under its key, so the rest of the template keeps its structure. The
// resource's lines are then a document of their own.
function reparseYamlResource(kept: KeptTemplate, index: number, change: ChangedRange, text: string): CfnEntry | undefined {
  const { slots, indent } = kept;
  const before = kept.text;
  const slot = slots[index];
  const start = lineStartOf(before, slot.keySpan.start);
  const keyLineEnd = before.indexOf('\n', slot.keySpan.start);
  if (keyLineEnd < 0 || change.start <= keyLineEnd) return undefined;
  const end = index + 1 < slots.length ? lineStartOf(before, slots[index + 1].keySpan.start) : blockEndOf(before, keyLineEnd + 1, indent);
  if (change.oldEnd > (end < before.length ? end - 1 : end)) return undefined;
  const newEnd = end + change.newEnd - change.oldEnd;
  if (!indentedBeyond(text, keyLineEnd + 1, newEnd, indent)) return undefined;
  const parsed = parseYamlTemplate(text, { start, end: newEnd });
  if (parsed.errors.length > 0 || parsed.anchors || parsed.root?.kind !== 'map' || parsed.root.entries.length !== 1) return undefined;
  return parsed.root.entries[0];
}

// JSON: the edit is inside the braces of the resource's object, which is parsed alone.
function reparseJsonResource(slot: ResourceSlot, change: ChangedRange, text: string): CfnEntry | undefined {
  const value = slot.valueSpan;
  if (!value || !slot.isObject || change.start <= value.start || change.oldEnd >= value.end) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const range = { start: value.start, end: value.end + delta };
  const parsed = parseJsonTemplate(text, range);
  const root = parsed.root;
  if (parsed.errors.length > 0 || root?.kind !== 'map' || root.span.start !== range.start || root.span.end !== range.end) return undefined;
  return { key: slot.key, keySpan: slot.keySpan, value: root, span: { start: slot.span.start, end: slot.span.end + delta } };
}

function slotOf(entry: CfnEntry, context: TemplateContext): ResourceSlot {
  return {
    key: entry.key,
    keySpan: entry.keySpan,
    span: entry.span,
    valueSpan: entry.value?.span,
    isObject: entry.value?.kind === 'map',
    type: scalarValue(valueOf(entry.value, 'Type')),
    reading: readResourceOnce(entry, context),
  };
}

const moved = (span: Span, delta: number): Span => ({ start: span.start + delta, end: span.end + delta });

function shiftSlot(slot: ResourceSlot, delta: number, text: string): ResourceSlot {
  const { reading } = slot;
  return {
    ...slot,
    keySpan: moved(slot.keySpan, delta),
    span: moved(slot.span, delta),
    valueSpan: slot.valueSpan && moved(slot.valueSpan, delta),
    reading: {
      source: reading.source,
      ...(reading.readsOthers ? { readsOthers: true as const } : {}),
      policies: reading.policies.map((policy) => shiftPolicy(policy, delta, text)),
      problems: reading.problems.map((problem) => shiftProblem(problem, delta)),
      accountProblems: reading.accountProblems.map((problem) => shiftProblem(problem, delta)),
    },
  };
}

/** The template document of a kept reading, in resource order as a full read gives it. */
function documentOf(text: string, slots: readonly ResourceSlot[]): HostDocument {
  const policies: EmbeddedPolicy[] = [];
  const problems: Problem[] = [];
  for (const { reading } of slots) {
    for (const policy of reading.policies) {
      setPolicyText(policy, text);
      policies.push(policy);
    }
    problems.push(...reading.problems);
  }
  for (const { reading } of slots) problems.push(...reading.accountProblems);
  return { kind: 'cloudformation', policies, problems };
}

function readResourceOnce(entry: CfnEntry, context: TemplateContext): ResourceReading {
  const problems: Problem[] = [];
  context.problems = problems;
  const policies: EmbeddedPolicy[] = [];
  const readsOthers = readResource(entry, context, policies, problems);
  const accountProblems: Problem[] = [];
  if (context.format === 'yaml') for (const policy of policies) checkAccountNumbers(policy, context.text, accountProblems);
  return { policies, problems, accountProblems, source: sourceTextOf(context), ...(readsOthers ? { readsOthers: true as const } : {}) };
}

// Transforms AWS hosts that leave policy documents as they are written (SAM expands its own policy forms, which
// sam.ts reads). https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-reference.html
const AWS_TRANSFORMS = new Set([SAM_TRANSFORM, 'AWS::LanguageExtensions', 'AWS::Include', 'AWS::CodeDeployBlueGreen', 'AWS::SecretsManager-2020-07-23', 'AWS::CodeStar', 'AWS::ServiceCatalog']);

/** Whether the template names a macro in `Transform`: the macro may rewrite any value before CloudFormation reads it. */
function usesMacros(root: CfnMap): boolean {
  const transform = valueOf(root, 'Transform');
  const names = transform?.kind === 'seq' ? transform.items : transform ? [transform] : [];
  return names.some((name) => {
    const value = scalarValue(name);
    return value === undefined || !AWS_TRANSFORMS.has(value);
  });
}

/**
 * Whether a policy value is written as a policy: a map with a policy's top-level elements, or any other form (a string,
 * an intrinsic). Under a macro, a map without Version, Id or Statement is the macro's input (`DefaultKeyPolicy: {…}`
 * for a policy-generating macro), which the macro replaces; it is not checked.
 */
function writtenAsPolicy(node: CfnNode): boolean {
  return node.kind !== 'map' || node.entries.some((entry) => entry.key === 'Version' || entry.key === 'Statement' || entry.key === 'Id');
}

/**
 * The SAM connectors a resource writes (an AWS::Serverless::Connector, or its embedded `Connectors`) that SAM rejects,
 * each where the reason is written: what the account model reads of them (account/sam-connectors.ts) decides it.
 */
function checkConnectors(resource: CfnEntry, context: TemplateContext, problems: Problem[]): boolean {
  const template = { typeOf: (id: string) => context.resources.get(id), propertiesOf: (id: string) => context.properties.get(id) };
  const connectors = samConnectorsOf({ kind: 'map', span: resource.span, entries: [resource] });
  for (const connector of connectors)
    for (const found of connectorPolicies(connector, template))
      if (found.kind === 'problem' && found.fails) problems.push({ ruleId: 'sam-connector-invalid', severity: 'warning', message: found.fails.message, span: found.fails.span });
  return connectors.length > 0;
}

/**
 * The context of a YAML or JSON document that is no template but writes policies as templates do (an OpenAPI
 * definition, an eksctl configuration, a Kubernetes manifest, an Ansible task file): no parameters or resources.
 */
export function documentContextOf(text: string, format: TemplateFormat): TemplateContext {
  return templateContextOf(text, format, { kind: 'map', span: { start: 0, end: 0 }, entries: [] });
}

/** Whether a document is YAML: opened as such in the editor, or named `.yaml`/`.yml`. */
export function isYamlDocument(input: HostInput): boolean {
  return input.languageId === 'yaml' || /\.ya?ml$/i.test(input.uri.replace(/[?#].*$/, ''));
}

/** The template's parameters and resources, which intrinsics need to read a value (intrinsics.ts). */
export function templateContextOf(text: string, format: TemplateFormat, root: CfnMap, problems: Problem[] = []): TemplateContext {
  const context: TemplateContext = { text, format, parameters: new Map(), resources: new Map(), properties: new Map(), problems };
  if (usesMacros(root)) context.macros = true;
  if (scalarValue(valueOf(root, 'AWSTemplateFormatVersion')) === '2010-09-09-OC') context.orgFormation = true;
  // `Fn::Transform` (AWS::Include) may add resources and parameters anywhere in the template.
  if (valueOf(root, 'AWSTemplateFormatVersion') && !valueOf(root, 'Transform') && !text.includes('Fn::Transform')) context.namesComplete = true;
  if (hasJinja(text)) {
    context.jinja = true;
    context.alternativeKeys = alternativeKeys(root, jinjaBranchMarks(text));
  }
  const parameters = valueOf(root, 'Parameters');
  if (parameters?.kind === 'map') for (const entry of parameters.entries) context.parameters.set(entry.key, entry.value);
  const mappings = valueOf(root, 'Mappings');
  if (mappings) context.mappings = mappings;
  const conditions = valueOf(root, 'Conditions');
  if (conditions?.kind === 'map') context.conditions = new Map(conditions.entries.flatMap((entry) => (entry.value ? [[entry.key, entry.value] as const] : [])));
  const resources = valueOf(root, 'Resources');
  for (const entry of resources?.kind === 'map' ? resources.entries : []) {
    const type = scalarValue(valueOf(entry.value, 'Type'));
    if (type) context.resources.set(entry.key, type);
    context.properties.set(entry.key, valueOf(entry.value, 'Properties'));
  }
  const globalBoundary = globalBoundaryOf(root);
  if (globalBoundary) context.globalBoundary = globalBoundary;
  context.boundaryPolicies = boundaryOnlyPolicies(context.resources, context.properties, globalBoundary);
  return context;
}

function readTemplate(text: string, format: TemplateFormat, root: CfnMap, parsed: ParsedTemplate, options: { serverless?: ServerlessValues } = {}): { document: HostDocument; kept?: KeptTemplate } {
  const { errors } = parsed;
  const context = templateContextOf(text, format, root);
  // A Serverless service's `resources` (serverless/reader.ts), or a file of resources it reads with `${file(…)}`
  // (`resources/iam.yml`): its `${…}` are the Serverless Framework's variables.
  const serverless = options.serverless ?? (isWrittenForServerless(text) ? NO_SERVICE_VALUES : undefined);
  if (serverless) context.serverless = serverless;
  const resources = valueOf(root, 'Resources');
  const lone = loneForEach(resources);
  const resourceEntries = resources?.kind === 'map' ? resources.entries : lone ? [lone] : [];
  const slots = resourceEntries.map((entry) => slotOf(entry, context));
  const { policies, problems } = documentOf(text, slots);
  // SAM's `Globals.Api`: its CustomStatements go into the policy of every API of the template.
  const globalApi = valueOf(valueOf(root, 'Globals'), 'Api');
  const globalStatements = customStatementsOf(globalApi);
  if (globalStatements) {
    context.problems = problems;
    const global: EmbeddedPolicy[] = [];
    addCustomStatements(global, globalApi, 'Globals › Api › Auth › ResourcePolicy › CustomStatements', 'Globals', context);
    policies.unshift(...global);
  }
  const errorProblems: Problem[] = [];
  for (const error of errors) {
    if (error.code === 'DUPLICATE_KEY' && policies.some((p) => p.span.start <= error.span.start && error.span.end <= p.span.end)) continue; // the duplicate-key rule reports it
    if (error.code === 'DUPLICATE_KEY' && context.alternativeKeys?.has(error.span.start)) continue;
    errorProblems.push(parseErrorProblem(error, format, cloudFormationRepeatedKeys, text));
  }
  const accountCount = slots.reduce((sum, slot) => sum + slot.reading.accountProblems.length, 0);
  problems.splice(problems.length - accountCount, 0, ...errorProblems);
  const document: HostDocument = { kind: 'cloudformation', policies, problems };
  const indent = resourceIndent(text, format, resources, slots);
  // A Jinja template's resources cannot be parsed alone from its text: each edit reads it whole; so is one with a policy
  // outside its resources (SAM's Globals), which a reading by resource would leave out.
  if (errors.length > 0 || parsed.anchors || indent === undefined || context.jinja || context.serverless || globalStatements) return { document };
  return { document, kept: { text, format, context, slots, indent } };
}

/**
 * What the tool that reads a host file does with a mapping that repeats a key: refuses the file (`rejects`: who, and
 * the finding is an error), or reads one value and drops the others (`drops`: what happens, and it is a warning).
 */
export type RepeatedKeys = { rejects: string } | { drops: string };

/**
 * CloudFormation deploys such a template: AWS's template-format page says of a repeated section that "CloudFormation
 * might accept the template" though its behaviour is then undefined; validate-template and deployments keep the last
 * value (aws-cli#2404, cfn-lint#35), and the AWS and SAM CLIs' YAML readers keep the last too.
 */
const cloudFormationRepeatedKeys: RepeatedKeys = {
  drops: 'CloudFormation may accept the template, but which value it uses is undefined (in practice the last, and the one above is dropped)',
};

/**
 * A host file's parse errors as its problems, except a key repeated inside one of its policies: the duplicate-key rule
 * reports that one, on the policy.
 */
export function hostParseProblems(errors: ParsedTemplate['errors'], policies: readonly EmbeddedPolicy[], format: TemplateFormat, repeatedKeys: RepeatedKeys, text: string): Problem[] {
  const inPolicy = (span: Span) => policies.some((p) => p.span.start <= span.start && span.end <= p.span.end);
  return errors.filter((error) => error.code !== 'DUPLICATE_KEY' || !inPolicy(error.span)).map((error) => parseErrorProblem(error, format, repeatedKeys, text));
}

/** A parser's error in a template (or another file read as one) as the problem the host reports. */
export function parseErrorProblem(error: ParsedTemplate['errors'][number], format: TemplateFormat, repeatedKeys: RepeatedKeys, text: string): Problem {
  if (error.code === 'DUPLICATE_KEY') {
    const key = text.slice(error.span.start, error.span.end).replace(/^(["'])(.*)\1$/, '$2');
    return 'rejects' in repeatedKeys
      ? { ruleId: 'duplicate-key', severity: 'error', message: `Duplicate key "${key}". ${repeatedKeys.rejects} whose mapping repeats a key.`, span: error.span }
      : { ruleId: 'duplicate-key', severity: 'warning', message: `"${key}" is repeated in this mapping: ${repeatedKeys.drops}. Keep one "${key}".`, span: error.span };
  }
  return {
    ruleId: format === 'yaml' ? 'yaml-syntax' : 'json-syntax',
    // A flow line CloudFormation reads though YAML 1.2 does not (nodes.ts, parseLeniently): the template deploys.
    severity: error.code === 'FLOW_INDENT' ? 'information' : 'error',
    message: error.message,
    span: error.span,
  };
}

/**
 * YAML: the column of the resource keys when Resources is a block mapping whose keys each start a line (after
 * spaces) and no directive can change how tags read; JSON: 0. Undefined when a template cannot be read by resource.
 */
function resourceIndent(text: string, format: TemplateFormat, resources: CfnNode | undefined, slots: readonly ResourceSlot[]): number | undefined {
  if (resources?.kind !== 'map') return undefined;
  if (format === 'json') return 0;
  if (resources.flow || /^%/m.test(text) || slots.length === 0) return undefined;
  const indent = slots[0].keySpan.start - lineStartOf(text, slots[0].keySpan.start);
  if (indent === 0) return undefined;
  for (const slot of slots) {
    const start = lineStartOf(text, slot.keySpan.start);
    if (slot.keySpan.start - start !== indent || !/^ *$/.test(text.slice(start, slot.keySpan.start))) return undefined;
  }
  return indent;
}

/**
 * The resources a `Fn::ForEach` loop of the AWS::LanguageExtensions transform makes: `[Identifier, Collection,
 * {'Queue${Identifier}': {Type: …, Properties: …}}]`. Each is read once as written, the identifier's `${…}` a value
 * known at deploy, as a parameter's is; a loop inside the outputs is read the same way.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
 */
function forEachOutputs(loop: CfnNode | undefined): CfnEntry[] {
  const outputs = loop?.kind === 'seq' ? loop.items[2] : undefined;
  if (outputs?.kind === 'map') return outputs.entries;
  const lone = loneForEach(outputs);
  return lone ? [lone] : [];
}

/**
 * A map of one `Fn::ForEach::…` key (a Resources map, or a loop's outputs, holding only a loop) reads as an intrinsic
 * (nodes.ts): that loop as the map's one entry, or undefined when the node is no such map.
 */
export function loneForEach(node: CfnNode | undefined): CfnEntry | undefined {
  if (node?.kind !== 'fn' || !node.name.startsWith('Fn::ForEach::')) return undefined;
  return { key: node.name, keySpan: node.span, value: node.arg, span: node.span };
}

/**
 * The policy CDK writes for a construct's `grant…` calls (`table.grantReadWriteData(fn)`), which the author never
 * wrote: its `aws:cdk:path` ends in `/DefaultPolicy/Resource`. CDK's grants list actions of several resource types
 * for one resource (a table's grant holds the stream actions dynamodb:GetRecords and dynamodb:GetShardIterator), so
 * action-resource-mismatch is information there: it explains an AccessDenied, and the author cannot edit the list.
 */
function isCdkGrantPolicy(resource: CfnNode | undefined): boolean {
  const path = scalarValue(valueOf(valueOf(resource, 'Metadata'), 'aws:cdk:path'));
  return path?.endsWith('/DefaultPolicy/Resource') === true;
}

const cdkGrantSeverities = { 'action-resource-mismatch': 'information' } as const;

/** Reads one resource's policies and problems; true when it holds SAM connectors (ResourceReading.readsOthers). */
function readResource(resource: CfnEntry, context: TemplateContext, policies: EmbeddedPolicy[], problems: Problem[]): boolean {
  const id = resource.key;
  if (id.startsWith('Fn::ForEach::')) return forEachOutputs(resource.value).reduce((reads, output) => readResource(output, context, policies, problems) || reads, false);
  const type = scalarValue(valueOf(resource.value, 'Type'));
  const properties = valueOf(resource.value, 'Properties');
  const readsOthers = checkConnectors(resource, context, problems);
  if (!type || properties?.kind !== 'map') return readsOthers;
  const add = (node: CfnNode, policyType: PolicyType, name: string, extra: Partial<EmbeddedPolicy> = {}) => addPolicy(policies, node, policyType, name, id, context, extra);
  const boundary = type === 'AWS::IAM::ManagedPolicy' && context.boundaryPolicies?.has(id) === true;
  const grant = type === 'AWS::IAM::Policy' && isCdkGrantPolicy(resource.value);
  for (const site of policySites[type] ?? []) {
    const severities = grant ? cdkGrantSeverities : site.severities;
    for (const { node, path, keyPath } of nodesAt(properties, site.path, [], [])) {
      if (site.emptyIsNone && node.kind === 'scalar' && node.value === '') continue;
      const name = `${id} › ${path.join(' › ')}`;
      const matchKey = `${id} › ${keyPath.join(' › ')}`;
      add(node, boundary ? 'boundary' : site.type, name, {
        ...(matchKey !== name ? { matchKey } : {}),
        ...(site.inlineOn ? { inlineOn: site.inlineOn } : {}),
        ...(site.publicAccessType ? { publicAccessType: site.publicAccessType } : {}),
        ...(severities ? { severities: { ...templateSeverities, ...severities } } : {}),
      });
    }
  }
  switch (type) {
    case 'AWS::Organizations::Policy': {
      const policyType = organizationsPolicyTypes[scalarValue(valueOf(properties, 'Type')) ?? ''];
      const content = valueOf(properties, 'Content');
      if (policyType && content) add(content, policyType, `${id} › Content`);
      break;
    }
    case 'AWS::Events::EventBusPolicy': {
      if (entryOf(properties, 'Statement')) {
        addStatements(policies, entryOf(properties, 'Statement'), `${id} › Statement`, id, context);
        break;
      }
      // Its first form: Action and Principal, the statement EventBridge writes from them.
      const index = new YamlSyntaxIndex();
      const root = entryOf(properties, 'Principal') ? lambdaPermissionStatement(resource, properties, context, index, 'EventBusName') : undefined;
      if (root)
        policies.push({
          policy: policyFromNodes(context, root),
          policyType: 'resource',
          span: properties.span,
          name: `${id} › (event bus permission)`,
          owner: id,
          severities: statementSeverities,
          ...syntaxWriter(context, index),
        });
      break;
    }
    case 'AWS::Serverless::Api':
      addCustomStatements(policies, properties, `${id} › Auth › ResourcePolicy › CustomStatements`, id, context);
      break;
    case 'AWS::Lambda::Permission':
    case 'AWS::Lambda::LayerVersionPermission': {
      const index = new YamlSyntaxIndex();
      const layer = type === 'AWS::Lambda::LayerVersionPermission';
      const root = lambdaPermissionStatement(resource, properties, context, index, layer ? 'LayerVersionArn' : 'FunctionName');
      if (root)
        policies.push({
          policy: policyFromNodes(context, root),
          policyType: 'resource',
          span: properties.span,
          name: `${id} › (${layer ? 'layer version permission' : 'Lambda permission'})`,
          owner: id,
          ...(layer ? {} : { publicAccessType: 'AWS::Lambda::Function' }),
          severities: statementSeverities,
          ...syntaxWriter(context, index),
        });
      break;
    }
    case 'AWS::Serverless::Function':
    case 'AWS::Serverless::StateMachine': {
      // SAM writes each as an inline policy of the role it makes for the function or state machine.
      for (const found of samPolicies(properties, problems)) add(found.node, 'identity', `${id} › ${found.path}`, { ...found.extra, inlineOn: 'role' });
      const events = valueOf(properties, 'Events');
      for (const event of events?.kind === 'map' ? events.entries : [])
        if (scalarValue(valueOf(event.value, 'Type')) === 'Api')
          addCustomStatements(policies, valueOf(event.value, 'Properties'), `${id} › Events › ${event.key} › Auth › ResourcePolicy › CustomStatements`, id, context);
      break;
    }
  }
  return readsOthers;
}

/**
 * SAM's `Auth: ResourcePolicy: CustomStatements` of an API or of a function's Api event: statements SAM adds as they
 * are to the API's resource policy (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-resourcepolicystatement.html).
 */
function customStatementsOf(properties: CfnNode | undefined): { statements: CfnEntry; severities: Readonly<Record<string, Severity | 'off'>> } | undefined {
  const resourcePolicy = valueOf(valueOf(properties, 'Auth'), 'ResourcePolicy');
  const statements = entryOf(resourcePolicy, 'CustomStatements');
  if (!statements) return undefined;
  // SAM writes its own statements beside them for the allow and block lists (IpRangeWhitelist, SourceVpcBlacklist …),
  // which may limit who the custom ones let in: whether the API is public is not for these statements alone to say.
  const lists = resourcePolicy?.kind === 'map' && resourcePolicy.entries.some((entry) => entry.key !== 'CustomStatements');
  return { statements, severities: lists ? { ...statementSeverities, 'resource-public': 'off' } : statementSeverities };
}

/** Statements a service puts into a resource policy of its own (EventBridge's bus policy, SAM's API policy), read as that policy. */
function addStatements(
  policies: EmbeddedPolicy[],
  statements: CfnEntry | undefined,
  name: string,
  owner: string,
  context: TemplateContext,
  severities: Readonly<Record<string, Severity | 'off'>> = statementSeverities,
): void {
  if (!statements?.value) return;
  const index = new YamlSyntaxIndex();
  const root = wrapStatement(statements, context, index);
  if (root) policies.push({ policy: policyFromNodes(context, root), policyType: 'resource', span: statements.span, name, owner, severities, ...syntaxWriter(context, index) });
}

/** SAM's CustomStatements of an API (or a function's Api event, or Globals.Api), read as the API's resource policy. */
function addCustomStatements(policies: EmbeddedPolicy[], properties: CfnNode | undefined, name: string, owner: string, context: TemplateContext): void {
  const custom = customStatementsOf(properties);
  if (custom) addStatements(policies, custom.statements, name, owner, context, custom.severities);
}

// Statements built from a resource's properties: fixes to the user's own scalars are written in their syntax (YAML
// or JSON); edits of keys and objects the reader made up match no scalar and are not offered.
export function syntaxWriter(context: TemplateContext, index: YamlSyntaxIndex): Partial<EmbeddedPolicy> {
  return { writeFix: yamlSyntaxWriter(context.text, index) };
}

/**
 * Adds the policy at `node`, and once more for the other branch when it holds `Fn::If` outside a list; then once for
 * each allowed value of each parameter it refers to (parameterBuilds).
 */
export function addPolicy(policies: EmbeddedPolicy[], node: CfnNode, policyType: PolicyType, name: string, owner: string, context: TemplateContext, extra: Partial<EmbeddedPolicy>): void {
  if (isNoValue(node) || (context.macros && !writtenAsPolicy(node))) return;
  checkIfConditions(node, context);
  const builds = addBuilds(policies, node, policyType, name, owner, context, extra);
  if (builds > 0) addParameterBuilds(policies, node, policyType, name, owner, context, extra, builds);
}

/** The builds for parameter values one policy may have, beyond which the rest of the values go unchecked. */
const MAX_PARAMETER_BUILDS = 32;

/**
 * A parameter whose declaration lists `AllowedValues` takes one of them at deploy, so the policy is built once with
 * each value in place of every `Ref` and `${…}` of the parameter (one parameter at a time, the others staying
 * placeholders), as `Fn::If` is built for each branch. The pipeline reports a finding that only such builds have once,
 * naming the values that give it (analyze.ts). Fixes that would edit the reference itself are not offered: the value
 * is written in the parameter's declaration, not there.
 */
function addParameterBuilds(
  policies: EmbeddedPolicy[],
  node: CfnNode,
  policyType: PolicyType,
  name: string,
  owner: string,
  context: TemplateContext,
  extra: Partial<EmbeddedPolicy>,
  baseBuilds: number,
): void {
  let budget = MAX_PARAMETER_BUILDS;
  const bases = policies.slice(policies.length - baseBuilds);
  for (const [parameter, spans] of parameterReferences(node, context)) {
    const values = allowedValuesOf(parameter, context);
    if (!values || (values.every((value) => PLAIN_WORD.test(value)) && onlyInResourceIds(bases, parameter, spans))) continue;
    for (const value of values) {
      if (budget < baseBuilds) return;
      budget -= baseBuilds;
      const previous = context.substitution;
      context.substitution = { parameter, value };
      const variants: EmbeddedPolicy[] = [];
      try {
        addBuilds(variants, node, policyType, `${name} (when ${parameter} is ${JSON.stringify(value)})`, owner, context, extra);
      } finally {
        context.substitution = previous;
      }
      for (const variant of variants) {
        const writeFix = variant.writeFix;
        policies.push({
          ...variant,
          variantOf: name,
          variantWhen: { parameter, value },
          writeFix: (fix) => (fix.edits.some((edit) => spans.some((span) => edit.span.start < span.end && span.start < edit.span.end)) ? undefined : writeFix ? writeFix(fix) : fix),
        });
      }
    }
  }
}

// A value without separators or wildcards (`dev`, `prod`, `eu-west-1`).
const PLAIN_WORD = /^[A-Za-z0-9_.-]+$/;

/**
 * Whether every reference to a parameter sits in the resource id of a Resource ARN (after the resource type and its
 * separator: `parameter/app/${Stage}/*`, `table/${Prefix}-orders`). There a value without separators or wildcards
 * matches fewer resource types than the placeholder already does, which no rule reports differently, so the builds
 * for its values are not made: templates name their stage this way in every policy.
 */
function onlyInResourceIds(bases: readonly EmbeddedPolicy[], parameter: string, references: readonly Span[]): boolean {
  const hole = `\${${parameter}}`;
  const covered = new Set<number>();
  for (const { policy } of bases) {
    for (const statement of policy.statements) {
      for (const value of [...(statement.resource?.values ?? []), ...(statement.notResource?.values ?? [])]) {
        for (const placeholder of value.placeholders ?? []) {
          if (value.value.slice(placeholder.start, placeholder.end) !== hole) continue;
          if (!value.mapSpan || !inResourceId(value.value, placeholder.start)) return false;
          const at = value.mapSpan(placeholder.start, placeholder.end);
          references.forEach((reference, i) => {
            if (at.start >= reference.start && at.end <= reference.end) covered.add(i);
          });
        }
      }
    }
  }
  return covered.size === references.length;
}

// Whether offset `at` of an ARN lies after the first `/` or `:` of its resource part; `${…}` holes hold no separator.
function inResourceId(arn: string, at: number): boolean {
  if (!arn.startsWith('arn:')) return false;
  let colons = 0;
  for (let i = 0; i < arn.length; i++) {
    if (arn.startsWith('${', i)) {
      const close = arn.indexOf('}', i);
      if (close < 0) return false;
      i = close;
      continue;
    }
    const char = arn[i];
    if (colons < 5) {
      if (char === ':') colons++;
    } else if (char === '/' || char === ':') return at > i;
  }
  return false;
}

/** The template parameters a value refers to (`Ref`, `${Name}` in `Fn::Sub`), with the spans of the references. */
function parameterReferences(node: CfnNode, context: TemplateContext): Map<string, Span[]> {
  const found = new Map<string, Span[]>();
  const add = (name: string, span: Span) => {
    if (!context.parameters.has(name)) return;
    const spans = found.get(name);
    if (spans) spans.push(span);
    else found.set(name, [span]);
  };
  const visit = (each: CfnNode | undefined, depth: number) => {
    if (!each || depth > 64) return;
    switch (each.kind) {
      case 'map':
        for (const entry of each.entries) visit(entry.value, depth + 1);
        return;
      case 'seq':
        for (const item of each.items) visit(item, depth + 1);
        return;
      case 'scalar':
        return;
      case 'fn': {
        if (each.name === 'Ref') {
          const target = scalarValue(each.arg);
          if (target !== undefined) add(target, each.span);
          return;
        }
        if (each.name === 'Fn::Sub') {
          const template = each.arg?.kind === 'seq' ? each.arg.items[0] : each.arg;
          const variables = each.arg?.kind === 'seq' ? each.arg.items[1] : undefined;
          if (template?.kind === 'scalar') {
            for (const match of template.value.matchAll(/\$\{([^!}][^}]*)\}/g)) if (!valueOf(variables, match[1])) add(match[1], each.span);
          }
          visit(variables, depth + 1);
          return;
        }
        visit(each.arg, depth + 1);
      }
    }
  };
  visit(node, 0);
  return found;
}

/** Adds the builds of one policy (one, or two for `Fn::If` outside a list) and answers how many it added. */
function addBuilds(policies: EmbeddedPolicy[], node: CfnNode, policyType: PolicyType, name: string, owner: string, context: TemplateContext, extra: Partial<EmbeddedPolicy>): number {
  const choice: BranchChoice = { branch: 0, choices: 0, taken: { conditions: [], branches: [] } };
  const built = buildPolicy(node, context, choice);
  if (!built) return 0;
  const { policy, writeFix } = built;
  const first: EmbeddedPolicy = { policy, policyType, span: node.span, name, owner, source: node, severities: templateSeverities, ...(writeFix ? { writeFix } : {}), ...extra };
  policies.push(first);
  if (choice.choices > 0) {
    const otherChoice: BranchChoice = { branch: 1, choices: 0, taken: { conditions: [], branches: [] } };
    const other = buildPolicy(node, context, otherChoice);
    // `!If [Cond, {…}, !Ref AWS::NoValue]`: the other branch has no policy.
    if (other?.policy.root) {
      first.branchWhen = { ...choice.taken!, value: true };
      policies.push({
        policy: other.policy,
        policyType,
        span: node.span,
        name: `${name} (second branch of Fn::If)`,
        owner,
        source: node,
        severities: templateSeverities,
        variantOf: name,
        branchWhen: { ...otherChoice.taken!, value: false },
        ...(other.writeFix ? { writeFix: other.writeFix } : {}),
        ...extra,
        ...(extra.matchKey ? { matchKey: `${extra.matchKey} (second branch of Fn::If)` } : {}),
      });
    }
  }
  return choice.choices > 0 ? 2 : 1;
}

/**
 * The nodes at a property path; `*` steps into every list element, both branches of `Fn::If` included. `keyPath` is
 * the path with each list element named by its literal `PolicyName` where it has one (an inline policy's own name,
 * which stays when another policy is inserted before it), else by its index like `path`.
 */
function nodesAt(node: CfnNode | undefined, path: readonly string[], at: string[], keyAt: string[]): { node: CfnNode; path: string[]; keyPath: string[] }[] {
  if (!node) return [];
  if (path.length === 0) return [{ node, path: at, keyPath: keyAt }];
  const [step, ...rest] = path;
  if (step === '*') {
    // `Policies: !If [Cond, [ … ], !Ref AWS::NoValue]`: the list of each branch; the second's items named as such.
    const listBranches = node.kind === 'fn' ? ifBranches(node) : undefined;
    if (listBranches) {
      const list = at[at.length - 1];
      return listBranches.flatMap((branch, b) => {
        if (!branch || isNoValue(branch) || branch.kind !== 'seq') return [];
        const named = b === 0 ? list : `${list} (second branch of Fn::If)`;
        return nodesAt(branch, path, [...at.slice(0, -1), named], [...keyAt.slice(0, -1), named]);
      });
    }
    if (node.kind !== 'seq') return [];
    return node.items.flatMap((item, index) => {
      const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
      return (branches ?? [item]).flatMap((each) => {
        if (!each || isNoValue(each)) return [];
        const own = each.kind === 'map' ? scalarValue(valueOf(each, 'PolicyName')) : undefined;
        const list = at[at.length - 1];
        return nodesAt(each, rest, [...at.slice(0, -1), `${list}[${index}]`], [...keyAt.slice(0, -1), own ? `${list}[PolicyName ${JSON.stringify(own)}]` : `${list}[${index}]`]);
      });
    });
  }
  return nodesAt(valueOf(node, step), rest, [...at, step], [...keyAt, step]);
}

// EventBridge takes one statement; the policy around it is the bus's, so we wrap it in a Statement list of one.
/** A `Statement` list (an EventBridge bus policy's, a Serverless service's `statements`) as a policy with that one element. */
export function wrapStatement(statement: CfnEntry, context: TemplateContext, index: YamlSyntaxIndex): JsonNode | undefined {
  const choice: BranchChoice = { branch: 0, choices: 0, index };
  const root: BuildNode = { type: 'object', offset: statement.span.start, length: statement.span.end - statement.span.start, children: [] };
  const property: BuildNode = { type: 'property', offset: statement.span.start, length: statement.span.end - statement.span.start, parent: root, children: [], colonOffset: statement.keySpan.end };
  property.children!.push({ type: 'string', offset: statement.keySpan.start, length: statement.keySpan.end - statement.keySpan.start, value: 'Statement', parent: property });
  const value = toJsonNode(statement.value!, context, choice, property);
  if (value === NO_VALUE) return undefined;
  property.children!.push(value);
  root.children!.push(property);
  return root;
}

/**
 * A Lambda permission as the statement Lambda adds to the function's policy: Allow `Action` to `Principal` on the
 * function, under `aws:SourceArn` / `aws:SourceAccount` / `aws:PrincipalOrgID` conditions. A layer version permission
 * and an event bus permission in its first form are read the same way, on the layer and the bus.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
 */
// A service principal, also with the Region's domain suffix written as `${AWS::URLSuffix}` (`!Sub events.${AWS::URLSuffix}`).
const SERVICE_PRINCIPAL = /\.(amazonaws\.com(\.cn)?|\$\{AWS::URLSuffix\})$/;

function lambdaPermissionStatement(
  resource: CfnEntry,
  properties: CfnMap,
  context: TemplateContext,
  index: YamlSyntaxIndex,
  resourceProperty: 'FunctionName' | 'LayerVersionArn' | 'EventBusName',
): JsonNode | undefined {
  const choice: BranchChoice = { branch: 0, choices: 0, index };
  const statement: BuildNode = { type: 'object', offset: properties.span.start, length: properties.span.end - properties.span.start, children: [] };
  const typeEntry = entryOf(resource.value, 'Type')!;
  const addProperty = (parent: BuildNode, key: string, keySpan: Span, value: (property: JsonNode) => JsonNode | typeof NO_VALUE | undefined) => {
    const property: BuildNode = { type: 'property', offset: keySpan.start, length: keySpan.end - keySpan.start, parent, children: [], colonOffset: keySpan.end };
    property.children!.push({ type: 'string', offset: keySpan.start, length: keySpan.end - keySpan.start, value: key, parent: property });
    const node = value(property);
    if (node === NO_VALUE || !node) return;
    property.children!.push(node);
    property.length = Math.max(keySpan.end, node.offset + node.length) - property.offset;
    parent.children!.push(property);
  };
  const fromEntry = (entry: CfnEntry | undefined) => (property: JsonNode) => (entry?.value ? toJsonNode(entry.value, context, choice, property) : undefined);
  addProperty(
    statement,
    'Effect',
    typeEntry.keySpan,
    (property) =>
      ({
        type: 'string',
        value: 'Allow',
        offset: typeEntry.value!.span.start,
        length: typeEntry.value!.span.end - typeEntry.value!.span.start,
        parent: property,
        mapSpan: () => typeEntry.value!.span,
      }) as HostJsonNode,
  );
  addProperty(statement, 'Action', entryOf(properties, 'Action')?.keySpan ?? typeEntry.keySpan, fromEntry(entryOf(properties, 'Action')));
  const principal = entryOf(properties, 'Principal');
  if (principal?.value) {
    const written = scalarValue(principal.value);
    if (written === '*') addProperty(statement, 'Principal', principal.keySpan, fromEntry(principal));
    else {
      const text = stringOf(principal.value, context, choice);
      const type = text && text !== NO_VALUE && SERVICE_PRINCIPAL.test(text.value) ? 'Service' : 'AWS';
      addProperty(statement, 'Principal', principal.keySpan, (property) => {
        const object: BuildNode = { type: 'object', offset: principal.value!.span.start, length: principal.value!.span.end - principal.value!.span.start, parent: property, children: [] };
        addProperty(object, type, principal.keySpan, fromEntry(principal));
        return object;
      });
    }
  }
  // A layer version permission names its layer version's ARN, a function permission its function, an event bus
  // permission its bus (the account's default bus when it names none).
  const functionName = entryOf(properties, resourceProperty);
  if (!functionName?.value && resourceProperty === 'EventBusName') {
    addProperty(statement, 'Resource', typeEntry.keySpan, (property) => {
      const value = '${default event bus}';
      const hole = { type: 'string', value, offset: typeEntry.value!.span.start, length: typeEntry.value!.span.end - typeEntry.value!.span.start, parent: property } as HostJsonNode;
      hole.mapSpan = () => typeEntry.value!.span;
      hole.placeholders = [{ start: 0, end: value.length, kind: 'arn', source: 'default', resource: { service: 'events', type: 'event-bus', part: 'arn' } }];
      return hole;
    });
  }
  if (functionName?.value) {
    addProperty(statement, 'Resource', functionName.keySpan, (property) => {
      const written = scalarValue(functionName.value);
      // A bare function name (or partial ARN) becomes the function's ARN in the policy Lambda writes.
      if (written !== undefined && !written.startsWith('arn:')) {
        const text = stringOf(functionName.value, context, choice);
        if (!text || text === NO_VALUE) return undefined;
        const hole = {
          type: 'string',
          value: `\${${written}}`,
          offset: functionName.value!.span.start,
          length: functionName.value!.span.end - functionName.value!.span.start,
          parent: property,
        } as HostJsonNode;
        hole.mapSpan = () => functionName.value!.span;
        hole.placeholders = [{ start: 0, end: written.length + 3, kind: 'arn', source: written }];
        return hole;
      }
      const node = toJsonNode(functionName.value!, context, choice, property);
      // `!Ref Function` is the function's name, which Lambda turns into the function's ARN as well.
      const holes = node !== NO_VALUE ? node.placeholders : undefined;
      if (node !== NO_VALUE && holes?.length === 1 && holes[0].start === 0 && holes[0].end === String(node.value).length && holes[0].resource?.part === 'name') {
        (node as BuildNode).placeholders = [{ ...holes[0], kind: 'arn', resource: { ...holes[0].resource, part: 'arn' } }];
      }
      return node;
    });
  }
  const conditions: [string, string, CfnEntry | undefined][] = [
    ...legacyEventBusCondition(properties),
    ['ArnLike', 'aws:SourceArn', entryOf(properties, 'SourceArn')],
    ['StringEquals', 'aws:SourceAccount', entryOf(properties, 'SourceAccount')],
    ['StringEquals', 'aws:PrincipalOrgID', entryOf(properties, 'PrincipalOrgID') ?? entryOf(properties, 'OrganizationId')],
    // A function URL's permission: Lambda writes the auth type as a condition, as the Terraform and CDK readers read it.
    ['StringEquals', 'lambda:FunctionUrlAuthType', entryOf(properties, 'FunctionUrlAuthType')],
  ];
  const present = conditions.filter(([, , entry]) => entry?.value);
  if (present.length > 0) {
    addProperty(statement, 'Condition', present[0][2]!.keySpan, (property) => {
      const condition: BuildNode = { type: 'object', offset: present[0][2]!.span.start, length: 0, parent: property, children: [] };
      for (const operator of new Set(present.map(([op]) => op))) {
        const entries = present.filter(([op]) => op === operator);
        addProperty(condition, operator, entries[0][2]!.keySpan, (operatorProperty) => {
          const block: BuildNode = { type: 'object', offset: entries[0][2]!.span.start, length: 0, parent: operatorProperty, children: [] };
          for (const [, key, entry] of entries) addProperty(block, key, entry!.keySpan, fromEntry(entry));
          block.length = Math.max(...entries.map(([, , entry]) => entry!.span.end)) - block.offset;
          return block;
        });
      }
      condition.length = Math.max(...present.map(([, , entry]) => entry!.span.end)) - condition.offset;
      return condition;
    });
  }
  statement.length = properties.span.end - statement.offset;
  const root: BuildNode = { type: 'object', offset: statement.offset, length: statement.length, children: [] };
  const property: BuildNode = { type: 'property', offset: statement.offset, length: statement.length, parent: root, children: [], colonOffset: statement.offset };
  property.children!.push({ type: 'string', offset: resource.keySpan.start, length: resource.keySpan.end - resource.keySpan.start, value: 'Statement', parent: property });
  statement.parent = property;
  property.children!.push(statement);
  root.children!.push(property);
  return root;
}

/**
 * An event bus permission written as its first form (`Action`, `Principal`, `Condition: {Type, Key, Value}`), before
 * `Statement` could hold a whole statement: the one condition EventBridge writes, as [operator, key, value entry].
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html
 */
function legacyEventBusCondition(properties: CfnMap): [string, string, CfnEntry | undefined][] {
  const condition = valueOf(properties, 'Condition');
  if (condition?.kind !== 'map') return [];
  const operator = scalarValue(valueOf(condition, 'Type'));
  const key = scalarValue(valueOf(condition, 'Key'));
  const value = entryOf(condition, 'Value');
  return operator && key && value ? [[operator, key, value]] : [];
}

/**
 * YAML reads an unquoted `012345678901` as the number 12345678901: the account ID loses its leading zero before
 * CloudFormation sees it. Quoting keeps it a string.
 */
function checkAccountNumbers(embedded: EmbeddedPolicy, text: string, problems: Problem[]): void {
  const visit = (policy: PolicyDocument) => {
    for (const statement of policy.statements) {
      const values = [
        ...(statement.principal?.entries.flatMap((entry) => entry.values) ?? []),
        ...(statement.notPrincipal?.entries.flatMap((entry) => entry.values) ?? []),
        ...(statement.condition?.operators.flatMap((operator) => operator.keys.flatMap((key) => key.values)) ?? []),
        ...(statement.resource?.values ?? []),
      ];
      for (const value of values) {
        if (!/^0\d{11}$/.test(value.value)) continue;
        const source = text.slice(value.span.start, value.span.end);
        if (source !== value.value) continue; // quoted
        if (problems.some((p) => p.ruleId === 'yaml-account-number' && p.span.start === value.span.start)) continue;
        problems.push({
          ruleId: 'yaml-account-number',
          severity: 'warning',
          message: `YAML reads the unquoted account ID ${source} as the number ${Number(source)}, so the leading zero is lost and the policy names another account. Quote it: '${source}'.`,
          span: value.span,
          fixes: [{ title: `Quote '${source}'`, edits: [{ span: value.span, newText: `'${source}'` }], isPreferred: true }],
        });
      }
    }
  };
  visit(embedded.policy);
}
