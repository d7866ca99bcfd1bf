import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf } from '../../../../test/helpers/checks';
import { effectMissing } from './effect-missing';
import { lintPolicy } from '../lint';

test('effect-missing flags the opening brace of a statement without Effect', () => {
  const { actual, expected } = spansOf(effectMissing, '{"Statement": [{"Effect": "Allow"}, «{»"Sid": "NoEffect", "Action": "*"}]}');
  assert.deepEqual(actual, expected);
  assert.match(runCheck(effectMissing, '{"Statement": [{"Sid": "NoEffect"}]}')[0].message, /^Statement "NoEffect" has no "Effect"/);
  assert.match(runCheck(effectMissing, '{"Statement": [{"Action": "*"}, {"Action": "*"}]}')[1].message, /^Statement 2 has no "Effect"/);
});

test('effect-missing accepts a statement with any Effect value', () => {
  assert.deepEqual(runCheck(effectMissing, '{"Statement": [{"Effect": "Deny"}, {"Effect": 1}]}'), []);
});

test('an empty statement is one finding, effect-missing saying it is empty, not one per element it lacks', () => {
  // iam-convert's fixtures (code sweep 2): three errors and a warning at one brace.
  for (const [text, type] of [
    ['{"Version": "2012-10-17", "Statement": [{}]}', 'identity'],
    ['{"Version": "2012-10-17", "Statement": {}}', 'identity'],
    ['{"Version": "2012-10-17", "Statement": [{}]}', 'resource'],
  ] as const) {
    const problems = lintPolicy(text, { policyType: type }).problems.filter((problem) => problem.severity === 'error' || problem.severity === 'warning');
    assert.deepEqual(
      problems.map((problem) => [problem.ruleId, text.slice(problem.span.start, problem.span.end)]),
      [['effect-missing', '{']],
      `${text} as ${type}`,
    );
    assert.match(problems[0].message, /^Statement 1 is empty, and IAM refuses a statement without an "Effect" and an "Action"\./);
  }
});
