import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import type { TextEdit } from '../checks/check';
import { addConditionEdit, formatJson, insertLastProperty, arrayItemRemover, replaceValueWithStrings, sortedUniqueEdit } from './policy-edits';

function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit);
  return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
}

test('formatJson writes inline or pretty-printed JSON at an indentation', () => {
  assert.equal(formatJson({ a: ['x', 1] }, '', '  ', false), '{"a": ["x", 1]}');
  assert.equal(formatJson({ a: 'x' }, '    ', '  ', true), '{\n      "a": "x"\n    }');
});

test('insertLastProperty follows the layout of the object', () => {
  const inline = '{"a": 1}';
  assert.equal(apply(inline, insertLastProperty(inline, parsePolicy(inline).root!, 'b', { c: 2 })), '{"a": 1, "b": {"c": 2}}');
  const pretty = '{\n  "a": 1\n}';
  assert.equal(apply(pretty, insertLastProperty(pretty, parsePolicy(pretty).root!, 'b', { c: 2 })), '{\n  "a": 1,\n  "b": {\n    "c": 2\n  }\n}');
  const empty = '{}';
  assert.equal(apply(empty, insertLastProperty(empty, parsePolicy(empty).root!, 'b', 'x')), '{"b": "x"}');
});

test('replaceValueWithStrings keeps one value per line and turns a string into an array', () => {
  const lines = '{"Statement": [{"Action": [\n  "s3:*",\n  "ec2:Describe*"\n]}]}';
  const [statement] = parsePolicy(lines).statements;
  assert.equal(
    apply(lines, replaceValueWithStrings(lines, statement.action!, statement.action!.values[0], ['s3:GetObject', 's3:PutObject'])),
    '{"Statement": [{"Action": [\n  "s3:GetObject",\n  "s3:PutObject",\n  "ec2:Describe*"\n]}]}',
  );
  const single = '{"Statement": [{"Action": "s3:*"}]}';
  const [one] = parsePolicy(single).statements;
  assert.equal(apply(single, replaceValueWithStrings(single, one.action!, one.action!.values[0], ['a', 'b'])), '{"Statement": [{"Action": ["a", "b"]}]}');
});

test('replaceValueWithStrings answers each layout and each array for itself, though it keeps their text', () => {
  const strings = ['s3:GetObject', 's3:PutObject'];
  const inline = '{"Statement": [{"Action": ["s3:*", "ec2:Describe*"]}]}';
  const deep = '{"Statement": [{"Action": [\n      "s3:*",\n      "ec2:Describe*"\n]}]}';
  const edit = (text: string, values: readonly string[]) => {
    const [statement] = parsePolicy(text).statements;
    return apply(text, replaceValueWithStrings(text, statement.action!, statement.action!.values[0], values));
  };
  // The same array in two layouts, then again in the first: each gets its own separator.
  assert.equal(edit(inline, strings), '{"Statement": [{"Action": ["s3:GetObject", "s3:PutObject", "ec2:Describe*"]}]}');
  assert.equal(edit(deep, strings), '{"Statement": [{"Action": [\n      "s3:GetObject",\n      "s3:PutObject",\n      "ec2:Describe*"\n]}]}');
  assert.equal(edit(inline, strings), '{"Statement": [{"Action": ["s3:GetObject", "s3:PutObject", "ec2:Describe*"]}]}');
  // A distinct array with other strings, in a layout seen before, shares nothing with the first.
  assert.equal(edit(inline, ['s3:ListBucket']), '{"Statement": [{"Action": ["s3:ListBucket", "ec2:Describe*"]}]}');
  // Text that needs escaping is quoted as JSON.
  assert.equal(edit(inline, ['a"b']), '{"Statement": [{"Action": ["a\\"b", "ec2:Describe*"]}]}');
});

test('arrayItemRemover removes items with their commas, one remover for several, and never empties an array', () => {
  const text = '{"Statement": [{"Action": ["a", "b", "c"], "Resource": ["x"], "Sid": "s"}]}';
  const [statement] = parsePolicy(text).statements;
  const removeAction = arrayItemRemover(statement.action!);
  const [a, b, c] = statement.action!.values;
  assert.equal(apply(text, removeAction(c.span)), '{"Statement": [{"Action": ["a", "b"], "Resource": ["x"], "Sid": "s"}]}');
  assert.equal(apply(text, removeAction(a.span)), '{"Statement": [{"Action": ["b", "c"], "Resource": ["x"], "Sid": "s"}]}');
  assert.equal(apply(text, removeAction(b.span)), '{"Statement": [{"Action": ["a", "c"], "Resource": ["x"], "Sid": "s"}]}');
  assert.equal(removeAction({ start: b.span.start, end: b.span.end - 1 }), undefined, 'a span that is no item');
  assert.equal(arrayItemRemover(statement.resource!)(statement.resource!.values[0].span), undefined, 'the only item');
  assert.equal(arrayItemRemover(statement.sid!)(statement.sid!.value!.span), undefined, 'no array');
});

test('sortedUniqueEdit sorts ignoring case, drops repeats and keeps the layout', () => {
  const text = '{"Statement": [{"Action": [\n    "s3:PutObject",\n    "S3:putobject",\n    "ec2:Describe*"\n  ]}]}';
  const [statement] = parsePolicy(text).statements;
  assert.equal(apply(text, sortedUniqueEdit(text, statement.action!, true)), '{"Statement": [{"Action": [\n    "ec2:Describe*",\n    "s3:PutObject"\n  ]}]}');
});

test('addConditionEdit adds to the operator block, to the Condition, or a new Condition', () => {
  const none = '{"Statement": [{"Effect": "Allow"}]}';
  assert.equal(apply(none, addConditionEdit(none, parsePolicy(none).statements[0], 'StringEquals', 'k', 'v')), '{"Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"k": "v"}}}]}');
  const other = '{"Statement": [{"Condition": {"Bool": {"b": "true"}}}]}';
  assert.equal(
    apply(other, addConditionEdit(other, parsePolicy(other).statements[0], 'StringEquals', 'k', 'v')),
    '{"Statement": [{"Condition": {"Bool": {"b": "true"}, "StringEquals": {"k": "v"}}}]}',
  );
  const same = '{"Statement": [{"Condition": {"StringEquals": {"a": "1"}}}]}';
  assert.equal(apply(same, addConditionEdit(same, parsePolicy(same).statements[0], 'StringEquals', 'k', 'v')), '{"Statement": [{"Condition": {"StringEquals": {"a": "1", "k": "v"}}}]}');
  assert.equal(addConditionEdit(same, parsePolicy(same).statements[0], 'StringEquals', 'A', 'v'), undefined, 'the key is already tested');
});
