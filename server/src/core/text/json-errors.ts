import type { ParseError } from 'jsonc-parser';

/**
 * jsonc-parser's errors, the first at each offset. Recovering from one mistake, the parser often reports a second
 * error at the same place (`["Ref": "X"]` gives CommaExpected, then ValueExpected at the colon), which only repeats the
 * first, less truly ("Remove the trailing comma" where there is none). Given the parsed `text`, a run of invalid symbols
 * parted by spaces on one line (`<SOME STATEMENT>` left in an example, a sentence that is no JSON) is one error over
 * the run, not one per word.
 */
export function firstErrorAtEachOffset(errors: readonly ParseError[], text?: string): LocatedParseError[] {
  const kept: LocatedParseError[] = [];
  let closerMissing = false;
  for (const found of errors) {
    // What follows a closer left out is the parser's recovery from it: commas, values and closers it then expects.
    if (closerMissing && STRUCTURAL.has(found.error)) continue;
    const error: LocatedParseError = text === undefined ? found : withMissingCloser(atTrailingComma(found, text), text);
    closerMissing ||= error.missingCloser !== undefined;
    const last = kept[kept.length - 1];
    if (last && last.offset === error.offset) continue;
    if (text !== undefined && last && last.error === INVALID_SYMBOL && error.error === INVALID_SYMBOL && /^[ \t]*$/.test(text.slice(last.offset + last.length, error.offset))) {
      kept[kept.length - 1] = { ...last, length: error.offset + error.length - last.offset };
      continue;
    }
    kept.push(error);
  }
  return kept;
}

// ParseErrorCode.InvalidSymbol: jsonc-parser's enum is `const`, which isolated modules cannot read.
const INVALID_SYMBOL = 1;
const PROPERTY_NAME_EXPECTED = 3;
const VALUE_EXPECTED = 4;
const COMMA_EXPECTED = 6;
const STRUCTURAL = new Set([PROPERTY_NAME_EXPECTED, VALUE_EXPECTED, COMMA_EXPECTED, 7, 8, 9]);

/**
 * A parse error; `trailingComma`: the comma before a closing `]` or `}`, which JSON does not allow; `missingCloser`:
 * the `}` or `]` the innermost open object or list lacks where a closer of the other kind stands.
 */
export type LocatedParseError = ParseError & { trailingComma?: ']' | '}'; missingCloser?: '}' | ']' };

/**
 * jsonc-parser reports a `}` left out before a `]` (a statement not closed before the Statement list is) as a comma
 * expected at the `]`, then a value expected and a `]` expected after it: the error at the `]` is the one to read,
 * and says which closer is missing.
 */
function withMissingCloser(error: LocatedParseError, text: string): LocatedParseError {
  if (error.error !== COMMA_EXPECTED) return error;
  const found = text[error.offset];
  if (found !== ']' && found !== '}') return error;
  const open = innermostOpen(text, error.offset);
  if (open === '{' && found === ']') return { ...error, length: 1, missingCloser: '}' };
  if (open === '[' && found === '}') return { ...error, length: 1, missingCloser: ']' };
  return error;
}

/** The innermost `{` or `[` still open at `offset`, strings skipped. */
function innermostOpen(text: string, offset: number): string | undefined {
  const open: string[] = [];
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < offset && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') open.push(c);
    else if (c === '}' || c === ']') open.pop();
  }
  return open[open.length - 1];
}

/** The message for a closer left out (LocatedParseError.missingCloser) where the other kind stands. */
export function missingCloserMessage(missing: '}' | ']', noun?: string): string {
  const found = missing === '}' ? ']' : '}';
  const what = missing === '}' ? 'an object' : 'a list';
  return `Closing ${missing === '}' ? 'brace' : 'bracket'} "${missing}" expected before "${found}"${noun ? ` in ${noun}` : ''}: ${what} opened before it is not closed.`;
}

/**
 * jsonc-parser reports a trailing comma as a value or property name expected at the closing bracket, often on the line
 * after the comma: the error is moved onto the comma, which is what to remove.
 */
function atTrailingComma(error: ParseError, text: string): LocatedParseError {
  if (error.error !== VALUE_EXPECTED && error.error !== PROPERTY_NAME_EXPECTED) return error;
  const closing = text[error.offset];
  if (closing !== ']' && closing !== '}') return error;
  let comma = error.offset - 1;
  while (comma >= 0 && /\s/.test(text[comma])) comma--;
  return text[comma] === ',' ? { ...error, offset: comma, length: 1, trailingComma: closing } : error;
}

/** The message for a trailing comma (LocatedParseError.trailingComma) before `closing`. */
export function trailingCommaMessage(closing: ']' | '}'): string {
  return `Trailing comma: JSON allows no comma before "${closing}", and IAM rejects the policy. Remove it.`;
}

/** What JSON text is inside a host document: a policy written as JSON text (a Terraform heredoc), or a JSON template. */
export type EmbeddedJson = 'policy' | 'template';

const embedded = {
  policy: { noun: 'the policy JSON', whole: 'A policy', comments: 'IAM does not accept comments in a policy' },
  template: { noun: 'the template', whole: 'A template', comments: 'CloudFormation does not accept comments in a JSON template' },
} as const;

/** The message for one of jsonc-parser's errors (by its name: ParseErrorCode is a const enum) in JSON a host holds. */
export function embeddedJsonMessage(code: string, kind: EmbeddedJson): string {
  const { noun, whole, comments } = embedded[kind];
  switch (code) {
    case 'InvalidSymbol':
      return `Invalid symbol in ${noun}. JSON allows only objects, arrays, strings, numbers, true, false and null.`;
    case 'PropertyNameExpected':
      return `Property name expected in ${noun}: an object holds "Key": value pairs, each key in double quotes.`;
    case 'ValueExpected':
      return `Value expected in ${noun}: a string, a number, an object, an array, true, false or null.`;
    case 'ColonExpected':
      return 'Colon expected after the property name.';
    case 'CommaExpected':
      return `Comma expected between entries of ${noun}.`;
    case 'CloseBraceExpected':
      return `Closing brace "}" expected in ${noun}.`;
    case 'CloseBracketExpected':
      return `Closing bracket "]" expected in ${noun}.`;
    case 'EndOfFileExpected':
      return `Text after the end of ${noun}. ${whole} is a single JSON object.`;
    case 'InvalidCommentToken':
      return `${comments}. Remove the comment.`;
    case 'UnexpectedEndOfString':
      return 'Unexpected end of string. Close it with a double quote.';
    case 'InvalidEscapeCharacter':
      return 'Invalid escape character in a JSON string.';
    case 'InvalidCharacter':
      return 'Invalid character in a JSON string. Control characters must be escaped.';
    default:
      return `JSON syntax error in ${noun}: ${code}.`;
  }
}
