import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashText } from './text-hash';

const distinct = (texts: readonly string[]) => new Set(texts.map(hashText)).size;
const generated = (make: (i: number) => string) => Array.from({ length: 28_000 }, (_, i) => make(i));

test('hashText tells apart generated values that differ only in a counter, wherever it sits', () => {
  // A hash of the length and three characters gave each of these lists a few hundred hashes or fewer.
  const lists = {
    conditions: generated((i) => `t${i}*`),
    'bucket ARNs': generated((i) => `arn:aws:s3:::bucket-${i}/*`),
    'role ARNs of 28,000 accounts': generated((i) => `arn:aws:iam::${100_000_000_000 + i}:role/deploy`),
  };
  // 32-bit hashes of 28,000 values may collide a few times; the map of candidates only needs them spread.
  for (const [name, texts] of Object.entries(lists)) assert.ok(distinct(texts) >= 27_990, `${distinct(texts)} hashes for 28,000 ${name}`);
});

test('hashText gives equal texts equal hashes, however the strings were made', () => {
  const policy = '{"Resource": "arn:aws:s3:::reports-bucket/2026/*"}';
  const sliced = policy.slice(14, policy.length - 2);
  assert.equal(sliced, 'arn:aws:s3:::reports-bucket/2026/*');
  assert.equal(hashText(sliced), hashText(['arn:aws:s3:::', 'reports-bucket', '/2026/*'].join('')));
  assert.notEqual(hashText('a'), hashText('aa'));
  assert.notEqual(hashText(''), hashText('a'));
});
