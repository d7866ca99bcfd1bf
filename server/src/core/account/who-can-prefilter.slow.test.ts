// The random accounts of who-can-prefilter.test.ts beyond its first seed, in `npm run test:slow`.
import { test } from 'node:test';
import { assertWhoCanAsEveryPrincipal, OPTIONS } from '../../../../test/helpers/who-can-reference';

for (const [label, options] of OPTIONS) {
  test(`who-can answers as evaluating every principal with all its policies (seed 2, ${label})`, () => {
    assertWhoCanAsEveryPrincipal(2, options);
  });
}
