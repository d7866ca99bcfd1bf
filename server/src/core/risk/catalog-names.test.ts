import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog } from '../catalog/catalog';
import { escalationMethods } from './escalation-methods';
import { changesResourceAccess, credentialActions, dataReadActions } from './sensitive-actions';
import { confusedDeputyServices } from './trust';

// The risk tables are written by hand; a typo would silently disable a finding.
test('every action the risk tables name exists in the catalog', () => {
  const catalog = getCatalog();
  const names = [...credentialActions, ...dataReadActions, ...escalationMethods.flatMap((method) => method.actions)];
  assert.deepEqual(
    names.filter((name) => !catalog.findAction(name)),
    [],
  );
  for (const method of escalationMethods) {
    for (const action of Object.keys(method.scope ?? {})) assert.ok(method.actions.includes(action), `${method.description}: scope of ${action}`);
    if (method.actions.includes('iam:PassRole')) assert.ok(method.passedTo?.endsWith('.amazonaws.com'), `${method.description} names the service it passes to`);
  }
});

test('changesResourceAccess keeps policy, ACL and grant writers and drops reads, removals and IAM identity changes', () => {
  const catalog = getCatalog();
  const opens = (name: string) => changesResourceAccess(catalog.findAction(name)!);
  for (const name of ['s3:PutBucketPolicy', 's3:PutObjectAcl', 'kms:CreateGrant', 'lambda:AddPermission', 'ec2:ModifySnapshotAttribute', 'iam:UpdateAssumeRolePolicy']) assert.ok(opens(name), name);
  for (const name of ['s3:GetBucketPolicy', 's3:DeleteBucketPolicy', 'kms:RevokeGrant', 'iam:AttachUserPolicy', 'glue:ListEntities', 's3:PutObject']) assert.ok(!opens(name), name);
  // IoT Core's policies say what a device may do, as identity policies do.
  for (const name of ['iot:CreatePolicy', 'iot:AttachPolicy', 'iot:CreatePolicyVersion']) assert.ok(!opens(name), name);
});

test('the confused-deputy services are service principals and leave out compute roles', () => {
  for (const service of confusedDeputyServices) assert.match(service, /^[a-z0-9-]+(?:\.[a-z0-9-]+)?\.amazonaws\.com$/);
  for (const service of ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) assert.ok(!confusedDeputyServices.has(service));
});
