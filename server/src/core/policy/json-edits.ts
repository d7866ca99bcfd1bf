import type { JsonNode } from './model';
import { spanOfNode } from './parse-policy';
import type { Span } from '../text/span';

/** A replacement of the text at `span`; the same shape as a check's TextEdit, so fixes can use it as is. */
export interface JsonEdit {
  span: Span;
  newText: string;
}

/**
 * Deletes entry `index` of a JSON object or array, given the spans of all its entries in order (properties
 * from `Property.span`, array items from their nodes). The comma and the white space up to the next entry go
 * with it, or, for the last entry, the comma and white space after the previous one, so the rest keeps its
 * layout and stays valid JSON.
 */
export function removeEntry(entries: readonly Span[], index: number): JsonEdit {
  const entry = entries[index];
  if (index + 1 < entries.length) return { span: { start: entry.start, end: entries[index + 1].start }, newText: '' };
  if (index > 0) return { span: { start: entries[index - 1].end, end: entry.end }, newText: '' };
  return { span: entry, newText: '' };
}

/**
 * Inserts `"key": valueJson` as the first property of `object`, indented like the property it goes before,
 * so a pretty-printed statement stays pretty. An empty object gets the property inline.
 */
export function insertFirstProperty(text: string, object: JsonNode, key: string, valueJson: string): JsonEdit {
  const pair = `${JSON.stringify(key)}: ${valueJson}`;
  const first = object.children?.[0];
  if (!first) return { span: { start: object.offset + 1, end: object.offset + 1 }, newText: pair };
  const lineStart = text.lastIndexOf('\n', first.offset - 1) + 1;
  const before = text.slice(Math.max(lineStart, object.offset + 1), first.offset);
  const separator = lineStart > object.offset && /^[ \t]*$/.test(before) ? `,\n${before}` : ', ';
  return { span: { start: first.offset, end: first.offset }, newText: pair + separator };
}

/**
 * Adds string values to a string-or-array element such as Action: after the last item of an array (on its own
 * line when the items are one per line), or by turning a single string into an array that keeps it first.
 */
export function appendStrings(text: string, node: JsonNode, values: readonly string[]): JsonEdit | undefined {
  const quoted = values.map((value) => JSON.stringify(value));
  if (node.type === 'string') {
    return { span: spanOfNode(node), newText: `[${[text.slice(node.offset, node.offset + node.length), ...quoted].join(', ')}]` };
  }
  if (node.type !== 'array') return undefined;
  const items = node.children ?? [];
  const last = items[items.length - 1];
  if (!last) return { span: { start: node.offset + 1, end: node.offset + 1 }, newText: quoted.join(', ') };
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const indent = text.slice(lineStart, last.offset);
  const separator = lineStart > node.offset && /^[ \t]*$/.test(indent) ? `,\n${indent}` : ', ';
  const end = last.offset + last.length;
  return { span: { start: end, end }, newText: quoted.map((q) => separator + q).join('') };
}
