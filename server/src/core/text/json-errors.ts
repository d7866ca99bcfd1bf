import type { ParseError } from 'jsonc-parser';

/**
 * jsonc-parser's errors, the first at each offset. Recovering from one mistake, the parser often reports a second
 * error at the same place (`["Ref": "X"]` gives CommaExpected, then ValueExpected at the colon), which only repeats the
 * first, less truly ("Remove the trailing comma" where there is none).
 */
export function firstErrorAtEachOffset(errors: readonly ParseError[]): ParseError[] {
  return errors.filter((error, index) => index === 0 || errors[index - 1].offset !== error.offset);
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
      return `Property name expected in ${noun}. Remove the trailing comma or add a "Key": value pair.`;
    case 'ValueExpected':
      return `Value expected in ${noun}. Remove the trailing comma or add a value.`;
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
