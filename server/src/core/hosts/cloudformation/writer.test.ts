import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fix, Problem } from '../../checks/check';
import { checkPolicy } from '../../lint';
import { cloudFormationReader } from '../cloudformation';
import { isPlainSafe, writeYamlScalar } from './writer';

function apply(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}

/** Each finding of `rule` with its first fix as the template's writer writes it (undefined when not offered). */
function fixed(text: string, rule: string, uri = 'file:///t.yaml'): (string | undefined)[] {
  const document = cloudFormationReader.read({ text, uri })!;
  const result: (string | undefined)[] = [];
  for (const policy of document.policies) {
    for (const problem of checkPolicy(policy.policy, { policyType: policy.policyType }).filter((p: Problem) => p.ruleId === rule)) {
      const fix = problem.fixes?.[0];
      const written = fix && (policy.writeFix ? policy.writeFix(fix) : fix);
      result.push(written && apply(text, written));
    }
  }
  return result;
}

const wrap = (statement: string) => `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
${statement}`;

test('a fixed action name is written inside the scalar, whatever its quoting', () => {
  for (const written of ['s3:GetObjet', "'s3:GetObjet'", '"s3:GetObjet"', '"s3:Get\\u004fbjet"']) {
    const text = wrap(`          - Effect: Allow\n            Action: ${written}\n            Resource: "*"\n`);
    const [result] = fixed(text, 'action-unknown');
    assert.equal(result, text.replace(/Get(\\u004f|O)bjet/, 'GetObject'), written);
  }
});

test('a whole new value keeps the style of the scalar it replaces', () => {
  const text = wrap(
    `          - Effect: allow\n            Action: s3:GetObject\n            Resource: "*"\n          - Effect: 'deny'\n            Action: s3:GetObject\n            Resource: "*"\n`,
  );
  const results = fixed(text, 'effect-value');
  assert.deepEqual(results, [text.replace('Effect: allow', 'Effect: Allow'), text.replace("Effect: 'deny'", "Effect: 'Deny'")]);
});

test('a new Version in a block mapping is written quoted, so YAML reads a string and not a date', () => {
  const text = `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: 2012-10-18\n        Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]\n`;
  assert.deepEqual(fixed(text, 'version-invalid'), [text.replace('Version: 2012-10-18', "Version: '2012-10-17'")]);
});

test('a fix that adds a key to a block mapping is not offered; in a flow mapping it is written as JSON', () => {
  const block = `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/\${aws:username}/*\n`;
  assert.deepEqual(fixed(block, 'policy-variable-version'), [undefined]);
  const flow = `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/\${aws:username}/*'}]}\n`;
  const [result] = fixed(flow, 'policy-variable-version');
  assert.ok(result?.includes('PolicyDocument: {"Version": "2012-10-17", Statement:'), result);
});

test('JSON strings: fixes are JSON inside a !Sub block (with ${ escaped) and escaped inside a JSON template string', () => {
  const sub = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: !Sub |\n        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:\${AWS::Partition}:s3:::b/*"}]}\n`;
  assert.deepEqual(fixed(sub, 'action-unknown'), [sub.replace('GetObjet', 'GetObject')]);
  const json = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      P: {
        Type: 'AWS::IAM::Policy',
        Properties: { PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }) },
      },
    },
  });
  const [result] = fixed(json, 'effect-value', 'file:///t.json');
  assert.equal(JSON.parse(JSON.parse(result!).Resources.P.Properties.PolicyDocument).Statement[0].Effect, 'Allow');
});

test('a fix inside a YAML !Sub string is written there, in its quoting, with ${ escaped', () => {
  for (const quote of ["'", '"', '']) {
    const text = wrap(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub ${quote}arn:aws:s3:::\${Bucket.Arn}/*${quote}\n`);
    assert.deepEqual(fixed(text, 'arn-format'), [text.replace('arn:aws:s3:::${Bucket.Arn}', '${Bucket.Arn}')], `quoted with ${quote || 'nothing'}`);
  }
  // The same ARN in a list form of !Sub, under Fn::Sub's long form: the template is the list's first item.
  const listed = wrap(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              Fn::Sub: ['arn:aws:s3:::\${Arn}/*', {Arn: !GetAtt Bucket.Arn}]\n`);
  assert.deepEqual(fixed(listed, 'arn-format'), [listed.replace("'arn:aws:s3:::${Arn}/*'", "'${Arn}/*'")]);
  // A policy variable a fix writes there must reach IAM as it is, not be substituted by CloudFormation.
  const text = wrap(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub 'arn:aws:s3:::\${Bucket}/home/*'\n`);
  const [policy] = cloudFormationReader.read({ text, uri: 'file:///t.yaml' })!.policies;
  const at = text.indexOf('home/') + 'home/'.length;
  const written = policy.writeFix!({ title: 'Add the user name', edits: [{ span: { start: at, end: at }, newText: '${aws:username}/' }] });
  assert.equal(written && apply(text, written), text.replace('home/*', 'home/${!aws:username}/*'));
});

test('SAM policy templates and service-wrapped statements offer no fixes: their text is not in the template', () => {
  const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - SQSPollerPolicy: {QueueName: q}\n`;
  const document = cloudFormationReader.read({ text, uri: 'file:///t.yaml' })!;
  assert.equal(document.policies[0].writeFix!({ title: 'x', edits: [{ span: { start: 0, end: 1 }, newText: 'y' }] }), undefined);
});

test('plain scalars are written plain only when YAML reads them back as the same string', () => {
  for (const value of ['s3:GetObject', 'Allow', 'arn:aws:s3:::b/*', 'repo:octo/app:ref:refs/heads/main']) assert.ok(isPlainSafe(value), value);
  for (const value of ['2012-10-17', '012345678901', 'true', 'yes', 'null', '*', '- x', 'a: b', 'a #b', '', ' x', '{x}', '1e3', '!Ref']) assert.ok(!isPlainSafe(value), value);
  assert.equal(writeYamlScalar("it's", 'PLAIN'), "it's");
  assert.equal(writeYamlScalar('*', 'PLAIN'), "'*'");
  assert.equal(writeYamlScalar("it's *", 'QUOTE_SINGLE'), "'it''s *'");
  assert.equal(writeYamlScalar('a"b', 'QUOTE_DOUBLE'), '"a\\"b"');
});

test('a Lambda permission fixes its own Action scalar in YAML', () => {
  const text = `Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: 'lambda:InvokeFuncton'\n      FunctionName: !Ref Fn\n      Principal: s3.amazonaws.com\n`;
  assert.deepEqual(fixed(text, 'action-unknown'), [text.replace('InvokeFuncton', 'InvokeFunction')]);
});

test('a Lambda permission in a JSON template fixes its Action string as JSON and offers no edits of made-up keys', () => {
  const text = JSON.stringify({ Resources: { Perm: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFuncton', FunctionName: 'fn', Principal: '111122223333' } } } }, null, 2);
  assert.deepEqual(fixed(text, 'action-unknown', 'file:///t.json'), [text.replace('InvokeFuncton', 'InvokeFunction')]);
  const [permission] = cloudFormationReader.read({ text, uri: 'file:///t.json' })!.policies;
  const statement = permission.policy.statements[0];
  assert.equal(permission.writeFix!({ title: 'add', edits: [{ span: { start: statement.node.offset + 1, end: statement.node.offset + 1 }, newText: '"Sid": "x",' }] }), undefined);
});
