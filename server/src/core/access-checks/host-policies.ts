import type { AnalyzedPolicy } from '../analyze';
import type { PolicyType } from '../policy/policy-type';
import { checkNoNewAccess, type AccessCheckOptions, type AccessCheckResult, type CheckPolicyType } from './checks';

// The policies of a template or a Terraform file, for the checks: each is checked on its own, named as the editor's
// outline names it, and found again in another version of the document (the base) by the host's own name for it
// (PolicyName, an inline_policy block's name) or else by that name.

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
    return rest === '' ? [owner] : [owner, ...rest.split(/\.| \u203a /)];
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
  /** False when the base holds no version of the policy: everything the policy allows is new. */
  hasBase: boolean;
  result: AccessCheckResult;
}

/**
 * For each policy of a document, the policy of another version of it (the base) that it is a version of, or
 * undefined when the base has none. Policies are matched by the name the host gives them where it gives one (a
 * CloudFormation inline policy's `PolicyName`, a Terraform `inline_policy` block's `name`: `matchKey`), else by their
 * name in the document, which holds the list index; policies of one key are paired in document order (Terraform's
 * unnamed `inline_policy` blocks all have one name). So inserting `Policies[0]` leaves the named policies after it
 * matched with themselves, and a renamed inline policy is a new one, as AWS deploys it.
 */
export function matchBasePolicies<P extends { name: string; matchKey?: string }>(base: readonly P[], next: readonly P[]): (P | undefined)[] {
  const byKey = new Map<string, P[]>();
  for (const policy of base) {
    const key = policy.matchKey ?? policy.name;
    byKey.set(key, [...(byKey.get(key) ?? []), policy]);
  }
  const taken = new Map<string, number>();
  return next.map((policy) => {
    const key = policy.matchKey ?? policy.name;
    const n = taken.get(key) ?? 0;
    taken.set(key, n + 1);
    return byKey.get(key)?.[n];
  });
}

/**
 * no-new-access for every policy of a document against its version in the base version of the document
 * (matchBasePolicies). A policy the base does not hold is compared with no policy at all.
 */
export function checkNoNewAccessByName(
  base: readonly AnalyzedPolicy[],
  next: readonly AnalyzedPolicy[],
  options: AccessCheckOptions = {},
  only?: (policy: AnalyzedPolicy) => boolean,
): PolicyCheckResult[] {
  const matched = matchBasePolicies(base, next);
  const results: PolicyCheckResult[] = [];
  next.forEach((policy, index) => {
    if (only && !only(policy)) return;
    const old = matched[index];
    const policyType = options.policyType ?? checkPolicyTypeOf(policy.policyType);
    results.push({ name: policy.name, index, hasBase: old !== undefined, result: checkNoNewAccess(old ? old.policy : null, policy.policy, { ...options, policyType }) });
  });
  return results;
}
