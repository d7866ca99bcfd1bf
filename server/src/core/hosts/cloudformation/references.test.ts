import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument, FindingsCache } from '../../analyze';
import type { Problem } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';

// What `Ref` and `Fn::GetAtt` of a template resource are, as the rules that match resources to actions read them
// (resource-types.ts referencedResource, policy/placeholder-arns.ts).

function analyze(text: string, uri: string): Problem[] {
  return analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems;
}

const resourcesYaml = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
  Custom:
    Type: Custom::Thing
  Logs:
    Type: AWS::Logs::LogGroup
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
`;

test('a placeholder of a known kind takes part in matching actions to resources (YAML)', () => {
  const { text, spans } = marked(`${resourcesYaml}              - Effect: Allow
                Action: «sqs:SendMessage»
                Resource: !GetAtt Topic.TopicArn
              - Effect: Allow
                Action: «sqs:SendMessage»
                Resource: !Ref Topic
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !GetAtt Queue.Arn
              - Effect: Allow
                Action: «s3:ListBucket»
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
              - Effect: Allow
                Action: [s3:ListBucket, s3:GetObject]
                Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
              - Effect: Allow
                Action: «s3:GetObject»
                Resource: !Sub 'arn:aws:s3:::\${Bucket}'
              - Effect: Allow
                Action: «s3:GetObject»
                Resource: !GetAtt Bucket.Arn
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: !GetAtt Logs.Arn
              - Effect: Allow
                Action: dynamodb:Query
                Resource: !Sub 'arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${Table}/index/*'
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: [!GetAtt Custom.Arn, !Ref Custom, !ImportValue shared-queue]
`);
  const problems = analyze(text, 'file:///w/template.yaml').filter((p) => p.ruleId === 'action-resource-mismatch');
  assert.deepEqual(
    problems.map((p) => text.slice(p.span.start, p.span.end)),
    spans.map((span) => text.slice(span.start, span.end)),
  );
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.match(problems[0].message, /acts on queue .*none of this statement's resources is one \(!GetAtt Topic\.TopicArn is the ARN of resource type sns:topic\)\./);
  assert.match(problems[2].message, /\(\$\{Bucket\} is the name of resource type s3:bucket\)/);
});

test('resource-unused names what a typed placeholder is', () => {
  const { text, spans } = marked(`${resourcesYaml}              - Effect: Allow
                Action: sqs:SendMessage
                Resource: [!GetAtt Queue.Arn, «!GetAtt Topic.TopicArn»]
`);
  const problems = analyze(text, 'file:///w/template.yaml').filter((p) => p.ruleId === 'resource-unused');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(
    problems[0].message,
    'No action of this statement acts on "${Topic.TopicArn}" (!GetAtt Topic.TopicArn is the ARN of resource type sns:topic), so it has no effect here. Remove it, or add the actions meant for it.',
  );
});

test('a placeholder of a known kind takes part in matching actions to resources (JSON)', () => {
  const { text, spans } = marked(`{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Topic": { "Type": "AWS::SNS::Topic" },
    "Queue": { "Type": "AWS::SQS::Queue" },
    "Role": { "Type": "AWS::IAM::Role" },
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": "«sqs:SendMessage»", "Resource": { "Fn::GetAtt": ["Topic", "TopicArn"] } },
            { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": { "Fn::GetAtt": ["Queue", "Arn"] } },
            { "Effect": "Allow", "Action": "iam:PassRole", "Resource": { "Fn::GetAtt": ["Role", "Arn"] } },
            { "Effect": "Allow", "Action": "«iam:GetUser»", "Resource": { "Fn::GetAtt": "Role.Arn" } },
            { "Effect": "Allow", "Action": "«sns:Publish»", "Resource": { "Fn::Sub": ["\${Q}", { "Q": { "Fn::GetAtt": ["Queue", "Arn"] } }] } }
          ]
        }
      }
    }
  }
}`);
  const problems = analyze(text, 'file:///w/template.json').filter((p) => p.ruleId === 'action-resource-mismatch');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
});

test('a placeholder of unknown kind never makes a mismatch', () => {
  const { text, spans } = marked(`${resourcesYaml}              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !GetAtt Custom.Arn
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Sub 'arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:\${Custom}'
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Custom}'
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Custom.Name}'
              - Effect: Allow
                Action: iam:PassRole
                Resource: !ImportValue shared-role-arn
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: '{{resolve:ssm:/queue/arn}}'
              - Effect: Allow
                Action: «s3:GetObject»
                Resource: !Sub '«arn:\${AWS::Partition}:s3:::\${Bucket}»'
