import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lintPolicy } from './lint';
import type { Check } from './checks/check';
import { checkPolicy } from './lint';
import { parsePolicy } from './policy/parse-policy';
import { allChecks } from './checks';
import { getCatalog } from './catalog/catalog';
import { managedPolicies } from '../../../test/helpers/managed-policies';

test('lintPolicy infers the policy type and reports in document order', () => {
  const result = lintPolicy('{"Statement": [{"Effect": "allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}');
  assert.equal(result.policyType, 'trust');
  const starts = result.problems.map((p) => p.span.start);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
});

test('rule settings change severity or silence a rule', () => {
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}';
  assert.deepEqual(
    lintPolicy(text, { rules: { 'effect-value': 'hint' } }).problems.map((p) => [p.ruleId, p.severity]),
    [['effect-value', 'hint']],
  );
  assert.deepEqual(lintPolicy(text, { rules: { 'effect-value': 'off' } }).problems, []);
});

test('a rule that throws becomes one internal-error finding and the other rules still run', () => {
  const broken: Check = {
    id: 'broken',
    severity: 'error',
    description: 'Always throws.',
    run: () => {
      throw new Error('boom');
    },
  };
  const fine: Check = { id: 'fine', severity: 'warning', description: 'Reports once.', run: ({ report }) => report({ start: 0, end: 1 }, 'Fine.') };
  const problems = checkPolicy(parsePolicy('{}'), {}, [broken, fine]);
  assert.deepEqual(
    problems.map((p) => [p.ruleId, p.message]),
    [
      ['internal-error', 'The broken rule failed on this policy and was skipped: boom'],
      ['fine', 'Fine.'],
    ],
  );
});

test('a missing catalog gives one clear warning and the grammar rules still run', () => {
  const script = `
    const { lintPolicy } = require('./server/src/core/lint.ts');
    const r = lintPolicy('{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObjcet", "Resource": "*"}]}');
    console.log(JSON.stringify(r.problems.map((p) => [p.ruleId, p.severity, p.message])));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, IAM_POLICY_CATALOG: '/nonexistent/catalog.json' },
  });
  const problems = JSON.parse(result.stdout) as [string, string, string][];
  assert.deepEqual(
    problems.map(([id]) => id),
    ['catalog-unavailable', 'effect-value'],
  );
  assert.match(problems[0][2], /^Checks that need the service catalog were skipped: Cannot find the IAM service catalog\. Tried: \/nonexistent\/catalog\.json .*npm run catalog/);
});

test('a rule only for Condition runs for a policy where some statement has one, and not otherwise', () => {
  const ran: string[] = [];
  const conditional: Check = { id: 'conditional', severity: 'hint', description: 'Records its runs.', onlyWith: 'Condition', run: ({ policy }) => void ran.push(policy.text) };
  const without = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  const withOne = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {}}]}';
  checkPolicy(parsePolicy(without), {}, [conditional]);
  checkPolicy(parsePolicy(withOne), {}, [conditional]);
  assert.deepEqual(ran, [withOne]);
});

// The declaration is sound only if the rule finds nothing without the element: each managed policy that has a
// Condition, with its Conditions taken out, gives every such rule nothing to report, whatever it reported before.
test('the rules only for Condition report nothing once the Conditions are taken out', () => {
  const conditionRules = allChecks.filter((check) => check.onlyWith === 'Condition');
  assert.ok(conditionRules.length >= 20, `${conditionRules.length} rules`);
  const catalog = getCatalog();
  let before = 0;
  let after = 0;
  const reportsOf = (text: string) => {
    let count = 0;
    const policy = parsePolicy(text);
    for (const check of conditionRules) check.run({ policy, policyType: 'identity', catalog, report: () => void count++ });
    return count;
  };
  const mistakes = [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqual: { 'aws:SourceVpc': 'vpc-1' }, StringEquals: { 'aws:sourceVPC': 'vpc-*', 'aws:SourceVpc': 'vpc-1' } } },
    { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' }, IpAddress: { 'aws:SourceIp': ['10.0.0.1/8', 10] } } },
  ].map((statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
  for (const text of [...managedPolicies().map((policy) => policy.text), ...mistakes]) {
    if (!text.includes('"Condition"')) continue;
    const document = JSON.parse(text) as { Statement: Record<string, unknown>[] | Record<string, unknown> };
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    before += reportsOf(text);
    for (const statement of statements) delete statement.Condition;
    after += reportsOf(JSON.stringify(document, null, 2));
  }
  // The rules did find things in these policies with their Conditions: the check above is not vacuous.
  assert.ok(before > 40, `${before} findings with the Conditions`);
  assert.equal(after, 0);
});
