// who-can evaluates only the principals that hold an Allow for the action (and, inside `decide`, only the policies
// whose statements cover it). These tests check on a varied random account that the answers are those of evaluating
// every principal with all of its policies: NotAction, wildcards and mixed case in actions, Deny, NotResource,
// boundaries, groups, SCP levels, conditions on keys given or not, policy variables, and trust policies (who can
// assume each allowed role, with decisions shared between principals that a trust policy admits by their account).
//
// One seed here; the slow suite (who-can-prefilter.slow.test.ts, in `npm run test:slow`) answers on the account of
// the next seed too.
import { test } from 'node:test';
import { assertWhoCanAsEveryPrincipal, OPTIONS } from '../../../../test/helpers/who-can-reference';

for (const [label, options] of OPTIONS) {
  test(`who-can answers as evaluating every principal with all its policies (seed 1, ${label})`, () => {
    assertWhoCanAsEveryPrincipal(1, options);
  });
}
