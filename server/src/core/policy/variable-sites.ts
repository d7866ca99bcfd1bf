import { DerivedSlot } from './derived';
import { valueSpanMapper, type ValueSpanMapper } from '../text/json-string';
import type { Span } from '../text/span';
import { conditionBlocksOf, type ConditionBlock } from './condition-blocks';
import type { ListElement, Placeholder, PolicyDocument, PrincipalElement, StringValue } from './model';
import { mayHavePolicyVariable, scanPolicyVariables, type PolicyVariableProblem, type PolicyVariableScan } from './policy-variables';

/** The elements whose string values can hold `${…}`; IAM substitutes policy variables only in Resource, NotResource and Condition values. */
export type VariableElement = 'Resource' | 'NotResource' | 'Condition' | 'Action' | 'NotAction' | 'Principal' | 'NotPrincipal';

/** A string value of the policy that contains `${`. */
export interface VariableSite {
  readonly element: VariableElement;
  readonly value: StringValue;
  /** The Condition block of a Condition value. */
  readonly block?: ConditionBlock;
  readonly scan: PolicyVariableScan;
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse
// NotResource is the Resource element's negated form; we count it as a place where variables work.
const substituted = new Set<VariableElement>(['Resource', 'NotResource', 'Condition']);

/** Whether IAM replaces policy variables in values of this element. */
export function substitutesVariables(element: VariableElement): boolean {
  return substituted.has(element);
}

const cache = new DerivedSlot<PolicyDocument, readonly VariableSite[]>();

/** Every string value with `${` in it (Condition values last), computed once per parsed policy for all variable rules. */
export function variableSitesOf(policy: PolicyDocument): readonly VariableSite[] {
  let sites = cache.get(policy);
  if (sites) return sites;
  const list: VariableSite[] = [];
  const add = (element: VariableElement, value: StringValue, block?: ConditionBlock) => {
    if (!mayHavePolicyVariable(value.value)) return;
    const scan = value.placeholders?.length ? withoutPlaceholders(scanPolicyVariables(value.value), value.placeholders) : scanPolicyVariables(value.value);
    if (scan.variables.length > 0 || scan.problems.length > 0) list.push({ element, value, scan, ...(block ? { block } : {}) });
  };
  // Element by element rather than through a table of them: the table was two arrays per statement of garbage.
  const addList = (element: VariableElement, list: ListElement | undefined) => {
    if (list) for (const value of list.values) add(element, value);
  };
  const addPrincipal = (element: VariableElement, principal: PrincipalElement | undefined) => {
    if (principal) for (const entry of principal.entries) for (const value of entry.values) add(element, value);
  };
  for (const statement of policy.statements) {
    addList('Action', statement.action);
    addList('NotAction', statement.notAction);
    addList('Resource', statement.resource);
    addList('NotResource', statement.notResource);
    addPrincipal('Principal', statement.principal);
    addPrincipal('NotPrincipal', statement.notPrincipal);
  }
  for (const block of conditionBlocksOf(policy)) {
    for (const key of block.entry.keys) for (const value of key.values) if (value.jsonType === 'string') add('Condition', value, block);
  }
  sites = list;
  cache.set(policy, sites);
  return sites;
}

// A template's `${AWS::AccountId}` or `!Ref Param` is written `${…}` in the value but is no policy variable. Nor is a
// `${` whose name the program writes (`\${${logicalId}}` in a CDK integration test, DynamoDB sweep): closed after it.
function withoutPlaceholders(scan: PolicyVariableScan, placeholders: readonly Placeholder[]): PolicyVariableScan {
  const outside = (item: { start: number; end: number }) => !placeholders.some((p) => item.start < p.end && p.start < item.end);
  const namedByHole = (problem: PolicyVariableProblem) => problem.kind === 'unclosed' && placeholders.some((p) => p.start === problem.end);
  return { variables: scan.variables.filter(outside), problems: scan.problems.filter((problem) => outside(problem) && !namedByHole(problem)) };
}

const mappers = new WeakMap<VariableSite, ValueSpanMapper>();

/** The document span of `[start, end)` of a site's value, e.g. of one variable in it. */
export function variableSpan(policy: PolicyDocument, site: VariableSite, start: number, end: number): Span {
  let mapper = mappers.get(site);
  if (!mapper) mappers.set(site, (mapper = site.value.mapSpan ?? valueSpanMapper(policy.text, site.value.span, true)));
  return mapper(start, end);
}
