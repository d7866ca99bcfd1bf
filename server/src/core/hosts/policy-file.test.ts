import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../../../../test/helpers/marked';
import { applyFix } from '../../../../test/helpers/checks';
import { analyzeDocument } from '../analyze';
import { defaultConfiguration } from '../config/configuration';

test('a JSON file of one statement is checked as that statement; that it is no whole policy is information', () => {
  // sentientdecisionscience's resource_control_policies/json_policies/https_only.json (landing-zone sweep) and
  // CloudHealth's bucket statements (SaaS sweep): modules splice such files into a Statement. The file drew one error,
  // "wrap it", and nothing in the statement was checked.
  const { text, spans } = marked(
    '«{»\n  "Sid": "EnforceHttps",\n  "Effect": "Deny",\n  "Principal": "*",\n  "Action": "s3:*",\n  "Resource": "*",\n  "Condition": {"BoolIfExists": {"aws:SecureTransport": "«flase»"}}\n}\n',
  );
  const analysis = analyzeDocument({ text, uri: 'file:///repo/policies/json_policies/https_only.json' }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => policy.name),
    ['https_only.json (statement)'],
  );
  assert.deepEqual(
    analysis.problems.map((problem) => [problem.ruleId, problem.severity, problem.span]),
    [
      ['statement-missing', 'information', spans[0]],
      ['condition-value-format', 'warning', spans[1]],
    ],
  );
  const [note] = analysis.problems;
  assert.match(note!.message, /^This file holds a statement, not a whole policy: IAM reads it only inside a policy's "Statement", so it is checked as one\./);
  assert.deepEqual(JSON.parse(applyFix(text, note!)).Statement[0].Sid, 'EnforceHttps');
});
