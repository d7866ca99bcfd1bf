import type { HclNode as SyntaxNode } from './syntax';
import { DeployChoice, DeployString, type DeployValue } from '../../account/deploy-time';
import type { JsonNode, Placeholder, PlaceholderKind } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import { isObjectValue } from '../../account/deploy-time';
import { collectionElements } from './values';
import { evaluating, namesBoundSymbol, nodeOfValue, valueOfExpression } from './expansion';
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

/** The expression of a quoted template that is exactly one `${…}` interpolation. */
export function onlyInterpolation(node: SyntaxNode): SyntaxNode | undefined {
  const parts = node.namedChildren.filter((child) => child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end');
  const [only] = parts;
  if (parts.length !== 1 || only.type !== 'template_interpolation') return undefined;
  if (only.children.some((child) => child.type === 'strip_marker')) return undefined;
  return only.namedChildren.find((child) => child.type === 'expression');
}

/**
 * `unwrap`, and through a string that is one interpolation and nothing else (`"${data.x.y.json}"`, as Terraform 0.11
 * wrote every reference), which is the value itself
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#interpolation).
 */
export function unwrapInterpolation(node: SyntaxNode): SyntaxNode {
  let current = unwrap(node);
  for (let inner = onlyInterpolation(current); current.type === 'quoted_template' && inner; inner = onlyInterpolation(current)) current = unwrap(inner);
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
    if (child?.type === 'object_elem') {
      // An object standing for a block (see legacyBlocks): `{ type = "AWS", identifiers = [...] }`.
      const [key, value] = child.namedChildren;
      const name = key && unwrap(key).type === 'variable_expr' ? unwrap(key).firstNamedChild : undefined;
      if (name && !result.has(name.text)) result.set(name.text, { node: child, name, value });
      continue;
    }
    if (child?.type !== 'attribute') continue;
    const name = child.firstNamedChild;
    if (!name || result.has(name.text)) continue;
    result.set(name.text, { node: child, name, value: child.namedChildren.find((c) => c?.type === 'expression') ?? undefined });
  }
  return result;
}

/**
 * The values of an object's elements, whatever their keys: names (`s3 = {…}`), quoted strings (`"lambda-ecr" = {…}`)
 * or expressions (`(local.key) = {…}`), as a map of blocks or statements by name writes them.
 */
export function objectValues(object: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  for (const child of object.namedChildren) if (child?.type === 'object_elem' && child.namedChildren[1]) values.push(child.namedChildren[1]);
  return values;
}

/** A nested block as the reader reads it: a block, or one copy a `dynamic` block makes. */
export interface NamedBlock {
  block: SyntaxNode;
  keyword: SyntaxNode;
  body: SyntaxNode | undefined;
  /** A copy of a dynamic block for one element of its for_each: its iterator (`statement`, or the `iterator` named) as `{ key, value }`. */
  symbols?: ReadonlyMap<string, DeployValue>;
}

/**
 * The nested blocks of a name, `dynamic "name"` blocks included
 * (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks). A dynamic block whose for_each
 * evaluates here (`text` given, in a read that evaluates) to a known list, set or map is one copy of its `content`
 * per element, spanning the content block, with the iterator bound to `{ key, value }` (a list's key is its index,
 * a map's its key, in lexical order); an empty for_each makes none. Any other dynamic block is its content once (one
 * copy standing for 0..n), spanning the dynamic block.
 */
export function blocksNamed(body: SyntaxNode | undefined, name: string, text?: string): NamedBlock[] {
  const result: NamedBlock[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (child?.type !== 'block') continue;
    const header = blockHeader(child);
    const keyword = child.firstNamedChild!;
    if (header[0] === name && header.length === 1) result.push({ block: child, keyword, body: bodyOf(child) });
    else if (header[0] === 'dynamic' && header[1] === name) result.push(...dynamicCopies(child, name, text));
  }
  if (result.length === 0) result.push(...legacyBlocks(body, name));
  return result;
}

