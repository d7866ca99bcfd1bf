import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from '../../../../test/helpers/marked';
import { checkPolicy, type RuleSetting } from '../lint';
import { cloudFormationReader, templateRules } from './cloudformation';
import type { HostDocument } from './host';
import type { Statement } from '../policy/model';
import { parseYamlTemplate, type CfnNode } from './cloudformation/nodes';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'cloudformation');

function read(text: string, uri = 'file:///template.yaml'): HostDocument {
  const document = cloudFormationReader.read({ text, uri });
  assert.ok(document, `${uri} should be read as a template`);
  return document;
}

/** Every finding of every embedded policy as `rule line:col text`, keyed by policy name and type; host problems under "(template)". */
function findings(text: string, uri: string): Record<string, string[]> {
  const document = read(text, uri);
  const at = (offset: number) => {
    const lines = text.slice(0, offset).split('\n');
    return `${lines.length}:${lines[lines.length - 1].length + 1}`;
  };
  const describe = (problem: { ruleId: string; span: { start: number; end: number } }) => `${problem.ruleId} ${at(problem.span.start)} ${text.slice(problem.span.start, problem.span.end)}`;
  const result: Record<string, string[]> = { '(template)': document.problems.map(describe) };
  for (const policy of document.policies) {
    result[`${policy.name} [${policy.policyType}]`] = checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> }).map(describe);
  }
  return result;
}

function fixture(name: string): Record<string, string[]> {
  return findings(readFileSync(join(fixtures, name), 'utf8'), `file:///work/${name}`);
}

/** The rule ids found in the one policy of an inline template. */
function rulesOf(text: string): string[] {
  const [policy, ...rest] = read(text).policies;
  assert.equal(rest.length, 0);
  return checkPolicy(policy.policy, { policyType: policy.policyType }).map((p) => p.ruleId);
}

// Spans of the findings of the one policy of a marked template, with the rules that found them.
function markedFindings(source: string, only?: string[]): { actual: string[]; expected: string[] } {
  const { text, spans } = marked(source);
  const problems = read(text).policies.flatMap((policy) => checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> }));
  const actual = problems.filter((p) => !only || only.includes(p.ruleId)).map((p) => text.slice(p.span.start, p.span.end));
  return { actual, expected: spans.map((span) => text.slice(span.start, span.end)) };
}

test('a SAM Lambda app: inline policies, intrinsics that stay silent, Fn::If branches, a Lambda permission', () => {
  assert.deepEqual(fixture('sam-app.yaml'), {
    '(template)': [],
    // SAM's SQSPollerPolicy names two actions IAM does not have (aws/serverless-application-model#3731), which IAM
    // ignores: SAM's wording, not the user's to fix (sam.ts expandedSeverities).
    'OrdersFunction › Policies[1] › SQSPollerPolicy [identity]': [],
    // `${AWS::Partition}` stays in its field, so the s4 ARN is one s3:PutObject does not act on (as in a JSON policy).
    'OrdersFunction › Policies[2] [identity]': ['action-unknown 54:28 PutItme', 'resource-unused 63:25 arn:${AWS::Partition}:s4:::${UploadsBucket}/*', 'arn-service 63:47 s4'],
    // `Effect: !If [IsProd, Allow, Deny]`: the policy is built once per branch, both checked.
    'OrdersFunction › Policies[2] (second branch of Fn::If) [identity]': [
      'action-unknown 54:28 PutItme',
      'resource-unused 63:25 arn:${AWS::Partition}:s4:::${UploadsBucket}/*',
      'arn-service 63:47 s4',
    ],
    'InvokeFromBucket › (Lambda permission) [resource]': ['action-unknown 76:22 InvokeFuncton'],
  });
});

test('a bucket policy and a key policy: template ARNs keep their literal checks, an unquoted account ID is caught', () => {
  assert.deepEqual(fixture('bucket-and-key.yaml'), {
    '(template)': ['yaml-account-number 22:20 012345678901'],
    // kms:* to `arn:${AWS::Partition}:iam::${AWS::AccountId}:root` is the default key policy's first statement.
    'DataKey › KeyPolicy [resource]': ['action-unknown 26:21 GenerateDataKy'],
    'DataBucketPolicy › PolicyDocument [resource]': ['arn-format 63:23 arn:${AWS::Partition}:s3::${DataBucket}/*'],
  });
});

test('a managed policy that roles and SAM functions take only as their permissions boundary is read as a boundary', () => {
  // DeveloperBoundary: a role's PermissionsBoundary; FunctionBoundary: SAM's Globals.Function.PermissionsBoundary;
  // SharedPolicy is a role's boundary and attached to it too, so it grants and is checked as a grant.
  assert.deepEqual(fixture('permissions-boundary.yaml'), {
    '(template)': [],
    'DeveloperBoundary › PolicyDocument [boundary]': [],
    'FunctionBoundary › PolicyDocument [boundary]': [],
    'SharedPolicy › PolicyDocument [identity]': ["resource-exposure 38:21 'sqs:*'", "wildcard-action 38:21 'sqs:*'", "wildcard-resource 39:23 '*'"],
    'DeveloperRole › AssumeRolePolicyDocument [trust]': [],
    'WorkerRole › AssumeRolePolicyDocument [trust]': [],
  });
});

test('a GitHub OIDC role: the provider referenced by !Ref is known, a !Sub subject with a wildcard is judged', () => {
  assert.deepEqual(fixture('github-oidc-role.yaml'), {
    '(template)': [],
    'DeployRole › AssumeRolePolicyDocument [trust]': ['trust-github-sub 23:26 !Ref GitHubOidcProvider'],
    'DeployRole › Policies[0] › PolicyDocument [identity]': [
      'privilege-escalation 37:21 cloudformation:*',
      'wildcard-action 37:21 cloudformation:*',
      'pass-role-wildcard 38:21 iam:PassRole',
      "wildcard-resource 39:27 '*'",
    ],
    'ScopedRole › AssumeRolePolicyDocument [trust]': ['trust-github-sub 54:58 !Sub repo:${GitHubOrg}/*'],
  });
});

test('Organizations policies: an SCP object and an RCP JSON string in a folded block; a tag policy is not an IAM policy', () => {
  assert.deepEqual(fixture('organization-scp.yaml'), {
    '(template)': [],
    // The Region deny exempts IAM, STS and Organizations but not CloudFront, Route 53 or Support (us-east-1 only).
    'DenyLeaveOrganization › Content [scp]': ['action-unknown 18:35 LeaveOrganisation', 'principal-not-allowed 24:13 Principal', 'region-deny-global-services 27:17 aws:RequestedRegion'],
    'DataPerimeter › Content [rcp]': ['rcp-elements 37:78 "Allow"'],
  });
});

test('a JSON policy under !Sub |: positions map through the block scalar, ${!Literal} is a policy variable, bad JSON is reported', () => {
  assert.deepEqual(fixture('sub-json-policy.yaml'), {
    '(template)': [],
    'WorkerPolicy › PolicyDocument [identity]': ['action-unknown 17:53 DeleteMesage', 'effect-value 28:25 "Alow"'],
    'BrokenPolicy › PolicyDocument [identity]': ['data-exfiltration 38:79 "s3:GetObject"', 'json-syntax 38:94 "Resource"', 'wildcard-resource 38:106 "*"'],
  });
});

test('a JSON template: Fn::Join and Ref placeholders, a policy as an escaped JSON string', () => {
  assert.deepEqual(fixture('legacy-template.json'), {
    '(template)': [],
    'TopicPolicy › PolicyDocument [resource]': ['action-unknown 24:48 Publsh'],
    'ReaderPolicy › PolicyDocument [identity]': ['action-unknown 36:115 GetObjct'],
  });
});

test('templates are recognised by format version, AWS resource types or the SAM transform, in YAML and JSON', () => {
  const resources = 'Resources:\n  R:\n    Type: AWS::SQS::Queue\n';
  assert.equal(read(resources).kind, 'cloudformation');
  assert.ok(read('AWSTemplateFormatVersion: "2010-09-09"\n'));
  assert.ok(read('Transform: AWS::Serverless-2016-10-31\nResources: {}\n', 'file:///a/template.yml'));
  assert.ok(read('Transform: [AWS::Serverless-2016-10-31]\n', 'file:///a/stack.template'));
  assert.ok(read('{"Resources": {"R": {"Type": "AWS::SNS::Topic"}}}', 'file:///a/stack.template'));
  assert.ok(read('{"AWSTemplateFormatVersion": "2010-09-09"}', 'file:///a/stack.json'));
  // Names some projects give their templates (aws-samples' GuardDuty for Organizations writes `.cfntemplate`).
  assert.ok(read(`# role\n${resources}`, 'file:///a/role-to-assume.cfntemplate'));
  assert.ok(read('{"Resources": {"R": {"Type": "AWS::SNS::Topic"}}}', 'file:///a/topic.cform'));
  assert.ok(read(resources, 'file:///a/queue.cfn'));
  // Elastic Beanstalk's configuration files, YAML or JSON; other .config files are not templates.
  assert.ok(read(`option_settings:\n  - option_name: X\n    value: y\n${resources}`, 'file:///app/.ebextensions/01-iam.config'));
  assert.ok(read('{"Resources": {"R": {"Type": "AWS::SNS::Topic"}}}', 'file:///app/.ebextensions/nested/topic.config'));
  assert.equal(cloudFormationReader.read({ text: resources, uri: 'file:///app/web.config' }), undefined);
  assert.ok(cloudFormationReader.read({ text: resources, uri: 'untitled:Untitled-1', languageId: 'yaml' }));
  // A file without an extension, as Check Point publishes its onboarding templates, is read by its text.
  assert.ok(read('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}', 'file:///a/Dome9ReadOnly'));
  assert.ok(read(`# onboarding\n${resources}`, 'file:///a/onboarding'));
});

