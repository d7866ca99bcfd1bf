import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { wildcardAction } from './wildcard-action';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';
import { terraformReader } from '../hosts/terraform/index';

before(async () => {
  await terraformReader.prepare!();
});

test('wildcard-action flags "*", a whole service and wildcards that reach Write actions in Allow statements', () => {
  const { actual, expected } = spansOf(wildcardAction, '{"Statement": [{"Effect": "Allow", "Action": [«"*"», «"sqs:*"», «"dynamodb:*Item"», "s3:GetObject", "s3:Get*"], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('wildcard-action says how many actions a wildcard allows and at which access levels', () => {
  const [service] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }));
  assert.match(
    service.message,
    /^"sqs:\*" allows all \d+ actions of Amazon SQS \(\d+ Read, \d+ Tagging, \d+ Write and \d+ Permissions management\), and those AWS adds later\. Allow only the actions this policy needs\.$/,
  );
  assert.equal(service.severity, 'warning');
  const [all] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' }));
  assert.match(all.message, /^"\*" allows every action of every service: [\d,]+ actions today \(.*\), and every action AWS adds later\./);
  const [one] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'iam:PassRol*', Resource: '*' }));
  assert.equal(one.message, '"iam:PassRol*" allows 1 action, iam:PassRole (Write). Write the action\'s full name, so that actions AWS adds later are not allowed too.');
  assert.equal(one.severity, 'information');
});

test('wildcard-action names a prefix several services share after the service it is named for', () => {
  // "cloudformation" is the prefix of AWS CloudFormation and of AWS Cloud Control API; the data package keeps the
  // second name for it (scripts/build-catalog.mjs, SHARED_PREFIX_NAMES).
  const [cloudformation] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }));
  assert.match(cloudformation.message, /^"cloudformation:\*" allows all \d+ actions of AWS CloudFormation \(/);
  const [ses] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'ses:*', Resource: '*' }));
  assert.match(ses.message, /^"ses:\*" allows all \d+ actions of Amazon SES \(/);
});

test('wildcard-action names the few Write actions a read-style wildcard sweeps in, as information', () => {
  const [problem] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'cognito-idp:Get*', Resource: '*' }));
  assert.equal(problem.severity, 'information');
  assert.match(problem.message, /among them cognito-idp:GetTokensFromRefreshToken \(Write\)\./);
});

test('wildcard-action replaces a wildcard with the actions it matches, or with its Read and List actions', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "dynamodb:*Item", "Resource": "*"}]}';
  const [problem] = runCheck(wildcardAction, text);
  assert.equal(
    applyFix(text, problem, 0),
    '{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], "Resource": "*"}]}',
  );
  assert.equal(applyFix(text, problem, 1), '{"Statement": [{"Effect": "Allow", "Action": ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem"], "Resource": "*"}]}');
  assert.ok(
    problem.fixes!.every((fix) => !fix.isPreferred),
    'narrowing changes what the policy allows',
  );
});

test('wildcard-action keeps one value per line and shortens whole verbs to a wildcard', () => {
  const text = [
    '{',
    '    "Statement": [{',
    '        "Effect": "Allow",',
    '        "Action": [',
    '            "sqs:*",',
    '            "s3:GetObject"',
    '        ],',
    '        "Resource": "*"',
    '    }]',
    '}',
  ].join('\n');
  const problem = runCheck(wildcardAction, text).find((p) => p.fixes?.length);
  assert.ok(problem);
  const readOnly = problem.fixes!.findIndex((fix) => fix.title.includes('Read and List'));
  assert.equal(
    applyFix(text, problem, readOnly),
    [
      '{',
      '    "Statement": [{',
      '        "Effect": "Allow",',
      '        "Action": [',
      '            "sqs:Get*",',
      '            "sqs:List*",',
      '            "sqs:ReceiveMessage",',
      '            "s3:GetObject"',
      '        ],',
      '        "Resource": "*"',
      '    }]',
      '}',
    ].join('\n'),
  );
});

test('wildcard-action accepts Deny, exact names, read-only wildcards and policies that grant nothing', () => {
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Deny', Action: '*', Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'ec2:Describe*'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })), []);
  for (const type of ['scp', 'rcp', 'boundary'] as const) assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: '*' }), type), []);
});

// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
test("wildcard-action accepts the default key policy: kms:* to the account and the key administrators' kms: wildcards", () => {
  const keyPolicy = (principal: unknown, actions: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Allow access for Key Administrators', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' }, Action: actions, Resource: '*' },
      ],
    });
  assert.deepEqual(runCheck(wildcardAction, keyPolicy('arn:aws:iam::111122223333:root', ['kms:Create*', 'kms:Enable*', 'kms:Delete*', 'kms:TagResource'])), []);
  assert.deepEqual(runCheck(wildcardAction, keyPolicy(['111122223333'], ['kms:Update*'])), []);
  // A key policy written to be filled in, its account a placeholder (arn-account's error): still the account's root.
  assert.deepEqual(runCheck(wildcardAction, keyPolicy('arn:aws:iam::<YOUR AWS ACCOUNT NUMBER>:root', ['kms:Create*'])), []);
  assert.deepEqual(runCheck(wildcardAction, keyPolicy('arn:aws:iam::YOUR_ACCOUNT_ID:root', ['kms:Create*'])), []);
  // kms:* to a role, not the account, still gives that role everything on the key.
  const { actual, expected } = spansOf(wildcardAction, '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": «"kms:*"», "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('wildcard-action accepts the default key policy as templates and Terraform write it, the account known at deploy time', () => {
  const findings = (text: string, uri: string) =>
    analyzeDocument({ text, uri }, { config: defaultConfiguration })
      .problems.filter((problem) => problem.ruleId === 'wildcard-action')
      .map((problem) => text.slice(problem.span.start, problem.span.end));
  const template = (principal: string) => `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: ${principal}}
            Action: 'kms:*'
            Resource: '*'
`;
  assert.deepEqual(findings(template(`!Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'`), 'file:///w/key.yaml'), []);
  assert.deepEqual(findings(template('!Ref AWS::AccountId'), 'file:///w/key.yaml'), []);
  assert.deepEqual(findings(template(`!Sub 'arn:aws:iam::\${AWS::AccountId}:role/App'`), 'file:///w/key.yaml'), ["'kms:*'"]);
  const terraform = (identifier: string) => `data "aws_caller_identity" "current" {}
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [${identifier}]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`;
  assert.deepEqual(findings(terraform('"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"'), 'file:///w/key.tf'), []);
  assert.deepEqual(findings(terraform('var.admin_arn'), 'file:///w/key.tf'), ['"kms:*"']);
});

test('wildcard-action accepts the deploying account given a table the configuration makes, its partition known at deploy', () => {
  // The AWS provider's acceptance test of aws_dynamodb_resource_policy (DynamoDB sweep).
  const text = (resources: string) => `data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
resource "aws_dynamodb_table" "test" {
  name     = "t"
  hash_key = "id"
}
resource "aws_dynamodb_resource_policy" "test" {
  resource_arn = aws_dynamodb_table.test.arn
  policy       = data.aws_iam_policy_document.test.json
}
data "aws_iam_policy_document" "test" {
  statement {
    actions = ["dynamodb:*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
    resources = [${resources}]
  }
}
`;
  const findings = (resources: string) =>
    analyzeDocument({ text: text(resources), uri: 'file:///w/table.tf' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'wildcard-action');
  assert.deepEqual(findings('aws_dynamodb_table.test.arn, "${aws_dynamodb_table.test.arn}/*"'), []);
  // A table's ARN given as a variable may be another account's.
  assert.equal(findings('var.table_arn').length, 1);
});

// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html (data perimeter endpoint policies)
test('wildcard-action accepts "*" in a VPC endpoint policy bounded to the organization or to AWS services', () => {
  const endpoint = (condition?: unknown) => policyWith({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', ...(condition ? { Condition: condition } : {}) });
  assert.deepEqual(runCheck(wildcardAction, endpoint({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } })), []);
  assert.deepEqual(runCheck(wildcardAction, endpoint({ Bool: { 'aws:PrincipalIsAWSService': 'true' } })), []);
  for (const condition of [
    undefined,
    { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
  ]) {
    const problems = runCheck(wildcardAction, endpoint(condition));
    assert.deepEqual(
      problems.map((p) => p.severity),
      ['warning'],
      JSON.stringify(condition),
    );
  }
});

test('wildcard-action accepts prefix wildcards that stay in one narrow family', () => {
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: '*' })), []);
  assert.deepEqual(runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 's3:*Object', Resource: 'arn:aws:s3:::bucket/*' })), []);
  // The IAM User Guide's "manage your own credentials" policies.
  assert.deepEqual(
    runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: ['iam:*AccessKey*', 'iam:*LoginProfile*', 'iam:*SigningCertificate*'], Resource: 'arn:aws:iam::*:user/${aws:username}' })),
    [],
  );
});

