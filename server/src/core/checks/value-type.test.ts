import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, runCheckOnTemplateStatement, spansOf, policyWith } from '../../../../test/helpers/checks';
import { valueType } from './value-type';
import { marked } from '../../../../test/helpers/marked';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

test('value-type flags wrong types for every element', () => {
  const { actual, expected } = spansOf(
    valueType,
    '{"Version": «2012», "Statement": [{"Sid": «1», "Effect": «true», "Action": [«3», "s3:GetObject"], "Resource": «{}», "Principal": «"arn:aws:iam::111122223333:root"», "Condition": {"StringEquals": {"a": [«{}»], "b": «null»}, "Bool": «"x"»}}, «"oops"»]}',
  );
  assert.deepEqual(actual, expected);
});

test('value-type explains how to write a named principal', () => {
  const [problem] = runCheck(valueType, policyWith({ Effect: 'Allow', Principal: 'arn:aws:iam::111122223333:root', Action: '*' }));
  assert.equal(problem.message, '"Principal" as a string must be "*". Name principals in an object, for example {"AWS": "arn:aws:iam::111122223333:root"}.');
});

// DMS sweep: AWS's RDS snapshot export sample writes a key policy's `"Principal": lambdaExecutionRole.roleArn`.
test('value-type flags a string Principal known only at deploy that is an ARN whatever it becomes', () => {
  const statement = (Principal: string) => ({ Principal, Action: 'kms:CreateGrant', Resource: "'*'" });
  const [arn] = runCheckOnTemplateStatement(valueType, statement('!GetAtt ExportRole.Arn'), 'resource');
  assert.equal(arn.message, '"Principal" as a string must be "*". Name principals in an object, for example {"AWS": !GetAtt ExportRole.Arn}.');
  assert.equal(runCheckOnTemplateStatement(valueType, statement("!Sub 'arn:aws:iam::${AWS::AccountId}:root'"), 'resource').length, 1);
  // A value that may be "*" (a parameter) is left alone.
  assert.deepEqual(runCheckOnTemplateStatement(valueType, statement('!Ref PrincipalParameter'), 'resource'), []);
});

test('value-type accepts every well-typed shape', () => {
  const text = policyWith({
    Sid: 'A',
    Effect: 'Allow',
    Principal: { AWS: ['a', 'b'], Service: 's' },
    Action: ['s3:GetObject'],
    Resource: 'arn:aws:s3:::b/*',
    Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true }, StringEquals: { 'aws:PrincipalTag/t': ['a', 'b'] } },
  });
  assert.deepEqual(runCheck(valueType, text), []);
  assert.deepEqual(runCheck(valueType, '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}'), []);
});

test('value-type accepts values a template gives only at deploy time, of any shape, and still checks written ones', () => {
  // CDK's CfnJson: a custom resource's attribute that is the object of condition keys.
  const template = `Resources:
  Conditions:
    Type: Custom::AWSCDKCfnJson
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:cfn-json
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Federated: arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE}
            Action: sts:AssumeRoleWithWebIdentity
            Condition: {StringEquals: !GetAtt Conditions.Value, StringLike: «"not keys"»}
          - Effect: Allow
            Principal: {Federated: arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE}
            Action: sts:AssumeRoleWithWebIdentity
            Condition: !GetAtt Conditions.Value
      Policies:
        - PolicyName: shared
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - !ImportValue shared-statement
              - «"not a statement"»
`;
  const { text, spans } = marked(template);
  const problems = analyzeDocument({ text, uri: 'file:///w/template.yaml', languageId: 'yaml' }, { config: defaultConfiguration }).problems.filter((p) => p.ruleId === 'value-type');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
});

// AWS's SRA GuardDuty delivery bucket: `Condition:` left empty, then written again below; CloudFormation keeps the last.
test('value-type judges the value of a repeated key that is deployed, the last, not the one it replaces', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Condition": null, "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]}';
  assert.deepEqual(runCheck(valueType, text), []);
  const { actual, expected } = spansOf(valueType, '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Condition": {}, "Resource": "*", "Condition": «null»}]}');
  assert.deepEqual(actual, expected);
});