test('other YAML and JSON files are not templates', () => {
  const none = (text: string, uri: string) => assert.equal(cloudFormationReader.read({ text, uri }), undefined, uri);
  none('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'file:///r/.github/workflows/ci.yml');
  none('services:\n  web:\n    image: nginx\n', 'file:///r/docker-compose.yaml');
  none('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: "arn:aws:iam::111122223333:role/x"\n', 'file:///r/k8s/aws-auth.yaml');
  none('{"name": "x", "dependencies": {"aws-cdk-lib": "2.0.0"}}', 'file:///r/package.json');
  none('Resources:\n  R:\n    Type: Custom::Thing\n    Note: AWS::IAM::Role\n', 'file:///r/notes.yaml');
  none('{"Version": "2012-10-17", "Statement": []}', 'file:///r/policy.json');
  // A template body in a file of another kind is not opened as one.
  none('AWSTemplateFormatVersion: "2010-09-09"\n', 'file:///r/template.txt');
  // Without an extension: a policy, or text that is no template, is not one.
  none('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}', 'file:///r/policy');
  none('Notes on AWS::IAM::Role\n', 'file:///r/README');
});

test('intrinsics are placeholders: never an unknown action, a malformed ARN or a bad condition value', () => {
  const template = `
Parameters:
  ActionParam: {Type: String}
  VpcId: {Type: AWS::EC2::VPC::Id}
Mappings:
  Buckets: {us-east-1: {Name: logs}}
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [!Ref ActionParam, !Select [0, [s3:GetObject]], {"Fn::ImportValue": shared-action}]
            Resource:
              - !GetAtt Queue.Arn
              # Ref of a topic is its ARN (Ref of the queue is its URL, which ref-not-arn.test.ts reports).
              - !Ref Topic
              - !Sub '\${Queue.Arn}*'
              - !Sub ['arn:\${AWS::Partition}:s3:::\${Name}/*', {Name: !FindInMap [Buckets, !Ref AWS::Region, Name]}]
              - arn:aws:ssm:us-east-1:111122223333:parameter/{{resolve:ssm:/app/name}}
              - Fn::Join: ['', ['arn:', {Ref: AWS::Partition}, ':sqs:', {Ref: AWS::Region}, ':', {Ref: AWS::AccountId}, ':q']]
            Condition:
              StringEquals:
                aws:SourceVpc: !Ref VpcId
                aws:ResourceAccount: !Sub \${AWS::AccountId}
              IpAddress:
                aws:SourceIp: !ImportValue office-cidr
`;
  assert.deepEqual(rulesOf(template), []);
  // Without !Sub, CloudFormation leaves \${AWS::AccountId} as written: IAM reads a policy variable it cannot resolve.
  assert.deepEqual(rulesOf(template.replace('!Sub \${AWS::AccountId}', '\${AWS::AccountId}')), ['policy-variable-unknown']);
});

test('sam-connector-invalid: a connector SAM rejects is reported where the reason is written; valid ones are not', () => {
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
    Connectors:
      ToMissing:
        Properties:
          Destination: {Id: «Nope»}
          Permissions: [Read]
  Legacy:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: app.handler, Code: {ZipFile: x}, Role: arn:aws:iam::111122223333:role/legacy}
  Reports:
    Type: AWS::S3::Bucket
  Jobs:
    Type: AWS::SQS::Queue
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
  Deleter:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination: {Id: Reports}
      Permissions: «[Delete]»
  HalfPoller:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Jobs}
      Destination: {Id: Reader}
      Permissions: «[Read]»
  LegacyWriter:
    Type: AWS::Serverless::Connector
    Properties:
      Source: «{Id: Legacy}»
      Destination: {Id: Reports}
      Permissions: [Write]
  Reading:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Reader}
      Destination: {Id: Reports}
      Permissions: [Read, Write]
  Invoking:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: Api}
      Destination: {Id: Reader}
      Permissions: [Write]
`);
  const problems = read(text).problems.filter((problem) => problem.ruleId === 'sam-connector-invalid');
  assert.deepEqual(
    problems.map((problem) => text.slice(problem.span.start, problem.span.end)),
    spans.map((span) => text.slice(span.start, span.end)),
  );
  assert.deepEqual(
    problems.map((problem) => problem.message),
    [
      '"Nope" is not a resource of the template, so the SAM transform fails.',
      'SAM does not accept Delete from AWS::Lambda::Function to AWS::S3::Bucket (it accepts Read, Write), so the transform fails.',
      'SAM does not accept Read from AWS::SQS::Queue to AWS::Lambda::Function (it accepts Read + Write), so the transform fails.',
      "SAM writes this connector's policy for the role of its Source, which names no role of the template (by !GetAtt or !Ref), so the transform fails.",
    ],
  );
});

test("org-formation's expressions in its templates are values known only at deploy time, checked no further", () => {
  // boomfish/org-formation-reference: org-formation expands the string into one role ARN per account the binding
  // targets before CloudFormation reads the template; arn-format took it for a malformed ARN.
  const template = (version: string) => `AWSTemplateFormatVersion: '${version}'
Resources:
  AssumeTerraformRolePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: Fn::EnumTargetAccounts TargetBinding 'arn:aws:iam::\${account}:role/\${roleName}'
`;
  assert.deepEqual(rulesOf(template('2010-09-09-OC')), []);
  // In a template CloudFormation reads itself, the string is the Resource as written, its \${…} policy variables
  // that name no key.
  assert.deepEqual(rulesOf(template('2010-09-09')), ['arn-format', 'policy-variable-unknown', 'policy-variable-unknown']);
});

test('two org-formation expressions are two values: only one written twice is a repeat', () => {
  // boomfish/org-formation-reference's flow-logs bucket: two prefixes under one binding were read as one value twice.
  const { text, spans } = marked(`AWSTemplateFormatVersion: '2010-09-09-OC'
Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: logs
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: delivery.logs.amazonaws.com}
            Action: s3:PutObject
            Resource:
              - Fn::EnumTargetAccounts AllBinding 'arn:aws:s3:::logs/AWSLogs/\${account}/*'
              - Fn::EnumTargetAccounts AllBinding 'arn:aws:s3:::logs/AWSLogs/aws-account-id=\${account}/*'
              - «Fn::EnumTargetAccounts AllBinding 'arn:aws:s3:::logs/AWSLogs/\${account}/*'»
`);
  const [policy] = read(text).policies;
  assert.deepEqual(
    checkPolicy(policy.policy, { policyType: policy.policyType })
      .filter((problem) => problem.ruleId === 'redundant-resource')
      .map((problem) => problem.span),
    spans,
  );
});

test('Fn::If on conditions that decide each other is built only the ways a deployment takes them', () => {
  // IsNotProd is IsProd's opposite: the build that took the first branch everywhere paired s3:GetObject's resource
  // with iam:PassRole, which no deployment writes, and reported prod/* as used by no action.
  const template = (action: string, resource: string) => `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsNotProd: !Not [!Condition IsProd]
  IsDev: !Equals [!Ref Env, dev]
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ${action}
            Resource: ${resource}
`;
  const rules = ['action-resource-mismatch', 'resource-unused'];
  const notProd = markedFindings(template("!If [IsProd, 's3:GetObject', '«iam:PassRole»']", "!If [IsNotProd, '«arn:aws:s3:::b/*»', 'arn:aws:s3:::prod/*']"), rules);
  assert.deepEqual(notProd.actual, notProd.expected);
  // Env cannot be prod and dev at once: where IsProd is true, IsDev is false (the first build paired dev/* with PassRole).
  const dev = markedFindings(template("!If [IsProd, '«iam:PassRole»', 's3:GetObject']", "!If [IsDev, 'arn:aws:s3:::dev/*', '«arn:aws:s3:::prod/*»']"), rules);
  assert.deepEqual(dev.actual, dev.expected);
});

test('literal text around a placeholder is still checked, at its place in the template', () => {
  const { actual, expected } = markedFindings(
    `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, "sqs:«SendMesage»"]
            Resource:
              - !Sub '«arn:\${AWS::Partition}:s3::\${Bucket}/*»'
              - !Sub 'arn:\${AWS::Partition}:«sqs3»:\${AWS::Region}:\${AWS::AccountId}:q'
