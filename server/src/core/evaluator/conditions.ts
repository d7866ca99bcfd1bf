import { parseConditionOperator, type ParsedConditionOperator } from '../policy/condition-operators';
import type { ConditionElement, ConditionValue } from '../policy/model';
import type { Span } from '../text/span';
import { valueAt, valueCount, type ContextLookup } from './context';
import { compileGlob, matchesWildcard, matchGlob, type Glob } from '../text/wildcard';
import { compileArnPattern, compileArnValue, globOfTokens, matchArnPattern, type ArnPattern } from './patterns';
import type { ContextScalar } from './types';
import { ipInRange, readBinary, readBool, readDate, readIpRange, readNumber, readRequestIp, scalarText, type IpRange } from './values';
import { compileTemplate, resolvePatternText, resolveText, resolveTokens, type Template } from './variables';

// Condition blocks. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
// - Several operators in a block, and several keys under one operator, must all be true (AND).
// - Several values for one key: true when any matches (OR); for a negated operator, true when none matches (NOR).
// - "If the key that you specify in a policy condition is not present in the request context, the values do not
//   match and the condition is false. If the policy condition requires that the key is not matched, such as
//   StringNotLike or ArnNotLike, and the right key is not present, the condition is true." Except ...IfExists
//   (a missing key makes the condition true) and Null (which tests presence).
// - ForAllValues: true when every request value matches one policy value, and when the key is missing or its values
//   are an empty set. ForAnyValue: true when some request value matches; false when the key is missing or empty.
//   With a negated operator each request value must match none of the policy values.

/** One key under one operator, compiled. */
export interface ConditionTest {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  readonly operator: string;
  readonly op: ParsedConditionOperator;
  /** The key as written. */
  readonly key: string;
  readonly lowerKey: string;
  readonly span: Span;
  readonly values: readonly CompiledValue[];
  /** Whether some value depends on the request (policy variables). */
  readonly dynamic: boolean;
  /** Dynamic tests: the values with each template's slot filled per evaluation (static values shared). */
  readonly resolved?: CompiledValue[];
}

/** One policy value in the form its operator compares; `invalid` when it cannot be read (it never matches). */
interface CompiledValue {
  template?: Template;
  text?: string;
  glob?: Glob;
  /** A wildcard pattern string built from a template at evaluation time. */
  pattern?: string;
  arn?: ArnPattern;
  number?: number;
  bool?: boolean;
  binary?: string;
  ip?: IpRange;
  invalid?: boolean;
}

/** An operator name IAM does not know, found while compiling. */
export interface UnknownOperator {
  operator: string;
  span: Span;
}

/** Compiles every operator/key pair of a Condition element, in source order. */
export function compileConditions(element: ConditionElement, variables: boolean, unknown: UnknownOperator[]): ConditionTest[] {
  const tests: ConditionTest[] = [];
  for (const entry of element.operators) {
    const op = parseConditionOperator(entry.operator);
    if (!op) {
      unknown.push({ operator: entry.operator, span: entry.property.keySpan });
      continue;
    }
    for (const keyEntry of entry.keys) {
      const values = keyEntry.values.map((value) => compileValue(op, value, variables));
      const dynamic = values.some((value) => value.template !== undefined);
      tests.push({
        operator: entry.operator,
        op,
        key: keyEntry.key,
        lowerKey: keyEntry.key.toLowerCase(),
        span: keyEntry.property.span,
        values,
        dynamic,
        ...(dynamic ? { resolved: values.map((value) => (value.template ? {} : value)) } : {}),
      });
    }
  }
  return tests;
}

function compileValue(op: ParsedConditionOperator, value: ConditionValue, variables: boolean): CompiledValue {
  if (value.jsonType === 'null') return { invalid: true };
  const text = value.value;
  const template = variables && op.policyVariables ? compileTemplate(text) : undefined;
  if (template?.dynamic) return { template };
  const fixed = template ? resolveText(template, NO_CONTEXT)! : text;
  return compileFixedValue(op, fixed, template);
}

