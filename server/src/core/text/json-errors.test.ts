import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { firstErrorAtEachOffset } from './json-errors';

test('one error per place: the parser’s recovery at the same offset is left out, later errors are kept', () => {
  const errors: ParseError[] = [];
  parseTree('{"Roles": ["Ref": "X"], "A": 1,}', errors, { allowTrailingComma: false });
  assert.deepEqual(
    errors.map((error) => [printParseErrorCode(error.error), error.offset]),
    [
      ['CommaExpected', 16],
      ['ValueExpected', 16],
      ['PropertyNameExpected', 31],
      ['ValueExpected', 31],
    ],
  );
  assert.deepEqual(
    firstErrorAtEachOffset(errors).map((error) => [printParseErrorCode(error.error), error.offset]),
    [
      ['CommaExpected', 16],
      ['PropertyNameExpected', 31],
    ],
  );
});
