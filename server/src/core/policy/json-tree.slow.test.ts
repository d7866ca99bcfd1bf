import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedPolicies } from '../../../../test/helpers/managed-policies';
import { realworldPolicies } from '../../../../test/helpers/realworld-corpus';
import { assertSameAsParseTree, randomEdits } from '../../../../test/helpers/json-tree-reference';

// The corpus-wide and the long random runs behind json-tree.test.ts, in `npm run test:slow`.

test('builds the tree parseTree builds for every AWS managed policy and every real-world policy', () => {
  for (const { name, text } of managedPolicies()) assert.ok(assertSameAsParseTree(text, name), `${name} is strict JSON`);
  for (const { file, text } of realworldPolicies()) assertSameAsParseTree(text, file);
});

test('random edits of policies: the fast tree is parseTree`s whenever the fast parser accepts the text', () => {
  const accepted = randomEdits(3000);
  // Edits inside strings and white space keep the text strict JSON: both branches are exercised.
  assert.ok(accepted > 300 && accepted < 2700, `${accepted} of 3000 accepted`);
});
