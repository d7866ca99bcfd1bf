import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { actionsStillGranted, deniesCovering, isDeniedWherever } from './policy-denies';

const denied = (statements: unknown[], action: string): boolean => {
  const policy = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  return isDeniedWherever(policy, policy.statements[0], action);
};

test('isDeniedWherever: an unconditional Deny on the same or wider resources takes the action away', () => {
  const allow = { Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/app' };
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }], 'iam:PassRole'), true);
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' }], 'iam:PassRole'), true);
  assert.equal(denied([allow, { Effect: 'Deny', NotAction: 's3:*', Resource: 'arn:aws:*:*:*:*' }], 'iam:PassRole'), true);
});

test('isDeniedWherever: a Deny with a Condition, NotResource, fewer resources or another action takes nothing for sure', () => {
  const allow = { Effect: 'Allow', Action: 'iam:*', Resource: '*' };
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], 'iam:PassRole'), false);
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::111122223333:role/x' }], 'iam:PassRole'), false);
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/*' }], 'iam:PassRole'), false);
  assert.equal(denied([allow, { Effect: 'Deny', Action: 'iam:Get*', Resource: '*' }], 'iam:PassRole'), false);
  assert.equal(denied([allow, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }], 'iam:PassRole'), false);
});

test("isDeniedWherever: in a resource-based policy the Deny must cover the Allow's principals", () => {
  const allow = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/a' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
  assert.equal(denied([allow, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }], 's3:GetObject'), true);
  assert.equal(denied([allow, { Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::111122223333:role/a'] }, Action: 's3:*', Resource: '*' }], 's3:GetObject'), true);
  assert.equal(denied([allow, { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:role/b' }, Action: 's3:*', Resource: '*' }], 's3:GetObject'), false);
  assert.equal(
    denied(
      [
        { ...allow, Principal: '*' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:role/a' }, Action: 's3:*', Resource: '*' },
      ],
      's3:GetObject',
    ),
    false,
  );
});

test('actionsStillGranted keeps the actions no unconditional Deny takes away, in order', () => {
  const policy = parsePolicy(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
      ],
    }),
  );
  const actions = [{ fullName: 's3:GetObject' }, { fullName: 'iam:PassRole' }, { fullName: 'sqs:SendMessage' }];
  assert.deepEqual(actionsStillGranted(policy, policy.statements[0], actions), [{ fullName: 's3:GetObject' }, { fullName: 'sqs:SendMessage' }]);
  const noDeny = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
  assert.equal(actionsStillGranted(noDeny, noDeny.statements[0], actions), actions);
});

test("deniesCovering keeps the unconditional denies that reach all of the Allow statement's resources, whatever their actions", () => {
  const policy = parsePolicy(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::*' },
        { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::other/*' },
        { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }),
  );
  const [allow, bucketWide, , everywhere] = policy.statements;
  assert.deepEqual(
    deniesCovering(policy, allow).map((deny) => deny.statement),
    [bucketWide, everywhere],
  );
  // A Deny does not take anything away from itself.
  assert.deepEqual(
    deniesCovering(policy, everywhere).map((deny) => deny.statement),
    [],
  );
});
