import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import type { Problem } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';

// Template parameters: one whose declaration lists AllowedValues is checked with each value, as both branches of
// Fn::If are; one with only a Default stays a placeholder (the deployer may give another value); an SSM parameter
// type is opaque; an AllowedPattern of account IDs makes the parameter an account ID.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html

function analyze(text: string, uri = 'file:///w/template.yaml'): Problem[] {
  return analyzeDocument({ text, uri }, { config: defaultConfiguration }).problems;
}

const role = (parameters: string, statements: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
${parameters}
Resources:
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
${statements}`;

test('a parameter with AllowedValues is checked with each value: a finding once, at the reference, naming the value', () => {
  const { text, spans } = marked(
    role(
      `  ActionParam:
    Type: String
    AllowedValues: [s3:GetObject, s3:GetObjectt, s3:PutObject]
  ServiceParam:
    Type: String
    AllowedValues: [s3, s4]
  Free:
    Type: String
    Default: s3:GetObjectt`,
      `              - Effect: Allow
                Action: [«!Ref ActionParam», !Ref Free]
                Resource: !Sub 'arn:\${AWS::Partition}:«\${ServiceParam}»:::bucket/*'
`,
    ),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'action-unknown' || p.ruleId === 'arn-service');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.equal(problems[0].message, '"GetObjectt" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"? (when ActionParam is "s3:GetObjectt")');
  assert.match(problems[1].message, /^"s4" is not the namespace of an AWS service\..* \(when ServiceParam is "s4"\)$/);
  // The fix would edit the reference, but the value is written in the parameter's declaration.
  assert.equal(problems[0].fixes, undefined);
});

test('a finding several allowed values give is reported once, naming them all', () => {
  const { text, spans } = marked(
    role(
      `  Objects:
    Type: String
    AllowedValues: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::c']`,
      `              - Effect: Allow
                Action: «s3:ListBucket»
                Resource: !Ref Objects
`,
    ),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'action-resource-mismatch');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.match(problems[0].message, / \(when Objects is "arn:aws:s3:::a\/\*" or "arn:aws:s3:::b\/\*"\)$/);
});

test('parameters in a JSON template: Ref and Fn::Sub take each allowed value', () => {
  const { text, spans } = marked(`{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "ActionParam": { "Type": "String", "AllowedValues": ["sqs:SendMessage", "sqs:SendMesage"] },
    "Stage": { "Type": "String", "AllowedValues": ["dev", "prod"] }
  },
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": «{ "Ref": "ActionParam" }»,
              "Resource": { "Fn::Sub": "arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:\${Stage}-queue" }
            }
          ]
        }
      }
    }
  }
}`);
  const problems = analyze(text, 'file:///w/template.json');
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    [['action-unknown', spans[0]]],
  );
  assert.match(problems[0].message, /\(when ActionParam is "sqs:SendMesage"\)$/);
});

test('a parameter with only a Default, an SSM parameter type and a list type stay placeholders', () => {
  const text = role(
    `  WithDefault:
    Type: String
    Default: s3:GetObjectt
  FromSsm:
    Type: AWS::SSM::Parameter::Value<String>
    AllowedValues: [/app/action]
  Many:
    Type: CommaDelimitedList
    AllowedValues: [s3:GetObjectt]`,
    `              - Effect: Allow
                Action: [!Ref WithDefault, !Ref FromSsm, !Select [0, !Ref Many]]
                Resource: '*'
`,
  );
  assert.deepEqual(
    analyze(text).filter((p) => p.severity === 'error' || p.severity === 'warning'),
    [],
  );
  const analysis = analyzeDocument({ text, uri: 'file:///w/template.yaml' }, { config: defaultConfiguration });
  assert.equal(analysis.policies.filter((policy) => policy.variantWhen).length, 0);
});

