import { DeployString, type DeployPart, type DeployValue } from '../../account/deploy-time';
import { isObjectValue } from '../../account/deploy-time';
import { isKnownValue, setOf } from './values';

// Terraform's built-in functions (https://developer.hashicorp.com/terraform/language/functions) that modules use to
// build policy values, evaluated over known arguments as the documentation of each says. A function whose result an
// unknown argument could change answers undefined (known only at apply); the string functions that only place an
// argument in their result (`format("…%s…", var.x)`, `join`) make a string with that argument as an unknown part, as
// a template `"…${var.x}…"` does. Functions that read files or the clock, or whose arguments are wrong, answer undefined.

/** A function's value over its arguments' values; undefined when not known before apply (or not a function read here). */
export function functionResult(name: string, args: readonly DeployValue[]): DeployValue {
  const [first, second, third] = args;
  switch (name) {
    case 'tolist':
      // A set's elements in its order; a list as it is.
      return args.length === 1 && Array.isArray(first) ? [...first] : args.length === 1 && first === null ? null : undefined;
    case 'toset':
      return args.length === 1 && Array.isArray(first) ? setOf(first) : undefined;
    case 'tomap':
      return args.length === 1 && (isObjectValue(first) || first === null) ? first : undefined;
    case 'tostring':
      return args.length !== 1
        ? undefined
        : typeof first === 'number' || typeof first === 'boolean'
          ? String(first)
          : typeof first === 'string' || first === null || first instanceof DeployString
            ? first
            : undefined;
    case 'tonumber':
      return args.length !== 1
        ? undefined
        : typeof first === 'number' || first === null
          ? first
          : typeof first === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(first)
            ? Number(first)
            : undefined;
    case 'tobool':
      return args.length !== 1 ? undefined : typeof first === 'boolean' || first === null ? first : first === 'true' ? true : first === 'false' ? false : undefined;
    case 'concat':
      return args.every(Array.isArray) ? (args as DeployValue[][]).flat() : undefined;
    case 'flatten':
      return args.length === 1 && Array.isArray(first) ? flattenedList(first) : undefined;
    case 'distinct':
      return args.length === 1 && Array.isArray(first) && isKnownValue(first) ? distinctList(first) : undefined;
    case 'compact':
      return args.length === 1 && Array.isArray(first) ? compactList(first) : undefined;
    case 'sort':
      // Lexical order of strings (https://developer.hashicorp.com/terraform/language/functions/sort).
      return args.length === 1 && Array.isArray(first) && first.every((item) => typeof item === 'string') ? [...(first as string[])].sort(lexical) : undefined;
    case 'reverse':
      return args.length === 1 && Array.isArray(first) ? [...first].reverse() : undefined;
    case 'setunion': {
      const union = args.every(Array.isArray) ? setOf((args as DeployValue[][]).flat()) : undefined;
      return args.length > 0 ? union : undefined;
    }
    case 'coalescelist':
      // The first argument that is not an empty list; an unknown list before it could be the one.
      for (const list of args) {
        if (!Array.isArray(list)) return undefined;
        if (list.length > 0) return list;
      }
      return undefined;
    case 'join':
      return joined(args);
    // The AWS provider's own function (Terraform 1.8+): `arn_build(partition, service, region, account_id, resource)`
    // is the ARN of those parts. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/functions/arn_build
    case 'provider::aws::arn_build':
      return args.length === 5 ? joined([':', ['arn', ...args]]) : undefined;
    case 'split':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? second.split(first) : undefined;
    case 'format':
      return typeof first === 'string' ? formatted(first, args.slice(1)) : undefined;
    case 'formatlist':
      return typeof first === 'string' ? formattedList(first, args.slice(1)) : undefined;
    case 'upper':
    case 'lower': {
      if (args.length !== 1 || typeof first !== 'string') return undefined;
      return name === 'upper' ? first.toUpperCase() : first.toLowerCase();
    }
    case 'replace':
      return args.length === 3 && typeof first === 'string' && typeof second === 'string' && typeof third === 'string' ? replaced(first, second, third) : undefined;
    case 'trimprefix':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? (first.startsWith(second) ? first.slice(second.length) : first) : undefined;
    case 'trimsuffix':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? (second !== '' && first.endsWith(second) ? first.slice(0, -second.length) : first) : undefined;
    case 'trimspace':
      return args.length === 1 && typeof first === 'string' ? first.trim() : undefined;
    case 'startswith':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? first.startsWith(second) : undefined;
    case 'endswith':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? first.endsWith(second) : undefined;
    case 'strcontains':
      return args.length === 2 && typeof first === 'string' && typeof second === 'string' ? first.includes(second) : undefined;
    case 'merge': {
      // Null arguments are skipped; a later map's key replaces an earlier one's.
      const maps = args.filter((map) => map !== null);
      return maps.every(isObjectValue) ? Object.assign({}, ...maps) : undefined;
    }
    case 'zipmap': {
      if (args.length !== 2 || !Array.isArray(first) || !Array.isArray(second) || first.length !== second.length) return undefined;
      if (!first.every((key) => typeof key === 'string')) return undefined;
      return Object.fromEntries((first as string[]).map((key, index) => [key, second[index]]));
    }
    case 'substr': {
      // https://developer.hashicorp.com/terraform/language/functions/substr: offset and length in characters; a length
      // of -1 runs to the end.
      if (args.length !== 3 || typeof first !== 'string' || typeof second !== 'number' || typeof third !== 'number') return undefined;
      const characters = [...first];
      const start = second < 0 ? characters.length + second : second;
      if (!Number.isInteger(start) || !Number.isInteger(third) || start < 0 || start > characters.length || third < -1) return undefined;
      return characters.slice(start, third === -1 ? undefined : start + third).join('');
    }
    case 'length':
      return args.length !== 1 ? undefined : Array.isArray(first) ? first.length : isObjectValue(first) ? Object.keys(first).length : typeof first === 'string' ? [...first].length : undefined;
    case 'contains': {
      if (args.length !== 2 || !Array.isArray(first) || !isKnownValue(second)) return undefined;
      const wanted = JSON.stringify(second);
      if (first.some((item) => isKnownValue(item) && JSON.stringify(item) === wanted)) return true;
      // An element known only at apply may be the value.
      return first.every(isKnownValue) ? false : undefined;
    }
    case 'coalesce': {
      // The first argument that is not null or "": one known only at apply may be either, unless some of it is written.
      for (const value of args) {
        if (value === null || value === '') continue;
        if (value instanceof DeployString) return value.parts.some((part) => typeof part === 'string' && part !== '') ? value : undefined;
        return isKnownValue(value) ? value : undefined;
      }
      return undefined;
    }
    case 'one':
      return args.length === 1 && Array.isArray(first) && first.length <= 1 ? (first[0] ?? null) : undefined;
    case 'element':
      return args.length === 2 && Array.isArray(first) && first.length > 0 && typeof second === 'number' && Number.isInteger(second) && second >= 0 ? first[second % first.length] : undefined;
    case 'keys':
    case 'values': {
      // A map's keys in lexical order, and its values in the order of their keys.
      if (args.length !== 1 || !isObjectValue(first)) return undefined;
      const keys = Object.keys(first).sort(lexical);
      return name === 'keys' ? keys : keys.map((key) => first[key]);
    }
    case 'lookup':
      return isObjectValue(first) && typeof second === 'string' && (args.length === 2 || args.length === 3) ? (second in first ? first[second] : third) : undefined;
    case 'jsonencode':
      return args.length === 1 && isKnownValue(first) ? jsonEncoded(first) : undefined;
    default:
      return undefined;
  }
}

