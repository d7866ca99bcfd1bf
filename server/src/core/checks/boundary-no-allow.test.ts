import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { boundaryNoAllow } from './boundary-no-allow';

const policyOf = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const denies = [
  { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
  { Effect: 'Deny', Action: 'organizations:*', Resource: '*' },
];

// From a real permissions boundary: two Deny statements, no Allow.
test('boundary-no-allow flags a boundary or session policy of Deny statements only, at "Statement"', () => {
  const { actual, expected } = spansOf(boundaryNoAllow, '{"Version": "2012-10-17", «"Statement"»: [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}', 'boundary');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(boundaryNoAllow, policyOf(...denies), 'boundary');
  assert.equal(
    problem.message,
    'This permissions boundary has only Deny statements, so it allows nothing and the role or user it bounds can do nothing, whatever its own policies allow. Add an Allow statement for the most the role or user it bounds may do, such as "Action": "*" on "Resource": "*", and keep the Denies for what it must not.',
  );
  assert.match(runCheck(boundaryNoAllow, policyOf(...denies), 'session')[0].message, /^This session policy has only Deny statements/);
});

test('boundary-no-allow accepts a boundary with an Allow, other policy types, and an Effect known only at deploy', () => {
  assert.deepEqual(runCheck(boundaryNoAllow, policyOf({ Effect: 'Allow', Action: '*', Resource: '*' }, ...denies), 'boundary'), []);
  for (const type of ['identity', 'scp', 'rcp', 'resource'] as const) assert.deepEqual(runCheck(boundaryNoAllow, policyOf(...denies), type), [], type);
  assert.deepEqual(runCheck(boundaryNoAllow, policyOf({ Effect: '${Effect}', Action: '*', Resource: '*' }, ...denies), 'boundary'), []);
  assert.deepEqual(runCheck(boundaryNoAllow, '{"Version": "2012-10-17", "Statement": []}', 'boundary'), []);
});
