import { parseConditionOperator, type ParsedConditionOperator } from '../policy/condition-operators';
import { isNumericValue } from '../policy/condition-values';
import type { ConditionKeyEntry, Statement } from '../policy/model';
import { matchesWildcard } from '../text/wildcard';
import type { Span } from '../text/span';
import type { Check } from './check';

/** One test of a key: an operator block's entry for it. */
interface KeyTest {
  operator: ParsedConditionOperator;
  entry: ConditionKeyEntry;
}

// Every key of a Condition must match for the statement to apply, and every operator block too
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html); two tests of
// one key that no request can pass together make the whole statement dead.
export const deadStatement: Check = {
  id: 'dead-statement',
  severity: 'warning',
  description:
    'A statement whose conditions contradict each other (a key required to be absent and to match, equal to values it must differ from, or above a number it must stay below) never applies to any request.',
  run({ policy, report }) {
    for (const statement of policy.statements) {
      const contradiction = findContradiction(statement);
      if (contradiction) report(contradiction.span, `${contradiction.reason}, so this statement never applies to any request. Remove or correct one of the tests.`);
    }
  },
};

function findContradiction(statement: Statement): { span: Span; reason: string } | undefined {
  // Two tests of one key are needed: most statements have no Condition or test one key, and need no map of tests.
  const operators = statement.condition?.operators;
  if (!operators) return undefined;
  let entries = 0;
  for (const block of operators) entries += block.keys.length;
  if (entries < 2) return undefined;
  const byKey = new Map<string, KeyTest[]>();
  for (const block of operators) {
    const operator = parseConditionOperator(block.operator);
    if (!operator) continue;
    for (const entry of block.keys) {
      // A key or value known only at deploy time (a template's `${…}`, a Terraform `var.x`) cannot be compared.
      if (entry.values.length === 0 || entry.key.includes('${') || entry.values.some((value) => value.placeholders?.length)) continue;
      const key = entry.key.toLowerCase();
      const tests = byKey.get(key);
      if (tests) tests.push({ operator, entry });
      else byKey.set(key, [{ operator, entry }]);
    }
  }
  for (const tests of byKey.values()) {
    if (tests.length < 2) continue;
    const found = mustBeAbsentAndPresent(tests) ?? equalAndDifferent(tests) ?? equalButUnlike(tests) ?? emptyRange(tests, 'Numeric') ?? emptyRange(tests, 'Date');
    if (found) return found;
  }
  return undefined;
}

const single = (test: KeyTest) => !test.operator.setQualifier && !test.operator.ifExists;
const literal = (value: string) => !value.includes('${');
const quote = (test: KeyTest) => `"${test.entry.key}"`;
const later = (a: KeyTest, b: KeyTest) => (a.entry.property.span.start > b.entry.property.span.start ? a : b);

/** `"Null": {"k": "true"}` beside a test that is false when the key is missing. */
function mustBeAbsentAndPresent(tests: KeyTest[]) {
  const absent = tests.find((t) => t.operator.family === 'Null' && !t.operator.setQualifier && t.entry.values.every((v) => v.value.toLowerCase() === 'true'));
  if (!absent) return undefined;
  const present = tests.find((t) => t.operator.family !== 'Null' && !t.operator.ifExists && !t.operator.negated && t.operator.setQualifier !== 'ForAllValues');
  if (!present) return undefined;
  return { span: later(absent, present).entry.property.keySpan, reason: `${quote(present)} must be absent ("Null": "true") and also pass "${present.operator.name}", which needs it present` };
}

/** A positive equality test whose every value a negated equality test of the same kind excludes. */
function equalAndDifferent(tests: KeyTest[]) {
  for (const equal of tests) {
    const { family, comparison, negated, ignoreCase } = equal.operator;
    if (!single(equal) || comparison !== 'equals' || negated || (family !== 'String' && family !== 'Numeric')) continue;
    const fold = (text: string) => (family === 'Numeric' ? String(Number(text)) : ignoreCase ? text.toLowerCase() : text);
    for (const different of tests) {
      const other = different.operator;
      if (different === equal || other.setQualifier || other.comparison !== 'equals' || !other.negated || other.family !== family || other.ignoreCase !== ignoreCase) continue;
      const excluded = new Set(different.entry.values.filter((v) => literal(v.value)).map((v) => fold(v.value)));
      if (equal.entry.values.every((v) => literal(v.value) && excluded.has(fold(v.value)))) {
        return { span: later(equal, different).entry.property.keySpan, reason: `${quote(equal)} must equal a value of "${equal.operator.name}" that "${other.name}" excludes` };
      }
    }
  }
  return undefined;
}

/** StringEquals values none of which a StringLike test's patterns match. */
function equalButUnlike(tests: KeyTest[]) {
  const equal = tests.find((t) => single(t) && t.operator.family === 'String' && t.operator.comparison === 'equals' && !t.operator.negated && !t.operator.ignoreCase);
  const like = tests.find((t) => single(t) && t.operator.family === 'String' && t.operator.like && !t.operator.negated);
  if (!equal || !like) return undefined;
  const values = equal.entry.values.map((v) => v.value);
  const patterns = like.entry.values.map((v) => v.value);
  if (![...values, ...patterns].every(literal) || values.some((v) => /[*?]/.test(v))) return undefined;
  if (values.some((value) => patterns.some((pattern) => matchesWildcard(pattern, value, false)))) return undefined;
  return { span: later(equal, like).entry.property.keySpan, reason: `none of the values "${equal.operator.name}" allows for ${quote(equal)} matches the patterns of "${like.operator.name}"` };
}

/** Lower and upper bounds on a number or date that no value meets. */
function emptyRange(tests: KeyTest[], family: 'Numeric' | 'Date') {
  let lower: { bound: number; strict: boolean; test: KeyTest } | undefined;
  let upper: { bound: number; strict: boolean; test: KeyTest } | undefined;
  for (const test of tests) {
    const { operator } = test;
    if (!single(test) || operator.family !== family || operator.negated) continue;
    const numbers = test.entry.values.map((v) => readBound(v.value, family));
    if (numbers.some((n) => n === undefined)) continue;
    const strict = operator.comparison === 'greaterThan' || operator.comparison === 'lessThan';
    // Values of one key are alternatives: the loosest bound counts.
    if (operator.comparison.startsWith('greaterThan')) {
      const bound = Math.min(...(numbers as number[]));
      if (!lower || bound > lower.bound || (bound === lower.bound && strict)) lower = { bound, strict, test };
    } else if (operator.comparison.startsWith('lessThan')) {
      const bound = Math.max(...(numbers as number[]));
      if (!upper || bound < upper.bound || (bound === upper.bound && strict)) upper = { bound, strict, test };
    }
  }
  if (!lower || !upper) return undefined;
  if (lower.bound < upper.bound || (lower.bound === upper.bound && !lower.strict && !upper.strict)) return undefined;
  return {
    span: later(lower.test, upper.test).entry.property.keySpan,
    reason: `${quote(lower.test)} must pass both "${lower.test.operator.name}" and "${upper.test.operator.name}", and no ${family === 'Date' ? 'date' : 'number'} does`,
  };
}

function readBound(value: string, family: 'Numeric' | 'Date'): number | undefined {
  if (family === 'Numeric') return isNumericValue(value) ? Number(value) : undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
