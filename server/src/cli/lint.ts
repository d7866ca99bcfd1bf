import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { analyzeDocument, type DocumentAnalysis } from '../core/analyze';
import { applyEdits, safeFixes } from '../core/fix-all';
import { documentEscalations, escalationProblems, readDocumentAccount, type DocumentAccount } from '../core/account/escalation-findings';
import { readModuleFolder, readShippedFile } from './account-files';
import { terraformCallGraph, terraformCallerRoots } from '../core/account/workspace-sources';
import { knownRuleIds } from '../core/rules';
import type { RuleSetting } from '../core/config/configuration';
import type { LoadedConfigFile } from '../core/config/find-config';
import { isPolicyType, policyTypes, type PolicyType } from '../core/policy/policy-type';
import { compareFileNames } from '../core/text/file-order';
import { isPolicyFileName } from '../core/hosts/file-claims';
import { isModuleFile, isNativeModuleFile } from '../core/hosts/terraform/file-names';
import { takeCommandLineReading } from '../core/hosts/terraform/index';
import type { KeptReading } from '../core/account/from-terraform';
import { CliConfigurations, ConfigFileError, configFileErrors } from './config';
import { expandArguments, readersToPrepare } from './files';
import type { HostReader, LinkedText } from '../core/hosts/host';
import { modulesNaming, readFolderModule, readLinkedFile, type FolderModule } from '../core/hosts/linked-file';
import { hostFileExtensions, prepareHostReaders } from '../core/hosts/index';
import { keepValueListsAcrossParses } from '../core/risk/value-list-cache';
import { formatJson, formatSarif, formatText, type FileReport } from './formats';
import { UsageError, type CommandResult, parseCommandLine } from './usage';
import { lintInParallel, lintJobs } from './lint-workers';
import { encodeText, readTextFile, readTextFileAndEncoding, type TextEncoding } from '../core/text/text-file';
import { localPathOf } from '../core/text/file-uri';

/** Fewer files than this are linted on one thread by default: a worker's start (bundle, catalog, JIT) costs ~0.2 s. */
export const parallelThreshold = 200;

export const lintUsage = `Usage: iam-policy lint [FILE|DIR|GLOB ...] [options]

Checks IAM policies and prints what is wrong, where, and what to do. Folders are searched for policy files
(*.json), CloudFormation/SAM templates (*.json, *.yaml, *.yml, *.template), Terraform (*.tf, *.tf.json, *.tftpl, *.tpl, *.tmpl),
Serverless Framework service files (serverless.yml, serverless.ts), OpenAPI definitions, eksctl configurations,
Crossplane and ACK manifests, Ansible tasks and GitHub Actions workflows' session policies (*.json, *.yaml, *.yml), AWS CDK apps (*.ts, *.js and their m/c
variants, *.py, *.java, *.go, *.cs), Pulumi programs and SST apps (*.ts, *.js, *.py, *.go, *.cs, Pulumi.yaml), CDK for Terraform apps
(*.ts, *.js, *.py), policies written in other JavaScript, TypeScript, Python, Go, Java and C# sources, policies a shell
script gives the AWS CLI (*.sh, *.bash, *.zsh), and Jinja templates (*.j2, *.jinja, *.jinja2), plus the globs of .iam-policy.json's "files"; files that hold no policy are skipped. Each file's settings come from the nearest
.iam-policy.json in its folder or above (rules, policy types, files, suppressions, exclude), as in the editor.

Options:
  --format text|json|sarif   output format (default: text)
  --policy-type TYPE         ${policyTypes.join(', ')} (default: from .iam-policy.json, else inferred from each policy)
  --rule ID=SEVERITY         off, error, warning, info or hint; may be repeated; wins over .iam-policy.json
  --config FILE              use this configuration file instead of looking for .iam-policy.json
  --fix                      write into the files the fixes that are safe to apply without asking (the editor's
                             "Fix all"), then report what is left
  -j, --jobs N               lint on N threads (default: one per core but one, at most 4, for ${parallelThreshold} files or more; else 1)
  -h, --help                 show this help

Exit code: 0 when no error was found, 1 when one was, 2 on bad usage or a bad configuration file.`;

