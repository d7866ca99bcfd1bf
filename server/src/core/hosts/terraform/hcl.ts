import type { HclNode as SyntaxNode } from './syntax';
import type { JsonNode, PlaceholderKind } from '../../policy/model';
import type { Span } from '../../text/span';
import { arrayNode, objectNode, propertyNode, scalarNode, stringNode } from './nodes';
import { expressionPlaceholder, holesOf, readTemplate, type TemplateText } from './template';

/** Helpers over tree-sitter's HCL syntax tree (node types from tree-sitter-hcl's grammar). */

export function spanOfSyntax(node: SyntaxNode): Span {
  return { start: node.startIndex, end: node.endIndex };
}

const WRAPPERS = new Set(['expression', 'literal_value', 'collection_value', 'template_expr', 'for_expr']);

/** The node that says what an expression is: `tuple`, `object`, `string_lit`, `function_call`… (a reference stays `expression`). */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (WRAPPERS.has(current.type) && current.namedChildCount === 1 && current.firstNamedChild) current = current.firstNamedChild;
  return current;
}

/** A block's type name and labels: `resource "aws_iam_role" "app"` → ['resource', 'aws_iam_role', 'app']. */
export function blockHeader(block: SyntaxNode): string[] {
  const names: string[] = [];
  for (const child of block.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier') names.push(child.text);
    else if (child.type === 'string_lit') names.push(stringLiteralText(child));
    else if (child.type === 'block_start' || child.type === 'body') break;
  }
  return names;
}

function stringLiteralText(node: SyntaxNode): string {
  return node.namedChildren.find((child) => child?.type === 'template_literal')?.text ?? '';
}

export function bodyOf(block: SyntaxNode): SyntaxNode | undefined {
  return block.namedChildren.find((child) => child?.type === 'body') ?? undefined;
}

export interface Attribute {
  node: SyntaxNode;
  name: SyntaxNode;
  value: SyntaxNode | undefined;
}

/** The attributes of a body by name; the first of a name wins (Terraform rejects duplicates). */
export function attributesOf(body: SyntaxNode | undefined): Map<string, Attribute> {
  const result = new Map<string, Attribute>();
  for (const child of body?.namedChildren ?? []) {
    if (child?.type !== 'attribute') continue;
    const name = child.firstNamedChild;
    if (!name || result.has(name.text)) continue;
    result.set(name.text, { node: child, name, value: child.namedChildren.find((c) => c?.type === 'expression') ?? undefined });
  }
  return result;
}

/**
 * The nested blocks of a name, `dynamic "name"` blocks included: for those, the body read is their `content`
 * block (one statement standing for 0..n copies) and the span is the dynamic block's.
 */
export function blocksNamed(body: SyntaxNode | undefined, name: string): { block: SyntaxNode; keyword: SyntaxNode; body: SyntaxNode | undefined }[] {
  const result: { block: SyntaxNode; keyword: SyntaxNode; body: SyntaxNode | undefined }[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (child?.type !== 'block') continue;
    const header = blockHeader(child);
    const keyword = child.firstNamedChild!;
    if (header[0] === name && header.length === 1) result.push({ block: child, keyword, body: bodyOf(child) });
    else if (header[0] === 'dynamic' && header[1] === name) {
      const content = (bodyOf(child)?.namedChildren ?? []).find((inner) => inner?.type === 'block' && blockHeader(inner)[0] === 'content');
      result.push({ block: child, keyword, body: content ? bodyOf(content) : undefined });
    }
  }
  return result;
}

/** A string or template expression as text with placeholders, or undefined for other expressions. */
export function templateOf(text: string, expression: SyntaxNode, iamVariables: boolean): TemplateText | undefined {
  const viaLocal = throughLocal(expression, (value) => templateOf(text, value, iamVariables));
  if (viaLocal) return viaLocal;
  const node = unwrap(expression);
  let template: TemplateText | undefined;
  if (node.type === 'string_lit' || node.type === 'quoted_template') {
    const end = node.lastChild?.type === 'quoted_template_end' ? node.endIndex - 1 : node.endIndex;
    template = readTemplate(text, holesOf(node), node.startIndex + 1, end, { quoted: true, iamVariables });
  } else if (node.type === 'heredoc_template') template = heredocOf(text, node, iamVariables);
  if (template && currentLocals) for (const hole of template.placeholders) hole.kind = localPlaceholderKind(text, hole.source) ?? hole.kind;
  return template;
}

