import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { actionCase } from './action-case';

test('action-case flags actions not written as AWS writes them', () => {
  const { actual, expected } = spansOf(actionCase, '{"Statement": [{"Action": ["«S3:GetObject»", "«s3:getobject»", "s3:PutObject"]}]}');
  assert.deepEqual(actual, expected);
});

test('action-case rewrites the action in AWS spelling', () => {
  const text = '{"Statement": [{"Action": "IAM:passrole"}]}';
  const [problem] = runCheck(actionCase, text);
  assert.equal(problem.severity, 'hint');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Action": "iam:PassRole"}]}');
});

test('action-case leaves wildcards and unknown actions to other rules', () => {
  assert.deepEqual(runCheck(actionCase, '{"Statement": [{"Action": ["S3:get*", "s3:Nope", "*"]}]}'), []);
});

test('action-case gives each finding its own span and edit, though the fix text is shared per action', () => {
  const text = '{"Statement": [{"Action": ["S3:GetObject", "s3:getobject"]}, {"Action": "S3:GETOBJECT"}]}';
  const problems = runCheck(actionCase, text);
  assert.equal(problems.length, 3);
  for (const problem of problems) {
    assert.equal(problem.fixes?.[0].title, 'Change to "s3:GetObject"');
    assert.equal(text.slice(problem.span.start, problem.span.end).toLowerCase(), 's3:getobject');
  }
  assert.equal(applyFix(text, problems[2]), '{"Statement": [{"Action": ["S3:GetObject", "s3:getobject"]}, {"Action": "s3:GetObject"}]}');
});

test('action-case finds an action edited to another case in a list it found fine before', () => {
  assert.deepEqual(runCheck(actionCase, '{"Statement": [{"Action": ["s3:GetObject", "s3:PutObject"]}]}'), []);
  const { actual, expected } = spansOf(actionCase, '{"Statement": [{"Action": ["s3:GetObject", "«s3:putObject»"]}]}');
  assert.deepEqual(actual, expected);
  assert.deepEqual(runCheck(actionCase, '{"Statement": [{"Action": ["s3:GetObject", "s3:PutObject"]}]}'), []);
});
