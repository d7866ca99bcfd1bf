import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../server/src/cli/main';
import { parseContext, runBatch } from '../../server/src/cli/simulate';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-simulate-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const alice = 'arn:aws:iam::111122223333:user/alice';
const home = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOwnHome",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::home/\${aws:username}/*"
    },
    {
      "Sid": "DenyWithoutTls",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
`;
const allowAll = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}';
const ec2Only = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}';

// ---------------------------------------------------------------------------------------------
// iam-policy simulate
// ---------------------------------------------------------------------------------------------

test('simulate prints the decision, the reason, the deciding statement and every policy, and exits 0 when allowed', () => {
  const dir = workspace({ 'home.json': home });
  const file = join(dir, 'home.json');
  const result = runCli(['simulate', '--policy', file, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::home/alice/a.txt', '--principal', alice, '--context', 'aws:SecureTransport=true']);
  assert.equal(result.exitCode, 0);
  assert.equal(
    result.stdout,
    [
      `Allowed: s3:GetObject on arn:aws:s3:::home/alice/a.txt by ${alice}`,
      `Allowed by identity-based policy 1 "${file}", and nothing denies it.`,
      'Decided by:',
      `  ${file}:4:5: Allow statement 1 "ReadOwnHome"`,
      'Request: user principal, same account (111122223333).',
      'Policies:',
      `  identity-based policy 1 "${file}": Allow`,
      `    ${file}:4:5: Allow statement 1 "ReadOwnHome" applies`,
      `    ${file}:15:30: Deny statement 2 "DenyWithoutTls" does not apply: Condition Bool "aws:SecureTransport": the request value does not match`,
      '',
    ].join('\n'),
  );
});

test('simulate exits 1 when denied and says which element of each statement failed', () => {
  const dir = workspace({ 'home.json': home });
  const file = join(dir, 'home.json');
  const result = runCli(['simulate', '--policy', file, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::home/bob/a.txt', '--principal', alice, '--context', 'aws:SecureTransport=true']);
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /^ImplicitlyDenied: /);
  assert.match(result.stdout, /No statement of the identity-based policies allows the request/);
  assert.ok(result.stdout.includes(`${file}:8:7: Allow statement 1 "ReadOwnHome" does not apply: Resource does not match arn:aws:s3:::home/bob/a.txt`));
  const denied = runCli(['simulate', '--policy', file, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::home/alice/a.txt', '--principal', alice, '--context', 'aws:SecureTransport=false']);
  assert.equal(denied.exitCode, 1);
  assert.match(denied.stdout, /^ExplicitlyDenied: /);
  assert.ok(denied.stdout.includes(`Decided by:\n  ${file}:10:5: Deny statement 2 "DenyWithoutTls"\n`));
});

test('simulate derives aws:username from the principal unless --no-derive', () => {
  const dir = workspace({ 'home.json': home });
  const args = ['simulate', '--policy', join(dir, 'home.json'), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::home/alice/a.txt', '--principal', alice];
  assert.equal(runCli(args).exitCode, 0);
  const literal = runCli([...args, '--no-derive']);
  assert.equal(literal.exitCode, 1);
  assert.match(literal.stdout, /\$\{aws:username\} has no value in the request/);
});

test('simulate --json prints the request and the whole result', () => {
  const dir = workspace({ 'p.json': allowAll });
  const result = runCli(['simulate', '--json', '--policy', join(dir, 'p.json'), '--action', 's3:GetObject', '--resource', '*', '--principal', alice, '--no-derive']);
  assert.equal(result.exitCode, 0);
  const json = JSON.parse(result.stdout);
  assert.equal(json.decision, 'Allowed');
  assert.equal(json.request.principal, alice);
  assert.equal(json.reason.code, 'identity-policy-allows');
  assert.equal(json.explanation.policies[0].policy.name, join(dir, 'p.json'));
});

test('simulate takes SCP levels, a resource policy, a boundary and a session policy', () => {
  const bucket = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${alice}"}, "Action": "s3:*", "Resource": "*"}]}`;
  const dir = workspace({ 'all.json': allowAll, 'ec2.json': ec2Only, 'bucket.json': bucket });
  const base = ['simulate', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k', '--principal', alice];
  assert.equal(runCli([...base, '--resource-policy', join(dir, 'bucket.json'), '--boundary', join(dir, 'ec2.json')]).exitCode, 0);
  const scp = runCli([...base, '--resource-policy', join(dir, 'bucket.json'), '--scp', join(dir, 'all.json'), '--scp', `${join(dir, 'ec2.json')},${join(dir, 'ec2.json')}`]);
  assert.equal(scp.exitCode, 1);
  assert.match(scp.stdout, /No SCP at level 1 of the organisation allows the request/);
  assert.match(scp.stdout, /SCP level 1: no statement allows/);
  const session = runCli([
    'simulate',
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::b/k',
    '--principal',
    'arn:aws:sts::111122223333:assumed-role/app/s',
    '--policy',
    join(dir, 'all.json'),
    '--session-policy',
    join(dir, 'ec2.json'),
  ]);
  assert.equal(session.exitCode, 1);
  assert.match(session.stdout, /The session policy does not allow the request/);
  const rcp = runCli([...base, '--policy', join(dir, 'all.json'), '--rcp', join(dir, 'ec2.json')]);
  assert.equal(rcp.exitCode, 0);
  assert.match(rcp.stdout, /RCP level 0: allows \(RCPFullAWSAccess is implied\)/);
});

