import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionResourceMismatch } from './action-resource-mismatch';
import { resourceUnused } from './resource-unused';
import { isHttpOnDomainItself } from '../policy/action-resource-fit';
import { parseArn } from '../policy/arn';
import { getCatalog } from '../catalog/catalog';

test('action-resource-mismatch flags an object action on a bucket ARN and a bucket action on object ARNs', () => {
  const { actual, expected } = spansOf(
    actionResourceMismatch,
    '{"Statement": [{"Effect": "Allow", "Action": ["«s3:GetObject»"], "Resource": "arn:aws:s3:::my-bucket"}, {"Effect": "Deny", "Action": ["«s3:ListBucket»", "s3:PutObject"], "Resource": "arn:aws:s3:::my-bucket/*"}]}',
  );
  assert.deepEqual(actual, expected);
});

test('action-resource-mismatch names the resource types the action takes', () => {
  const [problem] = runCheck(actionResourceMismatch, policyWith({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:s3:::my-bucket/*' }));
  assert.equal(
    problem.message,
    '"dynamodb:GetItem" acts on table (arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}), and none of this statement\'s resources is one. Add such an ARN, or move the action to a statement whose resources fit.',
  );
  assert.equal(problem.severity, 'warning');
});

test('action-resource-mismatch flags a wildcard action none of whose actions fits', () => {
  const { actual, expected } = spansOf(actionResourceMismatch, '{"Statement": [{"Effect": "Allow", "Action": "«iam:Get*»", "Resource": "arn:aws:s3:::my-bucket/*"}]}');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(actionResourceMismatch, '{"Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "arn:aws:s3:::my-bucket/*"}]}');
  assert.match(problem.message, /^None of the \d+ actions that "iam:Get\*" matches acts on a resource of this statement\./);
});

test('action-resource-mismatch accepts fitting pairs and what it cannot judge', () => {
  const statements = [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'] },
    { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::my-bucket*' },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/${aws:username}-*' },
    { Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/*:*' },
    { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:*:*:function:my-fn:*' },
    { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: 'arn:aws:ec2:*:*:instance/*' },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b', 'not-an-arn'] },
    { Effect: 'Allow', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::b' },
    { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b' },
    { Effect: 'Allow', Action: ['s3:NoSuchAction', '*:Get*', '*'], Resource: 'arn:aws:s3:::b' },
    // Objects through a Multi-Region Access Point, as the S3 User Guide writes them.
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*' },
    // AWS's public parameters have no account (Karpenter's controller policy reads the EKS AMI IDs so).
    { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1::parameter/aws/service/*' },
  ];
  assert.deepEqual(runCheck(actionResourceMismatch, JSON.stringify({ Statement: statements })), []);
});

// An AWS Quick Start's role for the EKS load balancer controller: V2 listeners and rules are tagged with the action
// name Classic load balancers share.
test('action-resource-mismatch accepts AddTags on V2 listeners and rules, and still flags it on an S3 bucket', () => {
  const fitting = JSON.stringify({
    Statement: [
      {
        Effect: 'Allow',
        Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
        Resource: ['arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/*/*/*', 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/*/*/*/*'],
      },
      { Effect: 'Allow', Action: 'elasticloadbalancing:DeleteLoadBalancer', Resource: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188' },
    ],
  });
  assert.deepEqual(runCheck(actionResourceMismatch, fitting), []);
  const [problem] = runCheck(actionResourceMismatch, policyWith({ Effect: 'Allow', Action: 'elasticloadbalancing:AddTags', Resource: 'arn:aws:s3:::my-bucket' }));
  assert.match(problem.message, /^"elasticloadbalancing:AddTags" acts on /);
});

test("action-resource-mismatch accepts sagemaker:CreateModel on a model package group's packages, as SageMaker's guide grants it", () => {
  // A model-build stack's model package group policy, written after "Deploy a model version from a different account".
  const statement = { Effect: 'Allow', Action: 'sagemaker:CreateModel', Resource: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/*' };
  assert.deepEqual(runCheck(actionResourceMismatch, policyWith(statement)), []);
  assert.deepEqual(runCheck(resourceUnused, policyWith(statement)), []);
  const [problem] = runCheck(actionResourceMismatch, policyWith({ ...statement, Resource: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn' }));
  assert.match(problem.message, /^"sagemaker:CreateModel" acts on /);
});

test('action-resource-mismatch leaves to arn-account and arn-region a resource that fits but for a field its format has none of', () => {
  // Databricks' SRA credential policy (SaaS sweep): an image ARN with an account drew this warning, resource-unused and arn-account.
  const statements = (marks: [string, string]) => `{"Statement": [
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:us-east-1:111122223333:image/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:us-east-1::bucket/*"},
    {"Effect": "Allow", "Action": ${marks[0]}, "Resource": ${marks[1]}}]}`;
  const mismatch = spansOf(actionResourceMismatch, statements(['"«s3:GetObject»"', '"arn:aws:s3:::bucket"']));
  assert.deepEqual(mismatch.actual, mismatch.expected);
  const unused = spansOf(resourceUnused, statements(['"s3:GetObject"', '"«arn:aws:s3:::bucket»"']));
  assert.deepEqual(unused.actual, unused.expected);
});

test('action-resource-mismatch says which empty Region or account keeps a resource from fitting, and fills it', () => {
  // A Kubernetes sweep's rds:* on "arn:aws:rds:::*": RDS names a Region and an account in every ARN but a global cluster's.
  const text = `{"Statement": [
    {"Effect": "Allow", "Action": "rds:DescribeDBInstances", "Resource": "arn:aws:rds:::*"},
    {"Effect": "Allow", "Action": "rds:DescribeGlobalClusters", "Resource": "arn:aws:rds:::*"},
    {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1::table/t"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket"}]}`;
  const [instances, globals, table, bucket] = runCheck(actionResourceMismatch, text);
  assert.match(instances.message, /"arn:aws:rds:::\*" would be one, but its Region and account are empty, so it matches only resources that have none\. Write them, or "\*" for any\.$/);
  assert.equal(applyFix(text, instances), text.replace('"arn:aws:rds:::*"', '"arn:aws:rds:*:*:*"'));
  assert.match(globals.message, /would be one, but its account is empty/);
  assert.equal(applyFix(text, globals), text.replace('"rds:DescribeGlobalClusters", "Resource": "arn:aws:rds:::*"', '"rds:DescribeGlobalClusters", "Resource": "arn:aws:rds::*:*"'));
  assert.match(table.message, /"arn:aws:dynamodb:us-east-1::table\/t" would be one, but its account is empty/);
  assert.equal(applyFix(text, table), text.replace('us-east-1::table', 'us-east-1:*:table'));
  // The bucket ARN is no object ARN whatever its Region and account: the usual advice, and no fix.
  assert.match(bucket.message, /Add such an ARN, or move the action/);
  assert.deepEqual(bucket.fixes ?? [], []);
});

test('action-resource-mismatch says a KMS alias ARN names aliases, not the keys that key actions act on', () => {
  const [problem] = runCheck(actionResourceMismatch, policyWith({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:*:*:alias/app-*' }));
  assert.equal(
    problem.message,
    '"kms:Decrypt" acts on key (arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}), and none of this statement\'s resources is one. "arn:aws:kms:*:*:alias/app-*" names aliases, not the keys they point to, and KMS authorizes a key\'s actions on the key\'s ARN. Name the key (key/…), or allow keys by their aliases with the condition key "kms:ResourceAliases".',
  );
});

test("action-resource-mismatch and resource-unused say an OpenSearch domain's own ARN names none of what its HTTP actions act on, once per statement", () => {
  // OpenSearch sweep: policies meant to let a role read and write a domain's indexes named the domain without "/*".
  const domain = 'arn:aws:es:us-east-1:111122223333:domain/logs';
  const text = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: ['es:ESHttpGet', 'es:ESHttpPut', 'es:DescribeDomain'], Resource: domain },
      { Effect: 'Allow', Action: ['es:ESHttpGet', 'es:DescribeDomain'], Resource: [domain, `${domain}/*`] },
      { Effect: 'Allow', Action: 'es:ESHttpGet', Resource: 'arn:aws:es:us-east-1:111122223333:domain/logs/index-*' },
    ],
  });
  const problems = runCheck(actionResourceMismatch, text);
  assert.deepEqual(
    problems.map((problem) => [text.slice(problem.span.start, problem.span.end), problem.message]),
    [
      [
        'es:ESHttpGet',
        `"es:ESHttpGet" and "es:ESHttpPut" act on the indexes and APIs of an OpenSearch Service domain, and none of this statement's resources names them: "${domain}" names the domain itself, and OpenSearch Service authorizes HTTP requests (es:ESHttp*) on its indexes and APIs, which "/*" after it names.`,
      ],
    ],
  );
  assert.equal(applyFix(text, problems[0]), text.replace(`"Resource":"${domain}"}`, `"Resource":"${domain}/*"}`));
  // With only HTTP actions, the domain's ARN is also a resource no action acts on.
  const [unused] = runCheck(resourceUnused, policyWith({ Effect: 'Allow', Action: 'es:ESHttp*', Resource: domain }));
  assert.match(unused.message, /^No action of this statement acts on "arn:aws:es:us-east-1:111122223333:domain\/logs": it names the domain itself/);
  // Other services' and the domain's configuration actions still take the domain's ARN.
  assert.deepEqual(runCheck(actionResourceMismatch, policyWith({ Effect: 'Allow', Action: ['es:DescribeDomain', 'es:UpdateDomainConfig'], Resource: domain })), []);
});

test("an OpenSearch domain's name known at deploy is read as a name; a value of unknown shape after domain/ may name indexes", () => {
  const get = getCatalog().findAction('es:ESHttpGet')!;
  const itself = (arn: string) => isHttpOnDomainItself(get, parseArn(arn)!);
  assert.equal(itself('arn:aws:es:${region}:${account_id}:domain/${var.domain_name}'), true);
  assert.equal(itself('arn:aws:es:us-east-1:111122223333:domain/${domain}'), true);
  assert.equal(itself('arn:aws:es:us-east-1:111122223333:domain/${var.path}'), false);
  assert.equal(itself('arn:aws:es:us-east-1:111122223333:domain/*'), false);
  assert.equal(isHttpOnDomainItself(getCatalog().findAction('es:DescribeDomain')!, parseArn('arn:aws:es:us-east-1:111122223333:domain/logs')!), false);
});
