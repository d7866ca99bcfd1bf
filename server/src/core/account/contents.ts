import type { Account } from './model';

// What an account read from the workspace holds, in words, for the account view when it has no principals to list.

/**
 * The message for account sources that define no users, groups, roles or managed policies: what they do define
 * instead (resource-based policies by kind, read by the template and module readers), and how many entries were left
 * out, so the view does not look empty for no reason.
 */
export function emptyAccountMessage(account: Account): string {
  const base = 'The account sources define no users, groups, roles or managed policies';
  const kinds = new Map<string, number>();
  for (const entry of account.resourcePolicies) {
    // The readers name each one `<kind> <logical id or address>`: "bucket policy Bucket", "key policy aws_kms_key.k".
    const kind = /^([a-z]+ policy) /.exec(entry.policy.name)?.[1] ?? 'resource policy';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const parts: string[] = [];
  if (kinds.size > 0) {
    const list = [...kinds].map(([kind, count]) => (count === 1 ? `1 ${kind}` : `${count} ${kind.replace(/policy$/, 'policies')}`));
    parts.push(`${base}, only resource-based policies: ${joined(list)}`);
  } else parts.push(base);
  const left = account.warnings.filter((w) => / left out\.$/.test(w)).length;
  if (left > 0) parts.push(`${left} ${left === 1 ? 'entry was' : 'entries were'} left out`);
  return `${parts.join('; ')}. See Sources for what was read.`;
}

function joined(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