function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** https://developer.hashicorp.com/terraform/language/functions/flatten: lists inside lists, at any depth, spliced in. */
function flattenedList(list: readonly DeployValue[]): DeployValue[] {
  return list.flatMap((item) => (Array.isArray(item) ? flattenedList(item) : [item]));
}

/** https://developer.hashicorp.com/terraform/language/functions/distinct: the first of each value, in order. */
function distinctList(list: readonly DeployValue[]): DeployValue[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * https://developer.hashicorp.com/terraform/language/functions/compact: null and "" elements removed. A string known
 * only at apply stays when some of it is written (it cannot be ""); one wholly unknown may be "", so the list is unknown.
 */
function compactList(list: readonly DeployValue[]): DeployValue[] | undefined {
  const result: DeployValue[] = [];
  for (const item of list) {
    if (item === null || item === '') continue;
    if (typeof item === 'string' || (item instanceof DeployString && item.parts.some((part) => typeof part === 'string' && part !== ''))) result.push(item);
    else return undefined;
  }
  return result;
}

type StringPart = string | DeployPart;

/** The parts of a string value (written text and parts known only at apply), or undefined for any other value. */
function stringParts(value: DeployValue): StringPart[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value instanceof DeployString) return [...value.parts];
  return undefined;
}

/** Parts joined into a string, or into a DeployString when some are known only at apply. */
function stringOfParts(parts: readonly StringPart[]): string | DeployString {
  if (parts.every((part) => typeof part === 'string')) return parts.join('');
  const merged: StringPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  return new DeployString(merged);
}

/** https://developer.hashicorp.com/terraform/language/functions/join: `join(separator, lists...)`. */
function joined(args: readonly DeployValue[]): DeployValue {
  const [separator, ...lists] = args;
  if (typeof separator !== 'string' || lists.length === 0 || !lists.every(Array.isArray)) return undefined;
  const parts: StringPart[] = [];
  for (const [index, item] of (lists as DeployValue[][]).flat().entries()) {
    const itemParts = stringParts(item);
    if (!itemParts) return undefined;
    if (index > 0) parts.push(separator);
    parts.push(...itemParts);
  }
  return stringOfParts(parts);
}

