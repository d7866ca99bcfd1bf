/** A half-open range of UTF-16 offsets into a document: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export function spanOf(offset: number, length: number): Span {
  return { start: offset, end: offset + length };
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** The span of the text inside a JSON string token, without its quotes. */
export function innerSpan(stringSpan: Span): Span {
  return { start: stringSpan.start + 1, end: Math.max(stringSpan.start + 1, stringSpan.end - 1) };
}
