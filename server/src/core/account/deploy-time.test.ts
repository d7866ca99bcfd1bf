// Condition entries whose values are known only at deploy (deploy-time.ts): never left out, so that an answer is
// Allowed only where every deployed value would allow it. Operator semantics from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html and policy
// variables from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountEvaluator } from './account-evaluator';
import { chosenDocument, DeployString, deployTimeDocument, type DeployValue } from './deploy-time';
import { readTemplateAccount } from './from-cloudformation';
import { whoCan } from './who-can';

const region = { source: 'AWS::Region' };
const api = { source: 'Ref Api', pattern: 'arn:aws:execute-api:*:111122223333:*' };

function conditionOf(condition: { [key: string]: DeployValue }, version = true): unknown {
  const { document } = deployTimeDocument({ ...(version ? { Version: '2012-10-17' } : {}), Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }] });
  return (document.Statement as Record<string, unknown>[])[0].Condition;
}

test('an ARN entry with unknown parts: `*` (or the known pattern) under its operator, the deploy-time variables under its twin', () => {
  const source = new DeployString(['arn:aws:logs:', region, ':111122223333:log-group:/app:*']);
  assert.deepEqual(conditionOf({ ArnLike: { 'aws:SourceArn': source } }), {
    ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:111122223333:log-group:/app:*' },
    ArnEquals: { 'aws:SourceArn': 'arn:aws:logs:${deploy-time:AWS::Region}:111122223333:log-group:/app:*' },
    StringLike: { 'deploy-time:AWS::Region': '*' },
  });
  // A whole ARN known only at deploy, of a known form; the twin written by the template keeps its own value.
  assert.deepEqual(conditionOf({ ArnEquals: { 'aws:SourceArn': new DeployString([api]) }, ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:111122223333:*' } }), {
    ArnEquals: { 'aws:SourceArn': '${deploy-time:Ref/Api}' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:execute-api:us-east-1:111122223333:*' },
    StringLike: { 'deploy-time:Ref/Api': '*' },
  });
});

test('exact, negated and set operators with unknown parts hold the deploy-time variables, with no wildcard copy', () => {
  const org = new DeployString([{ source: 'Ref OrgId' }]);
  const service = new DeployString(['s3.', region, '.amazonaws.com']);
  assert.deepEqual(
    conditionOf({ StringEquals: { 'aws:PrincipalOrgID': org }, StringNotEquals: { 'kms:ViaService': service }, 'ForAnyValue:ArnLike': { 'aws:SourceArn': [new DeployString([api])] } }),
    {
      StringEquals: { 'aws:PrincipalOrgID': '${deploy-time:Ref/OrgId}' },
      StringNotEquals: { 'kms:ViaService': 's3.${deploy-time:AWS::Region}.amazonaws.com' },
      'ForAnyValue:ArnLike': { 'aws:SourceArn': ['${deploy-time:Ref/Api}'] },
      StringLike: { 'deploy-time:Ref/OrgId': '*', 'deploy-time:AWS::Region': '*', 'deploy-time:Ref/Api': '*' },
    },
  );
  // A key that cannot be a variable's name keeps its spelling for the wait; the variable gets `_` in its place.
  assert.deepEqual(conditionOf({ StringEquals: { 'aws:ResourceTag/team': new DeployString([{ source: 'var.teams["a"]' }]) } }), {
    StringEquals: { 'aws:ResourceTag/team': '${deploy-time:var.teams__a__}' },
    StringLike: { 'deploy-time:var.teams["a"]': '*' },
  });
});

test('without Version 2012-10-17, or with an operator that takes no variables, the entry waits on deploy-time:<operator>/<key>', () => {
  const org = new DeployString([{ source: 'Ref OrgId' }]);
  assert.deepEqual(conditionOf({ StringEquals: { 'aws:PrincipalOrgID': org } }, false), {
    StringLike: { 'deploy-time:StringEquals/aws:PrincipalOrgID': '*', 'deploy-time:Ref/OrgId': '*' },
  });
  assert.deepEqual(conditionOf({ IpAddress: { 'aws:SourceIp': new DeployString([{ source: 'Ref Cidr' }]) }, Bool: { 'aws:SecureTransport': 'true' } }), {
    Bool: { 'aws:SecureTransport': 'true' },
    StringLike: { 'deploy-time:IpAddress/aws:SourceIp': '*', 'deploy-time:Ref/Cidr': '*' },
  });
});

const BUCKET_TEMPLATE = `
Parameters:
  OrgId:
    Type: String
Resources:
  Reader:
    Type: AWS::IAM::User
    Properties:
      UserName: reader
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: Organization
            Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: arn:aws:s3:::data/*
            Condition:
              StringEquals:
                aws:PrincipalOrgID: !Ref OrgId
`;

test('who-can: a bucket policy open to an organization known only at deploy is Conditional until the organization is given, then exact', () => {
  const account = readTemplateAccount(BUCKET_TEMPLATE, 'bucket.yaml', { accountId: '111122223333' }).account!;
  const answer = (context: Record<string, string>) =>
    whoCan(new AccountEvaluator(account, { context }), 's3:GetObject', 'arn:aws:s3:::data/report.csv').allowed.map((e) => [
      e.principal,
      e.decision,
      e.conditions?.map((c) => `${c.statement} ${c.operator} ${c.key}`) ?? e.via.map((v) => v.statement),
    ]);
  const reader = 'arn:aws:iam::111122223333:user/reader';
  // Before: the entry was left out, so giving the organization's id (any id) answered Allowed whatever the caller's.
  // Anyone ("*") in the organization may read, the account's reader among them.
  const waiting = ['Conditional', ['Organization StringEquals aws:PrincipalOrgID (variable deploy-time:Ref/OrgId)']];
  assert.deepEqual(answer({ 'aws:PrincipalOrgID': 'o-theirs' }), [
    [reader, ...waiting],
    ['*', ...waiting],
  ]);
  assert.deepEqual(answer({ 'aws:PrincipalOrgID': 'o-ours', 'deploy-time:Ref/OrgId': 'o-ours' }), [
    [reader, 'Allowed', ['Organization']],
    ['*', 'Allowed', ['Organization']],
  ]);
  assert.deepEqual(answer({ 'aws:PrincipalOrgID': 'o-theirs', 'deploy-time:Ref/OrgId': 'o-ours' }), []);
});

test('a Resource that starts with an unknown ARN and goes on stands for any ARN there; an unknown in the middle for any text', () => {
  const bucketArn = { source: 'Ref BucketArn' };
  const { document } = deployTimeDocument({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [new DeployString([bucketArn, '/*']), new DeployString(['arn:aws:s3:::', { source: 'Ref Name' }, '/*']), new DeployString([{ source: 'Ref Whole' }])],
      },
    ],
  });
  // `*/*` would bind its first `*` to the ARN's first segment and match no ARN at all.
  assert.deepEqual((document.Statement as Record<string, unknown>[])[0].Resource, ['arn:*:*:*:*:*/*', 'arn:aws:s3:::*/*', '*']);
});

test('the sources of deploy-time values are named on one line, however the expression is written', () => {
  const written = { source: 'concat(\n    [var.admin_arn],\n    var.reader_arns,\n  )' };
  const { placeholders } = deployTimeDocument({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: new DeployString([written]) } }],
  });
  assert.deepEqual(placeholders, ['concat( [var.admin_arn], var.reader_arns, )']);
});

test('a chosen document keeps each statement and its own conditions, and adds the choices as exact deploy-time keys', () => {
  const document = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Tagged', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' }, Bool: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
    ],
  };
  const chosen = chosenDocument(document, [
    { source: 'Condition UseLogs', value: 'true' },
    { source: 'Ref Access', value: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  ]);
  const choices = { 'deploy-time:Condition/UseLogs': 'true', 'deploy-time:Ref/Access': 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
  assert.deepEqual(chosen.Statement, [
    { ...document.Statement[0], Condition: { StringEquals: { 'aws:ResourceTag/team': 'red', ...choices }, Bool: { 'aws:SecureTransport': 'true' } } },
    { ...document.Statement[1], Condition: { StringEquals: choices } },
  ]);
  // The document given is not changed.
  assert.equal('Condition' in document.Statement[1], false);
});
