import { getNodeValue, parseTree } from 'jsonc-parser';
import type { Problem } from '../../checks/check';
import type { JsonNode, Placeholder } from '../../policy/model';
import type { PolicyType } from '../../policy/policy-type';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy, HostDocument } from '../host';
import { arrayNode, conditionOperatorNodes, objectNode, policyFromNodes, propertyNode, remapNode, scalarNode, stringNode, type ConditionOperatorParts } from './nodes';
import { inlinePolicyKey, policyAttributesOf, policyTypeOf } from './resources';
import { traversalMeaning, type TemplateText } from './template';
import { readJsonTemplate } from './json-template';
import { MERGE_ATTRIBUTES, mergedPolicy, mergeStatements, type MergedPart, type MergeInput } from './merge';
import { terraformParser } from './parser';
import { copySubtree, type HclNode as SyntaxNode } from './syntax';
import { fileReference, linkOf, type FileReference } from './files';
import { attributesOf, functionArguments, functionName, hclToJson, unwrap } from './hcl';
import { evaluationWithJsonLocals } from './evaluate';
import { withEvaluation, type Evaluate } from './expansion';
import { boundaryOnlyPolicies, policyUsesOfStrings, usesPolicies } from './boundaries';

/**
 * Terraform's JSON syntax (`.tf.json`, https://developer.hashicorp.com/terraform/language/syntax/json): the same
 * blocks as objects, `"data": {"aws_iam_policy_document": {"name": {...}}}`, nested blocks as an object or an
 * array of objects, and every string a template in which `${…}` is interpolation. Read here: the policy document
 * data sources, merged with their source and override documents as in .tf files, with the policy type a resource
 * attribute gives them through `${data.aws_iam_policy_document.x.json}`; and the policies written in resource
 * attributes, as a JSON string or as `"${jsonencode({...})}"` (the HCL expression inside the string is parsed). An
 * `aws_iam_policy` that the file's roles and users take only as their permissions boundary is a boundary, as in a
 * .tf file (boundaries.ts).
 */
export function readTerraformJson(text: string, uri = ''): HostDocument {
  const problems: Problem[] = [];
  const policies: EmbeddedPolicy[] = [];
  const files: FileReference[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return { kind: 'terraform', policies, problems };
  }
  if (root?.type !== 'object') return { kind: 'terraform', policies, problems };
  const types = new Map<string, PolicyType>();
  const locals = new Map<string, unknown>();
  for (const block of blockBodies(member(root, 'locals'))) for (const [name, value] of entries(block)) if (!locals.has(name)) locals.set(name, getNodeValue(value));
  const evaluation = evaluationWithJsonLocals(locals);
  const boundaries = boundaryOnlyPolicies(
    entries(member(root, 'resource')).flatMap(([resourceType, resources]) =>
      usesPolicies(resourceType)
        ? entries(resources).flatMap(([, resource]) => blockBodies(resource).map((body) => policyUsesOfStrings(resourceType, (attribute) => stringsOf(member(body, attribute)))))
        : [],
    ),
  );
  for (const [resourceType, resources] of entries(member(root, 'resource'))) {
    const paths = policyAttributesOf(resourceType);
    if (!paths) continue;
    for (const [name, resource] of entries(resources)) {
      for (const body of blockBodies(resource)) {
        const literals = new Map<string, string>();
        for (const [key, value] of entries(body)) if (value.type === 'string') literals.set(key, value.value as string);
        const owner = `${resourceType}.${name}`;
        for (const path of Object.keys(paths)) {
          const given = policyTypeOf(resourceType, path, literals);
          const policyType = given === 'identity' && boundaries.has(owner) ? 'boundary' : given;
          const [first, second] = path.split('.');
          const values =
            second === undefined
              ? [{ value: member(body, first), label: undefined }]
              : blockBodies(member(body, first)).map((inner) => {
                  const name = member(inner, 'name');
                  return { value: member(inner, second), label: name?.type === 'string' && name.value !== '' && !String(name.value).includes('${') ? String(name.value) : undefined };
                });
          for (const { value, label } of values) {
            if (value?.type !== 'string' || !policyType) continue;
            const reference = documentName(value.value as string);
            if (reference) {
              // A grant anywhere wins over a boundary.
              if (!types.has(reference) || types.get(reference) === 'boundary') types.set(reference, policyType);
              continue;
            }
            const file = attributeFile(text, value);
            if (file) {
              files.push({ ...file, policyType });
              continue;
            }
            const policy = attributePolicy(text, value, evaluation);
            if (policy) policies.push({ policy, policyType, span: span(value), name: `${owner}.${path}`, owner, ...(label !== undefined ? { matchKey: inlinePolicyKey(owner, path, label) } : {}) });
          }
        }
      }
    }
  }
  const documents = new Map<string, { root: JsonNode; span: Span; parts: MergedPart[] }>();
  for (const [name, block] of entries(member(member(root, 'data'), 'aws_iam_policy_document'))) {
    // Several bodies under one name is a duplicate Terraform rejects; the first is the data source.
    const [body] = blockBodies(block);
    if (body && !documents.has(name)) documents.set(name, { root: policyDocument(text, body), span: span(body), parts: mergedPartsOf(body) });
  }
  // Source and override documents merged as the provider merges them (merge.ts); a document not in this file
  // leaves the merge partial, and a cycle reads as unknown.
  const merged = new Map<string, MergeInput | undefined>();
  const resolve = (name: string): MergeInput | undefined => {
    if (merged.has(name)) return merged.get(name);
    const document = documents.get(name);
    if (!document) return undefined;
    merged.set(name, undefined);
    const own = statementNodesOf(document.root);
    const result =
      document.parts.length === 0 ? { statements: own, complete: true } : mergeStatements(own, document.parts, (address) => resolve(address.replace(/^data\.aws_iam_policy_document\./, '')));
    if ('problems' in result) problems.push(...result.problems);
    const input = { statements: result.statements, complete: result.complete };
    merged.set(name, input);
    return input;
  };
  for (const [name, document] of documents) {
    const address = `data.aws_iam_policy_document.${name}`;
    const policyType = types.get(name);
    const statements = resolve(name)?.statements ?? [];
    // A data source made only of documents this file does not hold has nothing to check here.
    if (document.parts.length > 0 && statements.length === 0) continue;
    const policy =
      document.parts.length > 0
        ? mergedPolicy(text, document.root, statements, document.span, address)
        : { policy: policyFromNodes(text, document.root, [], { kind: 'policy-document' }), span: document.span, name: address, owner: address };
    policies.push({ ...policy, ...(policyType ? { policyType } : {}) });
  }
  const links = files.flatMap((file) => linkOf(file, uri) ?? []);
  return { kind: 'terraform', policies: policies.sort((a, b) => a.span.start - b.span.start), problems, ...(links.length ? { links } : {}) };
}

