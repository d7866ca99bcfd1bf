import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Problem, Severity } from '../core/checks/check';
import type { Analysis } from './documents';
import { toRange } from './convert';
import type { LineIndex } from '../core/text/positions';
import { ruleDocsUri } from './rule-docs';

export const diagnosticSource = 'iam-policy';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const docsUris = new Map<string, string | undefined>();

/** Line positions of another file, for related information that points into it. */
export type LinesOf = (uri: string) => LineIndex | undefined;

export function toDiagnostic(analysis: Analysis, problem: Problem, linesOf?: LinesOf): Diagnostic {
  if (!docsUris.has(problem.ruleId)) docsUris.set(problem.ruleId, ruleDocsUri(problem.ruleId));
  const href = docsUris.get(problem.ruleId);
  const related = problem.related?.flatMap((r) => {
    const lines = r.uri === undefined || r.uri === analysis.uri ? analysis.lines : linesOf?.(r.uri);
    return lines ? [{ location: { uri: r.uri ?? analysis.uri, range: toRange(lines, r.span) }, message: r.message }] : [];
  });
  return {
    range: toRange(analysis.lines, problem.span),
    severity: severities[problem.severity],
    code: problem.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: diagnosticSource,
    message: problem.message,
    ...(related?.length ? { relatedInformation: related } : {}),
  };
}

/** More diagnostics than this make the Problems panel useless and the editor slow; the rest are summarised in one. */
export const maxDiagnostics = 1000;

/** The analysis's diagnostics, with `more` problems found apart from it (the account analysis of a template) in document order. */
export function diagnosticsOf(analysis: Analysis, more: readonly Problem[] = [], linesOf?: LinesOf): Diagnostic[] {
  const problems = more.length === 0 ? analysis.problems : [...analysis.problems, ...more].sort((a, b) => a.span.start - b.span.start);
  const shown = problems.slice(0, maxDiagnostics).map((problem) => toDiagnostic(analysis, problem, linesOf));
  if (problems.length > maxDiagnostics) {
    shown.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Information,
      code: 'too-many-problems',
      source: diagnosticSource,
      message: `Showing the first ${maxDiagnostics.toLocaleString('en-US')} of ${problems.length.toLocaleString('en-US')} problems in this file. Fix those, or run \`iam-policy lint\` to see them all.`,
    });
  }
  return shown;
}