/**
 * Terraform 0.11 wrote nested blocks as arguments too, `principals = { type = "AWS", identifiers = [...] }` or a list
 * of such objects; 0.12 and later reject it, but old modules still read so, and their statements mean what the
 * blocks would. Each object is read as one block, spanning the object.
 */
function legacyBlocks(body: SyntaxNode | undefined, name: string): NamedBlock[] {
  const result: NamedBlock[] = [];
  for (const child of body?.namedChildren ?? []) {
    // In an object standing for a block (a statement of a module's statement list), its elements are its arguments.
    const elementKey = child?.type === 'object_elem' ? child.namedChildren[0] : undefined;
    const key = elementKey && unwrap(elementKey).type === 'variable_expr' ? unwrap(elementKey).firstNamedChild : undefined;
    if (child && key?.text === name) {
      const node = child.namedChildren[1] && unwrap(child.namedChildren[1]);
      // A map of blocks by name (`principals = { service = { type, identifiers } }`, as some modules take them).
      const inner = node?.type === 'object' ? objectValues(node).map(unwrap) : [];
      const byName = inner.length > 0 && inner.every((item) => item?.type === 'object') ? (inner as SyntaxNode[]) : undefined;
      const objects = byName ?? (node?.type === 'object' ? [node] : node?.type === 'tuple' ? node.namedChildren.map(unwrap).filter((item) => item.type === 'object') : []);
      for (const object of objects) result.push({ block: object, keyword: key, body: object });
      continue;
    }
    if (child?.type !== 'attribute' || child.firstNamedChild?.text !== name) continue;
    const value = child.namedChildren.find((c) => c?.type === 'expression');
    const node = value && unwrap(value);
    const objects = node?.type === 'object' ? [node] : node?.type === 'tuple' ? node.namedChildren.map(unwrap).filter((item) => item.type === 'object') : [];
    for (const object of objects) result.push({ block: object, keyword: child.firstNamedChild, body: object });
  }
  return result;
}

/**
 * The copies a `dynamic "name"` block makes (see blocksNamed): one per element of a for_each known in this read, or
 * its content once, spanning the dynamic block, when the for_each is not known.
 */
export function dynamicCopies(dynamic: SyntaxNode, name: string, text: string | undefined): NamedBlock[] {
  const keyword = dynamic.firstNamedChild!;
  const inner = bodyOf(dynamic);
  const content = (inner?.namedChildren ?? []).find((node) => node?.type === 'block' && blockHeader(node)[0] === 'content');
  const once = [{ block: dynamic, keyword, body: content ? bodyOf(content) : undefined }];
  const attributes = attributesOf(inner);
  const forEach = attributes.get('for_each')?.value;
  if (!content || !forEach || text === undefined || !evaluating()) return once;
  const elements = collectionElements(valueOfExpression(forEach, text));
  if (!elements) return once;
  const iterator = attributes.get('iterator')?.value;
  const symbol = iterator ? unwrap(iterator).text : name;
  return elements.map(([key, value]) => ({ block: content, keyword: content.firstNamedChild!, body: bodyOf(content), symbols: new Map([[symbol, { key, value }]]) }));
}

