import type { JsonNode, PolicyDocument, SyntaxError } from '../../policy/model';
import { MASK_OPEN } from './jinja';
import { parsePolicy, policyFromTree, shortestNodeValue, type HostJsonNode } from '../../policy/parse-policy';
import { valueSpanMapper } from '../../text/json-string';
import type { Span } from '../../text/span';
import { branchTaken, ifBranches, isNoValue, isOrgFormationExpression, isStringLike, wayBranches, NO_VALUE, stringOf, takeBranch, type BranchChoice, type TemplateContext } from './intrinsics';
import type { CfnNode } from './nodes';
import type { MappedText } from './text-map';
import { shortestValue } from '../../policy/value-text';
import { readJsonTemplate } from '../terraform/json-template';
import { jsonStringWriter, noFixes, yamlSyntaxWriter, YamlSyntaxIndex, type FixWriter } from './writer';

/** A tree node under construction. */
export type BuildNode = { -readonly [K in keyof HostJsonNode]: HostJsonNode[K] };

/**
 * Builds the policy model of a template value, with every offset in the template. The value is a policy object
 * (YAML or JSON syntax) or a string holding policy JSON (`!Sub |` with a JSON block, a JSON string in a JSON template,
 * a CDK-style `Fn::Join`). `Fn::If` in a list contributes both branches; elsewhere it takes `choice.branch`, and
 * `choice.choices` counts such places so the caller can build the other branch too.
 */
export function buildPolicy(node: CfnNode, context: TemplateContext, choice: BranchChoice): { policy: PolicyDocument; writeFix?: FixWriter } | undefined {
  // AWS::LanguageExtensions: `!ToJsonString {…}` is the policy object as a string.
  if (node.kind === 'fn' && node.name === 'Fn::ToJsonString' && node.arg) return buildPolicy(node.arg, context, choice);
  if (node.kind === 'fn' && node.name === 'Fn::If') {
    const branches = ifBranches(node);
    if (branches?.[branchTaken(node, choice)]) return buildPolicy(takeBranch(node, branches, choice, context)!, context, choice);
  }
  if (isStringLike(node)) {
    const text = stringOf(node, context, choice);
    // A whole policy known only at deploy time (`!Ref PolicyJson`, `!ImportValue shared-policy`) has nothing to check.
    if (text && text !== NO_VALUE && text.holes.length === 1 && text.holes[0].start === 0 && text.holes[0].end === text.value.length) return undefined;
    if (text && text !== NO_VALUE) return { policy: policyFromString(text, context), writeFix: stringWriter(node, context.text) };
  }
  const index = context.format === 'yaml' ? new YamlSyntaxIndex() : undefined;
  const outer = choice.index;
  choice.index = index;
  const root = toJsonNode(node, context, choice, undefined);
  choice.index = outer;
  const policy = finish(policyFromTree(context.text, root === NO_VALUE ? undefined : root, []), root === NO_VALUE ? undefined : root);
  return { policy, ...(index ? { writeFix: yamlSyntaxWriter(context.text, index) } : {}) };
}

// A policy in a string: written as JSON inside the scalar (or the `Fn::Sub` template) that holds it.
function stringWriter(node: CfnNode, text: string): FixWriter {
  const sub = node.kind === 'fn' && node.name === 'Fn::Sub';
  const scalar = sub ? (node.arg?.kind === 'seq' ? node.arg.items[0] : node.arg) : node;
  if (scalar?.kind !== 'scalar') return noFixes;
  let indent = '';
  if (scalar.style === 'BLOCK_LITERAL' || scalar.style === 'BLOCK_FOLDED') {
    const lineStart = text.indexOf('\n', scalar.span.start) + 1;
    indent = /^[ ]*/.exec(text.slice(lineStart, scalar.span.end))![0];
  }
  return jsonStringWriter({ style: scalar.style, sub, indent });
}

/**
 * Builds a policy from synthetic tree nodes (a single EventBridge statement, a Lambda permission) the caller made.
 */
export function policyFromNodes(context: TemplateContext, root: JsonNode): PolicyDocument {
  return finish(policyFromTree(context.text, root, []), root);
}

function finish(policy: PolicyDocument, root: JsonNode | undefined): PolicyDocument {
  if (root) {
    try {
      policy.sizeText = JSON.stringify(shortestNodeValue(root));
    } catch {
      // A cyclic alias cannot be serialized; the size rule then measures nothing.
      policy.sizeText = '';
    }
  } else policy.sizeText = '';
  return dropDeployTimeValues(policy);
}

