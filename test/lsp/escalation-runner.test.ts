// EscalationRunner (server/src/lsp/escalation-runner.ts): the worker from the bundle (run `node esbuild.mjs` first)
// finds what the server's own thread finds, a waiting request is replaced by a newer one for the same template,
// and a worker that fails to start leaves the analysis to this thread with one log line.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfiguration } from '../../server/src/core/config/configuration';
import { prepareHostReaders } from '../../server/src/core/hosts/index';
import type { EscalationRequest } from '../../server/src/lsp/escalation-run';
import { EscalationRunner } from '../../server/src/lsp/escalation-runner';
import { ESCALATING_ROLES } from '../bench/template-bench';
import { serverBundle } from '../helpers/lsp-client';

const workerBundle = join(dirname(serverBundle), 'escalation-worker.js');

before(async () => {
  await prepareHostReaders();
});

class Log {
  readonly lines: string[] = [];
  info = (message: string) => this.lines.push(message);
  error = (message: string) => this.lines.push(`error: ${message}`);
}

const template = (uri: string, text = `Resources:\n${ESCALATING_ROLES}`): EscalationRequest => ({ key: uri, kind: 'cloudformation', files: [{ file: uri, text }], config: defaultConfiguration });

const module: EscalationRequest = {
  key: 'file:///tf/',
  kind: 'terraform',
  files: [
    {
      file: 'file:///tf/main.tf',
      text: `resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_user" "ci" {
  name = "ci"
}
resource "aws_iam_user_policy" "ci" {
  user   = aws_iam_user.ci.name
  name   = "launch"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }] })
}
`,
    },
  ],
  config: defaultConfiguration,
};

test('the worker finds what the server finds in its own thread, for a template and a Terraform module', async () => {
  const log = new Log();
  const worker = new EscalationRunner(workerBundle, log);
  const here = new EscalationRunner(undefined, log);
  try {
    for (const request of [template('file:///a.yaml'), module]) {
      const [found, expected] = await Promise.all([worker.run(request), here.run(request)]);
      assert.ok(expected && expected.problems.length === 1, 'one escalation path');
      assert.deepEqual(found, expected);
    }
    assert.equal(worker.stats().mode, 'worker');
    assert.equal(here.stats().mode, 'in-process');
    assert.deepEqual(log.lines, []);
  } finally {
    worker.dispose();
    here.dispose();
  }
  assert.equal(worker.stats().mode, 'stopped');
  assert.equal(await worker.run(template('file:///a.yaml')), undefined);
});

test('a request waiting for its turn is replaced by a newer one for the same template; the others run in order', async () => {
  const runner = new EscalationRunner(undefined, new Log());
  const done: string[] = [];
  const ask = (name: string, request: EscalationRequest) => runner.run(request).then((found) => (done.push(`${name}: ${found ? found.problems.length : 'replaced'}`), found));
  const narrowed = `Resources:\n${ESCALATING_ROLES.replace('Action: iam:PassRole', 'Action: iam:GetRole')}`;
  const runs = [
    ask('a, first', template('file:///a.yaml')),
    ask('b', template('file:///b.yaml')),
    ask('a, second', template('file:///a.yaml', `# edited\nResources:\n${ESCALATING_ROLES}`)),
    ask('a, third', template('file:///a.yaml', narrowed)),
  ];
  await Promise.all(runs);
  // The first was under way when the others came; the second waited, and the third took its place.
  assert.deepEqual(done, ['a, second: replaced', 'a, first: 1', 'b: 1', 'a, third: 0']);
  assert.deepEqual(runner.stats(), { mode: 'in-process', started: 3, finished: 3, superseded: 1, running: false });
  runner.dispose();
});

test('a worker that fails to start leaves the analysis to this thread, with one log line', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iam-policy-worker-'));
  const broken = join(folder, 'escalation-worker.js');
  writeFileSync(broken, "throw new Error('the catalog is missing');\n");
  const log = new Log();
  const runner = new EscalationRunner(broken, log);
  try {
    const [first, second] = await Promise.all([runner.run(template('file:///a.yaml')), runner.run(template('file:///b.yaml'))]);
    assert.equal(first?.problems.length, 1);
    assert.equal(second?.problems.length, 1);
    assert.equal(runner.stats().mode, 'in-process');
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^The escalation analysis runs in the language server's own thread \(the worker could not be used: it failed: the catalog is missing\)\.$/);
  } finally {
    runner.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a request that cannot be copied to the worker is analysed in this thread, and the worker goes on', async () => {
  const log = new Log();
  const runner = new EscalationRunner(workerBundle, log);
  try {
    // A function cannot cross to a worker (structured clone); no caller sends one, but the runner must not stall.
    const uncopyable = { ...template('file:///a.yaml'), config: { ...defaultConfiguration, toString: () => 'configuration' } };
    assert.equal((await runner.run(uncopyable))?.problems.length, 1);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^error: Escalation analysis of file:\/\/\/a\.yaml could not be sent to the worker: /);
    assert.equal((await runner.run(template('file:///b.yaml')))?.problems.length, 1);
    assert.deepEqual(runner.stats(), { mode: 'worker', started: 2, finished: 2, superseded: 0, running: false });
  } finally {
    runner.dispose();
  }
});

test('an idle worker is stopped, and the next request starts another', async () => {
  const log = new Log();
  const runner = new EscalationRunner(workerBundle, log, 20);
  try {
    const first = await runner.run(template('file:///a.yaml'));
    assert.equal(runner.stats().mode, 'worker');
    for (let i = 0; i < 500 && runner.stats().mode === 'worker'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(runner.stats().mode, 'idle');
    assert.deepEqual(await runner.run(template('file:///a.yaml')), first);
    assert.equal(runner.stats().mode, 'worker');
    assert.deepEqual(log.lines, []);
  } finally {
    runner.dispose();
  }
});
