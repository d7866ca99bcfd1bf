import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { unknownElement } from './unknown-element';

test('unknown-element flags misspelt keys at every level and suggests the right one', () => {
  const { text, spans } = marked('{«"version"»: "2012-10-17", "Statement": [{«"effect"»: "Allow", «"Actions"»: "s3:GetObject", "Resource": "*", "Principal": {«"aws"»: "*"}}]}');
  const problems = runCheck(unknownElement, text);
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      '"version" is not a valid element at the top level of a policy. Did you mean "Version"?',
      '"effect" is not a valid element in a statement. Did you mean "Effect"?',
      '"Actions" is not a valid element in a statement. Did you mean "Action"?',
      '"aws" is not a valid element in Principal. Did you mean "AWS"?',
    ],
  );
  assert.equal(applyFix(text, problems[2]), text.replace('"Actions"', '"Action"'));
});

test('unknown-element lists the valid keys when nothing is close', () => {
  const [problem] = runCheck(unknownElement, '{"Statement": [], "Zebra": 1}');
  assert.match(problem.message, /Use one of "Version", "Id", "Statement"\./);
  assert.equal(problem.fixes, undefined);
});

test('unknown-element accepts every element IAM knows', () => {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Id: 'x',
    Statement: [
      { Sid: 'A', Effect: 'Allow', Principal: { AWS: '*', Service: 's', Federated: 'f', CanonicalUser: 'c' }, Action: '*', Resource: '*', Condition: {} },
      { NotPrincipal: { AWS: 'a' }, NotAction: 'a', NotResource: 'r' },
    ],
  });
  assert.deepEqual(runCheck(unknownElement, text), []);
});

test('unknown-element leaves a key that is one template placeholder to the deployer, and still reports one that only holds one', () => {
  const { text, spans } = marked('{"Statement": [{"Effect": "Allow", "Principal": {"${trusted_entity_type}": ["${trusted_entity}"], «"AWS_${suffix}"»: "*"}, "Action": "sts:AssumeRole"}]}');
  assert.deepEqual(
    runCheck(unknownElement, text).map((p) => p.span),
    spans,
  );
});
