import type { CodeLens } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../core/analyze';
import { getCatalog } from '../core/catalog/catalog';
import type { Placeholder, PolicyDocument, PrincipalElement, StringValue } from '../core/policy/model';
import { checkNoNewAccess, checkPolicyTypeOf, matchBasePolicies, type AccessCheckResult } from '../core/access-checks/index';
import { showNewAccessCommand, type BaseTextParams, type NewAccessArguments, type NewAccessReport } from '../protocol';
import { toRange } from './convert';
import type { Analysis } from './documents';

// "No new access vs HEAD": the client hands over each policy document's committed text (the server never runs git),
// and each policy gets a code lens comparing it with its committed version: a plain policy file's one policy, or each
// policy of a template or Terraform file (matched as the CLI matches them: by PolicyName or an inline_policy block's
// name where given, else by logical id and path, or the Terraform address). Clicking it opens the difference view,
// which asks for the full report.

/** The lens's work budget (statement tests): a quarter of the CLI's, so a lens never holds the server for long. */
export const LENS_MAX_WORK = 1_000_000;

/** The longest UNKNOWN reason a lens title shows; the tooltip has it all. */
const TITLE_REASON_LENGTH = 90;

interface Base {
  ref: string;
  text: string;
  /** The committed text's analysis, once read (it changes only when the client sends another text). */
  analysis?: DocumentAnalysis;
  /**
   * The lens results by what they depend on: the policy's name, type and model. An edit re-checks only the policy it
   * changed, and typing in a template does not re-check its other policies. Keeps what the last lenses used.
   */
  results: Map<string, PolicyComparison>;
}

interface PolicyComparison {
  name: string;
  hasBase: boolean;
  result: AccessCheckResult;
}

/** The committed texts the client sent, and the lens results of the current versions. */
export class BaseTexts {
  private readonly bases = new Map<string, Base>();
  /** Per version of a document's policies: the committed policy each is matched with (matchBasePolicies), by index. */
  private readonly matches = new WeakMap<readonly unknown[], { base: DocumentAnalysis; indexes: number[] }>();

  /** Stores the committed text; answers whether it changed (the lenses then need a refresh). */
  set(params: BaseTextParams): boolean {
    const known = this.bases.get(params.uri);
    if (params.text === null || typeof params.text !== 'string') return this.bases.delete(params.uri);
    if (known && known.text === params.text && known.ref === params.ref) return false;
    this.bases.set(params.uri, { ref: typeof params.ref === 'string' && params.ref !== '' ? params.ref : 'HEAD', text: params.text, results: new Map() });
    return true;
  }

  has(uri: string): boolean {
    return this.bases.has(uri);
  }

  forget(uri: string): void {
    this.bases.delete(uri);
  }

  /** The lenses above each policy of the document; none without a committed text. */
  lensesOf(analysis: Analysis, analyzeBase: (text: string) => DocumentAnalysis): CodeLens[] {
    const base = this.bases.get(analysis.uri);
    if (!base || !analysis.isPolicy) return [];
    const several = analysis.kind !== 'policy';
    const kept = new Map<string, PolicyComparison>();
    const lenses: CodeLens[] = [];
    analysis.policies.forEach((policy, index) => {
      // The second build of a policy for the other branch of `Fn::If` sits at the same place: one lens, the first build's.
      if (policy.variantOf !== undefined) return;
      // The committed policy it is matched with is part of the key: renaming an inline policy makes it a new one.
      const key = `${policy.name}\u0000${this.baseIndexOf(analysis, base, index, analyzeBase)}\u0000${policy.policyType}\u0000${meaningKeyOf(policy.policy)}`;
      const comparison = base.results.get(key) ?? this.compare(analysis, base, index, analyzeBase, { maxWork: LENS_MAX_WORK })!;
      kept.set(key, comparison);
      const args: NewAccessArguments = { uri: analysis.uri, ...(several ? { policyIndex: index } : {}) };
      const { title, tooltip } = lensTextOf(comparison, base.ref);
      const at = several ? (policy.policy.statementElement?.keySpan ?? { start: policy.span.start, end: policy.span.start }) : { start: 0, end: 0 };
      lenses.push({ range: toRange(analysis.lines, at), command: { title, tooltip, command: showNewAccessCommand, arguments: [args] } });
    });
    base.results = kept;
    return lenses;
  }

  /** The difference view's report: the full comparison of one policy, every class of new access described. */
  reportOf(analysis: Analysis, policyIndex: number | undefined, analyzeBase: (text: string) => DocumentAnalysis): NewAccessReport | null {
    const base = this.bases.get(analysis.uri);
    if (!base || !analysis.isPolicy) return null;
    const index = analysis.kind === 'policy' ? 0 : (policyIndex ?? 0);
    const comparison = this.compare(analysis, base, index, analyzeBase, { describe: true });
    if (!comparison) return null;
    const { result } = comparison;
    return {
      uri: analysis.uri,
      ref: base.ref,
      ...(analysis.kind !== 'policy' ? { policyName: comparison.name, policyIndex: index } : {}),
      hasBase: comparison.hasBase,
      result: result.result,
      reasons: result.reasons,
      mode: result.mode,
      policyType: checkPolicyTypeOf(analysis.policies[index].policyType),
      differences: result.differences ?? [],
      ...(result.witness ? { witness: result.witness } : {}),
    };
  }

