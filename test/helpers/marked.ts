import type { Span } from '../../server/src/core/text/span';

export interface Marked {
  text: string;
  /** Offset of the `|` marker, or -1 when there is none. */
  cursor: number;
  /** The `«…»` spans, in order of their opening marker. */
  spans: Span[];
}

/**
 * Strips position markers from an inline policy: `|` is the cursor and `«…»` marks an expected span.
 * Neither character occurs in real policy JSON, so fixtures stay readable.
 */
export function marked(source: string): Marked {
  let text = '';
  let cursor = -1;
  const spans: Span[] = [];
  const open: number[] = [];
  for (const char of source) {
    if (char === '|') cursor = text.length;
    else if (char === '«') open.push(spans.push({ start: text.length, end: -1 }) - 1);
    else if (char === '»') {
      const index = open.pop();
      if (index === undefined) throw new Error(`Unbalanced » in ${source}`);
      spans[index].end = text.length;
    } else text += char;
  }
  if (open.length > 0) throw new Error(`Unbalanced « in ${source}`);
  return { text, cursor, spans };
}
