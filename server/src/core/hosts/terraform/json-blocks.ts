import { parseTree } from 'jsonc-parser';
import type { JsonNode } from '../../policy/model';
import { terraformParser } from './parser';
import { copySubtree, HclNode } from './syntax';

/**
 * The top-level blocks of a `.tf.json` file (https://developer.hashicorp.com/terraform/language/syntax/json) as the
 * syntax trees `terraformBlocks` gives for a `.tf` file, so the account model reads both alike:
 * `{"resource": {"aws_iam_role": {"app": {...}}}}` is the block `resource "aws_iam_role" "app"`, each property of its
 * body an attribute whose value is the HCL expression the JSON value is (a JSON array, object, number or string is
 * valid HCL as written; a string is a template, and a string that is one `${…}` is that expression), and an
 * `inline_policy` object or array of objects are nested blocks. Offsets are those of the JSON text; the trees' text
 * (`text`) is the JSON text with the interpolations' JSON escapes resolved, padded with spaces to keep every offset.
 * The parser must be loaded. Never throws.
 */
export function terraformJsonBlocks(json: string): { blocks: HclNode[]; text: string; jsonOffset: (offset: number) => number } | Error {
  const instance = terraformParser();
  if (instance instanceof Error) return instance;
  let root: JsonNode | undefined;
  try {
    root = parseTree(json, [], { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    return error as Error;
  }
  if (root?.type !== 'object') return new Error('A .tf.json file holds one JSON object.');
  const { text, jsonOffset } = hclView(json, root);
  const source = { text };
  const values: { value: JsonNode; attach: (expression: HclNode) => void }[] = [];
  const blocks: HclNode[] = [];

  const keyNode = (key: JsonNode, type: 'identifier' | 'string_lit'): HclNode => {
    if (type === 'identifier') return new HclNode('identifier', key.offset + 1, key.offset + key.length - 1, true, false, source);
    const literal = new HclNode('string_lit', key.offset, key.offset + key.length, true, false, source);
    literal.children.push(new HclNode('template_literal', key.offset + 1, key.offset + key.length - 1, true, false, source));
    return literal;
  };
  /** A body from a JSON object: its properties as attributes, `inline_policy` as nested blocks. */
  const bodyOf = (object: JsonNode): HclNode => {
    const body = new HclNode('body', object.offset, object.offset + object.length, true, false, source);
    for (const property of object.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value || key.value === '//') continue;
      if (NESTED_BLOCKS.has(String(key.value)) && (value.type === 'object' || value.type === 'array')) {
        for (const inner of value.type === 'object' ? [value] : (value.children ?? []).filter((item) => item.type === 'object')) {
          const block = new HclNode('block', key.offset, inner.offset + inner.length, true, false, source);
          block.children.push(keyNode(key, 'identifier'), bodyOf(inner));
          body.children.push(block);
        }
        continue;
      }
      const attribute = new HclNode('attribute', property.offset, property.offset + property.length, true, false, source);
      attribute.children.push(keyNode(key, 'identifier'));
      body.children.push(attribute);
      values.push({ value, attach: (expression) => attribute.children.push(expression) });
    }
    return body;
  };
  /** `labels` more levels of object keys name the block (`resource` has two, `module` one, `locals` none). */
  const addBlocks = (type: JsonNode, node: JsonNode, labels: number, header: HclNode[]) => {
    if (labels === 0) {
      for (const object of node.type === 'object' ? [node] : node.type === 'array' ? (node.children ?? []).filter((item) => item.type === 'object') : []) {
        // A labelled block starts at its last label, where its principal is said to be defined.
        const start = header.length > 1 ? header[header.length - 1].startIndex : object.offset;
        const block = new HclNode('block', start, object.offset + object.length, true, false, source);
        block.children.push(...header, bodyOf(object));
        blocks.push(block);
      }
      return;
    }
    if (node.type !== 'object') return;
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key && value && key.value !== '//') addBlocks(type, value, labels - 1, [...header, keyNode(key, 'string_lit')]);
    }
  };
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    const labels = key && LABELS[String(key.value)];
    if (labels !== undefined && value) addBlocks(key, value, labels, [keyNode(key, 'string_lit')]);
  }

  // Every value is parsed in one go, as `x = <value>` lines, and copied to its place in the JSON text.
  let hcl = '';
  const placed: { attach: (expression: HclNode) => void; line: number; delta: number }[] = [];
  for (const { value, attach } of values) {
    const { start, end } = expressionSpan(text, value);
    const prefix = 'x = ';
    placed.push({ attach, line: placed.length, delta: start - (hcl.length + prefix.length) });
    hcl += `${prefix}${text.slice(start, end).replace(/[\r\n]/g, ' ')}\n`;
  }
  if (placed.length === 0) return { blocks, text, jsonOffset };
  let tree;
  try {
    tree = instance.parse(hcl);
  } catch (error) {
    return error as Error;
  }
  if (!tree) return new Error('The Terraform parser returned no tree.');
  const cursor = tree.walk();
  try {
    const copy = copySubtree(cursor, tree.language, { text: hcl });
    const attributes = copy.namedChildren.find((child) => child.type === 'body')?.namedChildren.filter((child) => child.type === 'attribute') ?? [];
    if (attributes.length !== placed.length) return new Error('The expressions of this .tf.json file do not parse.');
    placed.forEach(({ attach, delta }, index) => {
      const expression = attributes[index].namedChildren.find((child) => child.type === 'expression');
      if (expression) attach(moved(expression, delta, source));
    });
  } finally {
    cursor.delete();
    tree.delete();
  }
  return { blocks, text, jsonOffset };
}

