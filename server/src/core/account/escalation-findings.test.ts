import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { defaultConfiguration, type Configuration } from '../config/configuration';
import { loadTerraformParser } from '../hosts/terraform/parser';
import type { Problem } from '../checks/check';
import { documentEscalations, escalationProblems, movedProblems, readDocumentAccount } from './escalation-findings';

before(() => loadTerraformParser());

const TRAILER = 'Narrow the statement that allows the first step, or cap the principal with a permissions boundary.';

function templateProblems(text: string, config: Configuration = defaultConfiguration): Problem[] {
  const account = readDocumentAccount('cloudformation', [{ file: 'file:///t/template.yaml', text }]);
  if (!account) return [];
  return escalationProblems(account, documentEscalations(account), config).get('file:///t/template.yaml') ?? [];
}

const trust = (service: string) => `
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ${service} }
            Action: sts:AssumeRole`;

// AppRole may pass AdminRole (AdministratorAccess, trusting Lambda) to Lambda and create and invoke functions: the
// pass-role method (escalations.ts), which needs all three requests.
const passRoleTemplate = `Resources:
  «AdminRole»:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AdminRole${trust('lambda.amazonaws.com')}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: AppRole${trust('ec2.amazonaws.com')}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Pass
                Effect: Allow
                Action: «iam:PassRole»
                Resource: !GetAtt AdminRole.Arn
              - Sid: Functions
                Effect: Allow
                Action: [«lambda:CreateFunction», «lambda:InvokeFunction»]
                Resource: "*"
`;

test('escalation-path sits on the Action value of the first step, with the path in the message and the other steps related', () => {
  const { text, spans } = marked(passRoleTemplate);
  const [admin, pass, create, invoke] = spans;
  const [problem, ...more] = templateProblems(text);
  assert.deepEqual(more, []);
  assert.deepEqual(problem, {
    ruleId: 'escalation-path',
    severity: 'warning',
    message: `Role AppRole can become administrator: iam:PassRole of AdminRole to lambda:CreateFunction and lambda:InvokeFunction. ${TRAILER}`,
    span: pass,
    related: [
      { span: create, message: 'lambda:CreateFunction on * is allowed here for role AppRole.' },
      { span: invoke, message: 'lambda:InvokeFunction on * is allowed here for role AppRole.' },
      { span: admin, message: 'Role AdminRole is administrator-equivalent.' },
    ],
  });
});

test('escalation-path: a role passed only a weaker role, and the administrator itself, are not flagged', () => {
  const text = passRoleTemplate.replace('ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]', 'ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]').replace(/[«»]/g, '');
  assert.deepEqual(templateProblems(text), []);
});

test('escalation-path follows the rule setting and statement suppressions', () => {
  const text = marked(passRoleTemplate).text;
  assert.deepEqual(templateProblems(text, { ...defaultConfiguration, rules: { 'escalation-path': 'off' } }), []);
  assert.deepEqual(
    templateProblems(text, { ...defaultConfiguration, rules: { 'escalation-path': 'error' } }).map((p) => p.severity),
    ['error'],
  );
  assert.deepEqual(templateProblems(text, { ...defaultConfiguration, suppressions: [{ rule: 'escalation-path', statement: 'Pass' }] }), []);
  assert.equal(templateProblems(text, { ...defaultConfiguration, suppressions: [{ rule: 'escalation-path', statement: 'Functions' }] }).length, 1);
});

