import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { arnAccount } from './arn-account';

test('arn-account flags values that are no account ID', () => {
  const { actual, expected } = spansOf(
    arnAccount,
    '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": ["arn:aws:sqs:us-east-1:«12345678901»:q", "arn:aws:sqs:us-east-1:«1234-5678-9012»:q", "arn:aws:sqs:us-east-1:«my-account»:q"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('arn-account says what an account ID is and removes hyphens', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:1234-5678-9012:q"}]}';
  const [problem] = runCheck(arnAccount, text);
  assert.equal(problem.message, '"1234-5678-9012" is not an account ID. Use the 12-digit ID of the account, without hyphens, or "*" for any account.');
  assert.equal(applyFix(text, problem), text.replace('1234-5678-9012', '123456789012'));
});

test('arn-account flags an account in S3 bucket and object ARNs and removes it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::123456789012:my-bucket/*"}]}';
  const { actual, expected } = spansOf(arnAccount, '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3::«123456789012»:my-bucket/*"}]}');
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(arnAccount, text);
  assert.equal(problem.message, 'The ARN format of s3 object (arn:${Partition}:s3:::${BucketName}/${ObjectName}) has no account ID, so this ARN never matches. Remove "123456789012".');
  assert.equal(applyFix(text, problem), text.replace('123456789012', ''));
});

test('arn-account checks principal ARNs', () => {
  const { actual, expected } = spansOf(
    arnAccount,
    '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::«12345»:root", "arn:aws:iam::123456789012:root"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
    'resource',
  );
  assert.deepEqual(actual, expected);
});

test('arn-account accepts account IDs, aws, partner, wildcards, variables and empty accounts', () => {
  const resources = [
    'arn:aws:sqs:us-east-1:123456789012:q',
    'arn:aws:sqs:us-east-1:*:q',
    'arn:aws:sqs:us-east-1:1234*:q',
    'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q',
    'arn:aws:iam::aws:policy/ReadOnlyAccess',
    'arn:aws:iam::partner:policy/permissions-boundary/example.com/Boundary',
    'arn:aws:ssm:*::document/AWS-RunShellScript',
    'arn:aws:s3:::my-bucket/*',
    'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
  ];
  assert.deepEqual(runCheck(arnAccount, JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: resources }] })), []);
});

// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
test('arn-account accepts the CloudFront origin access identity principal, and only with its documented shape', () => {
  const { actual, expected } = spansOf(
    arnAccount,
    `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL", "arn:aws:iam::«cloudfront»:user/someone", "arn:aws:iam::«cloudfront»:role/CloudFront Origin Access Identity E2QWRUHAPOMQZL"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]}`,
  );
  assert.deepEqual(actual, expected);
});

test('arn-account names a placeholder left in as one, with no fix', () => {
  // cloudtrail-to-wazuh's bucket policy, as its README tells the reader to fill it in.
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Resource": "*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:<account-id>:trail/wazuh"}}}]}';
  const [problem] = runCheck(arnAccount, text, 'resource');
  assert.equal(problem.message, '"<account-id>" is a placeholder left in, not an account ID. Replace it with the 12-digit ID of the account, or "*" for any account.');
  assert.deepEqual(problem.fixes ?? [], []);
});

// AWS's Step Functions and Control Tower guides write "arn:aws:iam:::role/…": no role has an ARN without its account.
test('arn-account flags an empty account in IAM and STS ARNs, at the empty field, and in no other service', () => {
  const { actual, expected } = spansOf(
    arnAccount,
    '{"Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "sts:AssumeRole", "ssm:SendCommand"], "Resource": ["arn:aws:iam::«:»role/my-execution-role", "arn:aws:sts::«:»assumed-role/r/s", "arn:aws:ssm:*::document/AWS-RunShellScript", "arn:aws:iam::aws:policy/ReadOnlyAccess"], "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::«:»role/admin"}}}]}',
  );
  assert.deepEqual(actual, expected);
  const [problem] = runCheck(arnAccount, policyWith({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam:::role/my-execution-role' }));
  assert.equal(
    problem.message,
    'The account of "arn:aws:iam:::role/my-execution-role" is empty, but every IAM ARN names one ("arn:aws:iam::111122223333:role/NAME", "aws" for AWS managed policies), so it matches nothing. Write the account\'s 12-digit ID, or "*" for any account.',
  );
});

// cfn_nag's iam_policy_on_user sample joins the Region in where the account goes; the literal twin was reported.
test('arn-account reports a Region or partition a template puts where the account goes', () => {
  const problems = runCheckOnTemplateStatement(
    arnAccount,
    { Action: 'rds:CreateDBInstance', Resource: `!Join ['', ['arn:aws:rds:', !Ref AWS::Region, ':', !Ref AWS::Region, ':db:test*']]` },
    'identity',
  );
  assert.deepEqual(
    problems.map((problem) => problem.message),
    ['"!Ref AWS::Region" is the Region, not an account: in the account field of this ARN it matches no resource. Give the account\'s ID there (AWS::AccountId in a template), or "*" for any account.'],
  );
  assert.deepEqual(runCheckOnTemplateStatement(arnAccount, { Action: 'rds:CreateDBInstance', Resource: '!Sub arn:aws:rds:${AWS::Region}:${AWS::AccountId}:db:test*' }, 'identity'), []);
});