test('simulate exits 2 on bad input: usage, unreadable files, invalid policies', () => {
  const missing = runCli(['simulate', '--action', 's3:GetObject']);
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr!, /Name the resource with --resource/);
  // The mistake, then where the options are; not the whole help, which pushed the mistake off the screen.
  assert.equal(missing.stderr, 'iam-policy simulate: Name the resource with --resource ARN (or --resource "*").\nRun "iam-policy simulate --help" for its options.\n');
  const unreadable = runCli(['simulate', '--policy', '/nonexistent/p.json', '--action', 's3:GetObject', '--resource', '*']);
  assert.equal(unreadable.exitCode, 2);
  assert.match(unreadable.stderr!, /Cannot read \/nonexistent\/p.json \(ENOENT\)/);
  const dir = workspace({ 'bad.json': '{"Version": "2012-10-17",\n "Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}' });
  const invalid = runCli(['simulate', '--policy', join(dir, 'bad.json'), '--action', 's3:GetObject', '--resource', '*']);
  assert.equal(invalid.exitCode, 2);
  assert.equal(invalid.stderr, `${join(dir, 'bad.json')}:2:27: error effect-value Effect "allow" is not valid. Use "Allow" or "Deny".\n`);
  assert.equal(runCli(['simulate', '--context', 'novalue', '--action', 'a:b', '--resource', '*']).exitCode, 2);
  assert.equal(runCli(['simulate', '--batch', '--action', 's3:GetObject']).exitCode, 2);
  assert.equal(runCli(['simulate', '--help']).exitCode, 0);
});

test('--context values: text, JSON arrays, and repeated keys collected into a list', () => {
  assert.deepEqual(parseContext(['aws:SourceIp=203.0.113.7', 's3:max-keys=10', 'k=a=b', 'empty=']), { 'aws:SourceIp': '203.0.113.7', 's3:max-keys': '10', k: 'a=b', empty: '' });
  assert.deepEqual(parseContext(['aws:TagKeys=["env","team"]']), { 'aws:TagKeys': ['env', 'team'] });
  assert.deepEqual(parseContext(['aws:TagKeys=env', 'AWS:TAGKEYS=team', 'aws:TagKeys=["x"]']), { 'aws:TagKeys': ['env', 'team', 'x'] });
  assert.throws(() => parseContext(['k=[not json']), /not a JSON array/);
});

// ---------------------------------------------------------------------------------------------
// iam-policy test
// ---------------------------------------------------------------------------------------------

const scenario = `{
  "policies": {
    "identity": ["policies/home.json"],
    "scps": [[${allowAll}]]
  },
  "principal": "${alice}",
  "context": {"aws:SecureTransport": "true"},
  "tests": [
    {"name": "alice reads her home", "action": "s3:GetObject", "resource": "arn:aws:s3:::home/alice/a.txt", "expect": "Allowed"},
    {"name": "not bob's", "action": ["s3:GetObject", "s3:PutObject"], "resource": "arn:aws:s3:::home/bob/a.txt", "expect": "ImplicitlyDenied"},
    {"name": "TLS only", "action": "s3:GetObject", "resource": "arn:aws:s3:::home/alice/a.txt", "context": {"aws:SecureTransport": "false"}, "expect": "Denied"},
    {"name": "a session policy", "principal": "arn:aws:sts::111122223333:assumed-role/app/s", "action": "s3:GetObject", "resource": "*",
     "policies": {"identity": [${allowAll}], "session": ${ec2Only}}, "expect": "ImplicitlyDenied"}
  ]
}
`;

test('test passes when every expectation holds and prints a summary', () => {
  const dir = workspace({ 'policies/home.json': home, 'dev.iamtest.json': scenario });
  const result = runCli(['test', join(dir, 'dev.iamtest.json')]);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, '1 scenario file, 5 expectations: 0 failed.\n');
  assert.equal(result.exitCode, 0);
});