const severityNames: Record<string, RuleSetting> = { off: 'off', error: 'error', warning: 'warning', info: 'information', information: 'information', hint: 'hint' };

export function runLint(args: string[], version: string): CommandResult {
  const plan = planLint(args);
  if (!('files' in plan)) return plan;
  return finishLint(
    plan,
    readingOnce(() => serially(plan)),
    version,
  );
}

/**
 * `lint` reads each file once: what the core keeps across parses for an editor's next keystroke is not kept
 * (value-list-cache.ts), here and in the lint workers.
 */
function readingOnce<T>(lint: () => T): T {
  keepValueListsAcrossParses(false);
  try {
    return lint();
  } finally {
    keepValueListsAcrossParses(true);
  }
}

/**
 * `runLint`, with the files linted on `--jobs` threads (by default every core but one for a large batch) when the CLI
 * runs from its bundle, which a worker loads again as `workerScript`, and with the host readers the files need
 * prepared by `prepare` first. Same output and exit code as `runLint`.
 */
export async function runLintOnThreads(args: string[], version: string, workerScript: string, prepare: (readers: readonly HostReader[]) => Promise<void> = prepareHostReaders): Promise<CommandResult> {
  const plan = planLint(args);
  if (!('files' in plan)) return plan;
  // Only the readers these files need load their parsers: a folder of JSON policies never loads Terraform's.
  await prepare(readersForLint(plan.files, plan.options));
  const jobs = lintJobs(plan.jobs, plan.files.length);
  if (jobs <= 1)
    return finishLint(
      plan,
      readingOnce(() => serially(plan)),
      version,
    );
  // IAM_POLICY_LINT_WORKERS_ONLY=1 leaves every file to the workers: the tests' way to see their reports.
  const mainThreadLints = process.env.IAM_POLICY_LINT_WORKERS_ONLY !== '1';
  keepValueListsAcrossParses(false);
  let reports: (FileReport | undefined)[];
  try {
    reports = await lintInParallel({
      files: plan.files,
      named: plan.named,
      options: plan.options,
      configFile: plan.configFile,
      jobs,
      workerScript,
      mainThreadLints,
      mainThreadOnly: lintKeepsReading,
    });
  } finally {
    keepValueListsAcrossParses(true);
  }
  return finishLint(plan, reports, version);
}

function serially(plan: LintPlan): (FileReport | undefined)[] {
  return plan.files.map((file) => lintFile(file, plan.options, plan.named.has(file)));
}

/** What to lint and how, from the command line and the configuration files. */
interface LintPlan {
  files: string[];
  named: ReadonlySet<string>;
  format: string;
  options: LintFileOptions & { configurations: CliConfigurations };
  configFile?: string;
  jobs?: number;
}

