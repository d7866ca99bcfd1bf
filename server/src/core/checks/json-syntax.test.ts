import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, spansOf, policyWith } from '../../../../test/helpers/checks';
import { marked } from '../../../../test/helpers/marked';
import { jsonSyntax } from './json-syntax';

test('json-syntax flags a trailing comma at the closing bracket', () => {
  const { actual, expected } = spansOf(jsonSyntax, '{"Statement": [{"Effect": "Allow"}, «]»}');
  assert.deepEqual(actual, expected);
});

test('json-syntax flags a missing comma and names it', () => {
  const { text } = marked('{"Version": "2012-10-17" "Statement": []}');
  const [problem] = runCheck(jsonSyntax, text);
  assert.match(problem.message, /Comma expected/);
  assert.equal(text.slice(problem.span.start, problem.span.end), '"Statement"');
});

test('json-syntax flags an unterminated document at its last character', () => {
  const problems = runCheck(jsonSyntax, '{"Statement": [');
  assert.ok(problems.length > 0);
  for (const p of problems) assert.ok(p.span.end <= 15 && p.span.start >= 0);
});

test('json-syntax leaves valid JSON and comments alone', () => {
  assert.deepEqual(runCheck(jsonSyntax, policyWith({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), []);
  assert.deepEqual(runCheck(jsonSyntax, '{"Statement": [] // note\n}'), []);
});
