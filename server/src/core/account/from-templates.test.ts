// Template and module readers of the account model: references, synthetic names, SAM's implicit role, Terraform's
// exclusive resources, and values known only at deploy (never answered Allowed on a guess).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudFormationReader, takeCommandLineRead } from '../hosts/cloudformation/reader';
import { loadTerraformParser } from '../hosts/terraform/parser';
import { takeCommandLineReading, terraformReader } from '../hosts/terraform/index';
import { AccountEvaluator } from './account-evaluator';
import { findEscalations } from './escalations';
import { getManagedPolicies } from './managed-policies';
import { readTemplateAccount } from './from-cloudformation';
import { readModuleAccount, type KeptReading } from './from-terraform';
import { documentOf, statementListOf, type Account } from './model';
import { principal } from '../../../../test/helpers/account-principal';
import { whoCan } from './who-can';

before(() => loadTerraformParser());

function template(text: string, options: { accountId?: string } = { accountId: '111122223333' }): Account {
  const result = readTemplateAccount(text, 'template.yaml', options);
  assert.equal(result.error, undefined);
  return result.account!;
}

function module(text: string): Account {
  const result = readModuleAccount([{ file: 'main.tf', text }], { accountId: '111122223333' });
  assert.equal(result.error, undefined);
  return result.account!;
}

const decide = (account: Account, who: string, action: string, resource: string, context?: Record<string, string>) =>
  new AccountEvaluator(account, { context }).decide(principal(account, who), action, resource);

test('a resource known only at deploy makes an Allow conditional on it, never Allowed', () => {
  const account = template(`
Parameters:
  BucketName: { Type: String }
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Data
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: ReadBucket
                Effect: Allow
                Action: s3:GetObject
                Resource: !Sub arn:\${AWS::Partition}:s3:::\${BucketName}/*
`);
  const answer = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::other-bucket/x');
  assert.equal(answer.decision, 'Conditional');
  assert.deepEqual(
    answer.conditions?.map((c) => [c.statement, c.key]),
    [['ReadBucket', 'deploy-time:BucketName']],
  );
  // Another action is still plainly denied: the placeholder widens only the resource.
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::other-bucket/x').decision, 'ImplicitlyDenied');
  assert.ok(
    account.warnings.some((w) => w.includes('Resources.App.Properties.Policies[0].PolicyDocument holds values known only at deploy (${BucketName})')),
    account.warnings.join('\n'),
  );
});

test('a Deny on a resource known only at deploy makes an allowed request conditional', () => {
  const account = template(`
Resources:
  Key:
    Type: AWS::KMS::Key
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      Policies:
        - PolicyName: NoKeyAdmin
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: KeepKey
                Effect: Deny
                Action: kms:ScheduleKeyDeletion
                Resource: !GetAtt Key.Arn
`);
  const answer = decide(account, 'app', 'kms:ScheduleKeyDeletion', 'arn:aws:kms:us-east-1:111122223333:key/abc');
  assert.equal(answer.decision, 'Conditional');
  assert.deepEqual(
    answer.conditions?.map((c) => [c.effect, c.statement, c.key]),
    [['Deny', 'KeepKey', 'deploy-time:GetAtt/Key.Arn']],
  );
  assert.equal(decide(account, 'app', 'kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/abc').decision, 'Allowed');
});

test('unnamed entities get synthetic ARNs from their logical ids, and say so', () => {
  const account = template(
    `
Resources:
  Builders:
    Type: AWS::IAM::Group
  Worker:
    Type: AWS::IAM::User
    Properties:
      Path: /ci/
      Groups: [!Ref Builders]
  BuildPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Builders]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: codebuild:StartBuild, Resource: '*' }] }
`,
    {},
  );
  assert.deepEqual([...account.users.keys()], ['arn:aws:iam::000000000000:user/ci/Worker']);
  assert.deepEqual(account.users.get('arn:aws:iam::000000000000:user/ci/Worker')!.groups, ['Builders']);
  assert.deepEqual(account.groups.get('arn:aws:iam::000000000000:group/Builders')!.attached, ['arn:aws:iam::000000000000:policy/BuildPolicy']);
  assert.equal(decide(account, 'Worker', 'codebuild:StartBuild', '*').decision, 'Allowed');
  assert.ok(
    account.warnings.some((w) => w === 'template.yaml: Worker has no literal UserName; CloudFormation names it at deploy, so it is named Worker here (synthetic ARN).'),
    account.warnings.join('\n'),
  );
  assert.ok(account.warnings.some((w) => w.includes('synthetic ARNs in account 000000000000')));
});

