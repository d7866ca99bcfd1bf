import type { ConditionElement, ListElement, Placeholder, PolicyDocument, PrincipalElement, Statement, StringValue } from '../policy/model';
import { hasPlaceholder, textWithHoles } from '../policy/value-text';
import type { HostJsonNode } from '../policy/parse-policy';

// A policy read from a template or a .tf file holds placeholders: values known only at deploy time (`!GetAtt
// Bucket.Arn`, `${var.account}`). A simulation never guesses them. Instead each statement that holds one is
// rewritten twice: to apply to the most requests any deploy-time value could make it apply to (its widest
// bound), and to the fewest (its narrowest). Evaluating with every Allow at its widest and every Deny at its
// narrowest gives the most permissive outcome the deployed policies can have; the opposite gives the least. AWS's
// evaluation logic is monotone in this sense (an Allow that applies never turns an allowed request into a denied
// one, a Deny that applies never allows one: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
// so when both outcomes agree, every deployed value gives that decision; when they differ, the decision depends
// on the placeholders and the simulation says so instead of answering Allowed or Denied.

/** `widest`: applies to at least the requests any deploy-time value would; `narrowest`: to at most those. */
export type PlaceholderBound = 'widest' | 'narrowest';

/** Whether any statement of the policy holds a placeholder in an element the evaluator matches. */
export function policyHasPlaceholders(policy: PolicyDocument): boolean {
  return policy.statements.some((statement) => placeholdersOf(statement).length > 0);
}

/** The placeholders of one statement's Action, Resource, Principal and Condition values (and their Not forms), in order. */
export function placeholdersOf(statement: Statement): Placeholder[] {
  const found: Placeholder[] = [];
  const add = (value: { placeholders?: readonly Placeholder[] }) => found.push(...(value.placeholders ?? []));
  for (const list of [statement.action, statement.notAction, statement.resource, statement.notResource]) list?.values.forEach(add);
  for (const principal of [statement.principal, statement.notPrincipal]) {
    if (principal?.wildcard) add(principal.wildcard);
    principal?.entries.forEach((entry) => entry.values.forEach(add));
  }
  const condition = statement.condition;
  condition?.operators.forEach((operator) => operator.keys.forEach((key) => key.values.forEach(add)));
  // A Condition, or an operator's keys, that is a value known only at deploy time (CDK's CfnJson): one hole.
  if (condition?.deployTime) {
    for (const node of [condition.property.valueNode, ...condition.operators.map((operator) => operator.property.valueNode)]) add((node ?? {}) as HostJsonNode);
    // Tests the host could not read at all (a computed Terraform condition `variable`): holes with no place in a value.
    for (const source of (condition.property.valueNode as HostJsonNode | undefined)?.unreadTests ?? []) found.push({ start: 0, end: 0, kind: 'string', source });
  }
  return found;
}

/**
 * The policy with each statement that holds a placeholder rewritten to one of its bounds: Allow statements to
 * `allow`, Deny statements to `deny`. Statements without placeholders, and the policy's spans, stay as they are, so
 * reports still point at the host text. A policy without placeholders is returned as is.
 */
export function boundedPolicy(policy: PolicyDocument, allow: PlaceholderBound, deny: PlaceholderBound): PolicyDocument {
  if (!policyHasPlaceholders(policy)) return policy;
  const statements = policy.statements.map((statement) => {
    if (placeholdersOf(statement).length === 0) return statement;
    return boundedStatement(statement, statement.effect?.value?.value === 'Deny' ? deny : allow);
  });
  return { ...policy, statements };
}

