import type { JsonNode, Placeholder, PolicyDocument, SyntaxError } from '../../policy/model';
import { policyFromTree, type HostJsonNode } from '../../policy/parse-policy';
import type { ValueSpanMapper } from '../../text/json-string';
import type { Span } from '../../text/span';
import { renderedPolicyText } from './rendered';
import { shortestValue } from '../../policy/value-text';
import { templateMapper, type TemplateText } from './template';

/**
 * Terraform policies become JSON-shaped node trees whose offsets are in the .tf text: a property's key node is the
 * HCL name (`actions`, `Effect`), its value node the HCL expression, so every rule points at the HCL that wrote it.
 * String nodes are HostJsonNodes: they carry what the HCL string means (escapes resolved, interpolations as
 * placeholders) in `mapSpan` and `placeholders`, and parse-policy's one builder reads them.
 */
interface TerraformStringNode extends HostJsonNode {
  /** For a copy moved by `shiftNode`: the mapper the string was built with and how far it has moved since. */
  baseMap?: { mapSpan: ValueSpanMapper; delta: number };
}

export function stringNode(span: Span, template: TemplateText): JsonNode {
  return mappedStringNode(span, template.value, templateMapper(template), template.placeholders);
}

/** A string node from a parsed JSON string with its own mapper (heredoc JSON). */
export function mappedStringNode(span: Span, value: string, mapSpan: ValueSpanMapper, placeholders: readonly Placeholder[]): JsonNode {
  const node: HostJsonNode = { type: 'string', value, offset: span.start, length: span.end - span.start, mapSpan };
  if (placeholders.length > 0) node.placeholders = placeholders;
  return node;
}

export function scalarNode(type: 'number' | 'boolean' | 'null', span: Span, value: unknown): JsonNode {
  return { type, value, offset: span.start, length: span.end - span.start };
}

/**
 * A number or bool written where Terraform takes a string (the `set(string)` arguments of `aws_iam_policy_document`:
 * `identifiers = [754728514883]`), as the string Terraform converts it to: a number as its decimal value (so
 * `012345678901` loses its zero, as it does at plan), a bool as `true` or `false`. Other nodes as they are.
 */
export function convertedToString(node: JsonNode): JsonNode {
  if (node.type !== 'number' && node.type !== 'boolean') return node;
  const span = { start: node.offset, end: node.offset + node.length };
  const value = node.type === 'number' ? String(Number(node.value)) : String(node.value);
  const sameText = value.length === node.length;
  const offsets = Array.from({ length: value.length + 1 }, (_, index) => (sameText ? span.start + index : index === value.length ? span.end : span.start));
  return stringNode(span, { value, offsets, placeholders: [] });
}

export function arrayNode(span: Span, items: JsonNode[]): JsonNode {
  const node: JsonNode = { type: 'array', offset: span.start, length: span.end - span.start, children: items };
  for (const item of items) setParent(item, node);
  return node;
}

export function objectNode(span: Span, properties: JsonNode[]): JsonNode {
  const node: JsonNode = { type: 'object', offset: span.start, length: span.end - span.start, children: properties };
  for (const property of properties) setParent(property, node);
  return node;
}

/** One key of a condition operator, merged from the condition blocks that test it: their values appended in order. */
export interface ConditionKeyParts {
  span: Span;
  /** The key as a string node, when it holds placeholders; else the map's key is the key. */
  key?: JsonNode;
  keySpan: Span;
  valueSpan: Span | undefined;
  items: JsonNode[] | undefined;
}

/** One operator of a Condition, from the condition blocks with that test (Terraform's, Pulumi's getPolicyDocument). */
export interface ConditionOperatorParts {
  span: Span;
  testSpan: Span;
  keys: Map<string, ConditionKeyParts>;
}

/** The `"test": { "variable": [values] }` members of a Condition from its blocks merged by test and variable. */
export function conditionOperatorNodes(operators: ReadonlyMap<string, ConditionOperatorParts>): JsonNode[] {
  return [...operators].map(([test, operator]) =>
    propertyNode(
      operator.span,
      test,
      operator.testSpan,
      objectNode(
        operator.span,
        [...operator.keys].map(([variable, key]) => propertyNode(key.span, key.key ?? variable, key.keySpan, key.items && key.valueSpan ? arrayNode(key.valueSpan, key.items) : undefined)),
      ),
    ),
  );
}

/** `key = value`: the key node spans the HCL name, the property the whole attribute or block. */
export function propertyNode(span: Span, key: string | JsonNode, keySpan: Span, value: JsonNode | undefined): JsonNode {
  // A key written with interpolation comes as its string node, placeholders and all.
  const keyNode: JsonNode = typeof key === 'string' ? { type: 'string', value: key, offset: keySpan.start, length: keySpan.end - keySpan.start } : key;
  const node: JsonNode = { type: 'property', offset: span.start, length: span.end - span.start, children: value ? [keyNode, value] : [keyNode] };
  setParent(keyNode, node);
  if (value) setParent(value, node);
  return node;
}

