import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, applyFix, policyWith } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { unknownElement } from './unknown-element';
import { lintPolicy } from '../lint';

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
      // A name in another letter case is one IAM refuses outright ("Unknown field version").
      '"version" is not a valid element at the top level of a policy: element names are case-sensitive, and IAM rejects the policy ("Unknown field version"). Write "Version".',
      '"effect" is not a valid element in a statement: element names are case-sensitive, and IAM rejects the policy ("Unknown field effect"). Write "Effect".',
      '"Actions" is not a valid element in a statement. Did you mean "Action"?',
      '"aws" is not a valid element in Principal: element names are case-sensitive, and IAM rejects the policy ("Unknown field aws"). Write "AWS".',
    ],
  );
  assert.equal(applyFix(text, problems[2]), text.replace('"Actions"', '"Action"'));
  assert.equal(applyFix(text, problems[1]), text.replace('"effect"', '"Effect"'));
});

test("a policy written in lower case (aws-native's examples) gets one finding a key, and one fix writes every name as IAM does", () => {
  const { text, spans } = marked(
    '{«"version"»: "2012-10-17", «"statement"»: [{"effect": "Allow", "principal": {"service": "lambda.amazonaws.com"}, "action": "sts:AssumeRole", "condition": {"StringEquals": {"aws:SourceAccount": "1"}}}]}',
  );
  const problems = runCheck(unknownElement, text);
  // The statements under `statement` are not read: only the top level's keys are found, each where it is.
  assert.deepEqual(
    problems.map((p) => p.span),
    spans,
  );
  const fixed = applyFix(text, problems[1], 1);
  assert.equal(
    fixed,
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}]}',
  );
  assert.deepEqual(runCheck(unknownElement, fixed), []);
  // Statement, Version, Effect and Action are there in the wrong case: the rules for a missing one say nothing.
  const lint = lintPolicy(text, { policyType: 'trust' });
  assert.deepEqual(
    lint.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId),
    ['unknown-element', 'unknown-element'],
  );
  const statementLevel = lintPolicy('{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "action": "s3:GetObject", "resource": "*"}]}', { policyType: 'identity' });
  assert.deepEqual(
    statementLevel.problems.map((problem) => problem.ruleId),
    ['unknown-element', 'unknown-element', 'unknown-element'],
  );
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

test('unknown-element suggests Principal only where the policy type takes one', () => {
  // Organizations sweep: an SCP's `_comment` key was told to use "Principal" or "NotPrincipal", which SCPs refuse.
  const policy = policyWith({ Effect: 'Deny', Action: 's3:*', Resource: '*', _comment: 'guardrail' });
  const hint = (type: 'scp' | 'resource') => runCheck(unknownElement, policy, type)[0].message;
  assert.match(hint('scp'), /Use one of "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"\./);
  assert.match(hint('resource'), /"Principal", "NotPrincipal"/);
});
