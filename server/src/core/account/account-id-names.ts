// A value known only at deploy whose name says it holds account IDs (`TrustedAccounts`, `TrustedAccountsForLookup`,
// `var.trusted_account_ids`, `SourceAccountId`). Written in a Principal, such a value names whole accounts, and "the
// account ARN and the shortened account ID behave the same way. Both delegate permissions to the account": a
// principal of the model's own account is let in only where its own identity-based policies allow the request too,
// and a principal of another account is not one of the model's. So the model's own account is the broadest value it
// can be for the model's principals, where a `*` would have let every one of them in with no policy of its own.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts

// The words that may follow `account(s)` in such a name: its ID or number, or what the accounts are for.
const AFTER_ACCOUNT = new Set(['id', 'ids', 'number', 'numbers', 'list', 'for', 'to', 'that', 'allowed', 'trusted']);

/** The words of a name written in camelCase, PascalCase, snake_case or kebab-case, lower-cased. */
function wordsOf(name: string): string[] {
  return name
    .replace(/IDs(?![a-z])/g, 'Ids')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** Whether a parameter's or variable's name says its value is one or more account IDs. */
export function namesAccountIds(name: string): boolean {
  const words = wordsOf(name);
  return words.some((word, index) => (word === 'account' || word === 'accounts') && (index === words.length - 1 || AFTER_ACCOUNT.has(words[index + 1])));
}
