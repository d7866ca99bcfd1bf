import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../../test/helpers/marked';
import { analyzeDocument } from '../../analyze';
import type { Problem } from '../../checks/check';
import { defaultConfiguration } from '../../config/configuration';
import { forgetCloudFormationDocument } from './reader';

// A policy that holds Fn::If outside a list is built once per branch. A finding only one build has, at a place outside
// the branch it took (the policy, a statement whose Condition the other branch removes), says which branch gives it;
// one inside a branch's own text needs no such note, and one both builds have is reported once, as it is.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if

function analyze(text: string, uri = 'file:///w/template.yaml'): Problem[] {
  return analyzeDocument({ text, uri, languageId: 'yaml' }, { config: defaultConfiguration }).problems;
}

const bucketPolicy = (policy: string) => `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  HasReaders: !Equals [!Ref 'AWS::Region', us-east-1]
  Restricted: !Equals [!Ref 'AWS::AccountId', '111122223333']
  Audited: !Equals [!Ref 'AWS::StackName', audited]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
${policy}`;

// The organization pin only when Restricted holds: without it the statement is public.
const restrictedCondition = `            Condition: !If
              - Restricted
              - StringEquals: {'aws:PrincipalOrgID': o-a1b2c3d4e5}
              - !Ref AWS::NoValue
`;

test('a Statement that one branch removes: the policy without statements names that branch', () => {
  const { text, spans } = marked(
    bucketPolicy(`        «V»ersion: '2012-10-17'
        Statement: !If
          - HasReaders
          - - Effect: Allow
              Principal: {AWS: arn:aws:iam::111122223333:root}
              Action: s3:GetObject
              Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
          - !Ref AWS::NoValue
`),
  );
  const problems = analyze(text).filter((p) => p.severity === 'error');
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    [['statement-missing', spans[0]]],
  );
  assert.match(problems[0].message, /^The policy has no "Statement"\..* \(when condition HasReaders is false\)$/);
});

test('a Condition that one branch removes: the public statement names the branch, the finding inside a branch does not', () => {
  const { text, spans } = marked(
    bucketPolicy(`        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: «"*"»
            Action: s3:GetObject
            Resource: !If [Restricted, «not-an-arn», !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*']
${restrictedCondition}`),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'resource-public' || p.ruleId === 'arn-format');
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    [
      ['resource-public', spans[0]],
      ['arn-format', spans[1]],
    ],
  );
  assert.match(problems[0].message, /^This statement makes the resource public: .* \(when condition Restricted is false\)$/);
  assert.doesNotMatch(problems[1].message, /\(when /);
});

test('a finding both branches have is reported once, as it is', () => {
  const { text, spans } = marked(
    bucketPolicy(`        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: «"*"»
            Action: [s3:«GetObjct», !If [Audited, s3:GetObjectTagging, !Ref AWS::NoValue]]
            Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
${restrictedCondition}`),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'resource-public' || p.ruleId === 'action-unknown');
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.span]),
    [
      ['resource-public', spans[0]],
      ['action-unknown', spans[1]],
    ],
  );
  // The Action list's Fn::If adds both its branches to one build; the Condition's is the one choice.
  assert.match(problems[0].message, /\(when condition Restricted is false\)$/);
  assert.equal(problems[1].message, '"GetObjct" is not an action of Amazon S3 (s3). Did you mean "s3:GetObject"?');
});

test('two choices taken together: the note names both conditions', () => {
  const { text, spans } = marked(
    bucketPolicy(`        Version: '2012-10-17'
        Statement:
          - Sid: !If [Audited, AuditedRead, OpenRead]
            Effect: Allow
            Principal: «"*"»
            Action: s3:GetObject
            Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
${restrictedCondition}`),
  );
  const problems = analyze(text).filter((p) => p.ruleId === 'resource-public');
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.match(problems[0].message, /\(when conditions Audited and Restricted are false\)$/);
});

test('after an edit above it, a policy read as a moved copy notes the same branches', () => {
  const uri = 'file:///w/moved.yaml';
  const text = bucketPolicy(`        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !If [Restricted, not-an-arn, !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*']
${restrictedCondition}`);
  const notes = (problems: Problem[]) => problems.filter((p) => p.ruleId === 'resource-public' || p.ruleId === 'arn-format').map((p) => [p.ruleId, / \(when [^)]*\)$/.exec(p.message)?.[0]]);
  const before = notes(analyze(text, uri));
  assert.deepEqual(before, [
    ['resource-public', ' (when condition Restricted is false)'],
    ['arn-format', undefined],
  ]);
  // A value edited in the resource before it: the policy is read as a copy of the first reading, moved.
  const edited = text.replace('BucketName: reports', 'BucketName: monthly-reports');
  assert.notEqual(edited, text);
  assert.deepEqual(notes(analyze(edited, uri)), before);
  forgetCloudFormationDocument(uri);
});
