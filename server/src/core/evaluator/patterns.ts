import { splitArn } from '../policy/arn';
import type { ContextLookup } from './context';
import { compileGlob, compileTokens, matchesWildcard, matchGlob, ONE, patternTokens, SEGMENT_ONE, SEGMENT_STAR, STAR, type Glob } from '../text/wildcard';
import { compileTemplate, resolvePatternText, resolveTokens, staticTokens, type Template } from './variables';

// Resource ARNs and ARN condition values, matched as AWS documents:
// - Resource element (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
//   "You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts separated by
//   colons) ... If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
//   colon boundaries." So a `*` in the first five segments that is followed by more of its own segment stays in it;
//   a `*` that ends a segment, and anything in the resource part, may span `:` and `/`. Variables only in the
//   resource part ("only in the resource portion of the ARN ... after the fifth colon", variables page).
// - ARN condition operators (reference_policies_elements_condition_operators.html#Conditions_ARN): "Each of the six
//   colon-delimited components of the ARN is checked separately", so wildcards never cross the first five colons.

/** Result of matching a pattern that may hold variables. */
export const NO_MATCH = 0;
export const MATCH = 1;
/** A variable without a value in the request context: the pattern matches nothing. */
export const UNRESOLVED = 2;

const COLON = 58;

/** A glob for tokens: plain strings when nothing is literal-only or segment-bound, token matching otherwise. */
export function globOfTokens(tokens: number[], ignoreCase = false): Glob {
  let plain = true;
  for (const token of tokens) {
    if (token === 42 || token === 63 || token === SEGMENT_STAR || token === SEGMENT_ONE) {
      plain = false;
      break;
    }
  }
  if (!plain) return compileTokens(Int32Array.from(tokens), ignoreCase);
  let text = '';
  for (const token of tokens) text += token === STAR ? '*' : token === ONE ? '?' : String.fromCharCode(token);
  return compileGlob(text, ignoreCase);
}

/** Marks the wildcards of the first five ARN segments that may not cross a colon (see the Resource rule above). */
function bindResourceSegments(tokens: number[]): void {
  let colons = 0;
  for (let i = 0; i < tokens.length && colons < 5; i++) {
    const token = tokens[i];
    if (token === COLON) colons++;
    else if (token === STAR && i + 1 < tokens.length && tokens[i + 1] !== COLON) tokens[i] = SEGMENT_STAR;
    else if (token === ONE) tokens[i] = SEGMENT_ONE;
  }
}

/** Whether `bindResourceSegments` would bind a wildcard of the pattern text (read as `patternTokens` reads it). */
function bindsSegments(text: string): boolean {
  let colons = 0;
  for (let i = 0; i < text.length && colons < 5; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON) colons++;
    else if (code === 42 && i + 1 < text.length && text.charCodeAt(i + 1) !== COLON) return true;
    else if (code === 63) return true;
  }
  return false;
}

const API_SHORTHAND = 'execute-api:/';

/** `execute-api:/stage/METHOD/path` as the ARN pattern it stands for: any Region, account and API ID. */
function apiArnPattern(shorthand: string): string {
  return `arn:*:execute-api:*:*:*${shorthand.slice(API_SHORTHAND.length - 1)}`;
}

export interface ResourcePattern {
  readonly text: string;
  /** Set when the pattern does not depend on the request. */
  readonly glob?: Glob;
  /** Request-dependent patterns: the tokens before the resource part, and the resource part's template. */
  readonly head?: readonly number[];
  /** The text before the resource part, when its wildcards may all cross colons (so a plain pattern string works). */
  readonly headText?: string;
  readonly template?: Template;
}

/** Compiles a Resource/NotResource value. `variables` is false for policies older than 2012-10-17. */
export function compileResourcePattern(text: string, variables: boolean): ResourcePattern {
  if (text === '*') return { text, glob: compileGlob('*') };
  // API Gateway's shorthand for its own API in a resource policy, `execute-api:/stage/METHOD/path`, which it saves as
  // the API's ARN: the policy is the API's, so any Region, account and API ID of a request to it.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
  if (text.startsWith(API_SHORTHAND)) return { ...compileResourcePattern(apiArnPattern(text), variables), text };
  const hasVariable = variables && text.includes('${');
  // Most values have no variable and no wildcard that `bindResourceSegments` would bind: their tokens spell the text
  // itself, so the glob is compiled from it directly.
  if (!hasVariable && !bindsSegments(text)) return { text, glob: compileGlob(text) };
  const tokens: number[] = [];
  const fields = hasVariable ? splitArn(text) : undefined;
  const template = fields && fields.length === 6 ? compileTemplate(fields[5].text) : undefined;
  if (!fields || !template) {
    patternTokens(text, tokens);
    bindResourceSegments(tokens);
    return { text, glob: globOfTokens(tokens) };
  }
  patternTokens(text.slice(0, fields[5].start), tokens);
  bindResourceSegments(tokens);
  if (!template.dynamic) {
    staticTokens(template, tokens);
    return { text, glob: globOfTokens(tokens) };
  }
  const plainHead = tokens.every((token) => token !== SEGMENT_STAR && token !== SEGMENT_ONE);
  return { text, head: tokens, template, ...(plainHead ? { headText: text.slice(0, fields[5].start) } : {}) };
}