test("a SAM function's implicit role trusts Lambda, holds AWSLambdaBasicExecutionRole and the function's policies", () => {
  const account = template(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - AmazonSQSReadOnlyAccess
        - Statement:
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: arn:aws:dynamodb:us-east-1:111122223333:table/orders
  Named:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/existing
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/OrdersRole')!;
  assert.deepEqual(role.attached, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess']);
  assert.deepEqual([...account.roles.keys()], ['arn:aws:iam::111122223333:role/OrdersRole']);
  assert.equal(decide(account, 'OrdersRole', 'dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/orders').decision, 'Allowed');
  assert.equal(decide(account, 'OrdersRole', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:x:log-stream:y').decision, 'Allowed');
  assert.deepEqual(
    whoCan(new AccountEvaluator(account), 'sts:AssumeRole', role.arn).allowed.map((e) => [e.principal, e.decision]),
    [['lambda.amazonaws.com', 'Allowed']],
  );
});

test("a service principal written with the partition's domain suffix, as CDK writes every one, is that service", () => {
  const text = `
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: task
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: { 'Fn::Join': ['', ['ecs-tasks.', { Ref: AWS::URLSuffix }]] } }
            Action: sts:AssumeRole
`;
  const assumers = (partition: string) => {
    const { account } = readTemplateAccount(text, 'template.yaml', { accountId: '111122223333', partition });
    return whoCan(new AccountEvaluator(account!), 'sts:AssumeRole', `arn:${partition}:iam::111122223333:role/task`).allowed.map((e) => [e.principal, e.decision]);
  };
  // Before, the suffix was known only at deploy and no principal could assume the role.
  assert.deepEqual(assumers('aws'), [['ecs-tasks.amazonaws.com', 'Allowed']]);
  assert.deepEqual(assumers('aws-cn'), [['ecs-tasks.amazonaws.com.cn', 'Allowed']]);
  const tf = module(`
data "aws_partition" "current" {}
resource "aws_iam_role" "node" {
  name               = "node"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.\${data.aws_partition.current.dns_suffix}" } }] })
}
`);
  assert.deepEqual(
    whoCan(new AccountEvaluator(tf), 'sts:AssumeRole', 'arn:aws:iam::111122223333:role/node').allowed.map((e) => [e.principal, e.decision]),
    [['ec2.amazonaws.com', 'Allowed']],
  );
});

test("Terraform: a trust policy naming the module's OIDC provider names its ARN, from the provider's url", () => {
  const account = module(`
resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
}
resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:octo/app:*" } }
    }]
  })
}
`);
  // Before, the provider's ARN was a value known only at apply, waiting on deploy-time:aws_iam_openid_connect_provider.github.arn.
  const trust = account.roles.get('arn:aws:iam::111122223333:role/deploy')!.trust?.value as { Statement: { Principal: unknown; Condition: unknown }[] };
  assert.deepEqual(trust.Statement[0].Principal, { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' });
  assert.deepEqual(trust.Statement[0].Condition, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo/app:*' } });
  assert.deepEqual(account.warnings, []);
});

test("a SAM policy template in a function's Policies becomes an inline policy of the implicit role, as SAM expands it", () => {
  const account = template(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Poller:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - SQSPollerPolicy:
            QueueName: orders
        - NoSuchTemplatePolicy: {}
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/PollerRole')!;
  assert.deepEqual(
    role.inline.map((p) => [p.name, p.source.path]),
    [['PollerRolePolicy0', 'Resources.Poller.Properties.Policies[0].SQSPollerPolicy']],
  );
  // SQSPollerPolicy: receive, delete and change visibility on the named queue; its ARN's region is known at deploy,
  // so the answer waits on that value until it is given.
  const queue = 'arn:aws:sqs:us-east-1:111122223333:orders';
  assert.equal(decide(account, 'PollerRole', 'sqs:ReceiveMessage', queue).decision, 'Conditional');
  assert.equal(decide(account, 'PollerRole', 'sqs:DeleteMessage', queue, { 'deploy-time:AWS::Region': 'us-east-1' }).decision, 'Allowed');
  assert.equal(decide(account, 'PollerRole', 'sqs:SendMessage', queue).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'PollerRole', 'sqs:ReceiveMessage', 'arn:aws:sqs:us-east-1:111122223333:other').decision, 'ImplicitlyDenied');
  assert.ok(
    account.warnings.includes('template.yaml: Resources.Poller.Properties.Policies[1] names "NoSuchTemplatePolicy", which is not a SAM policy template; it is left out.'),
    account.warnings.join('\n'),
  );
});

// SAM gives a state machine without a Role the implicit role `<LogicalId>Role`, trusting states.amazonaws.com, with
// its Policies as for a function; Globals.Function's Tracing and PermissionsBoundary apply to every function's role;
// RolePath is the role's path. An Api or HttpApi gets no role.
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-statemachine.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
test("a SAM state machine's implicit role trusts Step Functions and holds its Policies; who-can and escalations see it", () => {
  const text = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Tracing: Active
    PermissionsBoundary: !Ref CapPolicy
Resources:
  CapPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: Cap
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: xray:*
            Resource: '*'
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      RolePath: /app/
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.asl.json
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref Worker
        - AdministratorAccess
        - Statement:
            - Sid: Queue
              Effect: Allow
              Action: sqs:SendMessage
              Resource: arn:aws:sqs:us-east-1:111122223333:jobs
  Existing:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::111122223333:role/existing
  Site:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api
        Format: $context.requestId
  Deployer:
    Type: AWS::IAM::User
    Properties:
      UserName: deployer
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [states:CreateStateMachine, states:StartExecution, iam:PassRole]
                Resource: '*'
`;
  const account = template(text);
  const flowArn = 'arn:aws:iam::111122223333:role/FlowRole';
  const workerArn = 'arn:aws:iam::111122223333:role/app/WorkerRole';
  assert.deepEqual([...account.roles.keys()], [workerArn, flowArn]);
  const flow = account.roles.get(flowArn)!;
  assert.deepEqual(flow.attached, ['arn:aws:iam::aws:policy/AdministratorAccess']);
  assert.equal(flow.boundary, undefined);
  // The policy template's statements are placed on its name; the inline statement where it is written.
  assert.deepEqual(
    flow.inline.map((p) => [p.name, p.source.path, p.written?.statements.map((st) => text.slice(st.span.start, st.span.end).split('\n')[0])]),
    [
      ['FlowRolePolicy0', 'Resources.Flow.Properties.Policies[0].LambdaInvokePolicy', ['LambdaInvokePolicy']],
      ['FlowRolePolicy2', 'Resources.Flow.Properties.Policies[2]', ['Sid: Queue']],
    ],
  );
  const evaluator = new AccountEvaluator(account);
  assert.deepEqual(
    whoCan(evaluator, 'sts:AssumeRole', flowArn).allowed.map((e) => [e.principal, e.decision]),
    [['states.amazonaws.com', 'Allowed']],
  );
  assert.deepEqual(
    whoCan(evaluator, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs').allowed.map((e) => [e.principal, e.via.map((v) => [v.policy, v.statement])]),
    [
      [
        flowArn,
        [
          ['FlowRolePolicy2', 'Queue'],
          ['arn:aws:iam::aws:policy/AdministratorAccess', '#1'],
        ],
      ],
    ],
  );
  // The function's role: Tracing from Globals adds the X-Ray policy SAM picks in the aws partition
  // (AWSXrayWriteOnlyAccess, xray_utils.py), and the global boundary (which allows
  // only X-Ray) caps what AWSLambdaBasicExecutionRole allows.
  const worker = account.roles.get(workerArn)!;
  assert.deepEqual(worker.attached, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess']);
  assert.equal(worker.boundary, 'arn:aws:iam::111122223333:policy/Cap');
  assert.equal(evaluator.decide(worker, 'xray:PutTraceSegments', '*').decision, 'Allowed');
  assert.equal(evaluator.decide(worker, 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:x:log-stream:y').decision, 'ImplicitlyDenied');
  // The deployer can create a state machine with the administrator role and start it.
  const found = findEscalations(evaluator);
  assert.deepEqual(found.administrators, [flowArn]);
  assert.deepEqual(
    found.escalations.map((e) => [e.principal, e.method, e.path.map((step) => [step.to, step.requests.map((r) => `${r.action} ${r.resource}`)])]),
    [['arn:aws:iam::111122223333:user/deployer', 'pass-role', [[flowArn, [`iam:PassRole ${flowArn}`, 'states:CreateStateMachine *', 'states:StartExecution *']]]]],
  );
});

test('SAM: a global permissions boundary known only at deploy caps every function role, with one warning', () => {
  const account = template(`
Transform: AWS::Serverless-2016-10-31
Parameters:
  BoundaryArn: {Type: String}
Globals:
  Function:
    PermissionsBoundary: !Ref BoundaryArn
Resources:
  One:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, Runtime: nodejs20.x, Policies: [AmazonS3ReadOnlyAccess]}
  Two:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, Runtime: nodejs20.x, Policies: [AmazonS3ReadOnlyAccess]}
`);
  for (const role of ['OneRole', 'TwoRole']) {
    const answer = decide(account, role, 's3:GetObject', 'arn:aws:s3:::b/k');
    assert.deepEqual([answer.decision, answer.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:Ref/BoundaryArn']], role);
  }
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('PermissionsBoundary')),
    [
      'template.yaml: Globals.Function.PermissionsBoundary is a permissions boundary known only at deploy (Ref BoundaryArn); answers through the principal are Conditional until --context gives deploy-time:Ref/BoundaryArn.',
    ],
  );
});

test("a SAM function's own AssumeRolePolicyDocument and PermissionsBoundary replace SAM's trust policy and the global boundary", () => {
  const account = template(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    PermissionsBoundary: arn:aws:iam::111122223333:policy/Global
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      VpcConfig:
        SubnetIds: [subnet-1]
        SecurityGroupIds: [sg-1]
      PermissionsBoundary: arn:aws:iam::111122223333:policy/Own
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]
            Action: sts:AssumeRole
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/EdgeRole')!;
  assert.equal(role.boundary, 'arn:aws:iam::111122223333:policy/Own');
  assert.deepEqual(role.attached, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']);
  assert.equal(role.trust?.source.path, 'Resources.Edge.Properties.AssumeRolePolicyDocument');
  assert.deepEqual(
    whoCan(new AccountEvaluator(account), 'sts:AssumeRole', role.arn).allowed.map((e) => [e.principal, e.decision]),
    [
      ['lambda.amazonaws.com', 'Allowed'],
      ['edgelambda.amazonaws.com', 'Allowed'],
    ],
  );
});

test('a file that is not a template is an error, not a crash', () => {
  assert.equal(readTemplateAccount('just: text', 'x.yaml').error, 'x.yaml is not a CloudFormation template: it has no Resources map.');
  assert.equal(readTemplateAccount('{"UserDetailList": []}', 'x.json').error, 'x.json is not a CloudFormation template: it has no Resources map.');
});

test('Terraform: aws_iam_policy_attachment and aws_iam_group_membership replace what other resources add', () => {
  const account = module(`
resource "aws_iam_user" "a" { name = "a" }
resource "aws_iam_user" "b" { name = "b" }
resource "aws_iam_group" "g" { name = "g" }
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })
}
resource "aws_iam_user_policy_attachment" "a" {
  user       = aws_iam_user.a.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_policy_attachment" "only_b" {
  name       = "only-b"
  users      = [aws_iam_user.b.name]
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_user_group_membership" "a" {
  user   = aws_iam_user.a.name
  groups = [aws_iam_group.g.name]
}
resource "aws_iam_group_membership" "g" {
  name  = "g-members"
  group = aws_iam_group.g.name
  users = [aws_iam_user.b.name]
}
`);
  const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;
  assert.deepEqual(account.users.get(arn('user/a'))!.attached, []);
  assert.deepEqual(account.users.get(arn('user/b'))!.attached, [arn('policy/p')]);
  assert.deepEqual(account.users.get(arn('user/a'))!.groups, []);
  assert.deepEqual(account.users.get(arn('user/b'))!.groups, ['g']);
  assert.deepEqual(
    whoCan(new AccountEvaluator(account), 's3:ListAllMyBuckets', '*').allowed.map((e) => e.principal),
    [arn('user/b')],
  );
});

test("Terraform: a role's managed_policy_arns and inline_policy blocks are exclusive; policies_exclusive drops others", () => {
  const account = module(`
resource "aws_iam_role" "r" {
  name                = "r"
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = []
  inline_policy {
    name   = "kept"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}
resource "aws_iam_role_policy_attachment" "r" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy" "extra" {
  name   = "extra"
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
}
resource "aws_iam_role" "s" {
  name               = "s"
  name_prefix        = "ignored"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role_policy" "s1" {
  name   = "one"
  role   = aws_iam_role.s.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
}
resource "aws_iam_role_policy" "s2" {
  name   = "two"
  role   = aws_iam_role.s.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}
resource "aws_iam_role_policies_exclusive" "s" {
  role_name    = aws_iam_role.s.name
  policy_names = [aws_iam_role_policy.s2.name]
}
`);
  const r = account.roles.get('arn:aws:iam::111122223333:role/r')!;
  assert.deepEqual(r.attached, []);
  assert.deepEqual(
    r.inline.map((p) => p.name),
    ['kept'],
  );
  assert.deepEqual(r.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs-tasks.amazonaws.com' } }] });
  assert.deepEqual(
    account.roles.get('arn:aws:iam::111122223333:role/s')!.inline.map((p) => p.name),
    ['two'],
  );
});

test('Terraform: exclusive attachments and inline policies made only under a choice replace the others only when it goes their way', () => {
  const account = module(`
variable "exclusive" { type = bool }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy" "extra" {
  name   = "extra"
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachments_exclusive" "only" {
  count       = var.exclusive ? 1 : 0
  role_name   = aws_iam_role.r.name
  policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}
resource "aws_iam_role_policies_exclusive" "none" {
  count        = var.exclusive ? 1 : 0
  role_name    = aws_iam_role.r.name
  policy_names = []
}
`);
  // Before, both were read as always made: the role had ReadOnlyAccess only, whatever var.exclusive.
  const key = 'deploy-time:var.exclusive';
  const user = 'arn:aws:iam::111122223333:user/x';
  const create = decide(account, 'r', 'iam:CreateUser', user);
  assert.deepEqual([create.decision, create.conditions?.map((c) => c.key)], ['Conditional', [key]]);
  assert.equal(decide(account, 'r', 'iam:CreateUser', user, { [key]: 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'r', 'iam:CreateUser', user, { [key]: 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'r', 'iam:GetUser', user, { [key]: 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'r', 'sns:Publish', '*', { [key]: 'true' }).decision, 'ImplicitlyDenied');
  // With the exclusive resources not made, the role has its inline policy and AdministratorAccess (which allows it anyway).
  assert.equal(decide(account, 'r', 'sns:Publish', '*', { [key]: 'false' }).decision, 'Allowed');
  assert.ok(
    account.warnings.some((warning) => warning.includes('aws_iam_role_policy_attachments_exclusive.only is created only when var.exclusive is true at apply')),
    account.warnings.join('\n'),
  );
});

test('Terraform: an exclusive inline-policy list made only under a choice keeps the others under the other way', () => {
  const account = module(`
variable "exclusive" { type = bool }
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "extra" {
  name   = "extra"
  role   = aws_iam_role.r.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
}
resource "aws_iam_role_policies_exclusive" "none" {
  count        = var.exclusive ? 1 : 0
  role_name    = aws_iam_role.r.name
  policy_names = []
}
`);
  const key = 'deploy-time:var.exclusive';
  const publish = decide(account, 'r', 'sns:Publish', '*');
  assert.deepEqual([publish.decision, publish.conditions?.map((c) => c.key)], ['Conditional', [key]]);
  assert.equal(decide(account, 'r', 'sns:Publish', '*', { [key]: 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'r', 'sns:Publish', '*', { [key]: 'false' }).decision, 'Allowed');
});

test('Terraform: a data "aws_iam_policy" of an AWS managed policy gives its ARN, by arn or by name, and its document to copy', () => {
  const account = module(`
data "aws_partition" "current" {}
data "aws_iam_policy" "eni" {
  arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"
}
data "aws_iam_policy" "execute" { name = "AWSLambdaExecute" }
data "aws_iam_policy" "tracing" {
  count = 1
  arn   = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
}
data "aws_iam_policy" "own" { name = "team-boundary" }
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "eni" {
  role       = aws_iam_role.fn.name
  policy_arn = data.aws_iam_policy.eni.arn
}
resource "aws_iam_role_policy_attachment" "execute" {
  role       = aws_iam_role.fn.name
  policy_arn = data.aws_iam_policy.execute.id
}
resource "aws_iam_policy" "tracing" {
  name   = "fn-\${data.aws_iam_policy.tracing[0].name}"
  policy = data.aws_iam_policy.tracing[0].policy
}
resource "aws_iam_role_policy_attachment" "tracing" {
  role       = aws_iam_role.fn.name
  policy_arn = aws_iam_policy.tracing.arn
}
resource "aws_iam_role_policy_attachment" "own" {
  role       = aws_iam_role.fn.name
  policy_arn = data.aws_iam_policy.own.arn
}
`);
  const copy = 'arn:aws:iam::111122223333:policy/fn-AWSXRayDaemonWriteAccess';
  assert.deepEqual(account.roles.get('arn:aws:iam::111122223333:role/fn')!.attached, [
    'arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess',
    'arn:aws:iam::aws:policy/AWSLambdaExecute',
    copy,
  ]);
  // The copy is a customer managed policy with the bundled document, written where the argument is.
  const copied = account.policies.get(copy)!.policy;
  assert.equal(copied.kind, 'customer-managed');
  assert.deepEqual(copied.value, getManagedPolicies().find('arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess')!.document);
  assert.deepEqual(copied.source, { file: 'main.tf', path: 'aws_iam_policy.tracing.policy' });
  assert.equal(decide(account, 'fn', 'xray:PutTraceSegments', '*').decision, 'Allowed');
  assert.equal(decide(account, 'fn', 'ec2:CreateNetworkInterface', '*').decision, 'Allowed');
  // A customer managed policy read by name exists only in the account: left out, with one warning.
  assert.deepEqual(account.warnings, ['main.tf: aws_iam_role_policy_attachment.own policy_arn is known only at apply; it is left out.']);
});

test('Terraform: references written as one interpolation ("${…}", Terraform 0.11) reach documents and governed resources', () => {
  const account = module(`
resource "aws_s3_bucket" "logs" { bucket = "logs" }
resource "aws_s3_bucket_policy" "logs" {
  bucket = "\${aws_s3_bucket.logs.id}"
  policy = "\${data.aws_iam_policy_document.logs.json}"
}
data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["\${aws_iam_role.reader.arn}"]
    }
  }
}
resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = "\${data.aws_iam_policy_document.trust.json}"
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
`);
  assert.deepEqual(account.warnings, []);
  assert.deepEqual(
    account.resourcePolicies.map((policy) => policy.resources),
    [['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*']],
  );
  assert.deepEqual(account.roles.get('arn:aws:iam::111122223333:role/reader')!.trust?.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } }],
  });
  assert.equal(decide(account, 'reader', 's3:GetObject', 'arn:aws:s3:::logs/app.log').decision, 'Allowed');
});

test('Terraform: a policy argument that chooses between documents takes the branch the module knows, or both as a choice', () => {
  const account = module(`
variable "assume_role" { type = bool }
locals {
  read_only = true
}
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "write" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "assume" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::111122223333:role/target"]
  }
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "known" {
  role   = aws_iam_role.app.name
  policy = local.read_only ? data.aws_iam_policy_document.read.json : data.aws_iam_policy_document.write.json
}
resource "aws_iam_role_policy" "chosen" {
  role   = aws_iam_role.app.name
  policy = var.assume_role ? data.aws_iam_policy_document.assume.json : data.aws_iam_policy_document.write.json
}
variable "custom_json" { type = string }
resource "aws_iam_role_policy" "custom" {
  role   = aws_iam_role.app.name
  policy = var.custom_json != "" ? var.custom_json : data.aws_iam_policy_document.read.json
}
`);
  const target = 'arn:aws:iam::111122223333:role/target';
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::b/k').decision, 'Conditional');
  assert.equal(decide(account, 'app', 'sts:AssumeRole', target).decision, 'Conditional');
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::b/k', { 'deploy-time:var.assume_role': 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 'sts:AssumeRole', target, { 'deploy-time:var.assume_role': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::b/k', { 'deploy-time:var.assume_role': 'false' }).decision, 'Allowed');
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_role_policy.chosen policy is one of two documents as var.assume_role is true or false at apply; answers through it are Conditional until --context gives deploy-time:var.assume_role=true or false.',
    // A branch known only at apply (the module's caller may pass any document) is left out, and says so.
    'main.tf: aws_iam_role_policy.custom policy, when var.custom_json != "" is true, is not a policy document the module writes out; that branch is left out.',
    'main.tf: aws_iam_role_policy.custom policy is one of two documents as var.custom_json != "" is true or false at apply; answers through it are Conditional until --context gives deploy-time:var.custom_json/!=/""=true or false.',
  ]);
});

test('Terraform: a document chosen in a local, as role modules default their trust policy, is read as the choice', () => {
  // pbs/terraform-aws-iam-role-module: the caller's trust policy, or one the module writes for var.aws_services.
  const account = module(`
