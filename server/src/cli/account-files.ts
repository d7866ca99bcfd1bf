import { readFileSync } from 'node:fs';
import { emptyAccount, findPrincipal, isTrustAction, mergeAccounts, principalPolicies, readAuthorizationDetails, type Account, type AccountPrincipal } from '../core/account/index';
import type { NamedPolicy } from '../core/evaluator/index';

/** Reads and merges the --account files; throws a plain Error with the file's problem. */
export function loadAccount(files: readonly string[]): Account {
  const account = emptyAccount();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    const result = readAuthorizationDetails(text, file);
    if (result.error !== undefined) throw new Error(result.error);
    mergeAccounts(account, result.account);
  }
  return account;
}

/** The user or role named on the command line; throws with the reason when there is none or several. */
export function principalOf(account: Account, nameOrArn: string): AccountPrincipal {
  const found = findPrincipal(account, nameOrArn);
  if (typeof found === 'string') throw new Error(found);
  return found;
}

/**
 * For `simulate --account`: the named principal's policies (identity-based with its groups', boundary) and, for
 * sts:AssumeRole* on a role of the account, its trust policy as the resource-based policy. Explicit --boundary and
 * --resource-policy options win over these.
 */
export function accountPolicies(files: readonly string[], nameOrArn: string, action: string, resource: string): { principal: string; identity: NamedPolicy[]; boundary?: NamedPolicy; resource?: NamedPolicy; tags: Record<string, string>; warnings: string[] } {
  const account = loadAccount(files);
  const principal = principalOf(account, nameOrArn);
  const gathered = principalPolicies(account, principal);
  const named = (policy: { name: string; kind: string; text: string }, holder?: string): NamedPolicy => ({ name: `${policy.kind === 'inline' ? `inline policy ${policy.name}${holder ? ` of ${holder}` : ''}` : policy.name}`, policy: policy.text });
  const holderOf = (key: string) => key.slice(0, key.indexOf('#'));
  const role = isTrustAction(action) ? account.roles.get(resource) : undefined;
  return {
    principal: principal.arn,
    identity: gathered.identity.map((policy) => named(policy, policy.kind === 'inline' ? holderOf(policy.key) : undefined)),
    ...(gathered.boundary ? { boundary: named(gathered.boundary) } : {}),
    ...(role?.trust ? { resource: { name: `trust policy of ${role.arn}`, policy: role.trust.text } } : {}),
    tags: principal.tags,
    warnings: [...account.warnings, ...gathered.missing.map((what) => `${what} is attached to ${principal.arn} but is neither in the account files nor a bundled AWS managed policy; evaluated without it.`)],
  };
}
