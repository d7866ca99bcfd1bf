import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionWildcardNoMatch } from './action-wildcard-no-match';

test('action-wildcard-no-match flags wildcards that match no action', () => {
  const { actual, expected } = spansOf(actionWildcardNoMatch, '{"Statement": [{"Action": ["s3:«Gte*»", "s3:Get*", "«*:Teleport*»"]}]}');
  assert.deepEqual(actual, expected);
  assert.equal(runCheck(actionWildcardNoMatch, '{"Statement": [{"Action": "s3:Gte*"}]}')[0].message, '"s3:Gte*" matches no AWS action. Check the spelling of the part before or after the wildcard.');
});

test('action-wildcard-no-match accepts wildcards that match, in any case', () => {
  assert.deepEqual(runCheck(actionWildcardNoMatch, '{"Statement": [{"Action": ["s3:get*", "ec2:Describe?ags", "*:List*", "s3:*", "*"]}]}'), []);
});
