import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripBom } from './bom';

test('stripBom removes one leading byte order mark and nothing else', () => {
  assert.equal(stripBom('\ufeff{"Version": "2012-10-17"}'), '{"Version": "2012-10-17"}');
  assert.equal(stripBom('{"Sid": "\ufeff"}'), '{"Sid": "\ufeff"}');
  assert.equal(stripBom('\ufeff\ufeff{}'), '\ufeff{}');
  assert.equal(stripBom(''), '');
});