/** `${data.aws_iam_policy_document.x.json}` (also `.minified_json`, indexed or not) as `x`. */
function documentName(value: string): string | undefined {
  return /^\$\{\s*data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]]*\])?\.(?:json|minified_json)\s*\}$/.exec(value)?.[1];
}

/** The documents a data source's merge attributes name, in the provider's order (see merge.ts). */
function mergedPartsOf(body: JsonNode): MergedPart[] {
  const parts: MergedPart[] = [];
  for (const attribute of MERGE_ATTRIBUTES) {
    const value = member(body, attribute);
    if (!value) continue;
    const items = value.type === 'array' ? (value.children ?? []) : [value];
    items.forEach((item, index) => {
      const name = item.type === 'string' ? documentName(item.value as string) : undefined;
      parts.push({ attribute, item: index, address: name === undefined ? undefined : `data.aws_iam_policy_document.${name}`, span: span(item) });
    });
  }
  return parts;
}

function statementNodesOf(root: JsonNode): JsonNode[] {
  return (member(root, 'Statement')?.children ?? []).filter((child) => child.type === 'object');
}

/**
 * A resource attribute's policy: JSON text in the string (`${…}` inside it placeholders), or `"${jsonencode({...})}"`,
 * whose HCL expression is parsed on its own and read as in a .tf file, with offsets mapped back into the JSON string.
 */
