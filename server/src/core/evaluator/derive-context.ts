import { readPrincipal } from './principal';
import type { ContextValue, RequestContext } from './types';

/**
 * The global condition keys AWS puts in every request by a principal, derived from the principal ARN alone, for
 * callers that know no more than that (the `simulate` command). Keys already in `context` win. `evaluate` itself
 * never derives keys: it uses the context exactly as given.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function deriveContext(principal: string | undefined, context: RequestContext = {}, now: Date = new Date()): Record<string, ContextValue> {
  const info = readPrincipal(principal);
  const derived: Record<string, ContextValue> = {};
  derived['aws:CurrentTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  derived['aws:EpochTime'] = Math.floor(now.getTime() / 1000);
  const partition = /^arn:([^:]+):/.exec(info.arn)?.[1] ?? 'aws';
  if (info.account !== undefined) derived['aws:PrincipalAccount'] = info.account;
  switch (info.kind) {
    case 'user':
      derived['aws:PrincipalArn'] = info.arn;
      derived['aws:PrincipalType'] = 'User';
      derived['aws:username'] = info.arn.slice(info.arn.lastIndexOf('/') + 1);
      break;
    case 'assumed-role':
      // "For IAM roles, the request context returns the ARN of the role, not the ARN of the user that assumed the
      // role." The session ARN does not carry the role's path, so the derived ARN has none.
      derived['aws:PrincipalArn'] = `arn:${partition}:iam::${info.account}:role/${info.roleName}`;
      derived['aws:PrincipalType'] = 'AssumedRole';
      break;
    case 'role':
      derived['aws:PrincipalArn'] = info.arn;
      derived['aws:PrincipalType'] = 'AssumedRole';
      break;
    case 'federated-user':
      derived['aws:PrincipalArn'] = info.arn;
      derived['aws:PrincipalType'] = 'FederatedUser';
      break;
    case 'root':
      derived['aws:PrincipalArn'] = `arn:${partition}:iam::${info.account}:root`;
      derived['aws:PrincipalType'] = 'Account';
      break;
    case 'anonymous':
      derived['aws:PrincipalType'] = 'Anonymous';
      break;
  }
  if (info.kind === 'service') derived['aws:PrincipalIsAWSService'] = true;
  else if (info.kind !== 'anonymous') derived['aws:PrincipalIsAWSService'] = false;
  const lowerGiven = new Set(Object.keys(context).map((key) => key.toLowerCase()));
  const result: Record<string, ContextValue> = { ...context };
  for (const [key, value] of Object.entries(derived)) if (!lowerGiven.has(key.toLowerCase())) result[key] = value;
  return result;
}