function planLint(args: string[]): LintPlan | CommandResult {
  const { values, positionals } = parseArguments(args);
  if (values.help) return { stdout: `${lintUsage}\n`, exitCode: 0 };
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown format "${format}". Use text, json or sarif.`);
  const policyType = values['policy-type'];
  if (policyType !== undefined && !isPolicyType(policyType)) throw new UsageError(`Unknown policy type "${policyType}". Use one of ${policyTypes.join(', ')}.`);
  const rules = parseRules(values.rule ?? []);
  const jobs = parseJobs(values.jobs);
  if (positionals.length === 0) throw new UsageError('Name at least one file, folder or glob to lint.');

  let configurations: CliConfigurations;
  try {
    configurations = new CliConfigurations({ rules, ...(values.config !== undefined ? { configFile: values.config } : {}) });
  } catch (error) {
    if (error instanceof ConfigFileError) return { stdout: '', stderr: `${error.message}\n`, exitCode: 2 };
    throw error;
  }
  // Folders yield the files a host reader may claim, and those the configuration's "files" globs name.
  const { files, missing } = expandArguments(positionals, (file) => isPolicyFileName(configurations.globPathOf(file), configurations.for(file).files));
  if (missing.length > 0) throw new UsageError(`No such file, folder or matching glob: ${missing.join(', ')}`);
  const badConfigs = new Set<LoadedConfigFile>();
  for (const file of files) {
    const config = configurations.fileFor(file);
    if (config && config.result.problems.length > 0) badConfigs.add(config);
  }
  if (badConfigs.size > 0) {
    const lines = configFileErrors(badConfigs, (path) => relative('.', URI.from({ scheme: 'file', path }).fsPath) || path);
    return { stdout: '', stderr: `${lines.join('\n')}\niam-policy: fix the configuration file above; nothing was linted.\n`, exitCode: 2 };
  }
  return {
    files,
    named: new Set(positionals),
    format,
    options: {
      policyType: policyType as PolicyType | undefined,
      rules,
      configurations,
      folderTexts: new Map(),
      terraformReadings: new TerraformReadings(),
      ...(values.fix ? { fix: true } : {}),
    },
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
  };
}

/** The escalation paths across the linted files, then the output: `reports` holds each file's report, in file order. */
function finishLint(plan: LintPlan, linted: readonly (FileReport | undefined)[], version: string): CommandResult {
  const reports: FileReport[] = [];
  for (const report of linted) if (report) reports.push(report);
  addModuleEscalationPaths(
    // A module is its .tf and .tf.json files; a policy template (.tftpl, a .json for templatefile()) is none of them.
    reports.filter((report) => report.kind === 'terraform' && isModuleFile(report.file)),
    plan.options.configurations,
    plan.options.terraformReadings?.readings,
  );

  const { format } = plan;
  const output = format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, version) : formatText(reports);
  const failed = reports.some((r) => r.failed || r.problems.some((p) => p.severity === 'error'));
  return { stdout: output, stderr: format === 'text' ? summary(reports, plan.options.fix === true) : '', exitCode: failed ? 1 : 0 };
}

export interface LintFileOptions {
  policyType?: PolicyType;
  rules: Record<string, RuleSetting>;
  /** Where each file's configuration comes from; by default the nearest `.iam-policy.json`, under `rules`. */
  configurations?: CliConfigurations;
  /** The texts of files read for their folder's other files (a Terraform module's locals), kept over one run. */
  folderTexts?: Map<string, LinkedText>;
  /** The folders' `.tf` files read for the modules that may read a policy file (modulesNaming), kept over one run. */
  folderModules?: Map<string, FolderModule | undefined>;
  /** Write the fixes safe to apply without asking into the files (`--fix`), and report what is left. */
  fix?: boolean;
  /** The `.tf` files' readings kept for their modules' accounts, read at the end of the run; the main thread's only. */
  terraformReadings?: TerraformReadings;
}

/**
 * The readings of linted `.tf` files, kept for their modules' accounts (`escalation-path`), which are read once every
 * file is linted: a module file is then not parsed and copied again, a third of a large module's lint. A reading takes
 * some 150 times its text (71 MB for a file of 444 KB); past `MAX_KEPT_TEXT` of text (some 300 MB), files are parsed
 * again at the end, so that a repository of many modules does not hold all their syntax at once.
 */
export class TerraformReadings {
  readonly readings = new Map<string, KeptReading>();
  private keptText = 0;

  keep(file: string, text: string): void {
    const reading = takeCommandLineReading(text);
    if (!reading || this.keptText + text.length > MAX_KEPT_TEXT) return;
    this.keptText += text.length;
    this.readings.set(file, { text, reading });
  }
}

const MAX_KEPT_TEXT = 2 * 1024 * 1024;

/**
 * Whether linting `file` may keep its reading (`TerraformReadings`): a `.tf` file's. On several threads the main thread
 * lints these itself, since a worker's reading cannot be handed back; else each was parsed again for its module.
 */
export function lintKeepsReading(file: string): boolean {
  return isNativeModuleFile(file);
}

const skipReasons = {
  'not-a-policy': 'not an IAM policy (no top-level "Statement"); skipped',
  excluded: 'excluded by the configuration ("exclude"); skipped',
  scenario: 'a policy scenario file; run it with iam-policy test',
  configuration: 'the iam-policy configuration file; skipped',
} as const;

/**
 * Why a file named on the command line was skipped. "No top-level Statement" is said of JSON; of a source or template
 * no policy was found in, and of a kind of file no reader reads (a Ruby program), that is said instead.
 */
function skipReasonOf(file: string, reason: keyof typeof skipReasons): string {
  if (reason !== 'not-a-policy') return skipReasons[reason];
  const name = file.toLowerCase();
  const extension = /\.[^./\\]+$/.exec(name)?.[0];
  if (!extension || extension === '.json' || extension === '.jsonc') return skipReasons[reason];
  if (hostFileExtensions().some((known) => name.endsWith(known.toLowerCase()))) return 'no IAM policy found in it; skipped';
  return `no IAM policy found: iam-policy reads no ${extension} files; skipped`;
}

/**
 * Lints one file through the document pipeline the editor uses. A file found in a folder that holds no policy is
 * left out; one named explicitly is reported as skipped.
 */
export function lintFile(file: string, options: LintFileOptions, named: boolean): FileReport | undefined {
  let text: string;
  let encoding: TextEncoding;
  try {
    ({ text, encoding } = readTextFileAndEncoding(file));
  } catch (error) {
    return { file, text: '', problems: [], skipped: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, failed: true };
  }
  const configurations = options.configurations ?? new CliConfigurations({ rules: options.rules });
  const terraform = isModuleFile(file);
  const siblings = isNativeModuleFile(file) ? () => moduleFiles(file, configurations, options.folderTexts ?? new Map()) : undefined;
  const readLinked = terraform ? (uri: string) => linkedText(uri, options.folderTexts ?? new Map()) : undefined;
  const linkingModules = terraform ? undefined : () => modulesNaming(resolve(file), folderModules(options, configurations));
  const analyze = (text: string) =>
    analyzeDocument(
      { text, uri: configurations.uriOfFile(file), ...(siblings ? { siblings } : {}), ...(readLinked ? { readLinked } : {}), ...(linkingModules ? { linkingModules } : {}) },
      { config: configurations.for(file), ...(options.policyType ? { policyType: options.policyType } : {}) },
    );
  let analysis = analyze(text);
  let fixed = 0;
  if (options.fix && analysis.kind !== undefined) {
    const result = fixFile(text, analysis, analyze);
    if (result.fixed > 0) {
      try {
        writeFileSync(file, encodeText(result.text, encoding));
      } catch (error) {
        return { file, text, problems: analysis.problems, skipped: `cannot write the fixes (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, failed: true };
      }
      ({ text, analysis, fixed } = result);
    }
  }
  // A source a reader claims but cannot read is listed in a folder's run too: its policies went unchecked.
  if (analysis.notAnalysed === 'unreadable') return { file, text, problems: [], skipped: `${analysis.unreadable ?? 'a source that cannot be read'}; skipped` };
  if (analysis.kind === undefined) return named ? { file, text, problems: [], skipped: skipReasonOf(file, analysis.notAnalysed ?? 'not-a-policy') } : undefined;
  // Policies as written: the builds of one policy for each branch of `Fn::If` or each allowed value of a parameter count once.
  const written = analysis.policies.filter((policy) => policy.variantOf === undefined);
  const report: FileReport = {
    file,
    text,
    problems: analysis.problems,
    policies: written.length,
    checked: written.map((policy) => ({ name: policy.name, type: policy.policyType, span: policy.span })),
    kind: analysis.kind,
    ...(options.fix ? { fixed } : {}),
  };
  // `escalation-path` in a template, as in the editor: its own account's. Read here, right after its policies, the
  // account takes the reading the reader just made of the same text (`takeCommandLineRead`): a template is parsed once.
  if (analysis.kind === 'cloudformation' || analysis.kind === 'serverless' || analysis.kind === 'cdk' || analysis.kind === 'pulumi' || analysis.kind === 'cdktf')
    addFindings(readDocumentAccount(analysis.kind, [{ file, text }], { readFile: readShippedFile }), [report], configurations);
  if (analysis.kind === 'terraform') options.terraformReadings?.keep(file, text);
  return report;
}

