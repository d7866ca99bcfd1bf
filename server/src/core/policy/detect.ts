import type { PolicyDocument } from './model';

/** A JSON document is treated as a policy when its top level is an object with a Statement element. */
export function looksLikePolicy(policy: PolicyDocument): boolean {
  return policy.root?.type === 'object' && policy.properties.some((p) => p.key === 'Statement');
}
