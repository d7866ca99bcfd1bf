// Evaluator throughput: decisions per second in process (compiled policies, explain off and on), and cases per
// second through `iam-policy simulate --batch`, next to the time JSON.parse alone takes for the same lines.
// The lead calls `benchEvaluator()` from bench.ts; run alone with `node --import tsx test/bench/evaluator-bench.ts`.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import * as sources from '../../server/src/core/evaluator/index';
import type { EvaluationRequest, PolicySetInput } from '../../server/src/core/evaluator/types';
import { median, ms, row } from './stats';

const root = join(__dirname, '..', '..');
const account = '111122223333';
const other = '444455556666';

/** A deterministic pseudo-random generator, so every run measures the same corpus. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const statement = (fields: Record<string, unknown>) => fields;

/** Policies with the shapes real accounts have: wildcards, conditions of every family, variables, denies. */
export function benchPolicies(variant = 0): Record<string, unknown> {
  const bucket = `data-${variant}`;
  const identity = [
    {
      Version: '2012-10-17',
      Statement: [
        statement({ Sid: 'ReadData', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }),
        statement({ Sid: 'OwnHome', Effect: 'Allow', Action: 's3:*Object', Resource: `arn:aws:s3:::${bucket}/home/\${aws:username}/*` }),
        statement({
          Sid: 'TeamTables',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
          Resource: `arn:aws:dynamodb:*:${account}:table/*`,
          Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' }, 'ForAllValues:StringLike': { 'dynamodb:Attributes': ['id', 'name', 'team-*'] } },
        }),
        statement({
          Sid: 'Instances',
          Effect: 'Allow',
          Action: 'ec2:*Instances',
          Resource: `arn:aws:ec2:us-*:${account}:instance/*`,
          Condition: { StringEqualsIgnoreCase: { 'aws:ResourceTag/env': ['dev', 'test'] } },
        }),
      ],
    },
    {
      Version: '2012-10-17',
      Statement: [
        statement({ Sid: 'Logs', Effect: 'Allow', Action: 'logs:*', Resource: `arn:aws:logs:*:${account}:log-group:/app/*` }),
        statement({
          Sid: 'Queues',
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
          Resource: `arn:aws:sqs:*:${account}:app-?-queue`,
          Condition: { NumericLessThanEquals: { 'sqs:MaxMessages': '10' } },
        }),
        statement({
          Sid: 'Keys',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['app', 'tenant'] } },
        }),
        statement({
          Sid: 'Office',
          Effect: 'Allow',
          NotAction: ['iam:*', 'organizations:*'],
          Resource: '*',
          Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      ],
    },
    {
      Version: '2012-10-17',
      Statement: [
        statement({
          Sid: 'NoDeletes',
          Effect: 'Deny',
          Action: ['s3:DeleteBucket', 'dynamodb:DeleteTable', 'ec2:TerminateInstances'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        }),
        statement({ Sid: 'TlsOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        statement({ Sid: 'Expiry', Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2031-01-01T00:00:00Z' } } }),
      ],
    },
  ];
  const resource = {
    Version: '2012-10-17',
    Statement: [
      statement({
        Sid: 'Partners',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${other}:root`, `arn:aws:iam::${account}:role/reader`] },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      }),
      statement({
        Sid: 'Orgs',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `arn:aws:s3:::${bucket}/private/*`,
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' }, ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/admin-*` } },
      }),
    ],
  };
  const boundary = { Version: '2012-10-17', Statement: [statement({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'ec2:*', 'logs:*', 'sqs:*', 'kms:*'], Resource: '*' })] };
  const scps = [
    [{ Version: '2012-10-17', Statement: [statement({ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' })] }],
    [
      {
        Version: '2012-10-17',
        Statement: [
          statement({ Effect: 'Allow', Action: '*', Resource: '*' }),
          statement({
            Sid: 'Regions',
            Effect: 'Deny',
            NotAction: ['iam:*', 'sts:*', 'organizations:*'],
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2', 'eu-west-1'] } },
          }),
        ],
      },
    ],
  ];
  const rcps = [
    [
      {
        Version: '2012-10-17',
        Statement: [statement({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team'] } } })],
      },
    ],
  ];
  return { identity, resource: variant % 2 === 0 ? resource : null, permissionsBoundary: variant % 3 === 0 ? boundary : null, scps, rcps, session: null };
}

const actions = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteBucket',
  's3:GetBucketPolicy',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:DeleteTable',
  'ec2:StartInstances',
  'ec2:StopInstances',
  'ec2:TerminateInstances',
  'ec2:DescribeInstances',
  'logs:PutLogEvents',
  'logs:CreateLogStream',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'iam:CreateUser',
  'sts:AssumeRole',
  'lambda:InvokeFunction',
  'sns:Publish',
];

function resourceFor(action: string, random: () => number, bucket: string): string {
  const n = Math.floor(random() * 1000);
  switch (action.split(':')[0]) {
    case 's3':
      return action === 's3:ListBucket' || action === 's3:DeleteBucket' || action === 's3:GetBucketPolicy'
        ? `arn:aws:s3:::${random() < 0.8 ? bucket : 'other-bucket'}`
        : `arn:aws:s3:::${random() < 0.8 ? bucket : 'other-bucket'}/${['home/alice', 'home/bob', 'private', 'public/reports'][n % 4]}/file-${n}.csv`;
    case 'dynamodb':
      return `arn:aws:dynamodb:${['us-east-1', 'eu-west-1'][n % 2]}:${random() < 0.9 ? account : other}:table/orders-${n % 17}`;
    case 'ec2':
      return `arn:aws:ec2:${['us-east-1', 'us-west-2', 'ap-south-1'][n % 3]}:${account}:instance/i-${n.toString(16).padStart(8, '0')}`;
    case 'logs':
      return `arn:aws:logs:us-east-1:${account}:log-group:${n % 3 ? '/app/web' : '/infra/db'}:log-stream:s-${n}`;
    case 'sqs':
      return `arn:aws:sqs:us-east-1:${account}:app-${'abc'[n % 3]}-queue`;
    case 'kms':
      return `arn:aws:kms:us-east-1:${account}:key/${n}-abcd`;
    case 'sts':
      return `arn:aws:iam::${account}:role/deploy`;
    default:
      return n % 2 ? '*' : `arn:aws:lambda:us-east-1:${account}:function:fn-${n}`;
  }
}

/** Varied requests: principals of every kind, several accounts, contexts that exercise every condition family. */
export function benchRequests(count: number, seed = 1, bucket = 'data-0'): EvaluationRequest[] {
  const random = randomFrom(seed);
  const principals = [
    `arn:aws:iam::${account}:user/alice`,
    `arn:aws:iam::${account}:user/bob`,
    `arn:aws:sts::${account}:assumed-role/reader/session-1`,
    `arn:aws:sts::${account}:assumed-role/admin-ops/session-2`,
    `arn:aws:iam::${other}:user/partner`,
  ];
  const requests: EvaluationRequest[] = [];
  for (let i = 0; i < count; i++) {
    const action = actions[Math.floor(random() * actions.length)];
    const principal = principals[Math.floor(random() * principals.length)];
    const user = principal.slice(principal.lastIndexOf('/') + 1);
    const context: Record<string, string | number | boolean | string[]> = {
      'aws:username': user,
      'aws:SecureTransport': random() < 0.9,
      'aws:SourceIp': random() < 0.5 ? `203.0.113.${Math.floor(random() * 255)}` : random() < 0.5 ? `198.51.100.${Math.floor(random() * 255)}` : '2001:db8::1',
      'aws:RequestedRegion': ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'][Math.floor(random() * 4)],
      'aws:CurrentTime': '2025-06-01T12:00:00Z',
      'aws:PrincipalTag/team': ['red', 'blue'][Math.floor(random() * 2)],
      'aws:ResourceTag/team': ['red', 'blue'][Math.floor(random() * 2)],
      'aws:ResourceTag/env': ['dev', 'PROD', 'Test'][Math.floor(random() * 3)],
      'aws:MultiFactorAuthPresent': random() < 0.7,
      'aws:PrincipalArn': principal.includes(':assumed-role/') ? `arn:aws:iam::${account}:role/${principal.split('/')[1]}` : principal,
    };
    if (random() < 0.5) context['aws:PrincipalOrgID'] = 'o-abc123';
    if (action.startsWith('dynamodb:')) context['dynamodb:Attributes'] = random() < 0.7 ? ['id', 'team-a'] : ['id', 'secret'];
    if (action.startsWith('sqs:')) context['sqs:MaxMessages'] = String(Math.floor(random() * 20));
    if (action.startsWith('kms:')) context['kms:EncryptionContextKeys'] = random() < 0.5 ? ['app'] : ['other'];
    if (action === 'sts:AssumeRole') context['aws:TagKeys'] = random() < 0.5 ? ['team'] : ['team', 'cost'];
    requests.push({ principal, action, resource: resourceFor(action, random, bucket), context });
  }
  return requests;
}

function policySet(policies: Record<string, unknown>): PolicySetInput {
  const text = (policy: unknown) => JSON.stringify(policy);
  return {
    identity: (policies.identity as unknown[]).map(text),
    resource: policies.resource ? text(policies.resource) : null,
    permissionsBoundary: policies.permissionsBoundary ? text(policies.permissionsBoundary) : null,
    scps: (policies.scps as unknown[][]).map((level) => level.map(text)),
    rcps: (policies.rcps as unknown[][]).map((level) => level.map(text)),
  };
}

function decisionsPerSecond(requests: EvaluationRequest[], run: (request: EvaluationRequest) => void, runs: number): number {
  for (let i = 0; i < Math.min(requests.length, 2000); i++) run(requests[i]);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (const request of requests) run(request);
    samples.push((requests.length / (performance.now() - start)) * 1000);
  }
  return median(samples);
}

function rate(value: number, unit: string): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M ${unit}` : `${Math.round(value / 1000)} k ${unit}`;
}

type Evaluator = Pick<typeof sources, 'compilePolicies' | 'evaluate'>;

/**
 * The evaluator as it ships: bundled by esbuild into one scope, like dist/cli.js and dist/server.js. Loaded from
 * the TypeScript sources through tsx, every cross-module call goes through an export getter, which costs about
 * half the throughput; both are measured.
 */
function bundledEvaluator(dir: string): Evaluator {
  const outfile = join(dir, 'evaluator.js');
  esbuild.buildSync({
    entryPoints: [join(root, 'server', 'src', 'core', 'evaluator', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    define: { __dirname: JSON.stringify(join(root, 'dist')) },
  });
  return require(outfile) as Evaluator;
}

export function benchEvaluatorInProcess(): void {
  console.log('\nPolicy evaluator (in process, single thread)');
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-evaluator-'));
  try {
    const bundled = bundledEvaluator(dir);
    const texts = policySet(benchPolicies(0));
    const requests = benchRequests(20_000);
    const counts: Record<string, number> = {};
    const compiledSources = sources.compilePolicies(texts);
    if (compiledSources.errors.length > 0) throw new Error(compiledSources.errors[0].message);
    for (const request of requests) {
      const result = sources.evaluate(request, compiledSources, { explain: false });
      counts[result.decision!] = (counts[result.decision!] ?? 0) + 1;
    }
    const policies = [...compiledSources.identity, compiledSources.resource!, compiledSources.permissionsBoundary!, ...compiledSources.scps.flat(), ...compiledSources.rcps.flat()];
    const statements = policies.reduce((n, p) => n + p.statements.length, 0);
    const mix = Object.entries(counts)
      .map(([decision, n]) => `${decision} ${Math.round((n / requests.length) * 100)}%`)
      .join(', ');
    for (const [label, evaluator] of [
      ['bundled (as shipped)', bundled],
      ['sources via tsx', sources],
    ] as const) {
      const compiled = evaluator.compilePolicies(texts);
      const fast = decisionsPerSecond(requests, (request) => evaluator.evaluate(request, compiled, { explain: false }), 9);
      const note = label.startsWith('bundled')
        ? `median of 9; target ≥ 200 k/s; ${statements} statements in ${policies.length} policies, ${requests.length} varied requests: ${mix}`
        : 'median of 9; tsx adds an export getter to every cross-module call';
      row(`explain off, ${label}`, rate(fast, 'decisions/s'), note);
    }
    const compiled = bundled.compilePolicies(texts);
    const explained = decisionsPerSecond(requests.slice(0, 5000), (request) => bundled.evaluate(request, compiled), 5);
    row('explain on, bundled', rate(explained, 'decisions/s'), 'median of 5; every statement of every policy, with why it did not apply');
    const compileTimes: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      bundled.compilePolicies(texts);
      compileTimes.push(performance.now() - start);
    }
    row('compilePolicies for that set (median of 15)', ms(median(compileTimes)), 'parse, blocking lint rules, compile; once per set');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchEvaluatorBatch(lines = 100_000): void {
  console.log(`\nPolicy evaluator through \`iam-policy simulate --batch\` (${Math.round(lines / 1000)} k lines)`);
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-batch-'));
  try {
    const input = join(dir, 'cases.jsonl');
    const variants = Array.from({ length: 12 }, (_, v) => benchPolicies(v));
    const requests = benchRequests(lines, 7);
    const text = requests.map((request, i) => JSON.stringify({ id: `c${i}`, policies: variants[i % variants.length], request })).join('\n') + '\n';
    writeFileSync(input, text);
    const size = Buffer.byteLength(text);
    const parseTimes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      const data = readFileSync(input, 'utf8');
      let from = 0;
      for (let end = data.indexOf('\n'); end >= 0; end = data.indexOf('\n', from)) {
        JSON.parse(data.slice(from, end));
        from = end + 1;
      }
      parseTimes.push(performance.now() - start);
    }
    const parse = median(parseTimes);
    const batchTimes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const fd = openSync(input, 'r');
      const start = performance.now();
      const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'simulate', '--batch'], { stdio: [fd, 'pipe', 'pipe'], maxBuffer: 1 << 30 });
      batchTimes.push(performance.now() - start);
      closeSync(fd);
      const out = result.stdout.toString();
      if (result.status !== 0 || out.split('\n').length - 1 !== lines) throw new Error(`batch failed: ${result.status} ${result.stderr}`);
    }
    const batch = median(batchTimes);
    row('input', `${(size / 1e6).toFixed(1)} MB`, `${lines} lines, 12 distinct policy sets of ${(size / lines / 1024).toFixed(1)} KB per line`);
    row('--batch, process start to last line', rate((lines / batch) * 1000, 'cases/s'), `median of 3: ${ms(batch)}, ${(batch / parse).toFixed(2)}× the JSON.parse baseline below`);
    row('baseline: read + JSON.parse of each line', rate((lines / parse) * 1000, 'lines/s'), `median of 5: ${ms(parse)}, in process`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Called by bench.ts. */
export async function benchEvaluator(): Promise<void> {
  benchEvaluatorInProcess();
  benchEvaluatorBatch();
}

if (require.main === module) {
  benchEvaluator().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
