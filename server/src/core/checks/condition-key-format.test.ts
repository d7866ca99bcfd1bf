import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { conditionKeyFormat } from './condition-key-format';

const policy = (condition: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": ${condition}}]}`;

test('condition-key-format flags keys that are not prefix:name', () => {
  const { actual, expected } = spansOf(conditionKeyFormat, policy('{"StringEquals": {«"SourceVpc"»: "vpc-1", «"aws:"»: "x", «":prefix"»: "y", «""»: "z"}}'));
  assert.deepEqual(actual, expected);
});

test('condition-key-format adds the aws: prefix to a global key written without it', () => {
  const text = policy('{"StringEquals": {"sourcevpc": "vpc-1a2b3c4d"}}');
  const [problem] = runCheck(conditionKeyFormat, text);
  assert.equal(problem.message, '"sourcevpc" is not a valid condition key format. Did you mean "aws:SourceVpc"?');
  assert.equal(applyFix(text, problem), policy('{"StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}'));

  const tag = policy('{"StringEquals": {"PrincipalTag/team": "blue"}}');
  assert.equal(applyFix(tag, runCheck(conditionKeyFormat, tag)[0]), policy('{"StringEquals": {"aws:PrincipalTag/team": "blue"}}'));
});

test('condition-key-format says how keys are written when it cannot guess', () => {
  const [problem] = runCheck(conditionKeyFormat, policy('{"StringEquals": {"team": "blue"}}'));
  assert.equal(problem.message, '"team" is not a valid condition key format. Write it as "prefix:name", such as "aws:SourceIp" or "s3:prefix".');
  assert.equal(problem.fixes, undefined);
});

test('condition-key-format accepts global, service and identity-provider keys', () => {
  const text = policy('{"StringEquals": {"aws:SourceVpc": "x", "s3:prefix": "y", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "z", "aws:ResourceTag": "w"}}');
  assert.deepEqual(runCheck(conditionKeyFormat, text), []);
});
