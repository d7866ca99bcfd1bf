import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyWith, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { notActionAllow } from './not-action-allow';

test('not-action-allow flags NotAction in an Allow statement', () => {
  const { actual, expected } = spansOf(notActionAllow, '{"Statement": [{"Effect": "Allow", «"NotAction"»: ["iam:*", "organizations:*"], "Resource": "*"}]}');
  assert.deepEqual(actual, expected);
});

test('not-action-allow says how many actions the statement grants', () => {
  const [problem] = runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
  assert.match(
    problem.message,
    /^"NotAction" with "Allow" grants [\d,]+ of the [\d,]+ actions AWS defines today \(all but the \d+ it matches\) on every resource, and every action AWS adds later\. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny"\.$/,
  );
});

// AWS's Lambda guide: "any Lambda action that operates on functions prefixed with intern-, except" two.
test('not-action-allow counts the actions of the one service whose resources the statement names', () => {
  const statement = { Effect: 'Allow', NotAction: ['lambda:AddPermission', 'lambda:PutFunctionConcurrency'], Resource: 'arn:aws:lambda:*:*:function:intern-*' };
  const [problem] = runCheck(notActionAllow, policyWith(statement));
  assert.match(
    problem.message,
    /^"NotAction" with "Allow" grants every action on this statement's resources but those it matches: (\d+) of the (\d+) actions of AWS Lambda that act on them today, and every such action AWS adds later\. List the actions to allow in "Action" instead, or pair "NotAction" with "Deny"\.$/,
  );
  const [, granted, total] = /(\d+) of the (\d+)/.exec(problem.message)!.map(Number);
  assert.equal(total - granted, 2);
  assert.ok(total > 50 && total < 200, problem.message);
  // A second service, a service pattern or a "*" among the resources leaves the whole catalog in reach.
  for (const Resource of [['arn:aws:lambda:*:*:function:intern-*', 'arn:aws:s3:::b/*'], 'arn:aws:*:*:*:function:intern-*', ['arn:aws:lambda:*:*:function:intern-*', '*']]) {
    const [wide] = runCheck(notActionAllow, policyWith({ ...statement, Resource }));
    assert.match(wide.message, /actions AWS defines today/, JSON.stringify(Resource));
  }
});

// An EMR sweep's module, as the EMR guide's tag-based policies write them: a StringLike on EMR's own tag key holds only
// for EMR's requests, so only EMR's actions are granted.
test('not-action-allow counts the actions of the one service whose condition key the statement requires', () => {
  const statement = {
    Effect: 'Allow',
    NotAction: ['elasticmapreduce:RunJobFlow', 'elasticmapreduce:AddTags', 'elasticmapreduce:RemoveTags'],
    Resource: '*',
    Condition: { StringLike: { 'elasticmapreduce:ResourceTag/Name': 'analytics-*' } },
  };
  const [problem] = runCheck(notActionAllow, policyWith(statement));
  assert.match(
    problem.message,
    /^"NotAction" with "Allow" grants every action of Amazon Elastic MapReduce but those it matches, where the condition holds: (\d+) of its (\d+) actions today \(only its requests carry "elasticmapreduce:ResourceTag\/Name", which the condition requires\), and every action it adds later\./,
  );
  const [, granted, total] = /(\d+) of its (\d+)/.exec(problem.message)!.map(Number);
  assert.equal(total - granted, 3);
  // A test that holds without the key (IfExists, a negated operator, ForAllValues) or a global key bounds nothing.
  for (const Condition of [
    { StringLikeIfExists: { 'elasticmapreduce:ResourceTag/Name': 'analytics-*' } },
    { StringNotLike: { 'elasticmapreduce:ResourceTag/Name': 'analytics-*' } },
    { 'ForAllValues:StringLike': { 'elasticmapreduce:ResourceTag/Name': 'analytics-*' } },
    { StringLike: { 'aws:ResourceTag/Name': 'analytics-*' } },
  ]) {
    const [wide] = runCheck(notActionAllow, policyWith({ ...statement, Condition }));
    assert.match(wide.message, /actions AWS defines today/, JSON.stringify(Condition));
  }
  // Null with "false" requires the key too.
  const [nulled] = runCheck(notActionAllow, policyWith({ ...statement, Condition: { Null: { 'elasticmapreduce:ResourceTag/Name': 'false' } } }));
  assert.match(nulled.message, /grants every action of Amazon Elastic MapReduce/);
});

test('not-action-allow accepts NotAction with Deny, Action with Allow, and policies that grant nothing', () => {
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' })), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'boundary'), []);
  assert.deepEqual(runCheck(notActionAllow, policyWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'scp'), []);
});

// cfn_nag's samples join their ARNs from the template's values: the service they name still bounds the grant.
test('not-action-allow counts the actions of the service a template-built ARN names', () => {
  const [problem] = runCheckOnTemplateStatement(
    notActionAllow,
    { NotAction: 'rds:DeleteDBInstance', Resource: `!Join ['', ['arn:aws:rds:', !Ref AWS::Region, ':', !Ref AWS::AccountId, ':db:test*']]` },
    'identity',
  );
  assert.match(problem.message, /^"NotAction" with "Allow" grants every action on this statement's resources but those it matches: \d+ of the \d+ actions of Amazon RDS that act on them today/);
});
