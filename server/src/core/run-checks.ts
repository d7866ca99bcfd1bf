import { getCatalog, type Catalog } from './catalog/catalog';
import type { Check, CheckContext, Problem, Severity } from './checks/check';
import type { RuleSetting } from './config/configuration';
import type { PolicyDocument } from './policy/model';
import { inferPolicyType, type PolicyType } from './policy/policy-type';

export interface LintOptions {
  /** The policy type; inferred from the content when absent. */
  policyType?: PolicyType;
  /** Severity overrides by rule id; 'off' silences a rule. */
  rules?: Record<string, RuleSetting>;
  catalog?: Catalog;
}

/**
 * Runs `checks` over a parsed policy. lint.ts runs every rule through it; the evaluator runs the few that make a
 * policy unusable, and imports this module rather than lint.ts so that loading the evaluator (`iam-policy who-can`)
 * does not load every rule.
 */
export function runChecks(policy: PolicyDocument, options: LintOptions, checks: readonly Check[]): Problem[] {
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
  const hasCondition = policy.statements.some((statement) => statement.condition !== undefined);
  for (const check of checks) {
    if (check.onlyWith === 'Condition' && !hasCondition) continue;
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