`);
  // Only the last statement, whose bucket name cannot hold the "/" of an object ARN, is reported.
  const problems = analyze(text, 'file:///w/template.yaml').filter((p) => p.ruleId === 'action-resource-mismatch' || p.ruleId === 'resource-unused');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.deepEqual(
    problems.map((p) => p.ruleId),
    ['action-resource-mismatch', 'resource-unused'],
  );
});

test('findings kept between edits follow the type of the resource a placeholder names', () => {
  const findings = new FindingsCache();
  const template = (type: string) => `Resources:
  Target:
    Type: ${type}
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !GetAtt Target.Arn
`;
  const mismatches = (text: string) =>
    analyzeDocument({ text, uri: 'file:///w/edited.yaml', languageId: 'yaml' }, { config: defaultConfiguration, findings }).problems.filter((p) => p.ruleId === 'action-resource-mismatch').length;
  assert.equal(mismatches(template('AWS::SQS::Queue')), 0);
  assert.equal(mismatches(template('AWS::Kinesis::Stream')), 1);
  assert.equal(mismatches(template('AWS::SQS::Queue')), 0);
});

test('a condition value known at deploy pins the caller as a literal would; under a Like operator a parameter may hold wildcards', () => {
  const template = (operator: string, value: string) => `Parameters:
  OrgId:
    Type: String
Resources:
  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: org
      Statement:
        Effect: Allow
        Principal: "*"
        Action: events:PutEvents
        Resource: !Sub arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default
        Condition:
          ${operator}:
            aws:PrincipalOrgID: ${value}
`;
  const publicFindings = (text: string) => analyze(text, 'file:///w/template.yaml').filter((p) => p.ruleId === 'resource-public').length;
  assert.equal(publicFindings(template('StringEquals', '!Ref OrgId')), 0);
  assert.equal(publicFindings(template('StringEquals', 'o-a1b2c3d4e5')), 0);
  assert.equal(publicFindings(template('StringLike', '!Ref OrgId')), 1);
  // An IAM policy variable is the caller's own value: it pins nothing.
  assert.equal(publicFindings(template('StringEquals', "'${aws:PrincipalTag/org}'")), 1);
});

test("a resource's name where an ARN goes is an error, in YAML and JSON; a placeholder of unknown kind is not", () => {
  const yaml = marked(`${resourcesYaml}              - Effect: Allow
                Action: s3:GetObject
                Resource:
                  - «!Ref Bucket»
                  - !Sub '«\${Bucket}/*»'
                  - !GetAtt Bucket.Arn
                  - !Ref Custom
                  - !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
              - Effect: Allow
                Action: sts:AssumeRole
                NotResource: «!Ref Role»
`);
  const yamlFindings = analyze(yaml.text, 'file:///w/template.yaml').filter((p) => p.ruleId === 'arn-format');
  assert.deepEqual(
    yamlFindings.map((p) => p.span),
    yaml.spans,
  );
  assert.equal(yamlFindings[0].message, "Resource !Ref Bucket is the bucket's name (what Ref of an AWS::S3::Bucket gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt Bucket.Arn.");
  assert.equal(yamlFindings[0].severity, 'error');
  const json = marked(`{
  "Resources": {
    "Table": { "Type": "AWS::DynamoDB::Table" },
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": [«{ "Ref": "Table" }», { "Fn::GetAtt": ["Table", "Arn"] }] }]
        }
      }
    }
  }
}`);
  assert.deepEqual(
    analyze(json.text, 'file:///w/template.json')
      .filter((p) => p.ruleId === 'arn-format')
      .map((p) => p.span),
    json.spans,
  );
});

// aws-samples/sessions-with-aws-sam writes one bucket's objects and another's with the same `${Arn}/*` template.
test('two Fn::Sub values written alike but bound to different resources are two resources, not a repeat', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Raw:
    Type: AWS::S3::Bucket
  Processed:
    Type: AWS::S3::Bucket
  Writer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          Effect: Allow
          Action: s3:PutObject
          Resource:
            - !Sub
              - \${Arn}/*
              - { Arn: !GetAtt Raw.Arn }
            - !Sub
              - \${Arn}/*
              - { Arn: !GetAtt Processed.Arn }
            - !Sub
              - \${Arn}/*
              - { Arn: !GetAtt Raw.Arn }
`;
  const repeats = analyze(text, 'file:///t/template.yaml').filter((problem) => problem.ruleId === 'redundant-resource');
  // Only the third, bound as the first is, repeats it; the finding covers that whole Sub.
  assert.deepEqual(
    repeats.map((problem) => text.slice(problem.span.start, problem.span.end)),
    ['!Sub\n              - ${Arn}/*\n              - { Arn: !GetAtt Raw.Arn }'],
  );
  assert.equal(repeats[0].span.start, text.lastIndexOf('!Sub'));
});
