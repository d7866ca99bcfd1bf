import type {
  ConditionElement,
  ConditionKeyEntry,
  ConditionValue,
  JsonNode,
  ListElement,
  Placeholder,
  PolicyDocument,
  PrincipalElement,
  Property,
  ScalarElement,
  Statement,
  StringValue,
  SyntaxError,
} from '../../policy/model';
import { propertiesOf, spanOfNode } from '../../policy/parse-policy';
import type { ValueSpanMapper } from '../../text/json-string';
import type { Span } from '../../text/span';
import { templateMapper, type TemplateText } from './template';

/**
 * Terraform policies become JSON-shaped node trees whose offsets are in the .tf text: a property's key node is the
 * HCL name (`actions`, `Effect`), its value node the HCL expression, so every rule points at the HCL that wrote it.
 * String nodes carry what the HCL string means (escapes resolved, interpolations as placeholders) beside them.
 */
interface StringInfo {
  value: string;
  mapSpan: ValueSpanMapper;
  placeholders: readonly Placeholder[];
  /** For a copy moved by `shiftNode`: the mapper it was built with and how far it has moved since. */
  base?: { mapSpan: ValueSpanMapper; delta: number };
}

const strings = new WeakMap<JsonNode, StringInfo>();

export function stringNode(span: Span, template: TemplateText): JsonNode {
  const node: JsonNode = { type: 'string', value: template.value, offset: span.start, length: span.end - span.start };
  strings.set(node, { value: template.value, mapSpan: templateMapper(template), placeholders: template.placeholders });
  return node;
}

/** A string node from a parsed JSON string with its own mapper (heredoc JSON). */
export function mappedStringNode(span: Span, value: string, mapSpan: ValueSpanMapper, placeholders: readonly Placeholder[]): JsonNode {
  const node: JsonNode = { type: 'string', value, offset: span.start, length: span.end - span.start };
  strings.set(node, { value, mapSpan, placeholders });
  return node;
}

