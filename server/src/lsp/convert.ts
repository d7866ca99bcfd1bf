import type { Range } from 'vscode-languageserver';
import type { Span } from '../core/text/span';
import { LineIndex } from '../core/text/positions';

// The one place where core offsets become LSP ranges and back.

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}
