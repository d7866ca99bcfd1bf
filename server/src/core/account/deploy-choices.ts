import { chosenDocument, deployTimeKey, type DeployChoiceValue } from './deploy-time';
import { documentOf, type Account, type AccountGroup, type AccountPolicy, type AccountRole, type AccountUser, type AccountSource } from './model';
import { resolveManagedPolicy } from './principal-policies';

// What a template or module creates only when a choice made at deploy goes its way (a CloudFormation `Condition`, an
// `Fn::If` element, a parameter among its AllowedValues, a Terraform `count = var.create ? 1 : 0` known only at
// apply): the policies it brings wait on the choice's deploy-time keys (chosenDocument), so that answers through
// them are Conditional until the request context says how the choice went, and exact once it does.

type Principal = AccountUser | AccountGroup | AccountRole;

/** A managed policy attached only under choices, resolved once every policy of the file is read (attachChosen). */
export interface ChosenAttachment {
  principal: Principal;
  arn: string;
  choices: readonly DeployChoiceValue[];
  /** Where the attachment is written. */
  source: AccountSource;
}

/**
 * The choices under which a resource made under `choices` is not made: the other way of its one true-or-false choice
 * (`count = var.x ? 1 : 0`). Undefined for none, or for several, whose opposite (any one going the other way) a list of
 * choices, all of which must hold, cannot say.
 */
export function oppositeOf(choices: readonly DeployChoiceValue[] | undefined): DeployChoiceValue[] | undefined {
  if (choices?.length !== 1 || !['true', 'false'].includes(choices[0].value)) return undefined;
  return [{ ...choices[0], value: choices[0].value === 'true' ? 'false' : 'true' }];
}

/** The policy with its statements waiting on the choices (the policy itself when there are none). */
export function withChoices(policy: AccountPolicy, choices: readonly DeployChoiceValue[]): AccountPolicy {
  if (choices.length === 0) return policy;
  const value = chosenDocument(documentOf(policy), choices);
  return { ...policy, value, text: JSON.stringify(value) };
}

/**
 * A principal created only under choices has no permissions when they go the other way: its inline policies, its
 * trust policy and its attachments (whichever resource gave them) wait on them too. The attachments are moved to
 * `pending`, to be attached as chosen copies.
 */
export function principalsUnderChoices(principals: ReadonlyMap<Principal, readonly DeployChoiceValue[]>, pending: ChosenAttachment[]): void {
  for (const [principal, choices] of principals) {
    principal.inline = principal.inline.map((policy) => withChoices(policy, choices));
    if (principal.kind === 'role' && principal.trust) principal.trust = withChoices(principal.trust, choices);
    for (const arn of principal.attached) pending.push({ principal, arn, choices, source: principal.source });
    principal.attached = [];
  }
}

/**
 * Attaches each pending managed policy (the file's own, or a bundled AWS managed policy) as a copy among the
 * principal's policies whose statements wait on its choices; `missing` is told of an ARN that is neither.
 */
export function attachChosen(account: Account, pending: readonly ChosenAttachment[], missing: (attachment: ChosenAttachment) => void): void {
  for (const attachment of pending) {
    const { principal, arn, choices, source } = attachment;
    const policy = resolveManagedPolicy(account, arn);
    if (!policy) {
      missing(attachment);
      continue;
    }
    const key = `${principal.arn}#${choices.map((choice) => `${deployTimeKey(choice.source)}=${choice.value}`).join('&')}/${arn}`;
    principal.inline.push(withChoices({ ...policy, key, source }, choices));
  }
}

/** A user added to a group only under choices (`aws_iam_user_group_membership` with `count = var.x ? 1 : 0`). */
export interface ChosenMembership {
  user: AccountUser;
  /** The group's name, as the membership names it. */
  group: string;
  choices: readonly DeployChoiceValue[];
  /** Where the membership is written. */
  source: AccountSource;
}

/**
 * A membership under choices gives the user the group's policies only when they go its way: the user gets a copy of
 * each (inline, attached, and those attached under choices of their own, so call after attachChosen) whose statements
 * wait on the membership's choices too, instead of the group. `missing` is told of a group the account does not hold.
 */
export function joinChosen(account: Account, memberships: readonly ChosenMembership[], missing: (membership: ChosenMembership) => void): void {
  for (const membership of memberships) {
    const { user, group: name, choices, source } = membership;
    const group = [...account.groups.values()].find((candidate) => candidate.name === name);
    if (!group) {
      missing(membership);
      continue;
    }
    const attached = group.attached.flatMap((arn) => resolveManagedPolicy(account, arn) ?? []);
    for (const policy of [...group.inline, ...attached]) {
      const key = `${user.arn}#${choices.map((choice) => `${deployTimeKey(choice.source)}=${choice.value}`).join('&')}/group/${group.name}/${policy.key}`;
      user.inline.push(withChoices({ ...policy, key, source: policy.source ?? source }, choices));
    }
  }
}
