import assert from 'node:assert/strict';
import type { Completion } from '../../server/src/core/completion/completion';

/**
 * The whole document after accepting the completion with `label`, as an editor would: snippet tab stops and
 * choices reduced to their default text, snippet escapes (`\$`, `\}`, `\\`) to the characters they stand for.
 */
export function acceptCompletion(text: string, items: readonly Completion[], label: string): string {
  const item = items.find((i) => i.label === label);
  assert.ok(
    item,
    `no completion "${label}" among ${items
      .slice(0, 20)
      .map((i) => i.label)
      .join(', ')}`,
  );
  const inserted = item.snippet
    ? item.insertText
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, '$1')
        .replace(/\$\d+/g, '')
        .replace(/\\([$}\\])/g, '$1')
    : item.insertText;
  return text.slice(0, item.span.start) + inserted + text.slice(item.span.end);
}
