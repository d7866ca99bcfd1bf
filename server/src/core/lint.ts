import { getCatalog, type Catalog } from './catalog/catalog';
import type { Check, CheckContext, Problem, Severity } from './checks/check';
import { allChecks } from './checks/index';
import type { PolicyDocument } from './policy/model';
import { parsePolicy } from './policy/parse-policy';
import { inferPolicyType, type PolicyType } from './policy/policy-type';
import type { RuleSetting } from './config/configuration';

export type { RuleSetting };

export interface LintOptions {
  /** The policy type; inferred from the content when absent. */
  policyType?: PolicyType;
  /** Severity overrides by rule id; 'off' silences a rule. */
  rules?: Record<string, RuleSetting>;
  catalog?: Catalog;
}

export interface LintResult {
  policy: PolicyDocument;
  policyType: PolicyType;
  problems: Problem[];
}

/** Parses and checks a policy. Never throws: a check that fails is reported as an `internal-error` problem. */
export function lintPolicy(text: string, options: LintOptions = {}): LintResult {
  const policy = parsePolicy(text);
  return { policy, policyType: options.policyType ?? inferPolicyType(policy), problems: checkPolicy(policy, options) };
}

/** Runs `checks` (every rule by default) over a parsed policy. */
export function checkPolicy(policy: PolicyDocument, options: LintOptions = {}, checks: readonly Check[] = allChecks): Problem[] {
  const policyType = options.policyType ?? inferPolicyType(policy);
  const problems: Problem[] = [];
  let catalogError: Error | undefined;
  const catalog = (): Catalog => {
    if (options.catalog) return options.catalog;
    try {
      return getCatalog();
    } catch (error) {
      catalogError = error as Error;
      throw error;
    }
  };
  // One context for every rule, not one per rule: the rules only read it while they run, and 89 rules over a
  // template of hundreds of policies made its allocation show in profiles.
  let current = checks[0];
  let setting: Severity | undefined;
  let loaded: Catalog | undefined;
  const context: CheckContext = {
    policy,
    policyType,
    get catalog() {
      return (loaded ??= catalog());
    },
    report(span, message, extra) {
      const severity = setting ?? extra?.severity ?? current.severity;
      const problem: Problem = { ruleId: current.id, severity, message, span };
      if (extra?.fixes?.length) problem.fixes = extra.fixes;
      problems.push(problem);
    },
  };
  for (const check of checks) {
    const configured = options.rules?.[check.id];
    if (configured === 'off') continue;
    setting = configured;
    current = check;
    try {
      check.run(context);
    } catch (error) {
      if (catalogError && error === catalogError) continue;
      problems.push({
        ruleId: 'internal-error',
        severity: 'warning',
        message: `The ${check.id} rule failed on this policy and was skipped: ${(error as Error).message}`,
        span: { start: 0, end: 0 },
      });
    }
  }
  if (catalogError) {
    // One finding for the whole document instead of one per rule that needed the catalog.
    problems.push({ ruleId: 'catalog-unavailable', severity: 'warning', message: `Checks that need the service catalog were skipped: ${catalogError.message}`, span: { start: 0, end: 0 } });
  }
  // Document order reads best in the Problems panel and the CLI; the sort is stable, so rule order breaks ties.
  return problems.sort((a, b) => a.span.start - b.span.start);
}
