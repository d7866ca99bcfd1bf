import { test } from 'node:test';
import { editEachPlace, editThroughSession, templateFixtures } from '../../../../../test/helpers/cloudformation-edits';

// The full sweep behind incremental.test.ts, in `npm run test:slow`: every template fixture edited on every line,
// two kinds of edit per line in turn, each edit read incrementally and compared with a full read, and through a
// session of 60 edits.

for (const name of templateFixtures) {
  test(`incremental reading of ${name} after each one-place edit equals a full read`, () => {
    editEachPlace(name);
  });

  test(`incremental reading of ${name} through a session of edits equals a full read after each`, () => {
    editThroughSession(name);
  });
}
