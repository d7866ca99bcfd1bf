import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasPlaceholder, valueTextSpan } from './value-text';

test('valueTextSpan is inside the quotes of a JSON string, and through the host mapper of a template value', () => {
  assert.deepEqual(valueTextSpan({ value: 's3:GetObject', span: { start: 10, end: 24 } }), { start: 11, end: 23 });
  assert.deepEqual(valueTextSpan({ value: '', span: { start: 10, end: 12 } }), { start: 11, end: 11 });
  // A plain YAML scalar has no quotes: the mapper places the text itself.
  assert.deepEqual(valueTextSpan({ value: 's3:GetObject', span: { start: 10, end: 22 }, mapSpan: (s, e) => ({ start: 10 + s, end: 10 + e }) }), { start: 10, end: 22 });
});

test('hasPlaceholder tells values known only at deploy time', () => {
  assert.equal(hasPlaceholder({}), false);
  assert.equal(hasPlaceholder({ placeholders: [] }), false);
  assert.equal(hasPlaceholder({ placeholders: [{ start: 0, end: 8, kind: 'string', source: '!Ref X' }] }), true);
});