test("escalation-path: a SAM function's implicit role that may write its own policy; an AWS managed policy puts it on the function", () => {
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Resources:
  Writer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [s3:GetObject, «iam:PutRolePolicy»]
              Resource: "*"
  «Admin»:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies: [IAMFullAccess]
`);
  assert.deepEqual(
    templateProblems(text).map((p) => [p.span, p.message]),
    [
      [spans[0], `Role WriterRole can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`],
      [spans[1], `Role AdminRole can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`],
    ],
  );
});

test('escalation-path: a role that another account may assume sits on the principal in its trust policy', () => {
  const { text, spans } = marked(`Resources:
  OpsRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ops
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: «"arn:aws:iam::444455556666:root"»
            Action: sts:AssumeRole
            Condition:
              StringEquals: { sts:ExternalId: partner-7 }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`);
  assert.deepEqual(
    templateProblems(text).map((p) => [p.span, p.message]),
    [[spans[0], `Account 444455556666 can become administrator: sts:AssumeRole of ops (when sts:ExternalId allows it). ${TRAILER}`]],
  );
});

test('escalation-path in a Terraform module: the finding is in the file that allows the step, related places in the others', () => {
  const roles = marked(`«resource "aws_iam_role" "admin" {»
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user" "ci" {
  name = "ci"
}
`);
  const policies = marked(`resource "aws_iam_user_policy" "ci" {
  user   = aws_iam_user.ci.name
  name   = "launch"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Pass", Effect = "Allow", Action = «"iam:PassRole"», Resource = aws_iam_role.admin.arn },
      { Sid = "Run", Effect = "Allow", Action = [«"ec2:RunInstances"»], Resource = "*" },
    ]
  })
}
`);
  const files = [
    { file: 'file:///m/roles.tf', text: roles.text },
    { file: 'file:///m/policies.tf', text: policies.text },
  ];
  const account = readDocumentAccount('terraform', files)!;
  const found = escalationProblems(account, documentEscalations(account), defaultConfiguration);
  assert.deepEqual([...found.keys()], ['file:///m/policies.tf']);
  assert.deepEqual(found.get('file:///m/policies.tf'), [
    {
      ruleId: 'escalation-path',
      severity: 'warning',
      message: `User ci can become administrator: iam:PassRole of admin to ec2:RunInstances. ${TRAILER}`,
      span: policies.spans[0],
      related: [
        { span: policies.spans[1], message: 'ec2:RunInstances on * is allowed here for user ci.' },
        { span: roles.spans[0], message: 'Role admin is administrator-equivalent.', uri: 'file:///m/roles.tf' },
      ],
    },
  ]);
});

test('escalation-path: a role named with values known only at apply is named as written, so a Deny written with the same name may apply', () => {
  // otterize's terraform-aws-otterize-aws-iam-rolesanywhere (awscc sweep, stop 65): the role's own policy denies iam:*
  // on the role by its name; the role, named by the module's address before, met no Deny and was reported as certain.
  const module = (name: string, deny: boolean) => `resource "aws_iam_role" "operator" {
  name               = ${name}
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "operator" {
  role = aws_iam_role.operator.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = "*" },${
        deny ? '\n      { Effect = "Deny", Action = "iam:*", Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.cluster_name}-operator" },' : ''
      }
    ]
  })
}
`;
  const messages = (text: string) => {
    const account = readDocumentAccount('terraform', [{ file: 'file:///m/main.tf', text }])!;
    return (escalationProblems(account, documentEscalations(account), defaultConfiguration).get('file:///m/main.tf') ?? []).map((problem) => problem.message);
  };
  const written = '"${var.cluster_name}-operator"';
  const shortened = 'substr("${var.cluster_name}-operator", 0, 64)';
  for (const name of [written, shortened]) {
    assert.deepEqual(messages(module(name, true)), [
      `Role var.cluster_name-operator can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself (depending on values known only at deploy). ${TRAILER}`,
    ]);
    assert.deepEqual(messages(module(name, false)), [`Role var.cluster_name-operator can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself. ${TRAILER}`]);
  }
  // A name Terraform can compute is the name.
  assert.deepEqual(messages(module('substr("cluster-operator-x", 0, 16)', false)), [
    `Role cluster-operator can become administrator: iam:AttachRolePolicy of AdministratorAccess to itself. ${TRAILER}`,
  ]);
});

test('escalation-path in a module of awscc resources: a user that may pass an administrator role to EC2', () => {
  const text = `resource "awscc_iam_role" "admin" {
  role_name                   = "admin"
  assume_role_policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  managed_policy_arns         = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "awscc_iam_user" "ci" {
  user_name = "ci"
  policies = [{
    policy_name     = "launch"
    policy_document = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
  }]
}
`;
  const account = readDocumentAccount('terraform', [{ file: 'file:///m/main.tf', text }])!;
  const found = escalationProblems(account, documentEscalations(account), defaultConfiguration).get('file:///m/main.tf') ?? [];
  assert.deepEqual(
    found.map((problem) => [problem.message, text.slice(problem.span.start, problem.span.end)]),
    [[`User ci can become administrator: iam:PassRole of admin to ec2:RunInstances. ${TRAILER}`, '"iam:PassRole"']],
  );
});

test('escalation-path: a role allowed to change roles only with a given boundary cannot change itself when it has none', () => {
  // stuart-d/devtech-iam (escalation sweep): iam:PutRolePolicy under StringEquals iam:PermissionsBoundary, on a role
  // without that boundary, was reported as depending on the key; the request carries the role's own boundary, none.
  const module = (boundary: string) => `resource "aws_iam_role" "developer" {
  name               = "developer"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  ${boundary}
}
resource "aws_iam_role_policy" "developer" {
  role = aws_iam_role.developer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["iam:PutRolePolicy", "iam:AttachRolePolicy"]
      Resource  = "*"
      Condition = { StringEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary.arn } }
    }]
  })
}
resource "aws_iam_policy" "boundary" {
  name   = "developer-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`;
  const messages = (text: string) => {
    const account = readDocumentAccount('terraform', [{ file: 'file:///m/main.tf', text }])!;
    return (escalationProblems(account, documentEscalations(account), defaultConfiguration).get('file:///m/main.tf') ?? []).map((problem) => problem.message);
  };
  assert.deepEqual(messages(module('')), []);
  // With that boundary (one that allows everything), the request carries it, and the role can write its own policy.
  assert.deepEqual(messages(module('permissions_boundary = aws_iam_policy.boundary.arn')), [`Role developer can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`]);
});

