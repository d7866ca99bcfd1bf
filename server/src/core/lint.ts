import type { Check, Problem } from './checks/check';
import { allChecks } from './checks/index';
import { runChecks, type LintOptions } from './run-checks';
import type { PolicyDocument } from './policy/model';
import { parsePolicy } from './policy/parse-policy';
import { inferPolicyType, type PolicyType } from './policy/policy-type';
import type { RuleSetting } from './config/configuration';

export type { LintOptions, RuleSetting };

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
  return runChecks(policy, options, checks);
}
