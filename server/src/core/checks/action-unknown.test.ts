import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { ACTION_VERBS, actionUnknown, leadingWord } from './action-unknown';
import { getCatalog } from '../catalog/catalog';
import { marked } from '../../../../test/helpers/marked';

test('action-unknown flags the name of an action its service does not define', () => {
  const { actual, expected } = spansOf(actionUnknown, '{"Statement": [{"Action": ["s3:«GetObjcet»", "s3:GetObject", "iam:«PassRoles»"]}]}');
  assert.deepEqual(actual, expected);
});

test('action-unknown says which service and fixes the typo', () => {
  const text = '{"Statement": [{"Action": "s3:GetObjcet"}]}';
  const [problem] = runCheck(actionUnknown, text);
  assert.equal(problem.message, '"GetObjcet" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Action": "s3:GetObject"}]}');
});

test('action-unknown never suggests an action that swaps the verb, whose fix would grant another permission', () => {
  // awslabs' Verified Access proof of concept grants sso:UpdateManagedApplicationInstance: the nearest name was
  // CreateManagedApplicationInstance, the one fix, preferred. A DynamoDB pattern's dynamodb:CreateItem drew UpdateItem.
  // sagemaker:UpdateApp kept its verb but drew UpdateHub: a three-letter object is not a typo of another.
  const text = '{"Statement": [{"Action": ["sso:UpdateManagedApplicationInstance", "dynamodb:CreateItem", "sagemaker:UpdateApp", "s3:PubObjectAcl", "s3:GetObjcet"]}]}';
  const problems = runCheck(actionUnknown, text);
  assert.deepEqual(
    problems.map((problem) => [problem.message.replace(/^.*?\)\.\s?/, ''), problem.fixes?.map((fix) => fix.title)]),
    [
      // The service's actions on the same thing are named for the author to choose from, never offered as fixes.
      [
        'Its actions on "ManagedApplicationInstance" are "sso:CreateManagedApplicationInstance", "sso:DeleteManagedApplicationInstance", "sso:GetManagedApplicationInstance" and "sso:UpdateManagedApplicationInstanceStatus"; use the one this statement means.',
        undefined,
      ],
      ['Its actions on "Item" are "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchGetItem" and "dynamodb:BatchWriteItem"; use the one this statement means.', undefined],
      // A three-letter object names too much to list.
      ['', undefined],
      // A typo in a word that starts no actions, or within the verb's own names, is still fixed to the nearest names.
      ['Did you mean "s3:PutObjectAcl"?', ['Change to "s3:PutObjectAcl"', 'Change to "s3:GetObjectAcl"']],
      ['Did you mean "s3:GetObject"?', ['Change to "s3:GetObject"']],
    ],
  );
});

test("action-unknown names the actions on what a name acts on when its verb is not the service's, writing verbs first for a writing verb", () => {
  // Real policies: iam:CreateRolePolicy (PutRolePolicy writes an inline policy), glue:BatchGetTable,
  // secretsmanager:DeleteSecretVersion and ec2:CreateInstance (RunInstances).
  const text = '{"Statement": [{"Action": ["iam:CreateRolePolicy", "glue:BatchGetTable", "secretsmanager:DeleteSecretVersion", "ec2:CreateInstance"]}]}';
  assert.deepEqual(
    runCheck(actionUnknown, text).map((problem) => [problem.message.replace(/^.*?\)\.\s?/, ''), problem.fixes]),
    [
      ['Its actions on "RolePolicy" are "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy" and "iam:DetachRolePolicy"; use the one this statement means.', undefined],
      ['Its actions on "Table" are "glue:GetTable", "glue:GetTables", "glue:SearchTables" and "glue:BatchDeleteTable"; use the one this statement means.', undefined],
      ['Its actions on "SecretVersion" are "secretsmanager:ListSecretVersionIds" and "secretsmanager:UpdateSecretVersionStage"; use the one this statement means.', undefined],
      ['Its actions on "Instance" are "ec2:ImportInstance", "ec2:RunInstances", "ec2:StartInstances" and "ec2:BundleInstance"; use the one this statement means.', undefined],
    ],
  );
});

