// Bucket, key, queue, topic and secret policies written in templates and modules take part in the account questions
// as AWS evaluates them: within one account an Allow in the identity-based or the resource-based policy is enough, an
// explicit Deny in either denies, and a KMS key policy must allow the principal itself (or delegate to the account).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
// Answers worked out by hand from test/fixtures/account/resource-policies.yaml and resource-policies-tf/main.tf.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { AccountEvaluator } from './account-evaluator';
import { readTemplateAccount } from './from-cloudformation';
import { readModuleAccount } from './from-terraform';
import { resourceLabelOf, resourcePolicyOf, type Account } from './model';
import { findPrincipal } from './principal-policies';
import { whatCan } from './what-can';
import { whoCan } from './who-can';
import { getCatalog } from '../catalog/catalog';

before(() => loadTerraformParser());

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'account');
const arn = (name: string) => `arn:aws:iam::000000000000:${name}`;
const OBJECT = 'arn:aws:s3:::reports-bucket/q1.csv';
const KEY = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function template(text: string, file = 'template.yaml'): Account {
  const result = readTemplateAccount(text, file);
  assert.equal(result.error, undefined);
  return result.account!;
}

function fromTemplate(): Account {
  return template(readFileSync(join(fixtures, 'resource-policies.yaml'), 'utf8'), 'resource-policies.yaml');
}

function fromModule(): Account {
  const result = readModuleAccount([{ file: 'main.tf', text: readFileSync(join(fixtures, 'resource-policies-tf', 'main.tf'), 'utf8') }]);
  assert.equal(result.error, undefined);
  return result.account!;
}

const answers = (account: Account, action: string, resource: string) =>
  whoCan(new AccountEvaluator(account), action, resource).allowed.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => `${via.kind} ${via.policy} ${via.statement}`)]);

const decision = (account: Account, who: string, action: string, resource: string) => {
  const principal = findPrincipal(account, who);
  assert.ok(typeof principal !== 'string');
  return new AccountEvaluator(account).decide(principal, action, resource).decision;
};

for (const [label, read, bucketPolicy, keyPolicy] of [
  ['template', fromTemplate, 'bucket policy ReportsBucketPolicy', 'key policy DataKey'],
  ['module', fromModule, 'bucket policy aws_s3_bucket_policy.reports', 'key policy aws_kms_key.data'],
] as const) {
  test(`${label}: a bucket policy grants a role what its identity policy lacks, and its Deny removes a user`, () => {
    const account = read();
    assert.deepEqual(answers(account, 's3:GetObject', OBJECT), [
      [arn('user/analyst'), 'Allowed', ['inline ReadReports ReadReports']],
      // reader's own policy allows only s3:ListBucket: the bucket policy names its ARN.
      [arn('role/reader'), 'Allowed', [`resource ${bucketPolicy} ReaderGetsReports`]],
    ]);
    // intern's identity policy allows s3:GetObject on everything; NoInterns denies it on the bucket only.
    assert.equal(decision(account, 'intern', 's3:GetObject', OBJECT), 'ExplicitlyDenied');
    assert.equal(decision(account, 'intern', 's3:GetObject', 'arn:aws:s3:::other-bucket/q1.csv'), 'Allowed');
    // The bucket policy governs the bucket and its objects, nothing else.
    assert.equal(decision(account, 'reader', 's3:GetObject', 'arn:aws:s3:::other-bucket/q1.csv'), 'ImplicitlyDenied');
  });

  test(`${label}: a key policy that does not allow a role keeps it out despite its identity Allow`, () => {
    const account = read();
    assert.deepEqual(answers(account, 'kms:Decrypt', KEY), [[arn('role/key-admin'), 'Allowed', [`resource ${keyPolicy} KeyAdminOnly`]]]);
    assert.equal(decision(account, 'crypto', 'kms:Decrypt', KEY), 'ImplicitlyDenied');
    // A key of another account is not governed by this key policy: crypto's identity Allow is all there is to evaluate.
    assert.equal(decision(account, 'crypto', 'kms:Decrypt', 'arn:aws:kms:us-east-1:444455556666:key/k'), 'ImplicitlyDenied');
  });
}