function attributePolicy(text: string, value: JsonNode, evaluation: Evaluate): ReturnType<typeof policyFromNodes> | undefined {
  const raw = value.value as string;
  if (/^\$\{\s*jsonencode\(/.test(raw)) {
    return interpolatedExpression(text, value, (source, expression, host) => {
      const call = unwrap(expression);
      if (functionName(call) !== 'jsonencode') return undefined;
      const [argument] = functionArguments(call);
      // A `for` expression over a collection the file knows is its elements, as in a .tf file.
      const nodes = argument && withEvaluation(evaluation, () => hclToJson(source, argument));
      return nodes?.type === 'object' ? policyFromNodes(text, remapNode(nodes, host)) : undefined;
    });
  }
  const template = templateOfString(text, value, false);
  if (!template.value.trimStart().startsWith('{')) return undefined;
  const { root, syntaxErrors } = readJsonTemplate(template);
  if (root?.type !== 'object') return undefined;
  return policyFromNodes(text, root, syntaxErrors, { kind: 'text', text: template.value, placeholders: template.placeholders });
}

/** `"${file("policy.json")}"` or `"${templatefile(...)}"` in a policy attribute: the file it reads, with the path's span in the JSON text. */
function attributeFile(text: string, value: JsonNode): FileReference | undefined {
  if (!/^\$\{\s*(?:file|templatefile)\(/.test(value.value as string)) return undefined;
  return interpolatedExpression(text, value, (source, expression, host) => {
    const reference = fileReference(source, expression);
    const span = (inner: Span): Span => ({ start: host(inner.start), end: host(inner.end) });
    return reference && { ...reference, span: span(reference.span), ...(reference.variables ? { variables: { ...reference.variables, span: span(reference.variables.span) } } : {}) };
  });
}

/**
 * A JSON string that is one interpolation, `"${expression}"`: the expression parsed as HCL on its own (`x = expression`)
 * and given to `read` with a map from its offsets to the JSON text (escapes inside the string are longer there).
 * Undefined when the parser is not loaded, the text is not one interpolation, or it does not parse.
 */
function interpolatedExpression<T>(text: string, value: JsonNode, read: (source: string, expression: SyntaxNode, host: (offset: number) => number) => T | undefined): T | undefined {
  const parser = terraformParser();
  const raw = value.value as string;
  if (parser instanceof Error || !raw.endsWith('}')) return undefined;
  // units[i]: where character i of the string's value starts in the .tf.json text.
  const units: number[] = [];
  for (let offset = value.offset + 1; offset < value.offset + value.length - 1;) {
    units.push(offset);
    offset += text.charCodeAt(offset) !== 92 ? 1 : text.charCodeAt(offset + 1) === 117 ? 6 : 2;
  }
  units.push(value.offset + value.length - 1);
  const prefix = 'x = ';
  const source = `${prefix}${raw.slice(2, -1)}\n`;
  const tree = parser.parse(source);
  if (!tree) return undefined;
  try {
    if (tree.rootNode.hasError) return undefined;
    const cursor = tree.walk();
    let expression: SyntaxNode | undefined;
    try {
      const root = copySubtree(cursor, tree.language, { text: source });
      expression = attributesOf(root.namedChildren.find((child) => child.type === 'body')).get('x')?.value;
    } finally {
      cursor.delete();
    }
    // Offset o of `source` is character o - prefix + 2 of the string's value.
    return expression && read(source, expression, (offset) => units[Math.min(Math.max(offset - prefix.length + 2, 0), units.length - 1)]);
  } finally {
    tree.delete();
  }
}

function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (keyNode?.value === key) return value;
  }
  return undefined;
}

/** An attribute's strings: the string, or the strings of a list. */
function stringsOf(node: JsonNode | undefined): string[] {
  if (node?.type === 'string') return [node.value as string];
  if (node?.type === 'array') return (node.children ?? []).flatMap((child) => (child.type === 'string' ? [child.value as string] : []));
  return [];
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

function policyDocument(text: string, body: JsonNode): JsonNode {
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
  if (statements.length === 0) return objectNode(bodySpan, properties);
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
    const operators = new Map<string, ConditionOperatorParts>();
    for (const block of blockBodies(conditions.value)) {
      const test = propertyOf(block, 'test');
      const variable = propertyOf(block, 'variable');
      const values = propertyOf(block, 'values');
      const testText = test?.value.type === 'string' ? (test.value.value as string) : '';
      const variableText = variable?.value.type === 'string' ? templateOfString(text, variable.value, true).value : '';
      const items = values ? (listOf(text, values.value).children ?? []) : undefined;
      let operator = operators.get(testText);
      if (!operator) operators.set(testText, (operator = { span: span(block), testSpan: test ? span(test.value) : span(block), keys: new Map() }));
      // The same test and variable in several blocks is one key with the values appended, as in .tf files.
      const key = operator.keys.get(variableText);
      if (key) {
        if (items) key.items = [...(key.items ?? []), ...items];
      } else operator.keys.set(variableText, { span: span(block), keySpan: variable ? span(variable.value) : span(block), valueSpan: values ? span(values.value) : undefined, items });
    }
    properties.push(propertyNode(span(conditions.property), 'Condition', span(conditions.key), objectNode(span(conditions.value), conditionOperatorNodes(operators))));
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
      placeholders.push({ start: value.length, end: value.length + source.length, ...meaningOf(source), source });
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

function meaningOf(source: string): Pick<Placeholder, 'kind' | 'resource'> {
  const reference = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)\s*\}$/.exec(source);
  return reference ? traversalMeaning(reference[1].split(/\.|\[[^\]]*\]/).filter(Boolean), source) : { kind: 'string' };
}
