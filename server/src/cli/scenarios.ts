import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describePolicy } from '../core/evaluator/index';
import { statementLabel } from '../core/simulation/describe';
import { describeWitness, runScenario, type ScenarioHost } from '../core/simulation/scenarios';
import { locationAt } from '../core/text/location';
import { UsageError, usageFailure, type CommandResult } from './usage';
import { readTextFile } from '../core/text/text-file';

export const scenarioUsage = `Usage: iam-policy test [FILE|DIR ...]

Runs policy scenario files (*.iamtest.json): requests with the decision each must get, and policy
checks. Folders are searched for *.iamtest.json files. Prints every failing expectation and every check
that fails or cannot decide as file:line:col.

Scenario file:
  {
    "policies": {                          policies in play; a string is a policy file path relative to
      "identity": ["dev.json", {...}],     this file, an object an inline policy
      "resource": "bucket-policy.json",
      "permissionsBoundary": null,
      "session": null,
      "scps": [["scps/root.json"], ["scps/ou.json"]],   one list per level, root first
      "rcps": []
    },
    "principal": "arn:aws:iam::111122223333:user/dev",  default for every test
    "context": {"aws:SecureTransport": "true"},         default context keys for every test
    "deriveContext": true,                 add aws:PrincipalArn, aws:username, ... from the principal
    "tests": [
      {"name": "devs read objects", "action": "s3:GetObject",
       "resource": "arn:aws:s3:::bucket/a", "expect": "Allowed"},
      {"action": ["s3:DeleteObject", "s3:PutBucketPolicy"], "resource": "arn:aws:s3:::bucket/*",
       "context": {"aws:SourceIp": "203.0.113.7"}, "expect": "Denied"},
      {"principal": "...", "resourceAccount": "444455556666",
       "policies": {"session": "session.json"}, "expect": "ExplicitlyDenied"}
    ],
    "checks": [                            policy checks, as iam-policy check answers them
      {"name": "no IAM", "policy": "dev.json",
       "accessNotGranted": {"actions": ["iam:*", "s3:DeleteBucket"], "resources": ["*"]}},
      {"policy": "bucket-policy.json", "noPublicAccess": {"resourceType": "AWS::S3::Bucket"}},
      {"policy": "dev.json", "noNewAccess": {"base": "dev.approved.json"},
       "policyType": "identity", "mode": "catalog"}
    ]
  }
  "expect" is Allowed, ExplicitlyDenied, ImplicitlyDenied, or Denied (either). A list of actions or
  resources checks every combination. A test's "policies" replace the file's, type by type; its
  "context" keys are added to the file's. A check's "policy" (and noNewAccess's "base") is a file
  path or an inline policy; the file's "policies", "principal" and "context" do not apply to checks.
  A failing check prints its witness: a request the evaluator allows. A check that cannot decide
  (UNKNOWN) is printed as a warning with the reason and does not fail the run.

Options:
  -h, --help   show this help

Exit code: 0 when every expectation and check holds, 1 when one fails, 2 on bad input.`;

/** A problem with a scenario file itself, reported with its position; makes the command exit 2. */
class ScenarioError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset?: number,
    readonly text?: string,
  ) {
    super(message);
  }
}

interface Totals {
  files: number;
  expectations: number;
  failed: number;
  checks: number;
  checksFailed: number;
  checksUnknown: number;
}

