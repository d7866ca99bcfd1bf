import type { PolicyDocument } from '../policy/model';

/**
 * Policies a host reader kept from its last reading of a document and moved, unchanged, to where an edit before them
 * put them. A moved policy is its origin (the policy as first read) with every span the same distance on, so what
 * rules find in the origin holds for the copy at that distance: the pipeline's FindingsCache finds the origin's
 * findings by the origin, without reading the copy (which a reader may build only once something reads it).
 */
const origins = new WeakMap<PolicyDocument, PolicyDocument>();

/** Records that `copy` is `from` (or what `from` was moved from) moved by some distance, nothing else changed. */
export function markMoved(copy: PolicyDocument, from: PolicyDocument): void {
  origins.set(copy, originOf(from));
}

/** The policy first read that `policy` is a moved copy of; the policy itself when it was not moved. */
export function originOf(policy: PolicyDocument): PolicyDocument {
  return origins.get(policy) ?? policy;
}
