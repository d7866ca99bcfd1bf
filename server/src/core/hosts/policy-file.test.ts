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

test("Amplify's custom-policies.json is the identity policy of the function's role, each statement Allow unless it says otherwise", () => {
  // Amplify sweep: three such files went unread, one with `[region-name]` and `[account-id]` left in an ARN.
  const { text, spans } = marked(`[
  {
    "Action": ["geo:CalculateRouteMatrix", "geo:«CalculateRoutes»"],
    "Resource": ["arn:aws:geo:«[region-name]»:«[account-id]»:route-calculator/supplychain"]
  },
  {
    "Effect": "Deny",
    "Action": ["s3:DeleteObject"],
    "Resource": ["*"]
  },
  {
    "Action": [],
    "Resource": []
  }
]
`);
  const uri = 'file:///app/amplify/backend/function/routeOptimizerFn/custom-policies.json';
  const analysis = analyzeDocument({ text, uri }, { config: defaultConfiguration });
  assert.deepEqual(
    analysis.policies.map((policy) => [policy.name, policy.policyType]),
    [['routeOptimizerFn › custom-policies', 'identity']],
  );
  assert.deepEqual(
    analysis.policies[0].policy.statements.map((statement) => statement.effect?.value?.value),
    ['Allow', 'Deny'],
  );
  assert.deepEqual(
    analysis.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.span]),
    [
      ['action-unknown', spans[0]],
      ['arn-region', spans[1]],
      ['arn-account', spans[2]],
    ],
  );
  // The file the CLI writes for a new function adds nothing; the same list elsewhere is no policy file.
  const empty = '[\n  {\n    "Action": [],\n    "Resource": []\n  }\n]\n';
  assert.deepEqual(analyzeDocument({ text: empty, uri }, { config: defaultConfiguration }).policies, []);
  assert.deepEqual(analyzeDocument({ text, uri: 'file:///app/config/custom-policies.json' }, { config: defaultConfiguration }).policies, []);
});
