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

export function diagnosticsOf(analysis: Analysis): Diagnostic[] {
  return analysis.lint?.problems.map((problem) => toDiagnostic(analysis, problem)) ?? [];
}
