import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dist/cli.js keeps V8's code cache of dist/cli-commands.js in $XDG_CACHE_HOME/iam-policy-author. A cache is only ever
// a saving: whatever state it is in, the command prints the same and exits alike.

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, IAM_POLICY_NO_CACHE: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-launcher-'));
  const file = join(dir, 'p.json');
  writeFileSync(file, policy);
  const lint = ['lint', file, '--format', 'json'];
  const expected = run(lint, { IAM_POLICY_NO_CACHE: '1', XDG_CACHE_HOME: join(dir, 'unused') });
  assert.equal(expected.status, 0, expected.stderr);
  assert.match(expected.stdout, /wildcard-resource/);
  return { dir, lint, expected };
}

const cacheFiles = (cache: string) => {
  try {
    return readdirSync(join(cache, 'iam-policy-author')).filter((name) => name.endsWith('.v8cache'));
  } catch {
    return [];
  }
};

test('a first run writes the cache, the next reads it, both print the same; each set of V8 flags has its own', () => {
  const { dir, lint, expected } = setUp();
  const cache = join(dir, 'cache');
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  assert.equal(cacheFiles(cache).length, 1);
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  assert.equal(run(['--version'], { XDG_CACHE_HOME: cache }).status, 0);
  assert.equal(cacheFiles(cache).length, 2);
});

test('IAM_POLICY_NO_CACHE=1 neither reads nor writes a cache', () => {
  const { dir, lint, expected } = setUp();
  const cache = join(dir, 'cache');
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache, IAM_POLICY_NO_CACHE: '1' }), expected);
  assert.deepEqual(cacheFiles(cache), []);
});

test('a damaged cache is refused and written anew; a cache that cannot be written is done without', () => {
  const { dir, lint, expected } = setUp();
  const cache = join(dir, 'cache');
  run(lint, { XDG_CACHE_HOME: cache });
  const [name] = cacheFiles(cache);
  const path = join(cache, 'iam-policy-author', name);
  const garbage = Buffer.alloc(4096, 7);
  writeFileSync(path, garbage);
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  assert.notDeepEqual(readFileSync(path), garbage);
  // The cache folder's parent is a file: nothing can be written there.
  const blocked = join(dir, 'a-file');
  writeFileSync(blocked, '');
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: blocked }), expected);
});

test("writing a cache removes other bundles' caches not written for a week and day-old partial files, and keeps the rest", () => {
  const { dir, lint, expected } = setUp();
  const cache = join(dir, 'cache');
  const folder = join(cache, 'iam-policy-author');
  mkdirSync(folder, { recursive: true });
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  const place = (name: string, days: number) => {
    writeFileSync(join(folder, name), 'old');
    utimesSync(join(folder, name), daysAgo(days), daysAgo(days));
  };
  place('cli-00000000000000000000000000000000.v8cache', 30); // the one-key names of earlier versions
  place('cli-0000000000000000-0000000000000000.v8cache', 8);
  place('cli-1111111111111111-0000000000000000.v8cache', 6); // another install, used this week
  place('cli-1111111111111111-0000000000000000.v8cache.123.tmp', 2);
  place('cli-2222222222222222-0000000000000000.v8cache.456.tmp', 0.5);
  place('notes.txt', 30);
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  const left = readdirSync(folder).sort();
  const written = left.filter((name) => /^cli-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/.test(name) && !name.startsWith('cli-1111'));
  assert.equal(written.length, 1, left.join(', '));
  assert.deepEqual(left, [...written, 'cli-1111111111111111-0000000000000000.v8cache', 'cli-2222222222222222-0000000000000000.v8cache.456.tmp', 'notes.txt'].sort());
  // This bundle's cache of another command is its own, however old: a run that writes one keeps the other.
  const [own] = written;
  utimesSync(join(folder, own), daysAgo(30), daysAgo(30));
  assert.equal(run(['--version'], { XDG_CACHE_HOME: cache }).status, 0);
  assert.ok(readdirSync(folder).includes(own));
  assert.equal(cacheFiles(cache).length, 3);
});

test("a run that reads a template keeps a cache of the YAML parser too, beside the bundle's, and prints the same with it", () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-launcher-'));
  const template = join(dir, 'stack.yaml');
  writeFileSync(
    template,
    [
      'Resources:',
      '  Reader:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - { Effect: allow, Action: s3:GetObject, Resource: "*" }',
      '',
    ].join('\n'),
  );
  const lint = ['lint', template, '--format', 'json'];
  const expected = run(lint, { IAM_POLICY_NO_CACHE: '1', XDG_CACHE_HOME: join(dir, 'unused') });
  assert.equal(expected.status, 1, expected.stderr);
  assert.match(expected.stdout, /effect-value/);
  const cache = join(dir, 'cache');
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  const names = cacheFiles(cache).sort();
  assert.equal(names.length, 2, names.join(', '));
  assert.match(names[0], /^cli-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  assert.match(names[1], /^cli\.cli-yaml-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
  assert.deepEqual(run(lint, { XDG_CACHE_HOME: cache }), expected);
  // A JSON policy needs no YAML parser: its run neither reads nor writes that cache.
  const policyFile = join(dir, 'p.json');
  writeFileSync(policyFile, policy);
  const other = join(dir, 'other-cache');
  assert.equal(run(['lint', policyFile], { XDG_CACHE_HOME: other }).status, 0);
  assert.deepEqual(
    cacheFiles(other).map((name) => name.split('-')[0]),
    ['cli'],
  );
});