/** ESLint's bound: a fix that keeps offering itself after this many passes is not applied again. */
const MAX_FIX_PASSES = 10;

/**
 * The text with the fixes safe to apply without asking (`safeFixes`, as "Fix all" in the editor), pass after pass
 * until none is left: a fix left out because it touched another is offered again on the fixed text. A pass whose
 * text no longer holds the policies it held (its kind or number changed) is not kept.
 */
function fixFile(text: string, analysis: DocumentAnalysis, analyze: (text: string) => DocumentAnalysis): { text: string; analysis: DocumentAnalysis; fixed: number } {
  let fixed = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = safeFixes(analysis.problems);
    if (fixes.fixed === 0) break;
    const fixedText = applyEdits(text, fixes.edits);
    if (fixedText === text) break;
    const next = analyze(fixedText);
    if (next.kind !== analysis.kind || next.policies.length !== analysis.policies.length) break;
    text = fixedText;
    analysis = next;
    fixed += fixes.fixed;
  }
  return { text, analysis, fixed };
}

/** The other `.tf` files of a Terraform file's folder (its module), read from disk once per run; unreadable ones are left out. */
function moduleFiles(file: string, configurations: CliConfigurations, texts: Map<string, LinkedText>): { uri: string; text: string }[] {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  const result: { uri: string; text: string }[] = [];
  for (const name of names.sort()) {
    const path = join(dirname(file), name);
    if (!isNativeModuleFile(name) || path === file) continue;
    if (!texts.has(path)) texts.set(path, readLinkedFile(path));
    const text = texts.get(path);
    if (typeof text === 'string') result.push({ uri: configurations.uriOfFile(path), text });
  }
  return result;
}

