import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountEvaluator } from './account-evaluator';
import { readTemplateAccount } from './from-cloudformation';
import { assumersOf, whoCan } from './who-can';

// who-can lists the principals outside the account that a resource-based policy allows: other accounts and their
// principals, identity providers and anyone, beside the account's own users and roles and the services.

const account = readTemplateAccount(
  `
Parameters:
  Trusted: { Type: String }
Resources:
  Vendor:
    Type: AWS::IAM::Role
    Properties:
      RoleName: vendor
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: ['arn:aws:iam::444455556666:root', '777788889999', 'arn:aws:iam::111122223333:root', !Sub 'arn:aws:iam::\${Trusted}:root'] }
            Action: sts:AssumeRole
            Condition: { StringEquals: { sts:ExternalId: 'vendor-42' } }
          - Effect: Allow
            Principal: { Federated: arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*' } }
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: !Ref Trusted }
            Action: sts:AssumeRole
  Site:
    Type: AWS::S3::Bucket
    Properties: { BucketName: site }
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::site/*' }
          - { Effect: Allow, Principal: { AWS: !Ref Trusted }, Action: s3:PutObject, Resource: 'arn:aws:s3:::site/*' }
  Generated:
    Type: AWS::S3::Bucket
  GeneratedPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Generated
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - { Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: !Sub '\${Generated.Arn}/*' }
`,
  'template.yaml',
  { accountId: '111122223333' },
).account!;

const outsiders = (action: string, resource: string) =>
  whoCan(new AccountEvaluator(account), action, resource)
    .allowed.filter((entry) => entry.type !== 'user' && entry.type !== 'role')
    .map((entry) => [entry.type, entry.principal, entry.decision, entry.conditions?.map((c) => c.key)]);

test("who-can names the other accounts a role's trust policy admits, an account ID as its root, and not the account itself", () => {
  // Before, who-can listed only the account's principals and services: nobody could assume the vendor role.
  assert.deepEqual(outsiders('sts:AssumeRole', 'arn:aws:iam::111122223333:role/vendor'), [
    ['other-account', 'arn:aws:iam::444455556666:root', 'Conditional', ['sts:ExternalId']],
    ['other-account', 'arn:aws:iam::777788889999:root', 'Conditional', ['sts:ExternalId']],
  ]);
});

test('who-can names the identity provider whose users a trust policy admits', () => {
  assert.deepEqual(outsiders('sts:AssumeRoleWithWebIdentity', 'arn:aws:iam::111122223333:role/vendor'), [
    ['federated', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', 'Conditional', ['token.actions.githubusercontent.com:sub']],
  ]);
});

test('who-can names anyone for a public bucket, but not a principal known only at deploy, which the account reads as "*"', () => {
  assert.deepEqual(outsiders('s3:GetObject', 'arn:aws:s3:::site/index.html'), [['anyone', '*', 'Allowed', undefined]]);
  assert.deepEqual(outsiders('s3:PutObject', 'arn:aws:s3:::site/index.html'), []);
});

test('who-can names anyone for a public bucket whose name CloudFormation generates, waiting on the bucket', () => {
  assert.deepEqual(outsiders('s3:GetObject', 'arn:aws:s3:::stack-generated-1a2b/index.html'), [['anyone', '*', 'Conditional', ['deploy-time:Generated.Arn']]]);
});

test('a service known only at deploy, which the account reads as "*", is no assumer to name', () => {
  // Before, the role was "assumable by: *", as if anyone could assume it.
  assert.deepEqual(assumersOf(new AccountEvaluator(account), account.roles.get('arn:aws:iam::111122223333:role/worker')!), []);
});

test('a role only another account and an identity provider can assume lists them as its assumers', () => {
  // The vendor role holds no permission to list it by; ask for its assumers directly.
  const evaluator = new AccountEvaluator(account);
  assert.deepEqual(assumersOf(evaluator, account.roles.get('arn:aws:iam::111122223333:role/vendor')!), [
    // The trust names an account known only at deploy, which may be this one.
    { principal: 'arn:aws:iam::111122223333:role/worker', decision: 'Conditional' },
    { principal: 'arn:aws:iam::444455556666:root', decision: 'Conditional' },
    { principal: 'arn:aws:iam::777788889999:root', decision: 'Conditional' },
    { principal: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', decision: 'Conditional' },
  ]);
});
