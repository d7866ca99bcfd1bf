import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../../server/src/cli/main';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-policy-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// version-missing (warning) and effect-value (error) on statement "Read".
const policy = '{"Statement": [{"Sid": "Read", "Effect": "allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}';
const rulesOf = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ').slice(1, 3).join(' '));

test('lint reads the nearest .iam-policy.json above each file; --rule wins over it', () => {
  const dir = workspace({
    '.iam-policy.json': '{"rules": {"version-missing": "off"}}',
    'team/.iam-policy.json': '{"rules": {"effect-value": "warning"}}',
    'a.json': policy,
    'team/b.json': policy,
  });
  assert.deepEqual(rulesOf(runCli(['lint', join(dir, 'a.json')]).stdout), ['error effect-value']);
  // The nearest file applies alone, as in the editor: team/ does not inherit the root's rules.
  assert.deepEqual(rulesOf(runCli(['lint', join(dir, 'team/b.json')]).stdout), ['info version-missing', 'warning effect-value']);
  assert.deepEqual(rulesOf(runCli(['lint', '--rule', 'effect-value=off', join(dir, 'team/b.json')]).stdout), ['info version-missing']);
});

test('lint applies policy types, files, exclusions and suppressions from the configuration file', () => {
  const dir = workspace({
    '.iam-policy.json': JSON.stringify({
      policyTypes: { 'trust/*.json': 'trust' },
      files: ['extra/*.txt'],
      exclude: ['fixtures/**'],
      suppressions: { 'app/*.json': [{ rule: 'effect-value', statement: 'Read' }, 'version-missing'] },
    }),
    'trust/role.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    'extra/notes.txt': '{"Version": "2012-10-17"}',
    'fixtures/bad.json': policy,
    'app/p.json': policy,
  });
  const result = runCli(['lint', '--format', 'json', dir]);
  const files = (JSON.parse(result.stdout) as { file: string; diagnostics: { ruleId: string }[] }[]).map((f) => [relative(dir, f.file), f.diagnostics.map((d) => d.ruleId)]);
  assert.deepEqual(files, [
    ['app/p.json', []],
    ['extra/notes.txt', ['statement-missing']],
    ['trust/role.json', ['principal-missing', 'trust-policy-elements', 'trust-policy-elements']],
  ]);
});

test('--config uses one configuration file for every file', () => {
  const dir = workspace({ '.iam-policy.json': '{"rules": {"effect-value": "off"}}', 'ci.json': '{"rules": {"version-missing": "off"}}', 'a.json': policy });
  assert.deepEqual(rulesOf(runCli(['lint', '--config', join(dir, 'ci.json'), join(dir, 'a.json')]).stdout), ['error effect-value']);
  const missing = runCli(['lint', '--config', join(dir, 'nope.json'), join(dir, 'a.json')]);
  assert.equal(missing.exitCode, 2);
  assert.equal(missing.stderr, `${join(dir, 'nope.json')}: error: cannot read the configuration file.\n`);
});

test('a bad configuration file is a clear error at its place, exit code 2, and nothing is linted', () => {
  const dir = workspace({ '.iam-policy.json': '{\n  "rules": {"wildcard-resourse": "off"}\n}', 'a.json': policy });
  const result = runCli(['lint', join(dir, 'a.json')]);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stdout, '');
  const configPath = relative('.', join(dir, '.iam-policy.json'));
  assert.equal(
    result.stderr,
    `${configPath}:2:13: error config-invalid Unknown rule "wildcard-resourse". Rule ids are listed in the README.\niam-policy: fix the configuration file above; nothing was linted.\n`,
  );
  const broken = workspace({ '.iam-policy.json': '{"rules": ', 'a.json': policy });
  const syntax = runCli(['lint', join(broken, 'a.json')]);
  assert.equal(syntax.exitCode, 2);
  assert.match(syntax.stderr!, /\.iam-policy\.json:1:11: error config-invalid The configuration is not valid JSON/);
});

test('the configuration file itself is never linted as a policy, even though its name ends in .iam-policy.json', () => {
  const dir = workspace({ '.iam-policy.json': '{"rules": {}}', 'a.json': policy });
  const result = runCli(['lint', '--format', 'json', dir]);
  assert.deepEqual(
    (JSON.parse(result.stdout) as { file: string }[]).map((f) => relative(dir, f.file)),
    ['a.json'],
  );
  const named = runCli(['lint', '--format', 'json', join(dir, '.iam-policy.json')]);
  assert.equal((JSON.parse(named.stdout) as { skipped: string }[])[0].skipped, 'the iam-policy configuration file; skipped');
});