`,
    ['action-unknown', 'arn-format', 'arn-service'],
  );
  assert.deepEqual(actual, expected);
});

test('Fn::If: list items count with both branches, AWS::NoValue removes an item, Effect is checked in each branch', () => {
  const text = `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: !If [IsProd, Allow, Dney]
            Action:
              - !If [IsProd, s3:GetObjet, !Ref AWS::NoValue]
              - !If [IsProd, !Ref AWS::NoValue, s3:PutObjet]
            Resource: '*'
          - !If [IsProd, !Ref AWS::NoValue, {Effect: Allow, Action: 'sqs:SendMesage', Resource: '*'}]
`;
  const [first, second, ...rest] = read(text).policies;
  assert.equal(rest.length, 0);
  assert.equal(second.variantOf, first.name);
  const rules = (policy: typeof first) =>
    checkPolicy(policy.policy, { policyType: policy.policyType })
      .filter((p) => p.ruleId !== 'wildcard-resource' && p.ruleId !== 'data-exfiltration')
      .map((p) => `${p.ruleId} ${text.slice(p.span.start, p.span.end)}`);
  assert.deepEqual(rules(first), ['action-unknown GetObjet', 'action-unknown PutObjet', 'action-unknown SendMesage']);
  assert.deepEqual(rules(second), ['effect-value Dney', 'action-unknown GetObjet', 'action-unknown PutObjet', 'action-unknown SendMesage']);
});

test('an Effect, Sid or Version known only at deploy time is not judged', () => {
  const template = `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: !Ref PolicyVersion
        Statement:
          - Sid: !Sub '\${AWS::StackName}Read'
            Effect: !Ref EffectParam
            Action: s3:GetObject
            Resource: arn:aws:s3:::b/*
`;
  assert.deepEqual(rulesOf(template), []);
});

test('YAML scalars: unquoted Version is a string, escapes, quotes and folded lines map to their source', () => {
  const { actual, expected } = markedFindings(
    `AWSTemplateFormatVersion: 2010-09-09
Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Action:
              - "s3:«Get\\u004fbjct»"
              - '«s3:List''s»'
              - s3:«PutObjet»
              - "«sqs:Send
                Mesage»"
            Resource: "arn:aws:s3:::b/*"
`,
    ['action-unknown', 'action-format', 'version-invalid', 'version-missing'],
  );
  assert.deepEqual(actual, expected);
});

test('block scalars: a literal and a folded JSON policy map each character back', () => {
  const text = [
    'Resources:',
    '  A:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: |',
    '        {"Version": "2012-10-17",',
    '         "Statement": [{"Effect": "Allow", "Action": "s3:GetObjet", "Resource": "*"}]}',
    '  B:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: >',
    '        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",',
    '        "Action": "s3:PutObjet", "Resource": "*"}]}',
    '',
  ].join('\n');
  const spans = read(text).policies.flatMap((policy) => checkPolicy(policy.policy, { policyType: policy.policyType }).filter((p) => p.ruleId === 'action-unknown'));
  assert.deepEqual(
    spans.map((p) => text.slice(p.span.start, p.span.end)),
    ['GetObjet', 'PutObjet'],
  );
  assert.equal(spans[1].span.start, text.indexOf('PutObjet'));
});

test('a Version missing from a template policy is information; a single EventBridge statement needs none, and its policy variables work', () => {
  const document = read(`Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/\${aws:username}/*'}]
  Bus:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: partner
      Statement:
        Effect: Allow
        Principal: {AWS: 'arn:aws:iam::111122223333:root'}
        Action: events:PutEvents
        Resource: !GetAtt EventBus.Arn
        Condition:
          StringEquals:
            events:creatorAccount: '\${aws:PrincipalAccount}'
`);
  const [policy, bus] = document.policies;
  const problems = (p: typeof policy) => checkPolicy(p.policy, { policyType: p.policyType, rules: p.severities as Record<string, RuleSetting> }).map((x) => `${x.ruleId}:${x.severity}`);
  // EventBridge writes the statement into a policy of Version 2012-10-17; a policy without one is read as 2008-10-17.
  assert.deepEqual(problems(policy), ['version-missing:information', 'policy-variable-version:error']);
  assert.equal(bus.policyType, 'resource');
  assert.deepEqual(problems(bus), []);
  assert.equal(bus.policy.statements[0].action?.values[0].value, 'events:PutEvents');
});

test('!Sub JSON whose variables write values or members (an RCP built so) is read as it renders, without syntax errors', () => {
  // sqlxpert's RCP template: parameters write a test into the Null block (`${ForbidStandard}`), a whole condition
  // (`${PrincipalCondition}`) and the Resource list (`${Arns}`).
  const { text, spans } = marked(`Parameters:
  Arns: {Type: String}
  ForbidStandard: {Type: String}
  PrincipalCondition: {Type: String}
  Key: {Type: String}
Resources:
  Rcp:
    Type: AWS::Organizations::Policy
    Properties:
      Type: RESOURCE_CONTROL_POLICY
      Content: !Sub >-
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": «"deny"»,
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": \${Arns},
                "Condition": {
                  "Null": {\${ForbidStandard}
                    "s3:BucketTag/\${Key}": "false"
                  }
                }
              },
              {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutBucketAbac",
                "Resource": "*",
                "Condition": {
                  \${PrincipalCondition}
                }
              }
            ]
          }
`);
  const document = read(text);
  assert.deepEqual(document.problems, []);
  const [policy] = document.policies;
  assert.equal(policy.policyType, 'rcp');
  assert.deepEqual(policy.policy.syntaxErrors, []);
  const problems = checkPolicy(policy.policy, { policyType: 'rcp' });
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    [['effect-value', spans[0]]],
  );
  // The Resource is the variable, kept as a value known at deploy.
  const resource = policy.policy.statements[0].resource!.values[0];
  assert.equal(resource.value, '${Arns}');
  assert.deepEqual(
    resource.placeholders?.map((hole) => hole.source),
    ['${Arns}'],
  );
  // A Condition written whole by a variable is tests the reader could not read, not an empty Condition.
  assert.equal(policy.policy.statements[1].condition?.deployTime, true);
});

test('!Sub JSON whose variable writes more list elements with its own comma (Karpenter) is read without a syntax error', () => {
  // Karpenter v0.28's getting-started template: UserTagKeys is `,"team","env"` or nothing. (It writes a literal block,
  // `|`, which marks the cursor here: a folded one reads the same.)
  const { text, spans } = marked(`Parameters:
  ClusterName: {Type: String}
  TagKeys: {Type: CommaDelimitedList, Default: ''}
Conditions:
  HasUserTagKeys: !Not [!Equals [!Join ['', !Ref TagKeys], '']]
Resources:
  ControllerPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub
        - >
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Action": "ec2:«CreateFleets»",
                "Resource": "*",
                "Condition": {
                  "ForAllValues:StringEquals": {
                    "aws:TagKeys": [
                      "Name",
                      "kubernetes.io/cluster/\${ClusterName}"
                      \${UserTagKeys}
                    ]
                  }
                }
              }
            ]
          }
        - UserTagKeys: !If [HasUserTagKeys, !Sub [',"\${Tags}"', {Tags: !Join ['","', !Ref TagKeys]}], '']
`);
  const document = read(text);
  assert.deepEqual(document.problems, []);
  const [policy] = document.policies;
  assert.deepEqual(policy.policy.syntaxErrors, []);
  // The list is read as the elements written out; the policy is checked.
  assert.deepEqual(
    policy.policy.statements[0].condition?.operators[0].keys[0].values.map((value) => value.value),
    ['Name', 'kubernetes.io/cluster/${ClusterName}'],
  );
  assert.deepEqual(
    checkPolicy(policy.policy, { policyType: 'identity' })
      .filter((p) => p.ruleId === 'action-unknown')
      .map((p) => p.span),
    spans,
  );
});

test('duplicate keys: inside a policy the duplicate-key rule reports them; elsewhere the template does', () => {
  const text = `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: a
      PolicyName: b
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Action: s3:PutObject
            Resource: "*"
`;
  const document = read(text);
  // CloudFormation deploys the template (the last value wins): a warning, not an error claiming it is refused.
  assert.deepEqual(
    document.problems.map((p) => `${p.ruleId} ${text.slice(p.span.start, p.span.end)} ${p.severity}`),
    ['duplicate-key PolicyName warning'],
  );
  assert.equal(document.problems[0].span.start, text.indexOf('PolicyName: b'));
  assert.equal(
    document.problems[0].message,
    '"PolicyName" is repeated in this mapping: CloudFormation may accept the template, but which value it uses is undefined (in practice the last, and the one above is dropped). Keep one "PolicyName".',
  );
  const problems = checkPolicy(document.policies[0].policy, { policyType: 'identity' }).filter((p) => p.ruleId === 'duplicate-key');
  assert.deepEqual(
    problems.map((p) => p.span.start),
    [text.lastIndexOf('Action')],
  );
  // The policy is read as CloudFormation deploys it, with the last Action.
  assert.deepEqual(
    document.policies[0].policy.statements[0].action?.values.map((value) => value.value),
    ['s3:PutObject'],
  );
});

test('a key repeated after a key with no value (aws-samples/serverless-patterns Outputs) is underlined on the repeat', () => {
  const text = `Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  TopicName:
    Description:
    Description: SNS topic name
    Value: !GetAtt Topic.TopicName
`;
  const [problem] = read(text).problems;
  assert.equal(problem.ruleId, 'duplicate-key');
  assert.equal(problem.severity, 'warning');
  assert.deepEqual(problem.span, { start: text.lastIndexOf('Description'), end: text.lastIndexOf('Description') + 'Description'.length });
});

test('anchors and aliases: a shared statement is read where it is written', () => {
  const text = `Resources:
  A:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement: &shared
          - Effect: Allow
            Action: s3:GetObjet
            Resource: "*"
  B:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement: *shared
`;
  const starts = read(text).policies.map((policy) => checkPolicy(policy.policy, { policyType: 'identity' }).find((p) => p.ruleId === 'action-unknown')?.span.start);
  assert.deepEqual(starts, [text.indexOf('GetObjet'), text.indexOf('GetObjet')]);
});

test('flow style, comments and every documented resource property are read with their policy types', () => {
  const statement = '{Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111122223333:root"}, Action: "s3:GetObject", Resource: "*"}]} # resource policy';
  const identity = '{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}';
  const resources: [string, string, string][] = [
    ['AWS::IAM::Role', `AssumeRolePolicyDocument: ${statement}\n      Policies: [{PolicyName: p, PolicyDocument: ${identity}}]`, 'trust,identity'],
    ['AWS::IAM::User', `Policies: [{PolicyName: p, PolicyDocument: ${identity}}]`, 'identity'],
    ['AWS::IAM::Group', `Policies: [{PolicyName: p, PolicyDocument: ${identity}}]`, 'identity'],
    ['AWS::IAM::Policy', `PolicyDocument: ${identity}`, 'identity'],
    ['AWS::IAM::ManagedPolicy', `PolicyDocument: ${identity}`, 'identity'],
    ['AWS::IAM::RolePolicy', `PolicyDocument: ${identity}`, 'identity'],
    ['AWS::IAM::UserPolicy', `PolicyDocument: ${identity}`, 'identity'],
    ['AWS::IAM::GroupPolicy', `PolicyDocument: ${identity}`, 'identity'],
    ['AWS::SSO::PermissionSet', `InlinePolicy: ${identity}`, 'identity'],
    ['AWS::S3::BucketPolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::SQS::QueuePolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::SQS::QueueInlinePolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::SNS::TopicPolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::SNS::TopicInlinePolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::KMS::Key', `KeyPolicy: ${statement}`, 'resource'],
    ['AWS::KMS::ReplicaKey', `KeyPolicy: ${statement}`, 'resource'],
    ['AWS::SecretsManager::ResourcePolicy', `ResourcePolicy: ${statement}`, 'resource'],
    ['AWS::ECR::Repository', `RepositoryPolicyText: ${statement}`, 'resource'],
    ['AWS::OpenSearchService::Domain', `AccessPolicies: ${statement}`, 'resource'],
    ['AWS::ApiGateway::RestApi', `Policy: ${statement}`, 'resource'],
    ['AWS::ApiGateway::DomainNameV2', `Policy: ${statement}`, 'resource'],
    ['AWS::Backup::BackupVault', `AccessPolicy: ${statement}`, 'resource'],
    ['AWS::S3::AccessPoint', `Policy: ${statement}`, 'resource'],
    ['AWS::CloudTrail::ResourcePolicy', `ResourcePolicy: ${statement}`, 'resource'],
    ['AWS::RolesAnywhere::Profile', `SessionPolicy: ${identity}`, 'session'],
    ['AWS::Transfer::User', `Policy: ${identity}`, 'session'],
    ['AWS::MSK::ClusterPolicy', `Policy: ${statement}`, 'resource'],
    ['AWS::XRay::ResourcePolicy', `PolicyDocument: ${statement}`, 'resource'],
    ['AWS::Organizations::ResourcePolicy', `Content: ${statement}`, 'resource'],
    ['AWS::Organizations::Policy', `Type: SERVICE_CONTROL_POLICY\n      Content: ${identity}`, 'scp'],
    ['AWS::Organizations::Policy', `Type: RESOURCE_CONTROL_POLICY\n      Content: ${identity}`, 'rcp'],
    ['AWS::Organizations::Policy', `Type: BACKUP_POLICY\n      Content: {plans: {}}`, ''],
    ['AWS::Serverless::Function', `Policies: ${identity}`, 'identity'],
    ['AWS::Serverless::StateMachine', `Policies: [AWSLambdaRole, ${identity}]`, 'identity'],
  ];
  for (const [type, properties, types] of resources) {
    const text = `# a template\nResources:\n  R: # the resource\n    Type: ${type}\n    Properties:\n      ${properties}\n`;
    const document = read(text);
    assert.equal(document.policies.map((p) => p.policyType).join(','), types, type);
    for (const policy of document.policies) {
      assert.equal(policy.owner, 'R');
      assert.equal(policy.policy.statements[0]?.action?.values[0]?.value, 's3:GetObject', `${type} ${policy.name}`);
      assert.deepEqual(document.problems, []);
    }
  }
});

test('an unquoted account ID with a leading zero gets a warning and a quoting fix; quoted ones and other numbers do not', () => {
  const text = `Resources:
  Q:
    Type: AWS::SQS::QueuePolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: [012345678901, '012345678902', 210987654321]}
            Action: sqs:SendMessage
            Resource: "*"
            Condition: {StringEquals: {aws:SourceAccount: 012345678903}}
`;
  const problems = read(text).problems;
  assert.deepEqual(
    problems.map((p) => text.slice(p.span.start, p.span.end)),
    ['012345678901', '012345678903'],
  );
  assert.equal(problems[0].ruleId, 'yaml-account-number');
  assert.equal(problems[0].severity, 'warning');
  const [edit] = problems[0].fixes![0].edits;
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('[012345678901,', "['012345678901',"));
});

/** A statement's Condition as `[operator, ["key=first value", …]]` pairs. */
function conditionsOf(statement: Statement): [string, string[]][] {
  return (statement.condition?.operators ?? []).map((o) => [o.operator, o.keys.map((k) => `${k.key}=${k.values[0].value}`)]);
}

