import { closestMatches } from '../text/suggest';
import { detached } from '../text/detached';

// The IAM condition operators, from "IAM JSON policy elements: Condition operators" in the IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Checks, completion, hover and the evaluator all read this one table.

/** The category an operator belongs to; it decides how IAM reads the values. */
export type ConditionOperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** What an operator compares. Negation is separate (`negated`), so StringNotLike is a negated `like`. */
export type ConditionComparison =
  | 'equals'
  | 'like'
  | 'lessThan'
  | 'lessThanEquals'
  | 'greaterThan'
  | 'greaterThanEquals'
  /** IpAddress: the request's address lies in the range. */
  | 'inRange'
  /** Null: whether the key is absent from the request context. */
  | 'absent';

/** `ForAllValues:` and `ForAnyValue:`, which compare each value of a multivalued key. */
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export const setQualifiers: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];

/** One base operator, without set qualifier or IfExists suffix. */
export interface ConditionOperatorDefinition {
  /** As AWS spells it; operator names are case-sensitive. */
  readonly name: string;
  readonly family: ConditionOperatorFamily;
  readonly comparison: ConditionComparison;
  /** True for the Not forms: the condition matches when the comparison fails (and when the key is missing). */
  readonly negated: boolean;
  readonly ignoreCase: boolean;
  /** Whether `*` and `?` in the policy's values are wildcards; elsewhere they are literal characters. */
  readonly wildcards: boolean;
  /** Whether IAM substitutes `${…}` policy variables in the values. */
  readonly policyVariables: boolean;
  /** Whether the `IfExists` suffix may follow the name (every operator except Null). */
  readonly ifExists: boolean;
  /** One sentence for hover and completion. */
  readonly description: string;
}

/** An operator as written in a Condition block, taken apart. */
export interface ParsedConditionOperator {
  /** The whole name as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly name: string;
  /** The base operator name, e.g. `StringLike`. */
  readonly base: string;
  readonly definition: ConditionOperatorDefinition;
  readonly family: ConditionOperatorFamily;
  readonly comparison: ConditionComparison;
  readonly negated: boolean;
  readonly ignoreCase: boolean;
  /** Whether `*` and `?` in the values are wildcards (the Like operators and all ARN operators). */
  readonly like: boolean;
  readonly policyVariables: boolean;
  /** True with the `IfExists` suffix: a missing key makes the condition true. */
  readonly ifExists: boolean;
  readonly setQualifier?: SetQualifier;
}

type Definition = Omit<ConditionOperatorDefinition, 'ifExists' | 'policyVariables'> & { policyVariables?: boolean };

// Policy variables: the operator page of the IAM User Guide says String, ARN and Boolean conditions take them and
// Numeric, Date, Binary, IP address and Null conditions do not. (The policy variables page and IAM Access Analyzer
// leave Boolean out; we follow the operator page so that no working Bool condition is reported.)
const variablesByFamily: Record<ConditionOperatorFamily, boolean> = {
  String: true,
  Arn: true,
  Bool: true,
  Numeric: false,
  Date: false,
  Binary: false,
  IpAddress: false,
  Null: false,
};

