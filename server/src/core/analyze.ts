import type { Fix, Problem } from './checks/check';
import type { Configuration, RuleSetting } from './config/configuration';
import { matchesAny, pathOfUri } from './config/globs';
import { loadConfigText } from './config/find-config';
import { knownRuleIds } from './rules';
import { exclusionOf, type NotAnalysedReason } from './hosts/file-claims';
import type { EmbeddedPolicy, HostKind, HostLink, HostReader, LinkedText } from './hosts/host';
import { hostReaders } from './hosts/index';
import { checkPolicy } from './lint';
import { policyTypeByPath } from './policy/path-conventions';
import { inferPolicyType, type PolicyType } from './policy/policy-type';
import { policyTypeFromLinks, type ModuleTexts } from './hosts/terraform/linked-type';
import { withoutSuppressed } from './suppressions';
import { PARSE_RULES, withoutFindingsOnBrokenText } from './broken-text';
import type { Span } from './text/span';

// The one document pipeline: the editor, the CLI and the client's file association ask it what a document is,
// which policies it holds, their types, and what is wrong with them. Nothing else decides these things.

/** A document to analyse. `languageId` is the editor's; the CLI gives none. */
export interface DocumentInput {
  text: string;
  uri: string;
  languageId?: string;
  /** The other files of the document's folder, for hosts that read them (HostInput.siblings). */
  siblings?: () => ReadonlyArray<{ uri: string; text: string }>;
  /** The text of a file the document links to, for hosts that check what they give it (HostInput.readLinked). */
  readLinked?: (uri: string) => LinkedText;
  /**
   * The Terraform modules that may read the document with `file()` or `templatefile()` (the `.tf` files of its folder
   * and those above it): a policy file's type, where no glob or pick sets it, is the type they use it as.
   */
  linkingModules?: () => readonly ModuleTexts[];
}

export interface AnalyzeOptions {
  config: Configuration;
  /** A type forced for the document's policies: the status bar's pick, or the CLI's `--policy-type`. */
  policyType?: PolicyType;
  /** The readers to ask, in order; `hostReaders` by default. */
  readers?: readonly HostReader[];
  /** Findings kept from the last analysis of the same document, so an edit re-checks only the policies it changed. */
  findings?: FindingsCache;
}

export { exclusionOf, type NotAnalysedReason };

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
  /** With `notAnalysed: 'unreadable'`: why the source a reader claims could not be read (HostDocument.unreadable). */
  unreadable?: string;
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
  if (excluded === 'configuration') return { ...base, notAnalysed: excluded, problems: loadConfigText(path, input.text, knownRuleIds()).result.problems };
  if (excluded) return { ...base, notAnalysed: excluded };
  for (const reader of options.readers ?? hostReaders) {
    let host;
    try {
      host = reader.read({
        text: input.text,
        uri: input.uri,
        ...(input.languageId !== undefined ? { languageId: input.languageId } : {}),
        config,
        ...(input.siblings ? { siblings: input.siblings } : {}),
        ...(input.readLinked ? { readLinked: input.readLinked } : {}),
      });
    } catch {
      continue;
    }
    if (!host) continue;
    if (host.unreadable !== undefined && host.policies.length === 0) return { ...base, notAnalysed: 'unreadable', unreadable: host.unreadable };
    const globType = configuredPolicyType(path, config) ?? linkedPolicyType(input, host.policies, options, config);
    const hostErrors = host.problems.flatMap((problem) => (PARSE_RULES.has(problem.ruleId) && problem.severity === 'error' ? [problem.span] : []));
    const analyze = (embedded: EmbeddedPolicy) => analyzePolicy(embedded, path, config, options.policyType, globType, hostErrors, host.kind);
    // A plain policy file is one policy: its analysis is cached per version already, so only hosts keep findings.
    const policies = options.findings && host.kind !== 'policy' ? options.findings.analyze(host.policies, input.text, path, config, options.policyType, analyze) : host.policies.map(analyze);
    const hostProblems = config.validate ? withRuleSettings(host.problems, config).filter((problem) => !suppressedInFile(problem, path, config)) : [];
    const problems = [...hostProblems, ...withoutVariantRepeats(policies)].sort((a, b) => a.span.start - b.span.start);
    return { ...base, kind: host.kind, policies, problems, ...(host.links?.length ? { links: host.links } : {}) };
  }
  return { ...base, notAnalysed: 'not-a-policy' };
}