test('a Lambda permission becomes one Allow statement on the function with its source conditions', () => {
  const document = read(`Resources:
  Fn: {Type: AWS::Lambda::Function}
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: my-function
      Principal: events.amazonaws.com
      SourceArn: arn:aws:events:us-east-1:111122223333:rule/nightly
      SourceAccount: '111122223333'
`);
  const [permission] = document.policies;
  const statement = permission.policy.statements[0];
  assert.equal(statement.effect?.value?.value, 'Allow');
  assert.deepEqual(
    statement.principal?.entries.map((e) => [e.type, e.values[0].value]),
    [['Service', 'events.amazonaws.com']],
  );
  assert.deepEqual(conditionsOf(statement), [
    ['ArnLike', ['aws:SourceArn=arn:aws:events:us-east-1:111122223333:rule/nightly']],
    ['StringEquals', ['aws:SourceAccount=111122223333']],
  ]);
  // A bare function name stands for the function's ARN.
  assert.equal(statement.resource?.values[0].placeholders?.[0].kind, 'arn');
  assert.deepEqual(checkPolicy(permission.policy, { policyType: 'resource', rules: permission.severities as Record<string, RuleSetting> }), []);
});

test("a function URL's permission carries its auth type as Lambda writes it: lambda:FunctionUrlAuthType", () => {
  // Lambda permissions sweep: "it has no condition" was said of a public function URL's permission.
  const document = read(`Resources:
  Url:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunctionUrl
      FunctionName: !GetAtt Fn.Arn
      FunctionUrlAuthType: NONE
      Principal: '*'
`);
  const statement = document.policies[0].policy.statements[0];
  assert.deepEqual(conditionsOf(statement), [['StringEquals', ['lambda:FunctionUrlAuthType=NONE']]]);
});

