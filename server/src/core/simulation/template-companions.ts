import type { TemplateAttachments } from '../hosts/cloudformation/attachments';
import type { PolicyType } from '../policy/policy-type';
import { roleOfPolicyType } from './simulate';

/** What a template policy needs to say for its companions to be found. */
export interface TemplatePolicy {
  policyType?: PolicyType;
  name: string;
  owner?: string;
  variantOf?: string;
}

/**
 * The identity-based policies of the same template that take part when one is simulated: the other policies of
 * the same role, user or group (its inline `Policies`, a SAM function's `Policies`) and the policy resources
 * attached to it (AWS::IAM::ManagedPolicy, AWS::IAM::Policy, …). A policy resource attached to several identities
 * is simulated alone, with a note, since a request comes from one principal. The identity's trust policy never
 * takes part in its own permission requests; a note says where it is. Builds for the second branch of `Fn::If`
 * are left out: the first build stands for the policy.
 */
export function templateCompanions<P extends TemplatePolicy>(policies: readonly P[], simulated: P, attachments: TemplateAttachments): { companions: P[]; notes: string[] } {
  const notes: string[] = [];
  if (!simulated.owner || !simulated.policyType || roleOfPolicyType(simulated.policyType) !== 'identity') return { companions: [], notes };
  const identities = attachments.get(simulated.owner) ?? [simulated.owner];
  if (identities.length !== 1) {
    if (identities.length > 1) notes.push(`${simulated.owner} is attached to ${identities.join(', ')}; it is simulated alone, without the policies of any one of them.`);
    return { companions: [], notes };
  }
  const [identity] = identities;
  const companions = policies.filter(
    (policy) =>
      policy !== simulated &&
      policy.variantOf === undefined &&
      policy.owner !== undefined &&
      policy.policyType !== undefined &&
      roleOfPolicyType(policy.policyType) === 'identity' &&
      (policy.owner === identity || (attachments.get(policy.owner) ?? []).includes(identity)),
  );
  const trust = policies.find((policy) => policy.owner === identity && policy.policyType === 'trust' && policy.variantOf === undefined);
  if (trust) notes.push(`${trust.name} decides who may assume ${identity}; it takes no part in the role's own requests.`);
  return { companions, notes };
}