/**
 * A managed policy that a template or module writes is used as a permissions boundary where the file may not show it
 * (by another stack or module, or by people): a `boundary` glob says so, though the host reads it as a grant. An inline
 * policy never is one; the CloudFormation and Terraform readers mark those (`inlineOn`), so only their managed
 * policies are retyped.
 */
function isBoundaryByGlob(embedded: EmbeddedPolicy, globType: PolicyType | undefined, kind: HostKind | undefined): boolean {
  return globType === 'boundary' && embedded.policyType === 'identity' && embedded.inlineOn === undefined && (kind === 'cloudformation' || kind === 'terraform');
}

/** A policy that is its file (a policy file, a Terraform template of one): its path may say what kind of policy it is. */
function isWholeFile(path: string, kind: HostKind | undefined): boolean {
  return kind === 'policy' || (kind === 'terraform' && (/\.(?:tftpl|tpl|tmpl)$/i.test(path) || (/\.json$/i.test(path) && !/\.t(?:f|ofu)\.json$/i.test(path))));
}

/** The type the Terraform modules reading the document give its one policy, when nothing else types it. */
function linkedPolicyType(input: DocumentInput, policies: readonly EmbeddedPolicy[], options: AnalyzeOptions, config: Configuration): PolicyType | undefined {
  if (!input.linkingModules || options.policyType !== undefined || policies.length !== 1 || policies[0]!.policyType !== undefined) return undefined;
  const modules = input.linkingModules();
  return modules.length > 0 ? policyTypeFromLinks(input.uri, modules, config) : undefined;
}

// The host's defaults (a template policy without Version is information) sit under the user's own settings. A host
// judges which findings are about its own wording by the severity the rule and the host give them, so the user's
// severity for a rule is applied after that judgement: demoting a rule does not silence its findings on the host.
function checkEmbedded(embedded: EmbeddedPolicy, policyType: PolicyType, userRules: Readonly<Record<string, RuleSetting>>): Problem[] {
  const inlineOn = policyType === 'identity' ? embedded.inlineOn : undefined;
  const attachedTo = policyType === 'resource' ? embedded.publicAccessType : undefined;
  if (!embedded.hostWording) return checkPolicy(embedded.policy, { policyType, inlineOn, attachedTo, rules: embedded.severities ? { ...embedded.severities, ...userRules } : userRules });
  const offs = Object.fromEntries(Object.entries(userRules).filter(([, setting]) => setting === 'off'));
  const found = checkPolicy(embedded.policy, { policyType, inlineOn, attachedTo, rules: { ...embedded.severities, ...offs } });
  return found
    .filter((problem) => !embedded.hostWording!(problem))
    .map((problem) => {
      const setting = userRules[problem.ruleId];
      return setting && setting !== 'off' && setting !== problem.severity ? { ...problem, severity: setting } : problem;
    });
}

// The user's pick for this document wins; then where the host says the policy sits (a role's trust policy), which a
// file glob cannot know; then the glob; then the content.
function analyzePolicy(
  embedded: EmbeddedPolicy,
  path: string,
  config: Configuration,
  forced: PolicyType | undefined,
  globType: PolicyType | undefined,
  hostErrors: readonly Span[],
  kind?: HostKind,
): AnalyzedPolicy {
  const given =
    forced ?? (isBoundaryByGlob(embedded, globType, kind) ? 'boundary' : embedded.policyType) ?? globType ?? (isWholeFile(path, kind) ? policyTypeByPath(path, embedded.policy) : undefined);
  const policyType = given ?? inferPolicyType(embedded.policy);
  const checked = config.validate ? checkEmbedded(embedded, policyType, config.rules) : [];
  const inside = hostErrors.filter((error) => embedded.span.start <= error.start && error.start <= embedded.span.end);
  const parsed = withoutFindingsOnBrokenText(checked, embedded.policy, inside);
  const kept = withoutSuppressed(parsed, embedded.policy, [...config.suppressions], (glob) => matchesAny(path, [glob]));
  const fixed = embedded.writeFix ? kept.map((problem) => withHostFixes(problem, embedded.writeFix!)) : kept;
  const problems = embedded.notes?.length ? fixed.map((problem) => withNote(problem, embedded.notes!)) : fixed;
  return { ...embedded, policyType, policyTypeInferred: given === undefined, problems };
}

