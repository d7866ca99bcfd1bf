import type { Fix, Problem } from '../../checks/check';
import type { JsonNode, PolicyDocument } from '../../policy/model';
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

/**
 * The changed range between two texts: the common prefix and suffix left out. Compared in blocks first (equal slices
 * compare natively), then character by character: an edit in a megabyte template is found in a fraction of the time
 * a character loop over the whole text takes.
 */
export function changedRange(before: string, after: string): ChangedRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  for (let size = 4096; size > 1; size >>= 3) {
    while (start + size <= shorter && before.slice(start, start + size) === after.slice(start, start + size)) start += size;
  }
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const [beforeEnd, afterEnd] = [before.length, after.length];
  for (let size = 4096; size > 1; size >>= 3) {
    while (suffix + size <= shorter - start && before.slice(beforeEnd - suffix - size, beforeEnd - suffix) === after.slice(afterEnd - suffix - size, afterEnd - suffix)) suffix += size;
  }
  while (suffix < shorter - start && before.charCodeAt(beforeEnd - 1 - suffix) === after.charCodeAt(afterEnd - 1 - suffix)) suffix++;
  return { start, oldEnd: beforeEnd - suffix, newEnd: afterEnd - suffix };
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

/**
 * A copy of a policy tree `delta` characters later in the text; string values keep their meaning and mappers. Moved
 * policies are always copied from the first reading (shiftPolicy), so mappers never nest.
 */
export function shiftNode(node: JsonNode, delta: number, parent?: JsonNode): JsonNode {
  const copy: HostJsonNode = { type: node.type, value: node.value, offset: node.offset + delta, length: node.length, ...(parent ? { parent } : {}) };
  if (node.colonOffset !== undefined) (copy as { colonOffset?: number }).colonOffset = node.colonOffset + delta;
  if (node.children) (copy as { children?: JsonNode[] }).children = node.children.map((child) => shiftNode(child, delta, copy));
  const { mapSpan, placeholders, unreadTests } = node as HostJsonNode;
  if (mapSpan) copy.mapSpan = (start, end) => shiftSpan(mapSpan(start, end), delta);
  if (placeholders) copy.placeholders = placeholders;
  if (unreadTests) copy.unreadTests = unreadTests;
  return copy;
}

// The first writer reads the text it was built with, where the policy sat `delta` characters earlier.
function shiftWriter(writer: FixWriter, delta: number): FixWriter {
  return (fix) => {
    const written = writer(shiftFix(fix, -delta));
    return written && shiftFix(written, delta);
  };
}

/** A moved policy: the policy as its resource was read, how far it has moved since, and its model once built. */
interface Move {
  base: EmbeddedPolicy;
  delta: number;
  text: string;
  model?: PolicyDocument;
}

const moves = new WeakMap<EmbeddedPolicy, Move>();

/**
 * A copy of an embedded policy `delta` characters later in `text`. Its model is built from the first reading on first
 * use: diagnostics after an edit need none, since the pipeline keeps the first reading's findings (`movedFrom`), and
 * a template edited near the top moves hundreds of policies at every keystroke. Copies of copies start from the first
 * reading too.
 */
export function shiftPolicy(embedded: EmbeddedPolicy, delta: number, text: string): EmbeddedPolicy {
  const known = moves.get(embedded);
  const base = known?.base ?? embedded;
  const move: Move = { base, delta: (known?.delta ?? 0) + delta, text };
  // The accessor written after the spread replaces the first reading's model.
  const moved: EmbeddedPolicy = {
    ...base,
    span: shiftSpan(base.span, move.delta),
    movedFrom: base.policy,
    get policy() {
      return (move.model ??= modelOf(move));
    },
    set policy(model: PolicyDocument) {
      move.model = model;
    },
  };
  if (base.writeFix) moved.writeFix = shiftWriter(base.writeFix, move.delta);
  if (base.branchWhen) moved.branchWhen = { ...base.branchWhen, branches: base.branchWhen.branches.map((span) => shiftSpan(span, move.delta)) };
  moves.set(moved, move);
  return moved;
}

function modelOf({ base, delta, text }: Move): PolicyDocument {
  const { policy } = base;
  const root = policy.root && shiftNode(policy.root, delta);
  const syntaxErrors = policy.syntaxErrors.map((error) => ({ ...error, span: shiftSpan(error.span, delta) }));
  return movedPolicy(text, root, syntaxErrors, policy.sizeText);
}

/** Points a policy's model at the current text of its document, without building the model of a moved copy. */
export function setPolicyText(embedded: EmbeddedPolicy, text: string): void {
  const move = moves.get(embedded);
  if (!move) embedded.policy.text = text;
  else if (move.model) move.model.text = text;
  else move.text = text;
}
