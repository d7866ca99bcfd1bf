import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { wildcardResource } from './wildcard-resource';

test('wildcard-resource flags "*" and service-wide ARNs for actions that support resource-level permissions', () => {
  const { actual, expected } = spansOf(
    wildcardResource,
    '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": [«"*"», «"arn:aws:s3:::*"», "arn:aws:s3:::my-bucket/*"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('wildcard-resource names the actions, their access levels and an ARN to use', () => {
  const [problem] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }));
  assert.equal(
    problem.message,
    '"*" lets s3:PutObject and s3:GetObject (1 Read and 1 Write), which support resource-level permissions, act on every resource. Name the resources they need, for example "arn:aws:s3:::${BucketName}/${ObjectName}".',
  );
  assert.equal(problem.severity, 'warning');
});

test('wildcard-resource is information when the actions only read', () => {
  const [problem] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }));
  assert.equal(problem.severity, 'information');
  assert.equal(
    problem.message,
    '"*" lets sqs:ReceiveMessage (Read), which supports resource-level permissions, act on every resource. Name the resources it needs, for example "arn:aws:sqs:${Region}:${Account}:${QueueName}".',
  );
});

test('wildcard-resource replaces "*" with the ARN formats of the actions, placeholders left to fill in', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}';
  const [problem] = runCheck(wildcardResource, text);
  assert.equal(applyFix(text, problem), '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": ["arn:aws:sqs:${Region}:${Account}:${QueueName}"]}]}');
  assert.equal(problem.fixes![0].isPreferred, undefined);
});

test('wildcard-resource accepts actions without resource types, conditions on resources, Deny and other policy types', () => {
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 's3:ListAllMyBuckets'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } })), []);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' })), []);
  // "*" and NotAction are wildcard-action's and not-action-allow's to report.
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: '*' }), 'resource'), []);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'scp'), []);
});

test('wildcard-resource still reports "*" when the condition only describes the caller', () => {
  const text = policyWith({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  assert.equal(runCheck(wildcardResource, text).length, 1);
});

test("wildcard-resource counts what the policy's unconditional Deny statements leave", () => {
  // iam-vulnerable's negative test: Allow iam:* with Deny iam:* grants nothing.
  assert.deepEqual(runCheck(wildcardResource, '{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}'), []);
  const { actual, expected } = spansOf(
    wildcardResource,
    '{"Statement": [{"Effect": "Allow", "Action": ["iam:*", "sqs:SendMessage"], "Resource": «"*"»}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(wildcardResource, '{"Statement": [{"Effect": "Allow", "Action": ["iam:*", "sqs:SendMessage"], "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}');
  assert.match(problem.message, /^"\*" lets sqs:SendMessage \(Write\), which supports resource-level permissions, act on every resource\./);
});

test('wildcard-resource is information for a broad read statement that sweeps in a few Write actions', () => {
  // AWS classes quicksight:Describe…Permissions as Permissions management, yet they only read (SecurityAudit has them).
  const reads = [
    'ec2:Describe*',
    's3:Get*',
    's3:List*',
    'iam:Get*',
    'iam:List*',
    'quicksight:DescribeTopicPermissions',
    'quicksight:DescribeSpacePermissions',
    'quicksight:DescribeKnowledgeBasePermissions',
  ];
  const [few] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: [...reads, 's3:PutObject'], Resource: '*' }));
  assert.equal(few.severity, 'information');
  const [many] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'], Resource: '*' }));
  assert.equal(many.severity, 'warning');
});

test('wildcard-resource leaves CloudWatch\'s metric actions on "*": their one resource type, the dataset, exists only as default', () => {
  const metrics = policyWith({ Effect: 'Allow', Action: ['cloudwatch:PutMetricData', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], Resource: '*' });
  assert.deepEqual(runCheck(wildcardResource, metrics), []);
  // Beside them, an action with resources of its own is still reported, and alone.
  const [problem, ...rest] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['cloudwatch:PutMetricData', 'cloudwatch:PutMetricAlarm'], Resource: '*' }));
  assert.equal(rest.length, 0);
  assert.match(problem.message, /^"\*" lets cloudwatch:PutMetricAlarm \(Write\), which supports resource-level permissions,/);
});

test('wildcard-resource leaves actions on "*" whose only resource each account has once: Security Hub\'s hub, Security Lake\'s data lake', () => {
  const singletons = policyWith({ Effect: 'Allow', Action: ['securityhub:DescribeHub', 'securitylake:GetDataLakeSources', 'bedrock:DeleteMarketplaceModelEndpoint'], Resource: '*' });
  assert.deepEqual(runCheck(wildcardResource, singletons), []);
  // sts:AssumeRoot takes the root user of another account: naming the account narrows it.
  const [root] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRoot', Resource: '*' }));
  assert.match(root.message, /^"\*" lets sts:AssumeRoot /);
});