/**
 * https://developer.hashicorp.com/terraform/language/functions/format: `%%`, `%s`, `%v` and `%d` of strings, numbers
 * and booleans, `%t`, `%q`, `%#v`, with `[n]` choosing an argument; a flag, width or precision (`%-8s`, `%.2f`) or
 * another verb is not read here (undefined). An unknown argument of `%s` or `%v` is an unknown part of the result.
 */
function formatted(spec: string, args: readonly DeployValue[]): string | DeployString | undefined {
  const parts: StringPart[] = [];
  let next = 0;
  let used = 0;
  const verb = /%(?:\[(\d+)\])?(#?)([a-zA-Z%])/y;
  let position = 0;
  while (position < spec.length) {
    const percent = spec.indexOf('%', position);
    if (percent === -1) {
      parts.push(spec.slice(position));
      break;
    }
    parts.push(spec.slice(position, percent));
    verb.lastIndex = percent;
    const match = verb.exec(spec);
    if (!match) return undefined;
    position = verb.lastIndex;
    const [, index, sharp, letter] = match;
    if (letter === '%') {
      if (index || sharp) return undefined;
      parts.push('%');
      continue;
    }
    if (index) next = Number(index) - 1;
    if (next < 0 || next >= args.length) return undefined;
    const value = args[next++];
    used = Math.max(used, next);
    const text = formattedValue(value, letter, sharp === '#');
    if (text === undefined) return undefined;
    parts.push(...text);
  }
  // Terraform reports arguments no verb uses as an error.
  if (used < args.length) return undefined;
  return stringOfParts(parts);
}

function formattedValue(value: DeployValue, letter: string, sharp: boolean): StringPart[] | undefined {
  if (sharp) return letter === 'v' && isKnownValue(value) ? [jsonEncoded(value)] : undefined;
  switch (letter) {
    case 's':
    case 'v':
      return stringParts(value);
    case 'd':
      return typeof value === 'number' && Number.isInteger(value) ? [String(value)] : typeof value === 'string' && /^-?\d+$/.test(value) ? [String(Number(value))] : undefined;
    case 't':
      return typeof value === 'boolean' ? [String(value)] : value === 'true' || value === 'false' ? [value] : undefined;
    case 'q':
      return typeof value === 'string' ? [JSON.stringify(value)] : undefined;
    default:
      return undefined;
  }
}

/**
 * https://developer.hashicorp.com/terraform/language/functions/formatlist: `format` once per element, the list
 * arguments taken element by element (all of one length) and the others repeated.
 */
function formattedList(spec: string, args: readonly DeployValue[]): DeployValue {
  const lengths = new Set(args.filter(Array.isArray).map((list) => list.length));
  if (lengths.size > 1) return undefined;
  const [length = 1] = lengths;
  const result: DeployValue[] = [];
  for (let index = 0; index < length; index++) {
    const value = formatted(
      spec,
      args.map((arg) => (Array.isArray(arg) ? arg[index] : arg)),
    );
    if (value === undefined) return undefined;
    result.push(value);
  }
  return result;
}

/**
 * https://developer.hashicorp.com/terraform/language/functions/replace: every occurrence of `substring`, or, written
 * `/…/`, of the regular expression (RE2 syntax). A pattern or replacement whose meaning differs between RE2 and
 * JavaScript (named groups, flags, `\A`, `$name`) is not read here.
 */
function replaced(value: string, substring: string, replacement: string): string | undefined {
  if (!(substring.length >= 2 && substring.startsWith('/') && substring.endsWith('/'))) return substring === '' ? undefined : value.split(substring).join(replacement);
  const pattern = substring.slice(1, -1);
  if (/\(\?|\\[AzZpPQE]|\[\[:/.test(pattern)) return undefined;
  // RE2 reads `$1x` as the group named `1x`; only `$n` followed by no name character, `${n}` and `$$` mean the same.
  if (/\$(?!\$|\d+(?![\w])|\{\d+\})/.test(replacement.replace(/\$\$/g, ''))) return undefined;
  let expression: RegExp;
  try {
    expression = new RegExp(pattern, 'gu');
  } catch {
    return undefined;
  }
  return value.replace(expression, replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
}

/**
 * https://developer.hashicorp.com/terraform/language/functions/jsonencode: compact JSON, object keys in lexical order,
 * and `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes.
 */
export function jsonEncoded(value: DeployValue): string {
  const sorted = (item: DeployValue): unknown =>
    Array.isArray(item)
      ? item.map(sorted)
      : isObjectValue(item)
        ? Object.fromEntries(
            Object.keys(item)
              .sort(lexical)
              .map((key) => [key, sorted(item[key])]),
          )
        : item;
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
