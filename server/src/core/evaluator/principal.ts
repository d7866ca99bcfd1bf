import type { PrincipalElement } from '../policy/model';
import type { ContextLookup } from './context';
import type { PrincipalKind } from './types';

// The requesting principal, and the Principal/NotPrincipal elements that name principals.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

/** What the evaluator knows about who asks, read from the principal ARN alone. */
export interface PrincipalInfo {
  arn: string;
  kind: PrincipalKind;
  account?: string;
  /** Assumed-role sessions: the role's name (the session ARN has no path). */
  roleName?: string;
  /** Users and roles: the ARN; assumed-role sessions: the role ARN when `aws:PrincipalArn` gives it. */
  entityArn?: string;
}

const ARN_PRINCIPAL = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

/** Reads a principal ARN (or service principal, or account id). Never throws; unknown shapes are `other`. */
export function readPrincipal(principal: string | undefined): PrincipalInfo {
  if (principal === undefined || principal === '' || principal === '*' || principal === 'anonymous') return { arn: principal ?? '', kind: 'anonymous' };
  if (/^\d{12}$/.test(principal)) return { arn: principal, kind: 'root', account: principal };
  const match = ARN_PRINCIPAL.exec(principal);
  if (!match) {
    // Alexa's service principals end in amazon.com: `alexa-appkit.amazon.com` is the principal of the Lambda
    // permission SAM writes for an AlexaSkill event (samtranslator/model/eventsources/push.py, AlexaSkill).
    if (!principal.startsWith('arn:') && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com)$/.test(principal)) return { arn: principal, kind: 'service' };
    return { arn: principal, kind: 'other' };
  }
  const [, , service, account, resource] = match;
  if (service === 'iam') {
    if (resource === 'root') return { arn: principal, kind: 'root', account };
    if (resource.startsWith('user/')) return { arn: principal, kind: 'user', account, entityArn: principal };
    if (resource.startsWith('role/')) return { arn: principal, kind: 'role', account, entityArn: principal };
    return { arn: principal, kind: 'other', account };
  }
  if (resource.startsWith('assumed-role/')) {
    const parts = resource.split('/');
    if (parts.length >= 3) return { arn: principal, kind: 'assumed-role', account, roleName: parts[1] };
  }
  if (resource.startsWith('federated-user/')) return { arn: principal, kind: 'federated-user', account };
  return { arn: principal, kind: 'other', account };
}

/** Whether the principal is an IAM principal of an account, to which SCPs, boundaries and identity policies apply. */
export function isIamPrincipal(info: PrincipalInfo): boolean {
  return info.account !== undefined && info.kind !== 'other';
}

// How a Principal element names the requester, strongest last. See `PrincipalGrant` in types.ts.
export const GRANT_NONE = 0;
export const GRANT_ACCOUNT = 1;
export const GRANT_ROLE = 2;
export const GRANT_DIRECT = 3;

interface RolePrincipal {
  account: string;
  name: string;
  arn: string;
}