// jsonc-parser declares its nodes read-only; these are built here, parent last.
function setParent(child: JsonNode, parent: JsonNode): void {
  (child as { parent?: JsonNode }).parent = parent;
}

/**
 * A copy of a node tree `delta` characters later in the host text, for a block that moved because text before it
 * changed. String values keep their meaning; their mappers are shifted from the one they were first built with.
 */
export function shiftNode(node: JsonNode, delta: number): JsonNode {
  const copy: JsonNode = { type: node.type, value: node.value, offset: node.offset + delta, length: node.length };
  if (node.children) {
    const children = node.children.map((child) => shiftNode(child, delta));
    (copy as { children?: JsonNode[] }).children = children;
    for (const child of children) setParent(child, copy);
  }
  const { mapSpan, placeholders, baseMap } = node as TerraformStringNode;
  if (mapSpan) {
    const base = baseMap ?? { mapSpan, delta: 0 };
    const total = base.delta + delta;
    const moved = copy as TerraformStringNode;
    moved.mapSpan = (start, end) => {
      const span = base.mapSpan(start, end);
      return { start: span.start + total, end: span.end + total };
    };
    if (placeholders) moved.placeholders = placeholders;
    moved.baseMap = { mapSpan: base.mapSpan, delta: total };
  }
  copyHostMarks(node, copy);
  return copy;
}

/** What the reader noted on a node (HostJsonNode: tests and members it could not read, a property in another branch, the branches that write it) stays with its copies. */
function copyHostMarks(node: JsonNode, copy: JsonNode): void {
  const { unreadTests, unreadMembers, alternative, branches } = node as HostJsonNode;
  if (unreadTests) (copy as HostJsonNode).unreadTests = unreadTests;
  // The choice objects are shared by the copies of one tree, as by its nodes: a branch stays the same branch.
  if (branches) (copy as HostJsonNode).branches = branches;
  if (unreadMembers) (copy as HostJsonNode).unreadMembers = unreadMembers;
  if (alternative) (copy as HostJsonNode).alternative = alternative;
}

/**
 * A copy of a node tree read from other text (an HCL expression parsed out of a `.tf.json` string), with every
 * offset `o` of that text moved to `host(o)`. `host` must be monotonic; a span's end maps through its last character.
 */
export function remapNode(node: JsonNode, host: (offset: number) => number): JsonNode {
  const spanOf = (start: number, end: number) => ({ start: host(start), end: end > start ? Math.max(host(start), host(end - 1) + 1, host(end)) : host(start) });
  const span = spanOf(node.offset, node.offset + node.length);
  const copy: JsonNode = { type: node.type, value: node.value, offset: span.start, length: span.end - span.start };
  if (node.children) {
    const children = node.children.map((child) => remapNode(child, host));
    (copy as { children?: JsonNode[] }).children = children;
    for (const child of children) setParent(child, copy);
  }
  const { mapSpan, placeholders } = node as TerraformStringNode;
  if (mapSpan) {
    const moved = copy as TerraformStringNode;
    moved.mapSpan = (start, end) => {
      const inner = mapSpan(start, end);
      return spanOf(inner.start, inner.end);
    };
    if (placeholders) moved.placeholders = placeholders;
  }
  copyHostMarks(node, copy);
  return copy;
}

/**
 * The policy model of a node tree, built by parse-policy's `policyFromTree` (the builder every host shares), with
 * `sizeText` set to the JSON the provider renders from it (see rendered.ts), so size rules measure the policy and
 * not the .tf file. `rendering` says how: `jsonencode` output, the data source's `json`, or JSON text as written (a heredoc, a string).
 */
export function policyFromNodes(text: string, root: JsonNode, syntaxErrors: SyntaxError[] = [], rendering: Rendering = { kind: 'jsonencode' }): PolicyDocument {
  const policy = policyFromTree(text, root, syntaxErrors);
  // A Version, Sid or Effect known only at plan time (`sid = lookup(statement.value, "sid", null)`) is no value we can judge.
  for (const element of [policy.version, policy.id, ...policy.statements.flatMap((statement) => [statement.sid, statement.effect])]) {
    if (element?.value?.placeholders?.length) delete element.value;
  }
  policy.sizeText = rendering.kind === 'text' ? shortestValue({ value: rendering.text, placeholders: rendering.placeholders ?? [] }) : renderedPolicyText(root, rendering.kind);
  return policy;
}

/**
 * How Terraform turns a policy's value into the JSON AWS receives. The `text` of JSON as written is measured with its
 * `placeholders` at their shortest (see rendered.ts).
 */
export type Rendering = { kind: 'jsonencode' } | { kind: 'policy-document' } | { kind: 'text'; text: string; placeholders?: readonly Placeholder[] };
