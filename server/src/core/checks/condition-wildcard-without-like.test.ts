import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, runCheckOnTemplateStatement, spansOf } from '../../../../test/helpers/checks';
import { conditionWildcardWithoutLike } from './condition-wildcard-without-like';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-wildcard-without-like flags * and ? under operators that compare literally', () => {
  const { actual, expected } = spansOf(
    conditionWildcardWithoutLike,
    policy(
      '{"StringEquals": {"s3:prefix": ["home/", "«home/*»"], "aws:username": "«a?c»"}, "ForAnyValue:StringNotEqualsIfExists": {"aws:TagKeys": "«team-*»"}, "StringEqualsIgnoreCase": {"aws:PrincipalTag/role": "«admin*»"}}',
    ),
  );
  assert.deepEqual(actual, expected);
});

test('condition-wildcard-without-like offers the Like operator', () => {
  const text = policy('{"StringEquals": {"aws:PrincipalTag/job-category": "admin-*"}}');
  const [problem] = runCheck(conditionWildcardWithoutLike, text);
  assert.equal(problem.message, '"admin-*" contains * or ?, but "StringEquals" compares them as plain characters. Use "StringLike" if you meant a wildcard.');
  assert.equal(applyFix(text, problem), policy('{"StringLike": {"aws:PrincipalTag/job-category": "admin-*"}}'));

  const qualified = policy('{"ForAnyValue:StringNotEqualsIfExists": {"aws:TagKeys": "team-*"}}');
  assert.equal(applyFix(qualified, runCheck(conditionWildcardWithoutLike, qualified)[0]), policy('{"ForAnyValue:StringNotLikeIfExists": {"aws:TagKeys": "team-*"}}'));
});

test('condition-wildcard-without-like offers no fix for IgnoreCase operators or when the Like block exists', () => {
  const [ignoreCase] = runCheck(conditionWildcardWithoutLike, policy('{"StringEqualsIgnoreCase": {"aws:username": "a*"}}'));
  assert.equal(ignoreCase.fixes, undefined);
  assert.match(ignoreCase.message, /StringLike matches wildcards but is case-sensitive/);
  const [taken] = runCheck(conditionWildcardWithoutLike, policy('{"StringEquals": {"aws:username": "a*"}, "StringLike": {"aws:userid": "b*"}}'));
  assert.equal(taken.fixes, undefined);
});

test('condition-wildcard-without-like accepts Like and ARN operators, the ${*} and ${?} variables, and leaves keys of other types alone', () => {
  const text = policy(
    '{"StringLike": {"s3:prefix": "home/*"}, "ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}, "StringEquals": {"s3:prefix": ["home/${*}", "why${?}", "plain"], "aws:SourceIp": "10.0.*"}, "NumericEquals": {"s3:max-keys": "1*"}}',
  );
  assert.deepEqual(runCheck(conditionWildcardWithoutLike, text), []);
});

test('condition-wildcard-without-like accepts "*" itself for lambda:Principal, whose value is "*" when a permission is public', () => {
  const deny = (values: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "lambda:AddPermission", "Resource": "*", "Condition": {"StringEquals": {"lambda:Principal": ${values}}}}]}`;
  assert.deepEqual(runCheck(conditionWildcardWithoutLike, deny('["*"]')), []);
  const { actual, expected } = spansOf(conditionWildcardWithoutLike, deny('["*", "«arn:aws:iam::*:root»"]'));
  assert.deepEqual(actual, expected);
});

// The AWS provider's IVS example (media sweep): the account and Region are filled in at deploy, the `*` is written.
test('condition-wildcard-without-like judges the text written beside values known only at deploy time', () => {
  const [problem] = runCheckOnTemplateStatement(
    conditionWildcardWithoutLike,
    {
      Principal: '{Service: ivs.amazonaws.com}',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::recordings/*',
      Condition: "{StringEquals: {'aws:SourceArn': !Sub 'arn:aws:ivs:${AWS::Region}:${AWS::AccountId}:recording-configuration/*'}}",
    },
    'resource',
  );
  assert.match(problem.message, /^"arn:aws:ivs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:recording-configuration\/\*" contains \* or \?, but "StringEquals" compares them as plain characters\./);
  // A value whose only wildcard-like text is what the template fills in says nothing.
  assert.deepEqual(
    runCheckOnTemplateStatement(
      conditionWildcardWithoutLike,
      { Principal: '{Service: ivs.amazonaws.com}', Action: 's3:PutObject', Resource: 'arn:aws:s3:::recordings/*', Condition: "{StringEquals: {'aws:SourceArn': !Ref ConfigurationArn}}" },
      'resource',
    ),
    [],
  );
});
