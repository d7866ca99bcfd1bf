import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import { defaultConfiguration } from '../../config/configuration';
import { loopInstances, loopReference, withLoopValues } from './loop-instances';
import { parseYamlTemplate, valueOf } from './nodes';

// Fn::ForEach of the AWS::LanguageExtensions transform: the resources a loop makes hold policies too.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html

const analyze = (text: string) => analyzeDocument({ text, uri: 'file:///w/template.yaml' }, { config: defaultConfiguration });

test('the policies of the resources a Fn::ForEach loop makes are read and checked where they are written', () => {
  const { text, spans } = marked(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Topics:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::Queues:
    - QueueName
    - !Ref Topics
    - Queue\${QueueName}:
        Type: AWS::SQS::Queue
      Policy\${QueueName}:
        Type: AWS::SQS::QueuePolicy
        Properties:
          Queues: [!Ref {Fn::Sub: 'Queue\${QueueName}'}]
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Principal: {Service: sns.amazonaws.com}
                Action: sqs:«SendMesage»
                Resource: !GetAtt [!Sub 'Queue\${QueueName}', Arn]
                Condition:
                  ArnEquals:
                    aws:SourceArn: !Sub 'arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:\${QueueName}'
  Bucket:
    Type: AWS::S3::Bucket
`);
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['Policy${QueueName} › PolicyDocument', 'resource']],
  );
  const unknown = analysis.problems.filter((problem) => problem.ruleId === 'action-unknown');
  assert.deepEqual(
    unknown.map((problem) => problem.span),
    spans,
  );
  // The loop's identifier is a value known at deploy, not a reference the template lacks.
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error' && problem.ruleId !== 'action-unknown'),
    [],
  );
});

test("a Fn::ForEach loop nested alone in another loop's outputs is read too", () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Teams:
    - Team
    - [red, blue]
    - Fn::ForEach::Envs:
        - Env
        - [dev, prod]
        - Role\${Team}\${Env}:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: {Service: lambda.amazonaws.com}
                    Action: sts:AssumeRole
  Bucket:
    Type: AWS::S3::Bucket
`;
  assert.deepEqual(
    analyze(text).policies.map((policy) => [policy.name, policy.policyType]),
    [['Role${Team}${Env} › AssumeRolePolicyDocument', 'trust']],
  );
});

test('a template that names only the AWS::LanguageExtensions transform and makes every resource in a loop is a template', () => {
  const text = `Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Buckets:
    - Name
    - [logs, data]
    - Bucket\${Name}Policy:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Sub 'app-\${Name}'
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Deny
                Principal: '*'
                Action: s3:*
                Resource: !Sub 'arn:aws:s3:::app-\${Name}/*'
                Condition: {Bool: {aws:SecureTransport: 'false'}}
`;
  const analysis = analyze(text);
  assert.equal(analysis.kind, 'cloudformation');
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['Bucket${Name}Policy › PolicyDocument'],
  );
});

// What the account model builds from loops (loop-instances.ts): each instance's logical id and values.
test('a loop makes one logical id per value; &{…} drops what a logical id cannot hold, ${…} keeps it', () => {
  const parsed = parseYamlTemplate(`Resources:
  Fn::ForEach::Subnets:
    - Cidr
    - ['10.0.2.0/24', '10.0.3.0/24']
    - Subnet&{Cidr}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Ref Cidr
  Fn::ForEach::Unknown:
    - Name
    - !Ref Names
    - Bucket\${Name}:
        Type: AWS::S3::Bucket
  Plain:
    Type: AWS::S3::Bucket
`);
  const resources = valueOf(parsed.root, 'Resources');
  assert.ok(resources?.kind === 'map');
  const { instances, unexpanded } = loopInstances(resources.entries);
  assert.deepEqual(
    instances.map(({ id, values }) => [id, Object.fromEntries(values)]),
    [
      ['Subnet1002024', { Cidr: '10.0.2.0/24' }],
      ['Subnet1003024', { Cidr: '10.0.3.0/24' }],
    ],
  );
  assert.deepEqual(unexpanded, [{ loop: 'Fn::ForEach::Unknown', reason: 'its collection, the parameter Names, is known only at deploy' }]);
  const values = new Map([['Cidr', '10.0.2.0/24']]);
  assert.equal(withLoopValues('cidr ${Cidr}, not &{Cidr}', values), 'cidr 10.0.2.0/24, not &{Cidr}');
  assert.equal(withLoopValues('${aws:username}/${Cidr}', values), '${aws:username}/10.0.2.0/24');
});

test('a loop names its resources in Ref and GetAtt with the transform’s intrinsics', () => {
  const parsed = parseYamlTemplate(`A: !Ref {Fn::Sub: 'Queue\${Name}'}
B: {Fn::GetAtt: [{Fn::Sub: 'Bucket\${Name}'}, {Ref: Property}]}
C: !GetAtt Bucket.Arn
D: !Ref {Fn::Sub: 'Queue\${Other}'}
`);
  const values = new Map([
    ['Name', 'Logs'],
    ['Property', 'Arn'],
  ]);
  const at = (key: string) => loopReference(valueOf(parsed.root, key)!, values);
  assert.deepEqual(at('A'), { name: 'QueueLogs' });
  assert.deepEqual(at('B'), { name: 'BucketLogs', attribute: 'Arn' });
  assert.equal(at('C'), undefined);
  assert.equal(at('D'), undefined);
});