test("action-unknown names the service's own reading actions on the same thing before another service's of the name", () => {
  // Sweeps met s3vectors:DescribeIndex (said to be IoT's or Kendra's), lambda:DescribeFunction (CloudFront's) and
  // ec2:GetInstances, whose one suggestion was ec2:RunInstances: a fix that launches instances for a policy that reads.
  const text = '{"Statement": [{"Action": ["s3vectors:DescribeIndex", "lambda:DescribeFunction", "ec2:GetInstances", "sqs:DescribeQueue"]}]}';
  assert.deepEqual(
    runCheck(actionUnknown, text).map((problem) => [problem.message.replace(/^.*?\)\.\s?/, ''), problem.fixes]),
    [
      ['Its actions on "Index" are "s3vectors:GetIndex", "s3vectors:ListIndexes", "s3vectors:CreateIndex" and "s3vectors:DeleteIndex"; use the one this statement means.', undefined],
      ['Its actions on "Function" are "lambda:GetFunction", "lambda:ListFunctions", "lambda:CreateFunction" and "lambda:DeleteFunction"; use the one this statement means.', undefined],
      ['Its actions on "Instances" are "ec2:DescribeInstances", "ec2:BundleInstance", "ec2:ImportInstance" and "ec2:MonitorInstances"; use the one this statement means.', undefined],
      ['Its actions on "Queue" are "sqs:ListQueues", "sqs:CreateQueue", "sqs:DeleteQueue" and "sqs:PurgeQueue"; use the one this statement means.', undefined],
    ],
  );
});

test('action-unknown names the action a name begins with when nothing nearer is known, never as a fix', () => {
  // Real policies: kms:DecryptDataKey and logs:PutLogEventsBatch. The longest action wins (PutLogEvents, not Put…);
  // "Decryptionist" runs on from "Decrypt" within a word, so it begins with no action.
  const text = '{"Statement": [{"Action": ["kms:DecryptDataKey", "logs:PutLogEventsBatch", "dynamodb:QueryTable", "kms:Decryptionist"]}]}';
  assert.deepEqual(
    runCheck(actionUnknown, text).map((problem) => [problem.message.replace(/^.*?\)\.\s?/, ''), problem.fixes]),
    [
      ['Its name begins with the action "kms:Decrypt"; use it if this statement means that call.', undefined],
      ['Its name begins with the action "logs:PutLogEvents"; use it if this statement means that call.', undefined],
      ['Its name begins with the action "dynamodb:Query"; use it if this statement means that call.', undefined],
      ['', undefined],
    ],
  );
});

test("action-unknown names another service's action of the same name, with a fix to it that is never preferred", () => {
  // A real CloudFormation template grants iam:AssumeRole; STS defines it.
  const text = '{"Statement": [{"Action": ["iam:AssumeRole", "s3:GetAuthorizationToken", "ec2:ListTagsForResource"]}]}';
  const [assume, token, shared] = runCheck(actionUnknown, text);
  assert.equal(assume.message, '"AssumeRole" is not an action of AWS Identity and Access Management (IAM) (iam), but of another service: "sts:AssumeRole" (AWS Security Token Service).');
  assert.deepEqual(
    assume.fixes?.map((fix) => [fix.title, fix.isPreferred]),
    [['Change to "sts:AssumeRole"', undefined]],
  );
  assert.equal(applyFix(text, assume), text.replace('iam:AssumeRole', 'sts:AssumeRole'));
  assert.deepEqual(
    token.fixes?.map((fix) => fix.title),
    ['Change to "codeartifact:GetAuthorizationToken"', 'Change to "ecr:GetAuthorizationToken"', 'Change to "ecr-public:GetAuthorizationToken"'],
  );
  // A name more than three services define says nothing about which was meant.
  assert.equal(shared.message, '"ListTagsForResource" is not an action of Amazon EC2 (ec2).');
});

test('action-unknown offers no fix when nothing is close', () => {
  const [problem] = runCheck(actionUnknown, '{"Statement": [{"Action": "s3:Teleport"}]}');
  assert.equal(problem.fixes, undefined);
});

