import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { checkAccessNotGranted, checkNoNewAccess, checkNoPublicAccess } from './checks';
import { DeployTimeValues } from './deploy-time-values';

const trustTemplate = (principal: string) => `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: ${principal}
            Action: sts:AssumeRole
`;
const read = (text: string) => analyzeDocument({ text, uri: 'file:///t.yaml' }, { config: defaultConfiguration }).policies[0].policy;

test('a placeholder is one literal wherever it is written; restore writes it back; the partition is aws', () => {
  const values = new DeployTimeValues();
  const first = values.substitute(read(trustTemplate('!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"')));
  const second = values.substitute(read(trustTemplate('!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"')));
  const principalOf = (policy: typeof first) => policy.statements[0].principal!.entries[0].values[0];
  assert.equal(principalOf(first).value, 'arn:aws:iam::999900000002:root');
  assert.equal(principalOf(second).value, principalOf(first).value);
  assert.equal(principalOf(first).placeholders, undefined);
  assert.deepEqual(values.sources, ['${AWS::AccountId}']);
  assert.equal(values.restore('arn:aws:iam::999900000002:user/witness'), 'arn:aws:iam::${AWS::AccountId}:user/witness');
  const plain = read(trustTemplate('"arn:aws:iam::111122223333:root"'));
  assert.equal(values.substitute(plain), plain, 'a policy without placeholders is returned as it is');
});

test('no-public-access: the account placeholder is the policy own account, not an outsider', () => {
  const own = checkNoPublicAccess(read(trustTemplate('!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"')), 'AWS::IAM::AssumeRolePolicyDocument');
  assert.equal(own.result, 'PASS', own.reasons.join(' '));
  const anyone = checkNoPublicAccess(read(trustTemplate('"*"')), 'AWS::IAM::AssumeRolePolicyDocument');
  assert.equal(anyone.result, 'FAIL');
});

test('no-new-access: a placeholder changed to another is new access; the same placeholder is not', () => {
  const before = read(trustTemplate('!GetAtt DeployUser.Arn'));
  assert.equal(checkNoNewAccess(before, read(trustTemplate('!GetAtt DeployUser.Arn')), { policyType: 'resource' }).result, 'PASS');
  const changed = checkNoNewAccess(before, read(trustTemplate('!GetAtt OtherUser.Arn')), { policyType: 'resource' });
  assert.equal(changed.result, 'FAIL');
  assert.equal(changed.witness!.principal, '${OtherUser.Arn}');
  const granted = checkAccessNotGranted(before, { actions: ['sts:AssumeRole'], policyType: 'resource' });
  assert.equal(granted.witness!.principal, '${DeployUser.Arn}');
});

test('a Condition whose keys are known only at deploy time (CDK CfnJson) makes every check UNKNOWN, saying why', () => {
  const bucketPolicy = (condition: string) =>
    read(`Resources:
  Conditions:
    Type: Custom::AWSCDKCfnJson
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:cfn-json
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::logs/*
            Condition: ${condition}
`);
  const reason = 'The policy cannot be evaluated: the Condition of statement 1 is known only at deploy time, so which keys it tests cannot be read.';
  for (const condition of ['{StringEquals: !GetAtt Conditions.Value}', '!GetAtt Conditions.Value']) {
    const policy = bucketPolicy(condition);
    const publicAccess = checkNoPublicAccess(policy, 'AWS::S3::Bucket');
    assert.equal(publicAccess.result, 'UNKNOWN', condition);
    assert.deepEqual(publicAccess.reasons, [reason]);
    assert.equal(checkAccessNotGranted(policy, { actions: ['s3:GetObject'], policyType: 'resource' }).result, 'UNKNOWN');
  }
  // Keys written out, with a value known at deploy time, are read as before.
  assert.equal(checkNoPublicAccess(bucketPolicy('{StringEquals: {aws:PrincipalOrgID: !GetAtt Conditions.Value}}'), 'AWS::S3::Bucket').result, 'PASS');
});