variable "assume_role_policy" { default = null }
locals {
  generate_assume_role_policy = var.assume_role_policy == null
  assume_role_policy          = var.assume_role_policy != null ? var.assume_role_policy : data.aws_iam_policy_document.assume_role_policy[0].json
}
data "aws_iam_policy_document" "assume_role_policy" {
  count = local.generate_assume_role_policy ? 1 : 0
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "role" {
  name               = "app"
  assume_role_policy = local.assume_role_policy
}
`);
  // Before, the local was no document the module writes: the role had no trust policy, and nobody could assume it.
  const role = account.roles.get('arn:aws:iam::111122223333:role/app')!;
  assert.deepEqual(role.trust?.value, {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringEquals: { 'deploy-time:var.assume_role_policy/!=/null': 'false' } },
      },
    ],
  });
  assert.ok(
    account.warnings.includes(
      'main.tf: aws_iam_role.role assume_role_policy is one of two documents as var.assume_role_policy != null is true or false at apply; answers through it are Conditional until --context gives deploy-time:var.assume_role_policy/!=/null=true or false.',
    ),
    account.warnings.join('\n'),
  );
});

test("Terraform: coalesce() of the caller's document and the module's, as the KMS module writes a key policy, is the choice", () => {
  const account = module(`
variable "policy" {
  type    = string
  default = null
}
data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.app.name
  policy = coalesce(var.policy, data.aws_iam_policy_document.this.json)
}
data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "send" {
  role   = aws_iam_role.app.name
  policy = coalesce(null, data.aws_iam_policy_document.send.json)
}
data "aws_iam_policy_document" "list" {
  count = 1
  statement {
    actions   = ["sqs:ListQueues"]
    resources = ["*"]
  }
}
resource "aws_iam_role_policy" "list" {
  role   = aws_iam_role.app.name
  policy = coalesce(data.aws_iam_policy_document.list[0].json, "")
}
`);
  // Before, a document written through coalesce() was none the module writes: both policies were left out.
  assert.equal(decide(account, 'app', 'kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k').decision, 'Conditional');
  assert.equal(decide(account, 'app', 'kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k', { 'deploy-time:var.policy/!=/null': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/k', { 'deploy-time:var.policy/!=/null': 'true' }).decision, 'ImplicitlyDenied');
  // A first argument the module knows to be null decides: the second document, with no choice.
  assert.equal(decide(account, 'app', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q').decision, 'Allowed');
  // The count idiom `coalesce(data.….json, "")` is the document itself, no choice.
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*').decision, 'Allowed');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('aws_iam_role_policy.list')),
    [],
  );
  assert.ok(
    account.warnings.includes(
      'main.tf: aws_iam_role_policy.read policy is one of two documents as var.policy != null is true or false at apply; answers through it are Conditional until --context gives deploy-time:var.policy/!=/null=true or false.',
    ),
    account.warnings.join('\n'),
  );
});

test('Terraform: a resource whose count is `cond ? 1 : 0`, known only at apply, is created only when cond holds; --context decides', () => {
  const account = module(`
variable "create_role" { type = bool }
variable "read_only" { type = bool }
resource "aws_iam_role" "app" {
  count              = var.create_role ? 1 : 0
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "read" {
  count      = var.create_role ? 1 : 0
  role       = aws_iam_role.app[0].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"
}
resource "aws_iam_role_policy" "write" {
  count  = var.read_only ? 0 : 1
  role   = aws_iam_role.app[count.index].name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}
`);
  const queue = 'arn:aws:sqs:us-east-1:111122223333:jobs';
  const created = { 'deploy-time:var.create_role': 'true' };
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*').decision, 'Conditional');
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*', created).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*', { 'deploy-time:var.create_role': 'false' }).decision, 'ImplicitlyDenied');
  // Made only when read_only is false, on a role made only when create_role is true: both must be given.
  assert.equal(decide(account, 'app', 'sqs:SendMessage', queue, created).decision, 'Conditional');
  assert.equal(decide(account, 'app', 'sqs:SendMessage', queue, { ...created, 'deploy-time:var.read_only': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'sqs:SendMessage', queue, { ...created, 'deploy-time:var.read_only': 'true' }).decision, 'ImplicitlyDenied');
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_role.app is created only when var.create_role is true at apply; answers through it are Conditional until --context gives deploy-time:var.create_role=true or its opposite.',
    'main.tf: aws_iam_role_policy_attachment.read is created only when var.create_role is true at apply; answers through it are Conditional until --context gives deploy-time:var.create_role=true or its opposite.',
    'main.tf: aws_iam_role_policy.write is created only when var.read_only is false at apply; answers through it are Conditional until --context gives deploy-time:var.read_only=false or its opposite.',
  ]);
});

test("Terraform: a group membership made only when a condition holds at apply gives the group's policies under it", () => {
  const account = module(`
variable "admin" { type = bool }
resource "aws_iam_group" "admins" {
  name = "admins"
}
resource "aws_iam_group_policy_attachment" "admins" {
  group      = aws_iam_group.admins.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_group_policy" "audit" {
  group  = aws_iam_group.admins.name
  name   = "audit"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*" }] })
}
resource "aws_iam_user" "ci" {
  name = "ci"
}
resource "aws_iam_user_group_membership" "ci" {
  count  = var.admin ? 1 : 0
  user   = aws_iam_user.ci.name
  groups = [aws_iam_group.admins.name, "elsewhere"]
}
`);
  const ci = account.users.get('arn:aws:iam::111122223333:user/ci')!;
  assert.deepEqual(ci.groups, []);
  const create = decide(account, 'ci', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x');
  assert.deepEqual([create.decision, create.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:var.admin']]);
  assert.equal(decide(account, 'ci', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x', { 'deploy-time:var.admin': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'ci', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x', { 'deploy-time:var.admin': 'false' }).decision, 'ImplicitlyDenied');
  // The group's Deny comes with the membership.
  assert.equal(decide(account, 'ci', 'cloudtrail:StopLogging', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t', { 'deploy-time:var.admin': 'true' }).decision, 'ExplicitlyDenied');
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_user_group_membership.ci is created only when var.admin is true at apply; answers through it are Conditional until --context gives deploy-time:var.admin=true or its opposite.',
    'main.tf: aws_iam_user_group_membership.ci may add the user to group "elsewhere", which the module does not define; it is left out.',
  ]);
});

test('Terraform: policies read from files the module ships, by file() and templatefile() with its variables', () => {
  const shipped: Record<string, string> = {
    'iam/trust.json': '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] }',
    'iam/read.json.tpl':
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/*" },\n    { "Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "${queue_arn}" }\n  ]\n}\n',
    'iam/notes.txt': 'not a policy',
  };
  const result = readModuleAccount(
    [
      {
        file: 'main.tf',
        text: `
variable "queue_arn" { type = string }
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = file("\${path.module}/iam/trust.json")
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.app.name
  policy = templatefile("\${path.module}/iam/read.json.tpl", { bucket = "reports", queue_arn = var.queue_arn })
}
resource "aws_iam_role_policy" "missing" {
  role   = aws_iam_role.app.name
  policy = file("\${path.module}/iam/gone.json")
}
resource "aws_iam_role_policy" "notes" {
  role   = aws_iam_role.app.name
  policy = file("\${path.module}/iam/notes.txt")
}
`,
      },
    ],
    { accountId: '111122223333', readFile: (path) => shipped[path] },
  );
  assert.equal(result.error, undefined);
  const account = result.account!;
  const app = account.roles.get('arn:aws:iam::111122223333:role/app')!;
  assert.deepEqual(app.trust?.value, JSON.parse(shipped['iam/trust.json']));
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv').decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::other/k').decision, 'ImplicitlyDenied');
  // A variable the call passes from the root module is known only at apply.
  assert.equal(decide(account, 'app', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs').decision, 'Conditional');
  // The statements are placed in the template file, where the editor opens them.
  const read = app.inline.find((policy) => policy.name === 'aws_iam_role_policy.read')!;
  const template = shipped['iam/read.json.tpl'];
  assert.equal(read.written?.file, 'iam/read.json.tpl');
  assert.deepEqual(
    read.written?.statements.map(({ sid, span }) => [sid, template.slice(span.start, span.start + 14)]),
    [
      ['Read', '{ "Sid": "Read'],
      ['Send', '{ "Sid": "Send'],
    ],
  );
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_role_policy.read policy holds values known only at apply (var.queue_arn); statements using them are answered as conditional on deploy-time:… keys.',
    'main.tf: aws_iam_role_policy.missing policy is read from iam/gone.json, which cannot be read; it is left out.',
    'main.tf: aws_iam_role_policy.notes policy is read from iam/notes.txt, which holds no JSON policy document; it is left out.',
  ]);
});

test("Terraform: a called module reads ${path.root} and ${path.cwd} from the root module's folder, ${path.module} from its own", () => {
  // Taiwolawal's K8s project renders its trust policy with templatefile("${path.root}/template/…"): the role had no
  // trust policy, the path not being read at all.
  const shipped: Record<string, string> = {
    'root/policies/trust.json.tpl': '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "Service": "${service}" }, "Action": "sts:AssumeRole" }] }',
    'root/policies/read.json': '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }] }',
    'root/modules/role/send.json': '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" }] }',
  };
  const modules: Record<string, { file: string; text: string }[]> = {
    'root/modules/role': [
      {
        file: 'root/modules/role/main.tf',
        text: `
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = templatefile("\${path.root}/policies/trust.json.tpl", { service = "ec2.amazonaws.com" })
}
resource "aws_iam_role_policy" "read" {
  role   = aws_iam_role.app.name
  policy = file("\${path.cwd}/policies/read.json")
}
resource "aws_iam_role_policy" "send" {
  role   = aws_iam_role.app.name
  policy = file("\${path.module}/send.json")
}
`,
      },
    ],
  };
  const result = readModuleAccount([{ file: 'root/main.tf', text: 'module "role" {\n  source = "./modules/role"\n}\n' }], {
    accountId: '111122223333',
    readFile: (path) => shipped[path],
    moduleFiles: (folder) => modules[folder],
  });
  assert.equal(result.error, undefined);
  const account = result.account!;
  const app = account.roles.get('arn:aws:iam::111122223333:role/app')!;
  assert.deepEqual(app.trust?.value, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::reports/q1.csv').decision, 'Allowed');
  assert.equal(decide(account, 'app', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs').decision, 'Allowed');
  assert.deepEqual(account.warnings, []);
});

test('Terraform: a templatefile() call that gives no value for a variable the template reads is named in a warning', () => {
  // Taiwolawal's external-secrets role passes eks_provider_arn to a template that reads eks_oid_provider_arn:
  // Terraform fails to render it. Names a %{ for } binds, and hyphenated names HCL allows, are no such variable.
  const shipped: Record<string, string> = {
    'root/trust.json.tpl':
      '{ "Version": "2012-10-17", "Statement": [%{ for i, arn in admin-arns }{ "Effect": "Allow", "Principal": { "AWS": "${arn}" }, "Action": "sts:AssumeRole" },%{ endfor }{ "Effect": "Allow", "Principal": { "Federated": "${eks_oid_provider_arn}" }, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": { "StringEquals": { "${replace(issuer, "https://", "")}:aud": "sts.amazonaws.com" } } }] }',
  };
  const result = readModuleAccount(
    [
      {
        file: 'root/main.tf',
        text: `
resource "aws_iam_role" "secrets" {
  name               = "secrets"
  assume_role_policy = templatefile("\${path.module}/trust.json.tpl", { eks_provider_arn = "arn:aws:iam::111122223333:oidc-provider/x", admin-arns = [], issuer = "https://x" })
}
`,
      },
    ],
    { accountId: '111122223333', readFile: (path) => shipped[path] },
  );
  assert.equal(result.error, undefined);
  assert.deepEqual(
    result.account!.warnings.filter((warning) => warning.includes('templatefile()')),
    [
      'root/main.tf: aws_iam_role.secrets assume_role_policy renders root/trust.json.tpl with templatefile(), which is given no value for eks_oid_provider_arn: Terraform fails to render it ("vars map does not contain key"); it is read with that value known only at apply.',
    ],
  );
});

test('Terraform: a managed policy ARN of managed_policy_arns chosen by a condition known only at apply is attached in the way that chooses it', () => {
  // sysdig's onboarding role: the list was not read at all, so the always-attached policy was lost too.
  const account = module(`
variable "is_organizational" { type = bool }
resource "aws_iam_role" "onboarding" {
  name               = "onboarding"
  assume_role_policy = "{}"
  managed_policy_arns = compact([
    "arn:aws:iam::aws:policy/AWSAccountManagementReadOnlyAccess",
    var.is_organizational ? "arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess" : ""
  ])
}
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/onboarding')!;
  assert.deepEqual(role.attached, ['arn:aws:iam::aws:policy/AWSAccountManagementReadOnlyAccess']);
  assert.equal(decide(account, 'onboarding', 'account:GetContactInformation', '*').decision, 'Allowed');
  assert.equal(decide(account, 'onboarding', 'organizations:ListAccounts', '*').decision, 'Conditional');
  assert.equal(decide(account, 'onboarding', 'organizations:ListAccounts', '*', { 'deploy-time:var.is_organizational': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'onboarding', 'organizations:ListAccounts', '*', { 'deploy-time:var.is_organizational': 'false' }).decision, 'ImplicitlyDenied');
  assert.deepEqual(account.warnings, []);
});