test('action-unknown leaves known actions in any case, wildcards and unknown services alone', () => {
  assert.deepEqual(runCheck(actionUnknown, '{"Statement": [{"Action": ["s3:getobject", "s3:Get*", "nosuchservice:Foo"], "NotAction": "EC2:RunInstances"}]}'), []);
});

test("action-unknown says only information for an action AWS writes in its own default policies, SNS's default topic policy", () => {
  const { text, spans } = marked(
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["SNS:Publish", "SNS:«Receive»", "sns:«Recieve»"], "Resource": "arn:aws:sns:us-east-1:111122223333:t", "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}}}]}',
  );
  const problems = runCheck(actionUnknown, text, 'resource');
  assert.deepEqual(
    problems.map((problem) => [problem.span, problem.severity]),
    [
      [spans[0], 'information'],
      [spans[1], 'error'],
    ],
  );
  assert.equal(
    problems[0].message,
    '"Receive" is not in the Service Authorization Reference for Amazon SNS (sns), though Amazon SNS writes it into the default access policy of every topic it creates. Keep it only where you mean to copy that policy.',
  );
});

// AWS's SCP examples deny it to protect the account's security questions; the Billing guide documents it, console only.
test('action-unknown says only information for a console-only action AWS documents outside the reference', () => {
  const [problem] = runCheck(actionUnknown, policyWith({ Effect: 'Deny', Action: ['account:PutContactInformation', 'account:PutChallengeQuestions'], Resource: '*' }));
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    '"PutChallengeQuestions" is not in the Service Authorization Reference for AWS Account Management (account), though AWS\'s Billing and Cost Management guide lists it as a console-only permission, which sets the security challenge questions of the account. It controls the console page alone; no API call asks for it.',
  );
});

// An AWS IoT Core policy (a Greengrass core's certificate policy) is written in IAM's grammar and read as one.
test("action-unknown says only information for IoT Core's policy action iot:AssumeRoleWithCertificate", () => {
  const [problem] = runCheck(actionUnknown, policyWith({ Effect: 'Allow', Action: ['iot:Connect', 'iot:AssumeRoleWithCertificate'], Resource: '*' }));
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    '"AssumeRoleWithCertificate" is not in the Service Authorization Reference for AWS IoT (iot), though AWS IoT Core\'s credentials provider asks for it in the IoT policy of a device\'s certificate, to get credentials through a role alias. It belongs in an IoT policy attached to the certificate; in an IAM policy it grants nothing.',
  );
});

// API operations whose call another action allows are among the commonest unknown actions in real policies
// (AWS's S3 replication monitor grants s3:HeadBucket; two Bedrock samples grant bedrock:Converse).
test('action-unknown names the action that allows an API call that is no action of its own, and fixes to it', () => {
  const text = '{"Statement": [{"Action": ["s3:ListObjectsV2", "sqs:sendmessagebatch", "bedrock:Converse"]}]}';
  const problems = runCheck(actionUnknown, text);
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      '"ListObjectsV2" is not an action of Amazon S3 (s3): IAM allows the ListObjectsV2 call with "s3:ListBucket".',
      '"sendmessagebatch" is not an action of Amazon SQS (sqs): IAM allows the sendmessagebatch call with "sqs:SendMessage".',
      '"Converse" is not an action of Amazon Bedrock (bedrock): IAM allows the Converse call with "bedrock:InvokeModel".',
    ],
  );
  assert.equal(applyFix(text, problems[0]), '{"Statement": [{"Action": ["s3:ListBucket", "sqs:sendmessagebatch", "bedrock:Converse"]}]}');
  assert.equal(problems[0].fixes?.[0].isPreferred, true);
});

// Both from real policies: an IoT Core policy's "iot:PublishRetain", a CDKTF app's "s3:ListBuckets" (the S3 API's name,
// whose nearest action by edit distance, s3:ListBucket, lists one bucket's objects).
test('action-unknown suggests the action with the same words in another order, and the action that allows ListBuckets', () => {
  const text = '{"Statement": [{"Action": ["iot:PublishRetain", "s3:ListBuckets"], "Resource": "*"}]}';
  const problems = runCheck(actionUnknown, text);
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      '"PublishRetain" is not an action of AWS IoT (iot). Did you mean "iot:RetainPublish"?',
      '"ListBuckets" is not an action of Amazon S3 (s3): IAM allows the ListBuckets call with "s3:ListAllMyBuckets".',
    ],
  );
  assert.equal(applyFix(text, problems[0]), text.replace('iot:PublishRetain', 'iot:RetainPublish'));
  assert.equal(applyFix(text, problems[1]), text.replace('s3:ListBuckets', 's3:ListAllMyBuckets'));
});

