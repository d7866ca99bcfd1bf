import type { PolicyDocument } from './model';

/**
 * A JSON document is treated as a policy when its top level is an object with a Statement element, or is a statement
 * itself (`isLoneStatement`): a file that holds one statement is a policy written without its wrapper, which
 * statement-missing says how to add, not a file that holds no policy.
 */
export function looksLikePolicy(policy: PolicyDocument): boolean {
  return policy.root?.type === 'object' && (policy.properties.some((p) => p.key === 'Statement') || isLoneStatement(policy));
}

/** Whether the top level is a statement (Effect and Action or NotAction, no Statement), as AWS's SCP examples store a few. */
export function isLoneStatement(policy: PolicyDocument): boolean {
  if (policy.root?.type !== 'object') return false;
  const keys = new Set(policy.properties.map((p) => p.key.toLowerCase()));
  return !keys.has('statement') && keys.has('effect') && (keys.has('action') || keys.has('notaction'));
}