const definitions: Definition[] = [
  {
    name: 'StringEquals',
    family: 'String',
    comparison: 'equals',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: 'The value equals one of the strings, exactly and case-sensitively.',
  },
  {
    name: 'StringNotEquals',
    family: 'String',
    comparison: 'equals',
    negated: true,
    ignoreCase: false,
    wildcards: false,
    description: 'The value equals none of the strings (case-sensitive); also true when the key is missing.',
  },
  { name: 'StringEqualsIgnoreCase', family: 'String', comparison: 'equals', negated: false, ignoreCase: true, wildcards: false, description: 'The value equals one of the strings, ignoring case.' },
  {
    name: 'StringNotEqualsIgnoreCase',
    family: 'String',
    comparison: 'equals',
    negated: true,
    ignoreCase: true,
    wildcards: false,
    description: 'The value equals none of the strings, ignoring case; also true when the key is missing.',
  },
  {
    name: 'StringLike',
    family: 'String',
    comparison: 'like',
    negated: false,
    ignoreCase: false,
    wildcards: true,
    description: 'The value matches one of the patterns, case-sensitively; * matches any run of characters and ? one character.',
  },
  {
    name: 'StringNotLike',
    family: 'String',
    comparison: 'like',
    negated: true,
    ignoreCase: false,
    wildcards: true,
    description: 'The value matches none of the patterns (case-sensitive, with * and ?); also true when the key is missing.',
  },
  { name: 'NumericEquals', family: 'Numeric', comparison: 'equals', negated: false, ignoreCase: false, wildcards: false, description: 'The number equals one of the values.' },
  {
    name: 'NumericNotEquals',
    family: 'Numeric',
    comparison: 'equals',
    negated: true,
    ignoreCase: false,
    wildcards: false,
    description: 'The number equals none of the values; also true when the key is missing.',
  },
  { name: 'NumericLessThan', family: 'Numeric', comparison: 'lessThan', negated: false, ignoreCase: false, wildcards: false, description: 'The number is less than the value.' },
  {
    name: 'NumericLessThanEquals',
    family: 'Numeric',
    comparison: 'lessThanEquals',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: 'The number is less than or equal to the value.',
  },
  { name: 'NumericGreaterThan', family: 'Numeric', comparison: 'greaterThan', negated: false, ignoreCase: false, wildcards: false, description: 'The number is greater than the value.' },
  {
    name: 'NumericGreaterThanEquals',
    family: 'Numeric',
    comparison: 'greaterThanEquals',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: 'The number is greater than or equal to the value.',
  },
  { name: 'DateEquals', family: 'Date', comparison: 'equals', negated: false, ignoreCase: false, wildcards: false, description: 'The date and time equal the value (ISO 8601 or epoch seconds).' },
  {
    name: 'DateNotEquals',
    family: 'Date',
    comparison: 'equals',
    negated: true,
    ignoreCase: false,
    wildcards: false,
    description: 'The date and time differ from the value; also true when the key is missing.',
  },
  { name: 'DateLessThan', family: 'Date', comparison: 'lessThan', negated: false, ignoreCase: false, wildcards: false, description: 'The date and time are before the value.' },
  { name: 'DateLessThanEquals', family: 'Date', comparison: 'lessThanEquals', negated: false, ignoreCase: false, wildcards: false, description: 'The date and time are at or before the value.' },
  { name: 'DateGreaterThan', family: 'Date', comparison: 'greaterThan', negated: false, ignoreCase: false, wildcards: false, description: 'The date and time are after the value.' },
  { name: 'DateGreaterThanEquals', family: 'Date', comparison: 'greaterThanEquals', negated: false, ignoreCase: false, wildcards: false, description: 'The date and time are at or after the value.' },
  { name: 'Bool', family: 'Bool', comparison: 'equals', negated: false, ignoreCase: false, wildcards: false, description: 'The Boolean key is "true" or "false" as given.' },
  {
    name: 'BinaryEquals',
    family: 'Binary',
    comparison: 'equals',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: 'The binary value equals, byte for byte, the base64-encoded value.',
  },
  {
    name: 'IpAddress',
    family: 'IpAddress',
    comparison: 'inRange',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: 'The IP address lies in one of the CIDR ranges (IPv4 or IPv6; a bare address means /32).',
  },
  {
    name: 'NotIpAddress',
    family: 'IpAddress',
    comparison: 'inRange',
    negated: true,
    ignoreCase: false,
    wildcards: false,
    description: 'The IP address lies in none of the CIDR ranges; also true when the key is missing.',
  },
  // ArnEquals and ArnLike behave the same: both match each of the six colon-separated parts with * and ?.
  {
    name: 'ArnEquals',
    family: 'Arn',
    comparison: 'like',
    negated: false,
    ignoreCase: false,
    wildcards: true,
    description: 'The ARN matches one of the values, part by part, case-sensitively, with * and ? wildcards (same as ArnLike).',
  },
  {
    name: 'ArnLike',
    family: 'Arn',
    comparison: 'like',
    negated: false,
    ignoreCase: false,
    wildcards: true,
    description: 'The ARN matches one of the values, part by part, case-sensitively, with * and ? wildcards.',
  },
  {
    name: 'ArnNotEquals',
    family: 'Arn',
    comparison: 'like',
    negated: true,
    ignoreCase: false,
    wildcards: true,
    description: 'The ARN matches none of the values (same as ArnNotLike); also true when the key is missing.',
  },
  {
    name: 'ArnNotLike',
    family: 'Arn',
    comparison: 'like',
    negated: true,
    ignoreCase: false,
    wildcards: true,
    description: 'The ARN matches none of the values, part by part, with * and ? wildcards; also true when the key is missing.',
  },
  {
    name: 'Null',
    family: 'Null',
    comparison: 'absent',
    negated: false,
    ignoreCase: false,
    wildcards: false,
    description: '"true" when the key must be absent from the request, "false" when it must be present.',
  },
];

/** Every base operator, in the order of the IAM User Guide. */
export const conditionOperators: readonly ConditionOperatorDefinition[] = Object.freeze(
  definitions.map((d) => Object.freeze({ ...d, policyVariables: d.policyVariables ?? variablesByFamily[d.family], ifExists: d.family !== 'Null' })),
);

const byName = new Map(conditionOperators.map((d) => [d.name, d]));

/** The base operator named exactly `name` (no qualifier, no suffix), or undefined. */
export function findConditionOperator(name: string): ConditionOperatorDefinition | undefined {
  return byName.get(name);
}

const IF_EXISTS = 'IfExists';

/**
 * Takes a Condition operator apart: `ForAnyValue:StringLikeIfExists` gives base `StringLike` with qualifier and
 * suffix. Names are case-sensitive, as IAM reads them (it rejects `stringEquals`). Gives undefined for anything
 * IAM does not accept, including `NullIfExists`.
 */
