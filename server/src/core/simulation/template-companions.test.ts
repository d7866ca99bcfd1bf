import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudFormationReader } from '../hosts/cloudformation';
import { templateAttachments } from '../hosts/cloudformation/attachments';
import { templateCompanions } from './template-companions';

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      ManagedPolicyArns: [!Ref Shared, 'arn:aws:iam::aws:policy/ReadOnlyAccess']
      Policies:
        - PolicyName: queue
          PolicyDocument:
            Statement: [{Effect: Allow, Action: sqs:ReceiveMessage, Resource: '*'}]
        - PolicyName: logs
          PolicyDocument:
            Statement: [{Effect: Allow, Action: logs:PutLogEvents, Resource: '*'}]
  Other:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: other
          PolicyDocument:
            Statement: [{Effect: Allow, Action: s3:*, Resource: '*'}]
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: sns:Publish, Resource: '*'}]
  Tables:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: tables
      Roles: [!Ref Worker]
      PolicyDocument:
        Statement: [{Effect: Allow, Action: dynamodb:GetItem, Resource: '*'}]
  Everyone:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Worker, !Ref Other]
      PolicyDocument:
        Statement: [{Effect: Deny, Action: iam:*, Resource: '*'}]
`;

const { policies } = cloudFormationReader.read({ text: template, uri: 'file:///app.yaml' })!;
const attachments = templateAttachments(template, 'yaml');
const byName = (name: string) => policies.find((policy) => policy.name === name)!;
const companionNames = (name: string) => templateCompanions(policies, byName(name), attachments);

test('templateAttachments reads Roles lists and ManagedPolicyArns that !Ref a managed policy of the template', () => {
  assert.deepEqual(Object.fromEntries(attachments), { Shared: ['Worker'], Tables: ['Worker'], Everyone: ['Worker', 'Other'] });
  assert.deepEqual(templateAttachments('Resources: [', 'yaml').size, 0);
});

test("a role's permission policy is simulated with the role's other inline policies and the policies attached to it", () => {
  const { companions, notes } = companionNames('Worker › Policies[0] › PolicyDocument');
  assert.deepEqual(
    companions.map((policy) => policy.name),
    // Everyone is attached to two roles, Worker among them: it is in play for Worker's requests.
    ['Worker › Policies[1] › PolicyDocument', 'Shared › PolicyDocument', 'Tables › PolicyDocument', 'Everyone › PolicyDocument'],
  );
  assert.deepEqual(notes, ["Worker › AssumeRolePolicyDocument decides who may assume Worker; it takes no part in the role's own requests."]);
});

test("a managed policy attached to one role brings that role's policies; one attached to two roles is simulated alone", () => {
  assert.deepEqual(
    companionNames('Shared › PolicyDocument').companions.map((policy) => policy.name),
    ['Worker › Policies[0] › PolicyDocument', 'Worker › Policies[1] › PolicyDocument', 'Tables › PolicyDocument', 'Everyone › PolicyDocument'],
  );
  const shared = companionNames('Everyone › PolicyDocument');
  assert.deepEqual(shared.companions, []);
  assert.deepEqual(shared.notes, ['Everyone is attached to Worker, Other; it is simulated alone, without the policies of any one of them.']);
});

test('a trust policy is simulated alone', () => {
  assert.deepEqual(companionNames('Worker › AssumeRolePolicyDocument'), { companions: [], notes: [] });
});
