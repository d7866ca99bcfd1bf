import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { Problem } from '../core/checks/check';
import type { Analysis } from './documents';
import { toRange } from './convert';
import { diagnosticSource } from './diagnostics';

/** Quick fixes for the diagnostics in the request, matched to their problems by rule id and range, never by message. */
export function codeActionsFor(analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== diagnosticSource) continue;
    const problem = analysis.lint?.problems.find((p) => p.ruleId === diagnostic.code && sameRange(toRange(analysis.lines, p.span), diagnostic.range));
    if (problem) actions.push(...fixesOf(analysis, problem, diagnostic));
  }
  return actions;
}

function fixesOf(analysis: Analysis, problem: Problem, diagnostic: Diagnostic): CodeAction[] {
  return (problem.fixes ?? []).map((fix) => {
    const edits: TextEdit[] = fix.edits.map((edit) => ({ range: toRange(analysis.lines, edit.span), newText: edit.newText }));
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.isPreferred ?? false,
      edit: { changes: { [analysis.uri]: edits } },
    };
  });
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
