import { DiagnosticSeverity, type Connection, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { describePolicy } from '../core/evaluator/index';
import { statementLabel } from '../core/simulation/describe';
import {
  describeWitness,
  isScenarioFile,
  runScenario,
  type CheckEntryResult,
  type ExpectationResult,
  type ScenarioHost,
  type ScenarioPolicySource,
  type ScenarioProblem,
} from '../core/simulation/scenarios';
import { LineIndex } from '../core/text/positions';
import { toRange } from './convert';
import { diagnosticSource } from './diagnostics';
import { DiagnosticsPublisher } from './diagnostics-publisher';
import { sameUri, shortNames, type PolicyTexts } from './policy-texts';
import type { ServerTimings } from '../protocol';
import { defaultTimings } from './timings';

/** Whether the server treats the document as a scenario file (`*.iamtest.json`) rather than as a policy. */
export function isScenarioUri(uri: string): boolean {
  try {
    return isScenarioFile(URI.parse(uri).path);
  } catch {
    return isScenarioFile(uri);
  }
}

/**
 * Runs open scenario files (on open and save, and when a policy they name changes) and publishes each failing
 * expectation and each problem as a diagnostic. Scenario files get no policy diagnostics.
 */
export class ScenarioRunner {
  /** The policy files each open scenario read, by scenario uri. */
  private readonly dependencies = new Map<string, string[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly publisher: DiagnosticsPublisher;

  constructor(
    private readonly connection: Connection,
    private readonly documents: { get(uri: string): TextDocument | undefined },
    private readonly texts: PolicyTexts,
    /** Read at each change: the server sets them from the `initialize` request. */
    private readonly timings: Pick<ServerTimings, 'scenarioDelayMs'> = defaultTimings,
  ) {
    this.publisher = new DiagnosticsPublisher(connection);
  }

  /** Runs the scenario now and publishes its diagnostics. */
  run(document: TextDocument): void {
    this.cancel(document.uri);
    try {
      const { diagnostics, policyFiles } = scenarioDiagnostics(document.uri, document.getText(), this.texts);
      this.dependencies.set(document.uri, policyFiles);
      void this.publisher.publish(document.uri, document.version, diagnostics);
    } catch (error) {
      this.connection.console.error(`Running the scenarios of ${document.uri} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  /** A policy file changed (or was closed, so its text is the one on disk again): runs the scenarios that name it. */
  policyChanged(uri: string): void {
    for (const [scenario, files] of this.dependencies) {
      if (!files.some((file) => sameUri(file, uri))) continue;
      this.cancel(scenario);
      this.timers.set(
        scenario,
        setTimeout(() => {
          this.timers.delete(scenario);
          const document = this.documents.get(scenario);
          if (document) this.run(document);
        }, this.timings.scenarioDelayMs),
      );
    }
  }

  /** The scenario was closed: forgets it and clears its diagnostics. */
  forget(uri: string): void {
    this.cancel(uri);
    this.dependencies.delete(uri);
    this.publisher.clear(uri);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }
}

/** The diagnostics of one scenario file, and the policy files it read (by uri). */
export function scenarioDiagnostics(uri: string, text: string, texts: PolicyTexts): { diagnostics: Diagnostic[]; policyFiles: string[] } {
  const folder = Utils.dirname(URI.parse(uri));
  const host: ScenarioHost = {
    readPolicy(reference) {
      const name = (reference.startsWith('/') ? URI.file(reference) : Utils.resolvePath(folder, reference)).toString();
      const read = texts.read(name);
      return read.text !== undefined ? { name, display: reference, text: read.text } : { name, display: reference, error: read.error };
    },
  };
  const run = runScenario(text, shortNames([uri]).get(uri)!, host);
  const lines = new LineIndex(text);
  const diagnostics = [
    ...run.problems.map((problem) => problemDiagnostic(problem, uri, lines)),
    ...run.results.filter((result) => !result.holds).map((result) => expectationDiagnostic(result, uri, lines)),
    ...run.checks.filter((check) => check.result !== 'PASS').map((check) => checkDiagnostic(check, lines)),
  ].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { diagnostics, policyFiles: run.policyFiles };
}

function diagnostic(
  lines: LineIndex,
  span: { start: number; end: number },
  code: string,
  message: string,
  related?: DiagnosticRelatedInformation[],
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
): Diagnostic {
  return {
    range: toRange(lines, span),
    severity,
    code,
    source: diagnosticSource,
    message,
    ...(related && related.length > 0 ? { relatedInformation: related } : {}),
  };
}

/** `iam-policy test` prints messages after "file:line:col: error"; a diagnostic stands alone and needs a subject. */
function sentence(message: string): string {
  if (/^(is|needs) /.test(message)) return `The scenario file ${message}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function locationIn(source: ScenarioPolicySource, span: { start: number; end: number }, uri: string, lines: LineIndex) {
  const inScenario = source.inline;
  const sourceLines = inScenario ? lines : new LineIndex(source.text);
  return { uri: inScenario ? uri : source.name, range: toRange(sourceLines, span), lines: sourceLines };
}

function problemDiagnostic(problem: ScenarioProblem, uri: string, lines: LineIndex): Diagnostic {
  if (!problem.policy) return diagnostic(lines, problem.span, problem.code, sentence(problem.message));
  const { source, span, ruleId, message } = problem.policy;
  if (source.inline) return diagnostic(lines, span, problem.code, `This inline policy cannot be evaluated (${ruleId}): ${message}`);
  const where = locationIn(source, span, uri, lines);
  const position = `line ${where.range.start.line + 1}, column ${where.range.start.character + 1}`;
  return diagnostic(lines, problem.span, problem.code, `The policy in "${source.display}" cannot be evaluated (${ruleId} at ${position}): ${message}`, [
    { location: { uri: where.uri, range: where.range }, message: `${ruleId}: ${message}` },
  ]);
}

function expectationDiagnostic(result: ExpectationResult, uri: string, lines: LineIndex): Diagnostic {
  const label = result.name !== undefined ? `"${result.name}": ` : '';
  const by = result.principal ? ` by ${result.principal}` : '';
  const related: DiagnosticRelatedInformation[] = [];
  const decided = result.decidedBy.map(({ statement, source }) => {
    if (!source) return `${statementLabel(statement)} of ${describePolicy(statement.policy)}`;
    const where = locationIn(source, { start: source.base + statement.span.start, end: source.base + statement.span.end }, uri, lines);
    related.push({ location: { uri: where.uri, range: where.range }, message: `${statementLabel(statement)} decided: ${result.decision}` });
    return `${statementLabel(statement)} in ${source.inline ? 'the inline policy' : `"${source.display}"`} (line ${where.range.start.line + 1})`;
  });
  const decidedBy = decided.length > 0 ? ` Decided by ${decided.join(', ')}.` : '';
  return diagnostic(
    lines,
    result.expectSpan,
    'scenario-expectation',
    `${label}${result.action} on ${result.resource}${by}: expected ${result.expect}, got ${result.decision}. ${result.reason}${decidedBy}`,
    related,
  );
}

/** A failing check is an error on its entry, with the witness request; a check that could not decide is a warning with the reason. */
function checkDiagnostic(check: CheckEntryResult, lines: LineIndex): Diagnostic {
  const subject = `${check.name !== undefined ? `"${check.name}": ` : ''}${check.kind} on ${check.policy === 'the inline policy' ? check.policy : `"${check.policy}"`}`;
  if (check.result === 'FAIL') {
    const witness = check.witness ? ` Witness, a request the evaluator allows: ${describeWitness(check.witness)}.` : '';
    return diagnostic(lines, check.entry, 'scenario-check', `${subject}: FAIL. ${check.reasons.join(' ')}${witness}`);
  }
  return diagnostic(lines, check.entry, 'scenario-check', `${subject}: UNKNOWN, the check could not decide. ${check.reasons.join(' ')}`, undefined, DiagnosticSeverity.Warning);
}
