import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StringValue } from '../policy/model';
import { keepValueListsAcrossParses, ValueListCache } from './value-list-cache';

const listOf = (...texts: string[]): StringValue[] => texts.map((value, i) => ({ value, span: { start: i * 100, end: i * 100 + value.length + 2 } }));

test('ValueListCache derives once per list of values, whatever their spans', () => {
  const cache = new ValueListCache<string[]>(16);
  let derived = 0;
  const derive = (values: readonly StringValue[]) => (derived++, values.map((v) => v.value));
  const first = cache.get(listOf('s3:GetObject', 'arn:aws:s3:::bucket/reports/*'), 0, derive);
  const again = cache.get(
    listOf('s3:GetObject', 'arn:aws:s3:::bucket/reports/*').map((v) => ({ ...v, span: { start: v.span.start + 7, end: v.span.end + 7 } })),
    0,
    derive,
  );
  assert.equal(again, first);
  assert.equal(derived, 1);
});

test('ValueListCache never takes one list for another', () => {
  const cache = new ValueListCache<string>(16);
  const derive = (values: readonly StringValue[]) => values.map((v) => v.value).join(',');
  // The hash reads each value's length and three of its characters: these share them, and must still differ.
  const lists = [listOf('abcde'), listOf('xbcye'), listOf('ABCDE'), listOf('abcde', ''), listOf('abcde', 'abcde'), listOf(), listOf('')];
  for (let round = 0; round < 2; round++) {
    for (const list of lists) assert.equal(cache.get(list, 0, derive), derive(list));
  }
  assert.notEqual(
    cache.get(listOf('abcde'), 1, () => 'other kind'),
    cache.get(listOf('abcde'), 0, derive),
    'lists of different kinds (Action, NotAction) are kept apart',
  );
});

test('ValueListCache answers for the edited list after an edit, and starts again empty when full', () => {
  const cache = new ValueListCache<string>(2);
  const derive = (values: readonly StringValue[]) => values.map((v) => v.value).join(',');
  assert.equal(cache.get(listOf('s3:GetObject'), 0, derive), 's3:GetObject');
  assert.equal(cache.get(listOf('s3:GetObjects'), 0, derive), 's3:GetObjects');
  assert.equal(cache.get(listOf('s3:PutObject'), 0, derive), 's3:PutObject');
  let derived = 0;
  assert.equal(
    cache.get(listOf('s3:GetObject'), 0, (values) => (derived++, derive(values))),
    's3:GetObject',
  );
  assert.equal(derived, 1, 'emptied when full');
});

test('in a run that reads each file once, lists are derived each time and not kept', () => {
  const cache = new ValueListCache<string>(16);
  const kept: boolean[] = [];
  const derive = (values: readonly StringValue[], keep: boolean) => (kept.push(keep), values.map((v) => v.value).join(','));
  keepValueListsAcrossParses(false);
  try {
    cache.get(listOf('s3:GetObject'), 0, derive);
    cache.get(listOf('s3:GetObject'), 0, derive);
  } finally {
    keepValueListsAcrossParses(true);
  }
  cache.get(listOf('s3:GetObject'), 0, derive);
  cache.get(listOf('s3:GetObject'), 0, derive);
  assert.deepEqual(kept, [false, false, true]);
});
