import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionServiceUnknown } from './action-service-unknown';

test('action-service-unknown flags the prefix of an unknown service', () => {
  const { actual, expected } = spansOf(actionServiceUnknown, '{"Statement": [{"Action": ["«s33»:GetObject", "ec2:RunInstances"], "NotAction": "«lamda»:Invoke*"}]}');
  assert.deepEqual(actual, expected);
});

test('action-service-unknown suggests the closest prefix and fixes it', () => {
  const text = '{"Statement": [{"Action": "dynamodbb:GetItem"}]}';
  const [problem] = runCheck(actionServiceUnknown, text);
  assert.equal(problem.message, '"dynamodbb" is not a known AWS service prefix. Did you mean "dynamodb"?');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Action": "dynamodb:GetItem"}]}');
});

test('action-service-unknown accepts known prefixes in any case and wildcard prefixes', () => {
  assert.deepEqual(runCheck(actionServiceUnknown, '{"Statement": [{"Action": ["S3:GetObject", "*:List*", "s*:Get*", "*"]}]}'), []);
});
