import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasPlaceholder, textWithHoles, valueTextSpan } from './value-text';

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

test('textWithHoles writes each placeholder as asked, and gives up on one it is given nothing for', () => {
  const value = {
    value: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Name}',
    placeholders: [
      { start: 50, end: 57, kind: 'string' as const, source: '${Name}' },
      { start: 4, end: 21, kind: 'partition' as const, source: '${AWS::Partition}' },
      { start: 27, end: 44, kind: 'account' as const, source: '${AWS::AccountId}' },
    ],
  };
  assert.equal(
    textWithHoles(value, () => '*'),
    'arn:*:iam::*:role/*',
  );
  assert.equal(
    textWithHoles(value, (hole) => (hole.kind === 'string' ? 'app' : hole.kind === 'account' ? '111122223333' : 'aws')),
    'arn:aws:iam::111122223333:role/app',
  );
  assert.equal(
    textWithHoles(value, (hole) => (hole.kind === 'string' ? undefined : 'x')),
    undefined,
  );
  assert.equal(
    textWithHoles({ value: 's3:GetObject' }, () => undefined),
    's3:GetObject',
  );
});
