import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { applyFix } from '../../../../../test/helpers/checks';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { serverlessReader } from './reader';
import { isServerlessSource, isWrittenForServerless, resolveVariable, serverlessVariables } from './variables';

const SERVICE = `service: orders
frameworkVersion: '3'

custom:
  bucket: orders-\${sls:stage}

provider:
  name: aws
  runtime: python3.12
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:«PutItme»
          Resource: !GetAtt OrdersTable.Arn
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::«\${self:custom.bucket}»/*
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: arn:aws:sqs:\${aws:region}:\${aws:accountId}:\${self:service}-\${opt:stage, \${self:provider.stage}}-jobs

functions:
  create:
    handler: handler.create
    iamRoleStatements:
      - Effect: Allow
        Action: sns:«Publsh»
        Resource: '*'

resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:service}-\${sls:stage}
    UploadsPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: \${self:custom.bucket}
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Principal: {AWS: '111122223333'}
              Action: s3:«GetObjekt»
              Resource: arn:aws:s3:::\${self:custom.bucket}/*
`;

test('Serverless variables: the outermost ${…} of each, braces matched, with what the source stands for', () => {
  const value = 'arn:aws:sqs:${aws:region}:${aws:accountId}:${self:service}-${opt:stage, ${self:provider.stage}}-jobs';
  assert.deepEqual(
    serverlessVariables(value).map(({ start, end, kind }) => [value.slice(start, end), kind]),
    [
      ['${aws:region}', 'region'],
      ['${aws:accountId}', 'account'],
      ['${self:service}', 'string'],
      ['${opt:stage, ${self:provider.stage}}', 'string'],
    ],
  );
  assert.deepEqual(serverlessVariables('${unclosed'), []);
});

test('a serverless.yml: the role statements, per-function statements and resources are policies, at their places', () => {
  const { text, spans } = marked(SERVICE);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['provider › iam › role › statements', 'identity'],
      ['functions › create › iamRoleStatements', 'identity'],
      ['UploadsPolicy › PolicyDocument', 'resource'],
    ],
  );
  // Only the misspelt actions: the variables are values known when the service is packaged, and the framework
  // writes the Version of the role's policy.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['action-unknown', spans[2]],
      ['action-unknown', spans[3]],
    ],
  );
  // `${self:custom.bucket}` is the value the file writes, `orders-${sls:stage}`, placed where the variable is.
  const [statements] = analysis.policies;
  const resource = statements.policy.statements[1].resource!.values[0];
  assert.equal(resource.value, 'arn:aws:s3:::orders-${sls:stage}/*');
  assert.deepEqual(
    resource.placeholders?.map((hole) => [hole.source, resource.mapSpan!(hole.start, hole.end)]),
    [['${self:custom.bucket}', spans[1]]],
  );
  assert.deepEqual(resource.mapSpan!(13, 20), spans[1]);
});

