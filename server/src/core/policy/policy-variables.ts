// Policy variables, from "IAM policy elements: Variables and tags" in the IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// A variable is `${name}`, optionally with a default value: `${aws:username, 'anonymous'}`. `${*}`, `${?}` and
// `${$}` stand for a literal `*`, `?` and `$`. Offsets here are into the string value (after JSON unescaping).

/** A well-formed `${…}`. `start` is the offset of `$`, `end` the offset just past `}`. */
export interface PolicyVariable {
  readonly start: number;
  readonly end: number;
  /** The key the variable stands for, e.g. `aws:username` or `aws:PrincipalTag/team`; `*`, `?` or `$` for the literal ones. */
  readonly name: string;
  /** The default value without its quotes, when one is given. */
  readonly defaultValue?: string;
  /** For `${*}`, `${?}` and `${$}`: the character they stand for. */
  readonly literal?: '*' | '?' | '$';
}

export type PolicyVariableProblemKind =
  /** `${` without a closing brace before the end or the next `${`. */
  | 'unclosed'
  /** `${}` or only spaces between the braces. */
  | 'empty'
  /** A space inside the variable name. */
  | 'space'
  /** A character that cannot occur in a key name. */
  | 'symbol'
  /** A default value that is not wrapped in single quotes. */
  | 'unquoted-default';

/** A malformed `${…}`; `start`/`end` cover the whole variable (or, when unclosed, the text up to where it stops). */
export interface PolicyVariableProblem {
  readonly kind: PolicyVariableProblemKind;
  readonly start: number;
  readonly end: number;
  /** The variable text as written, for messages. */
  readonly text: string;
  /** For `space` and `unquoted-default`: the corrected variable, when the correction is clear. */
  readonly replacement?: string;
}

export interface PolicyVariableScan {
  readonly variables: PolicyVariable[];
  readonly problems: PolicyVariableProblem[];
}

const EMPTY: PolicyVariableScan = Object.freeze({ variables: [], problems: [] }) as PolicyVariableScan;

// Key names are letters, digits and the punctuation of service prefixes, tag keys and identity-provider URLs.
const NAME = /^[\p{L}\p{N}_.:/@+=-]+$/u;
const LITERALS = new Set(['*', '?', '$']);

/** Whether the text may hold a policy variable at all; a cheap test before `scanPolicyVariables`. */
export function mayHavePolicyVariable(text: string): boolean {
  return text.includes('${');
}

/** Finds every `${…}` in a string value, well-formed or not, in order. Linear in the length of the text. */
export function scanPolicyVariables(text: string): PolicyVariableScan {
  let open = text.indexOf('${');
  if (open < 0) return EMPTY;
  const variables: PolicyVariable[] = [];
  const problems: PolicyVariableProblem[] = [];
  // The first `}` after an opening stays the first one after later openings until they pass it; reusing it keeps
  // text like `${${${…}}}` linear.
  let close: number | undefined;
  while (open >= 0) {
    if (close !== undefined && close >= 0 && close < open + 2) close = undefined;
    close ??= text.indexOf('}', open + 2);
    const nextOpen = text.indexOf('${', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 ? nextOpen : text.length;
      problems.push({ kind: 'unclosed', start: open, end, text: text.slice(open, end) });
      open = nextOpen;
      continue;
    }
    const end = close + 1;
    const written = text.slice(open, end);
    const result = readVariable(text.slice(open + 2, close));
    if ('kind' in result) problems.push({ start: open, end, text: written, ...result });
    else variables.push({ start: open, end, ...result });
    open = text.indexOf('${', end);
  }
  return { variables, problems };
}

type BodyResult = { name: string; defaultValue?: string; literal?: '*' | '?' | '$' } | { kind: PolicyVariableProblemKind; replacement?: string };

function readVariable(body: string): BodyResult {
  if (body.trim() === '') return { kind: 'empty' };
  const comma = body.indexOf(',');
  const rawName = comma < 0 ? body : body.slice(0, comma);
  const rawDefault = comma < 0 ? undefined : body.slice(comma + 1).trimStart();
  const name = rawName.trim();
  if (name === '') return { kind: 'empty' };
  let defaultValue: string | undefined;
  if (rawDefault !== undefined) {
    const quoted = rawDefault.length >= 2 && rawDefault.startsWith("'") && rawDefault.endsWith("'");
    if (!quoted) {
      const bare = rawDefault.trim().replace(/^'|'$/g, '');
      return { kind: 'unquoted-default', replacement: NAME.test(name) ? `\${${name}, '${bare}'}` : undefined };
    }
    defaultValue = rawDefault.slice(1, -1);
  }
  if (/\s/.test(rawName)) {
    // "aws: username" is a slip; "aws:PrincipalTag/cost center" names a tag key IAM cannot substitute either way.
    const squeezed = name.replace(/\s+/g, '');
    const rebuilt = `\${${squeezed}${rawDefault !== undefined ? `, ${rawDefault}` : ''}}`;
    return { kind: 'space', replacement: NAME.test(squeezed) ? rebuilt : undefined };
  }
  if (LITERALS.has(name)) return defaultValue === undefined ? { name, literal: name as '*' | '?' | '$' } : { kind: 'symbol' };
  if (!NAME.test(name)) return { kind: 'symbol' };
  return defaultValue === undefined ? { name } : { name, defaultValue };
}

/**
 * The text with every well-formed variable taken out, so that the `*` of `${*}` is not mistaken for a
 * wildcard and `${aws:username}` is not read as part of a number, date or address.
 */
export function withoutPolicyVariables(text: string, scan: PolicyVariableScan = scanPolicyVariables(text)): string {
  if (scan.variables.length === 0) return text;
  let result = '';
  let from = 0;
  for (const variable of scan.variables) {
    result += text.slice(from, variable.start);
    from = variable.end;
  }
  return result + text.slice(from);
}