function compileFixedValue(op: ParsedConditionOperator, text: string, template: Template | undefined): CompiledValue {
  switch (op.family) {
    case 'String':
      if (op.like) {
        const tokens: number[] = [];
        if (template) resolveTokens(template, NO_CONTEXT, tokens);
        return { glob: template ? globOfTokens(tokens) : compileGlob(text) };
      }
      return { text: op.ignoreCase ? text.toLowerCase() : text };
    case 'Arn': {
      const arn = compileArnValue(text, template);
      return arn ? { arn } : { invalid: true };
    }
    case 'Numeric': {
      const number = readNumber(text);
      return number === undefined ? { invalid: true } : { number };
    }
    case 'Date': {
      const number = readDate(text);
      return number === undefined ? { invalid: true } : { number };
    }
    case 'Bool': {
      const bool = readBool(text);
      return bool === undefined ? { invalid: true } : { bool };
    }
    case 'Binary': {
      const binary = readBinary(text);
      return binary === undefined ? { invalid: true } : { binary };
    }
    case 'IpAddress': {
      const ip = readIpRange(text);
      return ip === undefined ? { invalid: true } : { ip };
    }
    case 'Null': {
      const bool = readBool(text);
      return bool === undefined ? { invalid: true } : { bool };
    }
  }
}

// Escapes only (no request-dependent variable): resolved with an empty context.
const NO_CONTEXT = { get: () => undefined } as unknown as ContextLookup;

/** Results of `evaluateTest`. */
export const TEST_PASSED = 0;
export const TEST_MISSING_KEY = 1;
export const TEST_NO_MATCH = 2;
export const TEST_UNRESOLVED = 3;

/** Evaluates one operator/key pair against the request context: TEST_PASSED or why it failed. */
export function evaluateTest(test: ConditionTest, context: ContextLookup): number {
  const op = test.op;
  const requestValue = context.get(test.key, test.lowerKey);
  if (op.family === 'Null') {
    // "true (the key doesn't exist — it is null) or false (the key exists and its value is not null)".
    const absent = requestValue === undefined;
    for (const value of test.values) if (value.bool === absent) return TEST_PASSED;
    return TEST_NO_MATCH;
  }
  if (requestValue === undefined) {
    if (op.ifExists) return TEST_PASSED;
    if (op.setQualifier === 'ForAllValues') return TEST_PASSED;
    if (op.setQualifier === 'ForAnyValue') return TEST_MISSING_KEY;
    return op.negated ? TEST_PASSED : TEST_MISSING_KEY;
  }
  let values = test.values;
  if (test.dynamic) {
    const resolved = resolveValues(test, context);
    // A value whose variable has no value is "effectively null. There is no equal or like value": it matches
    // nothing. A positive test left with no value it can match fails; "inverted condition operators like
    // StringNotEquals or StringNotLike do match against a null value", so a negated test reads it as a value that
    // matches nothing, and holds unless another of its values matches.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
    if (resolved === undefined) return TEST_UNRESOLVED;
    values = resolved;
  }
  const count = valueCount(requestValue);
  if (op.setQualifier === 'ForAllValues') {
    for (let i = 0; i < count; i++) if (matchesAny(op, valueAt(requestValue, i), values) === op.negated) return TEST_NO_MATCH;
    return TEST_PASSED;
  }
  if (op.setQualifier === 'ForAnyValue') {
    for (let i = 0; i < count; i++) if (matchesAny(op, valueAt(requestValue, i), values) !== op.negated) return TEST_PASSED;
    return TEST_NO_MATCH;
  }
  // No set qualifier: a multivalued key is read as "some request value matches some policy value", negated as
  // "no request value matches any policy value".
  let matched = false;
  for (let i = 0; i < count && !matched; i++) matched = matchesAny(op, valueAt(requestValue, i), values);
  return matched !== op.negated ? TEST_PASSED : TEST_NO_MATCH;
}

