import type { CompiledPolicySet } from './compile';
import { ContextLookup } from './context';
import { isIamPrincipal, readPrincipal, type PrincipalInfo } from './principal';
import { rcpsApplyTo } from './rcp-services';
import type { EvaluationRequest } from './types';

// The request, read once per decision.

/** A request read once per decision: lower-cased action, principal reading, accounts, and the context lookup. */
export class PreparedRequest {
  actionLower = '';
  resource = '';
  principal: PrincipalInfo = readPrincipal(undefined);
  resourceAccount: string | undefined;
  sameAccount = false;
  iamPrincipal = false;
  /** Role trust policies and KMS key policies "must explicitly allow access for principals". */
  resourcePolicyRequired = false;
  hasBoundary = false;
  /** Whether RCPs apply to the action's service: -1 until asked (only a matching RCP statement asks), 0 or 1. */
  rcpsApplyState = -1;
  readonly context = new ContextLookup();

  /** Whether RCPs apply to the action's service (see rcp-services.ts), looked up on first use. */
  rcpsApply(): boolean {
    if (this.rcpsApplyState < 0) this.rcpsApplyState = rcpsApplyTo(this.actionLower) ? 1 : 0;
    return this.rcpsApplyState === 1;
  }
}

const anonymous = readPrincipal(undefined);
// Batches repeat a handful of principals; their readings are kept (a bounded cache, cleared when full).
const principals = new Map<string, PrincipalInfo>();

function principalOf(text: string | undefined): PrincipalInfo {
  if (text === undefined) return anonymous;
  let info = principals.get(text);
  if (!info) {
    if (principals.size >= 4096) principals.clear();
    info = readPrincipal(text);
    principals.set(text, info);
  }
  return info;
}

/** Reads `request` into `into` (reused across requests in fast mode). */
export function prepare(request: EvaluationRequest, set: CompiledPolicySet, into: PreparedRequest): PreparedRequest {
  const principal = principalOf(request.principal);
  into.actionLower = request.action.toLowerCase();
  into.resource = request.resource;
  into.principal = principal;
  into.resourceAccount = request.resourceAccount ?? arnAccount(request.resource) ?? principal.account;
  into.sameAccount = principal.account !== undefined && principal.account === into.resourceAccount;
  into.iamPrincipal = isIamPrincipal(principal);
  into.resourcePolicyRequired = set.resource !== undefined && requiresResourcePolicy(into.actionLower);
  into.hasBoundary = set.permissionsBoundary !== undefined;
  into.rcpsApplyState = -1;
  into.context.reset(request.context);
  return into;
}

/** The account field of an ARN, when it has one (S3 ARNs do not). */
function arnAccount(resource: string): string | undefined {
  if (!resource.startsWith('arn:')) return undefined;
  let colon = 3;
  for (let field = 1; field < 4; field++) {
    colon = resource.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
  }
  const end = resource.indexOf(':', colon + 1);
  if (end < 0) return undefined;
  return end > colon + 1 ? resource.slice(colon + 1, end) : undefined;
}

// "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow
// access for principals" (evaluation logic, resource-based policies step).
export function requiresResourcePolicy(action: string): boolean {
  return (
    action.startsWith('kms:') ||
    action === 'sts:assumerole' ||
    action === 'sts:assumerolewithsaml' ||
    action === 'sts:assumerolewithwebidentity' ||
    action === 'sts:tagsession' ||
    action === 'sts:setsourceidentity' ||
    action === 'sts:setcontext'
  );
}