export function runScenarios(args: string[]): CommandResult {
  try {
    if (args.includes('-h') || args.includes('--help')) return { stdout: `${scenarioUsage}\n`, exitCode: 0 };
    const unknown = args.find((arg) => arg.startsWith('-'));
    if (unknown) throw new UsageError(`Unknown option "${unknown}".`);
    if (args.length === 0) throw new UsageError('Name at least one scenario file (*.iamtest.json) or folder.');
    const files = scenarioFiles(args);
    if (files.length === 0) throw new UsageError(`No *.iamtest.json files found in ${args.join(', ')}.`);
    const totals: Totals = { files: 0, expectations: 0, failed: 0, checks: 0, checksFailed: 0, checksUnknown: 0 };
    const lines: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      try {
        lines.push(...runScenarioFile(file, totals));
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        problems.push(`${position(error.file, error.text, error.offset)}error ${error.message}`);
      }
    }
    const checks = totals.checks > 0 ? `; ${totals.checks} ${totals.checks === 1 ? 'check' : 'checks'}: ${totals.checksFailed} failed, ${totals.checksUnknown} unknown` : '';
    const summary = `${totals.files} scenario ${totals.files === 1 ? 'file' : 'files'}, ${totals.expectations} ${totals.expectations === 1 ? 'expectation' : 'expectations'}: ${totals.failed} failed${checks}.\n`;
    const stdout = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    if (problems.length > 0) return { stdout, stderr: `${problems.join('\n')}\n${summary}`, exitCode: 2 };
    return { stdout, stderr: summary, exitCode: totals.failed > 0 || totals.checksFailed > 0 ? 1 : 0 };
  } catch (error) {
    if (error instanceof UsageError) return usageFailure('iam-policy test', error.message, 'test');
    return { stdout: '', stderr: `iam-policy test: ${(error as Error).message}\n`, exitCode: 2 };
  }
}

/** Files as given, and every *.iamtest.json under folders (node_modules and dot folders skipped). */
function scenarioFiles(args: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.iamtest.json')) files.push(path);
    }
  };
  for (const arg of args) {
    let stats;
    try {
      stats = statSync(arg);
    } catch {
      throw new UsageError(`No such file or folder: ${arg}`);
    }
    if (stats.isDirectory()) walk(arg);
    else files.push(arg);
  }
  return files;
}

function position(file: string, text: string | undefined, offset: number | undefined): string {
  if (text === undefined || offset === undefined) return `${file}: `;
  return `${locationAt(file, text, offset)}: `;
}

function readText(file: string): string {
  return readTextFile(file);
}

function runScenarioFile(file: string, totals: Totals): string[] {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    throw new ScenarioError(`cannot read the file (${errorReason(error)}).`, file);
  }
  const here = dirname(file);
  const host: ScenarioHost = {
    readPolicy(reference) {
      const name = join(here, reference);
      try {
        return { name, display: name, text: readText(name) };
      } catch (error) {
        return { name, display: name, error: errorReason(error) };
      }
    },
  };
  const run = runScenario(text, file, host, { stopAtFirstProblem: true });
  if (run.isScenario) totals.files++;
  totals.expectations += run.attempted;
  const [problem] = run.problems;
  if (problem) {
    if (problem.policy) {
      const { source, span } = problem.policy;
      throw new ScenarioError(problem.message, source.name, span.start, source.text);
    }
    throw new ScenarioError(problem.message, file, problem.span.start, text);
  }
  const output: string[] = [];
  for (const result of run.results) {
    if (result.holds) continue;
    totals.failed++;
    const label = result.name !== undefined ? `"${result.name}" ` : '';
    output.push(
      `${position(file, text, result.entry.start)}${label}${result.action} on ${result.resource}${result.principal ? ` by ${result.principal}` : ''}: expected ${result.expect}, got ${result.decision}. ${result.reason}`,
    );
    for (const { statement, source } of result.decidedBy) {
      const where = source ? position(source.name, source.text, source.base + statement.span.start) : `${describePolicy(statement.policy)} `;
      output.push(`  decided by ${where}${statementLabel(statement)}`);
    }
  }
  for (const check of run.checks) {
    totals.checks++;
    if (check.result === 'PASS') continue;
    const subject = `${position(file, text, check.entry.start)}${check.result === 'UNKNOWN' ? 'warning ' : ''}${check.name !== undefined ? `"${check.name}" ` : ''}${check.kind} on ${check.policy}`;
    if (check.result === 'FAIL') {
      totals.checksFailed++;
      output.push(`${subject}: FAIL. ${check.reasons.join(' ')}`);
      if (check.witness) output.push(`  witness (the evaluator allows it): ${describeWitness(check.witness)}`);
    } else {
      totals.checksUnknown++;
      output.push(`${subject}: UNKNOWN, the check could not decide. ${check.reasons.join(' ')}`);
    }
  }
  return output;
}

function errorReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
