import { getLocation, type JSONPath } from 'jsonc-parser';
import type { Span } from '../text/span';

/** Where the cursor is in a policy, in the terms completion needs. */
export interface CompletionContext {
  /** A property key is being typed, or a value. */
  position: 'key' | 'value';
  /** The element path inside the statement (`['Action']`, `['Condition', 'StringEquals']`), or undefined at the top level. */
  statementPath?: JSONPath;
  /** The path from the document root. */
  path: JSONPath;
  /** The text being typed and the span a completion replaces. */
  token: CompletionToken;
}

export interface CompletionToken {
  /** What is typed between the token start and the cursor, without quotes. */
  typed: string;
  /** The whole token, quotes included when present: a completion replaces all of it. */
  span: Span;
  /** True when the token is inside quotes; completions without quotes must add them. */
  quoted: boolean;
}

const wordCharacter = /[A-Za-z0-9:*?_\-./$]/;

export function completionContextAt(text: string, offset: number): CompletionContext {
  const location = getLocation(text, offset);
  const path = location.path;
  const token = tokenAt(text, offset, location.previousNode);
  const inStatement = path[0] === 'Statement' && path.length > 1;
  const statementPath = inStatement ? (typeof path[1] === 'number' ? path.slice(2) : path.slice(1)) : undefined;
  return { position: location.isAtPropertyKey ? 'key' : 'value', path, statementPath, token };
}

function tokenAt(text: string, offset: number, node: { type: string; offset: number; length: number } | undefined): CompletionToken {
  const stringNode = node && (node.type === 'string' || node.type === 'property') && offset > node.offset && offset <= node.offset + node.length;
  if (stringNode) {
    const start = node.offset;
    let end = node.offset + node.length;
    // An unterminated string reaches the end of the line; do not swallow what follows on later lines.
    const closed = text[end - 1] === '"' && end - 1 > start;
    if (!closed) end = lineEnd(text, start);
    return { typed: text.slice(start + 1, offset), span: { start, end: Math.max(end, offset) }, quoted: true };
  }
  let start = offset;
  while (start > 0 && wordCharacter.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && wordCharacter.test(text[end])) end++;
  return { typed: text.slice(start, offset), span: { start, end }, quoted: false };
}

function lineEnd(text: string, from: number): number {
  const newline = text.slice(from).search(/[\r\n]/);
  return newline < 0 ? text.length : from + newline;
}
