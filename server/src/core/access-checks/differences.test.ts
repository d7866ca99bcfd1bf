import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { checkNoNewAccess } from './checks';

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

test('describe: a Principal widened to everyone is a wider principal, the witness an anonymous caller', () => {
  const old = policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);
  const next = policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);
  const result = checkNoNewAccess(old, next, { policyType: 'resource', describe: true });
  assert.deepEqual(result.differences, [
    {
      actions: ['s3:GetObject'],
      future: false,
      services: [{ service: 's3', accessLevel: 'Read', actions: ['s3:GetObject'] }],
      witness: { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: {} },
      kind: 'wider-principal',
      oldStatement: 'Allow statement 1',
      oldValues: ['AWS: arn:aws:iam::111122223333:root'],
      detail: "The old policy's Allow statement 1 allowed s3:GetObject to other principals; the new policy also allows it to an anonymous caller.",
    },
  ]);
});

test('describe: every condition of the nearest old statement the witness fails is listed, with its values', () => {
  const old = policy([
    { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
  ]);
  const next = policy([{ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*' }]);
  const [difference] = checkNoNewAccess(old, next, { describe: true }).differences!;
  assert.equal(difference.kind, 'looser-condition');
  assert.deepEqual(difference.conditions, [
    { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1'] },
    { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
  ]);
});

test('describe: no old policy (added to a template): every class is a new action; without describe, no differences', () => {
  const next = policy([{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: '*' }]);
  const described = checkNoNewAccess(null, next, { describe: true });
  assert.equal(described.reasons[0], 'The policy is new: it allows 2 actions (sqs:DeleteMessage, sqs:ReceiveMessage), all new access.');
  assert.deepEqual(
    described.differences!.map((d) => [d.kind, d.actions, d.detail]),
    [['new-action', ['sqs:DeleteMessage', 'sqs:ReceiveMessage'], 'The policy is new: it allows sqs:DeleteMessage.']],
  );
  assert.equal(checkNoNewAccess(null, next).differences, undefined);
  assert.equal(checkNoNewAccess(next, next, { describe: true }).differences, undefined, 'a PASS has nothing to describe');
});

test('describe on template policies: placeholders are shown as written in witnesses, old values and conditions', () => {
  const template = (condition: string) => `Resources:
  Topic:
    Type: AWS::SNS::Topic
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: !Ref Topic
${condition}`;
  const read = (text: string) => analyzeDocument({ text, uri: 'file:///t.yaml' }, { config: defaultConfiguration }).policies[0].policy;
  const old = read(template(`            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n`));
  const next = read(template(''));
  const result = checkNoNewAccess(old, next, { describe: true });
  assert.equal(result.result, 'FAIL');
  const [difference] = result.differences!;
  assert.deepEqual(difference.witness, { action: 'sns:Publish', resource: '${Topic}', principal: 'arn:aws:iam::111122223333:user/witness', context: {} });
  assert.deepEqual(difference.conditions, [{ operator: 'StringEquals', key: 'aws:SourceAccount', values: ['${AWS::AccountId}'] }]);
  assert.equal(result.witness!.resource, '${Topic}');
  assert.match(result.reasons.at(-1)!, /^Values known only at deploy time \(\$\{Topic\}, \$\{AWS::AccountId\}\) were read as fixed values/);
});