test('an event bus permission in its first form (Action, Principal, Condition: {Type, Key, Value}) becomes the statement EventBridge writes', () => {
  // EventBridge sweep: a bus policy written so went unread, a bus open to everyone with it.
  const document = read(`Resources:
  Org:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: OrgPutEvents
      EventBusName: !Ref Bus
      Action: events:PutEvents
      Principal: '*'
      Condition:
        Type: StringEquals
        Key: aws:PrincipalOrgID
        Value: o-a1b2c3d4e5
  Open:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: Everyone
      Action: events:PutEvents
      Principal: '*'
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders
`);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['Org › (event bus permission)', 'resource'],
      ['Open › (event bus permission)', 'resource'],
    ],
  );
  const [org, open] = document.policies.map((policy) => policy.policy.statements[0]);
  assert.deepEqual(conditionsOf(org), [['StringEquals', ['aws:PrincipalOrgID=o-a1b2c3d4e5']]]);
  assert.equal(org.principal?.wildcard?.value, '*');
  // The default bus when it names none: a resource still, so the rules that judge what it grants see it.
  assert.equal(open.resource?.values[0].placeholders?.[0].resource?.type, 'event-bus');
});

test("a Lambda layer version's permission becomes one Allow statement on the layer, OrganizationId as aws:PrincipalOrgID", () => {
  const document = read(`Resources:
  Shared:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: !Ref Layer
      Principal: '*'
      OrganizationId: o-a1b2c3d4e5
`);
  const statement = document.policies[0].policy.statements[0];
  assert.equal(document.policies[0].name, 'Shared › (layer version permission)');
  assert.equal(statement.action?.values[0].value, 'lambda:GetLayerVersion');
  assert.deepEqual(conditionsOf(statement), [['StringEquals', ['aws:PrincipalOrgID=o-a1b2c3d4e5']]]);
});

test('a Lambda permission for a service named with ${AWS::URLSuffix} or Fn::Sub is a service principal', () => {
  const document = read(`Resources:
  Fn: {Type: AWS::Lambda::Function}
  Events:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !GetAtt Fn.Arn
      Principal: !Sub events.\${AWS::URLSuffix}
  S3:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !GetAtt Fn.Arn
      Principal: {'Fn::Sub': 's3.amazonaws.com'}
      SourceAccount: !Ref AWS::AccountId
  Account:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !GetAtt Fn.Arn
      Principal: !Ref AWS::AccountId
`);
  assert.deepEqual(
    document.policies.map((permission) => permission.policy.statements[0].principal?.entries.map((e) => [e.type, e.values[0].value])),
    [[['Service', 'events.${AWS::URLSuffix}']], [['Service', 's3.amazonaws.com']], [['AWS', '${AWS::AccountId}']]],
  );
  for (const permission of document.policies) {
    assert.deepEqual(
      checkPolicy(permission.policy, { policyType: 'resource', rules: permission.severities as Record<string, RuleSetting> }).filter((p) => p.severity === 'error'),
      [],
    );
  }
});

test('broken templates never throw: every prefix of a fixture is read or refused', () => {
  for (const name of ['sam-app.yaml', 'legacy-template.json', 'sub-json-policy.yaml']) {
    const text = readFileSync(join(fixtures, name), 'utf8');
    for (let end = 0; end <= text.length; end += 37) {
      const document = cloudFormationReader.read({ text: text.slice(0, end), uri: `file:///${name}` });
      for (const policy of document?.policies ?? []) checkPolicy(policy.policy, { policyType: policy.policyType });
    }
  }
});

test('a flow collection line indented no deeper than its key is read as CloudFormation reads it, with a note', () => {
  const template = (closing: string, newline = '\n') =>
    [
      'Globals:',
      '  Function:',
      '    VpcConfig: !If [UseVPCConfig, {',
      '      SubnetIds: !Ref subnetIds',
      `${closing}, !Ref AWS::NoValue]`,
      '    Timeout: 30',
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: lambda.amazonaws.com}',
      '            Action: sts:AssumeRole',
      '',
    ].join(newline);
  for (const newline of ['\n', '\r\n']) {
    // aws-lambda-power-tuning writes its Globals so; CloudFormation deploys it.
    const text = template('    }', newline);
    const document = read(text);
    assert.deepEqual(
      document.problems.map((p) => [p.ruleId, p.severity, text.slice(p.span.start, p.span.end)]),
      [['yaml-syntax', 'information', '}, !Ref AWS::NoValue]']],
      JSON.stringify(newline),
    );
    assert.equal(document.policies.length, 1);
    assert.deepEqual(checkPolicy(document.policies[0].policy, { policyType: document.policies[0].policyType }), []);
  }
  // Indented deeper, it is plain YAML. After a comment, joining would hide the bracket: the YAML stays unreadable, and
  // a file without AWSTemplateFormatVersion that cannot be read is no template.
  assert.deepEqual(read(template('      }')).problems, []);
  const commented = template('    }').replace('!Ref subnetIds', '!Ref subnetIds # the subnets');
  assert.equal(cloudFormationReader.read({ text: commented, uri: 'file:///commented.yaml' }), undefined);
  const declared = read(`AWSTemplateFormatVersion: "2010-09-09"\n${commented}`, 'file:///declared.yaml');
  assert.ok(declared.problems.some((p) => p.ruleId === 'yaml-syntax' && p.severity === 'error'));
});

test('a lone - in a flow list (!Split [-, …]) is the string "-", as CloudFormation and PyYAML read it, not a YAML error', () => {
  // AWS Powertools' examples name a schedule with `!Split [-, …]`; the YAML library reads `-,` as a block sequence.
  const text = [
    'Resources:',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      QueueName: !Join ["-", [jobs, !Select [0, !Split [-, !Select [2, !Split [/, !Ref AWS::StackId]]]]]]',
    '  QueuePolicy:',
    '    Type: AWS::SQS::QueuePolicy',
    '    Properties:',
    '      Queues: [!Ref Queue]',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - {Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: sqs:SendMesage, Resource: !GetAtt Queue.Arn, Condition: {ArnEquals: {aws:SourceArn: !Ref Topic}}}',
    '',
  ].join('\n');
  const document = read(text);
  assert.deepEqual(document.problems, []);
  // The rest of the template is read: the policy after the line gets its findings at their places.
  const problems = checkPolicy(document.policies[0].policy, { policyType: 'resource' }).filter((p) => p.ruleId === 'action-unknown');
  assert.deepEqual(
    problems.map((p) => text.slice(p.span.start, p.span.end)),
    ['SendMesage'],
  );
  // The `-` itself reads back as the delimiter.
  const split = /!Split \[-,/.exec(text)!.index + '!Split ['.length;
  const root = parseYamlTemplate(text).root;
  const found: string[] = [];
  const visit = (node: CfnNode | undefined): void => {
    if (!node) return;
    if (node.kind === 'scalar' && node.span.start === split) found.push(node.value);
    if (node.kind === 'map') for (const entry of node.entries) visit(entry.value);
    if (node.kind === 'seq') for (const item of node.items) visit(item);
    if (node.kind === 'fn') visit(node.arg);
  };
  visit(root);
  assert.deepEqual(found, ['-']);
});

test('every under-indented flow line of a template is read in one go; brackets in quotes, comments and block scalars do not count', () => {
  const resource = (name: string) =>
    [
      `  ${name}:`,
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      QueueName: !If [Named, {',
      "        'Fn::Sub': 'q-{x}'",
      '    }, !Ref AWS::NoValue]',
      '      Tags:',
      '        - Key: note   # [not a bracket',
      "          Value: 'it''s {open'",
      '        - Key: code',
      '          Value: |',
      '            function f() {',
      '              return 1',
    ].join('\n');
  const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', resource('First'), resource('Second'), resource('Third'), ''].join('\n');
  const document = read(text);
  assert.deepEqual(
    document.problems.map((p) => [p.ruleId, p.severity, text.slice(p.span.start, p.span.end)]),
    [0, 1, 2].map(() => ['yaml-syntax', 'information', '}, !Ref AWS::NoValue]']),
  );
});

test('a quoted string that runs on over lines no deeper than its key is read, as CloudFormation reads it; a quote inside a plain value opens nothing', () => {
  // As New Relic's integration role template writes a parameter's Description.
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  PolicyName:',
    '    Type: String',
    "    Description: 'If no value is supplied it uses the AWS default ReadOnlyAccess.",
    '    The default policy gains new permissions as AWS adds services.',
    "    Leave it empty to use it.'",
    '  Owner:',
    '    Type: String',
    "    Description: Bob 's team, [see docs]",
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]',
    '',
  ].join('\n');
  const document = read(text);
  assert.deepEqual(
    document.problems.map((p) => [p.ruleId, p.severity, text.slice(p.span.start, p.span.end)]),
    [
      ['yaml-syntax', 'information', 'The default policy gains new permissions as AWS adds services.'],
      ['yaml-syntax', 'information', "Leave it empty to use it.'"],
    ],
  );
  assert.match(document.problems[0].message, /^This line of a quoted string is indented no deeper than the line that opens the string\./);
  assert.equal(document.policies.length, 1);
});

test('YAML syntax errors are template problems', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: [unclosed\n';
  const document = read(text);
  assert.ok(document.problems.length > 0);
  assert.ok(document.problems.every((p) => p.ruleId === 'yaml-syntax' && p.severity === 'error'));
});

test('a JSON template’s syntax errors say what is wrong, once per place', () => {
  // `["Ref": "X"]`: the parser reports CommaExpected and, recovering, ValueExpected at the same colon.
  const text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Roles": ["Ref": "X"]}}}}';
  const document = read(text, 'file:///template.json');
  assert.deepEqual(
    document.problems.map((p) => [p.ruleId, p.message, text.slice(p.span.start, p.span.end)]),
    [['json-syntax', 'Comma expected between entries of the template.', ':']],
  );
});

test('every rule the template reader reports has a documentation page', () => {
  const docs = join(__dirname, '..', '..', '..', '..', 'docs', 'rules');
  for (const rule of templateRules) assert.ok(readFileSync(join(docs, `${rule.id}.md`), 'utf8').startsWith(`# ${rule.id}`), rule.id);
});

test('a SAM function or state machine that names its Role gets none of its Policies: sam-policies-ignored on the Policies key', () => {
  // SAM sweep: a function with both Role and Policies deployed none of the policies, and nothing said so.
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Role: !GetAtt HandlerRole.Arn
      «Policies»:
        - DynamoDBCrudPolicy: {TableName: !Ref Table}
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::111122223333:role/flow
      «Policies»: [AWSLambdaRole]
  Maybe:
    Type: AWS::Serverless::Function
    Properties:
      Role: !If [UseSharedRole, !GetAtt SharedRole.Arn, !Ref AWS::NoValue]
      Policies: [AWSLambdaRole]
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Policies: [AWSLambdaRole]
`);
  assert.deepEqual(
    read(text)
      .problems.filter((problem) => problem.ruleId === 'sam-policies-ignored')
      .map((problem) => problem.span),
    spans,
  );
});

test('SAM policy templates expand with the parameters given; managed policy names resolve; unknown names are reported', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AWSLambdaBasicExecutionRole
        - AmazonS3ReadOnlyAcess
        - arn:aws:iam::111122223333:policy/boundary
        - !Ref ExtraPolicyArn
        - S3ReadPolicy:
            BucketName: reports
        - DynamoDBCrudPolicy: {TableName: !Ref Table}
        - SQSPolerPolicy: {QueueName: q}
`;
  const document = read(text);
  assert.deepEqual(
    document.problems.map((p) => `${p.ruleId} ${text.slice(p.span.start, p.span.end)}`),
    ['sam-policy-unknown AmazonS3ReadOnlyAcess', 'sam-policy-unknown SQSPolerPolicy'],
  );
  const [s3, dynamodb] = document.policies;
  assert.equal(s3.name, 'Fn › Policies[4] › S3ReadPolicy');
  assert.deepEqual(
    s3.policy.statements[0].resource?.values.map((v) => v.value),
    ['arn:\${AWS::Partition}:s3:::reports', 'arn:\${AWS::Partition}:s3:::reports/*'],
  );
  assert.deepEqual(
    dynamodb.policy.statements[0].action?.values.slice(0, 2).map((v) => v.value),
    ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
  );
  // The bucket name the user gave is checked where the user wrote it.
  assert.deepEqual(s3.policy.statements[0].resource!.values[0].mapSpan!(27, 34), { start: text.indexOf('reports'), end: text.indexOf('reports') + 7 });
  for (const policy of document.policies) {
    const problems = checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> });
    assert.deepEqual(problems, [], policy.name);
    // Every span of an expanded template is its name in the user's template.
    assert.equal(text.slice(policy.policy.statements[0].span.start, policy.policy.statements[0].span.end), policy.name.split(' › ').pop());
  }
});