/** A Principal or NotPrincipal element, indexed for lookups. */
export interface CompiledPrincipal {
  /** `"*"` or `{"AWS": "*"}`: every principal. */
  readonly everyone: boolean;
  readonly accounts: ReadonlySet<string>;
  /** Exact user, role, assumed-role session and federated user session ARNs. */
  readonly arns: ReadonlySet<string>;
  readonly roles: readonly RolePrincipal[];
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/**
 * Indexes the element. "You cannot use a wildcard to match part of a principal name or ARN", so values are
 * compared exactly; only a lone `*` means everyone. Unique IDs (AROA..., AIDA...) stand for deleted entities and
 * match no one.
 */
export function compilePrincipal(element: PrincipalElement): CompiledPrincipal {
  let everyone = element.wildcard?.value === '*';
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const roles: RolePrincipal[] = [];
  const services = new Set<string>();
  const federated = new Set<string>();
  const canonicalUsers = new Set<string>();
  for (const entry of element.entries) {
    for (const { value } of entry.values) {
      switch (entry.type) {
        case 'AWS': {
          if (value === '*') {
            everyone = true;
            break;
          }
          // "The account ARN and the shortened account ID behave the same way. Both delegate permissions to the account."
          if (/^\d{12}$/.test(value)) {
            accounts.add(value);
            break;
          }
          const root = ROOT_ARN.exec(value);
          if (root) {
            accounts.add(root[1]);
            break;
          }
          arns.add(value);
          const role = ROLE_ARN.exec(value);
          if (role) roles.push({ account: role[1], name: role[2], arn: value });
          break;
        }
        case 'Service':
          if (value === '*') everyone = true;
          else services.add(value);
          break;
        case 'Federated':
          if (value === '*') everyone = true;
          else federated.add(value);
          break;
        case 'CanonicalUser':
          if (value === '*') everyone = true;
          else canonicalUsers.add(value);
          break;
      }
    }
  }
  return { everyone, accounts, arns, roles, services, federated, canonicalUsers };
}

/** Whether a role principal names the role of an assumed-role session. */
function namesSessionRole(role: RolePrincipal, info: PrincipalInfo, context: ContextLookup): boolean {
  if (role.account !== info.account || role.name !== info.roleName) return false;
  // The session ARN carries the role's name but not its path; `aws:PrincipalArn` carries the whole role ARN.
  const principalArn = context.get('aws:PrincipalArn', 'aws:principalarn');
  return typeof principalArn === 'string' && principalArn.includes(':role/') ? principalArn === role.arn : true;
}

/**
 * How a Principal element names the requester: GRANT_NONE, GRANT_ACCOUNT ("delegates authority to the account"),
 * GRANT_ROLE (the role of an assumed-role session), or GRANT_DIRECT (everyone, or the exact principal).
 */
export function principalGrant(principal: CompiledPrincipal, info: PrincipalInfo, context: ContextLookup): number {
  if (principal.everyone) return GRANT_DIRECT;
  switch (info.kind) {
    case 'service':
      return principal.services.has(info.arn) ? GRANT_DIRECT : GRANT_NONE;
    case 'anonymous':
      return GRANT_NONE;
    case 'other':
      if (principal.federated.has(info.arn) || principal.canonicalUsers.has(info.arn) || principal.arns.has(info.arn)) return GRANT_DIRECT;
      break;
    case 'user':
    case 'federated-user':
      if (principal.arns.has(info.arn)) return GRANT_DIRECT;
      break;
    case 'assumed-role':
      if (principal.arns.has(info.arn)) return GRANT_DIRECT;
      for (const role of principal.roles) if (namesSessionRole(role, info, context)) return GRANT_ROLE;
      break;
    case 'role':
      if (principal.arns.has(info.arn)) return GRANT_ROLE;
      break;
    case 'root':
      break;
  }
  return info.account !== undefined && principal.accounts.has(info.account) ? GRANT_ACCOUNT : GRANT_NONE;
}

/**
 * Whether NotPrincipal leaves the requester out.
 *
 * With Deny, AWS "might validate the account first, then the role, and then the assumed-role user", so the requester
 * is spared only when every one of those identities is listed: the account (id or root ARN) and the user, or the
 * account, the role and the session.
 *
 * With Allow (which the page now calls unsupported; its earlier text: "Doing so allows all principals except the one
 * named in the NotPrincipal element"), naming any identity of the requester leaves it out: the account leaves out
 * every principal of the account, a role every session of that role, and a user or session ARN that principal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 *
 * A lone `*` leaves everyone out.
 */
export function notPrincipalExcludes(principal: CompiledPrincipal, info: PrincipalInfo, context: ContextLookup, deny: boolean): boolean {
  if (principal.everyone) return true;
  switch (info.kind) {
    case 'service':
      return principal.services.has(info.arn);
    case 'anonymous':
      return false;
    case 'other':
      return principal.federated.has(info.arn) || principal.canonicalUsers.has(info.arn) || principal.arns.has(info.arn);
  }
  const accountListed = info.account !== undefined && principal.accounts.has(info.account);
  if (!deny) {
    if (accountListed || principal.arns.has(info.arn)) return true;
    return info.kind === 'assumed-role' && principal.roles.some((role) => namesSessionRole(role, info, context));
  }
  if (!accountListed) return false;
  switch (info.kind) {
    case 'root':
      return true;
    case 'user':
    case 'role':
    case 'federated-user':
      return principal.arns.has(info.arn);
    case 'assumed-role':
      return principal.arns.has(info.arn) && principal.roles.some((role) => namesSessionRole(role, info, context));
  }
  return false;
}