/**
 * The readers to prepare for linting `files`: those that may claim one of them, and Terraform's where a module reads
 * a policy file of them (`file()`, `templatefile()`), whose type it gives (linked-type.ts).
 */
export function readersForLint(files: readonly string[], options: LintFileOptions): HostReader[] {
  const configurations = options.configurations ?? new CliConfigurations({ rules: options.rules });
  const moduleOf = folderModules(options, configurations);
  const linked = files.some((file) => !isModuleFile(file) && modulesNaming(resolve(file), moduleOf).length > 0);
  return readersToPrepare(linked ? [...files, 'linking-module.tf'] : files);
}

/** A folder's `.tf` files as a run reads them: each folder listed and each file read once (LintFileOptions.folderModules). */
function folderModules(options: LintFileOptions, configurations: CliConfigurations): (folder: string) => FolderModule | undefined {
  const texts = (options.folderTexts ??= new Map());
  const modules = (options.folderModules ??= new Map());
  const read = (path: string) => {
    if (!texts.has(path)) texts.set(path, readLinkedFile(path));
    return texts.get(path);
  };
  return (folder) => {
    if (!modules.has(folder))
      modules.set(
        folder,
        readFolderModule(folder, read, (path) => configurations.uriOfFile(path)),
      );
    return modules.get(folder);
  };
}

/** A file a Terraform file links to (a templatefile() template), read from disk once per run (`readLinkedFile`). */
function linkedText(uri: string, texts: Map<string, LinkedText>): LinkedText {
  const path = localPathOf(uri);
  if (path === undefined) return undefined;
  if (!texts.has(path)) texts.set(path, readLinkedFile(path));
  return texts.get(path);
}

/**
 * `escalation-path` in the linted Terraform modules, as in the editor: each module's account (every .tf and .tf.json
 * file of the folder of a linted Terraform file), with the findings in the linted files. A linted module that another
 * linted folder calls is read through the root modules calling it (as --account reads it), not on its own: its
 * findings are those the callers' analyses place in its files. Templates have theirs from `lintFile`.
 */
