import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { statementFitsOf } from './action-resource-fit';
import { parsePolicy } from './parse-policy';

const catalog = getCatalog();
const fitsOf = (statements: unknown[]) => statementFitsOf(parsePolicy(JSON.stringify({ Statement: statements })), catalog);

test('statementFitsOf tells which actions and resources fit each other', () => {
  const [fit] = fitsOf([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 'iam:ListRoles', 's3:Get*'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:sqs:*:*:q'] }]);
  assert.deepEqual(
    fit.actions.map((a) => [a.value.value, a.fits, a.starOnly]),
    [
      ['s3:GetObject', true, false],
      ['s3:ListBucket', false, false],
      ['iam:ListRoles', false, true],
      ['s3:Get*', true, false],
    ],
  );
  assert.ok(fit.actions[3].actions.length > 10);
  assert.deepEqual(
    fit.resources.map((r) => [r.value.value, r.used]),
    [
      ['arn:aws:s3:::b/*', true],
      ['arn:aws:sqs:*:*:q', false],
    ],
  );
  assert.equal(fit.complete, true);
});

test('statementFitsOf marks statements with unknown or cross-service wildcard actions incomplete', () => {
  const [unknown, wildcard] = fitsOf([
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:NoSuchThing'], Resource: 'arn:aws:s3:::b/*' },
    { Effect: 'Allow', Action: ['*:Get*'], Resource: 'arn:aws:s3:::b/*' },
  ]);
  assert.equal(unknown.complete, false);
  assert.deepEqual(
    unknown.actions.map((a) => a.value.value),
    ['s3:GetObject'],
  );
  assert.equal(wildcard.complete, false);
  assert.deepEqual(wildcard.actions, []);
});

test('statementFitsOf skips statements it cannot judge', () => {
  assert.deepEqual(
    fitsOf([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b', 'bucket'] },
      { Effect: 'Allow', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::b' },
      { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b' },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: [] },
    ]),
    [],
  );
});

test('an action without resource types fits only a service-wide pattern of its service', () => {
  const [wide, narrow] = fitsOf([
    { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' },
    { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::b' },
  ]);
  assert.equal(wide.actions[0].fits, true);
  assert.equal(narrow.actions[0].fits, false);
  assert.equal(narrow.resources[0].used, true, 'not a sure fit, but not unused either');
});

test('statementFitsOf answers for the texts of each parse, though it keeps answers by Action list and resources', () => {
  const statement = (resource: unknown) => ({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: resource });
  const summary = (fit: ReturnType<typeof fitsOf>[number]) => [fit.actions.map((a) => a.fits), fit.resources.map((r) => [r.value.value, r.used])];
  const objects = summary(fitsOf([statement('arn:aws:s3:::b/*')])[0]);
  assert.deepEqual(objects, [[true, false], [['arn:aws:s3:::b/*', true]]]);
  // An edit of the resource changes the answer, and the edit undone gives the first answer back.
  assert.deepEqual(summary(fitsOf([statement('arn:aws:s3:::b')])[0]), [[false, true], [['arn:aws:s3:::b', true]]]);
  assert.deepEqual(summary(fitsOf([statement('arn:aws:s3:::b/*')])[0]), objects);
  // One resource holding a line break is not the two resources it would join into.
  const [joined, two] = fitsOf([statement('arn:aws:s3:::b/*\narn:aws:s3:::b'), statement(['arn:aws:s3:::b/*', 'arn:aws:s3:::b'])]);
  assert.deepEqual(summary(joined), [[true, false], [['arn:aws:s3:::b/*\narn:aws:s3:::b', true]]]);
  assert.deepEqual(summary(two), [
    [true, true],
    [
      ['arn:aws:s3:::b/*', true],
      ['arn:aws:s3:::b', true],
    ],
  ]);
  assert.equal(fitsOf([statement(['arn:aws:s3:::b/*', 'bucket'])]).length, 0, 'a resource that is no ARN');
});
