import type { StringValue } from './model';
import { hasPlaceholder } from './value-text';
import type { Span } from '../text/span';

/** An Action/NotAction value split into its service prefix and action name, with document offsets of each part. */
export interface ActionName {
  value: StringValue;
  prefix: string;
  name: string;
  prefixSpan: Span;
  nameSpan: Span;
  /** True when the prefix or the name contains `*` or `?`. */
  prefixHasWildcard: boolean;
  nameHasWildcard: boolean;
}

/**
 * Whether an Action value is written as IAM accepts it: `*`, or one colon between a service prefix of letters, digits
 * and hyphens and an action name of letters, digits, `_`, `.` and `-`, either with `*` and `?`. IAM rejects a policy
 * with any other (MalformedPolicyDocument); the action-format rule explains which part is wrong.
 */
export function isWellFormedAction(text: string): boolean {
  return WELL_FORMED_ACTION.test(text);
}

const WELL_FORMED_ACTION = /^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+)$/;

/**
 * Splits `service:Action` into its parts; undefined for `*` and for values that are not of that form
 * (the action-format rule explains those). Offsets assume the string has no escape sequences before the colon,
 * which holds for every valid action. One pass over the characters: this runs for every action of every policy.
 */
export function parseActionName(value: StringValue): ActionName | undefined {
  const text = value.value;
  let colon = -1;
  let firstWildcard = -1;
  let lastWildcard = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) {
      if (colon >= 0) return undefined;
      colon = i;
    } else if (c === 42 /* * */ || c === 63 /* ? */) {
      if (firstWildcard < 0) firstWildcard = i;
      lastWildcard = i;
    } else if (c <= 32 || (c >= 0x7f && isWhiteSpace(c))) {
      return undefined;
    }
  }
  if (colon <= 0 || colon === text.length - 1) return undefined;
  const contentStart = value.span.start + 1;
  return {
    value,
    prefix: text.slice(0, colon),
    name: text.slice(colon + 1),
    prefixSpan: value.mapSpan ? value.mapSpan(0, colon) : { start: contentStart, end: contentStart + colon },
    nameSpan: value.mapSpan ? value.mapSpan(colon + 1, text.length) : { start: contentStart + colon + 1, end: contentStart + text.length },
    prefixHasWildcard: firstWildcard >= 0 && firstWildcard < colon,
    nameHasWildcard: lastWildcard > colon,
  };
}

// The characters `\s` matches beyond ASCII, without a regex per character.
function isWhiteSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The Action and NotAction values of a statement. Values with a placeholder (a template's `!Ref ActionParam`) are
 * known only at deploy time, so they are left out: no action rule may call them unknown or malformed.
 */
export function actionValuesOf(statement: { action?: { values: StringValue[] }; notAction?: { values: StringValue[] } }): StringValue[] {
  const values = [...(statement.action?.values ?? []), ...(statement.notAction?.values ?? [])];
  return values.some(hasPlaceholder) ? values.filter((value) => !hasPlaceholder(value)) : values;
}
