// --account <root folder> follows the root module's local module calls (test/fixtures/terraform/nested).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { loadTerraformParser } from '../../server/src/core/hosts/terraform/parser';

const nested = join(__dirname, '..', 'fixtures', 'terraform', 'nested');
const arn = (name: string) => `arn:aws:iam::111122223333:${name}`;
const account = ['--account', nested, '--account-id', '111122223333'];

before(() => loadTerraformParser());

test('who-can --account <root folder> answers with the roles its module calls make, statements in the child files', () => {
  const result = runCli(['who-can', ...account, '--action', 'logs:PutLogEvents', '--resource', 'arn:aws:logs:us-east-1:111122223333:log-group:/app/billing-reader:log-stream:s', '--format', 'json']);
  assert.equal(result.exitCode, 0, result.stderr);
  const json = JSON.parse(result.stdout) as { principal: string; decision: string; via: { policy: string; statement: string; source: string }[] }[];
  assert.deepEqual(
    json.map((entry) => [entry.principal, entry.decision]),
    [
      [arn('role/deployer'), 'Allowed'],
      [arn('role/billing-reader'), 'Allowed'],
    ],
  );
  assert.deepEqual(json[1].via, [
    {
      policy: arn('policy/billing-reader-logs'),
      kind: 'customer-managed',
      statement: 'WriteLogs',
      source: `${join(nested, 'modules', 'logs', 'main.tf')} module.readers["billing"].module.logs[0].aws_iam_policy.logs.policy`,
    },
  ]);
});

test('escalations and simulate --account <root folder> follow the module calls', () => {
  const escalations = runCli(['escalations', ...account, '--format', 'json']);
  assert.equal(escalations.exitCode, 0, escalations.stderr);
  assert.deepEqual(
    (JSON.parse(escalations.stdout) as { principal: string; method: string; path: { to: string }[] }[]).map((e) => [e.principal, e.method, e.path.map((step) => step.to)]),
    [[arn('user/ci'), 'assume-role', [arn('role/deployer')]]],
  );
  // worker-0 is called with create_logs = false: the logs module is not instantiated for it.
  const worker = runCli(['simulate', ...account, '--principal', 'worker-0', '--action', 'logs:PutLogEvents', '--resource', 'arn:aws:logs:us-east-1:111122223333:log-group:/app/worker-0:log-stream:s']);
  assert.equal(worker.exitCode, 1);
  assert.match(worker.stdout, /^ImplicitlyDenied: logs:PutLogEvents/);
  const reader = runCli([
    'simulate',
    ...account,
    '--principal',
    'audit-reader',
    '--action',
    'logs:PutLogEvents',
    '--resource',
    'arn:aws:logs:us-east-1:111122223333:log-group:/app/audit-reader:log-stream:s',
  ]);
  assert.equal(reader.exitCode, 0, reader.stdout);
  assert.match(reader.stdout, /^Allowed: logs:PutLogEvents on .* by arn:aws:iam::111122223333:role\/audit-reader\n/);
  // The remote source is named once, on stderr, never fetched.
  assert.equal(reader.stderr?.match(/registry, git or other remote sources/g)?.length, 1, reader.stderr);
});

test('--account <folder> reads a root module written in .tf.json and the .tf.json module it calls', () => {
  const json = join(__dirname, '..', 'fixtures', 'terraform', 'json-modules');
  const result = runCli(['who-can', '--account', json, '--account-id', '111122223333', '--action', 'iam:PassRole', '--resource', arn('role/app-lambda'), '--format', 'json']);
  assert.equal(result.exitCode, 0, result.stderr);
  const answer = JSON.parse(result.stdout) as { principal: string; decision: string; via: { statement: string; source: string }[] }[];
  assert.deepEqual(
    answer.map((entry) => [entry.principal, entry.decision, entry.via.map((via) => [via.statement, via.source])]),
    [[arn('user/deployer'), 'Allowed', [['PassServiceRoles', `${join(json, 'main.tf.json')} aws_iam_user_policy.deployer.policy`]]]],
  );
});

test('lint of a root module and the modules it calls reports escalation-path in the called file, through the call', () => {
  const result = runCli(['lint', '--format', 'json', nested]);
  const reports = JSON.parse(result.stdout) as { file: string; diagnostics: { ruleId: string; range: { start: { line: number; character: number } }; message: string }[] }[];
  const found = reports.flatMap((report) =>
    report.diagnostics.filter((problem) => problem.ruleId === 'escalation-path').map((problem) => [report.file, problem.range.start.line, problem.range.start.character, problem.message]),
  );
  // modules/role/main.tf line 22 (21 from 0) is the trust statement's "sts:AssumeRole", which trusted_arns =
  // [aws_iam_user.ci.arn] opens to ci.
  assert.deepEqual(found, [
    [
      join(nested, 'modules', 'role', 'main.tf'),
      21,
      15,
      'User ci can become administrator: sts:AssumeRole of deployer. Narrow the statement that allows the first step, or cap the principal with a permissions boundary.',
    ],
  ]);
});