test("SAM policy templates: what they grant is reported on their name, how SAM words them is not the user's to fix", () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SQSPollerPolicy: {QueueName: orders}
        - CodeCommitReadPolicy: {RepositoryName: app}
        - TextractPolicy: {}
        - EC2CopyImagePolicy: {ImageId: ami-0123456789abcdef0}
`;
  assert.deepEqual(findings(text, 'file:///sam-templates.yaml'), {
    '(template)': [],
    // sqs:DeleteMessageBatch and sqs:ChangeMessageVisibilityBatch (IAM ignores them): not an error of the user's.
    'Fn › Policies[0] › SQSPollerPolicy [identity]': [],
    // codecommit:GetBranch and codecommit:GetCommit listed twice by SAM.
    'Fn › Policies[1] › CodeCommitReadPolicy [identity]': [],
    // What the template grants: every Textract action on every resource.
    'Fn › Policies[2] › TextractPolicy [identity]': ['wildcard-action 9:11 TextractPolicy', 'wildcard-resource 9:11 TextractPolicy'],
    // SAM writes an account into the image ARN, which image ARNs have none of: the template grants nothing, said as
    // information, once (the action and the ARN fit but for the account, so the mismatch is arn-account's to say).
    'Fn › Policies[3] › EC2CopyImagePolicy [identity]': ['arn-account 10:11 EC2CopyImagePolicy'],
  });
  const severities = read(text, 'file:///sam-templates-severity.yaml').policies[3].severities!;
  assert.equal(severities['arn-account'], 'information');
  assert.equal(severities['action-unknown'], 'off');
});

// From a real SAM app: SQSSendMessagePolicy writes `sqs:SendMessage*`, one action, which is SAM's wording to choose.
test("a SAM policy template's narrow wildcard draws no advice to write the full name; what a template grants still does", () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SQSSendMessagePolicy: {QueueName: orders}
        - TextractPolicy: {}
  Writer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Allow, Action: 'sqs:SendMessage*', Resource: '*'}]
`;
  const analysis = analyzeDocument({ text, uri: 'file:///app/template.yaml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.ruleId === 'wildcard-action').map((problem) => [problem.severity, text.slice(problem.span.start, problem.span.end)]),
    [
      ['warning', 'TextractPolicy'],
      // The user's own pattern keeps the advice.
      ['information', "'sqs:SendMessage*'"],
    ],
  );
  // A user who demotes the rule still sees what the template grants, at the severity chosen, and not SAM's wording.
  const demoted = { ...defaultConfiguration, rules: { 'wildcard-action': 'hint' as const } };
  assert.deepEqual(
    analyzeDocument({ text, uri: 'file:///app/template.yaml' }, { config: demoted })
      .problems.filter((problem) => problem.ruleId === 'wildcard-action')
      .map((problem) => [problem.severity, text.slice(problem.span.start, problem.span.end)]),
    [
      ['hint', 'TextractPolicy'],
      ['hint', "'sqs:SendMessage*'"],
    ],
  );
  const off = { ...defaultConfiguration, rules: { 'wildcard-action': 'off' as const } };
  assert.deepEqual(
    analyzeDocument({ text, uri: 'file:///app/template.yaml' }, { config: off }).problems.filter((problem) => problem.ruleId === 'wildcard-action'),
    [],
  );
});
test('resource policies of endpoints, repositories, tables, log groups and event buses are read, each as its service reads it', () => {
  const text = `Resources:
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-1
      ServiceName: !Sub com.amazonaws.\${AWS::Region}.s3
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: ['s3:GetObject', 's3:PutObjct']
            Resource: ['arn:aws:s3:::my-bucket/*']
  Repository:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Version: '2012-10-17'
        Statement:
          - Sid: AllowPull
            Effect: Allow
            Principal: {AWS: arn:aws:iam::123456789012:user/Bob}
            Action: [ecr:GetDownloadUrlForLayer, ecr:BatchGetImage]
  Fs:
    Type: AWS::EFS::FileSystem
    Properties:
      FileSystemPolicy:
        Statement:
          - {Effect: Deny, Principal: {AWS: '*'}, Action: '*', Condition: {Bool: {aws:SecureTransport: 'false'}}}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      ResourcePolicy:
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/reader'}
              Action: dynamodb:GetItme
              Resource: '*'
  LogsPolicy:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: route53
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"}, "Action": "logs:PutLogEvent", "Resource": "*"}]}'
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::123456789012:root}
            Action: events:PutEvent
            Resource: '*'
`;
  assert.deepEqual(findings(text, 'file:///resource-policies.yaml'), {
    '(template)': [],
    // An endpoint policy with Principal "*" opens nothing: it filters what passes through the endpoint.
    'Endpoint › PolicyDocument [resource]': ['action-unknown 12:42 PutObjct'],
    // A repository policy is the repository's own and names no Resource.
    'Repository › RepositoryPolicyText [resource]': [],
    // So does an EFS file system policy; without a Version it is information, as in any template.
    'Fs › FileSystemPolicy [resource]': ['version-missing 28:9 S'],
    'Table › ResourcePolicy › PolicyDocument [resource]': ['action-unknown 39:32 GetItme'],
    'LogsPolicy › PolicyDocument [resource]': ['resource-confused-deputy 45:109 "route53.amazonaws.com"', 'action-unknown 45:151 PutLogEvent'],
    'Bus › Policy [resource]': ['action-unknown 55:28 PutEvent'],
  });
});