test('test prints each failing expectation with file:line:col of its entry and the deciding statement', () => {
  const failing = scenario.replace('"expect": "Denied"', '"expect": "Allowed"').replace('"expect": "ImplicitlyDenied"}', '"expect": "ExplicitlyDenied"}');
  const dir = workspace({ 'policies/home.json': home, 'dev.iamtest.json': failing });
  const file = join(dir, 'dev.iamtest.json');
  const result = runCli(['test', dir]);
  assert.equal(result.exitCode, 1);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(
    lines[0],
    `${file}:10:5: "not bob's" s3:GetObject on arn:aws:s3:::home/bob/a.txt by ${alice}: expected ExplicitlyDenied, got ImplicitlyDenied. No statement of the identity-based policies allows the request: implicitly denied.`,
  );
  assert.match(lines[2], new RegExp(`^${escape(file)}:11:5: "TLS only" s3:GetObject on arn:aws:s3:::home/alice/a.txt by ${escape(alice)}: expected Allowed, got ExplicitlyDenied\\.`));
  assert.match(lines[3], /^ {2}decided by .*policies\/home\.json:10:5: Deny statement 2 "DenyWithoutTls"$/);
  assert.equal(result.stderr, '1 scenario file, 5 expectations: 3 failed.\n');
});

test('test exits 2 on a bad scenario or an invalid policy, pointing at it', () => {
  const dir = workspace({
    'bad/shape.iamtest.json': '{"tests": [{"action": "s3:GetObject", "resource": "*", "expect": "Maybe"}]}',
    'bad/policy.iamtest.json': '{"policies": {"identity": ["p.json"]}, "tests": [{"action": "s3:GetObject", "resource": "*", "expect": "Allowed"}]}',
    'bad/p.json': '{"Statement": [{"Effect": "Allow", "Resource": "*"}]}',
    'bad/missing.iamtest.json': '{"policies": {"identity": ["nope.json"]}, "tests": []}',
  });
  const result = runCli(['test', join(dir, 'bad')]);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr!, /missing\.iamtest\.json:1:28: error cannot read policy file .*nope\.json \(ENOENT\)\./);
  assert.match(result.stderr!, /bad\/p\.json:1:16: error action-missing /);
  assert.match(result.stderr!, /shape\.iamtest\.json:1:66: error "expect" is one of Allowed, ExplicitlyDenied, ImplicitlyDenied, Denied; got "Maybe"\./);
  assert.equal(runCli(['test']).exitCode, 2);
  assert.equal(runCli(['test', join(dir, 'nothing-here')]).exitCode, 2);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// iam-policy simulate --batch
// ---------------------------------------------------------------------------------------------

const identity = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const batchLines = [
  {
    id: 'c1',
    policies: { identity: [identity], resource: null, permissionsBoundary: null, scps: [], rcps: [], session: null },
    request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:TagKeys': ['a', 'b'] } },
  },
  { id: 'c2', policies: { identity: [identity], scps: [[JSON.parse(ec2Only)]] }, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' } },
  { id: 3, policies: { identity: [{ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }, identity] }, request: { principal: alice, action: 's3:GetObject', resource: '*' } },
  { id: 'bad', policies: { identity: [{ Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }] }, request: { action: 's3:GetObject', resource: '*' } },
  { id: 'cross', policies: { identity: [identity] }, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: '444455556666' } },
];
const batchInput = `${batchLines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n\n{"id": "shape", "policies": [], "request": {}}\r\n`;
const batchOutput = [
  '{"id":"c1","decision":"Allowed"}',
  '{"id":"c2","decision":"ImplicitlyDenied"}',
  '{"id":3,"decision":"ExplicitlyDenied"}',
  '{"id":"bad","error":"identity-based policy 1: effect-value: Effect \\"allow\\" is not valid. Use \\"Allow\\" or \\"Deny\\"."}',
  '{"id":"cross","decision":"ImplicitlyDenied"}',
  `{"id":null,"error":"line 6: not valid JSON (${jsonError('not json')})."}`,
  '{"id":"shape","error":"\\"policies\\" must be an object of policies by type."}',
  '',
].join('\n');

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message.replace(/"/g, '\\"');
  }
  return '';
}

test('runBatch streams one line per case, in order, with errors in place', async () => {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  // Split the input at awkward places: lines cross chunk boundaries.
  const pieces = batchInput.match(/[\s\S]{1,37}/g)!;
  const summary = await runBatch(Readable.from(pieces), output);
  assert.equal(chunks.join(''), batchOutput);
  assert.deepEqual(summary, { cases: 7, errors: 3 });
});

