import type { Severity } from './checks/check';
import { escalationRules } from './account/escalation-findings';
import { allChecks } from './checks/index';
import { templateRules } from './hosts/cloudformation/reader';
import { terraformRules } from './hosts/terraform/rules';

/** What the settings, the schemas, the rule table and SARIF need to know of a rule. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
}

/**
 * Every rule id a finding can carry: the policy rules, the rules host readers report themselves (a YAML
 * account number, a Terraform syntax error), and the account analysis of a template or module (escalation paths). One list, so a setting, `--rule` or `.iam-policy.json` accepts
 * exactly the ids the product reports.
 */
export const allRules: readonly RuleInfo[] = [...allChecks, ...templateRules, ...terraformRules, ...escalationRules];

let ids: ReadonlySet<string> | undefined;

export function knownRuleIds(): ReadonlySet<string> {
  return (ids ??= new Set(allRules.map((rule) => rule.id)));
}