/** The blocks the JSON syntax spells out, by how many labels name them. */
const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, locals: 0 };

/** Nested blocks the account model reads (aws_iam_role's exclusive inline policies). */
const NESTED_BLOCKS = new Set(['inline_policy']);

/** Where a value's expression is: the whole JSON value, or inside a string that is one `${…}`, that expression. */
function expressionSpan(text: string, value: JsonNode): { start: number; end: number } {
  const start = value.offset;
  const end = value.offset + value.length;
  if (value.type !== 'string') return { start, end };
  const inner = /^"\$\{(?!~)\s*([^]*?)\s*\}"$/.exec(text.slice(start, end));
  if (!inner || !isOneInterpolation(inner[1])) return { start, end };
  const at = text.indexOf(inner[1], start + 3);
  return { start: at, end: at + inner[1].length };
}

/** Whether `${` + `expression` + `}` is one interpolation, not `${a}-${b}` (its braces and quotes balance inside). */
function isOneInterpolation(expression: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0 && !quoted;
}

/**
 * The JSON text with the JSON escapes inside each string's `${…}` interpolations resolved (an HCL expression inside a
 * template is not escaped: `"${jsonencode({\"a\" = 1})}"` is `jsonencode({"a" = 1})`), each interpolation padded
 * with spaces before its `}` to its length in the JSON text, so every other offset stays where it is. `jsonOffset`
 * maps an offset of that text to the JSON text's (inside an interpolation, where its character is written, escaped).
 */
function hclView(json: string, root: JsonNode): { text: string; jsonOffset: (offset: number) => number } {
  const parts: string[] = [];
  const unescaped: { start: number; origins: number[] }[] = [];
  let position = 0;
  const visit = (node: JsonNode) => {
    if (node.type === 'string') {
      const raw = json.slice(node.offset + 1, node.offset + node.length - 1);
      if (!raw.includes('\\') || !raw.includes('${')) return;
      const { result, origins } = unescapedInterpolations(raw);
      parts.push(json.slice(position, node.offset + 1), result);
      unescaped.push({ start: node.offset + 1, origins: origins.map((origin) => origin + node.offset + 1) });
      position = node.offset + node.length - 1;
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  parts.push(json.slice(position));
  const jsonOffset = (offset: number) => {
    const string = unescaped.find(({ start, origins }) => offset >= start && offset < start + origins.length);
    return string ? string.origins[offset - string.start] : offset;
  };
  return { text: parts.join(''), jsonOffset };
}

/** A string's text with its interpolations unescaped, and for each character the index in `raw` it is written at. */
function unescapedInterpolations(raw: string): { result: string; origins: number[] } {
  let result = '';
  const origins: number[] = [];
  const add = (char: string, origin: number) => {
    result += char;
    origins.push(origin);
  };
  for (let i = 0; i < raw.length;) {
    if (raw[i] === '\\') {
      add(raw[i], i);
      if (i + 1 < raw.length) add(raw[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (raw[i] !== '$' || raw[i + 1] !== '{' || raw[i - 1] === '$') {
      add(raw[i], i);
      i++;
      continue;
    }
    // The interpolation's end: its closing brace in the unescaped text (quoted strings inside may hold braces).
    let depth = 0;
    let quoted = false;
    let value = '';
    const valueOrigins: number[] = [];
    let j = i + 2;
    for (; j < raw.length; j++) {
      let char = raw[j];
      valueOrigins.push(j);
      if (char === '\\' && j + 1 < raw.length) {
        const escape = /^\\(u[0-9a-fA-F]{4}|.)/.exec(raw.slice(j))![1];
        char = escape.length === 5 ? String.fromCharCode(Number.parseInt(escape.slice(1), 16)) : (JSON.parse(`"\\${escape}"`) as string);
        j += escape.length;
        value += char;
        if (char === '"') quoted = !quoted;
        continue;
      }
      if (!quoted && char === '{') depth++;
      if (!quoted && char === '}' && depth-- === 0) {
        valueOrigins.pop();
        break;
      }
      if (char === '"') quoted = !quoted;
      value += char;
    }
    const length = j - (i + 2);
    add('$', i);
    add('{', i + 1);
    for (let k = 0; k < value.length; k++) add(value[k], valueOrigins[k]);
    // The padding stands where the interpolation's `}` is written.
    for (let k = value.length; k < length; k++) add(' ', j);
    i = j;
  }
  return { result, origins };
}

/** A copy of a parsed expression at `delta` characters later, reading its text from `source`. */
function moved(node: HclNode, delta: number, source: { text: string }): HclNode {
  const copy = new HclNode(node.type, node.startIndex + delta, node.endIndex + delta, node.isNamed, node.isMissing, source);
  for (const child of node.children) copy.children.push(moved(child, delta, source));
  return copy;
}
