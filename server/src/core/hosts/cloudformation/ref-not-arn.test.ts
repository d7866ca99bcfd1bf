import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from '../../../../../test/helpers/checks';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import type { Problem } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';

// `Ref` of a resource whose Ref is no ARN, where an ARN goes (arn-format checkResourceNames): what Ref of each type
// returns is in resource-types.ts, with the CloudFormation pages it comes from.

function arnFormat(text: string, uri = 'file:///w/template.yaml'): Problem[] {
  return analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems.filter((p) => p.ruleId === 'arn-format');
}

const resources = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  MyQueue:
    Type: AWS::SQS::Queue
  MyRole:
    Type: AWS::IAM::Role
  MyFunction:
    Type: AWS::Lambda::Function
  MyTable:
    Type: AWS::DynamoDB::Table
  MyKey:
    Type: AWS::KMS::Key
  MyStream:
    Type: AWS::Kinesis::Stream
  MyTopic:
    Type: AWS::SNS::Topic
  MyPolicy:
    Type: AWS::IAM::ManagedPolicy
  MySimpleTable:
    Type: AWS::Serverless::SimpleTable
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
`;

test('Ref of a queue, role, function, table, key and stream in Resource is reported with its kind and the !GetAtt to use; topics and managed policies stay silent', () => {
  const yaml = marked(`${resources}          - Effect: Allow
            Action: ['sqs:SendMessage', 'iam:PassRole', 'lambda:InvokeFunction', 'dynamodb:GetItem', 'kms:Decrypt', 'kinesis:PutRecord', 'sns:Publish', 'iam:GetPolicy']
            Resource:
              - «!Ref MyQueue»
              - «!Ref MyRole»
              - «!Ref MyFunction»
              - «!Ref MyTable»
              - «!Ref MyKey»
              - «!Ref MyStream»
              - !Ref MyTopic
              - !Ref MyPolicy
              - !GetAtt MyQueue.Arn
`);
  const findings = arnFormat(yaml.text);
  assert.deepEqual(
    findings.map((p) => p.span),
    yaml.spans,
  );
  assert.deepEqual(
    findings.map((p) => p.message),
    [
      "Resource !Ref MyQueue is the queue's URL (what Ref of an AWS::SQS::Queue gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyQueue.Arn.",
      "Resource !Ref MyRole is the role's name (what Ref of an AWS::IAM::Role gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyRole.Arn.",
      "Resource !Ref MyFunction is the function's name (what Ref of an AWS::Lambda::Function gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyFunction.Arn.",
      "Resource !Ref MyTable is the table's name (what Ref of an AWS::DynamoDB::Table gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyTable.Arn.",
      "Resource !Ref MyKey is the key's ID (what Ref of an AWS::KMS::Key gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyKey.Arn.",
      "Resource !Ref MyStream is the stream's name (what Ref of an AWS::Kinesis::Stream gives), not an ARN, so IAM rejects the policy. Use its ARN: !GetAtt MyStream.Arn.",
    ],
  );
  assert.ok(findings.every((p) => p.severity === 'error'));
  // The fix writes the short form where the short form is written.
  assert.equal(applyFix(yaml.text, findings[0]), yaml.text.replace('- !Ref MyQueue\n', '- !GetAtt MyQueue.Arn\n'));
  assert.equal(findings[0].fixes?.[0].title, 'Change to !GetAtt MyQueue.Arn');
});

test("the fix writes the ARN in the template's style: YAML long form, block or flow, JSON, and ${X} in Fn::Sub", () => {
  const block = marked(`${resources}          - Effect: Allow
            Action: sqs:SendMessage
            Resource:
              «Ref: MyQueue»
`);
  const [blockFinding] = arnFormat(block.text);
  assert.deepEqual(blockFinding.span, block.spans[0]);
  assert.equal(applyFix(block.text, blockFinding), block.text.replace('Ref: MyQueue', 'Fn::GetAtt: [MyQueue, Arn]'));

  const flow = marked(`${resources}          - Effect: Allow
            Action: sqs:SendMessage
            Resource: [«{ Ref: MyQueue }», «{"Ref": "MyRole"}»]
`);
  const flowFindings = arnFormat(flow.text);
  assert.deepEqual(
    flowFindings.map((p) => p.span),
    flow.spans,
  );
  assert.equal(applyFix(flow.text, flowFindings[0]), flow.text.replace('{ Ref: MyQueue }', '{ Fn::GetAtt: [MyQueue, Arn] }'));
  assert.equal(applyFix(flow.text, flowFindings[1]), flow.text.replace('{"Ref": "MyRole"}', '{"Fn::GetAtt": ["MyRole", "Arn"]}'));

  const sub = marked(`${resources}          - Effect: Allow
            Action: dynamodb:Query
            Resource: !Sub '«\${MyTable}/index/*»'
`);
  const [subFinding] = arnFormat(sub.text);
  assert.deepEqual(subFinding.span, sub.spans[0]);
  assert.equal(applyFix(sub.text, subFinding), sub.text.replace("!Sub '${MyTable}/index/*'", "!Sub '${MyTable.Arn}/index/*'"));

  const json = marked(`{
  "Resources": {
    "Queue": { "Type": "AWS::SQS::Queue" },
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [«{ "Ref": "Queue" }», { "Fn::Sub": "«\${Queue}»" }] }]
        }
      }
    }
  }
}`);
  const jsonFindings = arnFormat(json.text, 'file:///w/template.json');
  assert.deepEqual(
    jsonFindings.map((p) => p.span),
    json.spans,
  );
  assert.equal(applyFix(json.text, jsonFindings[0]), json.text.replace('{ "Ref": "Queue" }', '{ "Fn::GetAtt": ["Queue", "Arn"] }'));
  assert.equal(applyFix(json.text, jsonFindings[1]), json.text.replace('"${Queue}"', '"${Queue.Arn}"'));
});

test('an ARN condition key given a Ref that is no ARN never matches; a String key and a type without an ARN attribute get no fix', () => {
  const yaml = marked(`${resources}          - Effect: Allow
            Action: sqs:SendMessage
            Resource: '*'
            Condition:
              ArnEquals:
                aws:SourceArn: «!Ref MyQueue»
              StringEquals:
                aws:SourceAccount: !Ref MyQueue
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource: «!Ref MySimpleTable»
`);
  const findings = arnFormat(yaml.text);
  assert.deepEqual(
    findings.map((p) => p.span),
    yaml.spans,
  );
  assert.equal(
    findings[0].message,
    "Condition value !Ref MyQueue is the queue's URL (what Ref of an AWS::SQS::Queue gives), not an ARN, so aws:SourceArn under ArnEquals never matches it. Use its ARN: !GetAtt MyQueue.Arn.",
  );
  assert.equal(applyFix(yaml.text, findings[0]), yaml.text.replace('aws:SourceArn: !Ref MyQueue', 'aws:SourceArn: !GetAtt MyQueue.Arn'));
  // SAM documents no attributes for AWS::Serverless::SimpleTable: the message says how, and no fix is offered.
  assert.equal(
    findings[1].message,
    "Resource !Ref MySimpleTable is the table's name (what Ref of an AWS::Serverless::SimpleTable gives), not an ARN, so IAM rejects the policy. Use the table's ARN, built with !Sub.",
  );
  assert.equal(findings[1].fixes, undefined);
});
