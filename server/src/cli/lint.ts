import { readFileSync } from 'node:fs';
import { allChecks } from '../core/checks/index';
import { lintPolicy, type RuleSetting } from '../core/lint';
import { looksLikePolicy } from '../core/policy/detect';
import { parsePolicy } from '../core/policy/parse-policy';
import { isPolicyType, policyTypes, type PolicyType } from '../core/policy/policy-type';
import { expandArguments } from './files';
import { formatJson, formatSarif, formatText, type FileReport } from './formats';
import { UsageError, type CommandResult, parseCommandLine } from './usage';

export const lintUsage = `Usage: iam-policy lint [FILE|DIR|GLOB ...] [options]

Checks IAM policies and prints what is wrong, where, and what to do. Folders are searched for *.json
policies; JSON files that are not policies are skipped.

Options:
  --format text|json|sarif   output format (default: text)
  --policy-type TYPE         ${policyTypes.join(', ')} (default: inferred from each policy)
  --rule ID=SEVERITY         off, error, warning, info or hint; may be repeated
  -h, --help                 show this help

Exit code: 0 when no error was found, 1 when one was, 2 on bad usage.`;

const severityNames: Record<string, RuleSetting> = { off: 'off', error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint' };

export function runLint(args: string[], version: string): CommandResult {
  const { values, positionals } = parseArguments(args);
  if (values.help) return { stdout: `${lintUsage}\n`, exitCode: 0 };
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown format "${format}". Use text, json or sarif.`);
  const policyType = values['policy-type'];
  if (policyType !== undefined && !isPolicyType(policyType)) throw new UsageError(`Unknown policy type "${policyType}". Use one of ${policyTypes.join(', ')}.`);
  const rules = parseRules(values.rule ?? []);
  if (positionals.length === 0) throw new UsageError('Name at least one file, folder or glob to lint.');

  const { files, missing } = expandArguments(positionals);
  if (missing.length > 0) throw new UsageError(`No such file, folder or matching glob: ${missing.join(', ')}`);
  const named = new Set(positionals);
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = lintFile(file, { policyType: policyType as PolicyType | undefined, rules }, named.has(file));
    if (report) reports.push(report);
  }

  const output = format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, version) : formatText(reports);
  const failed = reports.some((r) => r.failed || r.problems.some((p) => p.severity === 'error'));
  return { stdout: output, stderr: format === 'text' ? summary(reports) : '', exitCode: failed ? 1 : 0 };
}

/** Lints one file; a file found in a folder that is not a policy is left out, one named explicitly is reported as skipped. */
export function lintFile(file: string, options: { policyType?: PolicyType; rules: Record<string, RuleSetting> }, named: boolean): FileReport | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, text: '', problems: [], skipped: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, failed: true };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const isPolicyFile = /\.(policy|iam|iam-policy)\.json$/.test(file);
  if (!isPolicyFile && !looksLikePolicy(parsePolicy(text))) {
    return named ? { file, text, problems: [], skipped: 'not an IAM policy (no top-level "Statement"); skipped' } : undefined;
  }
  return { file, text, problems: lintPolicy(text, options).problems };
}

function parseArguments(args: string[]) {
  return parseCommandLine(args, {
    format: { type: 'string' },
    'policy-type': { type: 'string' },
    rule: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
}

function parseRules(specs: string[]): Record<string, RuleSetting> {
  const known = new Set(allChecks.map((c) => c.id));
  const rules: Record<string, RuleSetting> = {};
  for (const spec of specs) {
    const [id, severity] = spec.split('=');
    if (!id || !severity || !(severity in severityNames)) throw new UsageError(`--rule takes ID=SEVERITY with SEVERITY one of off, error, warning, info, hint; got "${spec}".`);
    if (!known.has(id)) throw new UsageError(`Unknown rule "${id}". Rule ids are listed in the README.`);
    rules[id] = severityNames[severity];
  }
  return rules;
}

function summary(reports: FileReport[]): string {
  const linted = reports.filter((r) => !r.skipped).length;
  const count = (severity: string) => reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === severity).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  return `${linted} ${linted === 1 ? 'policy' : 'policies'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.\n`;
}
