import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionBlocksOf, conditionValueSpan, renameOperatorEdit } from './condition-blocks';
import { parsePolicy } from './parse-policy';

const text = '{"Statement": [{"Condition": {"StringLike": {"s3:prefix": ["home/\\"x\\"/*", 10]}, "stringEquals": {}}}, {"Condition": {"Bool": {"aws:SecureTransport": true}}}]}';

test('conditionBlocksOf lists every operator block with its operator taken apart, once per policy', () => {
  const policy = parsePolicy(text);
  const blocks = conditionBlocksOf(policy);
  assert.deepEqual(
    blocks.map((b) => [b.statement.index, b.entry.operator, b.operator?.base]),
    [
      [0, 'StringLike', 'StringLike'],
      [0, 'stringEquals', undefined],
      [1, 'Bool', 'Bool'],
    ],
  );
  assert.equal(conditionBlocksOf(policy), blocks);
});

test('conditionValueSpan maps offsets inside quoted values, past escapes, and covers bare values whole', () => {
  const policy = parsePolicy(text);
  const [block] = conditionBlocksOf(policy);
  const [quoted, number] = block.entry.keys[0].values;
  const slice = (span: { start: number; end: number }) => policy.text.slice(span.start, span.end);
  assert.equal(slice(conditionValueSpan(policy.text, quoted)), 'home/\\"x\\"/*');
  assert.equal(slice(conditionValueSpan(policy.text, quoted, 9, 10)), '*');
  assert.equal(slice(conditionValueSpan(policy.text, number)), '10');
});

test('renameOperatorEdit renames the operator unless the Condition already has the new name', () => {
  const policy = parsePolicy(text);
  const [like, unknown] = conditionBlocksOf(policy);
  const edit = renameOperatorEdit(unknown, 'StringEquals');
  assert.ok(edit);
  assert.equal(policy.text.slice(edit.span.start, edit.span.end), '"stringEquals"');
  assert.equal(edit.newText, '"StringEquals"');
  assert.equal(renameOperatorEdit(unknown, 'StringLike'), undefined);
  assert.ok(renameOperatorEdit(like, 'StringLike'), 'renaming to its own name clashes with nothing');
});