function heredocOf(text: string, node: SyntaxNode, iamVariables: boolean): TemplateText | undefined {
  const identifiers = node.namedChildren.filter((child) => child?.type === 'heredoc_identifier');
  const opening = identifiers[0];
  if (!opening) return undefined;
  const newline = text.indexOf('\n', opening.endIndex);
  if (newline === -1) return undefined;
  const from = newline + 1;
  const closing = identifiers.length > 1 ? identifiers[identifiers.length - 1] : undefined;
  let to = closing ? closing.startIndex : node.endIndex;
  // The body ends before the line of the closing marker.
  while (to > from && text[to - 1] !== '\n') to--;
  const flush = node.namedChildren.some((child) => child?.type === 'heredoc_start' && child.text === '<<-');
  return readTemplate(text, holesOf(node), from, to, { quoted: false, iamVariables, indent: flush ? commonIndent(text, from, to) : 0 });
}

/** The fewest leading spaces or tabs on the non-blank lines of `[from, to)`, as `<<-` strips them. */
function commonIndent(text: string, from: number, to: number): number {
  let least = Infinity;
  for (let line = from; line < to;) {
    let end = text.indexOf('\n', line);
    if (end === -1 || end > to) end = to;
    let indent = 0;
    while (line + indent < end && (text[line + indent] === ' ' || text[line + indent] === '\t')) indent++;
    if (line + indent < end) least = Math.min(least, indent);
    line = end + 1;
  }
  return least === Infinity ? 0 : least;
}

const LIST_FUNCTIONS = new Set(['concat', 'flatten', 'distinct', 'compact', 'tolist', 'toset', 'sort', 'setunion']);

/** The function name of a `function_call` node. */
export function functionName(node: SyntaxNode): string | undefined {
  return node.type === 'function_call' ? node.firstNamedChild?.text : undefined;
}

export function functionArguments(node: SyntaxNode): SyntaxNode[] {
  const args = node.namedChildren.find((child) => child?.type === 'function_arguments');
  return (args?.namedChildren ?? []).filter((child): child is SyntaxNode => child?.type === 'expression');
}

/**
 * The string values of an HCL expression used as a list (`actions`, `identifiers`, `values`): literal strings
 * and templates as themselves; `concat()` and friends, conditionals and nested tuples by their elements; anything
 * else (`var.actions`, a `for` expression) as one placeholder, so the list is never empty for a rule to report.
 */
export function listStrings(text: string, expression: SyntaxNode, iamVariables: boolean): { items: JsonNode[]; isList: boolean } {
  const items: JsonNode[] = [];
  // Inside compact(), empty strings are removed: `compact([c ? "logs:CreateLogGroup" : "", ...])`.
  const collect = (expr: SyntaxNode, compacting: boolean) => {
    if (throughLocal(expr, (value) => (collect(value, compacting), true))) return;
    const node = unwrap(expr);
    if (node.type === 'tuple') {
      for (const element of node.namedChildren) if (element?.type === 'expression') collect(element, compacting);
      return;
    }
    if (node.type === 'conditional') {
      const branches = node.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression');
      for (const branch of branches.slice(1)) collect(branch, compacting);
      return;
    }
    const name = functionName(node);
    if (name && LIST_FUNCTIONS.has(name)) {
      for (const argument of functionArguments(node)) collect(argument, compacting || name === 'compact');
      return;
    }
    const item = scalarOf(text, expr, iamVariables);
    if (compacting && item.type === 'string' && item.value === '') return;
    items.push(item);
  };
  collect(expression, false);
  const top = unwrap(expression);
  return { items, isList: top.type !== 'string_lit' && top.type !== 'quoted_template' && top.type !== 'heredoc_template' };
}

