import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { Fix, Problem } from '../core/checks/check';
import { policyOfProblem } from '../core/analyze';
import { safeFixes } from '../core/fix-all';
import { statementReference } from '../core/suppressions';
import { suppressCommand, showRuleDocumentationCommand, type SuppressArguments } from '../protocol';
import type { Analysis } from './documents';
import { toRange } from './convert';
import { diagnosticSource } from './diagnostics';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.iamPolicy`;

/**
 * Code actions for our diagnostics in the request: each rule's own fixes (matched to problems by rule id and range,
 * never by message), suppressing the rule for the statement or the file, and its documentation; plus "fix all".
 */
export function codeActionsFor(analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && only.every((kind) => !fixAllKind.startsWith(kind) && !kind.startsWith(CodeActionKind.QuickFix))) return [];
  const actions: CodeAction[] = [];
  const wantsQuickFixes = !only || only.some((kind) => kind.startsWith(CodeActionKind.QuickFix) || CodeActionKind.QuickFix.startsWith(kind));
  if (wantsQuickFixes) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const problem = analysis.problems.find((p) => p.ruleId === diagnostic.code && sameRange(toRange(analysis.lines, p.span), diagnostic.range));
      if (problem) actions.push(...fixesOf(analysis, problem, diagnostic), ...ruleActionsOf(analysis, problem, diagnostic));
    }
  }
  const fixAll = fixAllAction(analysis);
  if (fixAll && (!only || only.some((kind) => fixAllKind.startsWith(kind)))) actions.push(fixAll);
  return actions;
}

function fixesOf(analysis: Analysis, problem: Problem, diagnostic: Diagnostic): CodeAction[] {
  return (problem.fixes ?? []).map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred ?? false,
    edit: { changes: { [analysis.uri]: toEdits(analysis, fix) } },
  }));
}

function ruleActionsOf(analysis: Analysis, problem: Problem, diagnostic: Diagnostic): CodeAction[] {
  const statement = policyOfProblem(analysis, problem)?.policy.statements.find((s) => problem.span.start >= s.span.start && problem.span.start < s.span.end);
  const suppress = (args: SuppressArguments, title: string): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: suppressCommand, arguments: [args] },
  });
  const actions: CodeAction[] = [];
  if (statement) {
    const reference = statementReference(statement);
    actions.push(suppress({ uri: analysis.uri, rule: problem.ruleId, statement: reference }, `Suppress ${problem.ruleId} for statement ${reference}`));
  }
  actions.push(suppress({ uri: analysis.uri, rule: problem.ruleId }, `Suppress ${problem.ruleId} in this file`));
  const title = `Show documentation for ${problem.ruleId}`;
  actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: showRuleDocumentationCommand, arguments: [problem.ruleId] } });
  return actions;
}

/** "Fix all": the fixes safe to apply without asking, chosen by the core as `iam-policy lint --fix` chooses them. */
function fixAllAction(analysis: Analysis): CodeAction | undefined {
  const { edits } = safeFixes(analysis.problems);
  if (edits.length === 0) return undefined;
  const changes = edits.map((edit) => ({ range: toRange(analysis.lines, edit.span), newText: edit.newText }));
  return { title: 'Fix all auto-fixable IAM policy problems', kind: fixAllKind, edit: { changes: { [analysis.uri]: changes } } };
}

function toEdits(analysis: Analysis, fix: Fix): TextEdit[] {
  return fix.edits.map((edit) => ({ range: toRange(analysis.lines, edit.span), newText: edit.newText }));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