// A finding in a value written in another file sits at the reference to it in this one, and says where the value is.
function withNote(problem: Problem, notes: NonNullable<EmbeddedPolicy['notes']>): Problem {
  const note = notes.find(({ span }) => span.start <= problem.span.start && problem.span.end <= span.end);
  if (!note) return problem;
  const { fixes: _, ...rest } = problem;
  return { ...rest, span: note.span, message: `${problem.message} (${note.note})` };
}

// Rules write JSON edits; a host whose text is YAML or HCL rewrites them, or drops the fixes it cannot write.
function withHostFixes(problem: Problem, writeFix: (fix: Fix) => Fix | undefined): Problem {
  if (!problem.fixes) return problem;
  const fixes = problem.fixes.flatMap((fix) => writeFix(fix) ?? []);
  const { fixes: _, ...rest } = problem;
  return fixes.length > 0 ? { ...rest, fixes } : rest;
}

// A policy built twice for the two branches of `Fn::If`, or a Terraform policy document merged from others (whose
// statements it shares, at the places they are written), reports what several policies find at one place once; a
// finding only one branch's build has names the branch. A finding only the builds for a parameter's allowed values
// have is reported once too, naming the values that give it.
function withoutVariantRepeats(policies: readonly AnalyzedPolicy[]): Problem[] {
  const seen = new SeenFindings();
  const result: Problem[] = [];
  const keyOf = (problem: Problem) => `${problem.ruleId}\u0000${problem.span.start}:${problem.span.end}\u0000${problem.message}`;
  const otherBranch = otherBranchFindings(policies);
  for (const policy of policies) {
    if (policy.variantWhen) continue;
    const other = otherBranch.get(policy);
    for (const found of policy.problems) {
      const problem =
        other && policy.branchWhen && !other.has(found) && !insideAny(found.span, policy.branchWhen.branches)
          ? { ...found, message: `${found.message} (when ${branchCondition(policy.branchWhen)})` }
          : policy.alsoAs && !seen.has(found)
            ? { ...found, message: `${found.message} (${policy.alsoAs})` }
            : found;
      if (seen.has(problem)) continue;
      seen.add(problem);
      result.push(problem);
    }
  }
  const byValue = new Map<string, { problem: Problem; when: Map<string, string[]> }>();
  for (const policy of policies) {
    if (!policy.variantWhen) continue;
    const { parameter, value } = policy.variantWhen;
    for (const problem of policy.problems) {
      if (seen.has(problem)) continue;
      const key = keyOf(problem);
      let entry = byValue.get(key);
      if (!entry) byValue.set(key, (entry = { problem, when: new Map() }));
      const values = entry.when.get(parameter) ?? [];
      if (!values.includes(value)) values.push(value);
      entry.when.set(parameter, values);
    }
  }
  for (const { problem, when } of byValue.values()) {
    const condition = [...when].map(([parameter, values]) => `${parameter} is ${values.map((value) => JSON.stringify(value)).join(' or ')}`).join(', or ');
    result.push({ ...problem, message: `${problem.message} (when ${condition})` });
  }
  return result;
}

/** For each build of a policy's two `Fn::If` branches (other than a parameter value's), the other build's findings. */
function otherBranchFindings(policies: readonly AnalyzedPolicy[]): Map<AnalyzedPolicy, SeenFindings> {
  const result = new Map<AnalyzedPolicy, SeenFindings>();
  const firstByName = new Map<string, AnalyzedPolicy>();
  for (const policy of policies) if (policy.branchWhen?.value && !policy.variantWhen) firstByName.set(policy.name, policy);
  for (const second of policies) {
    const first = second.variantOf !== undefined && second.branchWhen && !second.branchWhen.value && !second.variantWhen ? firstByName.get(second.variantOf) : undefined;
    if (!first) continue;
    result.set(first, SeenFindings.of(second.problems));
    result.set(second, SeenFindings.of(first.problems));
  }
  return result;
}