/** A single value: a string node for strings and templates, a number or boolean, or one placeholder string. */
export function scalarOf(text: string, expression: SyntaxNode, iamVariables: boolean): JsonNode {
  const viaLocal = throughLocal(expression, (value) => (SCALAR_TYPES.has(unwrap(value).type) ? scalarOf(text, value, iamVariables) : undefined));
  if (viaLocal) return viaLocal;
  const node = unwrap(expression);
  const span = spanOfSyntax(expression);
  const template = templateOf(text, expression, iamVariables);
  if (template) return stringNode(span, template);
  if (node.type === 'numeric_lit') return scalarNode('number', span, node.text);
  if (node.type === 'bool_lit') return scalarNode('boolean', span, node.text === 'true');
  if (node.type === 'null_lit') return scalarNode('null', span, null);
  return stringNode(span, expressionPlaceholder(text, expression));
}

/** A synthetic string for a value Terraform supplies when it is omitted (effect Allow, version 2012-10-17), spanning the HCL that implies it. */
export function impliedString(value: string, span: Span): JsonNode {
  const offsets = Array.from({ length: value.length }, () => span.start);
  offsets.push(span.end);
  return stringNode(span, { value, offsets, placeholders: [] });
}

/**
 * `jsonencode(...)`'s argument as JSON nodes: objects and tuples by their elements (keys as written, bare or
 * quoted), strings and templates with placeholders, `for` expressions as one copy of their body, list functions
 * and conditionals over tuples by their elements, any other expression as one placeholder string.
 */
export function hclToJson(text: string, expression: SyntaxNode): JsonNode {
  const viaLocal = throughLocal(expression, (value) => hclToJson(text, value));
  if (viaLocal) return viaLocal;
  const node = unwrap(expression);
  const span = spanOfSyntax(expression);
  switch (node.type) {
    case 'object': {
      const properties: JsonNode[] = [];
      for (const element of node.namedChildren) {
        if (element?.type !== 'object_elem') continue;
        const [keyExpression, valueExpression] = element.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression');
        if (!keyExpression) continue;
        properties.push(propertyNode(spanOfSyntax(element), objectKey(text, keyExpression), spanOfSyntax(keyExpression), valueExpression ? hclToJson(text, valueExpression) : undefined));
      }
      return objectNode(span, properties);
    }
    case 'tuple':
      return arrayNode(
        span,
        node.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression').map((element) => hclToJson(text, element)),
      );
    case 'for_tuple_expr': {
      // `[for x in xs : element if condition]`: the element is the expression after the intro (the collection is inside the intro, the condition in its own node).
      const element = node.namedChildren.find((child) => child.type === 'expression');
      return arrayNode(span, element ? [hclToJson(text, element)] : []);
    }
    case 'function_call': {
      const name = functionName(node);
      if (name && LIST_FUNCTIONS.has(name)) return arrayNode(span, listStrings(text, expression, false).items);
      if (name === 'merge' || name === 'tomap') {
        const parts = functionArguments(node).map((argument) => hclToJson(text, argument));
        if (parts.every((part) => part.type === 'object'))
          return objectNode(
            span,
            parts.flatMap((part) => part.children ?? []),
          );
      }
      return scalarOf(text, expression, false);
    }
    case 'conditional': {
      const branches = node.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression').slice(1);
      if (branches.length === 2 && branches.every((branch) => unwrap(branch).type === 'tuple')) return arrayNode(span, listStrings(text, expression, false).items);
      return scalarOf(text, expression, false);
    }
    default:
      return scalarOf(text, expression, false);
  }
}

function objectKey(text: string, key: SyntaxNode): string {
  const node = unwrap(key);
  if (node.type === 'variable_expr') return node.text;
  const template = templateOf(text, key, false);
  if (template) return template.value;
  // `(local.key) = …` and other computed keys: as written.
  return text.slice(key.startIndex, key.endIndex);
}