/**
 * The tokens a Resource value without policy variables matches with (the stars of the first five segments bound to
 * their segment), for exact comparisons of patterns (core/access-checks).
 */
export function resourcePatternTokens(text: string): number[] {
  const tokens: number[] = [];
  if (text === '*') return [STAR];
  if (text.startsWith(API_SHORTHAND)) return resourcePatternTokens(apiArnPattern(text));
  patternTokens(text, tokens);
  bindResourceSegments(tokens);
  return tokens;
}

/** MATCH, NO_MATCH or UNRESOLVED. */
export function matchResourcePattern(pattern: ResourcePattern, resource: string, context: ContextLookup): number {
  if (pattern.glob) return matchGlob(pattern.glob, resource) ? MATCH : NO_MATCH;
  if (pattern.headText !== undefined) {
    const rest = resolvePatternText(pattern.template!, context);
    if (rest === undefined) return UNRESOLVED;
    if (rest !== null) return matchesWildcard(pattern.headText + rest, resource, false) ? MATCH : NO_MATCH;
  }
  const tokens = pattern.head!.slice();
  if (!resolveTokens(pattern.template!, context, tokens)) return UNRESOLVED;
  return matchGlob(globOfTokens(tokens), resource) ? MATCH : NO_MATCH;
}

/** An ARN condition value compiled for its six segments. */
export interface ArnPattern {
  /** The literal text up to and including the fifth colon, when the first five segments hold no wildcard. */
  readonly prefix?: string;
  /** The glob for the rest (after `prefix`), or for the whole ARN with segment-bound wildcards. */
  readonly glob: Glob;
  /** Fewer than six segments: matches nothing (a lone `*` matches everything). */
  readonly never?: boolean;
}

/** Compiles the tokens of an ArnEquals/ArnLike value (after variables were substituted). */
export function compileArnPattern(tokens: number[]): ArnPattern {
  if (tokens.length === 1 && tokens[0] === STAR) return { glob: compileGlob('*') };
  let colons = 0;
  let headEnd = -1;
  let headHasWildcard = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === COLON) {
      if (++colons === 5) {
        headEnd = i + 1;
        break;
      }
    } else if (token === STAR) {
      tokens[i] = SEGMENT_STAR;
      headHasWildcard = true;
    } else if (token === ONE) {
      tokens[i] = SEGMENT_ONE;
      headHasWildcard = true;
    }
  }
  if (headEnd < 0) return { glob: compileGlob(''), never: true };
  if (!headHasWildcard) {
    let prefix = '';
    for (let i = 0; i < headEnd; i++) prefix += String.fromCharCode(tokens[i]);
    return { prefix, glob: globOfTokens(tokens.slice(headEnd)) };
  }
  return { glob: globOfTokens(tokens) };
}

/**
 * The tokens an ArnEquals/ArnLike value without policy variables matches with, as `compileArnPattern` reads them;
 * undefined for a value with fewer than six segments, which matches nothing.
 */
export function arnPatternTokens(text: string): number[] | undefined {
  const tokens: number[] = [];
  patternTokens(text, tokens);
  const pattern = compileArnPattern(tokens);
  return pattern.never ? undefined : tokens;
}

export function matchArnPattern(pattern: ArnPattern, arn: string): boolean {
  if (pattern.never) return false;
  if (pattern.prefix === undefined) return matchGlob(pattern.glob, arn);
  // The prefix ends at the fifth colon; the value must have its fifth colon at the same place.
  if (!arn.startsWith(pattern.prefix)) return false;
  return matchGlob(pattern.glob, arn.slice(pattern.prefix.length));
}

/** Compiles an ARN condition value written in a policy, with or without variables. */
export function compileArnValue(text: string, template: Template | undefined): ArnPattern | undefined {
  if (template?.dynamic) return undefined;
  const tokens: number[] = [];
  if (template) staticTokens(template, tokens);
  else patternTokens(text, tokens);
  return compileArnPattern(tokens);
}
