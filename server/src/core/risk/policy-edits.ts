import type { Fix, TextEdit } from '../checks/check';
import { removeEntry } from '../policy/json-edits';
import type { JsonNode, ListElement, Statement, StringValue } from '../policy/model';
import { spanOfNode } from '../policy/parse-policy';
import type { Span } from '../text/span';
import { detached } from '../text/detached';

// Layout-preserving edits the risk rules' quick fixes need beyond those of policy/json-edits: every edit keeps the
// indentation and line breaks of the text around it, so a pretty-printed policy stays pretty and a one-line
// policy stays on one line.

/** The indentation one level adds in this document: the white space of its first indented line, else four spaces. */
export function indentUnitOf(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '    ';
}

/** The white space before `offset` when only white space precedes it on its line; undefined when text does. */
function lineIndentAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0) return undefined;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/**
 * `value` as JSON text that starts at a position indented by `indent`: pretty-printed with the document's indent
 * unit when `multiline`, else on one line with a space after each colon and comma.
 */
export function formatJson(value: unknown, indent: string, unit: string, multiline: boolean): string {
  if (!multiline) return inlineJson(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Adds `"key": value` after the last property of `object`: on its own line, indented like that property, when the
 * object is laid out one property per line; else inline. An empty object gets the property between its braces.
 */
export function insertLastProperty(text: string, object: JsonNode, key: string, value: unknown): TextEdit {
  const properties = object.children ?? [];
  const last = properties[properties.length - 1];
  if (!last) return { span: { start: object.offset + 1, end: object.offset + 1 }, newText: `${JSON.stringify(key)}: ${inlineJson(value)}` };
  const indent = last.offset > object.offset ? lineIndentAt(text, last.offset) : undefined;
  const end = last.offset + last.length;
  const pair = `${JSON.stringify(key)}: ${formatJson(value, indent ?? '', indentUnitOf(text), indent !== undefined)}`;
  return { span: { start: end, end }, newText: indent !== undefined ? `,\n${indent}${pair}` : `, ${pair}` };
}

/**
 * Replaces one value of an Action, NotAction, Resource or NotResource element by several strings, in its place: one
 * per line when the array has one item per line. A single string becomes an array.
 */
export function replaceValueWithStrings(text: string, element: ListElement, value: StringValue, strings: readonly string[]): TextEdit {
  if (!element.isArray) {
    const indent = lineIndentAt(text, element.property.span.start);
    if (indent === undefined || strings.length <= 2) return { span: value.span, newText: `[${joinQuoted(strings, ', ')}]` };
    const inner = indent + indentUnitOf(text);
    return { span: value.span, newText: `[\n${inner}${joinQuoted(strings, `,\n${inner}`)}\n${indent}]` };
  }
  const indent = lineIndentAt(text, value.span.start);
  return { span: value.span, newText: joinQuoted(strings, indent !== undefined ? `,\n${indent}` : ', ') };
}

/**
 * The strings quoted as JSON and joined by `separator`. The rules pass the same arrays (an expansion's action names,
 * a finding's ARN formats) for thousands of findings a pass over the managed policies, in a few layouts: the text is
 * kept per array and separator, and the array keeps it alive no longer than itself.
 */
function joinQuoted(strings: readonly string[], separator: string): string {
  let bySeparator = joinedByStrings.get(strings);
  if (!bySeparator) joinedByStrings.set(strings, (bySeparator = new Map()));
  let joined = bySeparator.get(separator);
  if (joined === undefined) {
    // Indentations are few in real documents; the cap keeps a file with many from growing an entry without end.
    if (bySeparator.size >= 16) bySeparator.clear();
    bySeparator.set(detached(separator), (joined = strings.map((s) => JSON.stringify(s)).join(separator)));
  }
  return joined;
}

const joinedByStrings = new WeakMap<readonly string[], Map<string, string>>();

/** The spans of the items of an array element, in order; empty when the element is no array. */
function arrayItemSpans(element: { property: { valueNode: JsonNode | undefined } }): Span[] {
  const node = element.property.valueNode;
  return node?.type === 'array' ? (node.children ?? []).map(spanOfNode) : [];
}

/**
 * The edits that delete single items of an array element, for a rule that removes one or several: the remover
 * answers the edit that deletes the item at `span` with its comma, or undefined when the element is no array, the
 * span is none of its items, or the item is its only one (the array would be empty). The items are listed once and
 * found by where they start: listed, then searched, for each removal, 4,000 redundant values took a quadratic time.
 */
export function arrayItemRemover(element: { property: { valueNode: JsonNode | undefined } }): (span: Span) => TextEdit | undefined {
  const items = arrayItemSpans(element);
  const positions = new Map(items.map((item, i) => [item.start, i]));
  return (span) => {
    const index = positions.get(span.start);
    return index !== undefined && items[index].end === span.end && items.length > 1 ? removeEntry(items, index) : undefined;
  };
}

/**
 * Rewrites an array of strings sorted (ignoring case) and without duplicates (ignoring case, keeping the first
 * spelling), in the same layout. Undefined when the element is no array or holds something other than strings.
 */
export function sortedUniqueEdit(text: string, element: ListElement, ignoreCase: boolean): TextEdit | undefined {
  const node = element.property.valueNode;
  const items = node?.type === 'array' ? (node.children ?? []) : [];
  if (!node || items.length === 0 || items.some((item) => item.type !== 'string')) return undefined;
  const unique = new Map<string, string>();
  for (const { value } of element.values) {
    const key = ignoreCase ? value.toLowerCase() : value;
    if (!unique.has(key)) unique.set(key, value);
  }
  const quoted = [...unique.keys()].sort(compareText).map((key) => JSON.stringify(unique.get(key)));
  const indent = lineIndentAt(text, items[0].offset);
  const close = node.offset + node.length - 1;
  const closeIndent = lineIndentAt(text, close);
  const newText = indent !== undefined ? `[\n${indent}${quoted.join(`,\n${indent}`)}\n${closeIndent ?? ''}]` : `[${quoted.join(', ')}]`;
  return { span: spanOfNode(node), newText };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Adds `"key": value` under condition operator `operator` of a statement: into that operator's block when the
 * Condition has one, as a new operator block otherwise, or as a new Condition element after the statement's last
 * property. Undefined when the block already tests the key (a second entry would be a duplicate key) or the
 * Condition is not an object.
 */
export function addConditionEdit(text: string, statement: Statement, operator: string, key: string, value: unknown): TextEdit | undefined {
  const condition = statement.condition;
  if (!condition) return insertLastProperty(text, statement.node, 'Condition', { [operator]: { [key]: value } });
  const conditionNode = condition.property.valueNode;
  if (conditionNode?.type !== 'object') return undefined;
  const block = condition.operators.find((entry) => entry.operator === operator);
  if (!block) return insertLastProperty(text, conditionNode, operator, { [key]: value });
  const blockNode = block.property.valueNode;
  if (blockNode?.type !== 'object' || block.keys.some((entry) => entry.key.toLowerCase() === key.toLowerCase())) return undefined;
  return insertLastProperty(text, blockNode, key, value);
}

/**
 * The fix that adds `"StringEquals": {"aws:SourceAccount": "${AccountId}"}` to a statement that lets a service in,
 * for the user to fill in (trust-confused-deputy, resource-confused-deputy); none when the statement cannot take it.
 */
export function sourceAccountFix(text: string, statement: Statement): Fix[] {
  const edit = addConditionEdit(text, statement, 'StringEquals', 'aws:SourceAccount', '${AccountId}');
  return edit ? [{ title: 'Add an "aws:SourceAccount" condition', edits: [edit] }] : [];
}
