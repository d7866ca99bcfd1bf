import type { Fix, Problem } from '../../checks/check';
import type { JsonNode } from '../../policy/model';
import type { HostJsonNode } from '../../policy/parse-policy';
import type { Span } from '../../text/span';
import type { EmbeddedPolicy } from '../host';
import { movedPolicy } from './policy-tree';
import type { FixWriter } from './writer';

/**
 * Moving what the template reader built for one resource when text before it changed: an edited template is read
 * again only in the resource the edit is in (reader.ts), and every later resource's policies are these copies.
 */

/** The part of `before` an edit replaced (`start` to `oldEnd`) and the text that replaced it in `after` (`start` to `newEnd`). */
export interface ChangedRange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The changed range between two texts: the common prefix and suffix left out. */
export function changedRange(before: string, after: string): ChangedRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The end of a YAML block that starts at `from` inside a mapping indented by `indent`: the start of the first line
 * that is not blank and is indented by `indent` spaces or fewer, or the end of the text.
 */
export function blockEndOf(text: string, from: number, indent: number): number {
  let line = from;
  while (line < text.length) {
    const next = text.indexOf('\n', line);
    const end = next < 0 ? text.length : next;
    let spaces = 0;
    while (line + spaces < end && text.charCodeAt(line + spaces) === 32) spaces++;
    if (line + spaces < end && !/^\s*$/.test(text.slice(line + spaces, end)) && spaces <= indent) return line;
    if (next < 0) return text.length;
    line = next + 1;
  }
  return text.length;
}

/** Whether every non-blank line of `text` from `from` to `to` is indented by more than `indent` spaces. */
export function indentedBeyond(text: string, from: number, to: number, indent: number): boolean {
  let line = from;
  while (line < to) {
    const next = text.indexOf('\n', line);
    const end = next < 0 || next > to ? to : next;
    let spaces = 0;
    while (line + spaces < end && text.charCodeAt(line + spaces) === 32) spaces++;
    if (spaces <= indent && !/^\s*$/.test(text.slice(line + spaces, end))) return false;
    if (next < 0) break;
    line = next + 1;
  }
  return true;
}

const shiftSpan = (span: Span, delta: number): Span => ({ start: span.start + delta, end: span.end + delta });

export function shiftFix(fix: Fix, delta: number): Fix {
  return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: shiftSpan(edit.span, delta) })) };
}

export function shiftProblem(problem: Problem, delta: number): Problem {
  return { ...problem, span: shiftSpan(problem.span, delta), ...(problem.fixes ? { fixes: problem.fixes.map((fix) => shiftFix(fix, delta)) } : {}) };
}

// Mappers and fix writers of moved copies are built from the first one and the total distance, so copies of copies
// do not nest one closure per edit.
const movedMappers = new WeakMap<NonNullable<HostJsonNode['mapSpan']>, { base: NonNullable<HostJsonNode['mapSpan']>; delta: number }>();
const movedWriters = new WeakMap<FixWriter, { base: FixWriter; delta: number }>();

/** A copy of a policy tree `delta` characters later in the text; string values keep their meaning and mappers. */
export function shiftNode(node: JsonNode, delta: number, parent?: JsonNode): JsonNode {
  const copy: HostJsonNode = { type: node.type, value: node.value, offset: node.offset + delta, length: node.length, ...(parent ? { parent } : {}) };
  if (node.colonOffset !== undefined) (copy as { colonOffset?: number }).colonOffset = node.colonOffset + delta;
  if (node.children) (copy as { children?: JsonNode[] }).children = node.children.map((child) => shiftNode(child, delta, copy));
  const { mapSpan, placeholders } = node as HostJsonNode;
  if (mapSpan) {
    const known = movedMappers.get(mapSpan);
    const base = known?.base ?? mapSpan;
    const total = (known?.delta ?? 0) + delta;
    const moved: NonNullable<HostJsonNode['mapSpan']> = (start, end) => shiftSpan(base(start, end), total);
    movedMappers.set(moved, { base, delta: total });
    copy.mapSpan = moved;
  }
  if (placeholders) copy.placeholders = placeholders;
  return copy;
}

function shiftWriter(writer: FixWriter, delta: number): FixWriter {
  const known = movedWriters.get(writer);
  const base = known?.base ?? writer;
  const total = (known?.delta ?? 0) + delta;
  // The first writer reads the text it was built with, where the policy sat `total` characters earlier.
  const moved: FixWriter = (fix) => {
    const written = base(shiftFix(fix, -total));
    return written && shiftFix(written, total);
  };
  movedWriters.set(moved, { base, delta: total });
  return moved;
}

/** A copy of an embedded policy `delta` characters later in `text`. */
export function shiftPolicy(embedded: EmbeddedPolicy, delta: number, text: string): EmbeddedPolicy {
  const { policy } = embedded;
  const root = policy.root && shiftNode(policy.root, delta);
  const syntaxErrors = policy.syntaxErrors.map((error) => ({ ...error, span: shiftSpan(error.span, delta) }));
  const moved: EmbeddedPolicy = { ...embedded, policy: movedPolicy(text, root, syntaxErrors, policy.sizeText), span: shiftSpan(embedded.span, delta) };
  if (embedded.writeFix) moved.writeFix = shiftWriter(embedded.writeFix, delta);
  return moved;
}