test('the resources each policy governs, deploy-time parts named, and where the policy is written', () => {
  const account = fromTemplate();
  assert.deepEqual(
    account.resourcePolicies.map((entry) => [entry.type, entry.resources.map(resourceLabelOf), entry.policy.kind, entry.policy.written?.statements.map((s) => s.sid)]),
    [
      ['AWS::S3::BucketPolicy', ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::reports-bucket/*'], 'resource', ['ReaderGetsReports', 'NoInterns']],
      ['AWS::KMS::Key', ['arn:aws:kms:${AWS::Region}:000000000000:key/${Ref DataKey}'], 'resource', ['KeyAdminOnly']],
    ],
  );
  assert.equal(resourcePolicyOf(account, KEY)?.type, 'AWS::KMS::Key');
  assert.equal(resourcePolicyOf(account, 'arn:aws:kms:us-east-1:000000000000:alias/data'), undefined);
  const module = fromModule();
  assert.deepEqual(
    module.resourcePolicies.map((entry) => [entry.type, entry.resources.map(resourceLabelOf)]),
    [
      ['aws_s3_bucket_policy', ['arn:aws:s3:::reports-bucket', 'arn:aws:s3:::reports-bucket/*']],
      ['aws_kms_key', ['arn:aws:kms:${data.aws_region.current.name}:000000000000:key/${aws_kms_key.data.key_id}']],
    ],
  );
});

test('queue, topic and secret policies: the resources they name, by reference or written out', () => {
  const account = template(`
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }
  Events:
    Type: AWS::SNS::Topic
  DefaultKey:
    Type: AWS::KMS::Key
  Token:
    Type: AWS::SecretsManager::Secret
    Properties: { Name: token }
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Jobs, https://sqs.eu-west-1.amazonaws.com/111122223333/legacy, not-a-url]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: '111122223333' }, Action: sqs:SendMessage, Resource: '*' }] }
  EventsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Events]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: '111122223333' }, Action: sns:Publish, Resource: '*' }] }
  TokenPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref Token
      ResourcePolicy: { Statement: [{ Effect: Deny, Principal: '*', Action: secretsmanager:DeleteSecret, Resource: '*' }] }
`);
  assert.deepEqual(
    account.resourcePolicies.map((entry) => [entry.type, entry.resources.map(resourceLabelOf)]),
    [
      ['AWS::SQS::QueuePolicy', ['arn:aws:sqs:${AWS::Region}:000000000000:jobs', 'arn:aws:sqs:eu-west-1:111122223333:legacy']],
      ['AWS::SNS::TopicPolicy', ['arn:aws:sns:${AWS::Region}:000000000000:${Ref Events}']],
      ['AWS::SecretsManager::ResourcePolicy', ['arn:aws:secretsmanager:${AWS::Region}:000000000000:secret:token-??????']],
    ],
  );
  assert.ok(account.warnings.includes('template.yaml: Resources.JobsPolicy.Properties.Queues[2] is not a queue URL; that queue is left out.'), account.warnings.join('\n'));
  assert.equal(resourcePolicyOf(account, 'arn:aws:secretsmanager:us-east-1:000000000000:secret:token-a1b2c3')?.type, 'AWS::SecretsManager::ResourcePolicy');
  // A key without KeyPolicy has the default key policy (IAM policies decide): no resource policy, no warning.
  assert.ok(!account.warnings.some((warning) => warning.includes('DefaultKey')), account.warnings.join('\n'));
  assert.equal(resourcePolicyOf(account, 'arn:aws:sqs:eu-west-1:111122223333:legacy')?.type, 'AWS::SQS::QueuePolicy');
});

test('${AWS::AccountId} in a key policy is the account of the template’s principals: the root delegates to identity policies', () => {
  const account = template(`
Resources:
  Crypto:
    Type: AWS::IAM::Role
    Properties:
      RoleName: crypto
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: Decrypt
          PolicyDocument: { Statement: [{ Sid: Decrypt, Effect: Allow, Action: kms:Decrypt, Resource: '*' }] }
  Idle:
    Type: AWS::IAM::Role
    Properties:
      RoleName: idle
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Sid: EnableIamPolicies
            Effect: Allow
            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }
            Action: kms:*
            Resource: '*'
`);
  // The default key policy's root statement lets IAM policies allow the key; idle has none that do.
  assert.deepEqual(answers(account, 'kms:Decrypt', KEY), [[arn('role/crypto'), 'Allowed', ['inline Decrypt Decrypt']]]);
});

test('what-can: a bucket policy adds what it grants the principal and takes away what it denies', () => {
  const account = fromTemplate();
  const evaluator = new AccountEvaluator(account);
  const of = (who: string) => {
    const principal = findPrincipal(account, who);
    assert.ok(typeof principal !== 'string');
    return whatCan(evaluator, principal, getCatalog(), 's3').allowed.map((entry) => ({
      action: entry.action,
      resources: entry.resources,
      via: entry.via.map((via) => `${via.kind} ${via.policy} ${via.statement}`),
      denied: entry.denied?.map((denied) => `${denied.resource} by ${denied.via.map((via) => `${via.policy} ${via.statement}`).join(', ')}`),
    }));
  };
  assert.deepEqual(of('intern'), [
    {
      action: 's3:GetObject',
      resources: ['*'],
      via: ['inline ReadEverything ReadAll'],
      denied: ['arn:aws:s3:::reports-bucket by bucket policy ReportsBucketPolicy NoInterns', 'arn:aws:s3:::reports-bucket/* by bucket policy ReportsBucketPolicy NoInterns'],
    },
  ]);
  assert.deepEqual(of('reader'), [
    { action: 's3:GetObject', resources: ['arn:aws:s3:::reports-bucket/*'], via: ['resource bucket policy ReportsBucketPolicy ReaderGetsReports'], denied: undefined },
    { action: 's3:ListBucket', resources: ['arn:aws:s3:::reports-bucket'], via: ['inline ListReports ListOnly'], denied: undefined },
  ]);
});

test('!GetAtt of a queue, table or function whose name is written out stands for that resource alone, in any Region', () => {
  const account = template(`
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: { TableName: orders }
  Anonymous:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: work
          PolicyDocument:
            Statement:
              - { Sid: Jobs, Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Jobs.Arn }
              - { Sid: Orders, Effect: Allow, Action: dynamodb:GetItem, Resource: !GetAtt Orders.Arn }
              - { Sid: Anonymous, Effect: Allow, Action: sqs:ReceiveMessage, Resource: !GetAtt Anonymous.Arn }
`);
  const worker = arn('role/worker');
  assert.equal(decision(account, worker, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:000000000000:jobs'), 'Conditional');
  assert.equal(decision(account, worker, 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:000000000000:other'), 'ImplicitlyDenied');
  assert.equal(decision(account, worker, 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:000000000000:table/orders'), 'Conditional');
  assert.equal(decision(account, worker, 'dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:000000000000:table/customers'), 'ImplicitlyDenied');
  // A queue CloudFormation names at deploy may be any queue of the account.
  assert.equal(decision(account, worker, 'sqs:ReceiveMessage', 'arn:aws:sqs:eu-west-1:000000000000:other'), 'Conditional');
});
