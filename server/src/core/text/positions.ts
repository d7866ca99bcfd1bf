/** A zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

/** Converts between offsets and line/character positions of one text. Build once per text version. */
export class LineIndex {
  private readonly lineStarts: number[];

  // Line breaks are found with indexOf, which searches natively: a megabyte template is indexed after every edit.
  constructor(private readonly text: string) {
    const starts = [0];
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    while (lf >= 0 || cr >= 0) {
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      } else {
        // \r\n is one line break, a lone \r another.
        const end = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        starts.push(end);
        if (end > lf && lf >= 0) lf = text.indexOf('\n', end);
        cr = text.indexOf('\r', cr + 1);
      }
    }
    this.lineStarts = starts;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const nextLineStart = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
  }
}