test('wildcard-action keeps wildcards that leave the family: every resource, Permissions management, large one-level sweeps', () => {
  const { actual, expected } = spansOf(
    wildcardAction,
    `{"Statement": [
      {"Effect": "Allow", "Action": [«"iam:*AccessKey*"», «"s3:*Object"»], "Resource": "*"},
      {"Effect": "Allow", "Action": «"iam:*Group*"», "Resource": "arn:aws:iam::*:group/AllUsers"},
      {"Effect": "Allow", "Action": «"ec2:Delete*"», "Resource": "arn:aws:ec2:*:111122223333:*"}]}`,
  );
  assert.deepEqual(actual, expected);
});

test("wildcard-action counts what the policy's unconditional Deny statements leave", () => {
  // iam-vulnerable's negative test: Allow iam:* with Deny iam:* grants nothing.
  assert.deepEqual(runCheck(wildcardAction, '{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}'), []);
  assert.deepEqual(
    runCheck(
      wildcardAction,
      '{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/app-*"}, {"Effect": "Deny", "NotAction": "s3:*", "Resource": "arn:aws:iam::*:role/*"}]}',
    ),
    [],
  );
  // A Deny with a condition, or on fewer resources, takes nothing away for sure.
  const { actual, expected } = spansOf(
    wildcardAction,
    `{"Statement": [
      {"Effect": "Allow", "Action": «"iam:*"», "Resource": "*"},
      {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
      {"Effect": "Allow", "Action": «"sqs:*"», "Resource": "*"},
      {"Effect": "Deny", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:*:queue"}]}`,
  );
  assert.deepEqual(actual, expected);
  const [partly] = runCheck(wildcardAction, '{"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}, {"Effect": "Deny", "Action": ["iam:Create*", "iam:Put*"], "Resource": "*"}]}');
  assert.match(partly.message, /^"iam:\*" allows \d+ actions of AWS Identity and Access Management \(IAM\) that this policy's Deny statements leave \(/);
});

// From real Terraform: the SQS console's default owner statement, and a key policy with a guardrail Deny of "*".
test('wildcard-action accepts an account given its own resources and a key policy whose Deny names other actions', () => {
  const owner = JSON.stringify({
    Version: '2012-10-17',
    Id: '__default_policy_ID',
    Statement: [{ Sid: '__owner_statement', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'SQS:*', Resource: 'arn:aws:sqs:us-east-1:111122223333:dead-letter' }],
  });
  assert.deepEqual(runCheck(wildcardAction, owner, 'resource'), []);
  // Another account's root on the queue may do anything its own IAM policies let it.
  assert.equal(runCheck(wildcardAction, owner.replace('arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'), 'resource').length, 1);
  // The deploying account on the resource the policy is attached to (a Terraform topic policy's DefaultOwnerPermissions,
  // messaging sweep); a variable's account may be another.
  const deploying = (account: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DefaultOwnerPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'SNS:*', Resource: '*' }] });
  assert.deepEqual(runCheck(wildcardAction, deploying('${data.aws_caller_identity.current.account_id}'), 'resource'), []);
  const template = { Principal: "{AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}", Action: 'SNS:*', Resource: "'*'" };
  assert.deepEqual(runCheckOnTemplateStatement(wildcardAction, template, 'resource'), []);
  assert.equal(runCheck(wildcardAction, deploying('${var.account_id}'), 'resource').length, 1);
  const keyPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EnableIAM', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'DenyOutsideOrg', Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
    ],
  });
  assert.deepEqual(runCheck(wildcardAction, keyPolicy, 'resource'), []);
});

test('wildcard-action leaves alone a statement only for sessions issued before a past date: it grants nothing any more', () => {
  // iam-vulnerable's fp5 (a non-exploitable condition): no session issued before 2020 is still in use.
  const statement = (operator: string) => policyWith({ Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { [operator]: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } } });
  assert.deepEqual(runCheck(wildcardAction, statement('DateLessThan')), []);
  assert.equal(runCheck(wildcardAction, statement('DateGreaterThan')).length, 1);
});