export function parseConditionOperator(name: string): ParsedConditionOperator | undefined {
  let parsed = parsedOperators.get(name);
  if (parsed === undefined) {
    // The answer is made of slices of the name parsed: of a copy, lest it keep the policy text alive.
    const kept = detached(name);
    parsed = takeOperatorApart(kept) ?? null;
    if (parsedOperators.size >= parsedOperatorLimit) parsedOperators.clear();
    parsedOperators.set(kept, parsed);
  }
  return parsed ?? undefined;
}

// The rules ask about each operator of each statement, several rules each, and the names repeat across statements and
// policies: one answer per name, shared (do not modify it). Bounded, so a hostile file cannot grow it without end.
const parsedOperators = new Map<string, ParsedConditionOperator | null>();
const parsedOperatorLimit = 1000;

function takeOperatorApart(name: string): ParsedConditionOperator | undefined {
  let rest = name;
  let setQualifier: SetQualifier | undefined;
  for (const qualifier of setQualifiers) {
    if (rest.startsWith(`${qualifier}:`)) {
      setQualifier = qualifier;
      rest = rest.slice(qualifier.length + 1);
      break;
    }
  }
  let definition = byName.get(rest);
  let ifExists = false;
  if (!definition && rest.endsWith(IF_EXISTS)) {
    definition = byName.get(rest.slice(0, -IF_EXISTS.length));
    if (definition && !definition.ifExists) return undefined;
    ifExists = definition !== undefined;
  }
  if (!definition) return undefined;
  return {
    name,
    base: definition.name,
    definition,
    family: definition.family,
    comparison: definition.comparison,
    negated: definition.negated,
    ignoreCase: definition.ignoreCase,
    like: definition.wildcards,
    policyVariables: definition.policyVariables,
    ifExists,
    ...(setQualifier ? { setQualifier } : {}),
  };
}

/** Builds an operator name from its parts: `formatConditionOperator('StringLike', { ifExists: true })` gives `StringLikeIfExists`. */
export function formatConditionOperator(base: string, parts: { setQualifier?: SetQualifier; ifExists?: boolean } = {}): string {
  return `${parts.setQualifier ? `${parts.setQualifier}:` : ''}${base}${parts.ifExists ? IF_EXISTS : ''}`;
}

/** Whether `name` is Null with the IfExists suffix (with or without a set qualifier), which IAM rejects. */
export function isNullWithIfExists(name: string): boolean {
  return /^(?:(?:ForAllValues|ForAnyValue):)?NullIfExists$/.test(name);
}

let allNames: string[] | undefined;

/** Every valid operator name: each base operator with and without IfExists, each alone and with both set qualifiers. */
export function allConditionOperatorNames(): readonly string[] {
  if (!allNames) {
    allNames = [];
    for (const qualifier of [undefined, ...setQualifiers]) {
      for (const definition of conditionOperators) {
        allNames.push(formatConditionOperator(definition.name, { setQualifier: qualifier }));
        if (definition.ifExists) allNames.push(formatConditionOperator(definition.name, { setQualifier: qualifier, ifExists: true }));
      }
    }
  }
  return allNames;
}

/**
 * Valid operator names close to an invalid one, best first: case slips (`stringEquals`), a set qualifier
 * without its colon or with the wrong case (`forallvalues:StringLike`), and small misspellings.
 */
export function suggestConditionOperators(name: string): string[] {
  let suggestions = suggestionCache.get(name);
  if (!suggestions) {
    suggestions = computeSuggestions(name);
    // Misspellings repeat across keystrokes; the cap keeps a long session from growing the cache without end.
    if (suggestionCache.size >= 1_000) suggestionCache.clear();
    suggestionCache.set(name, suggestions);
  }
  return [...suggestions];
}

const suggestionCache = new Map<string, string[]>();

function computeSuggestions(name: string): string[] {
  // Nothing close to an operator name is hundreds of characters long; the edit distance would only cost time.
  if (name.length > 100) return [];
  const names = allConditionOperatorNames();
  const lower = name.toLowerCase();
  const sameLetters = names.filter((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters.length > 0) return sameLetters;
  // A qualifier written without its colon or with spaces: "ForAllValues StringEquals", "ForAnyValueStringLike".
  const qualified = /^\s*for\s*(all\s*values?|any\s*values?)\s*:?\s*(.+)$/i.exec(name);
  if (qualified) {
    const qualifier: SetQualifier = qualified[1].toLowerCase().startsWith('all') ? 'ForAllValues' : 'ForAnyValue';
    const rest = qualified[2].trim().toLowerCase();
    const base = names.find((candidate) => !candidate.includes(':') && candidate.toLowerCase() === rest);
    if (base) return [`${qualifier}:${base}`];
  }
  return closestMatches(name.trim(), names, 3);
}

/** The Like form of a String operator (StringEquals → StringLike, StringNotEquals → StringNotLike); undefined when none exists. */
export function likeVariantOf(definition: ConditionOperatorDefinition): ConditionOperatorDefinition | undefined {
  if (definition.family !== 'String' || definition.wildcards || definition.ignoreCase) return undefined;
  return byName.get(definition.negated ? 'StringNotLike' : 'StringLike');
}
