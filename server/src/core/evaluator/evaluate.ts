import { compilePolicies, isCompiledPolicySet, type CompiledPolicySet } from './compile';
import { decide, decisionOf, type Oracle } from './decide';
import { explain } from './explain';
import { policyAllows, policyDenies, policyGrant } from './match';
import { GRANT_NONE } from './principal';
import { prepare, PreparedRequest } from './request';
import type { Decision, EvaluateOptions, EvaluationError, EvaluationOutcome, EvaluationRequest, EvaluationResult, PolicySetInput } from './types';

// AWS's policy evaluation logic:
// - within one account: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
//   (formerly the "Determining whether a request is allowed or denied within an account" section of
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
// - across accounts: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// - SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// - RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
//
// The pieces: request.ts reads the request, match.ts matches one statement, decide.ts holds the decision itself,
// explain.ts the explain path; this module is the entry and the fast path.

/**
 * Evaluates one request against its policies, as AWS would: an explicit Deny in any policy wins; RCPs, SCPs,
 * the permissions boundary and the session policy cap what identity-based and resource-based policies allow;
 * within one account an Allow in either an identity-based or a resource-based policy suffices (with AWS's
 * exceptions for resource-based policies that name the role of a session), across accounts both must allow.
 *
 * `policies` may be compiled with `compilePolicies` once and reused for many requests. An invalid policy or request
 * gives `{ errors }` instead of a decision. With `explain: false` the result is a shared frozen `{ decision }`.
 */
export function evaluate(request: EvaluationRequest, policies: PolicySetInput | CompiledPolicySet, options: EvaluateOptions = {}): EvaluationResult {
  const set = isCompiledPolicySet(policies) ? policies : compilePolicies(policies);
  if (set.errors.length > 0) return { errors: [...set.errors] };
  const requestError = checkRequest(request);
  if (requestError) return { errors: [requestError] };
  if (options.explain === false) {
    const prepared = prepare(request, set, scratchRequest);
    const code = decide(fastOracle.reset(prepared, set), prepared, set);
    prepared.context.reset(undefined);
    return fastResults[decisionOf(code)];
  }
  return explain(prepare(request, set, new PreparedRequest()), set);
}

function checkRequest(request: EvaluationRequest): EvaluationError | undefined {
  if (typeof request.action !== 'string' || request.action === '') return { ruleId: 'request', message: 'The request needs an action, such as "s3:GetObject".' };
  if (typeof request.resource !== 'string' || request.resource === '') return { ruleId: 'request', message: 'The request needs a resource ARN, or "*" for actions without a resource.' };
  if (request.principal !== undefined && typeof request.principal !== 'string') return { ruleId: 'request', message: 'The principal must be an ARN string.' };
  return undefined;
}

const fastResults: Record<Decision, EvaluationOutcome> = {
  Allowed: Object.freeze({ decision: 'Allowed' }),
  ExplicitlyDenied: Object.freeze({ decision: 'ExplicitlyDenied' }),
  ImplicitlyDenied: Object.freeze({ decision: 'ImplicitlyDenied' }),
};

const scratchRequest = new PreparedRequest();

/** Fast mode: asks only what the decision needs, stops at the first statement that settles each question. */
class FastOracle implements Oracle {
  private request!: PreparedRequest;
  private set!: CompiledPolicySet;
  private grant = -1;

  reset(request: PreparedRequest, set: CompiledPolicySet): this {
    this.request = request;
    this.set = set;
    this.grant = -1;
    return this;
  }

  denied(): boolean {
    const { request, set } = this;
    if (set.rcps.length > 0 && rcpDenies(set, request)) return true;
    if (request.iamPrincipal) for (const level of set.scps) for (const policy of level) if (policyDenies(policy, request)) return true;
    if (set.resource && policyDenies(set.resource, request)) return true;
    for (const policy of set.identity) if (policyDenies(policy, request)) return true;
    if (set.permissionsBoundary && policyDenies(set.permissionsBoundary, request)) return true;
    if (set.session && policyDenies(set.session, request)) return true;
    return false;
  }

  scpLevelAllows(level: number): boolean {
    for (const policy of this.set.scps[level]) if (policyAllows(policy, this.request)) return true;
    return false;
  }

  resourceGrant(): number {
    if (this.grant < 0) this.grant = this.set.resource ? policyGrant(this.set.resource, this.request) : GRANT_NONE;
    return this.grant;
  }

  identityAllows(): boolean {
    for (const policy of this.set.identity) if (policyAllows(policy, this.request)) return true;
    return false;
  }

  boundaryAllows(): boolean {
    return this.set.permissionsBoundary ? policyAllows(this.set.permissionsBoundary, this.request) : true;
  }

  sessionAllows(): boolean | undefined {
    return this.set.session ? policyAllows(this.set.session, this.request) : undefined;
  }
}

const fastOracle = new FastOracle();

/** Whether an RCP denies. Whether RCPs apply to the service at all is asked only once some RCP Deny matches. */
function rcpDenies(set: CompiledPolicySet, request: PreparedRequest): boolean {
  for (const level of set.rcps) for (const policy of level) if (policyDenies(policy, request)) return request.rcpsApply();
  return false;
}
