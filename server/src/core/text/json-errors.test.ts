import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { embeddedJsonMessage, firstErrorAtEachOffset } from './json-errors';

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

test('a syntax error in JSON a host holds names what it is in: the policy JSON of a heredoc, or the template', () => {
  assert.equal(embeddedJsonMessage('CommaExpected', 'policy'), 'Comma expected between entries of the policy JSON.');
  assert.equal(embeddedJsonMessage('CommaExpected', 'template'), 'Comma expected between entries of the template.');
  assert.equal(embeddedJsonMessage('EndOfFileExpected', 'template'), 'Text after the end of the template. A template is a single JSON object.');
  assert.equal(embeddedJsonMessage('InvalidCommentToken', 'policy'), 'IAM does not accept comments in a policy. Remove the comment.');
  assert.equal(embeddedJsonMessage('UnexpectedEndOfNumber', 'template'), 'JSON syntax error in the template: UnexpectedEndOfNumber.');
});
