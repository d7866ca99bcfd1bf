import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsParseTree, randomEdits } from '../../../../test/helpers/json-tree-reference';
import { parseStrictJsonTree } from './json-tree';

// The corpora (every managed and real-world policy) and the full run of 3,000 random edits are
// json-tree.slow.test.ts, in `npm run test:slow`; the first 600 of those edits run here.

test('reads every kind of value, escape and number as parseTree does', () => {
  const cases = [
    '{"a": "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00", "b": -0, "c": 1.5e+3, "d": 2E-2, "e": 0.25, "f": true, "g": false, "h": null}',
    '[1, [2, [3, {}]], [], {"": ""}]',
    '"just a string"',
    '  \r\n\t 42 \n',
    '\t\r\n{"a" :\t"\\n", "b":"x\\u0041", "c" : [ "" ,"\\"" ] }\r\n  ',
    '{"Statement": [{"Effect": "Allow", "Effect": "Deny"}]}',
    '{"k": "text with \u2028 and \u00a0 inside"}',
    '{"a": {"b": 1, "c": {"b": 2, "b": 3}, "b": 4, "b": 5}, "a": ["😀 x\uD83D", "\uDE00😀"]}',
    JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i % 25}`, i])))
      .replace('{', '{"k3": 0, ')
      .replace(/}$/, ', "k0": 1, "k3": 2}'),
  ];
  for (const text of cases) assert.ok(assertSameAsParseTree(text, text), text);
});

test('gives up on everything that is not strict JSON, so that parseTree reports it', () => {
  const cases = [
    '',
    '   ',
    '{"a": 1,}',
    '[1,]',
    '{"a": 1 // comment\n}',
    '/* c */ {}',
    '{"a" 1}',
    '{"a": 01}',
    '{"a": 1.}',
    '{"a": 1e}',
    '{"a": -}',
    '{"a": tru}',
    '{"a": truex}',
    '{"a": "\\x"}',
    '{"a": "\\u12"}',
    '{"a": "tab\there"}',
    '{"a": "line\nbreak"}',
    '{"a": "unclosed',
    '{a: 1}',
    '{} {}',
    '\u00a0{}',
    '\ufeff{}',
    '{"a": [1 2]}',
    '[',
    '{"a":',
  ];
  for (const text of cases) assert.equal(parseStrictJsonTree(text), undefined, JSON.stringify(text));
});

test('gives up instead of overflowing the stack on deep nesting', () => {
  assert.equal(parseStrictJsonTree('['.repeat(200_000) + ']'.repeat(200_000)), undefined);
});

test('random edits of policies: the fast tree is parseTree`s whenever the fast parser accepts the text (the first 600 runs)', () => {
  const accepted = randomEdits(600);
  // Edits inside strings and white space keep the text strict JSON: both branches are exercised.
  assert.ok(accepted > 60 && accepted < 540, `${accepted} of 600 accepted`);
});