function boundedStatement(statement: Statement, bound: PlaceholderBound): Statement {
  const wide = bound === 'widest';
  // A condition value known only at deploy time may or may not match: at its widest the key's test always passes
  // (it is left out), at its narrowest the statement applies to nothing.
  if (!wide && (statement.condition?.deployTime || statement.condition?.operators.some((operator) => operator.keys.some((key) => key.values.some(hasPlaceholder))))) return neverApplies(statement);
  const result: Statement = { ...statement };
  // Action and Resource match more when a hole matches anything, and less when the value is left out; their Not
  // forms the other way round.
  if (statement.action) result.action = wide ? widened(statement.action, actionWildcard) : withoutPlaceholders(statement.action);
  if (statement.notAction) result.notAction = wide ? withoutPlaceholders(statement.notAction) : widened(statement.notAction, actionWildcard);
  if (statement.resource) result.resource = wide ? widened(statement.resource, resourceWildcard) : withoutPlaceholders(statement.resource);
  if (statement.notResource) result.notResource = wide ? withoutPlaceholders(statement.notResource) : widened(statement.notResource, resourceWildcard);
  // Principal ARNs take no wildcards, so a principal known only at deploy time is at its widest anyone ("*").
  if (statement.principal) result.principal = wide ? anyoneIfPlaceholder(statement.principal) : principalWithoutPlaceholders(statement.principal);
  if (statement.notPrincipal) result.notPrincipal = wide ? principalWithoutPlaceholders(statement.notPrincipal) : anyoneIfPlaceholder(statement.notPrincipal);
  if (wide && statement.condition) result.condition = conditionWithoutPlaceholders(statement.condition);
  return result;
}

function neverApplies(statement: Statement): Statement {
  const element = (statement.action ?? statement.notAction)!;
  const { notAction: _, ...rest } = statement;
  return { ...rest, action: { ...element, values: [], isArray: true } };
}

function withoutPlaceholders(element: ListElement): ListElement {
  return { ...element, values: element.values.filter((value) => !hasPlaceholder(value)), isArray: true };
}

function widened(element: ListElement, widen: (value: StringValue) => string): ListElement {
  return { ...element, values: element.values.map((value) => (hasPlaceholder(value) ? { ...value, value: widen(value) } : value)) };
}

/** Each hole becomes `*`: an action name's parts hold no colon, so `*` covers any value of the hole. */
function actionWildcard(value: StringValue): string {
  return holesReplaced(value, '*');
}

/**
 * A hole that stands for a partition, region, account or number sits inside one ARN segment, and `*` covers it
 * there. A hole that may hold colons (a whole ARN from `!GetAtt X.Arn`, any string) could shift every segment after
 * it, and a `*` inside the first five segments does not cross colons, so the whole value becomes `*`.
 */
function resourceWildcard(value: StringValue): string {
  const segmentBound = value.placeholders!.every((hole) => hole.kind === 'partition' || hole.kind === 'region' || hole.kind === 'account' || hole.kind === 'number' || hole.kind === 'boolean');
  return segmentBound ? holesReplaced(value, '*') : '*';
}

function holesReplaced(value: StringValue, by: string): string {
  return textWithHoles(value, () => by)!;
}

function anyoneIfPlaceholder(element: PrincipalElement): PrincipalElement {
  const holds = (element.wildcard && hasPlaceholder(element.wildcard)) || element.entries.some((entry) => entry.values.some(hasPlaceholder));
  if (!holds) return element;
  const span = element.property.span;
  return { property: element.property, wildcard: { value: '*', span }, entries: [] };
}

function principalWithoutPlaceholders(element: PrincipalElement): PrincipalElement {
  const { wildcard, ...rest } = element;
  return {
    ...rest,
    ...(wildcard && !hasPlaceholder(wildcard) ? { wildcard } : {}),
    entries: element.entries.map((entry) => ({ ...entry, values: entry.values.filter((value) => !hasPlaceholder(value)), isArray: true })),
  };
}

function conditionWithoutPlaceholders(condition: ConditionElement): ConditionElement {
  return {
    ...condition,
    operators: condition.operators.map((operator) => ({ ...operator, keys: operator.keys.filter((key) => !key.values.some(hasPlaceholder)) })).filter((operator) => operator.keys.length > 0),
  };
}