/**
 * The model of a policy tree that moved in the text (incremental.ts), rebuilt from the moved nodes: the size text is
 * the one measured when the tree was first built, since the policy's value has not changed.
 */
export function movedPolicy(text: string, root: JsonNode | undefined, syntaxErrors: SyntaxError[], sizeText: string | undefined): PolicyDocument {
  const policy = dropDeployTimeValues(policyFromTree(text, root, syntaxErrors));
  if (sizeText !== undefined) policy.sizeText = sizeText;
  return policy;
}

// A Version, Sid or Effect known only at deploy time is no value we can judge.
function dropDeployTimeValues(policy: PolicyDocument): PolicyDocument {
  for (const element of [policy.version, policy.id, ...policy.statements.flatMap((s) => [s.sid, s.effect])]) {
    if (element?.value?.placeholders?.length) delete element.value;
  }
  return policy;
}

/** Template value → tree node in template offsets; NO_VALUE when `!Ref AWS::NoValue` removes it. */
export function toJsonNode(node: CfnNode, context: TemplateContext, choice: BranchChoice, parent: JsonNode | undefined): HostJsonNode | typeof NO_VALUE {
  choice.index?.add(node);
  const base = { offset: node.span.start, length: node.span.end - node.span.start, parent } as HostJsonNode;
  switch (node.kind) {
    case 'map': {
      const object = Object.assign(base, { type: 'object', children: [] as JsonNode[] }) as HostJsonNode;
      for (const entry of node.entries) {
        if (isNoValue(entry.value)) continue;
        const property: JsonNode = { type: 'property', offset: entry.span.start, length: entry.span.end - entry.span.start, parent: object, children: [], colonOffset: entry.keySpan.end };
        const key: JsonNode = { type: 'string', offset: entry.keySpan.start, length: entry.keySpan.end - entry.keySpan.start, value: entry.key, parent: property };
        if (context.alternativeKeys?.has(entry.keySpan.start)) (property as HostJsonNode).alternative = true;
        property.children!.push(key);
        if (entry.value) {
          const value = toJsonNode(entry.value, context, choice, property);
          if (value === NO_VALUE) continue;
          property.children!.push(value);
        }
        object.children!.push(property);
      }
      return object;
    }
    case 'seq': {
      const array = Object.assign(base, { type: 'array', children: [] as JsonNode[] }) as HostJsonNode;
      const statements = parent?.type === 'property' && parent.children?.[0]?.value === 'Statement';
      for (const item of node.items) {
        // A list element under Fn::If is there in one branch or the other: check both.
        const branches = item.kind === 'fn' ? ifBranches(item) : undefined;
        for (const each of branches && item.kind === 'fn' ? wayBranches(item, branches, choice, context, statements) : [item]) {
          if (!each) continue;
          const value = toJsonNode(each, context, choice, array);
          if (value !== NO_VALUE) array.children!.push(value);
        }
      }
      return array;
    }
    case 'scalar': {
      if (node.jsonType !== 'string') {
        const value = node.jsonType === 'null' ? null : node.jsonType === 'boolean' ? node.value === 'true' : Number(node.value);
        return Object.assign(base, { type: node.jsonType, value });
      }
      if (
        node.value.includes('{{resolve:') ||
        isOrgFormationExpression(node.value, context) ||
        (context.jinja && node.value.includes(MASK_OPEN)) ||
        (context.serverless !== undefined && /[$#]\{/.test(node.value))
      )
        return stringNode(base, stringOf(node, context, choice) as MappedText);
      return Object.assign(base, { type: 'string', value: node.value, mapSpan: (start: number, end: number) => node.text().span(start, end) }) as HostJsonNode;
    }
    case 'fn': {
      if (isNoValue(node)) return NO_VALUE;
      const branches = ifBranches(node);
      if (branches) {
        const branch = takeBranch(node, branches, choice, context);
        return branch ? toJsonNode(branch, context, choice, parent) : NO_VALUE;
      }
      const text = stringOf(node, context, choice);
      if (text === NO_VALUE) return NO_VALUE;
      if (text) return stringNode(base, text);
      return Object.assign(base, { type: 'string', value: '' });
    }
  }
}

function stringNode(base: HostJsonNode, text: MappedText): HostJsonNode {
  return Object.assign(base, { type: 'string', value: text.value, mapSpan: text.mapper(), ...(text.holes.length ? { placeholders: text.holes } : {}) }) as HostJsonNode;
}

/** A policy written as a JSON string: parsed from the string's value, every offset mapped through the string to the template. */
export function policyFromString(text: MappedText, context: TemplateContext): PolicyDocument {
  if (hasHoleOutsideStrings(text)) return policyFromInterpolatedString(text, context);
  const inner = parsePolicy(text.value);
  const root = inner.root ? hostify(inner.root, text, undefined) : undefined;
  const syntaxErrors: SyntaxError[] = inner.syntaxErrors.map((error) => ({ ...error, span: text.span(error.span.start, error.span.end) }));
  if (!inner.root && text.value.trim() === '') {
    syntaxErrors.push({ message: 'The policy is an empty string. Write the policy document here.', span: text.span(0, text.value.length), isComment: false });
  }
  const policy = finish(policyFromTree(context.text, root, syntaxErrors), undefined);
  policy.sizeText = shortestValue({ value: text.value, placeholders: text.holes });
  return policy;
}

/**
 * `!Sub` JSON in which a variable writes a value or members, not text inside a JSON string (`"Null": {${ForbidStandard}
 * "s3:BucketTag/${Key}": "false"}`, `"Resource": ${Arns}`): JSON only once CloudFormation substitutes it. It is read
 * as Terraform reads such templates (json-template.ts): a value hole is a string that is the hole, a member hole is
 * blank and kept on its object as members (tests, in a Condition) the reader could not read.
 */
function policyFromInterpolatedString(text: MappedText, context: TemplateContext): PolicyDocument {
  // The template reader measures a hole by its source: give it the hole's text in the value, and the source back after.
  const sources = new Map<string, string>();
  const placeholders = text.holes.map((hole) => {
    const written = text.value.slice(hole.start, hole.end);
    if (!sources.has(written)) sources.set(written, hole.source);
    return { ...hole, source: written };
  });
  const offsets = [...text.starts, text.value.length > 0 ? text.ends[text.value.length - 1] : text.anchor.start];
  const { root, syntaxErrors } = readJsonTemplate({ value: text.value, offsets, placeholders });
  if (root) restoreSources(root, sources);
  const policy = finish(policyFromTree(context.text, root, syntaxErrors), undefined);
  policy.sizeText = shortestValue({ value: text.value, placeholders: text.holes });
  return policy;
}

function restoreSources(node: JsonNode, sources: ReadonlyMap<string, string>): void {
  const host = node as HostJsonNode & { placeholders?: { source: string }[] };
  for (const hole of host.placeholders ?? []) hole.source = sources.get(hole.source) ?? hole.source;
  for (const child of node.children ?? []) restoreSources(child, sources);
}

/** Whether a hole of the JSON text stands outside every JSON string of it. */
function hasHoleOutsideStrings(text: MappedText): boolean {
  if (text.holes.length === 0) return false;
  const starts = new Set(text.holes.map((hole) => hole.start));
  const { value } = text;
  let inString = false;
  for (let at = 0; at < value.length; at++) {
    if (!inString && starts.has(at)) return true;
    const char = value[at];
    if (inString && char === '\\') at++;
    else if (char === '"') inString = !inString;
  }
  return false;
}

function hostify(node: JsonNode, text: MappedText, parent: JsonNode | undefined): HostJsonNode {
  const span: Span = text.span(node.offset, node.offset + node.length);
  const result: BuildNode = { type: node.type, offset: span.start, length: span.end - span.start, parent };
  if (node.value !== undefined) result.value = node.value;
  if (node.colonOffset !== undefined) result.colonOffset = text.span(node.colonOffset, node.colonOffset + 1).start;
  if (node.type === 'string') {
    const token = { start: node.offset, end: node.offset + node.length };
    let inner: ((start: number, end: number) => Span) | undefined;
    result.mapSpan = (start, end) => {
      inner ??= valueSpanMapper(text.value, token, true);
      const within = inner(start, end);
      return text.span(within.start, within.end);
    };
    const holes = text.holes.filter((hole) => hole.start > token.start && hole.end < token.end);
    if (holes.length > 0) result.placeholders = holes.map((hole) => ({ ...hole, start: hole.start - token.start - 1, end: hole.end - token.start - 1 }));
  }
  if (node.children) result.children = node.children.map((child) => hostify(child, text, result));
  return result;
}