test('an AllowedPattern of account IDs makes the parameter an account ID, which stays in its ARN field', () => {
  const template = (pattern: string) =>
    marked(
      role(
        `  Account:
    Type: String${pattern}`,
        `              - Effect: Allow
                Action: «iam:PassRole»
                Resource: !Sub 'arn:aws:iam::\${Account}:user/deployer'
`,
      ),
    );
  const mismatches = (text: string) => analyze(text).filter((p) => p.ruleId === 'action-resource-mismatch');
  const typed = template(`\n    AllowedPattern: '^[0-9]{12}$'`);
  assert.deepEqual(
    mismatches(typed.text).map((p) => p.span),
    typed.spans,
  );
  // Without the pattern, or with one that admits more than account IDs or is no regular expression, the parameter is
  // still written as the whole account field: it is that field's one value, and "user/deployer" stays the resource.
  for (const pattern of ['', `\n    AllowedPattern: '[0-9a-z:/]+'`, `\n    AllowedPattern: '([0-9]{12}'`]) {
    const untyped = template(pattern);
    assert.deepEqual(
      mismatches(untyped.text).map((p) => p.span),
      untyped.spans,
      pattern,
    );
  }
});

test('the builds for parameter values are builds of one policy, named by the value', () => {
  const text = role(
    `  ActionParam:
    Type: String
    AllowedValues: [s3:GetObject, s3:PutObject]`,
    `              - Effect: Allow
                Action: !Ref ActionParam
                Resource: '*'
`,
  );
  const analysis = analyzeDocument({ text, uri: 'file:///w/template.yaml' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.variantOf]),
    [
      ['Role › AssumeRolePolicyDocument', undefined],
      ['Role › Policies[0] › PolicyDocument', undefined],
      ['Role › Policies[0] › PolicyDocument (when ActionParam is "s3:GetObject")', 'Role › Policies[0] › PolicyDocument'],
      ['Role › Policies[0] › PolicyDocument (when ActionParam is "s3:PutObject")', 'Role › Policies[0] › PolicyDocument'],
    ],
  );
});

test('a parameter of plain words only in the resource id of ARNs needs no builds; anywhere else it gets them', () => {
  const builds = (resource: string, values = '[dev, prod]') =>
    analyzeDocument(
      {
        text: role(
          `  Stage:
    Type: String
    AllowedValues: ${values}`,
          `              - Effect: Allow
                Action: ssm:GetParameter
                Resource: ${resource}
`,
        ),
        uri: 'file:///w/template.yaml',
      },
      { config: defaultConfiguration },
    ).policies.filter((policy) => policy.variantWhen).length;
  // Stage names a path in the parameter's name: a word there fits the same resource types the placeholder fits.
  assert.equal(builds("!Sub 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/${Stage}/*'"), 0);
  // A value with a separator, or the parameter in the resource type, an ARN field or a whole value, is built.
  assert.equal(builds("!Sub 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/${Stage}/*'", '[dev, prod/eu]'), 2);
  assert.equal(builds("!Sub 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:${Stage}/app/*'"), 2);
  assert.equal(builds("!Sub 'arn:${AWS::Partition}:ssm:${Stage}:${AWS::AccountId}:parameter/app/*'"), 2);
  assert.equal(builds('!Ref Stage'), 2);
});

test('a build for an allowed value drops the Fn::If branches whose condition that value decides against', () => {
  // aws-samples/aws-health-aware: SecondaryRegion is "No" or a Region, and its ARNs are written only when it is not "No".
  const text = role(
    `  SecondaryRegion:
    Type: String
    AllowedValues: ['No', us-east-1, eu-west-1]
Conditions:
  UsingMultiRegion: !Not [!Equals [!Ref SecondaryRegion, 'No']]
  Never: !And [!Condition UsingMultiRegion, !Equals ['true', 'false']]`,
    `              - Effect: Allow
                Action: logs:PutLogEvents
                Resource:
                  - !Sub 'arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:*'
                  - !If [UsingMultiRegion, !Sub 'arn:aws:logs:\${SecondaryRegion}:\${AWS::AccountId}:*', !Ref AWS::NoValue]
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: !If [Never, !Sub 'arn:aws:logs:\${SecondaryRegion}:\${AWS::AccountId}:*', '*']
              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: !Sub 'arn:aws:dynamodb:\${SecondaryRegion}:\${AWS::AccountId}:table/t'
`,
  );
  const regions = analyze(text).filter((p) => p.ruleId === 'arn-region');
  // Only the ARN written whatever the condition: with "No" it names no Region.
  assert.deepEqual(
    regions.map((p) => [text.slice(p.span.start, p.span.end), p.message.replace(/^.*\(/, '(')]),
    [['${SecondaryRegion}', '(when SecondaryRegion is "No")']],
  );
});
