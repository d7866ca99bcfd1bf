import { parseTree } from 'jsonc-parser';
import type { Problem } from '../../checks/check';
import type { JsonNode, Placeholder, PlaceholderKind } from '../../policy/model';
import type { PolicyType } from '../../policy/policy-type';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy, HostDocument } from '../host';
import { arrayNode, objectNode, policyFromNodes, propertyNode, scalarNode, stringNode } from './nodes';
import { policyAttributes, policyTypeOf } from './resources';
import { traversalKind, type TemplateText } from './template';

/**
 * Terraform's JSON syntax (`.tf.json`, https://developer.hashicorp.com/terraform/language/syntax/json): the same
 * blocks as objects, `"data": {"aws_iam_policy_document": {"name": {...}}}`, nested blocks as an object or an
 * array of objects, and every string a template in which `${…}` is interpolation. Read here: the policy document
 * data sources, with the policy type a resource attribute gives them through `${data.aws_iam_policy_document.x.json}`.
 */
export function readTerraformJson(text: string): HostDocument {
  const problems: Problem[] = [];
  const policies: EmbeddedPolicy[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return { kind: 'terraform', policies, problems };
  }
  if (root?.type !== 'object') return { kind: 'terraform', policies, problems };
  const types = new Map<string, PolicyType>();
  for (const [resourceType, resources] of entries(member(root, 'resource'))) {
    const paths = policyAttributes[resourceType];
    if (!paths) continue;
    for (const [, resource] of entries(resources)) {
      for (const body of blockBodies(resource)) {
        const literals = new Map<string, string>();
        for (const [key, value] of entries(body)) if (value.type === 'string') literals.set(key, value.value as string);
        for (const path of Object.keys(paths)) {
          const policyType = policyTypeOf(resourceType, path, literals);
          const [first, second] = path.split('.');
          const values = second === undefined ? [member(body, first)] : blockBodies(member(body, first)).map((inner) => member(inner, second));
          for (const value of values) {
            const reference = value?.type === 'string' ? /^\$\{\s*data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]*\])?\.(?:json|minified_json)\s*\}$/.exec(value.value as string) : null;
            if (reference && policyType && !types.has(reference[1])) types.set(reference[1], policyType);
          }
        }
      }
    }
  }
  for (const [name, block] of entries(member(member(root, 'data'), 'aws_iam_policy_document'))) {
    for (const body of blockBodies(block)) {
      const nodes = policyDocument(text, body);
      if (!nodes) continue;
      const address = `data.aws_iam_policy_document.${name}`;
      const policyType = types.get(name);
      policies.push({
        policy: policyFromNodes(text, nodes, [], { kind: 'policy-document' }),
        span: { start: body.offset, end: body.offset + body.length },
        name: address,
        owner: address,
        ...(policyType ? { policyType } : {}),
      });
    }
  }
  return { kind: 'terraform', policies, problems };
}

function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (keyNode?.value === key) return value;
  }
  return undefined;
}

function entries(node: JsonNode | undefined): [string, JsonNode][] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((property) => {
    const [keyNode, value] = property.children ?? [];
    return keyNode && value ? [[String(keyNode.value), value] as [string, JsonNode]] : [];
  });
}

function propertyOf(node: JsonNode | undefined, key: string): { key: JsonNode; value: JsonNode; property: JsonNode } | undefined {
  if (node?.type !== 'object') return undefined;
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (keyNode?.value === key && value) return { key: keyNode, value, property };
  }
  return undefined;
}

/** A nested block is an object, or an array of objects for several blocks of one type. */
function blockBodies(node: JsonNode | undefined): JsonNode[] {
  if (node?.type === 'object') return [node];
  if (node?.type === 'array') return (node.children ?? []).filter((child) => child.type === 'object');
  return [];
}

const span = (node: JsonNode): Span => ({ start: node.offset, end: node.offset + node.length });