  /** The index of the committed policy the policy at `index` is a version of; -1 when there is none. */
  private baseIndexOf(analysis: Analysis, base: Base, index: number, analyzeBase: (text: string) => DocumentAnalysis): number {
    const committed = (base.analysis ??= analyzeBase(base.text));
    // A plain policy file is one policy whatever its name; in a template the names (or PolicyName) find it.
    if (analysis.kind === 'policy') return committed.kind === 'policy' && committed.policies.length > 0 ? 0 : -1;
    let matches = this.matches.get(analysis.policies);
    if (!matches || matches.base !== committed) {
      const found = matchBasePolicies(committed.policies, analysis.policies);
      matches = { base: committed, indexes: found.map((old) => (old ? committed.policies.indexOf(old) : -1)) };
      this.matches.set(analysis.policies, matches);
    }
    return matches.indexes[index] ?? -1;
  }

  private compare(analysis: Analysis, base: Base, index: number, analyzeBase: (text: string) => DocumentAnalysis, options: { maxWork?: number; describe?: boolean }): PolicyComparison | undefined {
    const policy = analysis.policies[index];
    if (!policy) return undefined;
    const baseIndex = this.baseIndexOf(analysis, base, index, analyzeBase);
    const committed = base.analysis!;
    const old = baseIndex >= 0 ? committed.policies[baseIndex] : undefined;
    if (analysis.kind === 'policy' && !old) {
      const reason = committed.kind === undefined ? `the ${base.ref} version is not a policy` : `the ${base.ref} version does not read as one policy`;
      return { name: policy.name, hasBase: true, result: { result: 'UNKNOWN', reasons: [`Cannot compare: ${reason}.`], mode: 'catalog' } };
    }
    const result = checkNoNewAccess(old ? old.policy : null, policy.policy, { policyType: checkPolicyTypeOf(policy.policyType), ...options });
    return { name: policy.name, hasBase: old !== undefined, result };
  }
}

/** The lens title and tooltip of one comparison. */
export function lensTextOf(comparison: { hasBase: boolean; result: AccessCheckResult }, ref: string): { title: string; tooltip: string } {
  const { result } = comparison;
  const tooltip = result.reasons.join('\n');
  if (result.result === 'PASS') return { title: comparison.hasBase ? `No new access vs ${ref}` : `New policy: allows nothing`, tooltip };
  if (result.result === 'UNKNOWN') {
    const reason = (result.errors?.[0] ?? result.reasons[0] ?? 'the check could not decide')
      .replace(/^Cannot compare: /, '')
      .replace(/^The old policy /, `The ${ref} version `)
      .replace(/^The new policy /, 'This version ')
      .replace(/\.$/, '');
    const short = reason.length > TITLE_REASON_LENGTH ? `${reason.slice(0, TITLE_REASON_LENGTH - 1)}…` : reason;
    return { title: `Cannot compare: ${short}`, tooltip };
  }
  const actions = result.actions ?? [];
  // String mode may add one action per service the catalog does not have yet: counted apart.
  const catalog = actions.filter((action) => getCatalog().findAction(action) !== undefined).length;
  const what =
    catalog > 0
      ? `${catalog} action${catalog === 1 ? '' : 's'}${catalog < actions.length ? ' and actions outside the catalog' : ''}`
      : actions.length > 0
        ? 'actions outside the catalog'
        : 'new access';
  return { title: comparison.hasBase ? `Grants new access: ${what}…` : `New policy: grants ${what}…`, tooltip };
}

/**
 * What the check reads of a policy, as text: Version and every statement's elements with their values and
 * placeholders. The model, not the host text, since a template policy also depends on text elsewhere (a Terraform
 * document it merges, a `!Sub` parameter).
 */
function meaningKeyOf(policy: PolicyDocument): string {
  const values = (list: { values: StringValue[] } | undefined) => list?.values.map(valueKey) ?? null;
  const principal = (element: PrincipalElement | undefined) => (element ? [element.wildcard ? valueKey(element.wildcard) : null, element.entries.map((entry) => [entry.type, values(entry)])] : null);
  return JSON.stringify([
    policy.version?.value?.value ?? null,
    policy.statements.map((statement) => [
      statement.effect?.value?.value ?? null,
      values(statement.action),
      values(statement.notAction),
      values(statement.resource),
      values(statement.notResource),
      principal(statement.principal),
      principal(statement.notPrincipal),
      statement.condition?.operators.map((operator) => [operator.operator, operator.keys.map((key) => [key.key, key.values.map((value) => [value.jsonType, valueKey(value)])])]) ?? null,
    ]),
  ]);
}

function valueKey(value: { value: string; placeholders?: readonly Placeholder[] }): string | (string | number)[] {
  return value.placeholders?.length ? [value.value, ...value.placeholders.flatMap((hole) => [hole.kind, hole.start, hole.end])] : value.value;
}
