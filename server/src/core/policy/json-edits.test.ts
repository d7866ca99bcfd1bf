import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendStrings, insertFirstProperty, removeEntry, type JsonEdit } from './json-edits';
import { parsePolicy } from './parse-policy';

function apply(text: string, edit: JsonEdit): string {
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

test('removeEntry takes the comma with it, wherever the entry sits', () => {
  const text = '{"Statement": {"A": 1, "B": 2, "C": 3}}';
  const spans = parsePolicy(text).statements[0].properties.map((p) => p.span);
  assert.equal(apply(text, removeEntry(spans, 0)), '{"Statement": {"B": 2, "C": 3}}');
  assert.equal(apply(text, removeEntry(spans, 1)), '{"Statement": {"A": 1, "C": 3}}');
  assert.equal(apply(text, removeEntry(spans, 2)), '{"Statement": {"A": 1, "B": 2}}');
  const single = '{"Statement": {"A": 1}}';
  assert.equal(
    apply(
      single,
      removeEntry(
        parsePolicy(single).statements[0].properties.map((p) => p.span),
        0,
      ),
    ),
    '{"Statement": {}}',
  );
});

test('removeEntry keeps a pretty-printed layout', () => {
  const text = '{\n  "Statement": {\n    "A": 1,\n    "B": 2\n  }\n}';
  const spans = parsePolicy(text).statements[0].properties.map((p) => p.span);
  assert.equal(apply(text, removeEntry(spans, 0)), '{\n  "Statement": {\n    "B": 2\n  }\n}');
  assert.equal(apply(text, removeEntry(spans, 1)), '{\n  "Statement": {\n    "A": 1\n  }\n}');
});

test('insertFirstProperty matches the indentation of the first property', () => {
  const pretty = '{\n  "Statement": {\n    "Effect": "Deny"\n  }\n}';
  const inline = '{"Statement": {"Effect": "Deny"}}';
  const empty = '{"Statement": {}}';
  for (const [text, expected] of [
    [pretty, '{\n  "Statement": {\n    "Principal": "*",\n    "Effect": "Deny"\n  }\n}'],
    [inline, '{"Statement": {"Principal": "*", "Effect": "Deny"}}'],
    [empty, '{"Statement": {"Principal": "*"}}'],
  ]) {
    assert.equal(apply(text, insertFirstProperty(text, parsePolicy(text).statements[0].node, 'Principal', '"*"')), expected);
  }
});

test('appendStrings extends an array in its own style or turns a string into an array', () => {
  const cases = [
    ['{"Statement": {"Action": "sts:AssumeRole"}}', '{"Statement": {"Action": ["sts:AssumeRole", "sts:TagSession"]}}'],
    ['{"Statement": {"Action": ["sts:AssumeRole"]}}', '{"Statement": {"Action": ["sts:AssumeRole", "sts:TagSession"]}}'],
    ['{"Statement": {"Action": [\n  "sts:AssumeRole"\n]}}', '{"Statement": {"Action": [\n  "sts:AssumeRole",\n  "sts:TagSession"\n]}}'],
    ['{"Statement": {"Action": []}}', '{"Statement": {"Action": ["sts:TagSession"]}}'],
  ];
  for (const [text, expected] of cases) {
    const node = parsePolicy(text).statements[0].action!.property.valueNode!;
    assert.equal(apply(text, appendStrings(text, node, ['sts:TagSession'])!), expected);
  }
  const number = parsePolicy('{"Statement": {"Action": 1}}');
  assert.equal(appendStrings(number.text, number.statements[0].action!.property.valueNode!, ['x']), undefined);
});
