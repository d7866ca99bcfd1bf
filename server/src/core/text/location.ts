import { LineIndex, type Position } from './positions';

/**
 * `file:line:col` with 1-based line and column, as compilers print places and terminals and editors link them.
 * The one formatter of places for the CLI's lint, simulate, test and configuration messages.
 */
export function formatLocation(file: string, position: Position): string {
  return `${file}:${position.line + 1}:${position.character + 1}`;
}

/** `file:line:col` of an offset in a text. Pass a LineIndex when formatting many places in one text. */
export function locationAt(file: string, text: string | LineIndex, offset: number): string {
  return formatLocation(file, (typeof text === 'string' ? new LineIndex(text) : text).positionAt(offset));
}