test("the REST API's resource policy (provider.apiGateway.resourcePolicy, provider.resourcePolicy before v3) is a resource policy", () => {
  const { text, spans } = marked(`service: private-api
provider:
  name: aws
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
        Condition:
          StringEquals:
            aws:SourceVpce: «vpce-123»
  resourcePolicy:
    - Effect: Allow
      Principal: '*'
      Action: execute-api:«Invok»
      Resource: execute-api:/*/*/*
      Condition:
        IpAddress:
          aws:SourceIp: 203.0.113.0/24
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['provider › apiGateway › resourcePolicy', 'resource'],
      ['provider › resourcePolicy', 'resource'],
    ],
  );
  // The framework writes the policy's Version; "execute-api:/*/*/*" is API Gateway's shorthand for the API's ARN.
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['condition-vpc-format', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});

test('a service for another provider, or a file that is no service, is not read', () => {
  assert.equal(serverlessReader.read({ text: 'service: x\nprovider:\n  name: google\n', uri: 'file:///app/serverless.yml' }), undefined);
  assert.equal(serverlessReader.read({ text: 'version: 2\njobs: {}\n', uri: 'file:///app/serverless.yml' }), undefined);
  assert.equal(serverlessReader.read({ text: 'services:\n  web:\n    image: nginx\nprovider:\n  name: aws\n', uri: 'file:///app/compose.yml' }), undefined);
});

// Found sweeping real services: `sls deploy --config serverless-prod.yml`, `api-serverless.yml`.
test('a YAML service file of another name is read when its top level holds service and provider', () => {
  const text = SERVICE.replace(/[«»]/g, '');
  for (const uri of ['file:///app/template.yml', 'file:///app/serverless-prod.yml', 'file:///app/api-serverless.yaml']) {
    const document = serverlessReader.read({ text, uri });
    assert.equal(document?.kind, 'serverless', uri);
    assert.deepEqual(
      document.policies.map((policy) => policy.name),
      serverlessReader.read({ text, uri: 'file:///app/serverless.yml' })!.policies.map((policy) => policy.name),
    );
  }
  // Both keys, at the top level: a file that holds them deeper, or only one of them, is no service.
  assert.equal(serverlessReader.read({ text: 'app:\n  service: x\n  provider:\n    name: aws\n', uri: 'file:///app/settings.yml' }), undefined);
  assert.equal(serverlessReader.read({ text: 'service: x\nowner: y\n', uri: 'file:///app/catalog-info.yml' }), undefined);
});

test('provider.iamRoleStatements, as the framework wrote them before version 3, is read too; YAML mistakes are reported', () => {
  const text = `service: legacy\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObjekt\n      Resource: '*'\n  bad: [unclosed\n`;
  const document = serverlessReader.read({ text, uri: 'file:///app/serverless.yaml' })!;
  assert.deepEqual(
    document.policies.map((policy) => policy.name),
    ['provider › iamRoleStatements'],
  );
  assert.ok(document.problems.some((problem) => problem.ruleId === 'yaml-syntax'));
});

test('the serverless-pseudo-parameters plugin’s #{AWS::AccountId} is a value known at deploy, written ${…} in the value', () => {
  // As 10Kft's codebuild-slack-notifier and the QLDB bicycle licence service write their ARNs.
  const { text, spans } = marked(`service: notifier
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: qldb:SendCommand
      Resource: arn:aws:qldb:«#{AWS::Region}»:#{AWS::AccountId}:ledger/licences-\${self:provider.stage}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(analysis.problems, []);
  const resource = analysis.policies[0].policy.statements[0].resource!.values[0];
  assert.equal(resource.value, 'arn:aws:qldb:${AWS::Region}:${AWS::AccountId}:ledger/licences-${self:provider.stage}');
  assert.deepEqual(
    resource.placeholders?.map((hole) => [hole.source, hole.kind]),
    [
      ['#{AWS::Region}', 'region'],
      ['#{AWS::AccountId}', 'account'],
      ['${self:provider.stage}', 'string'],
    ],
  );
  assert.deepEqual(resource.mapSpan!(resource.placeholders![0].start, resource.placeholders![0].end), spans[0]);
});

test('a key repeated inside a statement is the duplicate-key rule’s finding once, not also a parse error', () => {
  const text = `service: dup\nprovider:\n  name: aws\n  iamRoleStatements:\n    - Effect: Allow\n      Action: s3:GetObject\n      Action: s3:PutObject\n      Resource: '*'\n`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'duplicate-key' || problem.ruleId === 'yaml-syntax').map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
    [['duplicate-key', 'Action']],
  );
});