test('action-unknown names the configuration action a bucket operation is allowed by: PutBucketEncryption, ListObjectVersions, DeleteBucketTagging', () => {
  const text = '{"Statement": [{"Action": ["s3:PutBucketEncryption", "s3:ListObjectVersions", "s3:DeleteBucketTagging", "s3:ListBucketInventoryConfigurations"]}]}';
  const problems = runCheck(actionUnknown, text);
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      '"PutBucketEncryption" is not an action of Amazon S3 (s3): IAM allows the PutBucketEncryption call with "s3:PutEncryptionConfiguration".',
      '"ListObjectVersions" is not an action of Amazon S3 (s3): IAM allows the ListObjectVersions call with "s3:ListBucketVersions".',
      '"DeleteBucketTagging" is not an action of Amazon S3 (s3): IAM allows the DeleteBucketTagging call with "s3:PutBucketTagging".',
      '"ListBucketInventoryConfigurations" is not an action of Amazon S3 (s3): IAM allows the ListBucketInventoryConfigurations call with "s3:GetInventoryConfiguration".',
    ],
  );
  assert.equal(
    applyFix(text, problems[0]),
    '{"Statement": [{"Action": ["s3:PutEncryptionConfiguration", "s3:ListObjectVersions", "s3:DeleteBucketTagging", "s3:ListBucketInventoryConfigurations"]}]}',
  );
});

test('action-unknown offers each action that may allow a call, preferring none, and kms:ReEncrypt* for ReEncrypt', () => {
  const text = '{"Statement": [{"Action": ["s3:PutPublicAccessBlock", "kms:ReEncrypt"]}]}';
  const [publicAccess, reEncrypt] = runCheck(actionUnknown, text);
  assert.deepEqual(
    publicAccess.fixes?.map((fix) => [fix.title, fix.isPreferred]),
    [
      ['Change to "s3:PutBucketPublicAccessBlock"', false],
      ['Change to "s3:PutAccountPublicAccessBlock"', false],
    ],
  );
  assert.equal(applyFix(text, publicAccess, 1), '{"Statement": [{"Action": ["s3:PutAccountPublicAccessBlock", "kms:ReEncrypt"]}]}');
  assert.match(reEncrypt.message, /"kms:ReEncryptFrom" on the source key and "kms:ReEncryptTo" on the destination key/);
  assert.equal(applyFix(text, reEncrypt), '{"Statement": [{"Action": ["s3:PutPublicAccessBlock", "kms:ReEncrypt*"]}]}');
});

test('action-unknown names the item actions a DynamoDB transaction and an S3 copy are allowed by', () => {
  // As xcerox's moneyTransferAPI and a capsa scanning module list them.
  const text = '{"Statement": [{"Action": ["dynamodb:TransactWriteItems", "dynamodb:TransactGetItems", "s3:CopyObject"]}]}';
  const [write, get, copy] = runCheck(actionUnknown, text);
  assert.equal(
    write.message,
    '"TransactWriteItems" is not an action of Amazon DynamoDB (dynamodb): IAM allows the TransactWriteItems call with "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem" and "dynamodb:ConditionCheckItem", one for each kind of item it writes.',
  );
  assert.deepEqual(
    write.fixes?.map((fix) => fix.title),
    ['Change to "dynamodb:PutItem"', 'Change to "dynamodb:UpdateItem"', 'Change to "dynamodb:DeleteItem"', 'Change to "dynamodb:ConditionCheckItem"'],
  );
  assert.equal(applyFix(text, get), '{"Statement": [{"Action": ["dynamodb:TransactWriteItems", "dynamodb:GetItem", "s3:CopyObject"]}]}');
  assert.match(copy.message, /with "s3:GetObject" on the source object and "s3:PutObject" on the copy\.$/);
});