/** A string or template expression as text with placeholders, or undefined for other expressions. */
export function templateOf(text: string, expression: SyntaxNode, iamVariables: boolean): TemplateText | undefined {
  const viaLocal = throughLocal(expression, (value, valueText) => templateOf(valueText, value, iamVariables));
  if (viaLocal) return viaLocal;
  const node = unwrap(expression);
  let template: TemplateText | undefined;
  if (node.type === 'string_lit' || node.type === 'quoted_template') {
    const end = node.lastChild?.type === 'quoted_template_end' ? node.endIndex - 1 : node.endIndex;
    template = readTemplate(text, holesOf(node), node.startIndex + 1, end, { quoted: true, iamVariables });
  } else if (node.type === 'heredoc_template') template = heredocOf(text, node, iamVariables);
  if (template && template.placeholders.length > 0 && namesBoundSymbol(expression)) {
    // `"arn:aws:s3:::${statement.value.bucket}/*"` in a dynamic block's copy: the string this copy makes, every part
    // of it at the whole template.
    const value = valueOfExpression(expression, text);
    const made = value === undefined ? undefined : nodeOfValue(value, spanOfSyntax(expression));
    if (made?.type === 'string')
      return { value: String(made.value), offsets: spannedOffsets(String(made.value), spanOfSyntax(expression)), placeholders: [...((made as { placeholders?: Placeholder[] }).placeholders ?? [])] };
  }
  if (template && scope) for (const hole of template.placeholders) hole.kind = localPlaceholderKind(hole.source) ?? hole.kind;
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
const SET_FUNCTIONS = new Set(['distinct', 'toset', 'setunion']);

/** The items with each string written out in full kept at its first place only; other items as they are. */
function withoutRepeatedStrings(items: JsonNode[]): JsonNode[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.type !== 'string' || (item as { placeholders?: readonly unknown[] }).placeholders?.length) return true;
    const value = String(item.value);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

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
export function listStrings(text: string, expression: SyntaxNode, iamVariables: boolean, objects: 'placeholder' | 'json' = 'placeholder'): { items: JsonNode[]; isList: boolean } {
  // Inside compact(), empty strings are removed: `compact([c ? "logs:CreateLogGroup" : "", ...])`. A local's value is
  // read in the text of the file that defines it.
  const collect = (expr: SyntaxNode, compacting: boolean, source: string): JsonNode[] => {
    const viaLocal = throughLocal(expr, (value, valueText) => collect(value, compacting, valueText));
    if (viaLocal) return viaLocal;
    const node = unwrap(expr);
    const name = functionName(node);
    if (node.type === 'for_tuple_expr' || namesBoundSymbol(expr)) {
      const value = node.type === 'for_tuple_expr' ? forExpressionValue(expr, source) : valueOfExpression(expr, source);
      if (value !== undefined) return listNodesOfValue(value, spanOfSyntax(expr), compacting);
    }
    // The list functions are read argument by argument below, each element at the place that writes it.
    const evaluated = name !== undefined && LIST_FUNCTIONS.has(name) ? undefined : evaluatedValue(expr, source);
    if (evaluated !== undefined && !isObjectValue(evaluated)) return listNodesOfValue(evaluated, spanOfSyntax(expr), compacting);
    if (node.type === 'tuple') return node.namedChildren.flatMap((element) => (element?.type === 'expression' ? collect(element, compacting, source) : []));
    if (node.type === 'conditional') {
      const branches = node.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression').slice(1);
      const choice = {};
      return branches.flatMap((branch, index) => {
        const items = collect(branch, compacting, source);
        // A value of one branch is not in the list whenever one of the other is: `var.shared ? var.buckets : ["*"]`
        // names the buckets or every resource, and "*" makes no bucket redundant (StringValue.branches).
        for (const item of items) if (item.type === 'string' || (objects === 'json' && item.type === 'object')) markBranch(item, choice, index);
        return items;
      });
    }
    if (name && LIST_FUNCTIONS.has(name)) {
      const items = functionArguments(node).flatMap((argument) => collect(argument, compacting || name === 'compact', source));
      // distinct(), toset() and setunion() keep one of each value: a value written twice is there once.
      return SET_FUNCTIONS.has(name) ? withoutRepeatedStrings(items) : items;
    }
    // In jsonencode, a list's objects are JSON objects: `Statement = concat([{ Effect = "Allow", … }], local.more)`.
    if (objects === 'json' && (node.type === 'object' || name === 'merge')) return [hclToJson(source, expr)];
    const item = scalarOf(source, expr, iamVariables);
    // compact() drops null and "": `compact([var.on ? var.key : null, …])` never holds a null.
    if (compacting && ((item.type === 'string' && item.value === '') || item.type === 'null')) return [];
    return [item];
  };
  const items = collect(expression, false, text);
  const top = unwrap(expression);
  return { items, isList: top.type !== 'string_lit' && top.type !== 'quoted_template' && top.type !== 'heredoc_template' };
}

// A statement object written in one branch of a conditional: the nodes are made for this read, so marking them is safe.
function markBranch(node: JsonNode, choice: object, branch: number): void {
  const host = node as HostJsonNode;
  host.branches = [...(host.branches ?? []), { choice, branch }];
}

/** A single value: a string node for strings and templates, a number or boolean, or one placeholder string. */
export function scalarOf(text: string, expression: SyntaxNode, iamVariables: boolean): JsonNode {
  const viaLocal = throughLocal(expression, (value, valueText) => (SCALAR_TYPES.has(unwrap(value).type) ? scalarOf(valueText, value, iamVariables) : undefined));
  if (viaLocal) return viaLocal;
  const node = unwrap(expression);
  const span = spanOfSyntax(expression);
  const template = templateOf(text, expression, iamVariables);
  if (template) return stringNode(span, template);
  if (namesBoundSymbol(expression) || isEvaluatedHere(expression)) {
    const value = isEvaluatedHere(expression) ? evaluatedValue(expression, text) : valueOfExpression(expression, text);
    const made = value === undefined || Array.isArray(value) ? undefined : nodeOfValue(value, span);
    if (made) return made;
  }
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
 * A `for` expression's value when its collection is known here and no element holds an unknown part made from the
 * `for`'s own symbols (`data.x[n].arn` for each `n`): such parts would read as one placeholder repeated, a list of
 * equal values the configuration does not make.
 */
function forExpressionValue(expression: SyntaxNode, text: string): DeployValue {
  return withoutOwnUnknowns(valueOfExpression(expression, text), expression);
}

/** `value`, or undefined when a part of it is unknown through a symbol a `for` expression in `expression` (or a local it names) declares. */
function withoutOwnUnknowns(value: DeployValue, expression: SyntaxNode): DeployValue {
  if (value === undefined) return undefined;
  const sources = unknownSources(value);
  if (sources.length === 0) return value;
  const names = forSymbolsOf(expression, new Set());
  if (names.size === 0) return value;
  const own = new RegExp(`(^|[^\\w.])(${[...names].map((name) => name.replace(/[^\w-]/g, '')).join('|')})\\b`);
  return sources.some((source) => own.test(source)) ? undefined : value;
}

function unknownSources(value: DeployValue): string[] {
  if (value instanceof DeployString) return value.parts.flatMap((part) => (typeof part === 'string' ? [] : [part.source]));
  if (Array.isArray(value)) return value.flatMap(unknownSources);
  if (value && typeof value === 'object' && !(value instanceof DeployChoice)) return Object.values(value).flatMap(unknownSources);
  return [];
}

/** A list's evaluated value as its string nodes: nested lists spliced in (IAM's lists are flat), nulls left out. */
function listNodesOfValue(value: DeployValue, span: Span, compacting: boolean): JsonNode[] {
  if (Array.isArray(value)) return value.flatMap((item) => listNodesOfValue(item, span, compacting));
  if (value === null || (compacting && value === '')) return [];
  const node = nodeOfValue(value, span);
  return node ? [node] : [];
}

/** Offsets that put every character of a made string at the start of `span`, and its end at the end of `span`. */
function spannedOffsets(value: string, span: Span): number[] {
  return [...Array.from({ length: value.length }, () => span.start), span.end];
}

/**
 * `jsonencode(...)`'s argument as JSON nodes: objects and tuples by their elements (keys as written, bare or
 * quoted), strings and templates with placeholders, `for` expressions as one copy of their body, list functions
 * and conditionals over tuples by their elements, any other expression as one placeholder string.
 */
export function hclToJson(text: string, expression: SyntaxNode): JsonNode {
  const viaLocal = throughLocal(expression, (value, valueText) => hclToJson(valueText, value));
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
    case 'for_object_expr':
    case 'for_tuple_expr': {
      // Over a collection known here: its elements (or map), each node spanning the `for` expression.
      const value = forExpressionValue(expression, text);
      const made = value === undefined ? undefined : nodeOfValue(value, span);
      if (made) return made;
      if (node.type === 'for_object_expr') return scalarOf(text, expression, false);
      // `[for x in xs : element if condition]`: the element is the expression after the intro (the collection is inside the intro, the condition in its own node).
      const element = node.namedChildren.find((child) => child.type === 'expression');
      return arrayNode(span, element ? [hclToJson(text, element)] : []);
    }
    case 'function_call': {
      const name = functionName(node);
      if (name && LIST_FUNCTIONS.has(name)) return arrayNode(span, listStrings(text, expression, false, 'json').items);
      if (name === 'merge' || name === 'tomap') {
        const parts = functionArguments(node).map((argument) => hclToJson(text, argument));
        if (parts.every((part) => part.type === 'object'))
          return objectNode(
            span,
            parts.flatMap((part) => part.children ?? []),
          );
      }
      return evaluatedNode(expression, text) ?? scalarOf(text, expression, false);
    }
    case 'conditional': {
      const branches = node.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression').slice(1);
      // A list either way (`var.extra ? [{…}] : []`, `local.admin ? local.admin_statements : [{…}]`): what both branches hold.
      if (branches.length === 2 && branches.some((branch) => unwrap(branch).type === 'tuple')) return arrayNode(span, listStrings(text, expression, false, 'json').items);
      return scalarOf(text, expression, false);
    }
    default:
      return evaluatedNode(expression, text) ?? scalarOf(text, expression, false);
  }
}

/**
 * What the reader evaluates in a read that evaluates, beyond `for` expressions and a dynamic block's symbols: a call
 * of a built-in function (functions.ts) and a `local.x` it does not follow as a literal (a local that is a `for`
 * expression or a call). Their values are placed at the expression, as a `for` expression's are.
 */
function isEvaluatedHere(expression: SyntaxNode): boolean {
  return evaluating() && (unwrap(expression).type === 'function_call' || localName(expression) !== undefined);
}

/** Whether a value says anything an expression's placeholder does not: some part of it is written out (an empty list is). */
function hasKnownPart(value: DeployValue): boolean {
  if (value instanceof DeployString) return value.parts.some((part) => typeof part === 'string');
  if (Array.isArray(value)) return value.length === 0 || value.some(hasKnownPart);
  if (isObjectValue(value)) return Object.keys(value).length === 0 || Object.values(value).some(hasKnownPart);
  return value !== undefined && !(value instanceof DeployChoice);
}

/**
 * The value of an expression isEvaluatedHere, when some of it is known here and no part is unknown through a `for`
 * expression's own symbol (withoutOwnUnknowns).
 */
function evaluatedValue(expression: SyntaxNode, text: string): DeployValue {
  const value = isEvaluatedHere(expression) ? withoutOwnUnknowns(valueOfExpression(expression, text), expression) : undefined;
  return value !== undefined && hasKnownPart(value) ? value : undefined;
}

/** The names `for` expressions declare in `expression` and in the locals it names, through locals that name others. */
function forSymbolsOf(expression: SyntaxNode, seen: Set<string>): Set<string> {
  const names = new Set<string>();
  const visit = (node: SyntaxNode) => {
    if (node.type === 'for_intro') for (const child of node.namedChildren) if (child.type === 'identifier') names.add(child.text);
    const local = localName(node);
    if (local !== undefined && !seen.has(local)) {
      seen.add(local);
      const value = lookupLocal(local)?.value;
      if (value) for (const name of forSymbolsOf(value, seen)) names.add(name);
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(expression);
  return names;
}

/** An evaluated expression (isEvaluatedHere) as nodes placed at it; undefined when nothing of it is known here. */
function evaluatedNode(expression: SyntaxNode, text: string): JsonNode | undefined {
  const value = evaluatedValue(expression, text);
  return value === undefined ? undefined : nodeOfValue(value, spanOfSyntax(expression));
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

/**
 * A local defined in another file of the module (issue 14): its value in that file's text. What is read from it is
 * reported at the `local.x` reference in the file being read, never at a place in the other file's text.
 */
export interface ModuleLocal {
  value: SyntaxNode;
  text: string;
  /** The defining file's name, for messages (`locals.tf`). */
  file: string;
}

/** A `local.x` reference in the file being read whose value comes from another file: findings inside `span` get `note`. */
export interface LocalNote {
  span: Span;
  note: string;
}

interface LocalsScope {
  /** The text of the file being read: the text of its own locals. */
  text: string;
  own: Locals | undefined;
  module: ReadonlyMap<string, ModuleLocal> | undefined;
  notes: LocalNote[];
}

let scope: LocalsScope | undefined;
// The locals being followed: a local whose literal refers to itself (a cycle Terraform rejects) reads as a placeholder.
const following = new Set<string>();
// Set while reading a value from another file, whose spans are all placed at the outermost reference.
let inOtherFile = false;

/**
 * Runs `read` with `local.x` references followed into `locals` (this file's, read in `text`) and `moduleLocals` (those
 * of the module's other files). The reader is synchronous, so this is one read's scope. `notes` receives the
 * references read from another file.
 */
export function withLocals<T>(locals: Locals | undefined, read: () => T, text = '', moduleLocals?: ReadonlyMap<string, ModuleLocal>, notes: LocalNote[] = []): T {
  const saved = scope;
  const own = locals && locals.size > 0 ? locals : undefined;
  const module = moduleLocals && moduleLocals.size > 0 ? moduleLocals : undefined;
  scope = own || module ? { text, own, module, notes } : undefined;
  try {
    return read();
  } finally {
    scope = saved;
  }
}

/** A local by name: this file's first (Terraform rejects a name defined twice in a module). */
function lookupLocal(name: string): { value: SyntaxNode; text: string; file?: string } | undefined {
  if (!scope) return undefined;
  const value = scope.own?.get(name);
  if (value) return { value, text: scope.text };
  return scope.module?.get(name);
}

/** The value expression of a local of this read (this file's, else another file's of the module) and the text it is written in. */
export function localExpression(name: string): { value: SyntaxNode; text: string } | undefined {
  return lookupLocal(name);
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

/** `local.name[key]`, any one key and nothing after it, as the local's name. */
function localElementName(expression: SyntaxNode): string | undefined {
  const node = unwrap(expression);
  if (node.type !== 'expression') return undefined;
  const [root, step, index, ...rest] = node.namedChildren;
  if (rest.length > 0 || root?.type !== 'variable_expr' || root.text !== 'local' || step?.type !== 'get_attr' || index?.type !== 'index') return undefined;
  return step.lastNamedChild?.text;
}

/** The value expression of `{ for k, v in … : k => VALUE }` (no grouping `...`), each element's value. */
function forElementValue(expression: SyntaxNode): SyntaxNode | undefined {
  // unwrap passes the `for_expr` around it.
  const object = unwrap(expression);
  if (object.type !== 'for_object_expr' || object.children.some((child) => child?.type === 'ellipsis')) return undefined;
  const [, value] = object.namedChildren.filter((child): child is SyntaxNode => child?.type === 'expression');
  return value;
}

/** `local.name` exactly (no index or further attribute), as its name. */
function localName(expression: SyntaxNode): string | undefined {
  // `"${local.principal}"` is `local.principal`: a string that is one interpolation is its value.
  const node = unwrapInterpolation(expression);
  if (node.type !== 'expression') return undefined;
  const [root, step, ...rest] = node.namedChildren;
  if (rest.length > 0 || root?.type !== 'variable_expr' || root.text !== 'local' || step?.type !== 'get_attr') return undefined;
  return step.lastNamedChild?.text;
}

/**
 * Calls `use` with the literal value of the local `expression` names (through locals that name other locals) and the
 * text that value is written in, or answers undefined. A value from another file comes back placed at `expression`
 * (every node and string spans the reference), and the reference is noted with the local's name and file.
 */
export function throughLocal<T extends LocalResult>(
  expression: SyntaxNode,
  use: (value: SyntaxNode, text: string) => T | undefined,
  options: { element?: boolean; conditional?: boolean } = {},
): T | undefined {
  if (!scope) return undefined;
  const whole = localName(expression);
  // `element`: also `local.name[key]` of a local made by a `for` (`{ for repo, cfg in local.repos : repo => jsonencode({…}) }`),
  // read as the `for`'s value, its symbols unknown: every element is written by that one expression.
  const name = whole ?? (options.element ? localElementName(expression) : undefined);
  if (name === undefined || following.has(name)) return undefined;
  let local = lookupLocal(name);
  let file = local?.file;
  for (let depth = 0; local && depth < 16; depth++) {
    const next = localName(local.value);
    if (next === undefined) break;
    local = next === name ? undefined : lookupLocal(next);
    file ??= local?.file;
  }
  if (!local) return undefined;
  const value = whole === undefined ? forElementValue(local.value) : local.value;
  if (!value) return undefined;
  const node = unwrap(value);
  // `conditional`: the caller picks a branch of `cond ? jsonencode({…}) : null` itself.
  if (!LITERAL_TYPES.has(node.type) && !LITERAL_FUNCTIONS.has(functionName(node) ?? '') && !(options.conditional && node.type === 'conditional')) return undefined;
  following.add(name);
  const outermost = file !== undefined && !inOtherFile;
  if (outermost) inOtherFile = true;
  try {
    const result = use(value, local.text);
    if (!outermost || result === undefined) return result;
    const span = spanOfSyntax(expression);
    scope.notes.push({ span, note: `from local.${name} in ${file}` });
    return placedAt(result, span);
  } finally {
    following.delete(name);
    if (outermost) inOtherFile = false;
  }
}

/** What a `use` of throughLocal answers: nodes or a template are placed at the reference when read from another file. */
type LocalResult = JsonNode | JsonNode[] | TemplateText | boolean;

function placedAt<T extends LocalResult>(result: T, span: Span): T {
  if (typeof result === 'boolean') return result;
  if (Array.isArray(result)) {
    for (const node of result) placeNode(node, span);
    return result;
  }
  if ('offsets' in (result as object)) {
    const template = result as TemplateText;
    return { ...template, offsets: [...template.offsets.slice(1).map(() => span.start), span.end] } as T;
  }
  placeNode(result as JsonNode, span);
  return result;
}

function placeNode(node: JsonNode, span: Span): void {
  const writable = node as { offset: number; length: number; mapSpan?: unknown };
  writable.offset = span.start;
  writable.length = span.end - span.start;
  if (writable.mapSpan) writable.mapSpan = () => ({ start: span.start, end: span.end });
  for (const child of node.children ?? []) placeNode(child, span);
}

/** The kind of `${local.x}` inside a template from the local's literal text: an ARN, an account ID, a partition or a Region. */
function localPlaceholderKind(source: string): PlaceholderKind | undefined {
  const name = /^\$\{\s*local\.([A-Za-z_][\w-]*)\s*\}$/.exec(source)?.[1];
  const local = name === undefined ? undefined : lookupLocal(name);
  const node = local && unwrap(local.value);
  if (!node || node.type !== 'string_lit') return undefined;
  const literal = local.text.slice(node.startIndex + 1, node.endIndex - 1);
  if (literal.startsWith('arn:')) return 'arn';
  if (/^\d{12}$/.test(literal)) return 'account';
  if (/^aws(-cn|-us-gov|-iso[a-z-]*)?$/.test(literal)) return 'partition';
  if (/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(literal)) return 'region';
  return undefined;
}
