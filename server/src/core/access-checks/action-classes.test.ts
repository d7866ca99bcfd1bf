// The search groups the catalog's actions by the statements they meet. A service that no glob of any statement can
// meet (every statement names other services, or "*" meets all) is grouped once for all of its actions; the others
// action by action. Either way a FAIL lists exactly the actions the new policy adds, in catalog order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { checkNoNewAccess } from './index';

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const everyAction = () =>
  getCatalog()
    .services()
    .flatMap((service) => service.actions.map((action) => action.fullName));
const before = policy([{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }]);

test('NotAction: every action of the catalog but those it names and those the old policy allowed', () => {
  const result = checkNoNewAccess(before, policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]));
  assert.equal(result.result, 'FAIL');
  const added = everyAction().filter((name) => !/^(iam:|s3:get)/i.test(name));
  assert.ok(added.length > 20_000, `${added.length} actions`);
  assert.deepEqual(result.actions, added);
});

test('"*" with a Deny: the denied service is matched action by action, every other one as a whole', () => {
  const result = checkNoNewAccess(
    before,
    policy([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:Put*', Resource: '*' },
    ]),
  );
  assert.equal(result.result, 'FAIL');
  const added = everyAction().filter((name) => !/^s3:(get|put)/i.test(name));
  assert.ok(added.some((name) => name.startsWith('s3:')) && added.some((name) => name.startsWith('ec2:')));
  assert.deepEqual(result.actions, added);
});

test('a NotAction that names nothing of a service, beside an Allow of one of its actions, keeps them apart', () => {
  // sqs:SendMessage meets both Allows, every other sqs action only the NotAction one: two groups within sqs.
  const result = checkNoNewAccess(
    policy([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]),
    policy([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
      { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' },
    ]),
  );
  assert.equal(result.result, 'FAIL');
  assert.equal(result.witness!.resource, 'arn:aws:sqs:us-east-1:111122223333:q');
  assert.ok(!result.actions!.includes('sqs:SendMessage'));
  assert.ok(result.actions!.includes('sqs:DeleteQueue'));
});
