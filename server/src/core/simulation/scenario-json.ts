import type { Node as JsonNode } from 'jsonc-parser';
import type { ContextValue } from '../evaluator/types';
import type { Span } from '../text/span';
import type { ScenarioProblem } from './scenario-model';

// Reading the JSON of a scenario file: values of the right shape, or a problem at the value at fault.

/** A problem found while reading the scenario; caught per test entry, or for the whole file. */
export class Problem extends Error {
  constructor(readonly problem: ScenarioProblem) {
    super(problem.message);
  }
}

export const spanOf = (node: JsonNode): Span => ({ start: node.offset, end: node.offset + node.length });
export const invalid = (message: string, span: Span): Problem => new Problem({ code: 'scenario-invalid', message, span });

/** A string value, or undefined when absent. */
export function stringOf(node: JsonNode | undefined, what: string): string | undefined {
  if (!node) return undefined;
  if (node.type !== 'string') throw invalid(`"${what}" must be a string.`, spanOf(node));
  return node.value as string;
}
/** A string, or a non-empty list of strings, as a list. */
export function stringsOf(node: JsonNode, what: string): string[] {
  if (node.type === 'string') return [node.value as string];
  if (node.type === 'array' && (node.children ?? []).length > 0 && node.children!.every((child) => child.type === 'string')) return node.children!.map((child) => child.value as string);
  throw invalid(`"${what}" must be a string or a non-empty list of strings.`, spanOf(node));
}
/** A `context` object: keys with a string, number, boolean, null or a list of them, as the evaluator takes them. */
export function contextOf(node: JsonNode | undefined): Record<string, ContextValue> {
  if (!node) return {};
  if (node.type !== 'object') throw invalid('"context" must be an object of context keys.', spanOf(node));
  const context: Record<string, ContextValue> = {};
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const value = valueNode ? nodeValue(valueNode) : undefined;
    const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
    if (!(scalar(value) || value === null || (Array.isArray(value) && value.every(scalar)))) {
      throw invalid(`context key "${keyNode.value}" takes a string, number, boolean or a list of them.`, spanOf(valueNode ?? keyNode));
    }
    context[keyNode.value as string] = value as ContextValue;
  }
  return context;
}

export function propertiesOf(node: JsonNode): Map<string, JsonNode> {
  const map = new Map<string, JsonNode>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && !map.has(keyNode.value as string)) map.set(keyNode.value as string, valueNode ?? keyNode);
  }
  return map;
}

export function keyNodeOf(node: JsonNode, key: string): JsonNode | undefined {
  return node.children?.find((property) => property.children?.[0]?.value === key)?.children?.[0];
}

export function nodeValue(node: JsonNode): unknown {
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, p.children![1] ? nodeValue(p.children![1]) : undefined]));
  return node.value;
}