function addModuleEscalationPaths(linted: readonly FileReport[], configurations: CliConfigurations, readings: Map<string, KeptReading> | undefined): void {
  const modules = new Map<string, FileReport[]>();
  for (const report of linted) modules.set(dirname(report.file), [...(modules.get(dirname(report.file)) ?? []), report]);
  const folders = new Map<string, { file: string; text: string }[]>();
  for (const [folder, linted] of modules) {
    const files = new Map(linted.map((report) => [report.file, report.text]));
    try {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (isModuleFile(name) && !files.has(path)) files.set(path, readTextFile(path));
      }
    } catch {
      // The linted files alone are the module.
    }
    folders.set(
      folder,
      [...files].sort(([a], [b]) => compareFileNames(a, b)).map(([file, text]) => ({ file, text })),
    );
  }
  // By root module: the linted files its analysis reports in (its own, and those of the linted modules it calls).
  const byRoot = new Map<string, FileReport[]>();
  const calls = folders.size > 1 ? terraformCallGraph(folders) : new Map<string, string[]>();
  for (const [folder, linted] of modules) {
    const roots = terraformCallerRoots(folder, calls);
    for (const root of roots.length > 0 ? roots : [folder]) byRoot.set(root, [...(byRoot.get(root) ?? []), ...linted]);
  }
  for (const [root, reports] of byRoot)
    addFindings(readDocumentAccount('terraform', folders.get(root)!, { moduleFiles: readModuleFolder, readFile: readShippedFile, ...(readings ? { readings } : {}) }), reports, configurations);
}

function addFindings(account: DocumentAccount | undefined, reports: FileReport[], configurations: CliConfigurations): void {
  if (!account) return;
  const result = documentEscalations(account);
  if (result.escalations.length === 0) return;
  for (const report of reports) {
    // A module called by two root modules may be given the same finding by both: once is enough.
    const known = new Set(report.problems.map((problem) => `${problem.span.start}\u0000${problem.span.end}\u0000${problem.message}`));
    const found = (escalationProblems(account, result, configurations.for(report.file)).get(report.file) ?? []).filter(
      (problem) => !known.has(`${problem.span.start}\u0000${problem.span.end}\u0000${problem.message}`),
    );
    if (found.length > 0) report.problems = [...report.problems, ...found].sort((a, b) => a.span.start - b.span.start);
  }
}

function parseArguments(args: string[]) {
  return parseCommandLine(args, {
    format: { type: 'string' },
    'policy-type': { type: 'string' },
    rule: { type: 'string', multiple: true },
    config: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    fix: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const jobs = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs takes a number of threads from 1 to 64; got "${value}".`);
  return jobs;
}

function parseRules(specs: string[]): Record<string, RuleSetting> {
  const known = knownRuleIds();
  const rules: Record<string, RuleSetting> = {};
  for (const spec of specs) {
    const [id, severity] = spec.split('=');
    if (!id || !severity || !(severity in severityNames)) throw new UsageError(`--rule takes ID=SEVERITY with SEVERITY one of off, error, warning, info, hint; got "${spec}".`);
    if (!known.has(id)) throw new UsageError(`Unknown rule "${id}". Rule ids are listed in the README.`);
    rules[id] = severityNames[severity];
  }
  return rules;
}

function summary(reports: FileReport[], fixing: boolean): string {
  const linted = reports.reduce((n, r) => n + (r.skipped ? 0 : (r.policies ?? 1)), 0);
  const count = (severity: string) => reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === severity).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  const checked = `${linted} ${linted === 1 ? 'policy' : 'policies'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.\n`;
  if (!fixing) return checked;
  const fixed = reports.reduce((n, r) => n + (r.fixed ?? 0), 0);
  const files = reports.filter((r) => (r.fixed ?? 0) > 0).length;
  return `${fixed} ${fixed === 1 ? 'problem' : 'problems'} fixed in ${files} ${files === 1 ? 'file' : 'files'}; ${checked}`;
}