test('${self:…} resolves to the value the file writes, through its own variables, or to its fallback; other sources do not', () => {
  const values: Record<string, string> = { service: 'orders', 'custom.bucket': '${self:service}-${sls:stage}', 'custom.loop': '${self:custom.loop}' };
  const lookup = (path: readonly string[]) => values[path.join('.')];
  assert.deepEqual(resolveVariable('${self:custom.bucket}', lookup), [{ text: 'orders' }, { text: '-' }, { variable: '${sls:stage}', kind: 'string' }]);
  assert.deepEqual(resolveVariable("${self:custom.missing, 'reports'}", lookup), [{ text: 'reports' }]);
  assert.deepEqual(resolveVariable('${self:custom.missing, ${self:service}}', lookup), [{ text: 'orders' }]);
  assert.equal(resolveVariable("${opt:stage, 'dev'}", lookup), undefined);
  assert.equal(resolveVariable('${self:custom.missing}', lookup), undefined);
  // A value that names itself is left a variable where the chain is cut, not followed for ever.
  assert.ok(JSON.stringify(resolveVariable('${self:custom.loop}', lookup)).includes('"variable"'));
});

test('a value a ${self:…} variable names is checked where the variable is written', () => {
  const { text, spans } = marked(`service: jobs
custom:
  queueArn: arn:aws:sqs:us-east-1:12345:jobs
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: sqs:SendMessage
      Resource: «\${self:custom.queueArn}»
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['arn-account', spans[0]]],
  );
});

test('Fn::Sub in a service file: a Framework variable (${sls:stage}) is the service’s, an IAM policy variable still Sub’s mistake', () => {
  // As haulwerkllc's notifications service writes its permissions' source ARNs.
  const { text, spans } = marked(`service: notifications
provider:
  name: aws
resources:
  Resources:
    Permission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt OrchestratorLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: events.amazonaws.com
        SourceArn: !Sub arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:rule/notifications-«\${sls:stage}»
    HomePolicy:
      Type: AWS::IAM::ManagedPolicy
      Properties:
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub arn:aws:s3:::\${self:custom.bucket, 'home'}-«\${aws:username}»/*
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['cfn-sub-policy-variable', spans[1]]],
  );
  const sourceArn = analysis.policies[0].policy.statements[0].condition!.operators[0].keys[0].values[0];
  assert.equal(sourceArn.value, 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/notifications-${sls:stage}');
  const stage = sourceArn.placeholders!.at(-1)!;
  assert.deepEqual([stage.source, sourceArn.mapSpan!(stage.start, stage.end)], ['${sls:stage}', spans[0]]);
});

test('a file of resources a service reads with ${file(…)}: its Serverless variables are values known when packaged', () => {
  // resources/iam.yml, as eelabs' circuit-breaker monitor and many services keep their roles.
  const { text, spans } = marked(`Resources:
  StoreRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: appsync.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: "arn:aws:lambda:«#{AWS::Region}»:#{AWS::AccountId}:function:\${self:service}-\${self:provider.stage}-state"
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub arn:aws:s3:::reports-\${sls:stage}/«\${aws:username}»/*
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/resources/iam.yml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'cloudformation');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [['cfn-sub-policy-variable', spans[1]]],
  );
  const resource = analysis.policies[1].policy.statements[0].resource!.values[0];
  assert.equal(resource.value, 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${self:service}-${self:provider.stage}-state');
  assert.deepEqual(
    resource.placeholders!.map((hole) => [hole.source, hole.kind]),
    [
      ['#{AWS::Region}', 'region'],
      ['#{AWS::AccountId}', 'account'],
      ['${self:service}', 'string'],
      ['${self:provider.stage}', 'string'],
    ],
  );
  assert.deepEqual(resource.mapSpan!(resource.placeholders![0].start, resource.placeholders![0].end), spans[0]);
});

test('which ${…} name a Framework source, and which texts are written for the Framework', () => {
  for (const inner of [
    'self:custom.bucket',
    'opt:stage',
    'sls:stage',
    'env:HOME',
    'param:domain',
    'ssm:/app/key',
    'cf:stack.Output',
    'cf.us-east-1:stack.Output',
    's3:bucket/key',
    'aws:accountId',
    'aws:region',
    'file(./iam.yml):statements',
    'strToBool(true)',
  ])
    assert.ok(isServerlessSource(inner), inner);
  for (const inner of ['aws:username', 'aws:PrincipalTag/team', 's3:prefix', 'AWS::Region', 'Bucket.Arn', 'BucketName', 'saml:sub']) assert.ok(!isServerlessSource(inner), inner);
  assert.ok(isWrittenForServerless('Resource: arn:aws:sqs:#{AWS::Region}:1:q'));
  assert.ok(isWrittenForServerless('TableName: ${self:service}-table'));
  assert.ok(!isWrittenForServerless('Resource: !Sub arn:aws:s3:::${Bucket}/${!aws:username}/*'));
  assert.ok(!isWrittenForServerless('{"Resource": "arn:aws:s3:::home/${aws:username}/*"}'));
});

test('a policy file a service reads with ${file(…)}: its Serverless variables are placeholders, its IAM policy variables stay', () => {
  // KZNGroup's voicemail service keeps its key policy as kms-key-policy.json, filled in by the Framework.
  const { text, spans } = marked(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": ["\${self:custom.params.connectRoleArn}", "arn:aws:iam::«#{AWS::AccountId}»:role/operator"] },
      "Action": "kms:Decrypt",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Principal": { "AWS": "111122223333" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home-\${sls:stage}/\${aws:username}/*"
    }
  ]
}`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/kms-key-policy.json', languageId: 'json' }, { config: { ...defaultConfiguration, detectByContent: true } });
  assert.equal(analysis.kind, 'policy');
  assert.deepEqual(analysis.problems, []);
  const [keyStatement, homeStatement] = analysis.policies[0].policy.statements;
  const operator = keyStatement.principal!.entries[0].values[1];
  assert.equal(operator.value, 'arn:aws:iam::${AWS::AccountId}:role/operator');
  assert.deepEqual(
    operator.placeholders!.map((hole) => [hole.source, hole.kind, operator.mapSpan!(hole.start, hole.end)]),
    [['${AWS::AccountId}', 'account', spans[0]]],
  );
  const home = homeStatement.resource!.values[0];
  assert.deepEqual(
    home.placeholders!.map((hole) => hole.source),
    ['${sls:stage}'],
  );
});

test('a service file links each YAML or JSON file it reads with ${file(…)}, from where the path is written', () => {
  const { text, spans } = marked(`service: links
provider:
  name: aws
  iamRoleStatements: \${file(«./iam/statements.yml»)}
  environment: \${file(«env.json»):\${opt:stage}}
custom:
  commit: \${file(./git.js):sha}
resources:
  - \${file('«resources/roles.yml»')}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///work/app/serverless.yml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.links?.map((link) => [link.span, link.target]),
    [
      [spans[0], 'file:///work/app/iam/statements.yml'],
      [spans[1], 'file:///work/app/env.json'],
      [spans[2], 'file:///work/app/resources/roles.yml'],
    ],
  );
});

test('a serverless.json is read as the YAML service file is: its statements at their places, a fix in JSON', () => {
  const { text, spans } = marked(`{
  "service": "orders",
  "provider": {
    "name": "aws",
    "iam": { "role": { "statements": [{ "Effect": «"allow"», "Action": ["dynamodb:«GetItems»"], "Resource": "arn:aws:dynamodb:\${aws:region}:*:table/\${self:service}" }] } }
  },
  "functions": { "get": { "handler": "handler.get" } }
}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.json' }, { config: defaultConfiguration });
  assert.equal(analysis.kind, 'serverless');
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  assert.equal(applyFix(text, analysis.problems[0]), text.replace('"allow"', '"Allow"'));
  // Another JSON file is not a service file, nor is a serverless.json of another provider.
  assert.notEqual(analyzeDocument({ text, uri: 'file:///app/orders.json' }, { config: defaultConfiguration }).kind, 'serverless');
  assert.equal(analyzeDocument({ text: text.replace('"aws"', '"azure"'), uri: 'file:///app/serverless.json' }, { config: defaultConfiguration }).kind, undefined);
});

test('a key repeated in serverless.yml is an error: the framework (js-yaml) refuses the file', () => {
  const { text, spans } = marked(`service: app
provider:
  name: aws
  runtime: nodejs20.x
  «runtime»: nodejs22.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::bucket/*
`);
  const document = serverlessReader.read({ text, uri: 'file:///work/app/serverless.yml' })!;
  assert.deepEqual(
    document.problems.filter((problem) => problem.ruleId === 'duplicate-key').map((problem) => [problem.severity, problem.span, problem.message]),
    [['error', spans[0], 'Duplicate key "runtime". The Serverless Framework rejects a service file whose mapping repeats a key.']],
  );
});

test('resources that change the framework’s role without a Type are that role: their policies are checked as its', () => {
  const { text, spans } = marked(`service: orders
provider:
  name: aws
functions:
  create:
    handler: create.handler
resources:
  Resources:
    IamRoleLambdaExecution:
      Properties:
        Policies:
          - PolicyName: reports
            PolicyDocument:
              Version: '2012-10-17'
              Statement:
                - Effect: Allow
                  Action: s3:«GetObjects»
                  Resource: arn:aws:s3:::reports/*
    Unrelated:
      Properties:
        Policies:
          - PolicyName: ignored
            PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObjects, Resource: '*'}]}
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml', languageId: 'yaml' }, { config: defaultConfiguration });
  // Only the framework's own role: a resource of another name without a Type is no resource CloudFormation makes.
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['IamRoleLambdaExecution › Policies[0] › PolicyDocument', 'identity']],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [['action-unknown', spans[0]]],
  );
});

test("a function's empty iamRoleStatements, the per-function plugin's way to a role of its own, is no policy", () => {
  // Serverless plugins sweep: serverless-iam-roles-per-function's README writes `iamRoleStatements: []`, which was an
  // empty-value warning on a "Statement" no one wrote.
  const text = `service: orders
provider:
  name: aws
  iam:
    role:
      statements: []
functions:
  create:
    handler: handler.create
    iamRoleStatements: []
  read:
    handler: handler.read
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:GetItem
        Resource: arn:aws:dynamodb:us-east-1:111122223333:table/orders
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['functions › read › iamRoleStatements'],
  );
  assert.deepEqual(analysis.problems, []);
});

// The serverless-appsync-plugin (AppSync sweep: its data sources' statements were never read).
test("the AppSync plugin's data sources: each one's iamRoleStatements is its role's policy, unless it names its own role", () => {
  const { text, spans } = marked(`service: chat
provider:
  name: aws
appSync:
  name: chat-api
  dataSources:
    messages:
      type: AMAZON_DYNAMODB
      config:
        tableName: messages
        iamRoleStatements:
          - Effect: Allow
            Action: dynamodb:«PutItme»
            Resource: arn:aws:dynamodb:us-east-1:111122223333:table/messages
    search:
      type: AWS_LAMBDA
      config:
        functionName: search
        serviceRoleArn: arn:aws:iam::111122223333:role/search-source
        iamRoleStatements:
          - Effect: Allow
            Action: lambda:InvokeFunctionz
            Resource: "*"
custom:
  appSync:
    - name: legacy-api
      dataSources:
        - type: AMAZON_DYNAMODB
          name: users
          config:
            tableName: users
            iamRoleStatements:
              - Effect: Allow
                Action: dynamodb:«GetItme»
                Resource: arn:aws:dynamodb:us-east-1:111122223333:table/users
`);
  const analysis = analyzeDocument({ text, uri: 'file:///app/serverless.yml', languageId: 'yaml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['appSync › dataSources › messages › config › iamRoleStatements', 'identity'],
      ['custom › appSync › dataSources › users › config › iamRoleStatements', 'identity'],
    ],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
});