test('escalation-path: a deploy role that may pass the execution role to CloudFormation through a change set', () => {
  // The CDK bootstrap template (version 6) deploy role (escalation sweep): CreateChangeSet and ExecuteChangeSet build a
  // new stack with the role passed, as CreateStack does; the path went unreported.
  const text = `Resources:
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: cfn-exec${trust('cloudformation.amazonaws.com')}
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy${trust('codebuild.amazonaws.com')}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet, cloudformation:DescribeChangeSet]
                Resource: "*"
              - Effect: Allow
                Action: iam:PassRole
                Resource: !GetAtt ExecutionRole.Arn
`;
  assert.deepEqual(
    templateProblems(text).map((problem) => problem.message),
    [`Role deploy can become administrator: iam:PassRole of cfn-exec to cloudformation:CreateChangeSet and cloudformation:ExecuteChangeSet. ${TRAILER}`],
  );
});

test('escalation-path: a role that may write its own inline policies writes over the Deny kept in one of them', () => {
  // nozaq/terraform-aws-secure-baseline's master role (escalation sweep): PutRolePolicy under the name of the policy
  // that holds the Deny replaces it; the path went unreported while the Deny counted. A Deny in another policy stands.
  const module = (denyHome: 'inline' | 'managed') => `resource "aws_iam_role" "master" {
  name               = "master"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "master" {
  name = "master"
  role = aws_iam_role.master.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PutRolePolicy", "iam:GetRole"], Resource = "*" },${denyHome === 'inline' ? '\n      { Effect = "Deny", Action = ["iam:CreateUser", "iam:AttachRolePolicy"], Resource = "*" },' : ''}
    ]
  })
}
${
  denyHome === 'managed'
    ? `resource "aws_iam_policy" "deny" {
  name   = "deny"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = ["iam:CreateUser", "iam:AttachRolePolicy"], Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "deny" {
  role       = aws_iam_role.master.name
  policy_arn = aws_iam_policy.deny.arn
}
`
    : ''
}`;
  const messages = (text: string) => {
    const account = readDocumentAccount('terraform', [{ file: 'file:///m/main.tf', text }])!;
    return (escalationProblems(account, documentEscalations(account), defaultConfiguration).get('file:///m/main.tf') ?? []).map((problem) => problem.message);
  };
  assert.deepEqual(messages(module('inline')), [`Role master can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`]);
  assert.deepEqual(messages(module('managed')), []);
  // Statements its caller gives, whose effect is not known here, are no Deny the author wrote: a module whose role's
  // actions are all the caller's is not reported for what the caller might give it.
  const given = `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = aws_iam_role.app.name
  policy = jsonencode({ Version = "2012-10-17", Statement = concat([{ Effect = "Allow", Action = split(",", var.actions), Resource = "*" }], var.extra_statements) })
}
`;
  assert.deepEqual(messages(given), []);
});

test('an unchanged account reuses the escalations found before; a changed one is analysed again', () => {
  const text = marked(passRoleTemplate).text;
  const first = readDocumentAccount('cloudformation', [{ file: 'file:///t/template.yaml', text }])!;
  const result = documentEscalations(first);
  // Comments and other resources do not change the account.
  const edited = readDocumentAccount('cloudformation', [{ file: 'file:///t/template.yaml', text: `# a comment\n${text}  Topic:\n    Type: AWS::SNS::Topic\n` }])!;
  assert.equal(documentEscalations(edited, { fingerprint: first.fingerprint, result }), result);
  const narrowed = readDocumentAccount('cloudformation', [{ file: 'file:///t/template.yaml', text: text.replace('iam:PassRole', 'iam:GetRole') }])!;
  const again = documentEscalations(narrowed, { fingerprint: first.fingerprint, result });
  assert.notEqual(again, result);
  assert.deepEqual(again.escalations, []);
});

test('findings move with an edit before them, stay before it, and go when the edit touches them', () => {
  const before = 'aaaa bbbb cccc';
  const after = 'aaaa XXbbbb cccc';
  const problem = (start: number, end: number) => ({ ruleId: 'escalation-path', severity: 'warning' as const, message: 'm', span: { start, end } });
  assert.deepEqual(
    movedProblems(
      [
        {
          ...problem(0, 4),
          related: [
            { span: { start: 10, end: 14 }, message: 'r' },
            { span: { start: 5, end: 9 }, message: 'elsewhere', uri: 'file:///other.tf' },
          ],
        },
        problem(10, 14),
      ],
      before,
      after,
    ),
    [
      {
        ...problem(0, 4),
        related: [
          { span: { start: 12, end: 16 }, message: 'r' },
          { span: { start: 5, end: 9 }, message: 'elsewhere', uri: 'file:///other.tf' },
        ],
      },
      problem(12, 16),
    ],
  );
  assert.deepEqual(movedProblems([problem(5, 9)], before, 'aaaa bXbbb cccc'), []);
});

test("escalation-path: a SAM state machine's implicit role is analysed, in a template with no other principal", () => {
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: flow.asl.json
      Policies:
        - Statement:
            - Effect: Allow
              Action: «iam:PutRolePolicy»
              Resource: "*"
`);
  assert.deepEqual(
    templateProblems(text).map((p) => [p.span, p.message]),
    [[spans[0], `Role FlowRole can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`]],
  );
});

test("escalation-path: removing another role's permissions boundary sits on the Delete action, the trust policy and the role related", () => {
  const { text, spans } = marked(`Resources:
  Cap:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: Cap
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:*
            Resource: "*"
  «Capped»:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Capped
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Ops.Arn }
            Action: «sts:AssumeRole»
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
      PermissionsBoundary: !Ref Cap
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [«iam:DeleteRolePermissionsBoundary», sts:AssumeRole]
                Resource: !GetAtt Capped.Arn
`);
  const problems = templateProblems(text);
  assert.deepEqual(
    problems.map((p) => [p.span, p.message]),
    [[spans[2], `User ops can become administrator: iam:DeleteRolePermissionsBoundary on Capped, then sts:AssumeRole of Capped. ${TRAILER}`]],
  );
  assert.deepEqual(
    problems[0].related?.map((r) => [r.span, r.message]),
    [
      [spans[1], 'sts:AssumeRole on Capped is allowed here for user ops.'],
      [spans[0], 'Role Capped is administrator-equivalent without its permissions boundary.'],
    ],
  );
});

test('a template or module that defines no user or role has no account to analyse', () => {
  const bucket = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';
  assert.equal(readDocumentAccount('cloudformation', [{ file: 'file:///t/bucket.yaml', text: bucket }]), undefined);
  assert.equal(readDocumentAccount('terraform', [{ file: 'file:///m/main.tf', text: 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' }]), undefined);
  // A policy alone, without a principal to hold it: nothing to escalate.
  const policyOnly = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}\n';
  assert.equal(readDocumentAccount('cloudformation', [{ file: 'file:///t/p.yaml', text: policyOnly }]), undefined);
});

test('escalation-path: a named role of another account is named with its account', () => {
  const { text, spans } = marked(`Resources:
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: [arn:aws:iam::000000000000:root, «arn:aws:iam::444455556666:role/ci/runner»] }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: own
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - { Effect: Allow, Action: «iam:PutRolePolicy», Resource: "*" }
`);
  assert.deepEqual(
    templateProblems(text).map((p) => [p.span, p.message]),
    [
      [spans[0], `Role runner of account 444455556666 can become administrator: sts:AssumeRole of deploy, then iam:PutRolePolicy on itself. ${TRAILER}`],
      [spans[1], `Role deploy can become administrator: iam:PutRolePolicy on itself. ${TRAILER}`],
    ],
  );
});
