import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../policy/parse-policy';
import { actionsStillGranted, deniesCovering, isDeniedWherever } from './policy-denies';
import { getCatalog } from '../catalog/catalog';

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

test('isDeniedWherever answers as asking each covering Deny in turn, for random Action and NotAction lists', () => {
  // The denies are asked as one merged index; each Deny's own matchSpan is the reference it must agree with.
  const names = getCatalog()
    .services()
    .filter((service) => ['s3', 'iam', 'ec2', 'kms', 'sqs'].includes(service.prefix))
    .flatMap((service) => service.actions.map((action) => action.fullName));
  let seed = 12345;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(items: readonly T[]) => items[random(items.length)];
  const value = () => {
    const name = pick(names);
    const [prefix, action] = name.split(':');
    switch (random(9)) {
      case 0:
        return `${prefix}:${action.slice(0, 1 + random(action.length))}*`;
      case 1:
        return `${prefix}:*${action.slice(random(action.length))}`;
      case 2:
        return `${prefix.slice(0, 1)}*:${action.slice(0, 3)}*`;
      case 3:
        return name.toUpperCase();
      case 4:
        return `${prefix}:${action.replace(/[aeiou]/, '?')}`;
      case 5:
        return random(4) === 0 ? '*' : `${prefix}:*`;
      default:
        return name;
    }
  };
  for (let round = 0; round < 40; round++) {
    const denies = Array.from({ length: 1 + random(6) }, () => ({
      Effect: 'Deny',
      [random(5) === 0 ? 'NotAction' : 'Action']: Array.from({ length: 1 + random(5) }, value),
      Resource: '*',
    }));
    const policy = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, ...denies] }));
    const allow = policy.statements[0];
    const covering = deniesCovering(policy, allow);
    assert.equal(covering.length, denies.length);
    const asked = Array.from({ length: 300 }, () => pick(names));
    for (const name of asked) {
      const expected = covering.some((deny) => deny.matchSpan(name) !== undefined);
      assert.equal(isDeniedWherever(policy, allow, name), expected, `${name} against ${JSON.stringify(denies)}`);
    }
    const kept = actionsStillGranted(
      policy,
      allow,
      asked.map((fullName) => ({ fullName })),
    );
    assert.deepEqual(
      kept.map((action) => action.fullName),
      asked.filter((name) => !covering.some((deny) => deny.matchSpan(name) !== undefined)),
    );
  }
});