test("Terraform: a policy rendered by a template_file data source is its file with the data source's vars", () => {
  const shipped: Record<string, string> = {
    'policies/read.json': '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/${prefix}/*" }]\n}\n',
  };
  const result = readModuleAccount(
    [
      {
        file: 'main.tf',
        text: `
variable "prefix" { type = string }
data "template_file" "read" {
  template = file("\${path.module}/policies/read.json")
  vars = {
    bucket = "reports"
    prefix = var.prefix
  }
}
data "template_file" "inline" {
  template = "{}"
}
# Terraform 0.11: the template as an interpolation, vars as a block.
data "template_file" "legacy" {
  template = "\${file("\${path.module}/policies/read.json")}"
  vars {
    bucket = "logs"
    prefix = "all"
  }
}
resource "aws_iam_user" "ops" {
  name = "ops"
}
resource "aws_iam_user_policy" "legacy" {
  user   = "\${aws_iam_user.ops.name}"
  policy = "\${data.template_file.legacy.rendered}"
}
resource "aws_iam_user" "ci" {
  name = "ci"
}
resource "aws_iam_user_policy" "read" {
  user   = aws_iam_user.ci.name
  policy = data.template_file.read.rendered
}
resource "aws_iam_user_policy" "inline" {
  user   = aws_iam_user.ci.name
  policy = "\${data.template_file.inline.rendered}"
}
`,
      },
    ],
    { accountId: '111122223333', readFile: (path) => shipped[path] },
  );
  assert.equal(result.error, undefined);
  const account = result.account!;
  assert.equal(decide(account, 'ci', 's3:GetObject', 'arn:aws:s3:::other/logs/k').decision, 'ImplicitlyDenied');
  // The prefix the call passes is known only at apply.
  assert.equal(decide(account, 'ci', 's3:GetObject', 'arn:aws:s3:::reports/logs/k').decision, 'Conditional');
  assert.equal(decide(account, 'ops', 's3:GetObject', 'arn:aws:s3:::logs/all/k').decision, 'Allowed');
  assert.equal(decide(account, 'ops', 's3:GetObject', 'arn:aws:s3:::logs/other/k').decision, 'ImplicitlyDenied');
  const read = account.users.get('arn:aws:iam::111122223333:user/ci')!.inline.find((policy) => policy.name === 'aws_iam_user_policy.read')!;
  assert.equal(read.written?.file, 'policies/read.json');
  assert.deepEqual(
    read.written?.statements.map(({ sid, span }) => [sid, shipped['policies/read.json'].slice(span.start, span.start + 14)]),
    [['Read', '{ "Sid": "Read']],
  );
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_user_policy.read policy holds values known only at apply (var.prefix); statements using them are answered as conditional on deploy-time:… keys.',
    'main.tf: aws_iam_user_policy.inline policy is not a policy document the module writes out; it is left out.',
  ]);
});

test('Terraform 0.11: a policy read with "${file(…)}" is the file', () => {
  const shipped: Record<string, string> = {
    'policies/read.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}',
  };
  const result = readModuleAccount(
    [
      {
        file: 'main.tf',
        text: `
resource "aws_iam_user" "ci" {
  name = "ci"
}
resource "aws_iam_user_policy" "read" {
  user   = "\${aws_iam_user.ci.name}"
  policy = "\${file("\${path.module}/policies/read.json")}"
}
`,
      },
    ],
    { accountId: '111122223333', readFile: (path) => shipped[path] },
  );
  const account = result.account!;
  assert.equal(decide(account, 'ci', 's3:GetObject', 'arn:aws:s3:::reports/k').decision, 'Allowed');
  assert.equal(account.users.get('arn:aws:iam::111122223333:user/ci')!.inline[0].written?.file, 'policies/read.json');
  assert.deepEqual(account.warnings, []);
});

test('Terraform: a policy written in YAML and read with jsonencode(yamldecode(templatefile())) is the template with its variables', () => {
  const shipped: Record<string, string> = {
    'templates/read.yaml.tftpl':
      'Version: "2012-10-17"\nStatement:\n- Sid: Read\n  Effect: Allow\n  Action: s3:GetObject\n  Resource:\n  %{ for bucket in buckets ~}\n  - arn:aws:s3:::${bucket}/*\n  %{ endfor ~}\n',
  };
  const result = readModuleAccount(
    [
      {
        file: 'main.tf',
        text: `
resource "aws_iam_user" "ci" {
  name = "ci"
}
resource "aws_iam_user_policy" "read" {
  user   = aws_iam_user.ci.name
  policy = jsonencode(yamldecode(templatefile("\${path.module}/templates/read.yaml.tftpl", { buckets = ["reports"] })))
}
`,
      },
    ],
    { accountId: '111122223333', readFile: (path) => shipped[path] },
  );
  assert.equal(result.error, undefined);
  const account = result.account!;
  // The loop's body is read once, its variable known only at apply.
  assert.equal(decide(account, 'ci', 's3:GetObject', 'arn:aws:s3:::reports/k').decision, 'Conditional');
  assert.equal(decide(account, 'ci', 's3:PutObject', 'arn:aws:s3:::reports/k').decision, 'ImplicitlyDenied');
  const read = account.users.get('arn:aws:iam::111122223333:user/ci')!.inline[0];
  assert.equal(read.written?.file, 'templates/read.yaml.tftpl');
  assert.deepEqual(
    read.written?.statements.map(({ sid, span }) => [sid, shipped['templates/read.yaml.tftpl'].slice(span.start, span.start + 9)]),
    [['Read', 'Sid: Read']],
  );
});