/**
 * The values with variables substituted, in the test's reusable slots. A value whose variable has no value is
 * marked invalid (it matches nothing); undefined when that leaves a positive test without values.
 */
function resolveValues(test: ConditionTest, context: ContextLookup): CompiledValue[] | undefined {
  const resolved = test.resolved!;
  let usable = 0;
  for (let i = 0; i < test.values.length; i++) {
    const template = test.values[i].template;
    if (!template) {
      usable++;
      continue;
    }
    const slot = resolved[i];
    slot.text = slot.glob = slot.pattern = slot.arn = slot.bool = undefined;
    slot.invalid = false;
    if (resolveValue(test.op, template, context, slot)) {
      usable++;
      continue;
    }
    slot.invalid = true;
  }
  return usable === 0 && test.values.length > 0 && !test.op.negated ? undefined : resolved;
}

/** Fills `slot` with the substituted value; false when a variable has no value. */
function resolveValue(op: ParsedConditionOperator, template: Template, context: ContextLookup, slot: CompiledValue): boolean {
  if (op.family === 'String' && op.like) {
    const pattern = resolvePatternText(template, context);
    if (pattern === undefined) return false;
    if (pattern !== null) {
      slot.pattern = pattern;
      return true;
    }
  }
  if ((op.family === 'String' && op.like) || op.family === 'Arn') {
    const tokens: number[] = [];
    if (!resolveTokens(template, context, tokens)) return false;
    if (op.family === 'Arn') slot.arn = compileArnPattern(tokens);
    else slot.glob = globOfTokens(tokens);
    return true;
  }
  const text = resolveText(template, context);
  if (text === undefined) return false;
  if (op.family === 'String') slot.text = op.ignoreCase ? text.toLowerCase() : text;
  else if (op.family === 'Bool') slot.bool = readBool(text);
  return true;
}

/** Whether one request value matches one of the policy values, by the operator's comparison (negation aside). */
function matchesAny(op: ParsedConditionOperator, requestValue: ContextScalar, values: readonly CompiledValue[]): boolean {
  switch (op.family) {
    case 'String': {
      let text = scalarText(requestValue);
      if (op.like) {
        for (const value of values) {
          if (value.glob ? matchGlob(value.glob, text) : value.pattern !== undefined && matchesWildcard(value.pattern, text, false)) return true;
        }
        return false;
      }
      if (op.ignoreCase) text = text.toLowerCase();
      for (const value of values) if (value.text === text) return true;
      return false;
    }
    case 'Arn': {
      const text = scalarText(requestValue);
      for (const value of values) if (value.arn && matchArnPattern(value.arn, text)) return true;
      return false;
    }
    case 'Numeric':
    case 'Date': {
      const number = op.family === 'Numeric' ? readNumber(requestValue) : readDate(requestValue);
      if (number === undefined) return false;
      for (const value of values) if (value.number !== undefined && compareNumbers(op.comparison, number, value.number)) return true;
      return false;
    }
    case 'Bool': {
      const bool = readBool(requestValue);
      if (bool === undefined) return false;
      for (const value of values) if (value.bool === bool) return true;
      return false;
    }
    case 'Binary': {
      const binary = readBinary(requestValue);
      if (binary === undefined) return false;
      for (const value of values) if (value.binary === binary) return true;
      return false;
    }
    case 'IpAddress': {
      const ip = readRequestIp(requestValue);
      if (ip === undefined) return false;
      for (const value of values) if (value.ip && ipInRange(ip, value.ip)) return true;
      return false;
    }
    default:
      return false;
  }
}

function compareNumbers(comparison: string, request: number, policy: number): boolean {
  switch (comparison) {
    case 'equals':
      return request === policy;
    case 'lessThan':
      return request < policy;
    case 'lessThanEquals':
      return request <= policy;
    case 'greaterThan':
      return request > policy;
    case 'greaterThanEquals':
      return request >= policy;
    default:
      return false;
  }
}
