import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lintPolicy } from './lint';
import type { Check } from './checks/check';
import { checkPolicy } from './lint';
import { parsePolicy } from './policy/parse-policy';

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
