import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { serverlessReader } from './reader';

const analyze = (text: string, uri: string) => analyzeDocument({ text, uri, languageId: 'yaml' }, { config: defaultConfiguration });

test('a YAML list of statements (iamRoleStatements: ${file(iam.yml)}) is the role’s policy, each finding at its place', () => {
  // As jmoberg's photo-manifest service keeps its iamRoleStatements.yml.
  const { text, spans } = marked(`- Effect: "Allow"
  Action:
    - "s3:«GetObjekt»"
  Resource: "arn:aws:s3:::photos-\${opt:stage}/*"
- Effect: Allow
  Action: sqs:SendMessage
  Resource: arn:aws:sqs:«#{AWS::Region}»:#{AWS::AccountId}:jobs
`);
  const analysis = analyze(text, 'file:///app/iamRoleStatements.yml');
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['statements', 'identity']],
  );
  // The framework writes the Version: no version-missing; the variables are values known when packaged.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  const queue = analysis.policies[0].policy.statements[1].resource!.values[0];
  assert.deepEqual(queue.mapSpan!(queue.placeholders![0].start, queue.placeholders![0].end), spans[1]);
});

test('role › statements (iam: ${file(…)}) and a list under a key (${file(iam.yml):statements}) are read; Fn::Sub mistakes are reported', () => {
  const { text, spans } = marked(`role:
  statements:
    - Effect: Allow
      Action: dynamodb:«Qery»
      Resource: arn:aws:dynamodb:\${self:provider.region}:*:table/users-\${sls:stage}
statements:
  - Effect: Allow
    Action: s3:GetObject
    Resource: !Sub arn:aws:s3:::home-\${sls:stage}/«\${aws:username}»/*
`);
  const analysis = analyze(text, 'file:///app/resources/iam.yml');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['role › statements', 'statements'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['cfn-sub-policy-variable', spans[1]],
    ],
  );
});

test('YAML that holds no statements is not claimed: another list of maps, a CloudFormation template, a workflow', () => {
  const read = (text: string, uri = 'file:///app/config.yml') => serverlessReader.read({ text, uri });
  assert.equal(read('- name: build\n  Effect: x\n- name: test\n'), undefined);
  assert.equal(read('Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument:\n            Statement:\n              - Effect: Allow\n'), undefined);
  assert.equal(read('jobs:\n  build:\n    steps:\n      - run: echo\n'), undefined);
  assert.equal(read('- Effect: Allow\n  Action: s3:GetObject\n', 'file:///app/statements.json'), undefined);
  assert.ok(read('- Effect: Allow\n  Action: s3:GetObject\n  Resource: "*"\n'));
});

test('a service file’s own role statements report their Fn::Sub mistakes too', () => {
  const { text, spans } = marked(`service: x
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: s3:GetObject
      Resource: !Sub arn:aws:s3:::b/«\${aws:username}»/*
`);
  const analysis = analyze(text, 'file:///app/serverless.yml');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['cfn-sub-policy-variable', spans[0]]],
  );
});

test('statements under any top-level key: a list (RoleStatements:) or one statement each (putProfiles:), each a policy by its key', () => {
  // As CrisisCleanup's roles.yml (beside a list of managed policy ARNs) and kaicoh's sls/iam.yml write them, for
  // `${file(roles.yml):RoleStatements}` and `${file(sls/iam.yml):putProfiles}` in the service file.
  const { text, spans } = marked(`Policies:
  - arn:aws:iam::aws:policy/AmazonSNSFullAccess
RoleStatements:
  - Effect: 'Allow'
    Action:
      - 'lambda:«InvokeFuntion»'
    Resource: 'arn:aws:lambda:*:*:function:\${self:service}-*'
putProfiles:
  Effect: Allow
  Action:
    - dynamodb:«PutItme»
  Resource:
    - \${self:custom.resources.profilesTable.arn}
`);
  const analysis = analyze(text, 'file:///app/sls/iam.yml');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['RoleStatements', 'putProfiles'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});

test('a file of functions (functions: ${file(functions.yml)}, or under a key) has each function’s statements as its role’s policy', () => {
  const { text, spans } = marked(`createOrder:
  handler: src/orders/create.handler
  iamRoleStatements:
    - Effect: Allow
      Action: dynamodb:«PutItme»
      Resource: !GetAtt OrdersTable.Arn
  events:
    - http: { method: post, path: orders }
listOrders:
  handler: src/orders/list.handler
admin:
  reports:
    image: reports:latest
    iamRoleStatements:
      - Effect: Allow
        Action: s3:«GetObjekt»
        Resource: arn:aws:s3:::reports-\${sls:stage}/*
`);
  const analysis = analyze(text, 'file:///app/functions.yml');
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['createOrder › iamRoleStatements', 'identity'],
      ['admin › reports › iamRoleStatements', 'identity'],
    ],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  // A map with statements that is no function (no handler or image) is not one.
  assert.equal(analyze('settings:\n  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObject\n      Resource: "*"\n', 'file:///app/other.yml').kind, undefined);
});

