import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { managedPolicies } from '../../../../test/helpers/managed-policies';
import { realworldPolicies } from '../../../../test/helpers/realworld-corpus';
import { Random } from '../../../../test/helpers/random';
import { parseStrictJsonTree, strictTreeFacts } from './json-tree';
import { countPolicyCharacters } from './size';

const options = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true };

/** Where two trees differ (keys, values, offsets, parent links), or undefined when they are the same. */
function difference(fast: JsonNode, slow: JsonNode, parent: JsonNode | undefined, path = '$'): string | undefined {
  const keys = Object.keys(fast).sort().join();
  if (keys !== Object.keys(slow).sort().join()) return `${path}: keys ${keys} against ${Object.keys(slow).sort().join()}`;
  if (fast.parent !== parent) return `${path}: parent link`;
  for (const key of ['type', 'offset', 'length', 'colonOffset'] as const) {
    if (fast[key] !== slow[key]) return `${path}: ${key} ${fast[key]} against ${slow[key]}`;
  }
  if (!Object.is(fast.value, slow.value)) return `${path}: value ${JSON.stringify(fast.value)} against ${JSON.stringify(slow.value)}`;
  if ((fast.children?.length ?? -1) !== (slow.children?.length ?? -1)) return `${path}: ${fast.children?.length} children against ${slow.children?.length}`;
  for (let i = 0; i < (fast.children?.length ?? 0); i++) {
    const found = difference(fast.children![i], slow.children![i], fast, `${path}/${i}`);
    if (found) return found;
  }
  return undefined;
}

/** The offsets of the keys repeated in their object (each occurrence after the first), by a walk of parseTree's tree. */
function repeatedKeyOffsets(node: JsonNode): number[] {
  const found: number[] = [];
  if (node.type === 'object') {
    const seen = new Set<unknown>();
    for (const property of node.children ?? []) {
      const key = property.children![0];
      if (seen.has(key.value)) found.push(key.offset);
      seen.add(key.value);
    }
  }
  for (const child of node.children ?? []) found.push(...repeatedKeyOffsets(child));
  return found.sort((a, b) => a - b);
}

/** The fast tree, when there is one, is parseTree's node for node, and it is there whenever parseTree found no error in strict JSON. */
function assertSameAsParseTree(text: string, label: string): JsonNode | undefined {
  const errors: ParseError[] = [];
  const slow = parseTree(text, errors, options);
  const fast = parseStrictJsonTree(text);
  if (fast) {
    assert.deepEqual(errors, [], `${label}: the fast parser accepted text with syntax errors`);
    assert.ok(slow, label);
    assert.equal(difference(fast, slow, undefined), undefined, label);
    assert.equal('parent' in fast, false, `${label}: the root has no parent link`);
    const facts = strictTreeFacts(fast)!;
    assert.equal(facts.text, text, label);
    assert.deepEqual(
      facts.duplicateKeys.map((key) => key.offset),
      repeatedKeyOffsets(slow),
      `${label}: repeated keys`,
    );
    assert.equal(text.length - facts.surrogatePairs, countPolicyCharacters(text, { countWhitespace: true }), `${label}: characters`);
    assert.equal(text.length - facts.surrogatePairs - facts.whitespace, countPolicyCharacters(text, { countWhitespace: false }), `${label}: characters without white space`);
  } else {
    assert.equal(strictTreeFacts(slow), undefined, label);
  }
  return fast;
}

test('builds the tree parseTree builds for every AWS managed policy and every real-world policy', () => {
  for (const { name, text } of managedPolicies()) assert.ok(assertSameAsParseTree(text, name), `${name} is strict JSON`);
  for (const { file, text } of realworldPolicies()) assertSameAsParseTree(text, file);
});

test('reads every kind of value, escape and number as parseTree does', () => {
  const cases = [
    '{"a": "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00", "b": -0, "c": 1.5e+3, "d": 2E-2, "e": 0.25, "f": true, "g": false, "h": null}',
    '[1, [2, [3, {}]], [], {"": ""}]',
    '"just a string"',
    '  \r\n\t 42 \n',
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

test('random edits of policies: the fast tree is parseTree`s whenever the fast parser accepts the text', () => {
  const random = new Random(12);
  const texts = managedPolicies()
    .filter((_, i) => i % 40 === 0)
    .map((p) => p.text);
  const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '-', '.', 'e', 't', 'n', '/', '*', '\\u', '\t', '1', 'a', '"Effect": "Deny", ', '😀', '\uDE00'];
  let accepted = 0;
  for (let run = 0; run < 3000; run++) {
    let text = random.pick(texts);
    for (let edit = 0; edit <= random.int(3); edit++) {
      const at = random.int(text.length);
      const kind = random.int(3);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + random.int(3));
      else if (kind === 1) text = text.slice(0, at) + random.pick(pieces) + text.slice(at);
      else text = text.slice(0, at) + random.pick(pieces) + text.slice(at + 1);
    }
    if (assertSameAsParseTree(text, `seed 12, run ${run}`)) accepted++;
  }
  // Edits inside strings and white space keep the text strict JSON: both branches are exercised.
  assert.ok(accepted > 300 && accepted < 2700, `${accepted} of 3000 accepted`);
});
