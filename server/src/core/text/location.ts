import { LineIndex } from './positions';

/**
 * `file:line:col` with 1-based line and column, as compilers print places and terminals and editors link them.
 * Pass a LineIndex when formatting many places in one text.
 */
export function formatLocation(file: string, text: string | LineIndex, offset: number): string {
  const { line, character } = (typeof text === 'string' ? new LineIndex(text) : text).positionAt(offset);
  return `${file}:${line + 1}:${character + 1}`;
}