test('a service file’s functions written as a list of maps are read as a map’s', () => {
  const { text, spans } = marked(`service: orders
provider:
  name: aws
functions:
  - create:
      handler: create.handler
      iamRoleStatements:
        - Effect: Allow
          Action: sns:«Publsh»
          Resource: "*"
  - \${file(./more-functions.yml)}
`);
  const analysis = analyze(text, 'file:///app/serverless.yml');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['functions › create › iamRoleStatements'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a provider the service reads from a file (provider: ${file(provider.yml)}) has its role statements read', () => {
  const { text, spans } = marked(`name: aws
runtime: nodejs20.x
iam:
  role:
    statements:
      - Effect: Allow
        Action: sqs:«SendMesage»
        Resource: arn:aws:sqs:\${aws:region}:\${aws:accountId}:jobs
`);
  const analysis = analyze(text, 'file:///app/config/provider.yml');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['iam › role › statements'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test('a CloudFormation resource a service merges with ${file(…)}, one (LambdaRole.yml) or a map of them, is read as a template', () => {
  // serverless/examples' aws-node-graphql-and-rds: `LambdaRole: ${file(./resource/LambdaRole.yml)}` under resources.Resources.
  const { text, spans } = marked(`Type: AWS::IAM::Role
Properties:
  AssumeRolePolicyDocument:
    Version: '2012-10-17'
    Statement:
      - Effect: Allow
        Action: sts:AssumeRole
        Principal:
          Service: lambda.amazonaws.com
  Policies:
    - PolicyName: CanLog
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: logs:«PutLogEvent»
            Resource: arn:aws:logs:\${self:provider.region}:*:log-group:/aws/lambda/*
`);
  const single = analyze(text, 'file:///app/resource/LambdaRole.yml');
  assert.deepEqual(
    single.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['LambdaRole › AssumeRolePolicyDocument', 'trust'],
      ['LambdaRole › Policies[0] › PolicyDocument', 'identity'],
    ],
  );
  assert.deepEqual(
    single.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
  const indented = text.replace(/^/gm, '  ').replace(/^ {2}$/gm, '');
  const map = analyze(`Logs:\n${indented}Queue:\n  Type: AWS::SQS::Queue\n`, 'file:///app/resources.yml');
  assert.deepEqual(
    map.policies.map((policy) => policy.name),
    ['Logs › AssumeRolePolicyDocument', 'Logs › Policies[0] › PolicyDocument'],
  );
  // A map that is not all resources (a Serverless `custom:` block, a config file) is not one.
  assert.equal(analyze(`Logs:\n${indented}stage: dev\n`, 'file:///app/custom.yml').kind, undefined);
  // AWS Copilot's split addons are template fragments of the service's addons stack, no Serverless file.
  const copilot = analyze(`Logs:\n${indented}`, 'file:///app/copilot/api/addons/policy.yml');
  assert.deepEqual([copilot.kind, copilot.policies.length], ['cloudformation', 2]);
});

test('statements written as a Go template (an AWS Copilot partial) are read through the masked template: its actions are no YAML, its if and else no duplicate keys', () => {
  // aws/copilot-cli's cicd partial role-policy-document.yml: 114 yaml-syntax errors before.
  const { text, spans } = marked(`Version: '2012-10-17'
Statement:
  - Effect: Allow
    Action:
      - s3:PutObject
    Resource:{{range .ArtifactBuckets}}
    - !Join ['', ['arn:aws:s3:::', '{{.BucketName}}', '/*']]{{end}}
  - Effect: Allow
    Action:
      - s3:«GetObjekt»
    {{- if eq .Source.ConnectionARN ""}}
    Resource: !Ref SourceBucket
    {{- else}}
    Resource: {{$.Source.Bucket}}
    {{- end }} {{/* endif */}}
  - Effect: Allow
    Action: codestar-connections:UseConnection
    {{- range .Connections}}
    Resource: arn:aws:codestar-connections:us-east-1:111122223333:connection/a
    {{- else}}
    «Resource»: arn:aws:codestar-connections:us-east-1:111122223333:connection/b
    {{- end}}
`);
  const analysis = analyze(text, 'file:///copilot/templates/cicd/partials/role-policy-document.yml');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      // A range's else is no branch of an if: both keys are written when the range is empty.
      ['duplicate-key', spans[1]],
    ],
  );
});

test("a Go template's variable declaration ({{$stackName := …}}) writes nothing: a Copilot resource fragment reads as rendered", () => {
  // aws/copilot-cli's workloads/partials/cf/taskrole.yml (Helm sweep: 5 FALSE yaml-syntax errors).
  const { text, spans } = marked(`TaskRole:
  Type: AWS::IAM::Role
  Properties:{{if .NestedStack}}{{$stackName := .NestedStack.StackName}}{{if gt (len .NestedStack.PolicyOutputs) 0}}
    ManagedPolicyArns:{{range $managedPolicy := .NestedStack.PolicyOutputs}}
      - Fn::GetAtt: [{{$stackName}}, Outputs.{{$managedPolicy}}]{{end}}{{end}}{{end}}
    AssumeRolePolicyDocument:
      Version: '2012-10-17'
      Statement:
        - Effect: Allow
          Principal:
            Service: ecs-tasks.amazonaws.com
          Action: 'sts:«AssumeRol»'
`);
  const analysis = analyze(text, 'file:///copilot/templates/workloads/partials/cf/taskrole.yml');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});