function insideAny(span: Span, spans: readonly Span[]): boolean {
  return spans.some((outer) => outer.start <= span.start && span.end <= outer.end);
}

/** `condition IsProduction is true`, `conditions HasBucket and IsProduction are false`. */
function branchCondition({ conditions, value }: { conditions: readonly string[]; value: boolean }): string {
  const names = conditions.length <= 1 ? (conditions[0] ?? 'its condition') : `${conditions.slice(0, -1).join(', ')} and ${conditions[conditions.length - 1]}`;
  return `${conditions.length <= 1 ? `condition ${names} is` : `conditions ${names} are`} ${value}`;
}

/**
 * Findings by rule, span and message, filed by where they start: every problem of every file the CLI lints passes
 * through here, and a key string of each (its message included) cost more than the comparisons with the few
 * findings that start at the same place.
 */
class SeenFindings {
  private readonly byStart = new Map<number, Problem[]>();

  has(problem: Problem): boolean {
    const found = this.byStart.get(problem.span.start);
    return found !== undefined && found.some((other) => other.ruleId === problem.ruleId && other.span.end === problem.span.end && other.message === problem.message);
  }

  static of(problems: readonly Problem[]): SeenFindings {
    const seen = new SeenFindings();
    for (const problem of problems) seen.add(problem);
    return seen;
  }

  add(problem: Problem): void {
    const found = this.byStart.get(problem.span.start);
    if (found) found.push(problem);
    else this.byStart.set(problem.span.start, [problem]);
  }
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

interface KeptFindings {
  /** The forced type and the host's type it was checked with. */
  types: string;
  /** What the findings depend on (the types and `contentKeyOf`), which moving the policy in the text leaves as it is. */
  key: string;
  start: number;
  policyType: PolicyType;
  policyTypeInferred: boolean;
  problems: Problem[];
}

/**
 * The findings of each policy of one document by what they depend on, kept from one analysis to the next. Rules read
 * only the policy model, its type and the configuration, so a policy whose host text, placeholder kinds and type are
 * unchanged keeps its findings, shifted to where it now sits. A policy is matched by its model first: readers return
 * the same model for an unchanged policy (the Terraform reader, a template's resources before an edit) or name the
 * model a moved copy was read as (`movedFrom`, a template's resources after an edit), and only the others are matched
 * by content. Keeps what the last analysis used, no more.
 */
export class FindingsCache {
  private byPolicy = new WeakMap<object, KeptFindings>();
  /** What the last analyses returned for a policy object the reader returns again at the same place: returned again. */
  private analyzed = new WeakMap<EmbeddedPolicy, AnalyzedPolicy>();
  private byContent = new Map<string, KeptFindings>();
  private config: Configuration | undefined;
  private path: string | undefined;
  /** How many policies the last analysis checked, and how many it took from the cache: for tests and the benchmark. */
  checked = 0;
  reused = 0;

