import type { ParseError } from 'jsonc-parser';

/**
 * jsonc-parser's errors, the first at each offset. Recovering from one mistake, the parser often reports a second
 * error at the same place (`["Ref": "X"]` gives CommaExpected, then ValueExpected at the colon), which only repeats the
 * first, less truly ("Remove the trailing comma" where there is none).
 */
export function firstErrorAtEachOffset(errors: readonly ParseError[]): ParseError[] {
  return errors.filter((error, index) => index === 0 || errors[index - 1].offset !== error.offset);
}
