/**
 * Step `step` of a typing session over a file: a character typed or removed at a spread-out place (line 7 × step,
 * at a fifth of the line's length that moves with the step), so later parts of the file move back and forth many
 * times. `lineCount` is the number of lines of the file the session started from. Returns the new text and the
 * offset edited.
 */
export function typingStep(current: string, step: number, lineCount: number): { text: string; at: number } {
  const line = (step * 7) % lineCount;
  const lineStart = current.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
  const lineText = current.slice(lineStart).split('\n')[0];
  const at = lineStart + Math.floor(lineText.length * ((step % 5) / 4));
  const removes = step % 3 === 2 && at < current.length && current[at] !== '\n';
  const text = removes ? current.slice(0, at) + current.slice(at + 1) : current.slice(0, at) + 'ab'[step % 2] + current.slice(at);
  return { text, at };
}