  analyze(embedded: readonly EmbeddedPolicy[], text: string, path: string, config: Configuration, forced: PolicyType | undefined, check: (policy: EmbeddedPolicy) => AnalyzedPolicy): AnalyzedPolicy[] {
    if (config !== this.config || path !== this.path) {
      this.byPolicy = new WeakMap();
      this.analyzed = new WeakMap();
      this.byContent = new Map();
      this.config = config;
      this.path = path;
    }
    const nextContent = new Map<string, KeptFindings>();
    this.checked = 0;
    this.reused = 0;
    const result = embedded.map((policy) => {
      const types = `${forced ?? ''}\u0000${policy.policyType ?? ''}`;
      const same = this.byPolicy.get(policy.movedFrom ?? policy.policy);
      let kept = same?.types === types ? same : undefined;
      const key = kept?.key ?? `${types}\u0000${contentKeyOf(policy, text)}`;
      if (!kept) {
        kept = this.byContent.get(key);
        // Copies moved later in the text name this model: they find the findings without their content.
        if (kept) this.byPolicy.set(policy.policy, kept);
      }
      if (kept) {
        this.reused++;
        nextContent.set(key, kept);
        const delta = policy.span.start - kept.start;
        const previous = this.analyzed.get(policy);
        if (delta === 0 && previous?.problems === kept.problems) return previous;
        const analyzed = withFindings(policy, {
          policyType: kept.policyType,
          policyTypeInferred: kept.policyTypeInferred,
          problems: delta === 0 ? kept.problems : kept.problems.map((problem) => shiftedProblem(problem, delta)),
        });
        if (delta === 0) this.analyzed.set(policy, analyzed);
        return analyzed;
      }
      this.checked++;
      const analyzed = check(policy);
      // Findings outside the policy's own text cannot be shifted with it: such a policy is checked every time.
      if (analyzed.problems.every((problem) => withinPolicy(problem, policy.span))) {
        const entry = { types, key, start: policy.span.start, policyType: analyzed.policyType, policyTypeInferred: analyzed.policyTypeInferred, problems: analyzed.problems };
        nextContent.set(key, entry);
        this.byPolicy.set(policy.policy, entry);
        this.analyzed.set(policy, analyzed);
      }
      return analyzed;
    });
    this.byContent = nextContent;
    return result;
  }
}

// A copy that keeps a model the reader builds on first use (a getter, as a moved template policy has) unbuilt.
function withFindings(policy: EmbeddedPolicy, findings: Pick<AnalyzedPolicy, 'policyType' | 'policyTypeInferred' | 'problems'>): AnalyzedPolicy {
  const model = Object.getOwnPropertyDescriptor(policy, 'policy');
  if (!model?.get) return { ...policy, ...findings };
  const copy = {} as Record<string, unknown>;
  for (const key of Object.keys(policy)) if (key !== 'policy') copy[key] = policy[key as keyof EmbeddedPolicy];
  return Object.assign(Object.defineProperty(copy, 'policy', model) as unknown as AnalyzedPolicy, findings);
}

// The policy's host text with the start of its first line (YAML fixes write at its indentation), and each value's
// placeholder kinds, which the host reads from elsewhere in the document (`!Ref X` is an ARN when X is a bucket).
function contentKeyOf(policy: EmbeddedPolicy, text: string): string {
  const lineStart = text.lastIndexOf('\n', policy.span.start - 1) + 1;
  let kinds = '';
  for (const statement of policy.policy.statements) {
    for (const list of [statement.action, statement.notAction, statement.resource, statement.notResource]) for (const value of list?.values ?? []) kinds += placeholderKinds(value);
    for (const principal of [statement.principal, statement.notPrincipal]) for (const entry of principal?.entries ?? []) for (const value of entry.values) kinds += placeholderKinds(value);
    for (const operator of statement.condition?.operators ?? []) for (const key of operator.keys) for (const value of key.values) kinds += placeholderKinds(value);
    kinds += '|';
  }
  return `${policy.name}\u0000${kinds}\u0000${policy.policy.sizeText ?? ''}\u0000${text.slice(lineStart, policy.span.end)}`;
}

function placeholderKinds(value: { placeholders?: readonly { kind: string; start: number; end: number; resource?: { service: string; type: string; part: string } }[] }): string {
  return value.placeholders
    ? value.placeholders.map((hole) => `${hole.kind}${hole.resource ? `(${hole.resource.service}:${hole.resource.type}:${hole.resource.part})` : ''}${hole.start}-${hole.end}`).join(',') + ';'
    : ';';
}

function withinPolicy(problem: Problem, span: Span): boolean {
  const inside = (at: Span) => at.start >= span.start && at.end <= span.end;
  return inside(problem.span) && (problem.fixes ?? []).every((fix) => fix.edits.every((edit) => inside(edit.span)));
}

function shiftedProblem(problem: Problem, delta: number): Problem {
  const shift = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  const shifted: Problem = { ...problem, span: shift(problem.span) };
  if (problem.fixes) shifted.fixes = problem.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, span: shift(edit.span) })) }));
  return shifted;
}