/**
 * The `locals` of the module being read, by name: each value expression as written (first definition wins; Terraform
 * rejects a repeated name). `withLocals` sets them while the reader reads a block, and the functions above follow
 * `local.x` into a literal value there, so an action list kept in a local is checked where it is written. A local
 * whose value is not a literal (a variable, a `for` expression, a resource attribute) stays a placeholder where it
 * is used. Variables are never followed: a `default` can be overridden.
 */
export type Locals = ReadonlyMap<string, SyntaxNode>;

let currentLocals: Locals | undefined;
// The locals being followed: a local whose literal refers to itself (a cycle Terraform rejects) reads as a placeholder.
const following = new Set<string>();

/** Runs `read` with `local.x` references followed into `locals`. The reader is synchronous, so this is one read's scope. */
export function withLocals<T>(locals: Locals | undefined, read: () => T): T {
  const saved = currentLocals;
  currentLocals = locals && locals.size > 0 ? locals : undefined;
  try {
    return read();
  } finally {
    currentLocals = saved;
  }
}

/** The `locals` blocks' attributes as a Locals map. */
export function localsOf(blocks: readonly SyntaxNode[]): Locals {
  const locals = new Map<string, SyntaxNode>();
  for (const block of blocks) for (const [name, attribute] of attributesOf(bodyOf(block))) if (attribute.value && !locals.has(name)) locals.set(name, attribute.value);
  return locals;
}

const SCALAR_TYPES = new Set(['string_lit', 'quoted_template', 'heredoc_template', 'numeric_lit', 'bool_lit']);
const LITERAL_TYPES = new Set([...SCALAR_TYPES, 'tuple', 'object']);
const LITERAL_FUNCTIONS = new Set([...LIST_FUNCTIONS, 'jsonencode', 'merge', 'tomap']);

/** `local.name` exactly (no index or further attribute), as its name. */
function localName(expression: SyntaxNode): string | undefined {
  const node = unwrap(expression);
  if (node.type !== 'expression') return undefined;
  const [root, step, ...rest] = node.namedChildren;
  if (rest.length > 0 || root?.type !== 'variable_expr' || root.text !== 'local' || step?.type !== 'get_attr') return undefined;
  return step.lastNamedChild?.text;
}

/** Calls `use` with the literal value of the local `expression` names (through locals that name other locals), or answers undefined. */
export function throughLocal<T>(expression: SyntaxNode, use: (value: SyntaxNode) => T | undefined): T | undefined {
  if (!currentLocals) return undefined;
  const name = localName(expression);
  if (name === undefined || following.has(name)) return undefined;
  let value = currentLocals.get(name);
  for (let depth = 0; value && depth < 16; depth++) {
    const next = localName(value);
    if (next === undefined) break;
    value = next === name ? undefined : currentLocals.get(next);
  }
  if (!value) return undefined;
  const node = unwrap(value);
  if (!LITERAL_TYPES.has(node.type) && !LITERAL_FUNCTIONS.has(functionName(node) ?? '')) return undefined;
  following.add(name);
  try {
    return use(value);
  } finally {
    following.delete(name);
  }
}

/** The kind of `${local.x}` inside a template from the local's literal text: an ARN, an account ID, a partition or a Region. */
function localPlaceholderKind(text: string, source: string): PlaceholderKind | undefined {
  const name = /^\$\{\s*local\.([A-Za-z_][\w-]*)\s*\}$/.exec(source)?.[1];
  const value = name === undefined ? undefined : currentLocals?.get(name);
  const node = value && unwrap(value);
  if (!node || node.type !== 'string_lit') return undefined;
  const literal = text.slice(node.startIndex + 1, node.endIndex - 1);
  if (literal.startsWith('arn:')) return 'arn';
  if (/^\d{12}$/.test(literal)) return 'account';
  if (/^aws(-cn|-us-gov|-iso[a-z-]*)?$/.test(literal)) return 'partition';
  if (/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(literal)) return 'region';
  return undefined;
}