test("Terraform: an AWS managed policy ARN whose partition is known only at apply is in the principals' partition", () => {
  const account = module(`
variable "partition" { type = string }
variable "policy_arn" { type = string }
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:\${var.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_iam_role_policy_attachment" "other" {
  role       = aws_iam_role.fn.name
  policy_arn = var.policy_arn
}
`);
  assert.deepEqual(account.roles.get('arn:aws:iam::111122223333:role/fn')!.attached, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  assert.equal(decide(account, 'fn', 'logs:CreateLogGroup', 'arn:aws:logs:us-east-1:111122223333:log-group:x').decision, 'Allowed');
  // Any other ARN known only at apply stays out.
  assert.deepEqual(account.warnings, ['main.tf: aws_iam_role_policy_attachment.other policy_arn is known only at apply; it is left out.']);
});

test('Terraform: what the model cannot read is one warning each, saying which; other resources draw none', () => {
  const account = module(`
variable "workers" { type = number }
resource "random_id" "suffix" {
  count       = var.workers
  byte_length = 4
}
resource "aws_iam_role" "worker" {
  count              = var.workers
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "p" {
  role   = module.app.role_name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.jobs.id
  policy    = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }] })
}
`);
  assert.deepEqual(account.warnings, [
    'main.tf: aws_iam_role.worker has count or for_each known only at apply; it is read as one instance.',
    'main.tf: aws_iam_role.worker has no literal name (Terraform or AWS names it at apply), so it is named aws_iam_role.worker here (synthetic ARN).',
    'main.tf: aws_iam_role_policy.p role is known only at apply; the resource is left out.',
    'main.tf: aws_sqs_queue_policy.q queue_url names aws_sqs_queue.jobs, which the module does not define; the policy is left out.',
  ]);
});

test('Terraform: an interpolated ARN in a heredoc policy is a deploy-time part; names from variables are synthetic', () => {
  const account = module(`
variable "queue_arn" { type = string }
variable "name" { type = string }
resource "aws_iam_user" "u" { name = var.name }
resource "aws_iam_user_policy" "u" {
  name   = "send"
  user   = aws_iam_user.u.name
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "\${var.queue_arn}"}]}
EOF
}
`);
  const user = account.users.get('arn:aws:iam::111122223333:user/aws_iam_user.u')!;
  assert.deepEqual(user.inline[0].value, {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Send', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringLike: { 'deploy-time:var.queue_arn': '*' } } }],
  });
  assert.equal(decide(account, 'aws_iam_user.u', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q').decision, 'Conditional');
  assert.ok(
    account.warnings.includes('main.tf: aws_iam_user.u has no literal name (Terraform or AWS names it at apply), so it is named aws_iam_user.u here (synthetic ARN).'),
    account.warnings.join('\n'),
  );
});

test('a whole statement or an Effect known only at deploy may allow or deny: answers are conditional', () => {
  const account = template(`
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Parameters:
  Mode: { Type: String }
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      Policies:
        - PolicyName: Maybe
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - !If [Strict, { Effect: Deny, Action: s3:*, Resource: '*' }, !Ref AWS::NoValue]
  Other:
    Type: AWS::IAM::User
    Properties:
      UserName: other
      Policies:
        - PolicyName: Either
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Switch
                Effect: !Ref Mode
                Action: sqs:SendMessage
                Resource: '*'
`);
  const app = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::b/k');
  assert.equal(app.decision, 'Conditional');
  assert.deepEqual(
    app.conditions?.map((c) => [c.effect, c.key]),
    [['Deny', 'deploy-time:Condition/Strict']],
  );
  // The statement is there only when Strict is true: the condition's key decides it.
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::b/k', { 'deploy-time:Condition/Strict': 'true' }).decision, 'ExplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::b/k', { 'deploy-time:Condition/Strict': 'false' }).decision, 'Allowed');
  assert.ok(
    account.warnings.includes(
      'template.yaml: Resources.App.Properties.Policies[0].PolicyDocument has statements written under Fn::If, there only as condition Strict is true or false; answers through them are Conditional until --context gives deploy-time:Condition/Strict=true or false.',
    ),
    account.warnings.join('\n'),
  );
  const other = decide(account, 'other', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q');
  assert.equal(other.decision, 'Conditional');
  assert.deepEqual(
    other.conditions?.map((c) => [c.effect, c.statement, c.key]),
    [['Allow', 'Switch', 'deploy-time:Ref/Mode']],
  );
});

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document: statements of
// source_policy_documents are added; a statement of override_policy_documents replaces the one with its sid.
test('Terraform: a policy document data source merges its source and override documents (host reader merge)', () => {
  const account = module(`
resource "aws_iam_user" "u" { name = "u" }
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Send"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "narrow" {
  statement {
    sid       = "Read"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::b"]
  }
}
data "aws_iam_policy_document" "main" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.narrow.json]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}
resource "aws_iam_user_policy" "u" {
  name   = "merged"
  user   = aws_iam_user.u.name
  policy = data.aws_iam_policy_document.main.json
}
`);
  assert.equal(decide(account, 'u', 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q').decision, 'Allowed');
  assert.equal(decide(account, 'u', 's3:ListBucket', 'arn:aws:s3:::b').decision, 'Allowed');
  assert.equal(decide(account, 'u', 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'ImplicitlyDenied');
});

test('CloudFormation: an Fn::If list element is there as its condition goes, which --context decides, and no other action', () => {
  const account = template(`
Conditions:
  IsProd: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: queue
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Queue
                Effect: Allow
                Action:
                  - sqs:ReceiveMessage
                  - !If [IsProd, 'sqs:ChangeMessageVisibility', !Ref AWS::NoValue]
                Resource: '*'
              - Sid: NotIam
                Effect: Allow
                NotAction: [iam:*, !If [IsProd, 'sts:*', !Ref AWS::NoValue]]
                Resource: arn:aws:s3:::logs/*
`);
  const queue = 'arn:aws:sqs:us-east-1:111122223333:q';
  const maybe = decide(account, 'worker', 'sqs:ChangeMessageVisibility', queue);
  // Before, the element waited on deploy-time:Fn::If, which no --context could give.
  assert.deepEqual([maybe.decision, maybe.conditions?.map((c) => [c.statement, c.key])], ['Conditional', [['Queue', 'deploy-time:Condition/IsProd']]]);
  const prod = (value: string) => ({ 'deploy-time:Condition/IsProd': value });
  assert.equal(decide(account, 'worker', 'sqs:ChangeMessageVisibility', queue, prod('true')).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 'sqs:ChangeMessageVisibility', queue, prod('false')).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'worker', 'sqs:ReceiveMessage', queue).decision, 'Allowed');
  // An earlier reading took the unknown element for any action: the role could have been allowed iam:PutRolePolicy.
  assert.equal(decide(account, 'worker', 'iam:PutRolePolicy', 'arn:aws:iam::111122223333:role/worker').decision, 'ImplicitlyDenied');
  // In NotAction the element excludes sts:* only when it is there.
  assert.equal(decide(account, 'worker', 'sts:TagSession', 'arn:aws:s3:::logs/a').decision, 'Conditional');
  assert.equal(decide(account, 'worker', 'sts:TagSession', 'arn:aws:s3:::logs/a', prod('false')).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 'sts:TagSession', 'arn:aws:s3:::logs/a', prod('true')).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'worker', 'iam:GetRole', 'arn:aws:s3:::logs/a').decision, 'ImplicitlyDenied');
});

// checkov's IAMStarActionPolicyDocument sample: the whole inline policy list is chosen by a condition.
test('CloudFormation: a Policies list written under Fn::If gives its policies as the condition goes', () => {
  const account = template(`
Conditions:
  WithQueue: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies: !If
        - WithQueue
        - - PolicyName: queue
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: Queue, Effect: Allow, Action: sqs:ReceiveMessage, Resource: '*' }] }
        - !Ref AWS::NoValue
`);
  const queue = 'arn:aws:sqs:us-east-1:111122223333:q';
  const maybe = decide(account, 'worker', 'sqs:ReceiveMessage', queue);
  assert.deepEqual([maybe.decision, maybe.conditions?.map((c) => [c.statement, c.key])], ['Conditional', [['Queue', 'deploy-time:Condition/WithQueue']]]);
  assert.equal(decide(account, 'worker', 'sqs:ReceiveMessage', queue, { 'deploy-time:Condition/WithQueue': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 'sqs:ReceiveMessage', queue, { 'deploy-time:Condition/WithQueue': 'false' }).decision, 'ImplicitlyDenied');
});

test('CloudFormation: ManagedPolicyArns under nested Fn::If attach each branch as its conditions go; a list parameter is named in a warning', () => {
  // The CDK bootstrap template's execution role (escalation sweep): AdministratorAccess unless policies or trusted
  // accounts are given. The whole list was left out without a word.
  const result = readTemplateAccount(
    `
Parameters:
  ExecutionPolicies: { Type: CommaDelimitedList, Default: '' }
  TrustedAccounts: { Type: CommaDelimitedList, Default: '' }
Conditions:
  HasExecutionPolicies: !Not [!Equals ['', !Join ['', !Ref ExecutionPolicies]]]
  HasTrustedAccounts: !Not [!Equals ['', !Join ['', !Ref TrustedAccounts]]]
Resources:
  Execution:
    Type: AWS::IAM::Role
    Properties:
      RoleName: cfn-exec
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: cloudformation.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns:
        Fn::If:
          - HasExecutionPolicies
          - Ref: ExecutionPolicies
          - Fn::If:
              - HasTrustedAccounts
              - Ref: AWS::NoValue
              - - Fn::Sub: arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess
`,
    'template.yaml',
    { accountId: '111122223333' },
  );
  const account = result.account!;
  const bucket = 'arn:aws:s3:::any';
  const noPolicies = { 'deploy-time:Condition/HasExecutionPolicies': 'false' };
  assert.equal(decide(account, 'cfn-exec', 's3:DeleteBucket', bucket).decision, 'Conditional');
  assert.equal(decide(account, 'cfn-exec', 's3:DeleteBucket', bucket, { ...noPolicies, 'deploy-time:Condition/HasTrustedAccounts': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'cfn-exec', 's3:DeleteBucket', bucket, { ...noPolicies, 'deploy-time:Condition/HasTrustedAccounts': 'true' }).decision, 'ImplicitlyDenied');
  assert.ok(account.warnings.includes('template.yaml: Resources.Execution.Properties.ManagedPolicyArns is a policy ARN known only at deploy; it is left out.'), account.warnings.join('\n'));
});

test('CloudFormation: a principal listed under Fn::If may assume the role as its condition goes; the others always may', () => {
  // stelligent/mu's pipeline key and role trusts list their acceptance and production roles so.
  const account = template(`
Conditions:
  IsProdEnabled: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deployer
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::444455556666:role/ci
                - !If [IsProdEnabled, 'arn:aws:iam::777788889999:role/prod', !Ref AWS::NoValue]
            Action: sts:AssumeRole
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/deployer')!;
  assert.deepEqual(role.trust?.value, {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:role/ci'] }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::777788889999:role/prod'] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'deploy-time:Condition/IsProdEnabled': 'true' } },
      },
    ],
  });
});

test('CloudFormation: a principal list whose every element is under its own Fn::If is decided each way, also when all are left out', () => {
  // stelligent/mu's database key trusts the EC2, ECS and EKS roles each under its own condition: with all three false
  // the list is empty, so the ways did not line up statement for statement and the principals were any at deploy.
  const account = template(`
Parameters:
  Ec2: {Type: String}
  Ecs: {Type: String}
  Eks: {Type: String}
Conditions:
  IsEc2: !Equals [!Ref Ec2, 'yes']
  IsEcs: !Equals [!Ref Ecs, 'yes']
  IsEks: !Equals [!Ref Eks, 'yes']
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - !If [IsEc2, 'arn:aws:iam::444455556666:role/ec2', !Ref AWS::NoValue]
                - !If [IsEcs, 'arn:aws:iam::444455556666:role/ecs', !Ref AWS::NoValue]
                - !If [IsEks, 'arn:aws:iam::444455556666:role/eks', !Ref AWS::NoValue]
            Action: sts:AssumeRole
`);
  const role = account.roles.get('arn:aws:iam::111122223333:role/worker')!;
  const principals = (context: Record<string, string>) =>
    statementListOf(documentOf(role.trust!))
      .filter((statement) =>
        Object.entries((statement as { Condition?: { StringEquals?: Record<string, string> } }).Condition?.StringEquals ?? {}).every(
          ([key, value]) => context[key] === undefined || context[key] === value,
        ),
      )
      .flatMap((statement) => (statement as { Principal: { AWS: string[] } }).Principal.AWS ?? []);
  const ways = (ec2: string, ecs: string, eks: string) => ({ 'deploy-time:Condition/IsEc2': ec2, 'deploy-time:Condition/IsEcs': ecs, 'deploy-time:Condition/IsEks': eks });
  assert.equal(JSON.stringify(role.trust!.value).includes('Fn::If'), false);
  assert.deepEqual(principals(ways('true', 'false', 'true')).sort(), ['arn:aws:iam::444455556666:role/ec2', 'arn:aws:iam::444455556666:role/eks']);
  assert.deepEqual(principals(ways('false', 'false', 'false')), []);
  assert.deepEqual(principals(ways('false', 'true', 'false')), ['arn:aws:iam::444455556666:role/ecs']);
});

test('a permissions boundary known only at deploy makes answers through the principal Conditional; !If with NoValue only when set', () => {
  const account = template(`
Parameters:
  BoundaryArn: {Type: String}
Conditions:
  HasBoundary: !Not [!Equals [!Ref BoundaryArn, '']]
Resources:
  Capped:
    Type: AWS::IAM::Role
    Properties:
      RoleName: capped
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: !Ref BoundaryArn
  Optional:
    Type: AWS::IAM::Role
    Properties:
      RoleName: optional
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: !If [HasBoundary, !Ref BoundaryArn, !Ref AWS::NoValue]
`);
  const resource = 'arn:aws:iam::111122223333:user/x';
  // Before, the boundary was left out and the roles answered Allowed, whatever the boundary would say.
  const capped = decide(account, 'capped', 'iam:CreateUser', resource);
  assert.deepEqual([capped.decision, capped.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:Ref/BoundaryArn']]);
  assert.equal(decide(account, 'capped', 'iam:CreateUser', resource, { 'deploy-time:Ref/BoundaryArn': 'arn:aws:iam::111122223333:policy/b' }).decision, 'Allowed');
  assert.equal(decide(account, 'optional', 'iam:CreateUser', resource).decision, 'Conditional');
  assert.equal(decide(account, 'optional', 'iam:CreateUser', resource, { 'deploy-time:Condition/HasBoundary': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'optional', 'iam:CreateUser', resource, { 'deploy-time:Condition/HasBoundary': 'true' }).decision, 'Conditional');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('PermissionsBoundary')),
    [
      'template.yaml: Resources.Capped.Properties.PermissionsBoundary is a permissions boundary known only at deploy (Ref BoundaryArn); answers through the principal are Conditional until --context gives deploy-time:Ref/BoundaryArn.',
      'template.yaml: Resources.Optional.Properties.PermissionsBoundary is a permissions boundary known only at deploy (Ref BoundaryArn) when condition HasBoundary is true; answers through the principal are Conditional until --context gives deploy-time:Ref/BoundaryArn or deploy-time:Condition/HasBoundary=false.',
    ],
  );
});

test('Terraform: a permissions_boundary known only at apply makes answers through the principal Conditional', () => {
  const account = module(`
variable "boundary_arn" { type = string }
resource "aws_iam_role" "capped" {
  name                 = "capped"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  permissions_boundary = var.boundary_arn
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.capped.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`);
  const answer = decide(account, 'capped', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x');
  assert.deepEqual([answer.decision, answer.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:var.boundary_arn']]);
  assert.ok(
    account.warnings.includes(
      'main.tf: aws_iam_role.capped permissions_boundary is known only at apply (var.boundary_arn); answers through the principal are Conditional until --context gives deploy-time:var.boundary_arn.',
    ),
    account.warnings.join('\n'),
  );
});

test('CloudFormation: a boundary chosen by a condition between a policy of the template and none caps the principal only when it is chosen', () => {
  const account = template(`
Parameters:
  UseBoundary: { Type: String, AllowedValues: ['true', 'false'] }
Conditions:
  HasBoundary: !Equals [!Ref UseBoundary, 'true']
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: work
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: ['s3:GetObject', 'ec2:RunInstances'], Resource: '*' }]
      PermissionsBoundary: !If [HasBoundary, !Ref Boundary, !Ref AWS::NoValue]
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: boundary
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: 's3:*', Resource: '*' }
          - { Effect: Deny, Action: 's3:GetObject', Resource: 'arn:aws:s3:::secrets/*' }
`);
  // Before, the boundary was one known only at deploy, under a key no --context could give (deploy-time:Fn::If).
  const key = 'deploy-time:Condition/HasBoundary';
  const ec2 = decide(account, 'worker', 'ec2:RunInstances', '*');
  assert.deepEqual([ec2.decision, ec2.conditions?.map((c) => c.key)], ['Conditional', [key]]);
  assert.equal(decide(account, 'worker', 'ec2:RunInstances', '*', { [key]: 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'worker', 'ec2:RunInstances', '*', { [key]: 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 's3:GetObject', 'arn:aws:s3:::data/a', { [key]: 'true' }).decision, 'Allowed');
  // The boundary's Deny denies only when the boundary is chosen.
  assert.equal(decide(account, 'worker', 's3:GetObject', 'arn:aws:s3:::secrets/a', { [key]: 'true' }).decision, 'ExplicitlyDenied');
  assert.equal(decide(account, 'worker', 's3:GetObject', 'arn:aws:s3:::secrets/a', { [key]: 'false' }).decision, 'Allowed');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('PermissionsBoundary')),
    [
      'template.yaml: Resources.Worker.Properties.PermissionsBoundary is a permissions boundary chosen at deploy (arn:aws:iam::111122223333:policy/boundary when HasBoundary is true, none when HasBoundary is false); answers through the principal are Conditional until --context gives deploy-time:Condition/HasBoundary=true or false.',
    ],
  );
});

test('CloudFormation: a boundary chosen between an AWS managed policy and one the template does not hold leaves the second out, with a warning', () => {
  const account = template(`
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: !If [Strict, arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::111122223333:policy/elsewhere]
`);
  const key = 'deploy-time:Condition/Strict';
  assert.equal(decide(account, 'worker', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x', { [key]: 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'worker', 'iam:GetUser', 'arn:aws:iam::111122223333:user/x', { [key]: 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 'iam:CreateUser', 'arn:aws:iam::111122223333:user/x', { [key]: 'false' }).decision, 'Allowed');
  assert.ok(
    account.warnings.includes(
      'template.yaml: Resources.Worker.Properties.PermissionsBoundary may be the boundary arn:aws:iam::111122223333:policy/elsewhere, which is neither a policy of the template nor a bundled AWS managed policy; it is left out.',
    ),
    account.warnings.join('\n'),
  );
});

test('Terraform: a permissions_boundary chosen by a condition known only at apply caps the principal only when it is chosen', () => {
  const account = module(`
variable "bounded" { type = bool }
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_role" "worker" {
  name                 = "worker"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  permissions_boundary = var.bounded ? aws_iam_policy.boundary.arn : null
}
resource "aws_iam_role_policy" "work" {
  role   = aws_iam_role.worker.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "ec2:RunInstances"], Resource = "*" }] })
}
`);
  // Before, the whole expression was one value known only at apply: deploy-time:var.bounded/?/aws_iam_policy.boundary.arn/:/null.
  const key = 'deploy-time:var.bounded';
  const ec2 = decide(account, 'worker', 'ec2:RunInstances', '*');
  assert.deepEqual([ec2.decision, ec2.conditions?.map((c) => c.key)], ['Conditional', [key]]);
  assert.equal(decide(account, 'worker', 'ec2:RunInstances', '*', { [key]: 'true' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'worker', 'ec2:RunInstances', '*', { [key]: 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'worker', 's3:GetObject', 'arn:aws:s3:::data/a', { [key]: 'true' }).decision, 'Allowed');
  assert.ok(
    account.warnings.includes(
      'main.tf: aws_iam_role.worker permissions_boundary is chosen at apply (arn:aws:iam::111122223333:policy/boundary when var.bounded is true, none when var.bounded is false); answers through the principal are Conditional until --context gives deploy-time:var.bounded=true or false.',
    ),
    account.warnings.join('\n'),
  );
});

test('Terraform: a permissions_boundary set only when a variable is, or only under a choice, waits on the variable and the choice', () => {
  const account = module(`
