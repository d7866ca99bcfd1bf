import { parseConditionOperator, type ParsedConditionOperator } from '../policy/condition-operators';
import { parseIpRange, readDateText, readNumberText, type IpRange } from '../policy/condition-values';
import type { PrincipalElement } from '../policy/model';
import { arnPatternTokens, resourcePatternTokens } from '../evaluator/patterns';
import type { ContextValue } from '../evaluator/types';
import { findRegions, literalPattern, patternsIntersect, wildcardPattern, type RegionOptions, type TokenPattern } from './glob-regions';

/** The state budget and the work hook the search passes to every region walk. */
export type RegionLimits = Pick<RegionOptions, 'maxStates' | 'onWork'>;

// Representatives of one dimension of a request (the resource, the principal, one condition key), cut at the
// constants the statements in play use: every region of the dimension that the statements can tell apart gets at
// least one value. Membership is then asked of the evaluator's own matchers, so the regions only need to be
// complete, never clever. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

/** A dimension the check cannot split exactly: the check answers UNKNOWN with this reason. */
export class UnknownRegionError extends Error {}

/** How many sets of values of a multivalued key the set search tries at most; past it the check is UNKNOWN. */
export const MAX_SET_VALUES = 4096;

/**
 * Resource representatives for the Resource/NotResource values of the statements in play (and the resources a
 * check asks about): one list of patterns per statement, since a statement matches when any of its values does.
 */
export function resourceRepresentatives(groups: readonly (readonly string[])[], limits: RegionLimits = {}, require?: readonly number[]): string[] {
  const patterns: TokenPattern[] = [];
  const groupOf: number[] = [];
  groups.forEach((texts, group) => {
    for (const text of texts) {
      if (text.includes('${')) throw new UnknownRegionError(`the resource "${text}" holds a policy variable, which couples it with the request context`);
      patterns.push({ tokens: resourcePatternTokens(text), ignoreCase: false });
      groupOf.push(group);
    }
  });
  if (!require) return findRegions(patterns, { groups: groupOf, ...limits }).map((region) => region.text);
  // Region pruning: a pattern that meets no pattern of a group every representative must match never matches one;
  // its group is false throughout, with or without it, so the walk leaves it out (a statement of 80 document ARNs
  // beside one automation ARN no longer multiplies the walk's work).
  const required = require.map((group) => patterns.filter((_, i) => groupOf[i] === group));
  const kept = patterns.map((pattern, i) => require.includes(groupOf[i]) || required.every((list) => list.some((other) => patternsIntersect(pattern, other, limits))));
  return findRegions(
    patterns.filter((_, i) => kept[i]),
    { groups: groupOf.filter((_, i) => kept[i]), ...limits, require },
  ).map((region) => region.text);
}

/** One condition key as a statement tests it: the operator and the values as written. */
export interface KeyTest {
  readonly operator: string;
  readonly values: readonly string[];
}

/**
 * Representatives of one condition key: `null` (absent), and values covering every region the tests' constants
 * cut out. A multivalued key (the catalog's ArrayOf… types, `multivaluedKey`, or some test uses ForAllValues/
 * ForAnyValue) takes sets of region representatives: every set of at most as many regions as there are distinct tests.
 * That is enough: each test's truth on a set depends only on whether some member lies in its region (ForAnyValue and a
 * plain operator: some member matches; negated or ForAllValues: no member outside), so one member per test that
 * some member decides keeps every test's truth. A plain operator on a multivalued key reads the request's values the
 * way the evaluator does (core/evaluator/conditions.ts): "some value matches", negated "no value matches"; two plain
 * tests on one key (`StringEquals aws:TagKeys a` in an Allow, `StringEquals aws:TagKeys b` in a Deny) can then
 * both hold on one request, which single values never show.
 */
export function conditionRepresentatives(key: string, tests: readonly KeyTest[], limits: RegionLimits = {}, multivaluedKey = false): ContextValue[] {
  const families = new Set<string>();
  let multivalued = multivaluedKey;
  const ops: { op: ParsedConditionOperator; values: readonly string[] }[] = [];
  for (const test of tests) {
    const op = parseConditionOperator(test.operator);
    if (!op) continue;
    if (test.values.some((value) => value.includes('${'))) throw new UnknownRegionError(`the condition on ${key} holds a policy variable, which couples it with other keys`);
    if (op.setQualifier) multivalued = true;
    if (op.family !== 'Null') families.add(op.family === 'Arn' ? 'String' : op.family);
    ops.push({ op, values: test.values });
  }
  if (families.size > 1) throw new UnknownRegionError(`${key} is compared as ${[...families].join(' and ')} at once, which this check does not split`);
  const family = [...families][0];
  let singles: string[];
  switch (family) {
    case 'String':
      singles = stringRepresentatives(ops, limits);
      break;
    case 'Numeric':
      singles = numberPoints(ops.flatMap(({ values }) => values.map(readNumberText))).map(String);
      break;
    case 'Date':
      singles = numberPoints(ops.flatMap(({ values }) => values.map(readDateText))).map((ms) => new Date(ms).toISOString());
      break;
    case 'Bool':
      singles = ['true', 'false'];
      break;
    case 'IpAddress':
      singles = ipRepresentatives(ops.flatMap(({ values }) => values.map(parseIpRange)));
      break;
    case 'Binary':
      singles = binaryRepresentatives(ops.flatMap(({ values }) => values));
      break;
    default:
      singles = ['present'];
  }
  const result: ContextValue[] = [null];
  if (!multivalued) return result.concat(singles);
  const distinct = new Set(ops.map(({ op, values }) => JSON.stringify([op.setQualifier ?? '', op.family, op.negated, op.like ?? false, op.ignoreCase ?? false, [...values].sort()])));
  const largest = Math.max(1, Math.min(distinct.size, singles.length));
  let count = 0;
  for (let size = 1, ways = 1; size <= largest; size++) count += ways = (ways * (singles.length - size + 1)) / size;
  if (count > MAX_SET_VALUES) {
    throw new UnknownRegionError(`${key} is multivalued with ${singles.length} regions and ${distinct.size} tests; the set search stops at ${MAX_SET_VALUES.toLocaleString('en-US')} sets`);
  }
  // Sets by size, smallest first, so a witness names as few values as it can.
  const pick = (start: number, size: number, chosen: string[]): void => {
    if (chosen.length === size) {
      result.push([...chosen]);
      return;
    }
    for (let i = start; i <= singles.length - (size - chosen.length); i++) {
      chosen.push(singles[i]);
      pick(i + 1, size, chosen);
      chosen.pop();
    }
  };
  for (let size = 1; size <= largest; size++) pick(0, size, []);
  return result;
}

