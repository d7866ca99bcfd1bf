import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from './checks/check';
import { applyEdits, safeFixes } from './fix-all';

const problem = (start: number, end: number, newText: string, isPreferred = true): Problem => ({
  ruleId: 'effect-value',
  severity: 'error',
  message: 'm',
  span: { start, end },
  fixes: [{ title: `Write ${newText}`, edits: [{ span: { start, end }, newText }], isPreferred }],
});

test('safeFixes takes each preferred fix, in the order of the problems, and leaves out one that overlaps or starts where a taken edit does', () => {
  const problems = [problem(0, 5, 'Allow'), problem(3, 8, 'x'), problem(10, 10, 'a'), problem(10, 12, 'b'), problem(20, 25, 'y', false), problem(30, 31, 'z')];
  const { edits, fixed } = safeFixes(problems);
  assert.equal(fixed, 3);
  assert.deepEqual(
    edits.map((edit) => [edit.span.start, edit.span.end, edit.newText]),
    [
      [0, 5, 'Allow'],
      [10, 10, 'a'],
      [30, 31, 'z'],
    ],
  );
  // Touching edits do not clash: one ends where the other starts.
  assert.equal(safeFixes([problem(0, 5, 'a'), problem(5, 6, 'b')]).fixed, 2);
});

test('safeFixes takes a fix with several edits whole or not at all', () => {
  const twoEdits: Problem = {
    ...problem(0, 1, ''),
    fixes: [
      {
        title: 'both',
        isPreferred: true,
        edits: [
          { span: { start: 0, end: 1 }, newText: 'A' },
          { span: { start: 9, end: 10 }, newText: 'B' },
        ],
      },
    ],
  };
  const { edits, fixed } = safeFixes([problem(8, 10, 'x'), twoEdits]);
  assert.equal(fixed, 1);
  assert.deepEqual(edits, [{ span: { start: 8, end: 10 }, newText: 'x' }]);
});

test('applyEdits makes the edits in text order, whatever order they come in, and writes line breaks as the text does', () => {
  assert.equal(
    applyEdits('{"Effect": "allow", "Action": "s3:getobject"}', [
      { span: { start: 31, end: 43 }, newText: 's3:GetObject' },
      { span: { start: 12, end: 17 }, newText: 'Allow' },
    ]),
    '{"Effect": "Allow", "Action": "s3:GetObject"}',
  );
  assert.equal(applyEdits('{\r\n  "a": 1\r\n}', [{ span: { start: 1, end: 1 }, newText: '\n  "Version": "2012-10-17",' }]), '{\r\n  "Version": "2012-10-17",\r\n  "a": 1\r\n}');
  assert.equal(applyEdits('{\n  "a": 1\n}', [{ span: { start: 1, end: 1 }, newText: '\n  "b": 2,' }]), '{\n  "b": 2,\n  "a": 1\n}');
});