variable "boundary_arn" {
  type    = string
}
variable "bounded" { type = bool }
resource "aws_iam_role" "guarded" {
  name                 = "guarded"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  permissions_boundary = var.boundary_arn != null ? var.boundary_arn : null
}
resource "aws_iam_role" "chosen" {
  name                 = "chosen"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  permissions_boundary = var.bounded ? var.boundary_arn : null
}
resource "aws_iam_role_policy_attachment" "guarded" {
  role       = aws_iam_role.guarded.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "chosen" {
  role       = aws_iam_role.chosen.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
`);
  const user = 'arn:aws:iam::111122223333:user/x';
  // Before, the key was the whole expression: deploy-time:var.boundary_arn/!=/null/?/var.boundary_arn/:/null.
  const guarded = decide(account, 'guarded', 'iam:CreateUser', user);
  assert.deepEqual([guarded.decision, guarded.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:var.boundary_arn']]);
  assert.equal(decide(account, 'guarded', 'iam:CreateUser', user, { 'deploy-time:var.boundary_arn': 'arn:aws:iam::111122223333:policy/b' }).decision, 'Allowed');
  assert.equal(decide(account, 'chosen', 'iam:CreateUser', user, { 'deploy-time:var.bounded': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'chosen', 'iam:CreateUser', user, { 'deploy-time:var.bounded': 'true' }).decision, 'Conditional');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('permissions_boundary')),
    [
      'main.tf: aws_iam_role.guarded permissions_boundary is known only at apply (var.boundary_arn); answers through the principal are Conditional until --context gives deploy-time:var.boundary_arn.',
      'main.tf: aws_iam_role.chosen permissions_boundary is known only at apply (var.boundary_arn) when var.bounded is true; answers through the principal are Conditional until --context gives deploy-time:var.boundary_arn or deploy-time:var.bounded=false.',
    ],
  );
});

test("CloudFormation: a UserToGroupAddition with a Condition gives the group's policies only under it", () => {
  const account = template(`
Conditions:
  IsAdmin: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  Ci:
    Type: AWS::IAM::User
    Properties:
      UserName: ci
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
  Add:
    Type: AWS::IAM::UserToGroupAddition
    Condition: IsAdmin
    Properties:
      GroupName: !Ref Admins
      Users: [!Ref Ci]
  Always:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Admins
      Users: [!Ref Ops]
`);
  const resource = 'arn:aws:iam::111122223333:user/x';
  // Before, ci was in the group whatever the condition: Allowed even with IsAdmin false.
  assert.equal(decide(account, 'ci', 'iam:CreateUser', resource).decision, 'Conditional');
  assert.equal(decide(account, 'ci', 'iam:CreateUser', resource, { 'deploy-time:Condition/IsAdmin': 'false' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'ci', 'iam:CreateUser', resource, { 'deploy-time:Condition/IsAdmin': 'true' }).decision, 'Allowed');
  assert.deepEqual(account.users.get('arn:aws:iam::111122223333:user/ci')!.groups, []);
  assert.deepEqual(account.users.get('arn:aws:iam::111122223333:user/ops')!.groups, ['admins']);
  assert.equal(decide(account, 'ops', 'iam:CreateUser', resource).decision, 'Allowed');
});

test('CloudFormation: a statement written under Fn::If, as key and bucket policies toggle theirs, waits on its condition', () => {
  const account = template(`
Conditions:
  Wide: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - !If
                - Wide
                - { Sid: All, Effect: Allow, Action: 's3:*', Resource: '*' }
                - { Sid: Read, Effect: Allow, Action: s3:GetObject, Resource: '*', Condition: { Bool: { aws:SecureTransport: 'true' } } }
`);
  const put = decide(account, 'ops', 's3:PutObject', 'arn:aws:s3:::b/k');
  assert.deepEqual([put.decision, put.conditions?.map((c) => [c.statement, c.key])], ['Conditional', [['All', 'deploy-time:Condition/Wide']]]);
  assert.equal(decide(account, 'ops', 's3:PutObject', 'arn:aws:s3:::b/k', { 'deploy-time:Condition/Wide': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'ops', 's3:PutObject', 'arn:aws:s3:::b/k', { 'deploy-time:Condition/Wide': 'false' }).decision, 'ImplicitlyDenied');
  // The second branch keeps its own condition beside the choice.
  const secure = { 'deploy-time:Condition/Wide': 'false', 'aws:SecureTransport': 'true' };
  assert.equal(decide(account, 'ops', 's3:GetObject', 'arn:aws:s3:::b/k', secure).decision, 'Allowed');
  assert.equal(decide(account, 'ops', 's3:GetObject', 'arn:aws:s3:::b/k', { ...secure, 'aws:SecureTransport': 'false' }).decision, 'ImplicitlyDenied');
});

test('CloudFormation: Fn::If on a value is a choice made at deploy, so the Allow is conditional on its condition, which --context decides', () => {
  const account = template(`
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Either
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Read
                Effect: Allow
                Action: s3:GetObject
                Resource: !If [Strict, 'arn:aws:s3:::strict/*', 'arn:aws:s3:::open/*']
`);
  const answer = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k');
  assert.equal(answer.decision, 'Conditional');
  // Before, the statement waited on deploy-time:Fn::If, which no --context could give.
  assert.deepEqual(
    answer.conditions?.map((c) => [c.effect, c.statement, c.key]),
    [['Allow', 'Read', 'deploy-time:Condition/Strict']],
  );
  const strict = { 'deploy-time:Condition/Strict': 'true' };
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', strict).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::strict/k', strict).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', { 'deploy-time:Condition/Strict': 'false' }).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::strict/k', { 'deploy-time:Condition/Strict': 'false' }).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::open/k').decision, 'ImplicitlyDenied');
  assert.ok(
    account.warnings.includes(
      'template.yaml: Resources.App.Properties.Policies[0].PolicyDocument has values written with Fn::If on condition Strict; the statements they are in are there as it is true or false, and answers through them are Conditional until --context gives deploy-time:Condition/Strict=true or false.',
    ),
    account.warnings.join('\n'),
  );
});

test("CloudFormation: a trust policy's principal chosen by Fn::If, as Panther's audit role writes it, is each principal in its condition's way", () => {
  const account = template(`
Conditions:
  Generated: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Audit:
    Type: AWS::IAM::Role
    Properties:
      RoleName: audit
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: !If [Generated, 'arn:aws:iam::444455556666:root', 'arn:aws:iam::777788889999:root']
            Action: sts:AssumeRole
`);
  // Before, the principal was one value known only at deploy (deploy-time:Fn::If): either account, or any.
  const role = account.roles.get('arn:aws:iam::111122223333:role/audit')!;
  const trusted = (generated: string, account: string) => ({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'deploy-time:Condition/Generated': generated } },
  });
  assert.deepEqual(role.trust?.value, { Version: '2012-10-17', Statement: [trusted('true', '444455556666'), trusted('false', '777788889999')] });
});

test("CloudFormation: a parameter with AllowedValues is a value known only at deploy, not taken for an Fn::If branch of the lint's builds", () => {
  const account = template(`
Parameters:
  Bucket: { Type: String, AllowedValues: ['logs/a', 'logs/b'] }
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - { Effect: Allow, Action: s3:GetObject, Resource: !Sub 'arn:aws:s3:::\${Bucket}/*' }
`);
  // Before, the lint's build for Bucket = logs/a was read as the policy's other Fn::If branch: deploy-time:Fn::If.
  const answer = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::logs/a/k');
  assert.deepEqual([answer.decision, answer.conditions?.map((c) => c.key)], ['Conditional', ['deploy-time:Bucket']]);
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::logs/a/k', { 'deploy-time:Bucket': 'logs/a' }).decision, 'Allowed');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('PolicyDocument')),
    ['template.yaml: Resources.App.Properties.Policies[0].PolicyDocument holds values known only at deploy (${Bucket}); statements using them are answered as conditional on deploy-time:… keys.'],
  );
});

test('CloudFormation: Fn::If values on two conditions in one policy are built each way, each statement waiting on the conditions it depends on', () => {
  const account = template(`
Parameters:
  StrictMode: {Type: String}
  AuditMode: {Type: String}
Conditions:
  Strict: !Equals [!Ref StrictMode, 'yes']
  Audit: !Equals [!Ref AuditMode, 'yes']
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Either
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Data
                Effect: Allow
                Action: !If [Audit, s3:ListBucket, s3:GetObject]
                Resource: !If [Strict, 'arn:aws:s3:::strict/*', 'arn:aws:s3:::open/*']
              - Sid: Logs
                Effect: Allow
                Action: logs:PutLogEvents
                Resource: !If [Strict, 'arn:aws:logs:*:*:log-group:strict:*', '*']
`);
  // Before, two builds (every Fn::If's first branch, then every second) could not tell the conditions' ways apart:
  // the statements waited on deploy-time:Fn::If, which no --context could give.
  const ways = (strict: string, audit: string) => ({ 'deploy-time:Condition/Strict': strict, 'deploy-time:Condition/Audit': audit });
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', ways('false', 'false')).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::strict/k', ways('true', 'false')).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', ways('true', 'false')).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', ways('false', 'true')).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:ListBucket', 'arn:aws:s3:::open/k', ways('false', 'true')).decision, 'Allowed');
  // Without the context, the answer waits on the conditions, one key after the other.
  const unknown = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k');
  assert.deepEqual([unknown.decision, [...new Set(unknown.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Condition/Strict']]);
  const strictOnly = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', { 'deploy-time:Condition/Strict': 'false' });
  assert.deepEqual([strictOnly.decision, [...new Set(strictOnly.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Condition/Audit']]);
  // The Logs statement depends on Strict alone: Audit decides nothing for it.
  const logs = decide(account, 'app', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:other:log-stream:s');
  assert.deepEqual([logs.decision, [...new Set(logs.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Condition/Strict']]);
  assert.equal(decide(account, 'app', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:other:log-stream:s', { 'deploy-time:Condition/Strict': 'false' }).decision, 'Allowed');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('Fn::If')),
    ['Strict', 'Audit'].map(
      (condition) =>
        `template.yaml: Resources.App.Properties.Policies[0].PolicyDocument has values written with Fn::If on condition ${condition}; the statements they are in are there as it is true or false, and answers through them are Conditional until --context gives deploy-time:Condition/${condition}=true or false.`,
    ),
  );
});

test("CloudFormation: a bucket's ARN and name are known where its BucketName is written out", () => {
  const account = template(`
Resources:
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports
  Logs:
    Type: AWS::S3::Bucket
  Reader:
    Type: AWS::IAM::Role
    Properties:
      RoleName: reader
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: [!Sub '\${Reports.Arn}/*', !Sub 'arn:aws:s3:::\${Reports}-copy/*']
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${Logs.Arn}/*'
`);
  // Before, \${Reports.Arn} was a value known only at deploy: every answer on the bucket was Conditional.
  assert.equal(decide(account, 'reader', 's3:GetObject', 'arn:aws:s3:::reports/2026/q1.csv').decision, 'Allowed');
  assert.equal(decide(account, 'reader', 's3:GetObject', 'arn:aws:s3:::reports-copy/2026/q1.csv').decision, 'Allowed');
  assert.equal(decide(account, 'reader', 's3:GetObject', 'arn:aws:s3:::other/2026/q1.csv').decision, 'Conditional');
  // A bucket CloudFormation names stays a value known only at deploy.
  assert.ok(
    account.warnings.some((warning) => warning.includes('(${Logs.Arn})')),
    account.warnings.join('\n'),
  );
});

test('CloudFormation: Fn::If on conditions that decide each other is built only the ways a deployment takes them', () => {
  // IsNotProd is IsProd's opposite, and Env cannot be prod and dev at once: once IsProd is known, the others are.
  const account = template(`
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsNotProd: !Not [!Condition IsProd]
  IsDev: !Equals [!Ref Env, dev]
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Data
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: !If [IsProd, s3:GetObject, s3:PutObject]
                Resource: !If [IsNotProd, 'arn:aws:s3:::dev/*', 'arn:aws:s3:::prod/*']
              - Effect: Allow
                Action: !If [IsDev, logs:PutLogEvents, logs:GetLogEvents]
                Resource: !If [IsProd, 'arn:aws:logs:*:*:log-group:prod:*', '*']
`);
  const prod = { 'deploy-time:Condition/IsProd': 'true' };
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::prod/k', prod).decision, 'Allowed');
  assert.equal(decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::dev/k', prod).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 's3:PutObject', 'arn:aws:s3:::dev/k', { 'deploy-time:Condition/IsProd': 'false' }).decision, 'Allowed');
  // Where Env is prod, it is not dev: the prod log group is read, never written.
  assert.equal(decide(account, 'app', 'logs:GetLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:prod:log-stream:s', prod).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:prod:log-stream:s', prod).decision, 'ImplicitlyDenied');
  // Without the context, each answer waits on IsProd alone.
  const unknown = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::prod/k');
  assert.deepEqual([unknown.decision, [...new Set(unknown.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Condition/IsProd']]);
});

test('CloudFormation: Fn::If values on more conditions than a policy is built for wait on a key of their own', () => {
  const names = ['A', 'B', 'C', 'D', 'E'];
  const account = template(`
Parameters:
${names.map((name) => `  ${name}Mode: {Type: String}`).join('\n')}
Conditions:
${names.map((name) => `  ${name}: !Equals [!Ref ${name}Mode, 'yes']`).join('\n')}
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Many
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${names.map((name) => `              - { Effect: Allow, Action: s3:GetObject, Resource: !If [${name}, 'arn:aws:s3:::${name.toLowerCase()}/*', 'arn:aws:s3:::open/*'] }`).join('\n')}
`);
  // 2^5 builds are past the limit: the values stay ones known only at deploy.
  const answer = decide(account, 'app', 's3:GetObject', 'arn:aws:s3:::open/k', Object.fromEntries(names.map((name) => [`deploy-time:Condition/${name}`, 'false'])));
  assert.deepEqual([answer.decision, [...new Set(answer.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Fn::If']]);
});

test('CloudFormation: past the ways a policy is built, the conditions of its values are still read, its list elements not', () => {
  // AWS Health Aware's Lambda role chooses a value with UsingMultiRegion and lists resources under four more conditions.
  const names = ['A', 'B', 'C', 'D'];
  const account = template(`
Parameters:
  MultiMode: {Type: String}
${names.map((name) => `  ${name}Mode: {Type: String}`).join('\n')}
Conditions:
  Multi: !Equals [!Ref MultiMode, 'yes']
${names.map((name) => `  ${name}: !Equals [!Ref ${name}Mode, 'yes']`).join('\n')}
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: Many
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Table
                Effect: Allow
                Action: dynamodb:GetItem
                Resource: !If [Multi, 'arn:aws:dynamodb:*:111122223333:table/global', 'arn:aws:dynamodb:*:111122223333:table/local']
              - Sid: Secrets
                Effect: Allow
                Action: secretsmanager:GetSecretValue
                Resource:
${names.map((name) => `                  - !If [${name}, 'arn:aws:secretsmanager:*:111122223333:secret:${name.toLowerCase()}', !Ref AWS::NoValue]`).join('\n')}
`);
  const table = (name: string) => `arn:aws:dynamodb:us-east-1:111122223333:table/${name}`;
  assert.equal(decide(account, 'app', 'dynamodb:GetItem', table('global'), { 'deploy-time:Condition/Multi': 'true' }).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'dynamodb:GetItem', table('global'), { 'deploy-time:Condition/Multi': 'false' }).decision, 'ImplicitlyDenied');
  const secret = decide(account, 'app', 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a', { 'deploy-time:Condition/A': 'true' });
  assert.deepEqual([secret.decision, [...new Set(secret.conditions?.map((c) => c.key))]], ['Conditional', ['deploy-time:Fn::If']]);
});

test('CloudFormation and SAM: a policy element under Fn::If waits on its condition, which --context decides; both branches count', () => {
  const account = template(`
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ops
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns:
        - !If [IsProd, arn:aws:iam::aws:policy/ReadOnlyAccess, !Ref AWS::NoValue]
      Policies:
        - !If
          - IsProd
          - PolicyName: Logs
            PolicyDocument:
              Version: '2012-10-17'
              Statement: [{ Sid: Logs, Effect: Allow, Action: logs:PutLogEvents, Resource: '*' }]
          - PolicyName: Debug
            PolicyDocument:
              Version: '2012-10-17'
              Statement: [{ Sid: Debug, Effect: Allow, Action: ssm:StartSession, Resource: '*' }]
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: worker
      Runtime: python3.12
      Handler: app.handler
      CodeUri: .
      Policies:
        - !If [IsProd, AmazonSQSReadOnlyAccess, !Ref AWS::NoValue]
        - !If [IsProd, { Statement: [{ Sid: Put, Effect: Allow, Action: sqs:SendMessage, Resource: '*' }] }, !Ref AWS::NoValue]
        - !If [IsProd, !Ref AWS::NoValue, { SQSPollerPolicy: { QueueName: jobs } }]
`);
  const queue = 'arn:aws:sqs:us-east-1:111122223333:jobs';
  // SAM's policy template names the queue with the stack's region.
  const prod = { 'deploy-time:Condition/IsProd': 'true', 'deploy-time:AWS::Region': 'us-east-1' };
  const test = { 'deploy-time:Condition/IsProd': 'false', 'deploy-time:AWS::Region': 'us-east-1' };
  // Unknown until the condition is given; then exactly the branch it takes.
  for (const [who, action, resource] of [
    ['ops', 'ec2:DescribeInstances', '*'],
    ['ops', 'logs:PutLogEvents', '*'],
    ['ops', 'ssm:StartSession', '*'],
    ['WorkerRole', 'sqs:ListQueues', '*'],
    ['WorkerRole', 'sqs:SendMessage', queue],
    ['WorkerRole', 'sqs:ReceiveMessage', queue],
  ])
    assert.equal(decide(account, who, action, resource).decision, 'Conditional', `${who} ${action}`);
  assert.equal(decide(account, 'ops', 'ec2:DescribeInstances', '*', prod).decision, 'Allowed');
  assert.equal(decide(account, 'ops', 'ec2:DescribeInstances', '*', test).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'ops', 'logs:PutLogEvents', '*', prod).decision, 'Allowed');
  assert.equal(decide(account, 'ops', 'ssm:StartSession', '*', prod).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'ops', 'ssm:StartSession', '*', test).decision, 'Allowed');
  assert.equal(decide(account, 'WorkerRole', 'sqs:SendMessage', queue, prod).decision, 'Allowed');
  assert.equal(decide(account, 'WorkerRole', 'sqs:SendMessage', queue, test).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'WorkerRole', 'sqs:ReceiveMessage', queue, test).decision, 'Allowed');
  assert.equal(decide(account, 'WorkerRole', 'sqs:ReceiveMessage', queue, prod).decision, 'ImplicitlyDenied');
  const answer = decide(account, 'ops', 'logs:PutLogEvents', '*');
  assert.deepEqual(
    answer.conditions?.map((c) => [c.effect, c.statement, c.key]),
    [['Allow', 'Logs', 'deploy-time:Condition/IsProd']],
  );
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('IsProd')),
    [
      ...['Ops.Properties.Policies[0]', 'Ops.Properties.Policies[0]', 'Ops.Properties.ManagedPolicyArns[0]'].map(
        (at, i) =>
          `template.yaml: Resources.${at} is there only when IsProd is ${i === 1 ? 'false' : 'true'} at deploy; answers through it are Conditional until --context gives deploy-time:Condition/IsProd=${i === 1 ? 'false' : 'true'} or its opposite.`,
      ),
      ...[0, 1, 2].map(
        (i) =>
          `template.yaml: Resources.Worker.Properties.Policies[${i}] is there only when IsProd is ${i === 2 ? 'false' : 'true'} at deploy; answers through it are Conditional until --context gives deploy-time:Condition/IsProd=${i === 2 ? 'false' : 'true'} or its opposite.`,
      ),
    ],
  );
});

test('CloudFormation: a resource with a Condition is there only when it is true; its principals, policies and grants wait on it', () => {
  const account = template(`
Parameters:
  Mode: { Type: String }
Conditions:
  Local: !Equals [!Ref Mode, local]
  Remote: !Not [!Condition Local]
  Audit: !Equals [!Ref Mode, audit]
Resources:
  AppLocal:
    Type: AWS::IAM::Role
    Condition: Local
    Properties:
      RoleName: app
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: Local
          PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: ssm:GetParameter, Resource: '*' }] }
  AppRemote:
    Type: AWS::IAM::Role
    Condition: Remote
    Properties:
      RoleName: app
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess]
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared
      Roles: [!Ref AppLocal]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: logs:PutLogEvents, Resource: '*' }] }
  Auditor:
    Type: AWS::IAM::Role
    Properties:
      RoleName: auditor
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
  AuditGrant:
    Type: AWS::IAM::Policy
    Condition: Audit
    Properties:
      PolicyName: audit
      Roles: [!Ref Auditor]
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: cloudtrail:LookupEvents, Resource: '*' }] }
`);
  const local = { 'deploy-time:Condition/Local': 'true', 'deploy-time:Condition/Remote': 'false' };
  const remote = { 'deploy-time:Condition/Local': 'false', 'deploy-time:Condition/Remote': 'true' };
  // The two resources name one role: the policies of both, each waiting on its own resource's condition.
  assert.deepEqual([...account.roles.keys()], ['arn:aws:iam::111122223333:role/app', 'arn:aws:iam::111122223333:role/auditor']);
  for (const action of ['ssm:GetParameter', 'logs:PutLogEvents', 'sqs:ListQueues']) assert.equal(decide(account, 'app', action, '*').decision, 'Conditional', action);
  assert.equal(decide(account, 'app', 'ssm:GetParameter', '*', local).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'ssm:GetParameter', '*', remote).decision, 'ImplicitlyDenied');
  // An unconditional policy attached to the conditional role waits on the role's condition.
  assert.equal(decide(account, 'app', 'logs:PutLogEvents', '*', local).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'logs:PutLogEvents', '*', remote).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*', remote).decision, 'Allowed');
  assert.equal(decide(account, 'app', 'sqs:ListQueues', '*', local).decision, 'ImplicitlyDenied');
  // The trust policy of each: who may assume the role depends on which resource is created.
  const trust = account.roles.get('arn:aws:iam::111122223333:role/app')!.trust?.value as { Statement: { Principal: unknown; Condition: unknown }[] };
  assert.deepEqual(
    trust.Statement.map((statement) => [statement.Principal, statement.Condition]),
    [
      [{ Service: 'lambda.amazonaws.com' }, { StringEquals: { 'deploy-time:Condition/Local': 'true' } }],
      [{ Service: 'ecs-tasks.amazonaws.com' }, { StringEquals: { 'deploy-time:Condition/Remote': 'true' } }],
    ],
  );
  // A conditional policy of an unconditional role.
  assert.equal(decide(account, 'auditor', 'cloudtrail:LookupEvents', '*').decision, 'Conditional');
  assert.equal(decide(account, 'auditor', 'cloudtrail:LookupEvents', '*', { 'deploy-time:Condition/Audit': 'false' }).decision, 'ImplicitlyDenied');
  assert.deepEqual(
    account.warnings.filter((warning) => warning.includes('created only when')),
    ['Local', 'Remote', 'Audit'].map(
      (condition) =>
        `template.yaml: ${{ Local: 'AppLocal', Remote: 'AppRemote', Audit: 'AuditGrant' }[condition]} is created only when condition ${condition} is true; answers through its policies are Conditional until --context gives deploy-time:Condition/${condition}=true or false.`,
    ),
  );
});

test('CloudFormation: a managed policy ARN from a parameter with AllowedValues is each of them, which --context decides', () => {
  const account = template(`
Parameters:
  Access:
    Type: String
    Default: arn:aws:iam::aws:policy/SecurityAudit
    AllowedValues: [arn:aws:iam::aws:policy/SecurityAudit, arn:aws:iam::aws:policy/ReadOnlyAccess]
  Other: { Type: String }
Resources:
  Scanner:
    Type: AWS::IAM::Role
    Properties:
      RoleName: scanner
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [!Ref Access, !Ref Other]
`);
  const readOnly = { 'deploy-time:Ref/Access': 'arn:aws:iam::aws:policy/ReadOnlyAccess' };
  const audit = { 'deploy-time:Ref/Access': 'arn:aws:iam::aws:policy/SecurityAudit' };
  // s3:GetObject is in ReadOnlyAccess and not in SecurityAudit.
  assert.equal(decide(account, 'scanner', 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'Conditional');
  assert.equal(decide(account, 'scanner', 's3:GetObject', 'arn:aws:s3:::b/k', readOnly).decision, 'Allowed');
  assert.equal(decide(account, 'scanner', 's3:GetObject', 'arn:aws:s3:::b/k', audit).decision, 'ImplicitlyDenied');
  assert.equal(decide(account, 'scanner', 'iam:GetAccountAuthorizationDetails', '*', audit).decision, 'Allowed');
  assert.deepEqual(account.warnings, [
    'template.yaml: Resources.Scanner.Properties.ManagedPolicyArns[0] is the policy parameter Access names at deploy, one of arn:aws:iam::aws:policy/SecurityAudit, arn:aws:iam::aws:policy/ReadOnlyAccess; answers through it are Conditional until --context gives deploy-time:Ref/Access=<ARN>.',
    'template.yaml: Resources.Scanner.Properties.ManagedPolicyArns[1] is a policy ARN known only at deploy; it is left out.',
  ]);
});

test("the account of a template the command line just read comes from the reader's parse and policies, and is the same account", async () => {
  const text = `
Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement: [{ Effect: Allow, Action: [iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction], Resource: "*" }]
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;
  // What an account read gives, in words: its roles, their inline policies as written, and the escalations found.
  const summary = (account: Account) => ({
    roles: [...account.roles.values()].map((role) => [role.arn, role.trust?.text, role.inline.map((policy) => [policy.text, policy.written?.span])]),
    escalations: findEscalations(new AccountEvaluator(account)).escalations.map((escalation) => `${escalation.principal}: ${escalation.method}`),
    warnings: account.warnings,
  });
  const fresh = summary(template(text));
  assert.equal(fresh.roles.length, 2);
  assert.ok(fresh.escalations.length > 0, 'Deployer can pass Admin to a function of its own');
  // An editor's reading (it has a languageId) is kept apart: nothing is left for the account to take.
  assert.ok(cloudFormationReader.read({ text, uri: 'file:///template.yaml', languageId: 'yaml' }));
  assert.equal(takeCommandLineRead(text, 'yaml'), undefined);
  // A command-line reading leaves its parse and policies, which the account read takes (once) and reads the same account from.
  assert.ok(cloudFormationReader.read({ text, uri: 'file:///template.yaml' }));
  assert.deepEqual(summary(template(text)), fresh);
  assert.equal(takeCommandLineRead(text, 'yaml'), undefined);
  // Only for the same text and format.
  assert.ok(cloudFormationReader.read({ text, uri: 'file:///template.yaml' }));
  assert.equal(takeCommandLineRead(`${text}\n`, 'yaml'), undefined);
  assert.equal(takeCommandLineRead(text, 'json'), undefined);
  const reading = takeCommandLineRead(text, 'yaml');
  assert.ok(reading?.parsed.root);
  assert.equal(reading.document?.policies.length, 3);
  // Kept only while the code that read it runs: no text outlives its analysis.
  assert.ok(cloudFormationReader.read({ text, uri: 'file:///template.yaml' }));
  await Promise.resolve();
  assert.equal(takeCommandLineRead(text, 'yaml'), undefined);
});

test("a Terraform module's account takes the command line's reading of a file, and is the same account", async () => {
  const trust = 'jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })';
  const text = `variable "stage" {}
resource "aws_iam_role" "deployer" {
  assume_role_policy = ${trust}
}
resource "aws_iam_role_policy" "deploy" {
  role   = aws_iam_role.deployer.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" }] })
}
resource "aws_iam_role" "admin" {
  assume_role_policy  = ${trust}
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
`;
  const files = [{ file: 'main.tf', text }];
  const summary = (account: Account) => ({
    roles: [...account.roles.values()].map((role) => [role.arn, role.trust?.text, role.inline.map((policy) => [policy.text, policy.written?.span])]),
    escalations: findEscalations(new AccountEvaluator(account)).escalations.map((escalation) => `${escalation.principal}: ${escalation.method}`),
  });
  const fresh = readModuleAccount(files);
  assert.ok(fresh.account);
  assert.equal(summary(fresh.account).roles.length, 2);
  assert.ok(summary(fresh.account).escalations.length > 0, 'the deployer can pass the admin role to a function of its own');

  // An editor's reading (it has a languageId) is not kept.
  assert.ok(terraformReader.read({ text, uri: 'file:///main.tf', languageId: 'terraform' }));
  assert.equal(takeCommandLineReading(text), undefined);
  // Nor one that reads another file's locals: the account reads each file without them.
  assert.ok(terraformReader.read({ text, uri: 'file:///main.tf', siblings: () => [{ uri: 'file:///locals.tf', text: 'locals {\n  stage = "prod"\n}\n' }] }));
  assert.equal(takeCommandLineReading(text), undefined);

  // A command-line reading keeps every top-level block, copied, with the policies; once, and for the same text only.
  assert.ok(terraformReader.read({ text, uri: 'file:///main.tf' }));
  assert.equal(takeCommandLineReading(`${text}\n`), undefined);
  const reading = takeCommandLineReading(text);
  assert.ok(reading);
  assert.equal(takeCommandLineReading(text), undefined);
  assert.deepEqual(
    reading.blocks.map((block) => text.slice(block.startIndex, block.endIndex).split('\n')[0]),
    ['variable "stage" {}', 'resource "aws_iam_role" "deployer" {', 'resource "aws_iam_role_policy" "deploy" {', 'resource "aws_iam_role" "admin" {'],
  );
  assert.equal(reading.document.policies.length, 3);

  // The account takes it instead of parsing the file again (its policies are the reading's), and is the same account.
  const readings = new Map<string, KeptReading>([['main.tf', { text, reading }]]);
  const taken = readModuleAccount(files, { readings });
  assert.ok(taken.account);
  assert.equal(taken.policies.get('main.tf'), reading.document.policies);
  assert.deepEqual(summary(taken.account), summary(fresh.account));
  assert.equal(readings.size, 0, 'a reading is used once');
  // A reading of another text is dropped, and the file parsed.
  const stale = new Map<string, KeptReading>([['main.tf', { text: text.replace('deployer', 'builder'), reading }]]);
  const parsed = readModuleAccount(files, { readings: stale });
  assert.ok(parsed.account);
  assert.notEqual(parsed.policies.get('main.tf'), reading.document.policies);
  assert.deepEqual(summary(parsed.account), summary(fresh.account));

  // Kept only while the code that read it runs.
  assert.ok(terraformReader.read({ text, uri: 'file:///main.tf' }));
  await Promise.resolve();
  assert.equal(takeCommandLineReading(text), undefined);
});

// The transform writes one resource per value of a loop's collection before the stack is made: the account holds each
// by its own name, with the value in every `${Identifier}` (under Fn::Sub or not, in a Ref and in a GetAtt's name).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
const teamsLoop = `  Fn::ForEach::Teams:
    - Team
    - [red, blue]
    - Role\${Team}:
        Type: AWS::IAM::Role
        Properties:
          RoleName: !Sub 'team-\${Team}'
          AssumeRolePolicyDocument:
            Version: '2012-10-17'
            Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
          Policies:
            - PolicyName: Data
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Action: s3:GetObject
                    Resource: arn:aws:s3:::data-\${Team}/*
                  - Effect: Allow
                    Action: s3:PutObject
                    Resource: !Sub 'arn:aws:s3:::uploads-\${Team}/*'
      Queue&{Team}:
        Type: AWS::SQS::Queue
      Send\${Team}:
        Type: AWS::IAM::Policy
        Properties:
          PolicyName: send
          Roles: [!Ref {Fn::Sub: 'Role\${Team}'}]
          PolicyDocument:
            Version: '2012-10-17'
            Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: !Sub 'arn:aws:sqs:us-east-1:111122223333:\${Team}-jobs'}]
`;

test('each resource a Fn::ForEach loop makes is in the account, by its name, with the loop value in its policies', () => {
  const account = template(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Resources:
${teamsLoop}  Admin:
    Type: AWS::IAM::Role
    Properties:
      RoleName: admin
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
`);
  assert.ok(principal(account, 'admin'));
  for (const team of ['red', 'blue']) {
    const other = team === 'red' ? 'blue' : 'red';
    assert.equal(decide(account, `team-${team}`, 's3:GetObject', `arn:aws:s3:::data-${team}/x`).decision, 'Allowed');
    assert.equal(decide(account, `team-${team}`, 's3:GetObject', `arn:aws:s3:::data-${other}/x`).decision, 'ImplicitlyDenied');
    assert.equal(decide(account, `team-${team}`, 's3:PutObject', `arn:aws:s3:::uploads-${team}/x`).decision, 'Allowed');
    // The policy resource of the same loop attaches to the instance its Ref names.
    assert.equal(decide(account, `team-${team}`, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:111122223333:${team}-jobs`).decision, 'Allowed');
    assert.equal(decide(account, `team-${team}`, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:111122223333:${other}-jobs`).decision, 'ImplicitlyDenied');
  }
  assert.deepEqual(
    whoCan(new AccountEvaluator(account), 's3:GetObject', 'arn:aws:s3:::data-blue/report').allowed.map((e) => e.principal),
    ['arn:aws:iam::111122223333:role/team-blue'],
  );
  // Each instance is named by its logical id as the transform writes it, and found where the loop writes it.
  const red = principal(account, 'team-red');
  assert.equal(red.source?.path, 'Resources.Rolered');
  const alsoRed = template(`Transform: AWS::LanguageExtensions\nResources:\n${teamsLoop}`);
  const { span } = principal(alsoRed, 'team-red').source!;
  assert.equal(`Transform: AWS::LanguageExtensions\nResources:\n${teamsLoop}`.slice(span!.start, span!.end), 'Role${Team}');
  assert.ok(!account.warnings.some((warning) => warning.includes('Fn::ForEach')), account.warnings.join('\n'));
  // A Resources map of the loop alone is a template too, not "no Resources map".
  const alone = template(`Transform: AWS::LanguageExtensions\nResources:\n${teamsLoop}`);
  assert.equal(decide(alone, 'team-blue', 's3:GetObject', 'arn:aws:s3:::data-blue/x').decision, 'Allowed');
});

test('nested Fn::ForEach loops make one resource per pair of values, and a loop over a parameter is named in a warning', () => {
  const account = template(`Transform: AWS::LanguageExtensions
Parameters:
  Stages: { Type: CommaDelimitedList, Default: 'dev,prod' }
Resources:
  Fn::ForEach::Apps:
    - App
    - [web, api]
    - Fn::ForEach::Envs:
        - Env
        - [dev, prod]
        - \${App}\${Env}Reader:
            Type: AWS::IAM::User
            Properties:
              UserName: !Sub '\${App}-\${Env}'
              Policies:
                - PolicyName: Read
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement: [{Effect: Allow, Action: s3:GetObject, Resource: !Sub 'arn:aws:s3:::\${App}-\${Env}/*'}]
  Fn::ForEach::Stages:
    - Stage
    - !Ref Stages
    - Deployer\${Stage}:
        Type: AWS::IAM::User
`);
  assert.deepEqual([...account.users.values()].map((user) => user.name).sort(), ['api-dev', 'api-prod', 'web-dev', 'web-prod']);
  assert.equal(decide(account, 'api-prod', 's3:GetObject', 'arn:aws:s3:::api-prod/x').decision, 'Allowed');
  assert.equal(decide(account, 'api-prod', 's3:GetObject', 'arn:aws:s3:::api-dev/x').decision, 'ImplicitlyDenied');
  assert.ok(
    account.warnings.includes(
      'template.yaml: the resources that Fn::ForEach::Stages makes are not in the account model, because its collection, the parameter Stages, is known only at deploy; answers leave them out.',
    ),
    account.warnings.join('\n'),
  );
});

test("a trust policy naming ${AWS::AccountId} names the template's own account, whose roles need an identity policy to assume it", () => {
  // The CDK bootstrap template's DeploymentActionRole (deployment-roles sweep): its publishing roles, which no policy
  // lets call sts:AssumeRole, were said to escalate by assuming it ("depending on values known only at deploy").
  const text = `Resources:
  Publisher:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Ref AWS::AccountId}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: s3, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}}]
  Hopper:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Ref AWS::AccountId}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: hop, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: '*'}]}}]
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: admin, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]
`;
  for (const options of [{}, { accountId: '111122223333' }]) {
    const account = template(text, options);
    const found = findEscalations(new AccountEvaluator(account));
    assert.deepEqual(
      found.escalations.map((escalation) => [escalation.principal.replace(/^.*\//, ''), escalation.method, escalation.conditional ?? false]),
      [['Hopper', 'assume-role', false]],
      JSON.stringify(options),
    );
  }
});

test('a trust policy naming a parameter of account IDs names whole accounts: roles assume it only with an identity policy of their own', () => {
  // The CDK bootstrap template's `TrustedAccounts` (deployment-roles sweep): read as a value that might name any
  // principal, it let the publishing roles, which no policy lets call sts:AssumeRole, assume the deployment role.
  const text = `Parameters:
  TrustedAccounts: {Type: CommaDelimitedList, Default: ''}
  AuditAccount: {Type: String, AllowedPattern: '\\d{12}'}
  PartnerRoleArn: {Type: String}
Resources:
  Publisher:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Ref TrustedAccounts}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: s3, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}}]
  Hopper:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AuditAccount}:root'}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: hop, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: sts:AssumeRole, Resource: '*'}]}}]
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: [!Ref TrustedAccounts, !Sub '\${AuditAccount}']}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: admin, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]
  Partnered:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Ref PartnerRoleArn}, Action: sts:AssumeRole}]}
      Policies: [{PolicyName: admin, PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]
`;
  const account = template(text);
  const found = findEscalations(new AccountEvaluator(account));
  // Hopper may assume Deployer once the deployment names this account; a role ARN parameter may still name anyone.
  assert.deepEqual(found.escalations.map((escalation) => [escalation.principal.replace(/^.*\//, ''), escalation.method, escalation.conditional ?? false]).sort(), [
    ['Hopper', 'assume-role', true],
    ['Publisher', 'assume-role', true],
  ]);
  const paths = Object.fromEntries(found.escalations.map((escalation) => [escalation.principal.replace(/^.*\//, ''), escalation.path.map((step) => step.to.replace(/^.*\//, ''))]));
  assert.deepEqual(paths.Publisher, ['Partnered']);
  assert.ok(['Deployer', 'Partnered'].includes(paths.Hopper[0]), JSON.stringify(paths));
});

test('a Terraform variable of account IDs in a trust policy names whole accounts: roles assume it only with an identity policy of their own', () => {
  const text = `variable "trusted_account_ids" { type = list(string) }
variable "audit_account_id" { type = string }
resource "aws_iam_role" "publisher" {
  name = "publisher"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.trusted_account_ids } }] })
  inline_policy {
    name = "s3"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
  }
}
resource "aws_iam_role" "hopper" {
  name = "hopper"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::\${var.audit_account_id}:root" } }] })
  inline_policy {
    name = "hop"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
  }
}
resource "aws_iam_role" "deployer" {
  name = "deployer"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.trusted_account_ids } }] })
  inline_policy {
    name = "admin"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}
`;
  const found = findEscalations(new AccountEvaluator(module(text)));
  assert.deepEqual(
    found.escalations.map((escalation) => [escalation.principal.replace(/^.*\//, ''), escalation.path.map((step) => step.to.replace(/^.*\//, '')), escalation.conditional ?? false]),
    [['hopper', ['deployer'], true]],
  );
});
