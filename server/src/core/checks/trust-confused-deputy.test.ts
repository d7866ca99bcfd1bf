import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { trustConfusedDeputy } from './trust-confused-deputy';

test('trust-confused-deputy flags services that pass aws:SourceArn when the trust policy does not test it', () => {
  const { actual, expected } = spansOf(
    trustConfusedDeputy,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"states.amazonaws.com"», «"codebuild.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
  // AWS FIS's experiment role and a WorkSpaces Applications fleet role, whose guides ask for the same condition.
  const more = spansOf(
    trustConfusedDeputy,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"fis.amazonaws.com"», «"appstream.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(more.actual, more.expected);
  // An AgentCore runtime's execution role and an Amazon Q Business application's role (AI sweep), an EKS Pod execution role (service-principal sweep).
  const ai = spansOf(
    trustConfusedDeputy,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"bedrock-agentcore.amazonaws.com"», «"qbusiness.amazonaws.com"», «"eks-fargate-pods.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(ai.actual, ai.expected);
});

test('trust-confused-deputy explains the risk and adds an aws:SourceAccount condition', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
  const [problem] = runCheck(trustConfusedDeputy, text, 'trust');
  assert.equal(
    problem.message,
    '"scheduler.amazonaws.com" can assume this role without an "aws:SourceAccount" or "aws:SourceArn" condition, so the service could be made to use it on behalf of another account (the confused deputy problem). Add a condition naming your account or the resource that uses the role.',
  );
  assert.equal(
    applyFix(text, problem),
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "${AccountId}"}}}]}',
  );
});

test('trust-confused-deputy offers no fix when the condition would lock out another principal of the statement', () => {
  const [problem] = runCheck(trustConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: ['config.amazonaws.com', 'ec2.amazonaws.com'] }, Action: 'sts:AssumeRole' }), 'trust');
  assert.equal(problem.fixes, undefined);
});

test('trust-confused-deputy accepts compute roles, source conditions and other policy types', () => {
  // EC2 instance profiles and Lambda execution roles are not confused-deputy cases.
  assert.deepEqual(runCheck(trustConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }), 'trust'), []);
  assert.deepEqual(
    runCheck(
      trustConfusedDeputy,
      policyWith({
        Effect: 'Allow',
        Principal: { Service: 'states.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:states:us-east-1:111122223333:stateMachine:*' } },
      }),
      'trust',
    ),
    [],
  );
  assert.deepEqual(runCheck(trustConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }), 'resource'), []);
});

test('trust-confused-deputy leaves conditions known only at deploy time alone', () => {
  const statement = (Condition: string) => ({ Principal: '{Service: states.amazonaws.com}', Action: 'sts:AssumeRole', Condition });
  assert.deepEqual(runCheckOnTemplateStatement(trustConfusedDeputy, statement('{StringEquals: !GetAtt Conditions.Value}'), 'trust'), []);
  assert.equal(runCheckOnTemplateStatement(trustConfusedDeputy, statement("{Bool: {'aws:SecureTransport': 'true'}}"), 'trust').length, 1);
});

// terraform-aws-modules: the vpc module's flow log role, eventbridge's target role, step-functions' Regional principal.
test('trust-confused-deputy covers flow logs, EventBridge targets and Amplify, and Regional service principals', () => {
  const { actual, expected } = spansOf(
    trustConfusedDeputy,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"vpc-flow-logs.amazonaws.com"», «"events.amazonaws.com"», «"amplify.amazonaws.com"», «"states.eu-west-1.amazonaws.com"», «"states.us-gov-west-1.amazonaws.com"»]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
  // A Regional form of a service not listed is not reported.
  assert.deepEqual(runCheck(trustConfusedDeputy, policyWith({ Effect: 'Allow', Principal: { Service: 'ec2.eu-west-1.amazonaws.com' }, Action: 'sts:AssumeRole' }), 'trust'), []);
});

test('trust-confused-deputy covers the role an S3 Access Grants location maps to', () => {
  // A Transfer Family stack's Access Grants role (new S3 features sweep) trusted the service with no source condition.
  const statement = { Effect: 'Allow', Principal: { Service: 'access-grants.s3.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] };
  const [problem] = runCheck(trustConfusedDeputy, policyWith(statement), 'trust');
  assert.match(problem.message, /^"access-grants\.s3\.amazonaws\.com" can assume this role without/);
  const conditioned = { ...statement, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': 'arn:aws:s3:us-east-1:111122223333:access-grants/default' } } };
  assert.deepEqual(runCheck(trustConfusedDeputy, policyWith(conditioned), 'trust'), []);
});

test('trust-confused-deputy reads a regional service principal whose Region is a value known at deploy', () => {
  // SAM sweep: `!Sub states.${AWS::Region}.amazonaws.com` was not flagged where `states.eu-west-1.amazonaws.com` is.
  const { actual, expected } = spansOf(
    trustConfusedDeputy,
    '{"Statement": [{"Effect": "Allow", "Principal": {"Service": [«"states.${AWS::Region}.amazonaws.com"», «"states.${var.region}.${data.aws_partition.current.dns_suffix}"», «"states.eu-west-1.amazonaws.com"», "ec2.${AWS::Region}.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}',
    'trust',
  );
  assert.deepEqual(actual, expected);
});