function policyDocument(text: string, body: JsonNode): JsonNode | undefined {
  const statements = blockBodies(member(body, 'statement'));
  const properties: JsonNode[] = [];
  const version = propertyOf(body, 'version');
  const bodySpan = span(body);
  properties.push(
    version
      ? propertyNode(span(version.property), 'Version', span(version.key), scalarOf(text, version.value))
      : propertyNode(bodySpan, 'Version', { start: bodySpan.start, end: bodySpan.start + 1 }, implied('2012-10-17', { start: bodySpan.start, end: bodySpan.start + 1 })),
  );
  const id = propertyOf(body, 'policy_id');
  if (id) properties.push(propertyNode(span(id.property), 'Id', span(id.key), scalarOf(text, id.value)));
  if (statements.length === 0) return member(body, 'source_policy_documents') || member(body, 'override_policy_documents') ? undefined : objectNode(bodySpan, properties);
  const statementProperty = propertyOf(body, 'statement')!;
  properties.push(
    propertyNode(
      span(statementProperty.property),
      'Statement',
      span(statementProperty.key),
      arrayNode(
        span(statementProperty.value),
        statements.map((statement) => statementNode(text, statement)),
      ),
    ),
  );
  return objectNode(bodySpan, properties);
}

const LISTS: [string, string][] = [
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

function statementNode(text: string, statement: JsonNode): JsonNode {
  const properties: JsonNode[] = [];
  const sid = propertyOf(statement, 'sid');
  if (sid) properties.push(propertyNode(span(sid.property), 'Sid', span(sid.key), scalarOf(text, sid.value)));
  const effect = propertyOf(statement, 'effect');
  const start = { start: statement.offset, end: statement.offset + 1 };
  properties.push(effect ? propertyNode(span(effect.property), 'Effect', span(effect.key), scalarOf(text, effect.value)) : propertyNode(start, 'Effect', start, implied('Allow', start)));
  for (const [name, key] of LISTS) {
    const list = propertyOf(statement, name);
    if (list) properties.push(propertyNode(span(list.property), key, span(list.key), listOf(text, list.value)));
  }
  for (const [name, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principals = propertyOf(statement, name);
    if (!principals) continue;
    const byType = new Map<string, { keySpan: Span; values: JsonNode[]; valueSpan: Span; span: Span }>();
    let wildcard: JsonNode | undefined;
    for (const block of blockBodies(principals.value)) {
      const type = propertyOf(block, 'type');
      const identifiers = propertyOf(block, 'identifiers');
      const typeText = type?.value.type === 'string' ? (type.value.value as string) : '';
      const values = identifiers ? (listOf(text, identifiers.value).children ?? []) : [];
      if (typeText === '*' && values.length > 0 && values.every((value) => value.value === '*')) {
        wildcard ??= values[0];
        continue;
      }
      const entry = byType.get(typeText);
      if (entry) entry.values.push(...values);
      else byType.set(typeText, { keySpan: type ? span(type.value) : span(block), values, valueSpan: identifiers ? span(identifiers.value) : span(block), span: span(block) });
    }
    const whole = span(principals.property);
    if (byType.size === 0 && wildcard) properties.push(propertyNode(whole, key, span(principals.key), wildcard));
    else
      properties.push(
        propertyNode(
          whole,
          key,
          span(principals.key),
          objectNode(
            span(principals.value),
            [...byType].map(([type, entry]) => propertyNode(entry.span, type, entry.keySpan, arrayNode(entry.valueSpan, entry.values))),
          ),
        ),
      );
  }
  const conditions = propertyOf(statement, 'condition');
  if (conditions) {
    const operators = new Map<string, { span: Span; testSpan: Span; keys: JsonNode[] }>();
    for (const block of blockBodies(conditions.value)) {
      const test = propertyOf(block, 'test');
      const variable = propertyOf(block, 'variable');
      const values = propertyOf(block, 'values');
      const testText = test?.value.type === 'string' ? (test.value.value as string) : '';
      const variableText = variable?.value.type === 'string' ? templateOfString(text, variable.value, true).value : '';
      const keyNode = propertyNode(span(block), variableText, variable ? span(variable.value) : span(block), values ? listOf(text, values.value) : undefined);
      const operator = operators.get(testText);
      if (operator) operator.keys.push(keyNode);
      else operators.set(testText, { span: span(block), testSpan: test ? span(test.value) : span(block), keys: [keyNode] });
    }
    properties.push(
      propertyNode(
        span(conditions.property),
        'Condition',
        span(conditions.key),
        objectNode(
          span(conditions.value),
          [...operators].map(([test, operator]) => propertyNode(operator.span, test, operator.testSpan, objectNode(operator.span, operator.keys))),
        ),
      ),
    );
  }
  return objectNode(span(statement), properties);
}

function listOf(text: string, node: JsonNode): JsonNode {
  const items = node.type === 'array' ? (node.children ?? []) : [node];
  return arrayNode(
    span(node),
    items.map((item) => scalarOf(text, item)),
  );
}

function scalarOf(text: string, node: JsonNode): JsonNode {
  if (node.type === 'string') return stringNode(span(node), templateOfString(text, node, true));
  if (node.type === 'number' || node.type === 'boolean' || node.type === 'null')
    return scalarNode(node.type, span(node), node.type === 'number' ? text.slice(node.offset, node.offset + node.length) : node.value);
  // An object or array where a string goes: Terraform rejects it; keep it visible as a value of the wrong type.
  return scalarNode('null', span(node), null);
}

function implied(value: string, at: Span): JsonNode {
  const offsets = Array.from({ length: value.length }, () => at.start);
  offsets.push(at.end);
  return stringNode(at, { value, offsets, placeholders: [] });
}

/**
 * A JSON string as a Terraform template: JSON escapes resolved, `${…}` as placeholders (kept as written), `$${`
 * and `%%{` as literal `${` and `%{`, and `&{…}` as the IAM variable `${…}` when `iamVariables`.
 */
function templateOfString(text: string, node: JsonNode, iamVariables: boolean): TemplateText {
  // units[i]: where character i of the JSON value starts in the text.
  const first = node.offset + 1;
  const last = Math.max(first, node.offset + node.length - 1);
  const units: number[] = [];
  for (let offset = first; offset < last;) {
    units.push(offset);
    offset += text.charCodeAt(offset) !== 92 ? 1 : text.charCodeAt(offset + 1) === 117 ? 6 : 2;
  }
  units.push(last);
  const raw = node.value as string;
  let value = '';
  const offsets: number[] = [];
  const placeholders: Placeholder[] = [];
  for (let i = 0; i < raw.length;) {
    if ((raw[i] === '$' || raw[i] === '%') && raw[i + 1] === raw[i] && raw[i + 2] === '{') {
      value += raw[i] + '{';
      offsets.push(units[i], units[i + 2]);
      i += 3;
      continue;
    }
    if (raw[i] === '$' && raw[i + 1] === '{') {
      let depth = 0;
      let end = i + 1;
      for (; end < raw.length; end++) {
        if (raw[end] === '{') depth++;
        else if (raw[end] === '}' && --depth === 0) break;
      }
      end = Math.min(raw.length, end + 1);
      const source = raw.slice(i, end);
      placeholders.push({ start: value.length, end: value.length + source.length, kind: kindOf(source), source });
      value += source;
      for (let k = i; k < end; k++) offsets.push(units[k]);
      i = end;
      continue;
    }
    value += iamVariables && raw[i] === '&' && raw[i + 1] === '{' ? '$' : raw[i];
    offsets.push(units[i]);
    i++;
  }
  offsets.push(units[raw.length] ?? last);
  return { value, offsets, placeholders };
}

function kindOf(source: string): PlaceholderKind {
  const reference = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)\s*\}$/.exec(source);
  return reference ? traversalKind(reference[1].split(/\.|\[[^\]]*\]/).filter(Boolean)) : 'string';
}