test('a policy under Fn::If with AWS::NoValue in one branch is read once', () => {
  const document = read(`Resources:
  R:
    Type: AWS::S3::BucketPolicy
    Properties:
      PolicyDocument: !If
        - IsProd
        - Version: "2012-10-17"
          Statement: [{Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {aws:SecureTransport: false}}}]
        - !Ref AWS::NoValue
`);
  assert.deepEqual(
    document.policies.map((p) => p.name),
    ['R › PolicyDocument'],
  );
});

// checkov's IAMStarActionPolicyDocument sample: the whole Policies list under Fn::If went unread.
test("a role's Policies list written under Fn::If: each branch's policies are read, named by their branch", () => {
  const document = read(`Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies: !If
        - IsProd
        - - PolicyName: prod
            PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}
        - - PolicyName: dev
            PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
`);
  assert.deepEqual(
    document.policies.map((p) => [p.name, p.policyType]),
    [
      ['R › AssumeRolePolicyDocument', 'trust'],
      ['R › Policies[0] › PolicyDocument', 'identity'],
      ['R › Policies (second branch of Fn::If)[0] › PolicyDocument', 'identity'],
    ],
  );
});

test('an IAM policy variable written bare under Fn::Sub is a template error, with a fix that escapes it', () => {
  const text = `Resources:
  Bucket: {Type: AWS::S3::Bucket}
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource:
              - !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/home/\${aws:username}/*'
              - !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/shared/\${!aws:username}/*'
              - 'arn:aws:s3:::reports/\${aws:username}/*'
            Condition:
              StringEquals: {aws:PrincipalTag/team: !Sub '\${aws:PrincipalTag/team}', s3:prefix: !Sub '\${Bucket.Arn}'}
`;
  const problems = read(text).problems;
  assert.deepEqual(
    problems.map((p) => `${p.ruleId} ${text.slice(p.span.start, p.span.end)} ${p.severity}`),
    ['cfn-sub-policy-variable ${aws:username} error', 'cfn-sub-policy-variable ${aws:PrincipalTag/team} error'],
  );
  const [edit] = problems[0].fixes![0].edits;
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('/home/${aws:username}', '/home/${!aws:username}'));
});

test('a Ref, Fn::GetAtt or Fn::Sub name a whole template does not have is an error at the name, with the closest names as fixes', () => {
  const template = (header: string) => `${header}
Parameters:
  Stage: {Type: String}
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Queue: {Type: AWS::SQS::Queue}
  P:
    Type: AWS::IAM::Policy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, sqs:SendMessage]
            Resource:
              - !Sub 'arn:\${AWS::Partition}:s3:::\${«Bukcet»}/\${Stage}/*'
              - !GetAtt «Queu».Arn
              - Fn::GetAtt: [«Bucket2», Arn]
              - !Ref «Stag»
              - !Sub 'arn:aws:s3:::\${Bucket}-\${«AWS::AccountID»}/\${!Literal}/\${aws:username}'
              - !Sub ['arn:aws:s3:::\${Name}/*', {Name: !Ref Bucket}]
              - !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:\${Queue.QueueName}'
              - !Ref Bucket
`;
  const { text, spans } = marked(template('AWSTemplateFormatVersion: "2010-09-09"'));
  const problems = read(text).problems.filter((p) => p.ruleId === 'cfn-reference-unknown');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(
    problems[0].message,
    'Fn::Sub names "Bukcet", which is no parameter, resource or pseudo parameter of this template, so CloudFormation rejects it ("Unresolved resource dependencies [Bukcet]"). Did you mean "Bucket"?',
  );
  assert.equal(problems[1].message, 'Fn::GetAtt names "Queu", which is no resource of this template, so CloudFormation rejects it ("Unresolved resource dependencies [Queu]"). Did you mean "Queue"?');
  const fixed = (problem: (typeof problems)[number]) => {
    const [edit] = problem.fixes![0].edits;
    return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  };
  assert.equal(fixed(problems[0]), text.replace('${Bukcet}', '${Bucket}'));
  assert.equal(fixed(problems[3]), text.replace('!Ref Stag\n', '!Ref Stage\n'));
  assert.equal(fixed(problems[4]), text.replace('${AWS::AccountID}', '${AWS::AccountId}'));
  // `${aws:username}` under Fn::Sub is cfn-sub-policy-variable's, not also this rule's.
  assert.equal(read(text).problems.filter((p) => p.ruleId === 'cfn-sub-policy-variable').length, 1);
  // A fragment (no AWSTemplateFormatVersion) or a template a transform completes may use names written elsewhere.
  const unmarked = (header: string) => template(header).replace(/[«»]/g, '');
  assert.deepEqual(
    read(unmarked('')).problems.filter((p) => p.ruleId === 'cfn-reference-unknown'),
    [],
  );
  assert.deepEqual(
    read(unmarked('AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31')).problems.filter((p) => p.ruleId === 'cfn-reference-unknown'),
    [],
  );
});

