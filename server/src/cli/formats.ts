import type { HostKind } from '../core/hosts/host';
import type { Problem, Severity } from '../core/checks/check';
import type { PolicyType } from '../core/policy/policy-type';
import type { Span } from '../core/text/span';
import { allRules } from '../core/rules';
import { locationAt } from '../core/text/location';
import { LineIndex } from '../core/text/positions';

/** The lint result of one file, ready to print. */
export interface FileReport {
  file: string;
  text: string;
  problems: Problem[];
  /** Why the file was not linted (unreadable, not a policy); absent when it was. */
  skipped?: string;
  /** True when the file could not be read at all, which counts as an error. */
  failed?: boolean;
  /** How many policies the file holds (a template holds several); 1 when absent. */
  policies?: number;
  /** The policies checked, each named and typed as the editor's Outline shows it, with its span in the file. */
  checked?: { name: string; type: PolicyType; span: Span }[];
  /** The host kind of the file, when it holds policies. */
  kind?: HostKind;
  /** With `--fix`: how many problems the fixes written into the file fixed. */
  fixed?: number;
}

const shortSeverity: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

/** `file:line:col severity rule-id message`, one line per problem, 1-based like compilers print. */
export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.skipped) {
      lines.push(`${report.file}: ${report.failed ? 'error' : 'note'}: ${report.skipped}`);
      continue;
    }
    const index = new LineIndex(report.text);
    for (const problem of report.problems) {
      lines.push(`${locationAt(report.file, index, problem.span.start)} ${shortSeverity[problem.severity]} ${problem.ruleId} ${problem.message}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * An array of `{file, kind, policies, checked, diagnostics}` with 0-based LSP ranges: what the file is read as, how many
 * policies were checked in it and which (a CI job can tell a template whose policies were all read from one with none,
 * and the type each was checked as), or why it was skipped.
 */
export function formatJson(reports: FileReport[]): string {
  const files = reports.map((report) => {
    const index = new LineIndex(report.text);
    return {
      file: report.file,
      ...(report.skipped ? {} : { kind: report.kind ?? 'policy', policies: report.policies ?? 1 }),
      ...(report.fixed !== undefined ? { fixed: report.fixed } : {}),
      ...(report.checked ? { checked: report.checked.map(({ name, type, span }) => ({ name, type, range: { start: index.positionAt(span.start), end: index.positionAt(span.end) } })) } : {}),
      diagnostics: report.problems.map((problem) => ({
        ruleId: problem.ruleId,
        severity: shortSeverity[problem.severity],
        message: problem.message,
        range: { start: index.positionAt(problem.span.start), end: index.positionAt(problem.span.end) },
      })),
      ...(report.skipped ? { skipped: report.skipped } : {}),
    };
  });
  return `${JSON.stringify(files, null, 2)}\n`;
}

const sarifLevels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning accepts it: one run, the rules in the driver, 1-based regions. */
export function formatSarif(reports: FileReport[], version: string): string {
  const rules = allRules.map((check) => ({
    id: check.id,
    name: check.id,
    shortDescription: { text: check.description },
    fullDescription: { text: check.description },
    defaultConfiguration: { level: sarifLevels[check.severity] },
    help: { text: check.description, markdown: `${check.description} See docs/rules/${check.id}.md.` },
  }));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = reports.flatMap((report) => {
    const index = new LineIndex(report.text);
    return report.problems.map((problem) => {
      const start = index.positionAt(problem.span.start);
      const end = index.positionAt(problem.span.end);
      return {
        ruleId: problem.ruleId,
        ...(ruleIndex.has(problem.ruleId) ? { ruleIndex: ruleIndex.get(problem.ruleId) } : {}),
        level: sarifLevels[problem.severity],
        message: { text: problem.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: report.file.split('\\').join('/') },
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
      };
    });
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'iam-policy', semanticVersion: version, version, rules } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