// Two sweeps read the counts as overstated: a topic policy's "*" reaches that topic only, and codebuild:* on one
// report group only what acts on report groups.
test('wildcard-action says what "*" reaches in a resource policy, and what service:* reaches on named resources', () => {
  const [topic] = runCheck(wildcardAction, JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' }] }), 'resource');
  assert.equal(topic.message, '"*" allows every action on this policy\'s resource, and every action AWS adds later. Allow only the actions its principals need.');
  const [reports] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'codebuild:*', Resource: 'arn:aws:codebuild:us-east-1:111122223333:report-group/app-*' }));
  assert.match(reports.message, /^"codebuild:\*" allows all [\d,]+ actions of AWS CodeBuild \([^)]*\); on this statement's resources, \d+ of them apply \([^)]*\), and those AWS adds later\./);
  const [everywhere] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: 'codebuild:*', Resource: '*' }));
  assert.doesNotMatch(everywhere.message, /on this statement's resources/);
  // A cdktf app's "*" on Client VPN endpoints: of every service's actions, EC2's that act on one.
  const [endpoints] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:ec2:us-east-1:111122223333:client-vpn-endpoint/*' }));
  assert.match(
    endpoints.message,
    /^"\*" allows every action of every service: [\d,]+ actions today \([^)]*\); on this statement's resources, \d+ of them apply \([^)]*\), and every action AWS adds later\./,
  );
  const count = Number(/(\d+) of them apply/.exec(endpoints.message)![1]);
  assert.ok(count > 0 && count < 100, String(count));
  // One resource of any service, or every resource of one: no such count.
  for (const resource of [['arn:aws:ec2:us-east-1:111122223333:client-vpn-endpoint/*', '*'], ['arn:aws:s3:::*'], ['arn:aws:*:*:*:*']]) {
    const [finding] = runCheck(wildcardAction, policyWith({ Effect: 'Allow', Action: '*', Resource: resource }));
    assert.doesNotMatch(finding.message, /on this statement's resources/, resource.join());
  }
});

test("wildcard-action leaves alone a bucket policy that hands access control to the account's access points", () => {
  // The S3 User Guide's delegation example (S3 sweep: two warnings on it).
  const delegation = (condition: object) =>
    JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: ['arn:aws:s3:::amzn-s3-demo-bucket', 'arn:aws:s3:::amzn-s3-demo-bucket/*'], Condition: condition }],
    });
  assert.deepEqual(runCheck(wildcardAction, delegation({ StringEquals: { 's3:DataAccessPointAccount': '111122223333' } }), 'resource'), []);
  assert.deepEqual(runCheck(wildcardAction, delegation({ ArnLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-east-1:111122223333:accesspoint/app-*' } }), 'resource'), []);
  // A negated test, or one that matches any account, hands nothing over.
  assert.equal(runCheck(wildcardAction, delegation({ StringNotEquals: { 's3:DataAccessPointAccount': '111122223333' } }), 'resource').length, 1);
  assert.equal(runCheck(wildcardAction, delegation({ StringLike: { 's3:DataAccessPointAccount': '*' } }), 'resource').length, 1);
});

test("wildcard-action leaves to action-resource-mismatch a wildcard none of whose actions acts on the statement's resources", () => {
  // zerotrustlabs/zelda (advanced-trust sweep): "cognito-sync:*" on S3 ARNs was said to allow all of Cognito Sync's actions.
  const statement = { Effect: 'Allow', Action: ['cognito-sync:*', 's3:GetObject'], Resource: ['arn:aws:s3:::site/*'] };
  assert.deepEqual(runCheck(wildcardAction, policyWith(statement)), []);
  // One that acts on them, or on a resource whose value the deployment fills in and nothing types, is still reported.
  assert.equal(runCheck(wildcardAction, policyWith({ ...statement, Action: 's3:*' })).length, 1);
  assert.equal(runCheck(wildcardAction, policyWith({ ...statement, Resource: ['arn:aws:cognito-sync:us-east-1:111122223333:identitypool/*'] })).length, 1);
  assert.equal(runCheck(wildcardAction, policyWith({ ...statement, Resource: ['${var.resource_arn}'] })).length, 1);
});

test('wildcard-action: "*" to the account in a key policy is the default key policy\'s kms:*, not a finding', () => {
  // tfscaffold's key policy (deployment sweep): "*" to the account root beside statements of KMS's actions.
  const key = (action: string, principal = 'arn:aws:iam::111122223333:root') =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
      ],
    });
  assert.deepEqual(runCheck(wildcardAction, key('*'), 'resource'), []);
  // To anyone else, "*" is reported as kms:* is.
  assert.equal(runCheck(wildcardAction, key('*', 'arn:aws:iam::111122223333:role/admin'), 'resource').length, 1);
  assert.equal(runCheck(wildcardAction, key('kms:*', 'arn:aws:iam::111122223333:role/admin'), 'resource').length, 1);
});

test("wildcard-action leaves alone a service's * in an endpoint's data perimeter: the organization's principals and resources", () => {
  // nationalarchives' S3 gateway endpoint policy (legacy-constructs sweep).
  const statement = (condition: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEquals: condition } });
  assert.deepEqual(runCheck(wildcardAction, policyWith(statement({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' })), 'resource'), []);
  // Bounded to the organization's principals alone, it could be a queue's or a topic's policy: still reported.
  assert.equal(runCheck(wildcardAction, policyWith(statement({ 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' })), 'resource').length, 1);
});
