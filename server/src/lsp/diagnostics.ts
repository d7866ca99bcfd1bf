import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Problem, Severity } from '../core/checks/check';
import type { Analysis } from './documents';
import { toRange } from './convert';
import { ruleDocsUri } from './rule-docs';

export const diagnosticSource = 'iam-policy';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const docsUris = new Map<string, string | undefined>();

export function toDiagnostic(analysis: Analysis, problem: Problem): Diagnostic {
  if (!docsUris.has(problem.ruleId)) docsUris.set(problem.ruleId, ruleDocsUri(problem.ruleId));
  const href = docsUris.get(problem.ruleId);
  return {
    range: toRange(analysis.lines, problem.span),
    severity: severities[problem.severity],
    code: problem.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: diagnosticSource,
    message: problem.message,
  };
}

/** More diagnostics than this make the Problems panel useless and the editor slow; the rest are summarised in one. */
export const maxDiagnostics = 1000;

export function diagnosticsOf(analysis: Analysis): Diagnostic[] {
  const problems = analysis.problems;
  const shown = problems.slice(0, maxDiagnostics).map((problem) => toDiagnostic(analysis, problem));
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
