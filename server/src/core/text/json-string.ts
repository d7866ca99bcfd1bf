import type { Span } from './span';

/** Maps `[start, end)` offsets within a JSON value's unescaped text to its span in the document. */
export type ValueSpanMapper = (start: number, end: number) => Span;

/**
 * A mapper from offsets in a JSON value whose text the model holds unescaped to document spans. `token` is the
 * value's span in `text`: a string token with its quotes (`quoted`), or a bare number or boolean. Escapes such as
 * `\"`, `\\` and `\u00e9` take several characters in the document but one in the value, so a token with a
 * backslash gets a table of offsets, built once; make one mapper per value when mapping many offsets in it.
 */
export function valueSpanMapper(text: string, token: Span, quoted: boolean): ValueSpanMapper {
  const first = quoted ? token.start + 1 : token.start;
  const last = quoted ? Math.max(first, token.end - 1) : token.end;
  if (!quoted || !hasBackslash(text, first, last)) {
    return (start, end) => ({ start: Math.min(first + start, last), end: Math.min(first + end, last) });
  }
  // offsets[i] is where unit i of the value starts in the document; one more entry marks the end.
  const offsets: number[] = [];
  for (let offset = first; offset < last;) {
    offsets.push(offset);
    offset += text.charCodeAt(offset) !== 92 /* \ */ ? 1 : text.charCodeAt(offset + 1) === 117 /* u */ ? 6 : 2;
  }
  offsets.push(last);
  const at = (unit: number) => offsets[Math.min(Math.max(unit, 0), offsets.length - 1)];
  return (start, end) => ({ start: at(start), end: at(end) });
}

/** The document span of `[start, end)` within a JSON value; see `valueSpanMapper`, which is cheaper for many spans of one value. */
export function valueSpanToDocument(text: string, token: Span, quoted: boolean, start: number, end: number): Span {
  return valueSpanMapper(text, token, quoted)(start, end);
}

function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 92) return true;
  return false;
}
