import type { AnalyzedPolicy } from '../analyze';
import type { PolicyType } from '../policy/policy-type';
import { checkNoNewAccess, type AccessCheckOptions, type AccessCheckResult, type CheckPolicyType } from './checks';

// The policies of a template or a Terraform file, for the checks: each is checked on its own, named as the editor's
// outline names it, and found again in another version of the document (the base) by that name.

/** The check type of a policy type: policies with a Principal are read as resource policies. */
export function checkPolicyTypeOf(type: PolicyType): CheckPolicyType {
  return type === 'resource' || type === 'trust' || type === 'rcp' ? 'resource' : 'identity';
}

/**
 * The parts of a policy's name, for selectors: `DeployRole › Policies[0] › PolicyDocument` is
 * `DeployRole`, `Policies[0]`, `PolicyDocument`; Terraform's `aws_iam_role.app.inline_policy.policy` is the resource
 * address `aws_iam_role.app`, then `inline_policy`, `policy`.
 */
export function namePartsOf(policy: { name: string; owner?: string }): string[] {
  const { name, owner } = policy;
  if (owner && name.startsWith(owner) && !name.startsWith(`${owner} › `)) {
    const rest = name.slice(owner.length).replace(/^\./, '');
    return rest === '' ? [owner] : [owner, ...rest.split(/\.| › /)];
  }
  return name.split(' › ');
}

/**
 * Whether `selector` picks the policy: its name as the editor shows it, or its parts joined by `/` from the start,
 * as far as wanted: `DeployRole` (every policy of the resource), `DeployRole/Policies[0]`,
 * `aws_iam_role.app/assume_role_policy`. A part also picks the second build of `Fn::If` written after it.
 */
export function selectsPolicy(selector: string, policy: { name: string; owner?: string }): boolean {
  if (selector === policy.name) return true;
  const wanted = selector.includes(' › ') ? selector.split(' › ') : selector.split('/');
  const parts = namePartsOf(policy);
  if (wanted.length > parts.length || wanted.some((part) => part === '')) return false;
  return wanted.every((part, i) => parts[i] === part || parts[i].startsWith(`${part} (`));
}

/** One policy's no-new-access result in a document that holds several. */
export interface PolicyCheckResult {
  /** The policy's name in the document (`DeployRole › Policies[0] › PolicyDocument`). */
  name: string;
  /** Its index among the document's policies. */
  index: number;
  /** False when the base holds no policy of that name: everything the policy allows is new. */
  hasBase: boolean;
  result: AccessCheckResult;
}

/**
 * no-new-access for every policy of a document against the policy of the same name in the base version of the
 * document. A policy the base does not hold is compared with no policy at all.
 */
export function checkNoNewAccessByName(
  base: readonly AnalyzedPolicy[],
  next: readonly AnalyzedPolicy[],
  options: AccessCheckOptions = {},
  only?: (policy: AnalyzedPolicy) => boolean,
): PolicyCheckResult[] {
  const byName = new Map(base.map((policy) => [policy.name, policy]));
  const results: PolicyCheckResult[] = [];
  next.forEach((policy, index) => {
    if (only && !only(policy)) return;
    const old = byName.get(policy.name);
    const policyType = options.policyType ?? checkPolicyTypeOf(policy.policyType);
    results.push({ name: policy.name, index, hasBase: old !== undefined, result: checkNoNewAccess(old ? old.policy : null, policy.policy, { ...options, policyType }) });
  });
  return results;
}
