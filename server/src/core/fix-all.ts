import type { Problem, TextEdit } from './checks/check';

/** The edits of the fixes safe to apply without asking, and how many problems they fix. */
export interface SafeFixes {
  edits: TextEdit[];
  fixed: number;
}

/**
 * The fixes safe to apply without asking ("Fix all" in the editor, `iam-policy lint --fix`): each problem's preferred
 * fix, in the order of the problems, unless one of its edits overlaps or starts where an edit already taken does (two
 * insertions at one place would come out in either order). A fix's edits are taken together or not at all; a fix left
 * out is there again once the text is analysed anew.
 */
export function safeFixes(problems: readonly Problem[]): SafeFixes {
  const edits: TextEdit[] = [];
  let fixed = 0;
  for (const problem of problems) {
    const fix = problem.fixes?.find((candidate) => candidate.isPreferred);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((edit) => edits.some((taken) => clashes(edit, taken)))) continue;
    edits.push(...fix.edits);
    fixed++;
  }
  return { edits, fixed };
}

function clashes(a: TextEdit, b: TextEdit): boolean {
  return a.span.start === b.span.start || (a.span.start < b.span.end && b.span.start < a.span.end);
}

/**
 * `text` with `edits` made, which must not overlap. A line break an edit writes is the text's own: CRLF in a file
 * whose lines end in CRLF, as the editor writes it.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const crlf = usesCrlf(text);
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const parts: string[] = [];
  let at = 0;
  for (const edit of ordered) {
    parts.push(text.slice(at, edit.span.start), crlf ? edit.newText.replace(/\r?\n/g, '\r\n') : edit.newText);
    at = edit.span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function usesCrlf(text: string): boolean {
  const lineBreak = text.indexOf('\n');
  return lineBreak > 0 && text[lineBreak - 1] === '\r';
}