function stringRepresentatives(ops: readonly { op: ParsedConditionOperator; values: readonly string[] }[], limits: RegionLimits): string[] {
  // One group per test: a test holds when some value matches (or, negated, none does), so only the union counts.
  const patterns: TokenPattern[] = [];
  const groupOf: number[] = [];
  ops.forEach(({ op, values }, group) => {
    for (const value of values) {
      if (op.family === 'Arn') {
        const tokens = arnPatternTokens(value);
        if (tokens) {
          patterns.push({ tokens, ignoreCase: false });
          groupOf.push(group);
        }
      } else if (op.family === 'String') {
        patterns.push(op.like ? wildcardPattern(value, false) : literalPattern(value, op.ignoreCase));
        groupOf.push(group);
      }
    }
  });
  // Tests without a usable value leave holes in the group numbering; findRegions only needs each group once.
  const used = [...new Set(groupOf)];
  return findRegions(patterns, { groups: groupOf.map((group) => used.indexOf(group)), ...limits }).map((region) => region.text);
}

/** Points of the number line cut at the constants: below, at, between and above them. */
function numberPoints(constants: readonly (number | undefined)[]): number[] {
  const sorted = [...new Set(constants.filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  if (sorted.length === 0) return [0];
  const points = [sorted[0] - 1];
  for (let i = 0; i < sorted.length; i++) {
    points.push(sorted[i]);
    points.push(i + 1 < sorted.length ? (sorted[i] + sorted[i + 1]) / 2 : sorted[i] + 1);
  }
  return points;
}

/** Addresses at, just inside and just outside every range, plus one address of the other IP version. */
function ipRepresentatives(ranges: readonly (IpRange | undefined)[]): string[] {
  const v4: bigint[] = [0n, (1n << 32n) - 1n];
  const v6: bigint[] = [0n, 1n, (1n << 128n) - 1n];
  for (const range of ranges) {
    if (!range) continue;
    const bits = range.version === 4 ? 32 : 128;
    let start = 0n;
    for (const byte of range.bytes) start = (start << 8n) | BigInt(byte);
    const hostBits = BigInt(bits - range.prefixLength);
    start = (start >> hostBits) << hostBits;
    const end = start + (1n << hostBits) - 1n;
    const max = (1n << BigInt(bits)) - 1n;
    const list = range.version === 4 ? v4 : v6;
    for (const point of [start - 1n, start, end, end + 1n]) if (point >= 0n && point <= max) list.push(point);
  }
  const text4 = [...new Set(v4)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(formatIpv4);
  const text6 = [...new Set(v6)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(formatIpv6);
  return [...text4, ...text6];
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function formatIpv6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

function binaryRepresentatives(values: readonly string[]): string[] {
  const result = [...new Set(values)];
  for (const candidate of ['AA==', 'AQ==', 'Ag==']) {
    if (!result.includes(candidate)) {
      result.push(candidate);
      break;
    }
  }
  return result;
}

/** A principal that no Principal element names: an IAM user of an account no policy mentions. */
export function freshAccount(named: ReadonlySet<string>): string {
  for (let n = 999_999_999_999; ; n--) if (!named.has(String(n))) return String(n);
}

/** Every 12-digit account ID a text mentions. */
export function accountsIn(text: string): string[] {
  return text.match(/(?<!\d)\d{12}(?!\d)/g) ?? [];
}

/**
 * Principal representatives for the Principal/NotPrincipal elements in play: each named principal, a role's
 * session, another principal of each named account, a service no element names, and an outsider account and the
 * anonymous caller (`undefined`).
 */
export function principalRepresentatives(elements: readonly PrincipalElement[], namedAccounts: ReadonlySet<string>): (string | undefined)[] {
  const result = new Set<string | undefined>([undefined]);
  const outsider = freshAccount(namedAccounts);
  result.add(`arn:aws:iam::${outsider}:user/witness`);
  result.add(`arn:aws:iam::${outsider}:root`);
  result.add('witness.amazonaws.com');
  for (const element of elements) {
    for (const entry of element.entries) {
      for (const { value } of entry.values) {
        if (value === '*') continue;
        if (entry.type !== 'AWS') {
          result.add(value);
          continue;
        }
        const account = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
        if (account) {
          result.add(`arn:aws:iam::${account}:root`);
          result.add(`arn:aws:iam::${account}:user/witness`);
        }
        if (value.startsWith('arn:')) result.add(value);
        const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
        if (role) result.add(`arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/witness`);
      }
    }
  }
  return [...result];
}
