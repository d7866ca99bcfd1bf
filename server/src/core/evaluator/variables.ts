import { scanPolicyVariables } from '../policy/policy-variables';
import type { ContextLookup } from './context';
import { literalTokens, patternTokens } from '../text/wildcard';
import { scalarText } from './values';

// Policy variables, substituted from the request context when a statement is evaluated.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// - Only policies with "Version": "2012-10-17" have variables; in older policies `${...}` is literal text.
// - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`: never wildcards.
// - A variable whose key is not in the request context takes its default (`${aws:username, 'anonymous'}`); without
//   one it matches nothing: a Resource pattern or positive condition value that holds it fails, and a negated
//   condition operator holds ("inverted condition operators ... do match against a null value"; see conditions.ts).
// - Multivalued keys cannot be used as variables, so a key with a list of values counts as unresolved.
// Substituted text is matched literally: a `*` in a tag value is that character, not a wildcard.

export interface VariablePart {
  /** The key as written, for messages. */
  readonly key: string;
  readonly lowerKey: string;
  readonly defaultValue?: string;
}

/** An escape: `${*}`, `${?}` or `${$}`. */
export interface EscapePart {
  readonly escape: string;
}

export type TemplatePart = string | VariablePart | EscapePart;

/** A value with policy variables or escapes, taken apart once. */
export interface Template {
  readonly parts: readonly TemplatePart[];
  /** Whether some part is a real variable (not only escapes), i.e. whether the value depends on the request. */
  readonly dynamic: boolean;
}

/** Takes `text` apart; undefined when it holds no well-formed `${...}` (malformed ones stay literal text). */
export function compileTemplate(text: string): Template | undefined {
  if (!text.includes('${')) return undefined;
  const { variables } = scanPolicyVariables(text);
  if (variables.length === 0) return undefined;
  const parts: TemplatePart[] = [];
  let from = 0;
  let dynamic = false;
  for (const variable of variables) {
    if (variable.start > from) parts.push(text.slice(from, variable.start));
    if (variable.literal) parts.push({ escape: variable.literal });
    else {
      dynamic = true;
      parts.push({ key: variable.name, lowerKey: variable.name.toLowerCase(), ...(variable.defaultValue !== undefined ? { defaultValue: variable.defaultValue } : {}) });
    }
    from = variable.end;
  }
  if (from < text.length) parts.push(text.slice(from));
  return { parts, dynamic };
}

/** The key of the last variable that `resolveText`/`resolveTokens` could not resolve, for explanations. */
export const lastUnresolved = { key: '' };

function variableValue(part: VariablePart, context: ContextLookup): string | undefined {
  const value = context.get(part.key, part.lowerKey);
  if (value !== undefined && !Array.isArray(value)) return scalarText(value as Exclude<typeof value, readonly unknown[]>);
  if (part.defaultValue !== undefined) return part.defaultValue;
  lastUnresolved.key = part.key;
  return undefined;
}

/** The value with variables and escapes replaced, for comparisons without wildcards; undefined when unresolved. */
export function resolveText(template: Template, context: ContextLookup): string | undefined {
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') text += part;
    else if ('escape' in part) text += part.escape;
    else {
      const value = variableValue(part, context);
      if (value === undefined) return undefined;
      text += value;
    }
  }
  return text;
}

/**
 * The value as a wildcard pattern string, when that is exact: undefined when a variable is unresolved, null when
 * the result would hold a literal `*` or `?` (an escape, or one in a substituted value) and needs `resolveTokens`.
 */
export function resolvePatternText(template: Template, context: ContextLookup): string | null | undefined {
  let text = '';
  for (const part of template.parts) {
    if (typeof part === 'string') text += part;
    else if ('escape' in part) {
      if (part.escape !== '$') return null;
      text += '$';
    } else {
      const value = variableValue(part, context);
      if (value === undefined) return undefined;
      if (value.includes('*') || value.includes('?')) return null;
      text += value;
    }
  }
  return text;
}

/**
 * The value as glob tokens: `*` and `?` written in the policy are wildcards, escapes and substituted text are
 * literal. Appends to `into`; false when a variable is unresolved.
 */
export function resolveTokens(template: Template, context: ContextLookup, into: number[]): boolean {
  for (const part of template.parts) {
    if (typeof part === 'string') patternTokens(part, into);
    else if ('escape' in part) into.push(part.escape.charCodeAt(0));
    else {
      const value = variableValue(part, context);
      if (value === undefined) return false;
      literalTokens(value, into);
    }
  }
  return true;
}

/** Tokens of a template whose only `${...}` are escapes (no request needed). */
export function staticTokens(template: Template, into: number[]): void {
  for (const part of template.parts) {
    if (typeof part === 'string') patternTokens(part, into);
    else if ('escape' in part) into.push(part.escape.charCodeAt(0));
  }
}