test('runBatch finds the policies of a line whatever their text holds, and reuses them by that text', async () => {
  const tricky = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Braces', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/{x}"y"\\', Condition: { StringLike: { 's3:prefix': ['}]', '"policies": {'] } } }],
  };
  const request = (prefix: string) => ({ principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/{x}"y"\\', context: { 's3:prefix': prefix } });
  const lines = [
    JSON.stringify({ id: 1, policies: { identity: [tricky] }, request: request('}]') }),
    JSON.stringify({ request: request('"policies": {'), policies: { identity: [tricky] }, id: 2 }),
    JSON.stringify({ id: 3, policies: { identity: [tricky] }, request: request('other') }),
    `{"id": 4, "policies": {"identity": []}, "policies": ${JSON.stringify({ identity: [tricky] })}, "request": ${JSON.stringify(request('}]'))}}`,
    `{"id": 5, "policies": ${JSON.stringify({ identity: [tricky] })}, "request": {"action": "s3:GetObject", "resource": }}`,
    `{"id": 6, "policies": {"identity": []}, "request": ${JSON.stringify(request('}]'))}}`,
  ];
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  await runBatch(Readable.from([lines.join('\n')]), output);
  const results = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(results.slice(0, 4), [
    { id: 1, decision: 'Allowed' },
    { id: 2, decision: 'Allowed' },
    { id: 3, decision: 'ImplicitlyDenied' },
    { id: 4, decision: 'Allowed' },
  ]);
  assert.equal(results[4].id, null);
  assert.equal(results[4].error, `line 5: not valid JSON (${jsonError(lines[4]).replace(/\\"/g, '"')}).`);
  // The empty set of line 4 lost to its duplicate: it was not cached under its own text.
  assert.deepEqual(results[5], { id: 6, decision: 'ImplicitlyDenied' });
});

test('runBatch compiles repeated policies once and keeps its caches bounded', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `s3:Get${i % 50}`, Resource: '*' }] };
    lines.push(JSON.stringify({ id: i, policies: { identity: [policy] }, request: { principal: alice, action: `s3:Get${i % 7}`, resource: '*' } }));
  }
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  await runBatch(Readable.from([lines.join('\n')]), output, { sets: 8, policies: 16 });
  const decisions = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(decisions.length, 3000);
  decisions.forEach((line, i) => assert.deepEqual(line, { id: i, decision: i % 50 === i % 7 ? 'Allowed' : 'ImplicitlyDenied' }));
});

test('runBatch waits for a slow reader (backpressure)', async () => {
  const lines = Array.from({ length: 20000 }, (_, i) => JSON.stringify({ id: i, policies: { identity: [identity] }, request: { principal: alice, action: 's3:GetObject', resource: '*' } }));
  const output = new PassThrough({ highWaterMark: 1024 });
  let received = 0;
  const done = runBatch(Readable.from([lines.join('\n')]), output);
  // Read nothing for a while: the batch must wait for 'drain' instead of buffering everything.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(output.writableLength < 200_000, `buffered ${output.writableLength} bytes`);
  output.on('data', (chunk: Buffer) => (received += chunk.toString().split('\n').length - 1));
  await done;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(received, 20000);
});

before(() => {
  // The child-process tests run the bundle; rebuild it when a source file is newer.
  const newest = (dir: string): number => Math.max(...readdirSync(dir).map((name) => (statSync(join(dir, name)).isDirectory() ? newest(join(dir, name)) : statSync(join(dir, name)).mtimeMs)));
  let built = 0;
  try {
    built = statSync(cli).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newest(join(root, 'server', 'src'))) {
    const result = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  }
});

test('the bundled dist/cli.js runs --batch over standard input', async () => {
  const child = spawn(process.execPath, [cli, 'simulate', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stdin.end(batchInput);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stdout, batchOutput);
  assert.equal(code, 2);
});

test('the bundled dist/cli.js exits 0 on a clean batch and handles a large input', async () => {
  const lines = Array.from({ length: 50000 }, (_, i) =>
    JSON.stringify({ id: i, policies: { identity: [identity] }, request: { principal: alice, action: i % 2 ? 's3:GetObject' : 's3:PutObject', resource: `arn:aws:s3:::b/${i}` } }),
  );
  const child = spawn(process.execPath, [cli, 'simulate', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let count = 0;
  let allowed = 0;
  let rest = '';
  child.stdout.on('data', (chunk) => {
    const text = rest + chunk;
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      count++;
      if (part.endsWith('"Allowed"}')) allowed++;
    }
  });
  child.stdin.end(`${lines.join('\n')}\n`);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.equal(count, 50000);
  assert.equal(allowed, 25000);
});
