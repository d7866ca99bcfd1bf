import type { Fix, Problem } from './checks/check';
import type { Configuration } from './config/configuration';
import { matchesAny, pathOfUri } from './config/globs';
import { loadConfigText } from './config/find-config';
import { allChecks } from './checks/index';
import { exclusionOf, type NotAnalysedReason } from './hosts/file-claims';
import type { EmbeddedPolicy, HostKind, HostLink, HostReader } from './hosts/host';
import { hostReaders } from './hosts/index';
import { checkPolicy } from './lint';
import { inferPolicyType, type PolicyType } from './policy/policy-type';
import { withoutSuppressed } from './suppressions';
import type { Span } from './text/span';

// The one document pipeline: the editor, the CLI and the client's file association ask it what a document is,
// which policies it holds, their types, and what is wrong with them. Nothing else decides these things.

/** A document to analyse. `languageId` is the editor's; the CLI gives none. */
export interface DocumentInput {
  text: string;
  uri: string;
  languageId?: string;
}

export interface AnalyzeOptions {
  config: Configuration;
  /** A type forced for the document's policies: the status bar's pick, or the CLI's `--policy-type`. */
  policyType?: PolicyType;
  /** The readers to ask, in order; `hostReaders` by default. */
  readers?: readonly HostReader[];
}

export { exclusionOf, type NotAnalysedReason };

let ruleIds: ReadonlySet<string> | undefined;

/** One policy of a document, checked. */
export interface AnalyzedPolicy extends EmbeddedPolicy {
  policyType: PolicyType;
  /** True when the type was read from the content, not set by a glob, the user or the host. */
  policyTypeInferred: boolean;
  /** Its problems after rule severities and suppressions, spans in the document's text, in document order. */
  problems: Problem[];
}

export interface DocumentAnalysis {
  uri: string;
  text: string;
  /** The host kind of the document; undefined when it holds no policy for us. */
  kind?: HostKind;
  /** Set when `kind` is undefined. */
  notAnalysed?: NotAnalysedReason;
  /** In document order. A plain policy file has exactly one, spanning the document. */
  policies: AnalyzedPolicy[];
  /** Every problem of the document (the host's and each policy's), in document order. */
  problems: Problem[];
  /** Files holding policies the document uses (HostDocument.links). */
  links?: HostLink[];
}

/** Analyses one document. Never throws: a failing rule is an `internal-error` problem, a failing reader is skipped. */
export function analyzeDocument(input: DocumentInput, options: AnalyzeOptions): DocumentAnalysis {
  const { config } = options;
  const path = pathOfUri(input.uri);
  const base = { uri: input.uri, text: input.text, policies: [], problems: [] };
  const excluded = exclusionOf(path, config);
  // A configuration file's own mistakes are its diagnostics in the editor.
  if (excluded === 'configuration') return { ...base, notAnalysed: excluded, problems: loadConfigText(path, input.text, (ruleIds ??= new Set(allChecks.map((check) => check.id)))).result.problems };
  if (excluded) return { ...base, notAnalysed: excluded };
  for (const reader of options.readers ?? hostReaders) {
    let host;
    try {
      host = reader.read({ text: input.text, uri: input.uri, ...(input.languageId !== undefined ? { languageId: input.languageId } : {}), config });
    } catch {
      continue;
    }
    if (!host) continue;
    const globType = configuredPolicyType(path, config);
    const policies = host.policies.map((embedded) => analyzePolicy(embedded, path, config, options.policyType, globType));
    const hostProblems = config.validate ? withRuleSettings(host.problems, config).filter((problem) => !suppressedInFile(problem, path, config)) : [];
    const problems = [...hostProblems, ...withoutVariantRepeats(policies)].sort((a, b) => a.span.start - b.span.start);
    return { ...base, kind: host.kind, policies, problems, ...(host.links?.length ? { links: host.links } : {}) };
  }
  return { ...base, notAnalysed: 'not-a-policy' };
}

// The user's pick for this document wins; then where the host says the policy sits (a role's trust policy), which a
// file glob cannot know; then the glob; then the content.
function analyzePolicy(embedded: EmbeddedPolicy, path: string, config: Configuration, forced: PolicyType | undefined, globType: PolicyType | undefined): AnalyzedPolicy {
  const given = forced ?? embedded.policyType ?? globType;
  const policyType = given ?? inferPolicyType(embedded.policy);
  // The host's defaults (a template policy without Version is information) sit under the user's own settings.
  const rules = embedded.severities ? { ...embedded.severities, ...config.rules } : config.rules;
  const checked = config.validate ? checkPolicy(embedded.policy, { policyType, rules }) : [];
  const kept = withoutSuppressed(checked, embedded.policy, [...config.suppressions], (glob) => matchesAny(path, [glob]));
  const problems = embedded.writeFix ? kept.map((problem) => withHostFixes(problem, embedded.writeFix!)) : kept;
  return { ...embedded, policyType, policyTypeInferred: given === undefined, problems };
}

// Rules write JSON edits; a host whose text is YAML or HCL rewrites them, or drops the fixes it cannot write.
function withHostFixes(problem: Problem, writeFix: (fix: Fix) => Fix | undefined): Problem {
  if (!problem.fixes) return problem;
  const fixes = problem.fixes.flatMap((fix) => writeFix(fix) ?? []);
  const { fixes: _, ...rest } = problem;
  return fixes.length > 0 ? { ...rest, fixes } : rest;
}

// A policy built twice for the two branches of `Fn::If`, or a Terraform policy document merged from others (whose
// statements it shares, at the places they are written), reports what several policies find at one place once.
function withoutVariantRepeats(policies: readonly AnalyzedPolicy[]): Problem[] {
  const seen = new Set<string>();
  const result: Problem[] = [];
  for (const policy of policies) {
    for (const problem of policy.problems) {
      const key = `${problem.ruleId}\u0000${problem.span.start}:${problem.span.end}\u0000${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(problem);
    }
  }
  return result;
}

/** The type `policyTypes` gives a path: the first glob that matches. */
export function configuredPolicyType(path: string, config: Configuration): PolicyType | undefined {
  for (const { glob, type } of config.policyTypes) if (matchesAny(path, [glob])) return type;
  return undefined;
}

function withRuleSettings(problems: readonly Problem[], config: Configuration): Problem[] {
  const result: Problem[] = [];
  for (const problem of problems) {
    const setting = config.rules[problem.ruleId];
    if (setting === 'off') continue;
    result.push(setting ? { ...problem, severity: setting } : problem);
  }
  return result;
}

function suppressedInFile(problem: Problem, path: string, config: Configuration): boolean {
  return config.suppressions.some((s) => s.rule === problem.ruleId && s.statement === undefined && (s.file === undefined || matchesAny(path, [s.file])));
}

/** The policy of the document at an offset: the innermost whose span holds it (a plain file's one policy anywhere in it). */
export function policyAt<P extends { span: Span }>(analysis: { policies: readonly P[] }, offset: number): P | undefined {
  let found: P | undefined;
  for (const policy of analysis.policies) {
    if (offset < policy.span.start || offset > policy.span.end) continue;
    if (!found || policy.span.end - policy.span.start < found.span.end - found.span.start) found = policy;
  }
  return found;
}

/** The policy that holds a problem, for suppressions and quick fixes. */
export function policyOfProblem<P extends { span: Span }>(analysis: { policies: readonly P[] }, problem: Problem): P | undefined {
  return policyAt(analysis, problem.span.start);
}
