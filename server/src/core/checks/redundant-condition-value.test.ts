import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { redundantConditionValue } from './redundant-condition-value';

test('redundant-condition-value flags repeated values and values a StringLike pattern covers', () => {
  const { actual, expected } = spansOf(
    redundantConditionValue,
    '{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": ["home/*", "«home/alice/*»", "docs/"]}, "StringEquals": {"aws:RequestedRegion": ["eu-west-1", "«eu-west-1»"]}}}]}',
  );
  assert.deepEqual(actual, expected);
});

test('redundant-condition-value removes the value safely', () => {
  const text = '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": ["Ops", "ops"]}}}]}';
  const [problem] = runCheck(redundantConditionValue, text);
  assert.equal(problem.message, '"ops" is listed twice for "aws:PrincipalTag/team". Remove it.');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": ["Ops"]}}}]}');
  assert.equal(problem.fixes![0].isPreferred, true);
});

test('redundant-condition-value accepts distinct values, case differences in case-sensitive tests, and wildcards StringEquals reads literally', () => {
  const cases = [
    { StringEquals: { 'aws:PrincipalTag/team': ['Ops', 'ops'] } },
    { StringEquals: { 'aws:PrincipalTag/team': ['ops-*', 'ops-1'] } },
    { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'home/alice/*'] } },
    // `${*}`, `${?}` and `${$}` are a literal `*`, `?` and `$`: a value holding a `*` is not one holding a `$`.
    { StringNotLike: { 's3:BucketTag/team': ['*${*}*', '*${?}*', '*$*', '*${$}*'] } },
  ];
  for (const condition of cases)
    assert.deepEqual(runCheck(redundantConditionValue, policyWith({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: condition })), [], JSON.stringify(condition));
});

test('redundant-condition-value finds the value a later pattern covers, and each finding of one list removes its own value', () => {
  const text =
    '{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": ["home/alice/", "home/*", "logs/", "home/bob/*", "logs/"]}}}]}';
  const problems = runCheck(redundantConditionValue, text);
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      '"home/alice/" is already matched by "home/*" for "s3:prefix". Remove it.',
      '"home/bob/*" is already matched by "home/*" for "s3:prefix". Remove it.',
      '"logs/" is listed twice for "s3:prefix". Remove it.',
    ],
  );
  const listAfter = (problem: (typeof problems)[number]) => JSON.parse(applyFix(text, problem)).Statement[0].Condition.StringLike['s3:prefix'];
  assert.deepEqual(listAfter(problems[0]), ['home/*', 'logs/', 'home/bob/*', 'logs/']);
  assert.deepEqual(listAfter(problems[1]), ['home/alice/', 'home/*', 'logs/', 'logs/']);
  assert.deepEqual(listAfter(problems[2]), ['home/alice/', 'home/*', 'logs/', 'home/bob/*']);
});