// From a real SAM app: bedrock:InvokeModel takes twelve types, and the plainest, a system tool, made a puzzling example.
test('wildcard-resource gives as example a format of what the action is named after', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] });
  const [problem] = runCheck(wildcardResource, text, 'identity');
  assert.match(problem.message, /for example "arn:aws:bedrock:\$\{Region\}::foundation-model\/\$\{ResourceId\}"\.$/);
});

// aws-samples/serverless-patterns, FSx for OpenZFS replication: the example was a DataSync-like `task/${TaskId}`, the
// shortest ARN of the eight types TagResource takes, for actions on snapshots and volumes.
test('wildcard-resource gives as example an ARN of what the strongest action acts on, not of the tagging actions beside it', () => {
  const [problem] = runCheck(
    wildcardResource,
    policyWith({
      Effect: 'Allow',
      Action: ['fsx:CreateSnapshot', 'fsx:DescribeSnapshots', 'fsx:DeleteSnapshot', 'fsx:TagResource', 'fsx:ListTagsForResource', 'fsx:CopySnapshotAndUpdateVolume'],
      Resource: '*',
    }),
  );
  assert.match(problem.message, /for example "arn:aws:fsx:\$\{Region\}:\$\{Account\}:snapshot\/\$\{VolumeId\}\/\$\{SnapshotId\}"\.$/);
});

test('wildcard-resource leaves alone a statement only for sessions issued before a past date: it grants nothing any more', () => {
  // iam-vulnerable's fp5 (a non-exploitable condition): no session issued before 2020 is still in use.
  const statement = (operator: string) =>
    policyWith({ Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: '*', Condition: { [operator]: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } });
  assert.deepEqual(runCheck(wildcardResource, statement('DateLessThan')), []);
  assert.equal(runCheck(wildcardResource, statement('DateGreaterThan')).length, 1);
});

// Chalice's generated policy: one statement for its log, WebSocket and API Gateway actions over two service ARNs.
test("wildcard-resource counts for a service's ARN only that service's actions", () => {
  const problems = runCheck(
    wildcardResource,
    policyWith({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'execute-api:ManageConnections', 'apigateway:GET', 'sts:AssumeRole'], Resource: ['arn:*:logs:*:*:*'] }),
  );
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      '"arn:*:logs:*:*:*" matches every resource of its service and lets logs:CreateLogStream and logs:PutLogEvents (2 Write), which support resource-level permissions, act on every resource. Name the resources they need, for example "arn:aws:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}".',
    ],
  );
});

test('wildcard-resource leaves out the STS actions called with a token, not credentials, which an identity policy cannot grant', () => {
  // Velero's IRSA role (Kubernetes sweep): "such as sts:AssumeRoleWithWebIdentity, sts:AssumeRole" on "*".
  const text = policyWith({ Effect: 'Allow', Action: ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:AssumeRole'], Resource: '*' });
  const problems = runCheck(wildcardResource, text);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /^"\*" lets sts:AssumeRole \(Write\), which supports/);
  assert.deepEqual(runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Resource: '*' })), []);
});

// AppSync sweep: a statement of five services' wildcards named three of CloudWatch's cross-account grant actions.
test('wildcard-resource names its examples from as many of the statement’s services as it can', () => {
  const [problem] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['appsync:*', 'logs:*', 'cloudwatch:*', 'dynamodb:*', 'lambda:*'], Resource: '*' }));
  const named = /such as ([^ ,]+), ([^ ,]+), ([^ ,]+) and/.exec(problem.message)!.slice(1);
  assert.equal(new Set(named.map((action) => action.split(':')[0])).size, 3, problem.message);
  // Two services of three examples: each one's together.
  const [pair] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: ['rds-data:*', 'secretsmanager:CreateSecret'], Resource: '*' }));
  const services = /such as ([^ ,]+), ([^ ,]+), ([^ ,]+) and/
    .exec(pair.message)!
    .slice(1)
    .map((action) => action.split(':')[0]);
  assert.deepEqual(
    services,
    [...services].sort((a, b) => services.indexOf(a) - services.indexOf(b)),
    pair.message,
  );
  assert.equal(new Set(services).size, 2, pair.message);
  // A statement of one service still names its strongest actions.
  const [single] = runCheck(wildcardResource, policyWith({ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }));
  assert.match(single.message, /such as lambda:AddLayerVersionPermission, lambda:AddPermission, lambda:/);
});
