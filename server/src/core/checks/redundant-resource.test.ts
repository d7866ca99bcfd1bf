import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, policyWith, runCheck, spansOf } from '../../../../test/helpers/checks';
import { redundantResource } from './redundant-resource';

test('redundant-resource flags duplicates and resources another value of the list matches', () => {
  const { actual, expected } = spansOf(
    redundantResource,
    '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/*", «"arn:aws:s3:::reports/2024/*"», «"arn:aws:s3:::reports/*"», "arn:aws:s3:::Reports/x"]}]}',
  );
  assert.deepEqual(actual, expected);
});

test('redundant-resource says what covers the resource and removes it', () => {
  const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::a/*", "*"]}]}';
  const [problem] = runCheck(redundantResource, text);
  assert.equal(problem.message, '"arn:aws:s3:::a/*" is already matched by "*" in the same list. Remove it.');
  assert.equal(applyFix(text, problem), '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*"]}]}');
  assert.equal(problem.fixes![0].isPreferred, true);
});

test('redundant-resource accepts distinct resources, different case and policy variables', () => {
  assert.deepEqual(runCheck(redundantResource, policyWith({ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'] })), []);
  assert.deepEqual(runCheck(redundantResource, policyWith({ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::A/*', 'arn:aws:s3:::a/*'] })), []);
  assert.deepEqual(runCheck(redundantResource, policyWith({ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::home/*', 'arn:aws:s3:::${aws:username}/*'] })), []);
});