test('action-unknown names the actions CloudFront authorizes CreateDistributionWithTags with', () => {
  // A real Terraform module's documented policy lists cloudfront:CreateDistributionWithTags.
  const text = '{"Statement": [{"Action": "cloudfront:CreateDistributionWithTags"}]}';
  const [problem] = runCheck(actionUnknown, text);
  assert.equal(
    problem.message,
    '"CreateDistributionWithTags" is not an action of Amazon CloudFront (cloudfront): IAM allows the CreateDistributionWithTags call with "cloudfront:CreateDistribution" and "cloudfront:TagResource".',
  );
  assert.deepEqual(
    problem.fixes?.map((fix) => fix.title),
    ['Change to "cloudfront:CreateDistribution"', 'Change to "cloudfront:TagResource"'],
  );
});

test('each verb action-unknown keeps suggestions within still starts at least 20 actions of the catalog', () => {
  const counts = new Map<string, number>();
  for (const service of getCatalog().services()) for (const action of service.actions) counts.set(leadingWord(action.name), (counts.get(leadingWord(action.name)) ?? 0) + 1);
  assert.deepEqual(
    [...ACTION_VERBS].filter((verb) => (counts.get(verb) ?? 0) < 20),
    [],
  );
});

test('action-unknown says only information for an action an AWS managed policy grants that the reference lacks', () => {
  // RDSCloudHsmAuthorizationRole still grants CloudHSM Classic's actions (cloudhsm:DescribeHapg), which AWS retired with
  // the service's first version: no typo, and the error told users copying AWS's policy to fix what AWS wrote.
  const { text, spans } = marked('{"Statement": [{"Action": ["cloudhsm:«DescribeHapg»", "cloudhsm:«DescribeHapgs»"], "Resource": "*"}]}');
  const problems = runCheck(actionUnknown, text);
  assert.deepEqual(
    problems.map((problem) => [problem.span, problem.severity]),
    [
      [spans[0], 'information'],
      [spans[1], 'error'],
    ],
  );
  assert.equal(
    problems[0].message,
    '"DescribeHapg" is not in the Service Authorization Reference for AWS CloudHSM (cloudhsm), though the AWS managed policy RDSCloudHsmAuthorizationRole grants it: an action AWS retired (it then grants nothing) or has not documented. Keep it only where you mean to copy that policy.',
  );
  assert.equal(problems[0].fixes, undefined);
});

// ministryofjustice's Glue resource policy (cross-account sharing sweep), as the Lake Formation guide writes it.
test('action-unknown says only information for glue:ShareResource, which Lake Formation asks for in the catalog policy', () => {
  const [problem] = runCheck(
    actionUnknown,
    policyWith({ Effect: 'Allow', Principal: { Service: 'ram.amazonaws.com' }, Action: 'glue:ShareResource', Resource: 'arn:aws:glue:eu-west-2:111122223333:catalog' }),
    'resource',
  );
  assert.equal(problem.severity, 'information');
  assert.match(problem.message, /^"ShareResource" is not in the Service Authorization Reference for AWS Glue \(glue\), though the Lake Formation guide writes it/);
});

// MediaLive's role for a MediaConnect input (media sweep: AWS's own CDK reference architecture writes the three).
test("action-unknown says only information for the MediaConnect actions MediaLive's guide lists for its trusted entity", () => {
  const problems = runCheck(
    actionUnknown,
    policyWith({ Effect: 'Allow', Action: ['mediaconnect:ManagedDescribeFlow', 'mediaconnect:ManagedAddOutput', 'mediaconnect:ManagedRemoveOutput'], Resource: '*' }),
  );
  assert.deepEqual(
    problems.map((problem) => problem.severity),
    ['information', 'information', 'information'],
  );
  assert.match(
    problems[0].message,
    /^"ManagedDescribeFlow" is not in the Service Authorization Reference for AWS Elemental MediaConnect \(mediaconnect\), though AWS Elemental MediaLive's guide lists it/,
  );
  // A typo of them is still an error.
  const [typo] = runCheck(actionUnknown, policyWith({ Effect: 'Allow', Action: 'mediaconnect:ManagedDescribeFlows', Resource: '*' }));
  assert.equal(typo.severity, 'error');
});
