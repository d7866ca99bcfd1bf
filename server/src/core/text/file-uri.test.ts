import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localPathOf } from './file-uri';

test('the local path of a file URI, encoded either way; none for another scheme', () => {
  assert.equal(localPathOf('file:///work/infra/trust%20policy.json.tftpl'), '/work/infra/trust policy.json.tftpl');
  assert.equal(localPathOf('file:///work/infra/main.tf'), '/work/infra/main.tf');
  assert.equal(localPathOf('untitled:Untitled-1'), undefined);
  assert.equal(localPathOf('iam-policy-managed:arn:aws:iam::aws:policy/ReadOnlyAccess'), undefined);
});
