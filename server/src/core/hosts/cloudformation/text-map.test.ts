import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScalar, parseDocument } from 'yaml';
import { jsonStringText, yamlScalarText, type YamlScalarStyle } from './text-map';

// Each YAML scalar is read by the `yaml` package and by our mapper; they must agree on the value (no coarse
// fallback), and every character must come from a place in the source that holds it (or its escape). A block
// scalar's final line break maps to the break after its last line.
function mapped(yaml: string) {
  const doc = parseDocument(yaml);
  const node = doc.get('v', true);
  assert.ok(isScalar(node) && node.range);
  const [start, end] = node.range;
  const expected = node.type === 'PLAIN' ? String(node.source) : String(node.value);
  let stop = end;
  while (stop > start && /\s/.test(yaml[stop - 1])) stop--;
  return { text: yamlScalarText(yaml, start, stop, node.type as YamlScalarStyle, expected), expected, start, end };
}

const cases: [string, string][] = [
  ['plain', 'v: s3:GetObject\n'],
  ['plain over two lines', 'v: arn:aws:s3:::a\n  b/c\n'],
  ['plain with an empty line', 'v: a\n\n  b\n'],
  ['single-quoted with a quote', "v: 'it''s'\n"],
  ['single-quoted over lines', "v: 'a\n   b\n\n   c'\n"],
  ['double-quoted escapes', 'v: "a\\tb\\u0041\\x42\\"\\\\\\/"\n'],
  ['double-quoted line continuation', 'v: "abc\\\n    def"\n'],
  ['double-quoted folded', 'v: "abc\n    def"\n'],
  ['literal block', 'v: |\n  {"a": 1,\n   "b": 2}\n'],
  ['literal block, strip', 'v: |-\n  line one\n  line two\n\n'],
  ['literal block, keep', 'v: |+\n  line\n\n\nw: 1\n'],
  ['literal block, indentation indicator', 'v: |2\n    indented\n  not\n'],
  ['folded block', 'v: >\n  one\n  two\n\n  three\n'],
  ['folded block, more indented', 'v: >-\n  one\n    more\n  two\n'],
];

for (const [name, yaml] of cases) {
  test(`yamlScalarText maps every character of a ${name} scalar`, () => {
    const { text, expected, start, end } = mapped(yaml);
    assert.equal(text.value, expected);
    for (let i = 0; i < text.value.length; i++) {
      const { start: from, end: to } = text.span(i, i + 1);
      assert.ok(from >= start && to <= end && from < to, `${name}: character ${i} maps inside the scalar`);
      // A literal character maps to itself; escapes and folded breaks map to their source.
      if (to - from === 1 && text.value[i] !== ' ' && text.value[i] !== '\n') assert.equal(yaml[from], text.value[i], `${name}: character ${i}`);
    }
  });
}

test('yamlScalarText falls back to whole-scalar spans when it cannot place characters', () => {
  const text = yamlScalarText('v: whatever', 3, 11, 'PLAIN', 'something else');
  assert.equal(text.value, 'something else');
  assert.deepEqual(text.span(2, 4), { start: 3, end: 11 });
});

test('jsonStringText maps escapes to their source and spans of ranges to the host', () => {
  const source = '{"a": "x\\u0041\\"y"}';
  const start = source.indexOf('"x');
  const text = jsonStringText(source, start, source.length - 1);
  assert.equal(text.value, 'xA"y');
  assert.deepEqual(text.span(1, 2), { start: start + 2, end: start + 8 });
  assert.deepEqual(text.span(0, 4), { start: start + 1, end: source.length - 2 });
  assert.deepEqual(text.span(4, 4), { start: source.length - 2, end: source.length - 2 });
});

test('a block scalar that the file ends inside maps its final line break to the end of the text, never past it', () => {
  // Found by the host fuzz test: a truncated manifest put a json-syntax finding one character past the end.
  const yaml = 'v: |\n  {"Effect"';
  const doc = parseDocument(yaml);
  const node = doc.get('v', true);
  assert.ok(isScalar(node) && node.range);
  const text = yamlScalarText(yaml, node.range[0], node.range[1], node.type as YamlScalarStyle, String(node.value));
  assert.equal(text.value, '{"Effect"\n');
  assert.deepEqual(text.span(0, text.value.length), { start: yaml.indexOf('{'), end: yaml.length });
});