test('a name the template does not have is reported once, whichever builds of the policy meet it', () => {
  // The Fn::If outside a list builds the policy once for each branch; both builds read the !Sub.
  const text = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: !If [IsProd, Allow, Deny]
            Action: s3:GetObject
            Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bukcet}/*'
`;
  const document = read(text);
  assert.equal(document.policies.length, 2);
  assert.deepEqual(
    document.problems.filter((p) => p.ruleId === 'cfn-reference-unknown').map((p) => text.slice(p.span.start, p.span.end)),
    ['Bukcet'],
  );
});

test('an Fn::If in a policy of a whole template that names no condition of it is an error at the name, with the closest names as fixes', () => {
  const { text, spans } = marked(`AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, !If [«IsProdd», s3:PutObject, !Ref AWS::NoValue]]
            Resource: !If [IsProd, "arn:aws:s3:::prod/*", !If [«Missing», "arn:aws:s3:::dev/*", "*"]]
`);
  const problems = read(text).problems.filter((p) => p.ruleId === 'cfn-reference-unknown');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(
    problems[0].message,
    'Fn::If names the condition "IsProdd", which is not in this template\'s Conditions, so CloudFormation rejects it ("Unresolved condition dependency IsProdd in Fn::If"). Did you mean "IsProd"?',
  );
  const [edit] = problems[0].fixes![0].edits;
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), text.replace('[IsProdd,', '[IsProd,'));
  // Nothing is close to "Missing": no fix.
  assert.equal(problems[1].fixes, undefined);
});

test('a whole policy known only at deploy time is skipped; !ToJsonString of a policy object is read', () => {
  const text = `Transform: AWS::LanguageExtensions
Resources:
  A:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Ref PolicyJson
  B:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !ImportValue shared-policy
  C:
    Type: AWS::SQS::QueuePolicy
    Properties:
      PolicyDocument: !ToJsonString
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: sqs:SendMesage, Resource: "*"}]
`;
  const document = read(text);
  assert.deepEqual(
    document.policies.map((p) => p.name),
    ['C › PolicyDocument'],
  );
  const problems = checkPolicy(document.policies[0].policy, { policyType: 'resource' }).map((p) => `${p.ruleId} ${text.slice(p.span.start, p.span.end)}`);
  assert.ok(problems.includes('action-unknown SendMesage'), problems.join());
});

test('templates with Windows line endings give the same findings at the same lines and columns', () => {
  for (const name of ['sam-app.yaml', 'bucket-and-key.yaml', 'organization-scp.yaml', 'sub-json-policy.yaml', 'github-oidc-role.yaml']) {
    const text = readFileSync(join(fixtures, name), 'utf8');
    const crlf = text.replace(/\n/g, '\r\n');
    const strip = (found: Record<string, string[]>) => JSON.stringify(found).replace(/\\r/g, '');
    assert.equal(strip(findings(crlf, `file:///work/${name}`)), strip(findings(text, `file:///work/${name}`)), name);
  }
});

test("under a macro Transform, a policy value written as the macro's input is not read; one written as a policy is", () => {
  const template = (transform: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: ${transform}
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        DefaultKeyPolicy:
          Administrator: Alice
  Bucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::111122223333:root}
            Action: s3:GetObjct
            Resource: arn:aws:s3:::b/*
`;
  assert.deepEqual(
    read(template('[PolicyGenerator]')).policies.map((policy) => policy.name),
    ['Bucket › PolicyDocument'],
  );
  // SAM and AWS::LanguageExtensions leave the written value as it is: it is a policy, wrong as it may be.
  assert.deepEqual(
    read(template('AWS::LanguageExtensions')).policies.map((policy) => policy.name),
    ['Key › KeyPolicy', 'Bucket › PolicyDocument'],
  );
});

test("the policy CDK writes for a construct's grants says action-resource-mismatch as information; a written policy as a warning", () => {
  // CDK's table.grantReadData(fn): the stream actions come with the table's ARN.
  const template = (path: string) => `{
  "Resources": {
    "Table": {"Type": "AWS::DynamoDB::Table"},
    "FnServiceRoleDefaultPolicy": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "FnServiceRoleDefaultPolicy",
        "Roles": ["fn-role"],
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:GetRecords"],
            "Resource": [{"Fn::GetAtt": ["Table", "Arn"]}]
          }]
        }
      },
      "Metadata": {"aws:cdk:path": "${path}"}
    }
  }
}`;
  const severities = (text: string) => {
    const [policy] = read(text, 'file:///cdk.out/Stack.template.json').policies;
    return checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> })
      .filter((problem) => problem.ruleId === 'action-resource-mismatch')
      .map((problem) => `${text.slice(problem.span.start, problem.span.end)} ${problem.severity}`);
  };
  assert.deepEqual(severities(template('Stack/Fn/ServiceRole/DefaultPolicy/Resource')), ['dynamodb:GetRecords information']);
  assert.deepEqual(severities(template('Stack/ReaderPolicy/Resource')), ['dynamodb:GetRecords warning']);
});

test('a REST API with Policy "" has no resource policy, as the Serverless Framework writes it; an empty bucket policy is an error', () => {
  const text = JSON.stringify(
    {
      Resources: {
        ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'dev-api', Policy: '' } },
        PrivateApi: {
          Type: 'AWS::ApiGateway::RestApi',
          Properties: { Name: 'private', Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] } },
        },
        LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'logs', PolicyDocument: '' } },
      },
    },
    null,
    2,
  );
  const analysis = analyzeDocument({ text, uri: 'file:///app/.serverless/cloudformation-template-update-stack.json' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['PrivateApi › Policy', 'LogsPolicy › PolicyDocument'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.message]),
    [['json-syntax', 'The policy is an empty string. Write the policy document here.']],
  );
});

test("an API's resource policy in its OpenAPI definition and in SAM's CustomStatements is read as the API's resource policy", () => {
  // API Gateway reads `x-amazon-apigateway-policy` from a RestApi's Body and a SAM Api's DefinitionBody; SAM adds
  // CustomStatements (of an Api, or of a function's Api event) to that policy as written.
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        x-amazon-apigateway-policy:
          Version: '2012-10-17'
          Statement:
            - {Effect: «allow», Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}
  Private:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: '2.0'
        x-amazon-apigateway-policy:
          Version: '2012-10-17'
          Statement:
            - {Effect: Allow, Principal: '*', Action: execute-api:«Invok», Resource: execute-api:/*, Condition: {StringEquals: {aws:SourceVpce: vpce-0123456789abcdef0}}}
  Open:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ResourcePolicy:
          CustomStatements:
            - {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: «execute-api/*», Condition: {IpAddress: {aws:SourceIp: 203.0.113.0/24}}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Get:
          Type: Api
          Properties:
            Path: /
            Method: get
            Auth:
              ResourcePolicy:
                CustomStatements:
                  Effect: Deny
                  Principal: '*'
                  Action: execute-api:«Invoek»
                  Resource: execute-api:/*
`);
  const document = read(text);
  assert.deepEqual(
    document.policies.map((policy) => [policy.name, policy.policyType]),
    [
      ['Rest › Body › x-amazon-apigateway-policy', 'resource'],
      ['Private › DefinitionBody › x-amazon-apigateway-policy', 'resource'],
      ['Open › Auth › ResourcePolicy › CustomStatements', 'resource'],
      ['Fn › Events › Get › Auth › ResourcePolicy › CustomStatements', 'resource'],
    ],
  );
  const errors = document.policies.flatMap((policy) =>
    checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> }).filter((problem) => problem.severity === 'error'),
  );
  assert.deepEqual(
    errors.map((problem) => [problem.ruleId, problem.span]),
    [
      ['effect-value', spans[0]],
      ['action-unknown', spans[1]],
      ['arn-format', spans[2]],
      ['action-unknown', spans[3]],
    ],
  );
});

test("SAM's Globals.Api CustomStatements are the resource policy of every API, read again whole after each edit", () => {
  const { text, spans } = marked(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      ResourcePolicy:
        CustomStatements:
          - Effect: Allow
            Principal: '*'
            Action: execute-api:«Invok»
            Resource: execute-api:/*/*/*
            Condition:
              IpAddress:
                aws:SourceIp: 203.0.113.0/24
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
`);
  const uri = 'file:///globals/template.yaml';
  const errorsOf = (document: HostDocument) =>
    document.policies.flatMap((policy) =>
      checkPolicy(policy.policy, { policyType: policy.policyType })
        .filter((problem) => problem.severity === 'error')
        .map((problem) => [policy.name, problem.ruleId, problem.span]),
    );
  const expected = [['Globals › Api › Auth › ResourcePolicy › CustomStatements', 'action-unknown', spans[0]]];
  assert.deepEqual(errorsOf(cloudFormationReader.read({ text, uri, languageId: 'yaml' })!), expected);
  // An edit in a resource: the Globals policy is still there (a reading by resource alone would drop it).
  const edited = text.replace('Method: get', 'Method: post');
  assert.deepEqual(errorsOf(cloudFormationReader.read({ text: edited, uri, languageId: 'yaml' })!), expected);
});

test('a YAML error at the end of a truncated file is placed inside the text', () => {
  // Found by the host fuzz test: the parser reports an unclosed flow map one character past the input.
  const text = 'Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Resource:';
  const { errors } = parseYamlTemplate(text);
  assert.ok(errors.length > 0);
  for (const error of errors) assert.ok(error.span.start <= error.span.end && error.span.end <= text.length, JSON.stringify(error));
});

test("SAM CustomStatements beside SAM's allow and block lists are not judged public on their own", () => {
  // SAM writes statements of its own for IpRangeWhitelist and the other lists, which may limit who the custom ones let in.
  const statement = "          CustomStatements: [{Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*/*/*}]\n";
  const template = (lists: string) =>
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: Prod\n      Auth:\n        ResourcePolicy:\n${lists}${statement}`;
  const publicFindings = (text: string) =>
    read(text).policies.flatMap((policy) =>
      checkPolicy(policy.policy, { policyType: policy.policyType, rules: policy.severities as Record<string, RuleSetting> }).filter((problem) => problem.ruleId === 'resource-public'),
    );
  assert.equal(publicFindings(template('')).length, 1);
  assert.equal(publicFindings(template("          IpRangeWhitelist: ['203.0.113.0/24']\n")).length, 0);
});

// From a real template: two lookups of one mapping read alike ("${Fn::FindInMap}") but are two roles.
test('values of unknown text written differently are two values; written alike, a repeat', () => {
  const text = `Mappings:
  Master:
    Roles: {Name: x}
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: iam:PassRole
            Resource:
              - !FindInMap [Master, !Ref Account, ExecutionRole]
              - !FindInMap [Master, !Ref Account, AssumeRole]
              - !ImportValue shared-role-arn
              - !ImportValue   shared-role-arn
`;
  const redundant = analyzeDocument({ text, uri: 'file:///lookups.yaml' }, { config: defaultConfiguration }).problems.filter((problem) => problem.ruleId === 'redundant-resource');
  assert.deepEqual(
    redundant.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['!ImportValue   shared-role-arn'],
  );
});

test('a resource key indented unlike its siblings, after blank lines: the YAML error underlines the key, not the blank line', () => {
  // cfngoat's test.yaml: "   AnalysisLambda:" one column deeper than the resource above it.
  const { text, spans } = marked(
    ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Role:', '    Type: AWS::IAM::Role', '', '', '   «AnalysisLambda»:', '    Type: AWS::Lambda::Function', ''].join('\n'),
  );
  assert.deepEqual(
    read(text).problems.map((p) => [p.ruleId, p.span]),
    [['yaml-syntax', spans[0]]],
  );
});

test('a quoted policy string whose closing line is indented no deeper than its key keeps each finding at its place', () => {
  // Identity Center permission sets written as single-quoted !Sub strings (Identity Center sweep: 7 findings at the opening quote).
  const permissionSet = (name: string, action: string, sourceIps: string) => `  ${name}:
    Type: AWS::SSO::PermissionSet
    Properties:
      InstanceArn: arn:aws:sso:::instance/ssoins-1
      Name: ${name}
      InlinePolicy:  !Sub '{
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["${action}"],
                "Condition": {"NotIpAddress": {"aws:SourceIp": [${sourceIps}]}},
                "Resource": "*"
            }
        ]
    }'
`;
  const { text, spans } = marked(`Resources:
${permissionSet('Ops', 's3:«GetObjekt»', '"${AllowAddress}"')}${permissionSet('Audit', 's3:GetObject', '"${AllowAddress}"«,»')}`);
  const analysis = analyzeDocument({ text, uri: 'file:///permission-sets.yaml' }, { config: defaultConfiguration });
  const found = (rule: string) => analysis.problems.filter((problem) => problem.ruleId === rule).map((problem) => problem.span);
  assert.deepEqual(found('action-unknown'), [spans[0]]);
  assert.deepEqual(found('json-syntax'), [spans[1]]);
});
