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

test('action-service-unknown says so, as information, of a prefix AWS managed policies still grant', () => {
  // IoT 1-Click is retired and gone from the Service Authorization Reference, yet AWSIoT1ClickFullAccess grants
  // iot1click:*: a policy copied from it is not a typo, and "Did you mean iot?" would be the wrong fix.
  const text = '{"Statement": [{"Action": ["iot1click:*", "iot1clik:ListProjects"]}]}';
  const [retired, typo] = runCheck(actionServiceUnknown, text);
  assert.equal(text.slice(retired.span.start, retired.span.end), 'iot1click');
  assert.equal(retired.severity, 'information');
  assert.match(retired.message, /^"iot1click" is not a service prefix in the Service Authorization Reference, though the AWS managed policy AWSIoT1Click\w+ grants its actions: /);
  assert.equal(retired.fixes, undefined);
  assert.equal(text.slice(typo.span.start, typo.span.end), 'iot1clik');
  assert.equal(typo.severity, 'error');
});
