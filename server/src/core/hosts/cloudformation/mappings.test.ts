import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import type { Problem } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';
import { readTemplateAccount } from '../../account/from-cloudformation';

// Fn::FindInMap with its keys written out (or a parameter the build gives a value) is the value the template's
// Mappings hold, checked like any value written there; a key known only at deploy, and a release script's
// placeholder (`%DIST_BUCKET_NAME%`), stay values of unknown text.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html

function analyze(text: string): Problem[] {
  return analyzeDocument({ text, uri: 'file:///w/template.yaml' }, { config: defaultConfiguration }).problems;
}

const template = (statements: string) => `Parameters:
  Stage: { Type: String, AllowedValues: [dev, prod] }
Mappings:
  Permissions:
    Read:
      Action: s3:GetObjekt
      Placeholder: '%READ_ACTION%'
      Empty: ''
    Stages:
      dev: arn:aws:s3:::dev-logs/*
      prod: arn:aws:s3::prod-logs/*
Resources:
  App:
    Type: AWS::IAM::User
    Properties:
      UserName: app
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}`;

test('Fn::FindInMap with written keys is the mapped value, checked where the call is written', () => {
  const { text, spans } = marked(
    template(`              - Effect: Allow
                Action: [«!FindInMap [Permissions, Read, Action]», !FindInMap [Permissions, Read, Placeholder], !FindInMap [Permissions, Read, Empty], !FindInMap [Permissions, !Ref AWS::Region, Action]]
                Resource: '*'
`),
  );
  // The placeholder and the empty value, read as written, would be errors too (action-format, empty-value).
  const problems = analyze(text).filter((p) => p.severity === 'error');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.match(problems[0].message, /"GetObjekt" is not an action of Amazon S3 \(s3\)\. Did you mean "s3:GetObject"\?/);
});

test("Fn::FindInMap keyed by a parameter with AllowedValues is checked with each value's mapping", () => {
  const { text, spans } = marked(
    template(`              - Effect: Allow
                Action: s3:GetObject
                Resource: «!FindInMap [Permissions, Stages, !Ref Stage]»
`),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'arn-format');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.match(problems[0].message, /\(when Stage is "prod"\)$/);
});

test("the account reads a trust policy's principal from the template's Mappings", () => {
  const { account } = readTemplateAccount(
    `Mappings:
  Panther: { MasterAccountId: { Value: '444455556666' } }
Resources:
  Audit:
    Type: AWS::IAM::Role
    Properties:
      RoleName: audit
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub ['arn:aws:iam::\${Id}:root', { Id: !FindInMap [Panther, MasterAccountId, Value] }] }
            Action: sts:AssumeRole
`,
    'template.yaml',
    { accountId: '111122223333' },
  );
  // Before, the principal was a value known only at deploy (${Id}).
  assert.deepEqual(account!.roles.get('arn:aws:iam::111122223333:role/audit')!.trust?.value, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }],
  });
  assert.deepEqual(account!.warnings, []);
});