export function scalarNode(type: 'number' | 'boolean' | 'null', span: Span, value: unknown): JsonNode {
  return { type, value, offset: span.start, length: span.end - span.start };
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

/** `key = value`: the key node spans the HCL name, the property the whole attribute or block. */
export function propertyNode(span: Span, key: string, keySpan: Span, value: JsonNode | undefined): JsonNode {
  const keyNode: JsonNode = { type: 'string', value: key, offset: keySpan.start, length: keySpan.end - keySpan.start };
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
  const info = strings.get(node);
  if (info) {
    const base = info.base ?? { mapSpan: info.mapSpan, delta: 0 };
    const total = base.delta + delta;
    const mapSpan: ValueSpanMapper = (start, end) => {
      const span = base.mapSpan(start, end);
      return { start: span.start + total, end: span.end + total };
    };
    strings.set(copy, { value: info.value, placeholders: info.placeholders, mapSpan, base: { mapSpan: base.mapSpan, delta: total } });
  }
  return copy;
}

/**
 * The policy model of a node tree, read the way parsePolicy reads JSON (first occurrence of an element wins,
 * non-strings left out of lists), with string values that map into the host text and carry placeholders.
 */
export function policyFromNodes(text: string, root: JsonNode, syntaxErrors: SyntaxError[] = []): PolicyDocument {
  const properties = root.type === 'object' ? propertiesOf(root) : [];
  const document: PolicyDocument = { text, root, syntaxErrors, properties, statementIsObject: false, statements: [] };
  for (const property of properties) {
    switch (property.key) {
      case 'Version':
        document.version ??= scalarElement(property);
        break;
      case 'Id':
        document.id ??= scalarElement(property);
        break;
      case 'Statement':
        if (document.statementElement) break;
        document.statementElement = property;
        document.statementIsObject = property.valueNode?.type === 'object';
        document.statements = statementNodes(property.valueNode).map((node, index) => statementOf(node, index));
        break;
    }
  }
  return document;
}

function stringValue(node: JsonNode | undefined): StringValue | undefined {
  if (node?.type !== 'string') return undefined;
  const info = strings.get(node);
  if (!info) return { value: node.value as string, span: spanOfNode(node) };
  return { value: info.value, span: spanOfNode(node), mapSpan: info.mapSpan, ...(info.placeholders.length ? { placeholders: info.placeholders } : {}) };
}

function stringValues(node: JsonNode | undefined): StringValue[] {
  if (!node) return [];
  if (node.type === 'string') return [stringValue(node)!];
  if (node.type !== 'array') return [];
  return (node.children ?? []).map(stringValue).filter((value): value is StringValue => value !== undefined);
}

function scalarElement(property: Property): ScalarElement {
  return { property, value: stringValue(property.valueNode) };
}

function listElement(property: Property): ListElement {
  return { property, values: stringValues(property.valueNode), isArray: property.valueNode?.type === 'array' };
}

function statementNodes(node: JsonNode | undefined): JsonNode[] {
  if (node?.type === 'object') return [node];
  if (node?.type === 'array') return (node.children ?? []).filter((child) => child.type === 'object');
  return [];
}

function statementOf(node: JsonNode, index: number): Statement {
  const properties = propertiesOf(node);
  const statement: Statement = { index, node, span: spanOfNode(node), properties };
  for (const property of properties) {
    switch (property.key) {
      case 'Sid':
        statement.sid ??= scalarElement(property);
        break;
      case 'Effect':
        statement.effect ??= scalarElement(property);
        break;
      case 'Action':
        statement.action ??= listElement(property);
        break;
      case 'NotAction':
        statement.notAction ??= listElement(property);
        break;
      case 'Resource':
        statement.resource ??= listElement(property);
        break;
      case 'NotResource':
        statement.notResource ??= listElement(property);
        break;
      case 'Principal':
        statement.principal ??= principalElement(property);
        break;
      case 'NotPrincipal':
        statement.notPrincipal ??= principalElement(property);
        break;
      case 'Condition':
        statement.condition ??= conditionElement(property);
        break;
    }
  }
  return statement;
}

function principalElement(property: Property): PrincipalElement {
  const node = property.valueNode;
  const element: PrincipalElement = { property, entries: [] };
  if (node?.type === 'string') element.wildcard = stringValue(node);
  if (node?.type === 'object') {
    element.entries = propertiesOf(node).map((entry) => ({ property: entry, type: entry.key, values: stringValues(entry.valueNode), isArray: entry.valueNode?.type === 'array' }));
  }
  return element;
}

function conditionElement(property: Property): ConditionElement {
  const node = property.valueNode;
  const operators =
    node?.type === 'object'
      ? propertiesOf(node).map((operator) => ({
          property: operator,
          operator: operator.key,
          keys: operator.valueNode?.type === 'object' ? propertiesOf(operator.valueNode).map(conditionKeyEntry) : [],
        }))
      : [];
  return { property, operators };
}

function conditionKeyEntry(property: Property): ConditionKeyEntry {
  const node = property.valueNode;
  const items = node?.type === 'array' ? (node.children ?? []) : node ? [node] : [];
  const values: ConditionValue[] = [];
  for (const item of items) {
    const span = spanOfNode(item);
    if (item.type === 'string') {
      const value = stringValue(item)!;
      values.push({ value: value.value, jsonType: 'string', span, ...(value.mapSpan ? { mapSpan: value.mapSpan } : {}), ...(value.placeholders ? { placeholders: value.placeholders } : {}) });
    } else if (item.type === 'number' || item.type === 'boolean') {
      values.push({ value: String(item.value), jsonType: item.type, span });
    } else if (item.type === 'null') {
      values.push({ value: 'null', jsonType: 'null', span });
    }
  }
  return { property, key: property.key, values, isArray: node?.type === 'array' };
}
