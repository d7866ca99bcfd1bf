import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, runCheck, spansOf } from '../../../../test/helpers/checks';
import { statementMissing } from './statement-missing';
import { unknownElement } from './unknown-element';
import { versionMissing } from './version-missing';

test('statement-missing flags the opening brace of a policy without Statement', () => {
  const { actual, expected } = spansOf(statementMissing, '«{»"Version": "2012-10-17"}');
  assert.deepEqual(actual, expected);
});

test('statement-missing accepts a policy with Statement, even a wrongly typed one', () => {
  assert.deepEqual(runCheck(statementMissing, '{"Statement": {}}'), []);
  assert.deepEqual(runCheck(statementMissing, '{"Statement": 3}'), []);
});

// AWS's SCP examples store a few policies as one bare statement: say so once, and wrap it.
test('statement-missing says a lone statement is no policy, and wraps it in one', () => {
  const text = '{\n  "Effect": "Deny",\n  "Action": ["organizations:LeaveOrganization"],\n  "Resource": "*"\n}';
  const [problem] = runCheck(statementMissing, text);
  assert.equal(problem.message, 'This is a statement, not a policy: IAM reads statements only inside "Statement". Wrap it as {"Version": "2012-10-17", "Statement": [ ... ]}.');
  const wrapped = JSON.parse(applyFix(text, problem));
  assert.deepEqual(wrapped, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' }] });
  // The wrapped policy has nothing left for the rule, and neither has its Version or its elements for the others.
  assert.deepEqual(runCheck(statementMissing, applyFix(text, problem)), []);
  assert.deepEqual(runCheck(versionMissing, text), []);
  const { actual, expected } = spansOf(unknownElement, '{"Effect": "Deny", "Action": "*", "Resource": "*", «"Comment"»: "x"}');
  assert.deepEqual(actual, expected);
});
