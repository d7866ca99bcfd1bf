import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { editEachPlace, editThroughSession, fixtureName, terraformFixtures } from '../../../../../test/helpers/terraform-edits';
import { terraformReader } from './index';

// The full sweep behind incremental.test.ts, in `npm run test:slow`: every fixture (the public modules run to 750
// lines) edited at every place on about 30 of its lines, each edit read incrementally and compared with a full read,
// and through a session of 40 edits.

before(async () => {
  await terraformReader.prepare!();
});

let movedInFixtures = 0;

for (const file of terraformFixtures) {
  const name = fixtureName(file);

  test(`incremental reading of ${name} after each one-place edit equals a full read`, () => {
    movedInFixtures += editEachPlace(file);
  });

  test(`incremental reading of ${name} through a session of edits equals a full read after each`, () => {
    editThroughSession(file);
  });
}

test('the edits in the fixtures moved policies of later blocks', () => {
  assert.ok(movedInFixtures > 0, 'no edit in any fixture moved a policy');
});
